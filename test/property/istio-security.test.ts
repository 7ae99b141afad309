import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { AuthorizationAction, AuthorizationPolicy, AuthorizationRule, MtlsMode, PeerAuthentication } from '../../src/istio';
import { caseOf, modelled } from './gen';
import { assertProperty, checkCase, runCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import { isIpOrCidr, isLabel, labels, objectName, objectNameVerdict, port, portVerdict, workloadSelectorVerdict } from './istio-gen';

const name = modelled(objectName.filter(n => objectNameVerdict(n) === 'ok'), objectName, objectNameVerdict);
const selector = modelled(
  fc.option(fc.constantFrom({ app: 'web' }, { app: 'web', version: 'v1' }), { nil: undefined }),
  fc.option(labels, { nil: undefined }),
  workloadSelectorVerdict,
);

// ---------------------------------------------------------------- PeerAuthentication

const portLevel = fc.option(fc.array(fc.record({ port, mtlsMode: fc.constantFrom(...Object.values(MtlsMode)) }), { maxLength: 2 }),
  { nil: undefined });
const peerCase = caseOf({
  name, selector,
  mode: { good: fc.constantFrom(undefined, ...Object.values(MtlsMode)).map(value => ({ value, verdict: 'ok' as Verdict })), any: fc.constantFrom(undefined, ...Object.values(MtlsMode)).map(value => ({ value, verdict: 'ok' as Verdict })) },
  // each port once
  portLevel: modelled(fc.constant(undefined), portLevel, p => worst(...(p ?? []).map((x, i) => (p!.findIndex(y => y.port === x.port) === i ? portVerdict(x.port) : 'bad')))),
});

// ---------------------------------------------------------------- AuthorizationPolicy

const nsEntry = fc.constantFrom('knative-serving', 'apps', 'team-*', '*-prod', '*', '', 'Bad', 'a.b', 'a*b');
const principal = fc.constantFrom('cluster.local/ns/knative-serving/sa/controller', '*', 'cluster.local/ns/apps/*', '');
const ipBlock = fc.constantFrom('10.0.0.0/8', '192.168.1.1', '2001:db8::/32', '', 'not-an-ip', '10.0.0.0/33', '300.1.1.1');
const path = fc.constantFrom('/healthz', '/api/*', '*', '*.js', '/', '', 'api', '/{*}/x', '/a/{**}');
const method = fc.constantFrom('GET', 'POST', 'DELETE', 'get', '', 'G-ET');
const hostEntry = fc.constantFrom('api.example.com', '*.example.com', '', 'api.example.com:8080');
const list = <T>(a: fc.Arbitrary<T>) => fc.option(fc.array(a, { maxLength: 2 }), { nil: undefined, freq: 2 });

interface RawCond { key: string; values?: string[]; notValues?: string[] }
const condKey = fc.constantFrom('request.headers[version]', 'source.ip', 'destination.port', 'source.namespace', 'request.auth.claims[groups]',
  'connection.sni', 'foo.bar', '', 'destination.name', 'remote.ip');
const condValue = fc.constantFrom('v1', '10.0.0.0/8', '8080', 'apps', 'x', '');
const rawRule: fc.Arbitrary<AuthorizationRule> = fc.record({
  source: fc.option(fc.record({
    namespaces: list(nsEntry), notNamespaces: list(nsEntry), principals: list(principal), notPrincipals: list(principal),
    requestPrincipals: list(fc.constantFrom('https://issuer.example.com/user', '*', '')), ipBlocks: list(ipBlock),
  }, { requiredKeys: [] }), { nil: undefined }),
  operation: fc.option(fc.record({
    hosts: list(hostEntry), paths: list(path), notPaths: list(path), methods: list(method), ports: list(port),
  }, { requiredKeys: [] }), { nil: undefined }),
  when: fc.option(fc.array(fc.record({ key: condKey, values: list(condValue), notValues: list(condValue) }, { requiredKeys: ['key'] }), { maxLength: 2 }),
    { nil: undefined }),
}, { requiredKeys: [] });

/** A `when` condition. */
function condVerdict(c: RawCond): Verdict {
  const values = [...(c.values ?? []), ...(c.notValues ?? [])];
  // Istio's ValidateAttribute: no empty value, a known key, IPs or ports where the key wants them
  if (c.key === '' || values.length === 0) return 'bad';
  const v: Verdict[] = [];
  if (/^request\.headers\[.+\]$/.test(c.key) || /^request\.auth\.claims\[.+\]$/.test(c.key)) v.push('ok');
  else if (['source.ip', 'remote.ip', 'destination.ip'].includes(c.key)) v.push(worst(...values.map(x => (isIpOrCidr(x) ? 'ok' : 'bad'))));
  else if (c.key === 'destination.port') v.push(worst(...values.map(x => (/^\d+$/.test(x) && Number(x) <= 65535 && Number(x) >= 1 ? 'ok' : 'bad'))));
  else if (['source.namespace', 'source.principal', 'connection.sni', 'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter'].includes(c.key)) v.push('ok');
  else v.push('bad');
  if (values.includes('')) v.push('bad');
  return worst(...v);
}

function ruleVerdict(r: AuthorizationRule): Verdict {
  const v: Verdict[] = [];
  // empty strings anywhere in a list: istiod refuses them ("empty value is not allowed")
  const noEmpty = (xs: string[] | undefined) => (xs ?? []).includes('') ? 'bad' : 'ok';
  if (r.source) {
    const f = r.source;
    if (!Object.values(f).some(x => x !== undefined && x.length > 0)) v.push('bad');
    for (const ns of [...(f.namespaces ?? []), ...(f.notNamespaces ?? [])]) {
      const core = ns.replace(/^\*/, '').replace(/\*$/, '');
      // Istio matches namespaces as strings (prefix/suffix "*"); one no namespace can have matches nothing
      v.push(ns === '' ? 'bad' : ns === '*' || isLabel(core) ? 'ok' : 'either');
    }
    v.push(noEmpty(f.principals), noEmpty(f.notPrincipals), noEmpty(f.requestPrincipals), noEmpty(f.ipBlocks));
    for (const ip of f.ipBlocks ?? []) v.push(ip === '' || isIpOrCidr(ip) ? 'ok' : 'bad');
  }
  if (r.operation) {
    const t = r.operation;
    if (!Object.values(t).some(x => x !== undefined && x.length > 0)) v.push('bad');
    v.push(noEmpty(t.hosts));
    for (const p of [...(t.paths ?? []), ...(t.notPaths ?? [])]) {
      // Istio takes any non-empty path; the library wants "/" or "*" first (a path without matches nothing)
      v.push(p === '' ? 'bad' : p.startsWith('/') || p.startsWith('*') ? 'ok' : 'either');
    }
    // methods are compared as given: a lower-case one matches nothing; the library wants upper case
    for (const m of t.methods ?? []) v.push(m === '' ? 'bad' : /^[A-Z]+$/.test(m) ? 'ok' : 'either');
    for (const p of t.ports ?? []) v.push(portVerdict(p));
  }
  for (const c of r.when ?? []) v.push(condVerdict(c));
  return worst(...v);
}

type Action = AuthorizationAction | undefined;
const action = fc.constantFrom<Action>(undefined, ...Object.values(AuthorizationAction));
const provider = fc.option(fc.constantFrom('ext-authz', 'opa', ''), { nil: undefined });
const rules = fc.option(fc.array(rawRule, { maxLength: 3 }), { nil: undefined });
const goodRules = fc.option(fc.constantFrom<AuthorizationRule[]>(
  [{ source: { namespaces: ['knative-serving'] } }],
  [{ operation: { paths: ['/healthz', '/metrics'], methods: ['GET'] } }],
  [{ source: { principals: ['cluster.local/ns/apps/sa/web'] }, operation: { ports: [8080] }, when: [{ key: 'request.headers[version]', values: ['v1'] }] }, {}],
), { nil: undefined });
interface RawPolicy { action: Action; provider?: string; rules?: AuthorizationRule[]; addLater: boolean }
const policy = modelled<RawPolicy>(
  fc.record({ action, provider, rules: goodRules, addLater: fc.boolean() }).map(p => ({
    ...p,
    provider: p.action === AuthorizationAction.CUSTOM ? 'ext-authz' : undefined,
    rules: p.action === AuthorizationAction.DENY && !p.rules?.length ? [{}] : p.rules,
  })),
  fc.record({ action, provider, rules, addLater: fc.boolean() }),
  p => {
    const custom = p.action === AuthorizationAction.CUSTOM;
    const v: Verdict[] = [];
    // CUSTOM needs a provider (by name) and only CUSTOM takes one
    v.push(custom ? (p.provider ? 'ok' : 'bad') : p.provider === undefined ? 'ok' : 'bad');
    // a DENY policy without rules never triggers: istiod refuses it (rules can come later: the construct says so at synth)
    v.push(...(p.rules ?? []).map(ruleVerdict));
    return worst(...v);
  },
);
const authzCase = caseOf({ name, selector, policy });

const PEER_RUNS = runsFor(0.01);
const AUTHZ_RUNS = runsFor(0.02);

describe('property: Istio security props', () => {
  test(`${PEER_RUNS} generated PeerAuthentications either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(peerCase, c => {
      // port-level modes need a selector with labels (Istio's webhook and the CRD's CEL rule)
      const needsSelector = (c.portLevel.value ?? []).length > 0 && Object.keys(c.selector.value ?? {}).length === 0 ? 'bad' : 'ok';
      const fields = { 'metadata.name': c.name.verdict, 'selector': c.selector.verdict, 'portLevelMtls': worst(c.portLevel.verdict, needsSelector) };
      return checkCase(fields, chart => {
      new PeerAuthentication(chart, 'Pa', {
        metadata: c.name.value === undefined ? undefined : { name: c.name.value },
        selector: c.selector.value,
        mtlsMode: c.mode.value,
        portLevelMtls: c.portLevel.value,
      });
      });
    }, PEER_RUNS);
  }, timeoutFor(PEER_RUNS));

  test(`${AUTHZ_RUNS} generated AuthorizationPolicies either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(authzCase, c => {
      const p = c.policy.value;
      const fields: Record<string, Verdict> = { 'metadata.name': c.name.verdict, 'selector': c.selector.verdict, 'provider': c.policy.verdict, 'rules': c.policy.verdict };
      const build = (chart: Chart) => {
        // rules in the props, or (addLater) through addRule()
        const ap = new AuthorizationPolicy(chart, 'Ap', {
          metadata: c.name.value === undefined ? undefined : { name: c.name.value },
          selector: c.selector.value, action: p.action, provider: p.provider,
          rules: p.addLater ? undefined : p.rules,
        });
        if (p.addLater) p.rules?.forEach(r => ap.addRule(r));
      };
      if (c.policy.value.action === AuthorizationAction.DENY && !p.rules?.length && worst(...Object.values(fields)) === 'ok') {
        expect(() => runCase(build)).toThrow(/DENY policy has no rules/);
        return;
      }
      return checkCase(fields, build);
    }, AUTHZ_RUNS);
  }, timeoutFor(AUTHZ_RUNS));
});
