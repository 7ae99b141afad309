import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Gateway, GatewayProtocol, gatewayName, ServerTls, TlsVersion } from '../../src/istio';
import { SecretSource, TlsSecret } from '../../src/secrets';

describe('Gateway', () => {
  test('HTTPS with a certificate and an HTTP redirect', () => {
    const chart = Testing.chart();
    const cert = new TlsSecret(chart, 'Cert', { metadata: { name: 'wildcard', namespace: 'istio-system' }, source: SecretSource.fromExisting('wildcard') });
    const gw = new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace: 'edge' } });
    gw.addHttpsServer({ hosts: ['*.example.com'], credential: cert, minProtocolVersion: TlsVersion.TLSV1_3 });
    gw.addHttpRedirectServer({ hosts: ['*'] });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'edge' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            hosts: ['*.example.com'],
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            tls: { mode: 'SIMPLE', credentialName: 'wildcard', minProtocolVersion: 'TLSV1_3' },
          },
          { hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' }, tls: { httpsRedirect: true } },
        ],
      },
    }]);
    expect(gatewayName(gw)).toBe('edge/public');
  });

  test('MUTUAL, ISTIO_MUTUAL and PASSTHROUGH servers', () => {
    const chart = Testing.chart();
    const cert = kplus.Secret.fromSecretName(chart, 'Cert', 'server-cert');
    const ca = kplus.Secret.fromSecretName(chart, 'Ca', 'client-ca');
    const gw = new Gateway(chart, 'Gw', {
      metadata: { name: 'gw' },
      selector: { app: 'edge' },
      servers: [
        { hosts: ['api.example.com'], port: 443, protocol: GatewayProtocol.HTTPS, tls: ServerTls.mutual(cert, { caCertificate: ca, subjectAltNames: ['spiffe://client'] }) },
        { hosts: ['*'], port: 15443, protocol: GatewayProtocol.TLS, tls: ServerTls.istioMutual() },
        { hosts: ['db.example.com'], port: 5443, protocol: GatewayProtocol.TLS, tls: ServerTls.passthrough() },
      ],
    });
    const servers = Testing.synth(chart)[0].spec.servers;
    expect(servers).toEqual([
      {
        hosts: ['api.example.com'], port: { number: 443, name: 'https', protocol: 'HTTPS' },
        tls: { mode: 'MUTUAL', credentialName: 'server-cert', caCertCredentialName: 'client-ca', subjectAltNames: ['spiffe://client'] },
      },
      { hosts: ['*'], port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'ISTIO_MUTUAL' } },
      { hosts: ['db.example.com'], port: { number: 5443, name: 'tls-5443', protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' } },
    ]);
    expect(gw.servers).toHaveLength(3);
  });

  test('fromGatewayName refers to a gateway outside the app', () => {
    const chart = Testing.chart();
    const gw = Gateway.fromGatewayName(chart, 'Knative', 'knative-ingress-gateway', { namespaceName: 'knative-serving' });
    expect(gatewayName(gw)).toBe('knative-serving/knative-ingress-gateway');
    expect(gw.reference.kind).toBe('Gateway');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when an imported gateway has a malformed name or namespace', () => {
    const chart = Testing.chart();
    expect(() => Gateway.fromGatewayName(chart, 'A', 'Public')).toThrow(/\[test\] A.name: "Public" is not allowed/);
    expect(() => Gateway.fromGatewayName(chart, 'B', 'public', { namespaceName: 'edge.system' }))
      .toThrow(/\[test\] B.namespaceName: "edge.system" is not allowed/);
  });

  test('fails when a host is malformed', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['Bad Host'], port: 80, protocol: GatewayProtocol.HTTP }))
      .toThrow(/\[test\/Gw\] servers\[0\].hosts\[0\]: "Bad Host" is not allowed; must be \[namespace\/\]host/);
  });

  test('accepts namespace-scoped hosts', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    gw.addServer({ hosts: ['apps/*.example.com', './a.example.com', '*/b.example.com'], port: 80, protocol: GatewayProtocol.HTTP });
    expect(Testing.synth(chart)[0].spec.servers[0].hosts).toEqual(['apps/*.example.com', './a.example.com', '*/b.example.com']);
  });

  test('fails when a port is out of range', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['*'], port: 70000, protocol: GatewayProtocol.HTTP }))
      .toThrow(/\[test\/Gw\] servers\[0\].port: 70000 is not allowed; must be a port number from 1 to 65535/);
  });

  test('fails when an HTTPS server has no TLS', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['*'], port: 443, protocol: GatewayProtocol.HTTPS }))
      .toThrow(/\[test\/Gw\] servers\[0\].tls: undefined is not allowed; protocol HTTPS needs ServerTls.simple\(\)/);
  });

  test('fails when an HTTP server gets a TLS mode', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['*'], port: 80, protocol: GatewayProtocol.HTTP, tls: ServerTls.istioMutual() }))
      .toThrow(/\[test\/Gw\] servers\[0\].tls: "ISTIO_MUTUAL" is not allowed; protocol HTTP takes no TLS settings except/);
  });

  test('fails when MUTUAL has no CA', () => {
    const chart = Testing.chart();
    const cert = new TlsSecret(chart, 'Cert', { source: SecretSource.fromExisting('cert') });
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['*'], port: 443, protocol: GatewayProtocol.HTTPS, tls: ServerTls.mutual(cert) }))
      .toThrow(/\[test\/Gw\] servers\[0\].tls.caCertificate: undefined is not allowed; MUTUAL needs the client CA/);
  });

  test('fails when port names repeat', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    gw.addServer({ hosts: ['*'], port: 80, protocol: GatewayProtocol.HTTP, portName: 'web' });
    expect(() => gw.addServer({ hosts: ['*'], port: 8080, protocol: GatewayProtocol.HTTP, portName: 'web' }))
      .toThrow(/\[test\/Gw\] servers\[1\].portName: "web" is not allowed; must be unique in the gateway/);
  });

  test('fails at synth when there are no servers', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new Gateway(chart, 'Gw');
    expect(() => app.synth()).toThrow(/\[test\/Gw\] Gateway has no servers; add one with addServer\(\)/);
  });

  test('fails when the selector is empty', () => {
    const chart = Testing.chart();
    expect(() => new Gateway(chart, 'Gw', { selector: {} })).toThrow(/\[test\/Gw\] selector: \{\} is not allowed; must have at least one label/);
  });

  // found by the property tests (test/property/istio-gateway.test.ts)
  test('fails when a server host is a short name or has an all-numeric top-level domain', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    expect(() => gw.addServer({ hosts: ['reviews'], port: 80, protocol: GatewayProtocol.HTTP }))
      .toThrow(/\[test\/Gw\] servers\[0\].hosts\[0\]: "reviews" is not allowed; must be \[namespace\/\]host .* a fully qualified DNS name/);
    expect(() => gw.addServer({ hosts: ['apps/a.123'], port: 80, protocol: GatewayProtocol.HTTP })).toThrow(/servers\[0\].hosts\[0\]: "apps\/a.123" is not allowed/);
    gw.addServer({ hosts: ['10.0.0.1', 'apps/*'], port: 80, protocol: GatewayProtocol.HTTP });
  });

  test('fails when the selector has an empty key or a wildcard', () => {
    const chart = Testing.chart();
    expect(() => new Gateway(chart, 'A', { selector: { '': 'x' } })).toThrow(/\[test\/A\] selector: "" is not allowed; label keys must not be empty/);
    expect(() => new Gateway(chart, 'B', { selector: { istio: '*' } })).toThrow(/\[test\/B\] selector.istio: "\*" is not allowed/);
  });

  // Istio's webhook takes these, but istiod's gateway merging (pilot/pkg/model/gateway.go mergeGateways) drops the later server
  test('fails when servers on one port mix plain text and TLS, or share a TCP port', () => {
    const chart = Testing.chart();
    const cert = kplus.Secret.fromSecretName(chart, 'Cert', 'cert');
    const gw = new Gateway(chart, 'Gw');
    gw.addHttpsServer({ hosts: ['*.example.com'], credential: cert });
    expect(() => gw.addServer({ hosts: ['*'], port: 443, protocol: GatewayProtocol.HTTP }))
      .toThrow(/\[test\/Gw\] servers\[1\].port: 443 is not allowed; conflicts with server "https" \(HTTPS on port 443\).*use another port number/);
    gw.addServer({ hosts: ['*'], port: 9000, protocol: GatewayProtocol.TCP, portName: 'tcp-a' });
    expect(() => gw.addServer({ hosts: ['*'], port: 9000, protocol: GatewayProtocol.TCP, portName: 'tcp-b' }))
      .toThrow(/servers\[2\].port: 9000 is not allowed; conflicts with server "tcp-a" \(TCP on port 9000\)/);
    const plain = new Gateway(chart, 'Plain', { servers: [{ hosts: ['*'], port: 8080, protocol: GatewayProtocol.HTTP }] });
    expect(() => plain.addServer({ hosts: ['*.example.com'], port: 8080, protocol: GatewayProtocol.TLS, tls: ServerTls.passthrough() }))
      .toThrow(/\[test\/Plain\] servers\[1\].port: 8080 is not allowed; conflicts with server "http" \(HTTP on port 8080\)/);
  });

  test('fails when a TLS server repeats a host of an earlier TLS server on the same port', () => {
    const chart = Testing.chart();
    const a = kplus.Secret.fromSecretName(chart, 'A', 'a');
    const b = kplus.Secret.fromSecretName(chart, 'B', 'b');
    const gw = new Gateway(chart, 'Gw', { metadata: { namespace: 'edge' } });
    gw.addHttpsServer({ hosts: ['api.example.com', './shop.example.org'], credential: a });
    expect(() => gw.addHttpsServer({ hosts: ['*.example.com', '*/api.example.com'], credential: b, portName: 'https-b' }))
      .toThrow(/\[test\/Gw\] servers\[1\].hosts\[1\]: "\*\/api.example.com" is not allowed; is already served on port 443 by server "https"/);
    expect(() => gw.addHttpsServer({ hosts: ['edge/shop.example.org'], credential: b, portName: 'https-b' }))
      .toThrow(/servers\[1\].hosts\[0\]: "edge\/shop.example.org" is not allowed; is already served on port 443/);
  });

  test('servers that Istio merges may share a port: HTTPS by SNI, plain HTTP family, a host on another port', () => {
    const chart = Testing.chart();
    const gw = new Gateway(chart, 'Gw');
    gw.addHttpsServer({ hosts: ['a.example.com'], credential: kplus.Secret.fromSecretName(chart, 'A', 'a') });
    gw.addHttpsServer({ hosts: ['b.example.com'], credential: kplus.Secret.fromSecretName(chart, 'B', 'b'), portName: 'https-b' });
    gw.addServer({ hosts: ['*'], port: 80, protocol: GatewayProtocol.HTTP });
    gw.addServer({ hosts: ['*'], port: 80, protocol: GatewayProtocol.GRPC });
    gw.addHttpsServer({ hosts: ['a.example.com'], port: 8443, credential: kplus.Secret.fromSecretName(chart, 'C', 'c'), portName: 'https-alt' });
    expect(Testing.synth(chart)[0].spec.servers.map((s: any) => `${s.port.number}/${s.port.name}`))
      .toEqual(['443/https', '443/https-b', '80/http', '80/grpc', '8443/https-alt']);
  });
});
