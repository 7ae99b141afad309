import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ClientTlsMode, DestinationRule, LoadBalancerAlgorithm } from '../../src/istio';
import { caseOf, modelled } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict, worst } from './harness';
import {
  anyHost, durationMs, durationVerdict, exportToEntry, exportToVerdict, hostVerdict, isLabel, labels, objectName, objectNameVerdict,
  subsetLabelsVerdict, toDuration,
} from './istio-gen';

const INT32_MAX = 2 ** 31 - 1;
const count = fc.option(fc.oneof({ arbitrary: fc.constantFrom(1, 10, 100, 1024), weight: 4 }, fc.constantFrom(0, -1, 1.5, INT32_MAX, INT32_MAX + 1)), { nil: undefined });
/** A connection-pool limit: int32, 0 is Istio's "unset" (the library wants a limit from 1). */
function countVerdict(n: number | undefined): Verdict {
  if (n === undefined) return 'ok';
  if (!Number.isInteger(n) || n < 0 || n > INT32_MAX) return 'bad';
  return n === 0 ? 'either' : 'ok';
}

const host = modelled(fc.constantFrom('reviews', 'reviews.apps.svc.cluster.local', '*.local', 'api.example.com'), anyHost,
  // Istio takes "*" as a DestinationRule host; the library wants a service
  h => (h === '*' ? 'either' : hostVerdict(h, { ip: false, bareWildcard: false })));

interface RawTls { mode?: ClientTlsMode; credential: boolean; sni?: string }
const tls = modelled<RawTls>(
  fc.oneof(
    fc.record({ mode: fc.constantFrom(undefined, ClientTlsMode.DISABLE, ClientTlsMode.ISTIO_MUTUAL), credential: fc.constant(false), sni: fc.constantFrom(undefined, 'api.example.com') }),
    fc.record({ mode: fc.constantFrom(ClientTlsMode.SIMPLE, ClientTlsMode.MUTUAL), credential: fc.constant(true), sni: fc.constantFrom(undefined, 'api.example.com') }),
  ),
  fc.record({ mode: fc.constantFrom(undefined, ...Object.values(ClientTlsMode)), credential: fc.boolean(), sni: fc.constantFrom(undefined, 'api.example.com', '') }),
  t => {
    // MUTUAL origination needs a client certificate: istiod refuses MUTUAL without credentialName (or certificate files)
    if (t.mode === ClientTlsMode.MUTUAL && !t.credential) return 'bad';
    // a credential other modes ignore: Istio does not refuse it, the library does
    if (t.credential && t.mode !== ClientTlsMode.SIMPLE && t.mode !== ClientTlsMode.MUTUAL) return 'either';
    return 'ok';
  },
);

interface RawPolicy {
  loadBalancer?: LoadBalancerAlgorithm;
  maxConnections?: number;
  http1MaxPendingRequests?: number;
  http2MaxRequests?: number;
  connectTimeoutMs?: number;
  outlier?: { consecutive5xxErrors?: number; intervalMs?: number; baseEjectionTimeMs?: number; maxEjectionPercent?: number };
}
const policy = modelled<RawPolicy>(
  fc.record({
    loadBalancer: fc.option(fc.constantFrom(...Object.values(LoadBalancerAlgorithm)), { nil: undefined }),
    maxConnections: fc.option(fc.constantFrom(1, 100), { nil: undefined }),
    connectTimeoutMs: fc.option(fc.constantFrom(1, 250, 10_000), { nil: undefined }),
    outlier: fc.option(fc.record({ consecutive5xxErrors: fc.constantFrom(undefined, 0, 5), intervalMs: fc.constantFrom(undefined, 10_000) }), { nil: undefined }),
  }, { requiredKeys: [] }),
  fc.record({
    loadBalancer: fc.option(fc.constantFrom(...Object.values(LoadBalancerAlgorithm)), { nil: undefined }),
    maxConnections: count, http1MaxPendingRequests: count, http2MaxRequests: count,
    connectTimeoutMs: fc.option(durationMs, { nil: undefined }),
    outlier: fc.option(fc.record({
      consecutive5xxErrors: fc.constantFrom(undefined, 0, 5, -1, 2.5, 2 ** 32),
      intervalMs: fc.option(durationMs, { nil: undefined }),
      baseEjectionTimeMs: fc.option(durationMs, { nil: undefined }),
      maxEjectionPercent: fc.constantFrom(undefined, 0, 10, 100, 101, -1, 12.5),
    }, { requiredKeys: [] }), { nil: undefined }),
  }, { requiredKeys: [] }),
  p => worst(
    countVerdict(p.maxConnections), countVerdict(p.http1MaxPendingRequests), countVerdict(p.http2MaxRequests), durationVerdict(p.connectTimeoutMs),
    ...(p.outlier ? [
      // a uint32 in Istio's API
      p.outlier.consecutive5xxErrors === undefined || (Number.isInteger(p.outlier.consecutive5xxErrors) && p.outlier.consecutive5xxErrors >= 0
        && p.outlier.consecutive5xxErrors <= 2 ** 32 - 1) ? 'ok' : 'bad',
      durationVerdict(p.outlier.intervalMs), durationVerdict(p.outlier.baseEjectionTimeMs),
      p.outlier.maxEjectionPercent === undefined || (Number.isInteger(p.outlier.maxEjectionPercent) && p.outlier.maxEjectionPercent >= 0
        && p.outlier.maxEjectionPercent <= 100) ? 'ok' : 'bad',
    ] as Verdict[] : []),
  ),
);

const subsetName = fc.constantFrom('v1', 'v2', 'canary', '', 'V1', 'a.b', 'x'.repeat(64));
const subsets = modelled(
  fc.option(fc.constantFrom([{ name: 'v1', labels: { version: 'v1' } }], [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2', app: 'web' } }]), { nil: undefined }),
  fc.option(fc.array(fc.record({ name: subsetName, labels }), { maxLength: 3 }), { nil: undefined }),
  list => worst(...(list ?? []).map((s, i) => worst(
    isLabel(s.name) ? 'ok' : 'bad',
    // Istio does not check that subset names are unique (the first wins); the library does
    list!.slice(0, i).some(o => o.name === s.name) ? 'either' : 'ok',
    subsetLabelsVerdict(s.labels),
  ))),
);
const exportTo = modelled(fc.option(fc.constantFrom(['.'], ['*']), { nil: undefined }), fc.option(fc.array(exportToEntry, { maxLength: 3 }), { nil: undefined }), exportToVerdict);
const name = modelled(objectName.filter(n => objectNameVerdict(n) === 'ok'), objectName, objectNameVerdict);
const drCase = caseOf({ name, host, tls, policy, subsets, exportTo });

const RUNS = runsFor(0.02);

describe('property: Istio DestinationRule props', () => {
  test(`${RUNS} generated DestinationRules either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(drCase, c => {
      const p = c.policy.value;
      const fields: Record<string, Verdict> = {
        'metadata.name': c.name.verdict, 'host': c.host.verdict, 'tlsMode': c.tls.verdict, 'credential': c.tls.verdict,
        'subsets': c.subsets.verdict, 'exportTo': c.exportTo.verdict,
      };
      for (const f of ['maxConnections', 'http1MaxPendingRequests', 'http2MaxRequests', 'connectTimeout', 'outlierDetection']) fields[f] = c.policy.verdict;
      return checkCase(fields, chart => {
        new DestinationRule(chart, 'Dr', {
          metadata: c.name.value === undefined ? undefined : { name: c.name.value },
          host: c.host.value,
          tlsMode: c.tls.value.mode,
          credential: c.tls.value.credential ? kplus.Secret.fromSecretName(chart, 'Cert', 'client-cert') : undefined,
          sni: c.tls.value.sni,
          loadBalancer: p.loadBalancer,
          maxConnections: p.maxConnections,
          http1MaxPendingRequests: p.http1MaxPendingRequests,
          http2MaxRequests: p.http2MaxRequests,
          connectTimeout: p.connectTimeoutMs === undefined ? undefined : toDuration(p.connectTimeoutMs),
          outlierDetection: p.outlier && {
            consecutive5xxErrors: p.outlier.consecutive5xxErrors,
            interval: p.outlier.intervalMs === undefined ? undefined : toDuration(p.outlier.intervalMs),
            baseEjectionTime: p.outlier.baseEjectionTimeMs === undefined ? undefined : toDuration(p.outlier.baseEjectionTimeMs),
            maxEjectionPercent: p.outlier.maxEjectionPercent,
          },
          subsets: c.subsets.value,
          exportTo: c.exportTo.value,
        });
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
