import { Testing } from 'cdk8s';
import { addIngressExample } from '../../examples/stack/ingress';
import { KnativeIngressMode } from '../../src/istio';

describe('ingress example', () => {
  test('Knative behind Istio with TLS from an ExternalSecret and STRICT mTLS, no plaintext', () => {
    const chart = Testing.chart();
    addIngressExample(chart, { namespaces: ['js-event-example', 'shop'], domain: 'apps.example.com' });
    const out = Testing.synth(chart);

    const cert = out.find(o => o.kind === 'ExternalSecret')!;
    expect(cert.metadata).toEqual({ name: 'knative-wildcard-tls', namespace: 'istio-system' });
    expect(cert.spec.data).toEqual([
      { secretKey: 'tls.crt', remoteRef: { key: 'tls/wildcard.apps.example.com', property: 'certificate' } },
      { secretKey: 'tls.key', remoteRef: { key: 'tls/wildcard.apps.example.com', property: 'private-key' } },
    ]);
    expect(cert.spec.target.template.type).toBe('kubernetes.io/tls');

    const gateway = out.find(o => o.kind === 'Gateway')!;
    expect(gateway.spec.servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'knative-wildcard-tls' });
    expect(gateway.spec.servers[1].tls).toEqual({ httpsRedirect: true });

    const peers = out.filter(o => o.kind === 'PeerAuthentication');
    expect(peers.map(p => [p.metadata.namespace, p.spec.mtls.mode])).toEqual([['js-event-example', 'STRICT'], ['shop', 'STRICT']]);
    const system = out.filter(o => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'allow-knative-system');
    expect(system.map(p => p.spec.rules[0].from[0].source.namespaces)).toEqual([
      ['knative-serving', 'istio-system', 'js-event-example', 'knative-eventing'],
      ['knative-serving', 'istio-system', 'shop', 'knative-eventing'],
    ]);
    const network = out.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'config-network')!;
    expect(network.data['default-external-scheme']).toBe('https');

    expect(out.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(out)).not.toMatch(/stringData|BEGIN [A-Z ]*PRIVATE KEY/);
  });

  test('via the operator only the mesh policies and the certificate are emitted', () => {
    const chart = Testing.chart();
    const { ingress } = addIngressExample(chart, { namespaces: ['shop'], domain: 'apps.example.com', viaOperator: true });
    expect(Testing.synth(chart).map(o => o.kind)).toEqual([
      'ExternalSecret', 'Namespace', 'Namespace', 'PeerAuthentication', 'AuthorizationPolicy', 'AuthorizationPolicy',
    ]);
    expect(ingress.mode).toBe(KnativeIngressMode.OPERATOR);
    expect(ingress.networkConfig['ingress-class']).toBe('istio.ingress.networking.knative.dev');
  });
});
