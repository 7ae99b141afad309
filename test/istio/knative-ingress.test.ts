import { Chart, Testing } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { IngressTls, KnativeIngress, KnativeIngressMode, MtlsMode } from '../../src/istio';
import { KnativeServing } from '../../src/platform';
import { SecretSource, TlsSecret } from '../../src/secrets';

function wildcardCert(chart: Chart, namespace = 'istio-system') {
  return new TlsSecret(chart, 'Cert', {
    metadata: { name: 'wildcard-apps', namespace },
    source: SecretSource.fromExternalSecret({ store: 'vault', key: 'tls/apps' }),
  });
}

const byKind = (objs: any[], kind: string) => objs.filter(o => o.kind === kind);

describe('KnativeIngress', () => {
  test('wildcard certificate: gateway, Knative settings, namespaces, mTLS and policies', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com',
      tls: IngressTls.wildcardCertificate(wildcardCert(chart)),
      appNamespaces: ['shop'],
    });
    const out = Testing.synth(chart);
    expect(out.map(o => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'ExternalSecret/istio-system/wildcard-apps',
      'Gateway/knative-serving/knative-ingress-gateway',
      'ConfigMap/knative-serving/config-network',
      'ConfigMap/knative-serving/config-domain',
      'ConfigMap/knative-serving/config-istio',
      'Namespace//knative-serving',
      'Namespace//shop',
      'PeerAuthentication/shop/default',
      'AuthorizationPolicy/shop/allow-knative-system',
      'AuthorizationPolicy/shop/allow-knative-probes',
    ]);
    expect(byKind(out, 'Gateway')[0]).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'knative-ingress-gateway', namespace: 'knative-serving', labels: { 'networking.knative.dev/ingress-provider': 'istio' } },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          { hosts: ['*.apps.example.com'], port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps' } },
          { hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' }, tls: { httpsRedirect: true } },
        ],
      },
    });
    const cms = Object.fromEntries(byKind(out, 'ConfigMap').map(c => [c.metadata.name, c.data]));
    expect(cms).toEqual({
      'config-network': {
        'ingress-class': 'istio.ingress.networking.knative.dev',
        'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}',
        'external-domain-tls': 'Disabled',
        'default-external-scheme': 'https',
      },
      'config-domain': { 'apps.example.com': '' },
      'config-istio': {
        'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local',
        'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.istio-system.svc.cluster.local',
      },
    });
    expect(ingress.networkConfig).toEqual(cms['config-network']);
    expect(ingress.domainConfig).toEqual(cms['config-domain']);
    expect(byKind(out, 'Namespace').map(n => n.metadata)).toEqual([
      { name: 'knative-serving', labels: { 'istio-injection': 'enabled' } },
      { name: 'shop', labels: { 'istio-injection': 'enabled' } },
    ]);
    expect(byKind(out, 'PeerAuthentication')[0].spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(byKind(out, 'AuthorizationPolicy').map(p => p.spec)).toEqual([
      { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['knative-serving', 'istio-system', 'shop'] } }] }] },
      { action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/healthz', '/metrics'] } }] }] },
    ]);
  });

  test('auto-TLS leaves HTTP open for ACME and lets Knative redirect', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.autoTls() });
    expect(ingress.networkConfig).toEqual({
      'ingress-class': 'istio.ingress.networking.knative.dev',
      'domain-template': '{{.Name}}.{{.Namespace}}.{{.Domain}}',
      'external-domain-tls': 'Enabled',
      'certificate-class': 'cert-manager.certificate.networking.knative.dev',
      'http-protocol': 'Redirected',
    });
    const out = Testing.synth(chart);
    expect(byKind(out, 'Gateway')[0].spec.servers).toEqual([{ hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' } }]);
  });

  test('custom domains, extra allowed namespaces, PERMISSIVE and no namespace objects', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    const shopCert = new TlsSecret(chart, 'ShopCert', { metadata: { namespace: 'istio-system' }, source: SecretSource.fromExisting('shop-cert') });
    new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com',
      tls: IngressTls.wildcardCertificate(wildcardCert(chart)),
      appNamespaces: ['shop', 'blog'],
      allowedNamespaces: ['knative-eventing'],
      customDomains: [{ host: 'shop.example.org', certificate: shopCert }],
      mtlsMode: MtlsMode.PERMISSIVE,
      createNamespaces: false,
      autocreateClusterDomainClaims: true,
    });
    const out = Testing.synth(chart);
    expect(byKind(out, 'Namespace')).toEqual([]);
    expect(byKind(out, 'ConfigMap')[0].data['autocreate-cluster-domain-claims']).toBe('true');
    expect(byKind(out, 'Gateway')[0].spec.servers[1]).toEqual({
      hosts: ['shop.example.org'], port: { number: 443, name: 'https-custom-0', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'shop-cert' },
    });
    expect(byKind(out, 'PeerAuthentication').map(p => [p.metadata.namespace, p.spec.mtls.mode])).toEqual([['shop', 'PERMISSIVE'], ['blog', 'PERMISSIVE']]);
    expect(byKind(out, 'AuthorizationPolicy')[2].spec.rules[0].from[0].source.namespaces)
      .toEqual(['knative-serving', 'istio-system', 'blog', 'knative-eventing']);
  });

  test('namespace objects are cluster-scoped even in a namespaced chart', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'platform' });
    new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.autoTls(), appNamespaces: ['shop'] });
    const ns = byKind(Testing.synth(chart), 'Namespace');
    expect(ns.map(n => n.metadata.namespace)).toEqual([undefined, undefined]);
  });

  test('plain HTTP only when asked, without a redirect', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', { domain: 'local.dev', tls: IngressTls.unsafeHttpOnly() });
    expect(ingress.networkConfig['external-domain-tls']).toBe('Disabled');
    expect(ingress.gatewayServers.map(s => s.port)).toEqual([80]);
    expect(ingress.gatewayServers[0].tls).toBeUndefined();
  });

  test('TLS without the HTTP redirect when asked', () => {
    const chart = Testing.chart();
    const wildcard = new KnativeIngress(chart, 'Wildcard', {
      domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(wildcardCert(chart), { httpsRedirect: false }), createNamespaces: false,
    });
    expect(wildcard.gatewayServers.map(s => [s.port, s.tls?.redirectsToHttps ?? false])).toEqual([[443, false], [80, false]]);
    const auto = new KnativeIngress(Testing.chart(), 'Auto', { domain: 'apps.example.com', tls: IngressTls.autoTls({ httpsRedirect: false }) });
    expect(auto.networkConfig['http-protocol']).toBe('Enabled');
  });

  test('via the Knative Operator: no ConfigMaps or Gateway, the settings as KnativeServing spec parts', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(wildcardCert(chart)), mode: KnativeIngressMode.OPERATOR, appNamespaces: ['shop'],
    });
    new KnativeServing(chart, 'Serving').useIngress(ingress);
    const out = Testing.synth(chart);
    expect(byKind(out, 'ConfigMap')).toEqual([]);
    expect(byKind(out, 'Gateway')).toEqual([]);
    expect(byKind(out, 'PeerAuthentication')).toHaveLength(1);
    expect(ingress.gateway).toBeUndefined();
    const spec = byKind(out, 'KnativeServing')[0].spec;
    expect(spec.config).toEqual({
      network: ingress.networkConfig,
      domain: { 'apps.example.com': '' },
      istio: ingress.istioConfig,
    });
    expect(spec.ingress).toEqual({
      istio: {
        'enabled': true,
        'knative-ingress-gateway': {
          selector: { istio: 'ingressgateway' },
          servers: [
            { hosts: ['*.apps.example.com'], port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'wildcard-apps' } },
            { hosts: ['*'], port: { number: 80, name: 'http', protocol: 'HTTP' }, tls: { httpsRedirect: true } },
          ],
        },
      },
    });
  });

  test('fails when the certificate is not in the gateway namespace', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(wildcardCert(chart, 'shop')) }))
      .toThrow(/\[test\/Ingress\] tls: "shop\/wildcard-apps" is not allowed; must be a Secret in "istio-system"/);
  });

  test('fails when the domain is not a DNS name', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'localhost', tls: IngressTls.autoTls() }))
      .toThrow(/\[test\/Ingress\] domain: "localhost" is not allowed; must be a DNS name with at least two labels/);
  });

  test('fails when a system namespace is listed as an app namespace', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'a.example.com', tls: IngressTls.autoTls(), appNamespaces: ['knative-serving'] }))
      .toThrow(/\[test\/Ingress\] appNamespaces\[0\]: "knative-serving" is not allowed; must be a namespace for apps/);
  });

  test('fails when the domain template lacks the name', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'a.example.com', tls: IngressTls.autoTls(), domainTemplate: '{{.Domain}}' }))
      .toThrow(/\[test\/Ingress\] domainTemplate: "\{\{.Domain\}\}" is not allowed; must contain \{\{.Name\}\} and \{\{.Domain\}\}/);
  });

  test('fails when the mode is not a KnativeIngressMode', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'a.example.com', tls: IngressTls.autoTls(), mode: 'helm' as KnativeIngressMode }))
      .toThrow(/\[test\/Ingress\] mode: "helm" is not allowed; must be one of ConfigMaps, Operator/);
  });
});

describe('KnativeIngress custom domains', () => {
  test('fails when a custom domain certificate is outside the gateway namespace', () => {
    const chart = Testing.chart();
    const cert = new TlsSecret(chart, 'ShopCert', { metadata: { namespace: 'shop' }, source: SecretSource.fromExisting('shop-cert') });
    expect(() => new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.autoTls(), customDomains: [{ host: 'shop.example.org', certificate: cert }],
    })).toThrow(/\[test\/Ingress\] customDomains\[0\].certificate: "shop\/shop-cert" is not allowed; must be a Secret in "istio-system"/);
  });

  test('fails when a custom domain host is a wildcard', () => {
    const chart = Testing.chart();
    const cert = new TlsSecret(chart, 'Cert', { metadata: { namespace: 'istio-system' }, source: SecretSource.fromExisting('c') });
    expect(() => new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.autoTls(), customDomains: [{ host: '*', certificate: cert }],
    })).toThrow(/\[test\/Ingress\] customDomains\[0\].host\[0\]: "\*" is not allowed/);
  });
});

describe('KnativeIngress with a chart value domain', () => {
  test('the domain may be a Helm chart value; plain synth writes its default', () => {
    const chart = new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
    const domain = ChartValue.stringValue(chart, 'platform.domain', { defaultValue: 'apps.example.com', description: 'Cluster domain.' }).asString();
    new KnativeIngress(chart, 'Ingress', { domain, tls: IngressTls.wildcardCertificate(wildcardCert(chart)) });
    const out = Testing.synth(chart);
    expect(byKind(out, 'Gateway')[0].spec.servers[0].hosts).toEqual(['*.apps.example.com']);
    expect(byKind(out, 'ConfigMap').find(c => c.metadata.name === 'config-domain').data).toEqual({ 'apps.example.com': '' });
  });

  // found by the property tests (test/property/istio-knative-ingress.test.ts)
  test('fails when a wildcard certificate cannot cover the hosts the domain template makes', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(wildcardCert(chart)), domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}',
    })).toThrow(/\[test\/Ingress\] domainTemplate: .* must render one label under the domain with a wildcard certificate.*"{{.Name}}-{{.Namespace}}.{{.Domain}}"/);
  });

  test('fails when the domain template does not render a DNS name', () => {
    const chart = Testing.chart();
    for (const [i, t] of ['{{.Name}}.{{.Domain}}/path', '{{.Name}}_{{.Namespace}}.{{.Domain}}', '{{.Name}}.{{.Domain}}:8080'].entries()) {
      expect(() => new KnativeIngress(chart, `I${i}`, { domain: 'apps.example.com', tls: IngressTls.autoTls(), domainTemplate: t }))
        .toThrow(/domainTemplate: .* must render a DNS name/);
    }
    // template actions beyond the three fields are left to Knative
    new KnativeIngress(chart, 'Ok', { domain: 'apps.example.com', tls: IngressTls.autoTls(), domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}' });
  });

  test('fails when the domain has an all-numeric top-level domain', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'apps.123', tls: IngressTls.autoTls() }))
      .toThrow(/\[test\/Ingress\] domain: "apps.123" is not allowed; must be a DNS name .* not all digits/);
  });

  test('fails when the mTLS mode is not an MtlsMode, even without app namespaces', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.autoTls(), mtlsMode: 'BOGUS' as MtlsMode }))
      .toThrow(/\[test\/Ingress\] mtlsMode: "BOGUS" is not allowed/);
  });

  test('fails when the gateway selector is empty or has a wildcard, also via the operator', () => {
    const chart = Testing.chart();
    const tls = IngressTls.autoTls();
    expect(() => new KnativeIngress(chart, 'A', { domain: 'apps.example.com', tls, mode: KnativeIngressMode.OPERATOR, gatewaySelector: {} }))
      .toThrow(/\[test\/A\] gatewaySelector: \{\} is not allowed; must have at least one label/);
    expect(() => new KnativeIngress(chart, 'B', { domain: 'apps.example.com', tls, mode: KnativeIngressMode.OPERATOR, gatewaySelector: { istio: '*' } }))
      .toThrow(/\[test\/B\] gatewaySelector.istio: "\*" is not allowed/);
  });

  test('fails when the gateway service is not a host name', () => {
    const chart = Testing.chart();
    expect(() => new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.autoTls(), gatewayService: 'gw.example.com/path' }))
      .toThrow(/\[test\/Ingress\] gatewayService: "gw.example.com\/path" is not allowed; must be the host name of the gateway's Kubernetes Service/);
    new KnativeIngress(chart, 'Ok', { domain: 'apps.example.com', tls: IngressTls.autoTls(), gatewayService: 'edge.ingress.svc.cluster.local.' });
  });

  test('fails when a custom domain repeats a host the gateway already serves on 443', () => {
    const chart = Testing.chart();
    const cert = new TlsSecret(chart, 'Shop', { metadata: { namespace: 'istio-system' }, source: SecretSource.fromExisting('shop') });
    expect(() => new KnativeIngress(chart, 'A', {
      domain: 'apps.example.com', tls: IngressTls.autoTls(),
      customDomains: [{ host: 'shop.example.org', certificate: cert }, { host: 'shop.example.org', certificate: cert }],
    })).toThrow(/\[test\/A\] customDomains\[1\].hosts\[0\]: "shop.example.org" is not allowed; is already served on port 443 by server "https-custom-0"/);
    expect(() => new KnativeIngress(chart, 'B', {
      domain: 'apps.example.com', tls: IngressTls.wildcardCertificate(wildcardCert(chart)),
      customDomains: [{ host: '*.apps.example.com', certificate: cert }],
    })).toThrow(/\[test\/B\] customDomains\[0\].hosts\[0\]: "\*.apps.example.com" is not allowed; is already served on port 443 by server "https"/);
  });
});
