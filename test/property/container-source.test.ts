/** ContainerSource and SinkBinding: the two sources that run or bind the user's own workload. */
import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ContainerSource, SinkBinding, SinkBindingSubject } from '../../src/sources';
import { attribute, makeSink, sink } from './eventing-gen';
import { caseOf, FieldGen, modelled, ok, verdicts, weirdNumbers } from './gen';
import { assertProperty, badNames, checkCase, narrowed, runsFor, timeoutFor, Verdict, worst } from './harness';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const name: FieldGen<string> = {
  good: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })), weight: 3 },
    badNames.map(value => ({ value, verdict: 'bad' as Verdict })),
  ),
};

const ceOverrides = modelled(
  fc.option(fc.uniqueArray(attribute.filter(a => a.verdict === 'ok'), { maxLength: 2, selector: a => a.value }), { nil: undefined }),
  fc.option(fc.uniqueArray(attribute, { maxLength: 2, selector: a => a.value }), { nil: undefined }),
  attrs => worst(...(attrs ?? []).map(a => (['type', 'source', 'id', 'subject', 'specversion'].includes(a.value) ? 'either' : a.verdict))),
);
const overrides = (attrs: { value: string }[] | undefined) => (attrs ? Object.fromEntries(attrs.map(a => [a.value, 'x'])) : undefined);

// ---------------------------------------------------------------- ContainerSource

interface RawContainer { name?: string; image: string; port?: number; env: string[] }
const rawContainer = (names: fc.Arbitrary<string | undefined>, images: fc.Arbitrary<string>, ports: fc.Arbitrary<number | undefined>, env: fc.Arbitrary<string>) =>
  fc.record<RawContainer>({ name: names, image: images, port: ports, env: fc.uniqueArray(env, { maxLength: 2 }) }, { requiredKeys: ['image', 'env'] });
const goodContainer = rawContainer(
  fc.constantFrom(undefined, 'adapter', 'poller'), fc.constantFrom('ghcr.io/acme/heartbeats:1', 'example.com/poller@sha256:' + 'ab'.repeat(32)),
  fc.constantFrom(undefined, 8080, 9000), fc.constantFrom('INTERVAL', 'TARGET', 'LOG_LEVEL'),
);
const anyContainer = rawContainer(
  fc.constantFrom(undefined, 'adapter', 'source', 'Adapter', 'queue-proxy', ''), fc.constantFrom('ghcr.io/acme/heartbeats:1', '', 'a b', 'UPPER'),
  fc.oneof(fc.constantFrom(undefined, 8080, 0, 70000, 8012), weirdNumbers), fc.constantFrom('INTERVAL', 'K_SINK', 'K_CE_OVERRIDES', 'PORT', 'A B', ''),
);

export function containersVerdict(cs: RawContainer[]): Verdict {
  if (cs.length === 0) return 'bad';
  const out: Verdict[] = [];
  const names = cs.map((c, i) => c.name ?? (i === 0 ? 'source' : `source-${i}`));
  if (new Set(names).size !== names.length) out.push('bad');
  for (const c of cs) {
    if (c.name !== undefined && !(DNS1123.test(c.name) && c.name !== 'queue-proxy')) out.push('bad');
    if (!/^[a-z0-9]([-a-z0-9._/:@]*[a-z0-9])?$/.test(c.image)) out.push('bad');
    if (c.port !== undefined && !(Number.isInteger(c.port) && c.port >= 1 && c.port <= 65535)) out.push('bad');
    // a ContainerSource runs a Deployment, not a Revision: Knative's reserved ports and PORT are the constructs' caution
    if (c.port === 8012) out.push('either');
    for (const e of c.env) {
      if (e === 'K_SINK' || e === 'K_CE_OVERRIDES' || e === '' || /[=\s]/.test(e)) out.push('bad');
      if (e === 'PORT') out.push('either');
    }
  }
  return worst(...out);
}
const containers = modelled(fc.array(goodContainer, { minLength: 1, maxLength: 2 }), fc.array(anyContainer, { maxLength: 3 }), containersVerdict);

const containerSourceCase = caseOf({ name, containers, ceOverrides, sink,
  serviceAccount: { good: ok(fc.boolean()), any: ok(fc.boolean()) } });

// ---------------------------------------------------------------- SinkBinding

type RawSubject =
  | { by: 'resource'; workload: 'deployment' | 'cronjob' }
  | { by: 'name'; apiVersion: string; kind: string; name: string }
  | { by: 'selector'; apiVersion: string; kind: string };
const goodSubject = fc.oneof(
  fc.record({ by: fc.constant('resource' as const), workload: fc.constantFrom('deployment' as const, 'cronjob' as const) }),
  fc.record({ by: fc.constant('name' as const), apiVersion: fc.constantFrom('apps/v1', 'batch/v1'), kind: fc.constantFrom('Deployment', 'Job'), name: fc.constantFrom('web', 'nightly') }),
  fc.record({ by: fc.constant('selector' as const), apiVersion: fc.constantFrom('apps/v1'), kind: fc.constantFrom('Deployment') }),
);
const anySubject = fc.oneof(
  goodSubject,
  fc.record({ by: fc.constant('name' as const), apiVersion: fc.constantFrom('apps/v1', ''), kind: fc.constantFrom('Deployment', ''), name: fc.constantFrom('web', '', 'Web_1') }),
  fc.record({ by: fc.constant('selector' as const), apiVersion: fc.constantFrom('apps/v1', ''), kind: fc.constantFrom('Deployment', '') }),
);
export function subjectVerdict(s: RawSubject): Verdict {
  if (s.by === 'resource') return 'ok';
  const out: Verdict[] = [s.apiVersion === '' || s.kind === '' ? 'bad' : 'ok'];
  if (s.by === 'name') out.push(s.name === '' ? 'bad' : DNS1123.test(s.name) ? 'ok' : 'either');
  return worst(...out);
}
const subject = modelled(goodSubject, anySubject, subjectVerdict);
const sinkBindingCase = caseOf({ name, subject, ceOverrides, sink });

/**
 * Open bugs these properties found in the constructs (files these tests do
 * not own); each narrows the generator until fixed (see known-bugs.test.ts).
 */
function knownSourceBug(_c: unknown): string | undefined {
  return undefined;
}

const CONTAINER_RUNS = runsFor(0.06);
const BINDING_RUNS = runsFor(0.04);

describe('property: ContainerSource and SinkBinding props', () => {
  test(`${CONTAINER_RUNS} generated ContainerSources either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(containerSourceCase, knownSourceBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, {
        name: 'metadata.name', containers: 'containers', ceOverrides: 'ceOverrides', sink: 'sink', serviceAccount: 'serviceAccount',
      });
      return checkCase(fields, chart => {
        new ContainerSource(chart, 'Source', {
          metadata: { name: c.name.value },
          containers: c.containers.value.map(x => ({
            name: x.name, image: x.image, port: x.port,
            envVariables: Object.fromEntries(x.env.map(e => [e, kplus.EnvValue.fromValue('1')])),
          })),
          serviceAccount: c.serviceAccount.value ? kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', 'poller') : undefined,
          ceOverrides: overrides(c.ceOverrides.value),
          sink: makeSink(c.sink.value)(chart, 'Sink'),
        });
      });
    }, CONTAINER_RUNS);
  }, timeoutFor(CONTAINER_RUNS));

  test(`${BINDING_RUNS} generated SinkBindings either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(sinkBindingCase, knownSourceBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, { name: 'metadata.name', subject: 'subject', ceOverrides: 'ceOverrides', sink: 'sink' });
      return checkCase(fields, chart => {
        const s = c.subject.value;
        let subj: SinkBindingSubject;
        if (s.by === 'resource') {
          const container = { image: 'ghcr.io/acme/job:1', securityContext: { ensureNonRoot: false } };
          const workload = s.workload === 'deployment'
            ? new kplus.Deployment(chart, 'Workload', { containers: [container] })
            : new kplus.CronJob(chart, 'Workload', { schedule: Cron.daily(), containers: [container] });
          subj = SinkBindingSubject.fromResource(workload);
        } else if (s.by === 'name') {
          subj = SinkBindingSubject.fromKindAndName(s.apiVersion, s.kind, s.name);
        } else {
          subj = SinkBindingSubject.fromSelector(s.apiVersion, s.kind, kplus.LabelSelector.of({ labels: { app: 'web' } }));
        }
        new SinkBinding(chart, 'Binding', {
          metadata: { name: c.name.value },
          subject: subj,
          ceOverrides: overrides(c.ceOverrides.value),
          sink: makeSink(c.sink.value)(chart, 'Sink'),
        });
      });
    }, BINDING_RUNS);
  }, timeoutFor(BINDING_RUNS));
});
