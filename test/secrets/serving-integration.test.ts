import { Testing } from 'cdk8s';
import { OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount, TlsSecret } from '../../src/secrets';
import { Service, Volume } from '../../src/serving';
import { sealedValue } from './sealed-value';

// Typed secrets and the ServiceAccount plug into the Serving constructs through cdk8s-plus ISecret / IServiceAccount.
test('a Knative Service reads env vars and files from typed secrets and runs as the ServiceAccount', () => {
  const chart = Testing.chart();
  const api = new OpaqueSecret(chart, 'Api', {
    metadata: { name: 'api-token', namespace: 'shop' }, keys: ['token'],
    source: SecretSource.fromExternalSecret({ store: 'vault', key: 'shop/api' }),
  });
  const tls = new TlsSecret(chart, 'Tls', { metadata: { namespace: 'shop' }, source: SecretSource.fromExisting('client-cert') });
  const registry = new RegistrySecret(chart, 'Registry', {
    metadata: { name: 'ghcr', namespace: 'shop' }, source: SecretSource.fromSealedSecret({ encryptedData: { '.dockerconfigjson': sealedValue('docker') } }),
  });
  const sa = new ServiceAccount(chart, 'Sa', { metadata: { name: 'shop', namespace: 'shop' }, imagePullSecrets: [registry] });
  new Service(chart, 'Shop', {
    metadata: { name: 'shop', namespace: 'shop' },
    serviceAccount: sa,
    container: {
      image: 'ghcr.io/example/shop:1.0',
      envVariables: { API_TOKEN: api.envValue('token') },
      volumeMounts: [{ volume: Volume.fromSecret('client-cert', tls), path: '/var/run/tls' }],
    },
  });
  const out = Testing.synth(chart);
  const pod = out.find(o => o.kind === 'Service')!.spec.template.spec;
  expect(pod.serviceAccountName).toBe('shop');
  expect(pod.containers[0].env).toEqual([{ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }]);
  expect(pod.volumes).toEqual([{ name: 'client-cert', secret: { secretName: 'client-cert' } }]);
  expect(out.find(o => o.kind === 'ServiceAccount')!.imagePullSecrets).toEqual([{ name: 'ghcr' }]);
  expect(out.filter(o => o.kind === 'Secret')).toEqual([]);
});

test('a Knative Service runs as an imported ServiceAccount: the reference check knows it, nothing is synthesized for it', () => {
  const chart = Testing.chart();
  new Service(chart, 'Shop', {
    metadata: { name: 'shop', namespace: 'shop' },
    serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Runner', 'shop-runner', { namespaceName: 'shop' }),
    container: { image: 'ghcr.io/example/shop:1.0' },
  });
  const out = Testing.synth(chart);
  expect(out.map(o => o.kind)).toEqual(['Service']);
  expect(out[0].spec.template.spec.serviceAccountName).toBe('shop-runner');
});
