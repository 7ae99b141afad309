/**
 * Sequences of calls on a Knative Service after construction: canary(),
 * blueGreen(), promote(), replaceTraffic() and addSidecar(). Each call either
 * changes the Service or throws a KnativePropError naming the field and
 * leaves the Service as it was; whatever the calls, the app synthesizes valid
 * manifests at the end. The traffic split has one owner: a release method
 * (canary, blueGreen) refuses a split already set, promote() refuses one set
 * by hand (traffic prop, replaceTraffic), and replaceTraffic() replaces any split.
 */
import * as fc from 'fast-check';
import { KnativePropError } from '../../src/core';
import { BlueGreenSide, Service, TrafficTarget } from '../../src/serving';
import { assertProperty, runCase, runsFor, timeoutFor } from './harness';

const revisions = fc.constantFrom('hello-00001', 'hello-00002', 'hello-v1', 'Bad', '', 'x'.repeat(64));
const percents = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(-1, 101, 1.5));
const tags = fc.constantFrom(undefined, 'stable', 'canary', 'blue', 'green', 'v2', '1x', '', 'Tag');

type Op =
  | { op: 'canary'; stable: string; percent: number; stableTag?: string; canaryTag?: string }
  | { op: 'blueGreen'; blue: string; green: string; live?: BlueGreenSide }
  | { op: 'promote' }
  | { op: 'split'; targets: { latest: boolean; revision: string; percent?: number; tag?: string }[] }
  | { op: 'sidecar'; name?: string; image: string; port?: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('canary' as const), stable: revisions, percent: percents, stableTag: tags, canaryTag: tags }, { requiredKeys: ['op', 'stable', 'percent'] }),
  fc.record({ op: fc.constant('blueGreen' as const), blue: revisions, green: revisions, live: fc.constantFrom(BlueGreenSide.BLUE, BlueGreenSide.GREEN) },
    { requiredKeys: ['op', 'blue', 'green'] }),
  fc.constant({ op: 'promote' as const }),
  fc.record({
    op: fc.constant('split' as const),
    targets: fc.array(fc.record({ latest: fc.boolean(), revision: revisions, percent: percents, tag: tags }, { requiredKeys: ['latest', 'revision'] }), { maxLength: 3 }),
  }),
  fc.record({
    op: fc.constant('sidecar' as const),
    name: fc.constantFrom(undefined, 'proxy', 'user-container', 'sidecar-0', 'queue-proxy', 'Proxy'),
    image: fc.constantFrom('ghcr.io/acme/proxy:2', '', 'a b'),
    port: fc.constantFrom(undefined, undefined, 9000),
  }, { requiredKeys: ['op', 'image'] }),
);

const methodsCase = fc.record({ withTraffic: fc.boolean(), ops: fc.array(op, { minLength: 1, maxLength: 5 }) });


const RUNS = runsFor(0.05);

describe('property: calls on a Service after construction', () => {
  test(`${RUNS} generated call sequences leave a Service that synthesizes valid manifests; a rejected call throws KnativePropError and changes nothing`, () => {
    assertProperty(methodsCase, c => runCase(chart => {
      const svc = new Service(chart, 'Svc', {
        metadata: { name: 'hello' },
        container: { image: 'ghcr.io/acme/app:1.0' },
        traffic: c.withTraffic ? [TrafficTarget.toLatestRevision({ percent: 100, tag: 'latest' })] : undefined,
      });
      let setBy: SetBy = c.withTraffic ? 'traffic' : undefined;
      for (const o of c.ops) {
        const before = render(svc);
        const conflict = conflicts(o, setBy);
        try {
          apply(svc, o);
        } catch (e) {
          if (!(e instanceof KnativePropError)) throw e;
          if (e.constructPath !== svc.node.path || e.field === '') throw new Error(`the error names ${e.constructPath} / "${e.field}": ${e.message}`);
          if (e.field === o.op && !conflict) throw new Error(`${o.op}() refused a split it owns (set by ${setBy}): ${e.message}`);
          // a rejected call changes nothing
          expect(render(svc)).toEqual(before);
          continue;
        }
        if (conflict) throw new Error(`${o.op}() replaced the split set by ${setBy}`);
        setBy = o.op === 'sidecar' ? setBy : o.op === 'split' ? (o.targets.length > 0 ? 'split' : undefined) : o.op;
      }
    }), RUNS);
  }, timeoutFor(RUNS));
});

/** What set the traffic split (undefined: Knative's default). */
type SetBy = 'traffic' | 'split' | 'canary' | 'blueGreen' | 'promote' | undefined;

/** Whether the call must be refused because it would replace a split set another way. */
function conflicts(o: Op, setBy: SetBy): boolean {
  switch (o.op) {
    case 'canary':
    case 'blueGreen':
      return setBy !== undefined;
    case 'promote':
      return setBy === 'traffic' || setBy === 'split';
    default:
      return false;
  }
}

/** The Service's spec now; after accepted calls it must render, so any error here fails the property. */
function render(svc: Service): Record<string, unknown> {
  try {
    return svc._toSpec();
  } catch (e) {
    throw new Error(`the Service no longer renders after the calls it accepted: ${(e as Error).message}`);
  }
}

function apply(svc: Service, o: Op): void {
  switch (o.op) {
    case 'canary':
      return svc.canary(o.stable, o.percent, { stableTag: o.stableTag, canaryTag: o.canaryTag });
    case 'blueGreen':
      return svc.blueGreen({ blue: o.blue, green: o.green, live: o.live });
    case 'promote':
      return svc.promote();
    case 'split':
      return svc.replaceTraffic(...o.targets.map(t => (t.latest
        ? TrafficTarget.toLatestRevision({ percent: t.percent, tag: t.tag })
        : TrafficTarget.toRevision(t.revision, { percent: t.percent, tag: t.tag }))));
    case 'sidecar':
      return svc.addSidecar({ name: o.name, image: o.image, port: o.port });
  }
}
