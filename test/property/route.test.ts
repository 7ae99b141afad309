import * as fc from 'fast-check';
import { Configuration, IConfiguration, Route, TrafficTarget } from '../../src/serving';
import { caseOf, modelled, ok, verdicts, weirdNumbers } from './gen';
import { assertProperty, checkCase, narrowed, runsFor, serviceName, timeoutFor, Verdict, worst } from './harness';

/** A Route target: the latest Revision of a Configuration (of the app or imported), a named Revision, or (wrongly) the bare latest. */
interface RawTarget { to: 'latest-of-app' | 'latest-of-imported' | 'revision' | 'latest'; revision: string; percent?: number; tag?: string }
const rawTarget = (tos: fc.Arbitrary<RawTarget['to']>, revisions: fc.Arbitrary<string>, percents: fc.Arbitrary<number>, tags: fc.Arbitrary<string>) =>
  fc.record<RawTarget>({ to: tos, revision: revisions, percent: percents, tag: tags }, { requiredKeys: ['to', 'revision'] });

const goodTargets = fc.tuple(
  fc.array(rawTarget(fc.constantFrom('latest-of-app', 'latest-of-imported', 'revision'), fc.constantFrom('web-00001', 'web-v2'),
    fc.integer({ min: 0, max: 50 }), fc.constantFrom('a', 'b', 'current')), { minLength: 1, maxLength: 3 }),
).map(([targets]) => {
  const seen = new Set<string>();
  const out = targets.map(t => {
    const tag = t.tag !== undefined && !seen.has(t.tag) ? t.tag : undefined;
    if (tag) seen.add(tag);
    return { ...t, tag, percent: t.percent ?? 0 };
  });
  out[out.length - 1].percent = 100 - out.slice(0, -1).reduce((sum, t) => sum + t.percent, 0);
  return out as RawTarget[];
});
const anyTargets = fc.array(rawTarget(
  fc.constantFrom('latest-of-app', 'latest-of-imported', 'revision', 'latest'),
  fc.constantFrom('web-00001', 'Web', '', '-x'),
  fc.oneof(fc.integer({ min: -5, max: 105 }), fc.constantFrom(0, 50, 100), weirdNumbers),
  fc.constantFrom('a', 'b', '1x', 'B', ''),
), { maxLength: 3 });

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export function routeTrafficVerdict(ts: RawTarget[]): Verdict {
  if (ts.length === 0) return 'bad';
  const out: Verdict[] = [];
  const percents = ts.map(t => t.percent ?? (ts.length === 1 ? 100 : 0));
  for (const p of percents) if (!(Number.isInteger(p) && p >= 0 && p <= 100)) out.push('bad');
  if (percents.every(Number.isFinite) && percents.reduce((a, b) => a + b, 0) !== 100) out.push('bad');
  const tags = ts.map(t => t.tag).filter((t): t is string => t !== undefined);
  for (const tag of tags) if (!DNS1035.test(tag)) out.push(tag === '' ? 'either' : 'bad');
  if (new Set(tags).size !== tags.length) out.push('bad');
  for (const t of ts) {
    // a Route follows a Configuration's latest Revision, never its own
    if (t.to === 'latest') out.push('bad');
    if (t.to === 'revision' && !DNS1123.test(t.revision)) out.push('bad');
  }
  return worst(...out);
}
const traffic = modelled(goodTargets, anyTargets, routeTrafficVerdict);

const routeCase = caseOf({
  name: { good: serviceName.filter(n => n.verdict === 'ok'), any: serviceName },
  traffic,
  splitLater: { good: ok(fc.boolean()), any: ok(fc.boolean()) },
});

/**
 * Open bugs this property found in the constructs (files this test does not
 * own); each narrows the generator until fixed (see known-bugs.test.ts).
 */
function knownRouteBug(_c: typeof routeCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.04);

describe('property: Route props', () => {
  test(`${RUNS} generated Routes (over a Configuration of the app or an imported one) either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(routeCase, knownRouteBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, { name: 'metadata.name', traffic: 'traffic', splitLater: 'traffic' });
      return checkCase(fields, chart => {
        const own = new Configuration(chart, 'Config', { metadata: { name: 'web' }, container: { image: 'ghcr.io/acme/web:1' } });
        const imported: IConfiguration = Configuration.fromConfigurationName(chart, 'Imported', 'legacy');
        const targets = c.traffic.value.map(t => {
          const options = { percent: t.percent, tag: t.tag };
          switch (t.to) {
            case 'latest-of-app':
              return TrafficTarget.toLatestOf(own, options);
            case 'latest-of-imported':
              return TrafficTarget.toLatestOf(imported, options);
            case 'revision':
              return TrafficTarget.toRevision(t.revision, options);
            case 'latest':
              return TrafficTarget.toLatestRevision(options);
          }
        });
        if (c.splitLater.value) {
          // a Route made with one good target, then split with the drawn ones
          const route = new Route(chart, 'Route', { metadata: { name: c.name.value }, traffic: [TrafficTarget.toLatestOf(own)] });
          route.replaceTraffic(...targets);
        } else {
          new Route(chart, 'Route', { metadata: { name: c.name.value }, traffic: targets });
        }
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
