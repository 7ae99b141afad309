import { Duration, Testing } from 'cdk8s';
import {
  GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SealingScope, SecretSource, SecretStoreKind, ServiceAccount, TlsSecret,
} from '../../src/secrets';
import { validateManifests } from '../../src/validation';
import { sealedValue } from './sealed-value';

// ExternalSecret (external-secrets.io/v1), SealedSecret (bitnami.com/v1alpha1), Secret and ServiceAccount must pass their schemas.
test('every synthesized secret object passes its schema', () => {
  const chart = Testing.chart();
  const external = SecretSource.fromExternalSecret({
    store: 'vault', storeKind: SecretStoreKind.SECRET_STORE, key: 'k', version: '2', refreshInterval: Duration.minutes(5),
  });
  const registry = new RegistrySecret(chart, 'Reg', { registries: ['ghcr.io'], source: external });
  const git = new GitBasicAuthSecret(chart, 'Git', { gitHosts: ['github.com'], source: external });
  new GitSshSecret(chart, 'Ssh', {
    gitHosts: ['github.com'], metadata: { labels: { team: 'a' } },
    source: SecretSource.fromSealedSecret({ scope: SealingScope.CLUSTER_WIDE, encryptedData: { 'ssh-privatekey': sealedValue('key'), 'known_hosts': sealedValue('hosts') } }),
  });
  new TlsSecret(chart, 'Tls', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'tls', properties: { 'tls.crt': 'crt' } }) });
  new OpaqueSecret(chart, 'Opaque', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'app' }) });
  new OpaqueSecret(chart, 'Plain', { source: SecretSource.unsafePlaintext({ token: 'local-only' }) });
  new ServiceAccount(chart, 'Sa', { imagePullSecrets: [registry], buildCredentials: [git, registry] });
  const out = Testing.synth(chart);
  expect(out.map(o => o.kind)).toEqual(['ExternalSecret', 'ExternalSecret', 'SealedSecret', 'ExternalSecret', 'ExternalSecret', 'Secret', 'ServiceAccount']);
  expect(validateManifests(out)).toEqual([]);
});
