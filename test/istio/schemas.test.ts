import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AuthorizationAction, AuthorizationPolicy, ClientTlsMode, DestinationRule, Gateway, GatewayProtocol, IngressTls, KnativeIngress,
  LoadBalancerAlgorithm, MtlsMode, PeerAuthentication, ServerTls, StringMatch, TlsVersion, VirtualService,
} from '../../src/istio';
import { SecretSource, TlsSecret } from '../../src/secrets';
import { validateManifests } from '../../src/validation';

// Every Istio object this module writes must pass the vendored CRD schemas (networking.istio.io/v1, security.istio.io/v1).
test('every synthesized Istio object passes the CRD schemas', () => {
  const chart = Testing.chart();
  const cert = new TlsSecret(chart, 'Cert', { metadata: { name: 'cert', namespace: 'istio-system' }, source: SecretSource.fromExisting('cert') });
  const gw = new Gateway(chart, 'Gw', { metadata: { name: 'gw', namespace: 'edge' } });
  gw.addHttpsServer({ hosts: ['*.example.com'], credential: cert, minProtocolVersion: TlsVersion.TLSV1_2 });
  gw.addHttpRedirectServer({ hosts: ['*'] });
  gw.addServer({ hosts: ['api.example.com'], port: 8443, protocol: GatewayProtocol.HTTPS,
    tls: ServerTls.mutual(cert, { caCertificate: kplus.Secret.fromSecretName(chart, 'Ca', 'ca'), subjectAltNames: ['client'] }) });
  gw.addServer({ hosts: ['db.example.com'], port: 5443, protocol: GatewayProtocol.TLS, tls: ServerTls.passthrough() });
  new VirtualService(chart, 'Vs', {
    metadata: { name: 'vs' }, hosts: ['shop.example.com'], gateways: [gw], includeMesh: true,
    http: [
      { name: 'api', match: [{ uri: StringMatch.regex('/api/.*'), method: StringMatch.exact('GET'), port: 443 }],
        destinations: [{ host: 'a', weight: 50, subset: 'v1' }, { host: 'b', port: 80, weight: 50 }],
        timeout: Duration.seconds(3), retries: { attempts: 2, perTryTimeout: Duration.seconds(1), retryOn: '5xx' } },
      { redirect: { uri: '/', authority: 'x.example.com', scheme: 'https', redirectCode: 302 } },
      { destinations: [{ host: 'c' }], rewrite: { uri: '/', authority: 'c' }, setRequestHeaders: { a: 'b' } },
    ],
  });
  new DestinationRule(chart, 'Dr', {
    metadata: { name: 'dr' }, host: 'a', tlsMode: ClientTlsMode.MUTUAL, credential: cert, sni: 'a.example.com',
    loadBalancer: LoadBalancerAlgorithm.ROUND_ROBIN, maxConnections: 10, http1MaxPendingRequests: 5, http2MaxRequests: 50,
    connectTimeout: Duration.millis(250), outlierDetection: { interval: Duration.seconds(5) },
    subsets: [{ name: 'v1', labels: { version: 'v1' } }], exportTo: ['.'],
  });
  new PeerAuthentication(chart, 'Pa', { metadata: { name: 'pa' }, selector: { app: 'a' }, portLevelMtls: [{ port: 9090, mtlsMode: MtlsMode.PERMISSIVE }] });
  new AuthorizationPolicy(chart, 'Ap', {
    metadata: { name: 'ap' }, action: AuthorizationAction.DENY,
    rules: [{ source: { notNamespaces: ['x'], principals: ['cluster.local/ns/a/sa/b'], ipBlocks: ['10.0.0.0/8'] },
      operation: { notPaths: ['/admin*'], methods: ['POST'], ports: [8080], hosts: ['a.example.com'] },
      when: [{ key: 'request.auth.claims[iss]', notValues: ['bad'] }] }],
  });
  new KnativeIngress(chart, 'Ingress', {
    domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(cert), appNamespaces: ['shop'],
    customDomains: [{ host: 'shop.example.org', certificate: cert }],
  });
  const out = Testing.synth(chart);
  expect(out.length).toBeGreaterThan(10);
  expect(validateManifests(out)).toEqual([]);
});
