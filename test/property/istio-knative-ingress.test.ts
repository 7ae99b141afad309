/**
 * Property test for KnativeIngress: the domain, the TLS forms and their
 * credentials, the HTTP→HTTPS redirect, custom domains, the namespaces
 * (sidecar injection, mTLS, authorization) and the Knative Operator mode
 * (`mode: KnativeIngressMode.OPERATOR` + `KnativeServing.useIngress()`).
 *
 * The fields depend on each other (a certificate must live in the gateway
 * namespace, an app namespace must not be a system one), so the verdicts
 * are computed from the whole case by `verdictsOf()`.
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ChartValue } from '../../src/helm';
import { IngressTls, KnativeIngress, KnativeIngressMode, MtlsMode } from '../../src/istio';
import { KnativeServing } from '../../src/platform';
import { OpaqueSecret, SecretSource, TlsSecret } from '../../src/secrets';
import { caseOf, FieldGen } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import { isLabel, workloadSelectorVerdict } from './istio-gen';

/** A certificate Secret: a TlsSecret or OpaqueSecret in a namespace (`undefined`: the chart's, `demo`), or an imported one. */
type Cred = { kind: 'tls' | 'opaque'; ns?: string } | { kind: 'imported' };
type Tls = { kind: 'wildcard'; cred: Cred } | { kind: 'auto'; certificateClass?: string } | { kind: 'none' };
interface CustomDomainRaw { host: string; cred: Cred }
/** `KnativeIngressMode.OPERATOR` and, with it, the KnativeServing the settings go to. */
interface Operator { via: boolean; serving?: { istioIngress?: boolean; namespace?: string } }

/** A field drawn only from `good` values or from `any`; the verdict is computed from the whole case. */
function field<T>(good: fc.Arbitrary<T>, any: fc.Arbitrary<T>): FieldGen<T> {
  const tag = (value: T) => ({ value, verdict: 'ok' as Verdict });
  return { good: good.map(tag), any: fc.oneof({ arbitrary: good, weight: 2 }, { arbitrary: any, weight: 1 }).map(tag) };
}
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const goodCred: fc.Arbitrary<Cred> = fc.oneof(
  fc.record({ kind: fc.constantFrom('tls' as const, 'opaque' as const), ns: fc.constant('$gateway') }),
  fc.constant({ kind: 'imported' as const }),
);
const anyCred: fc.Arbitrary<Cred> = fc.oneof(
  goodCred,
  fc.record({ kind: fc.constantFrom('tls' as const, 'opaque' as const), ns: fc.constantFrom(undefined, 'istio-system', 'shop', 'ingress') }),
);

const DOMAINS = ['apps.example.com', 'example.org', 'a.b', 'apps.dev.example.io'];
const domain = field<string>(
  fc.oneof({ arbitrary: fc.constantFrom(...DOMAINS), weight: 4 }, fc.stringMatching(/^[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9]{0,5}){1,2}$/),
    fc.constant('$chartValue')),
  fc.constantFrom('localhost', 'Apps.example.com', '', 'a..b', '-a.b', 'apps.123', `${'x'.repeat(250)}.com`, 'apps.example.com.', '*.example.com', 'a_b.example.com'),
);
const tls = field<Tls>(
  fc.oneof(
    fc.record({ kind: fc.constant('wildcard' as const), cred: goodCred }),
    fc.record({ kind: fc.constant('auto' as const), certificateClass: opt(fc.constantFrom('cert-manager.certificate.networking.knative.dev', 'acme.example.com')) }),
    fc.constant({ kind: 'none' as const }),
  ),
  fc.oneof(
    fc.record({ kind: fc.constant('wildcard' as const), cred: anyCred }),
    fc.record({ kind: fc.constant('auto' as const), certificateClass: opt(fc.constantFrom('', 'Bad Class', 'a.b')) }),
  ),
);
const domainTemplate = field<string | undefined>(
  opt(fc.constantFrom('{{.Name}}-{{.Namespace}}.{{.Domain}}', '{{.Name}}.{{.Namespace}}.{{.Domain}}', '{{.Name}}.{{.Domain}}', '{{.Namespace}}-{{.Name}}.{{.Domain}}')),
  fc.constantFrom('{{.Namespace}}.{{.Domain}}', '{{.Name}}', '{{.Name}}.{{.Domain}}/path', '{{.Name}}{{.Domain}}', '{{.Name}.{{.Domain}}',
    '{{.Name}}.{{.Namespace}}.{{.Domain}}:8080', '{{.Name}} .{{.Domain}}', '{{.Name}}_{{.Namespace}}.{{.Domain}}'),
);
const httpsRedirect = field<boolean | undefined>(opt(fc.boolean()), opt(fc.boolean()));
const NS_GOOD = ['shop', 'apps', 'team-a', 'default'];
const appNamespaces = field<string[] | undefined>(
  opt(fc.uniqueArray(fc.constantFrom(...NS_GOOD), { maxLength: 3 })),
  fc.array(fc.constantFrom(...NS_GOOD, 'knative-serving', 'istio-system', 'kube-system', 'kn', 'ingress', 'Bad', '', 'a.b'), { maxLength: 3 }),
);
const mtlsMode = field<MtlsMode | undefined>(opt(fc.constantFrom(...Object.values(MtlsMode))), fc.constant('BOGUS' as MtlsMode));
const allowedNamespaces = field<string[] | undefined>(
  opt(fc.array(fc.constantFrom('knative-eventing', 'monitoring', 'shop'), { maxLength: 3 })),
  fc.array(fc.constantFrom('knative-eventing', '*', 'team-*', 'Bad', ''), { minLength: 1, maxLength: 2 }),
);
const autocreate = field<boolean | undefined>(opt(fc.boolean()), opt(fc.boolean()));
const customDomains = field<CustomDomainRaw[] | undefined>(
  opt(fc.uniqueArray(fc.record({ host: fc.constantFrom('shop.example.org', 'api.example.org', 'shop.apps.example.com'), cred: goodCred }),
    { maxLength: 2, selector: d => d.host })),
  fc.array(fc.record({
    host: fc.constantFrom('shop.example.org', 'shop.example.org', '$wildcard', '*.example.org', '*', 'localhost', 'Shop.example.org', 'a.123', ''),
    cred: anyCred,
  }), { minLength: 1, maxLength: 2 }),
);
const knativeServingNamespace = field<string | undefined>(opt(fc.constantFrom('knative-serving', 'kn')), fc.constantFrom('istio-system', 'Bad', '', 'kube-system'));
const gatewayNamespace = field<string | undefined>(opt(fc.constantFrom('istio-system', 'ingress')), fc.constantFrom('knative-serving', 'Bad', ''));
const gatewaySelector = field<Record<string, string> | undefined>(
  opt(fc.constantFrom({ istio: 'ingressgateway' }, { app: 'edge', tier: 'public' })),
  fc.constantFrom({}, { '': 'x' }, { istio: '*' }, { 'bad key': 'x' }),
);
const gatewayService = field<string | undefined>(
  opt(fc.constantFrom('istio-ingressgateway.istio-system.svc.cluster.local', 'edge.ingress.svc.cluster.local.', 'gw')),
  fc.constantFrom('', 'Not A Host', 'gw.example.com/path', 'http://gw.example.com'),
);
const createNamespaces = field<boolean | undefined>(opt(fc.boolean()), opt(fc.boolean()));
const injectKnativeServing = field<boolean | undefined>(opt(fc.boolean()), opt(fc.boolean()));
const operator = field<Operator>(
  fc.oneof(
    fc.constant({ via: false }),
    fc.record({ via: fc.constant(true), serving: opt(fc.record({ istioIngress: opt(fc.constant(true)), namespace: fc.constant('$serving') })) }),
  ),
  fc.record({ via: fc.boolean(), serving: fc.record({ istioIngress: opt(fc.boolean()), namespace: opt(fc.constantFrom('knative-serving', 'kn', 'other')) }) }),
);

const ingressCase = caseOf({
  domain, tls, domainTemplate, httpsRedirect, appNamespaces, mtlsMode, allowedNamespaces, autocreate, customDomains,
  knativeServingNamespace, gatewayNamespace, gatewaySelector, gatewayService, createNamespaces, injectKnativeServing, operator,
});

// ---------------------------------------------------------------- the model

/** A DNS-1123 subdomain (Kubernetes' rule; Knative's for `config-domain` and net-istio's for a gateway service). */
function isSubdomain(s: string): boolean {
  return s.length > 0 && s.length <= 253 && s.split('.').every(isLabel);
}

/**
 * Knative's `checkDomainTemplate` (knative.dev/networking config): the
 * template renders a host with no path. Only the simple field forms are modelled.
 */
function renderTemplate(t: string): string | undefined {
  if (/\{\{(?!\.(Name|Namespace|Domain)\}\})/.test(t) || /\}\}/.test(t.replace(/\{\{\.(Name|Namespace|Domain)\}\}/g, ''))) return undefined;
  return t.replace(/\{\{\.Name\}\}/g, 'foo').replace(/\{\{\.Namespace\}\}/g, 'bar').replace(/\{\{\.Domain\}\}/g, 'baz.com');
}

function credVerdict(c: Cred, gatewayNs: string): Verdict {
  if (c.kind === 'imported') return 'ok';
  const ns = c.ns === '$gateway' ? gatewayNs : c.ns ?? 'demo';
  return ns === gatewayNs ? 'ok' : 'bad';
}

function verdictsOf(c: any): Record<string, Verdict> {
  const v: Record<string, Verdict> = {};
  const serving: string = c.knativeServingNamespace.value ?? 'knative-serving';
  const gatewayNs: string = c.gatewayNamespace.value ?? 'istio-system';
  const tlsRaw: Tls = c.tls.value;
  const d: string = c.domain.value;

  v.domain = d === '$chartValue' || (isSubdomain(d) && d.includes('.') && !/^\d+$/.test(d.split('.').pop()!)) ? 'ok' : 'bad';

  if (tlsRaw.kind === 'wildcard') v.tls = credVerdict(tlsRaw.cred, gatewayNs);
  else if (tlsRaw.kind === 'auto' && tlsRaw.certificateClass !== undefined) {
    // a certificate class is a Kubernetes-style class name; Knative does not check it
    v.tls = tlsRaw.certificateClass === 'cert-manager.certificate.networking.knative.dev' || tlsRaw.certificateClass === 'acme.example.com' ? 'ok' : 'either';
  } else v.tls = 'ok';

  // the redirect is an option of the TLS forms that have HTTPS, so it cannot go wrong

  const t: string | undefined = c.domainTemplate.value;
  if (t === undefined) v.domainTemplate = 'ok';
  else if (!t.includes('{{.Name}}') || !t.includes('{{.Domain}}')) v.domainTemplate = 'bad';
  else {
    const host = renderTemplate(t);
    if (host === undefined) v.domainTemplate = 'bad';
    else if (!isSubdomain(host)) v.domainTemplate = 'bad';
    // a wildcard certificate covers one label: the host must be <one label>.<domain>
    else if (tlsRaw.kind === 'wildcard' && !(host.endsWith('.baz.com') && !host.slice(0, -'.baz.com'.length).includes('.'))) v.domainTemplate = 'bad';
    else v.domainTemplate = host.endsWith('.baz.com') ? 'ok' : 'either';
  }

  const apps: string[] = c.appNamespaces.value ?? [];
  v.appNamespaces = apps.every((ns, i) => isLabel(ns) && ![serving, gatewayNs, 'kube-system'].includes(ns) && apps.indexOf(ns) === i) ? 'ok' : 'bad';

  const mode: string | undefined = c.mtlsMode.value;
  v.mtlsMode = mode === undefined || (Object.values(MtlsMode) as string[]).includes(mode) ? 'ok' : 'bad';

  const allowed: string[] = c.allowedNamespaces.value ?? [];
  // Istio takes "*" and prefix/suffix wildcards in namespaces; the construct asks for names
  v.allowedNamespaces = worst(...allowed.map(ns => (isLabel(ns) ? 'ok' : ns === '*' || ns === 'team-*' ? 'either' : 'bad') as Verdict));

  const wildcardHost = isSubdomain(d) ? `*.${d}` : undefined;
  const domains: CustomDomainRaw[] = c.customDomains.value ?? [];
  const seen: string[] = tlsRaw.kind === 'wildcard' && wildcardHost ? [wildcardHost] : [];
  v.customDomains = worst(...domains.map(cd => {
    const host = cd.host === '$wildcard' ? `*.${d}` : cd.host;
    let hv: Verdict = 'ok';
    if (host === '*' || !host.includes('.') || !isSubdomain(host.replace(/^\*\./, '')) || /^\d+$/.test(host.split('.').pop()!)) hv = 'bad';
    // a DomainMapping host is never a wildcard; as a gateway server host it is valid
    else if (host.startsWith('*.')) hv = 'either';
    // istiod ignores a TLS server repeating a host of an earlier one on the same port
    if (seen.includes(host)) hv = 'bad';
    seen.push(host);
    return worst(hv, credVerdict(cd.cred, gatewayNs));
  }));

  // Serving may run anywhere, but in kube-system or the gateway's namespace it is labelled for sidecar injection: not modelled
  v.knativeServingNamespace = isLabel(serving) ? (serving === gatewayNs || serving === 'kube-system' ? 'either' : 'ok') : 'bad';
  v.gatewayNamespace = isLabel(gatewayNs) ? (gatewayNs === serving ? 'either' : 'ok') : 'bad';

  const sel: Record<string, string> | undefined = c.gatewaySelector.value;
  v.gatewaySelector = sel !== undefined && Object.keys(sel).length === 0 ? 'bad' : workloadSelectorVerdict(sel);

  const svc: string | undefined = c.gatewayService.value;
  v.gatewayService = svc === undefined || isSubdomain(svc.replace(/\.$/, '')) ? 'ok' : 'bad';

  const op: Operator = c.operator.value;
  if (op.via && op.serving) {
    v.istioIngress = op.serving.istioIngress === false ? 'bad' : 'ok';
    const ns = op.serving.namespace === '$serving' ? serving : op.serving.namespace ?? 'knative-serving';
    // the operator installs Serving into the KnativeServing's namespace
    v['metadata.namespace'] = ns === serving ? 'ok' : 'bad';
  }
  return v;
}

// ---------------------------------------------------------------- building

function secret(chart: Chart, id: string, c: Cred, gatewayNs: string): kplus.ISecret {
  if (c.kind === 'imported') return kplus.Secret.fromSecretName(chart, id, `${id.toLowerCase()}-cert`);
  const ns = c.ns === '$gateway' ? gatewayNs : c.ns;
  const props = { metadata: { name: `${id.toLowerCase()}-cert`, namespace: ns }, source: SecretSource.fromExisting(`${id.toLowerCase()}-cert`) };
  return c.kind === 'tls' ? new TlsSecret(chart, id, props) : new OpaqueSecret(chart, id, props);
}

const RUNS = runsFor(0.02);

describe('property: KnativeIngress props', () => {
  test(`${RUNS} generated KnativeIngresses either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(ingressCase, c => {
      const fields = verdictsOf(c);
      // errors of the Gateway the ingress creates name its own fields
      fields.selector = fields.gatewaySelector;
      return checkCase(fields, chart => {
        const gatewayNs = c.gatewayNamespace.value ?? 'istio-system';
        const d = c.domain.value === '$chartValue'
          ? ChartValue.stringValue(chart, 'platform.domain', { defaultValue: 'apps.example.com', description: 'Cluster domain.' }).asString()
          : c.domain.value;
        const t = c.tls.value;
        const httpsRedirect = c.httpsRedirect.value;
        const ingressTls = t.kind === 'wildcard' ? IngressTls.wildcardCertificate(secret(chart, 'Wildcard', t.cred, gatewayNs), { httpsRedirect })
          : t.kind === 'auto' ? IngressTls.autoTls({ certificateClass: t.certificateClass, httpsRedirect }) : IngressTls.unsafeHttpOnly();
        const ingress = new KnativeIngress(chart, 'Ingress', {
          domain: d,
          tls: ingressTls,
          domainTemplate: c.domainTemplate.value,
          appNamespaces: c.appNamespaces.value,
          mtlsMode: c.mtlsMode.value,
          allowedNamespaces: c.allowedNamespaces.value,
          autocreateClusterDomainClaims: c.autocreate.value,
          customDomains: c.customDomains.value?.map((cd, i) => ({
            host: cd.host === '$wildcard' ? `*.${d}` : cd.host, certificate: secret(chart, `Custom${i}`, cd.cred, gatewayNs),
          })),
          knativeServingNamespace: c.knativeServingNamespace.value,
          gatewayNamespace: c.gatewayNamespace.value,
          gatewaySelector: c.gatewaySelector.value,
          gatewayService: c.gatewayService.value,
          createNamespaces: c.createNamespaces.value,
          injectKnativeServing: c.injectKnativeServing.value,
          mode: c.operator.value.via ? KnativeIngressMode.OPERATOR : undefined,
        });
        const op = c.operator.value;
        if (op.via && op.serving) {
          const ns = op.serving.namespace === '$serving' ? ingress.knativeServingNamespace : op.serving.namespace;
          const serving = new KnativeServing(chart, 'Serving', { istioIngress: op.serving.istioIngress, metadata: ns ? { namespace: ns } : undefined });
          serving.useIngress(ingress);
        }
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
