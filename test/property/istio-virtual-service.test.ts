import * as fc from 'fast-check';
import { Gateway, GatewayProtocol, HttpRoute, IGateway, StringMatch, VirtualService } from '../../src/istio';
import { caseOf, modelled } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import {
  anyHost, durationMs, durationVerdict, exportToEntry, exportToVerdict, hostsOverlap, hostVerdict, isLabel, objectName, objectNameVerdict, port,
  portVerdict, toDuration,
} from './istio-gen';

// ---------------------------------------------------------------- string matches

type RawMatch = { kind: 'exact' | 'prefix' | 'regex'; value: string };
const matchValue = fc.constantFrom('/api', '/', 'GET', 'v1', '', '^/v[0-9]+/.*$', '[unclosed', '(?=x)y', '(a)\\1', 'a{2,3}', '.*');
const rawMatch: fc.Arbitrary<RawMatch> = fc.record({ kind: fc.constantFrom('exact' as const, 'prefix' as const, 'regex' as const), value: matchValue });
/** Istio compiles regexes with RE2 (no lookaround, no backreferences) and wants them non-empty; an empty prefix matches everything. */
function matchVerdict(m: RawMatch): Verdict {
  if (m.kind !== 'regex') return m.kind === 'prefix' && m.value === '' ? 'either' : 'ok';
  if (m.value === '' || m.value === '[unclosed' || m.value === '(?=x)y' || m.value === '(a)\\1') return 'bad';
  return 'ok';
}
const toMatch = (m: RawMatch) => StringMatch[m.kind](m.value);

// ---------------------------------------------------------------- routes

interface RawRoute {
  name?: string;
  match?: { uri?: RawMatch; authority?: RawMatch; method?: RawMatch; headers?: [string, RawMatch][]; port?: number }[];
  destinations?: { host: string; port?: number; subset?: string; weight?: number }[];
  redirect?: { uri?: string; authority?: string; scheme?: string; redirectCode?: number };
  timeoutMs?: number;
  retries?: { attempts: number; perTryTimeoutMs?: number; retryOn?: string };
  rewrite?: { uri?: string; authority?: string };
  setRequestHeaders?: [string, string][];
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const headerName = fc.constantFrom('x-canary', 'x-user', 'user-agent', 'X-Upper', '', 'with space', ':authority', 'x_under');
const rawRoute: fc.Arbitrary<RawRoute> = fc.record({
  name: opt(fc.constantFrom('api', 'web-v2', 'Bad Name', '')),
  match: opt(fc.array(fc.record({
    uri: opt(rawMatch), authority: opt(rawMatch), method: opt(rawMatch),
    headers: opt(fc.uniqueArray(fc.tuple(headerName, rawMatch), { maxLength: 2, selector: ([k]) => k })),
    port: opt(port),
  }, { requiredKeys: [] }), { maxLength: 2 })),
  destinations: opt(fc.array(fc.record({
    host: anyHost, port: opt(port), subset: opt(fc.constantFrom('v1', 'v2', 'canary', '', 'V1', 'a.b')),
    weight: opt(fc.constantFrom(0, 10, 50, 90, 100, -5, 101, 12.5)),
  }, { requiredKeys: ['host'] }), { maxLength: 3 })),
  redirect: opt(fc.record({
    uri: opt(fc.constantFrom('/new', '/')), authority: opt(fc.constantFrom('new.example.com')),
    scheme: opt(fc.constantFrom('https', 'http', 'ftp', '')), redirectCode: opt(fc.constantFrom(301, 302, 307, 308, 300, 200, 404)),
  }, { requiredKeys: [] })),
  timeoutMs: opt(durationMs),
  retries: opt(fc.record({
    attempts: fc.constantFrom(0, 1, 3, 10, -1, 2.5, 2 ** 31),
    perTryTimeoutMs: opt(durationMs),
    retryOn: opt(fc.constantFrom('5xx', '5xx,connect-failure', 'gateway-error,reset,503', 'retriable-4xx', 'unavailable,cancelled', 'sometimes', '5xx,', '', '5xx, reset', '999')),
  }, { requiredKeys: ['attempts'] })),
  rewrite: opt(fc.record({ uri: opt(fc.constantFrom('/', '/v2', '')), authority: opt(fc.constantFrom('internal.example.com', '')) }, { requiredKeys: [] })),
  setRequestHeaders: opt(fc.uniqueArray(fc.tuple(fc.constantFrom('x-env', 'x-forwarded-proto', 'host', ':path', '', 'bad header', 'X-Req'),
    fc.constantFrom('prod', '', 'a b', '%REQ(x-id)%')), { maxLength: 2, selector: ([k]) => k })),
}, { requiredKeys: [] }).chain(r => fc.constantFrom('destinations', 'destinations', 'destinations', 'redirect', 'redirect', 'as drawn').map(keep =>
  // mostly one of destinations and redirect, so the checks after that one are reached
  keep === 'as drawn' ? r : keep === 'redirect' ? { ...r, destinations: undefined, redirect: r.redirect ?? { uri: '/new' } }
    : { ...r, redirect: undefined, destinations: r.destinations?.length ? r.destinations : [{ host: 'reviews' }] }));

const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'reset-before-request',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);
/** HTTP status codes Go's `http.StatusText` knows (Istio takes them in retryOn). */
const STATUS = new Set([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);
function retryOnVerdict(r: string): Verdict {
  return worst(...r.split(',').map(p => {
    if (RETRY_ON.has(p) || (/^\d+$/.test(p) && STATUS.has(Number(p)))) return 'ok';
    // a code Go has no name for: Istio refuses it, the library only checks the range
    return /^\d{3}$/.test(p) && Number(p) >= 100 && Number(p) <= 599 ? 'either' : 'bad';
  }));
}

function routeVerdict(r: RawRoute): Verdict {
  const v: Verdict[] = [];
  const dests = r.destinations ?? [];
  if ((dests.length > 0) === (r.redirect !== undefined)) v.push('bad');
  // Istio does not check route names; the library writes DNS labels
  if (r.name !== undefined && !isLabel(r.name)) v.push('either');
  for (const m of r.match ?? []) {
    for (const s of [m.uri, m.authority, m.method]) if (s) v.push(matchVerdict(s));
    for (const [h, s] of m.headers ?? []) {
      v.push(matchVerdict(s));
      v.push(h === '' || h === 'with space' ? 'bad' : /^[-_A-Za-z0-9]+$/.test(h) ? (h === h.toLowerCase() ? 'ok' : 'either') : 'either');
    }
    // port 0 is "any port" to Istio; the library wants a port number
    if (m.port !== undefined) v.push(m.port === 0 ? 'either' : portVerdict(m.port));
  }
  for (const d of dests) {
    v.push(hostVerdict(d.host, { ip: false, bareWildcard: false }));
    v.push(portVerdict(d.port));
    if (d.subset !== undefined) v.push(isLabel(d.subset) ? 'ok' : 'bad');
    if (d.weight !== undefined) v.push(!Number.isInteger(d.weight) || d.weight < 0 ? 'bad' : d.weight > 100 ? 'either' : 'ok');
  }
  if (dests.length > 1) {
    const total = dests.reduce((s, d) => s + (d.weight ?? 0), 0);
    // Istio normalizes weights and only refuses a total of 0; the library wants percentages that add up to 100
    v.push(total === 0 ? 'bad' : total === 100 ? 'ok' : 'either');
  }
  if (r.redirect) {
    const rd = r.redirect;
    if (!rd.uri && !rd.authority && !rd.scheme) v.push('bad');
    if (rd.scheme !== undefined && rd.scheme !== '' && rd.scheme !== 'http' && rd.scheme !== 'https') v.push('bad');
    if (rd.redirectCode !== undefined) v.push([301, 302, 303, 307, 308].includes(rd.redirectCode) ? 'ok' : rd.redirectCode >= 300 && rd.redirectCode <= 399 ? 'either' : 'bad');
    if (r.rewrite) v.push('bad');
  }
  v.push(durationVerdict(r.timeoutMs));
  if (r.retries) {
    const rt = r.retries;
    v.push(Number.isInteger(rt.attempts) && rt.attempts >= 0 && rt.attempts <= 2 ** 31 - 1 ? 'ok' : 'bad');
    v.push(durationVerdict(rt.perTryTimeoutMs));
    if (rt.retryOn !== undefined && rt.retryOn !== '') v.push(retryOnVerdict(rt.retryOn));
    // retry settings with retries off: Istio warns
    if (rt.attempts === 0 && (rt.perTryTimeoutMs !== undefined || rt.retryOn)) v.push('either');
  }
  if (r.rewrite && !r.rewrite.uri && !r.rewrite.authority) v.push('bad');
  for (const [k, val] of r.setRequestHeaders ?? []) {
    if (k === '' || k === 'bad header' || k === ':path') v.push('bad');
    if (k === 'host' && r.rewrite?.authority) v.push('bad');
    if (k === 'X-Req' || k === 'host') v.push('either');
    // Envoy's %...% command operators are parsed; Istio checks them
    if (val.includes('%')) v.push('either');
  }
  return worst(...v);
}

function toRoute(r: RawRoute): HttpRoute {
  return {
    name: r.name,
    match: r.match?.map(m => ({
      uri: m.uri && toMatch(m.uri), authority: m.authority && toMatch(m.authority), method: m.method && toMatch(m.method),
      headers: m.headers && Object.fromEntries(m.headers.map(([k, s]) => [k, toMatch(s)])), port: m.port,
    })),
    destinations: r.destinations,
    redirect: r.redirect,
    timeout: r.timeoutMs === undefined ? undefined : toDuration(r.timeoutMs),
    retries: r.retries && {
      attempts: r.retries.attempts, retryOn: r.retries.retryOn,
      perTryTimeout: r.retries.perTryTimeoutMs === undefined ? undefined : toDuration(r.retries.perTryTimeoutMs),
    },
    rewrite: r.rewrite,
    setRequestHeaders: r.setRequestHeaders && Object.fromEntries(r.setRequestHeaders),
  };
}

/** Routes that are right by construction. */
const goodRoute: fc.Arbitrary<RawRoute> = fc.record({
  name: opt(fc.constantFrom('api', 'web-v2')),
  match: opt(fc.array(fc.record({ uri: opt(fc.record({ kind: fc.constantFrom('exact' as const, 'prefix' as const), value: fc.constantFrom('/api', '/') })) }, { requiredKeys: [] }), { maxLength: 2 })),
  destinations: fc.oneof(
    fc.constant([{ host: 'reviews' }]),
    fc.constant([{ host: 'reviews.apps.svc.cluster.local', subset: 'v1', weight: 90 }, { host: 'reviews.apps.svc.cluster.local', subset: 'v2', port: 8080, weight: 10 }]),
  ),
  timeoutMs: opt(fc.constantFrom(1, 250, 5000)),
  retries: opt(fc.record({ attempts: fc.constantFrom(1, 3), perTryTimeoutMs: opt(fc.constantFrom(2, 500)), retryOn: opt(fc.constantFrom('5xx', 'gateway-error,connect-failure')) })),
  setRequestHeaders: opt(fc.constant([['x-env', 'prod']] as [string, string][])),
}, { requiredKeys: ['destinations'] });

// ---------------------------------------------------------------- the whole VirtualService

type GatewayRef = 'none' | 'imported' | 'own' | 'imported-and-mesh';
const gateways = fc.constantFrom<GatewayRef>('none', 'imported', 'own', 'imported-and-mesh');
interface RawVs { hosts: string[]; gateways: GatewayRef }
const hostsAndGateways = modelled<RawVs>(
  fc.record({ hosts: fc.constantFrom(['reviews'], ['api.example.com', 'shop.example.org'], ['*.example.com']), gateways }),
  fc.record({ hosts: fc.array(anyHost, { maxLength: 3 }), gateways }),
  ({ hosts, gateways: g }) => {
    if (hosts.length === 0) return 'bad';
    const mesh = g === 'none' || g === 'imported-and-mesh';
    const each = worst(...hosts.map(h => hostVerdict(h, { ip: true, bareWildcard: !mesh })));
    if (each !== 'ok') return each;
    return hosts.some((h, i) => hosts.slice(i + 1).some(o => hostsOverlap(h, o))) ? 'bad' : 'ok';
  },
);
const http = modelled(
  fc.array(goodRoute, { minLength: 1, maxLength: 3 }),
  fc.array(rawRoute, { minLength: 1, maxLength: 3 }),
  routes => worst(...routes.map(routeVerdict)),
);
const exportTo = modelled(
  fc.option(fc.constantFrom(['.'], ['*'], ['demo', 'other']), { nil: undefined }),
  fc.option(fc.array(exportToEntry, { maxLength: 3 }), { nil: undefined }),
  exportToVerdict,
);
const name = modelled(objectName.filter(n => objectNameVerdict(n) === 'ok'), objectName, objectNameVerdict);
const addLater = { good: fc.boolean().map(value => ({ value, verdict: 'ok' as Verdict })), any: fc.boolean().map(value => ({ value, verdict: 'ok' as Verdict })) };
const vsCase = caseOf({ name, hostsAndGateways, http, exportTo, addLater });

const RUNS = runsFor(0.03);

describe('property: Istio VirtualService props', () => {
  test(`${RUNS} generated VirtualServices either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(vsCase, c => {
      const fields: Record<string, Verdict> = {
        'metadata.name': c.name.verdict, 'hosts': c.hostsAndGateways.verdict, 'http': c.http.verdict, 'exportTo': c.exportTo.verdict,
      };
      return checkCase(fields, chart => {
        let gws: IGateway[] | undefined;
        switch (c.hostsAndGateways.value.gateways) {
          case 'none':
            gws = undefined;
            break;
          case 'imported':
          case 'imported-and-mesh':
            gws = [Gateway.fromGatewayName(chart, 'Gw', 'knative-ingress-gateway', { namespaceName: 'knative-serving' })];
            break;
          case 'own':
            gws = [new Gateway(chart, 'Gw', { metadata: { name: 'public' }, servers: [{ hosts: ['*'], port: 80, protocol: GatewayProtocol.HTTP }] })];
            break;
        }
        const routes = c.http.value.map(toRoute);
        // routes in the props, or (addLater) the first in the props and the rest through addHttpRoute()
        const vs = new VirtualService(chart, 'Vs', {
          metadata: c.name.value === undefined ? undefined : { name: c.name.value },
          hosts: c.hostsAndGateways.value.hosts,
          gateways: gws,
          includeMesh: c.hostsAndGateways.value.gateways === 'imported-and-mesh' ? true : undefined,
          exportTo: c.exportTo.value,
          http: c.addLater.value ? routes.slice(0, 1) : routes,
        });
        if (c.addLater.value) routes.slice(1).forEach(r => vs.addHttpRoute(r));
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
