import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import {
  AutoscalingClass, AutoscalingMetric, AutoscalingProps, PortProtocol, RESERVED_ENV_VARS, RESERVED_PORTS, Service, TrafficTarget,
} from '../../src/serving';
import { bad, caseOf, either, FieldGen, modelled, ok, optional, required, verdicts, weirdNumbers } from './gen';
import { assertProperty, checkCase, narrowed, runsFor, serviceName, Tagged, timeoutFor, Verdict, worst } from './harness';

// ---------------------------------------------------------------- container

const goodImages = fc.constantFrom(
  'ghcr.io/acme/app:1.0', 'nginx', 'registry.example.com:5000/team/app', 'app:latest',
  `example.com/xy@sha256:${'ab12'.repeat(16)}`,
);
const image = required(goodImages, fc.oneof(
  bad(fc.constantFrom('', ' ', '   ', '\t', 'a b', 'app:1.0 ', ' app', 'x\ny')),
  // not image references (BUG-6, fixed: these used to pass the construct and fail the engine)
  bad(fc.constantFrom('UPPER/Case:tag', 'a', '::', '@@', 'ghcr.io/app@sha256:short', `app@sha512:${'ab'.repeat(64)}`)),
));

const port = optional(
  fc.integer({ min: 1, max: 65535 }).filter(p => !RESERVED_PORTS.includes(p)),
  bad(fc.oneof(fc.constantFrom(...RESERVED_PORTS), fc.integer({ min: -70000, max: 0 }), fc.integer({ min: 65536, max: 1_000_000 }), weirdNumbers)),
);

const portProtocol = optional(fc.constantFrom(PortProtocol.HTTP1, PortProtocol.H2C), fc.constant({ value: undefined, verdict: 'ok' as Verdict }));

const goodEnvName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/).filter(n => !RESERVED_ENV_VARS.includes(n));
const envName: fc.Arbitrary<Tagged<string>> = fc.oneof(
  { arbitrary: ok(goodEnvName), weight: 4 },
  { arbitrary: bad(fc.constantFrom(...RESERVED_ENV_VARS, '', 'A=B', 'A B', ' ', 'X\n')), weight: 1 },
  // Kubernetes' env var name rule depends on the cluster version (RelaxedEnvironmentVariableValidation)
  { arbitrary: either(fc.constantFrom('1ABC', 'my.var', 'x-y', 'é', '$X', '__proto__', 'constructor')), weight: 1 },
);
/** Env vars: a list of tagged names, made unique; the record keeps the insertion order. */
const envVariables = modelled(
  fc.option(fc.uniqueArray(ok(goodEnvName), { maxLength: 3, selector: t => t.value }), { nil: undefined }),
  fc.option(fc.uniqueArray(envName, { maxLength: 4, selector: t => t.value }), { nil: undefined }),
  names => worst(...(names ?? []).map(n => n.verdict)),
);

/** Where the env values come from: literals, a Secret or ConfigMap key (imported or of the app), the pod's fields. */
type EnvSource = 'literal' | 'empty' | 'secret-imported' | 'secret-app' | 'configmap-app' | 'field-ref';
const envSource = { good: ok(fc.constantFrom<EnvSource>('literal', 'empty', 'secret-imported', 'secret-app', 'configmap-app', 'field-ref')),
  any: ok(fc.constantFrom<EnvSource>('literal', 'empty', 'secret-imported', 'secret-app', 'configmap-app', 'field-ref')) };
function envValue(chart: Chart, source: EnvSource, i: number): kplus.EnvValue {
  switch (source) {
    case 'literal':
      return kplus.EnvValue.fromValue('x');
    case 'empty':
      return kplus.EnvValue.fromValue('');
    case 'secret-imported':
      return kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, `Secret${i}`, 'db'), key: 'password' });
    case 'secret-app':
      return kplus.EnvValue.fromSecretValue({ secret: new kplus.Secret(chart, `Secret${i}`, { stringData: { password: 'p' } }), key: 'password' });
    case 'configmap-app':
      return kplus.EnvValue.fromConfigMap(new kplus.ConfigMap(chart, `ConfigMap${i}`, { data: { level: 'debug' } }), 'level');
    case 'field-ref':
      // needs kubernetes.podspec-fieldref, which the case's cluster then enables
      return kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME);
  }
}

// ---------------------------------------------------------------- revision

const containerConcurrency = optional(
  fc.integer({ min: 0, max: 1000 }),
  bad(fc.oneof(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: 1001, max: 10_000_000 }), weirdNumbers)),
);

/** Timeouts in whole seconds (or a few milliseconds), from which the three request timeouts are drawn. */
const seconds = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.constantFrom(0, 1, 30, 300, 600));
const anySeconds = fc.oneof(seconds, fc.integer({ min: 601, max: 100_000 }), fc.constantFrom(0.5, 1.5, 600.001));
interface Timeouts { timeout?: number; responseStart?: number; idle?: number }
const timeoutModel = (t: Timeouts): Verdict => {
  const each = [t.timeout, t.responseStart, t.idle].map(s =>
    s === undefined ? 'ok' : Number.isInteger(s) && s >= 0 && s <= 600 ? 'ok' : 'bad') as Verdict[];
  const order: Verdict = t.timeout !== undefined && t.responseStart !== undefined && t.responseStart > t.timeout ? 'bad' : 'ok';
  return worst(...each, order);
};
const timeouts = modelled(
  fc.record({ timeout: seconds, responseStart: seconds, idle: seconds }, { requiredKeys: [] })
    .map(t => (t.timeout !== undefined && t.responseStart !== undefined && t.responseStart > t.timeout
      ? { ...t, timeout: t.responseStart, responseStart: t.timeout } : t)),
  fc.record({ timeout: anySeconds, responseStart: anySeconds, idle: anySeconds }, { requiredKeys: [] }),
  timeoutModel,
);
/** cdk8s `Duration`s cannot be negative (it throws), so no generator draws a negative time. */
const duration = (s: number | undefined) => (s === undefined ? undefined : Duration.millis(Math.round(s * 1000)));

/** BYO revision name: `<service>-<suffix>`, or one with another prefix / a bad suffix. */
const revisionSuffix = optional<string>(
  fc.constantFrom('v2', '00002', 'blue'),
  either(fc.constantFrom('!other-v1', '!', 'UP', '_x', '-')), // '!' marks "no <service>- prefix"
);
function revisionName(service: string, suffix: string | undefined): string | undefined {
  if (suffix === undefined) return undefined;
  return suffix.startsWith('!') ? suffix.slice(1) : `${service}-${suffix}`;
}
function revisionNameVerdict(service: Tagged<string>, suffix: Tagged<string | undefined>): Verdict {
  const name = revisionName(service.value, suffix.value);
  if (name === undefined) return 'ok';
  if (service.verdict !== 'ok') return 'either';
  return /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) && name.length <= 63 && name.startsWith(`${service.value}-`) && name.length > service.value.length + 1
    ? 'ok' : 'bad';
}

// ---------------------------------------------------------------- autoscaling

interface RawAutoscaling {
  cls?: 'kpa' | 'hpa' | 'custom';
  metric?: 'concurrency' | 'rps' | 'cpu' | 'memory' | 'custom';
  target?: number;
  targetUtilizationPercentage?: number;
  minScale?: number;
  maxScale?: number;
  initialScale?: number;
  activationScale?: number;
  scaleToZero?: boolean;
  scaleDownDelay?: number;
  window?: number;
  panicWindowPercentage?: number;
  panicThresholdPercentage?: number;
}

type ClassMetric = [RawAutoscaling['cls'], RawAutoscaling['metric']];
type Bounds = [number | undefined, number | undefined];
/** Each autoscaling prop: good values, and good or wrong ones; absent in a third of the cases. */
const scaling = <T>(good: fc.Arbitrary<T>, wrong: fc.Arbitrary<T>): FieldGen<T | undefined> => ({
  good: fc.option(good, { nil: undefined, freq: 3 }).map(value => ({ value, verdict: 'either' as Verdict })),
  any: fc.option(fc.oneof(good, wrong), { nil: undefined, freq: 3 }).map(value => ({ value, verdict: 'either' as Verdict })),
});
const scalingGens = {
  // class and metric go together: KPA scales on concurrency or rps, HPA on cpu or memory
  classMetric: scaling(
    fc.constantFrom<ClassMetric>(['kpa', 'concurrency'], ['kpa', 'rps'], ['kpa', undefined], [undefined, 'rps'], ['hpa', 'cpu'], ['hpa', 'memory'], [undefined, undefined]),
    fc.constantFrom<ClassMetric>(['kpa', 'cpu'], [undefined, 'memory'], ['kpa', 'custom'], ['hpa', undefined], ['hpa', 'rps'], ['hpa', 'custom'], ['custom', 'custom'], ['custom', undefined])),
  target: scaling(fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.01, max: 1000, noNaN: true })),
    fc.oneof(fc.integer({ min: -10, max: 0 }), fc.double({ min: -1, max: 0.01, noNaN: true }), fc.constantFrom(0.001, 0.009), weirdNumbers)),
  targetUtilizationPercentage: scaling(fc.integer({ min: 1, max: 100 }), fc.oneof(fc.integer({ min: -5, max: 0 }), fc.integer({ min: 101, max: 200 }), fc.constantFrom(0.5, 99.5), weirdNumbers)),
  // min <= max unless max is 0 (no limit)
  bounds: scaling(
    fc.tuple(fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }))
      .map(([lo, hi]): Bounds => (lo !== undefined && hi !== undefined && hi > 0 && lo > hi ? [hi, lo] : [lo, hi])),
    fc.tuple(fc.option(fc.oneof(fc.integer({ min: -3, max: 12 }), weirdNumbers), { nil: undefined }),
      fc.option(fc.oneof(fc.integer({ min: -3, max: 12 }), weirdNumbers), { nil: undefined }))),
  initialScale: scaling(fc.integer({ min: 1, max: 10 }), fc.oneof(fc.integer({ min: -3, max: 0 }), weirdNumbers)),
  activationScale: scaling(fc.integer({ min: 2, max: 10 }), fc.oneof(fc.integer({ min: -3, max: 1 }), weirdNumbers)),
  scaleToZero: scaling(fc.boolean(), fc.boolean()),
  scaleDownDelay: scaling(fc.integer({ min: 0, max: 3600 }), fc.oneof(fc.integer({ min: 3601, max: 100_000 }), fc.constantFrom(0.5, 1.5))),
  window: scaling(fc.integer({ min: 6, max: 3600 }), fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 3601, max: 100_000 }), fc.constantFrom(6.5))),
  panicWindowPercentage: scaling(fc.integer({ min: 1, max: 100 }), fc.oneof(fc.integer({ min: -3, max: 0 }), fc.integer({ min: 101, max: 200 }), weirdNumbers)),
  panicThresholdPercentage: scaling(fc.integer({ min: 110, max: 1000 }), fc.oneof(fc.integer({ min: 0, max: 109 }), fc.integer({ min: 1001, max: 5000 }), weirdNumbers)),
};
/** Raw autoscaling props: good ones, one wrong at a time, or any (see `caseOf`). */
const rawAutoscaling: fc.Arbitrary<RawAutoscaling> = caseOf(scalingGens).map(({ classMetric, bounds, ...rest }) => {
  const [cls, metric] = classMetric.value ?? [undefined, undefined];
  const [minScale, maxScale] = bounds.value ?? [undefined, undefined];
  const flat: Record<string, unknown> = { cls, metric, minScale, maxScale };
  for (const [k, t] of Object.entries(rest)) flat[k] = (t as Tagged<unknown>).value;
  return Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined)) as RawAutoscaling;
});

const isInt = (n: number | undefined) => n !== undefined && Number.isInteger(n);
const inRange = (n: number | undefined, min: number, max: number) => n === undefined || (Number.isFinite(n) && n >= min && n <= max);

/** Knative's autoscaling rules (stock config-autoscaler) as we read them. */
export function autoscalingModel(a: RawAutoscaling | undefined): Verdict {
  if (!a) return 'ok';
  const out: Verdict[] = [];
  const v = (cond: boolean, verdict: Verdict = 'bad') => { if (!cond) out.push(verdict); };
  const cls = a.cls ?? 'kpa';
  if (cls === 'custom') out.push('either'); // a custom autoscaler has rules of its own
  if (cls === 'kpa') v(a.metric === undefined || a.metric === 'concurrency' || a.metric === 'rps');
  if (cls === 'hpa') {
    // Knative defaults the HPA metric to cpu; our constructs ask for it, and concurrency/rps are a KPA thing
    v(a.metric !== undefined && a.metric !== 'concurrency' && a.metric !== 'rps', 'either');
    v(a.scaleToZero !== true, 'either');
    v(a.window === undefined && a.panicWindowPercentage === undefined && a.panicThresholdPercentage === undefined, 'either');
  }
  v(a.target === undefined || (Number.isFinite(a.target) && a.target >= 0.01));
  v(inRange(a.targetUtilizationPercentage, 1, 100));
  for (const n of [a.minScale, a.maxScale, a.initialScale]) v(n === undefined || (isInt(n) && n >= 0));
  v(a.activationScale === undefined || (isInt(a.activationScale) && a.activationScale >= 2));
  // the stock config-autoscaler has allow-zero-initial-scale: false
  v(a.initialScale !== 0);
  v(!(a.scaleToZero === false && a.minScale === 0));
  const min = a.minScale ?? (a.scaleToZero === false ? 1 : 0);
  const max = a.maxScale ?? 0;
  if (isInt(min) && isInt(max) && max > 0) {
    v(min <= max);
    if (isInt(a.initialScale)) v(a.initialScale! <= max, 'either');
  }
  if (isInt(a.activationScale)) {
    if (isInt(min)) v(min <= a.activationScale!);
    if (isInt(max) && max > 0) v(a.activationScale! <= max);
  }
  v(a.scaleDownDelay === undefined || (isInt(a.scaleDownDelay) && a.scaleDownDelay >= 0 && a.scaleDownDelay <= 3600));
  v(a.window === undefined || (isInt(a.window) && a.window >= 6 && a.window <= 3600));
  v(inRange(a.panicWindowPercentage, 1, 100));
  v(inRange(a.panicThresholdPercentage, 110, 1000));
  return worst(...out);
}

function autoscalingProps(a: RawAutoscaling | undefined): AutoscalingProps | undefined {
  if (!a) return undefined;
  const cls = { kpa: AutoscalingClass.KPA, hpa: AutoscalingClass.HPA, custom: AutoscalingClass.custom('example.com/queue-autoscaler') };
  const metric = {
    concurrency: AutoscalingMetric.CONCURRENCY, rps: AutoscalingMetric.RPS, cpu: AutoscalingMetric.CPU, memory: AutoscalingMetric.MEMORY,
    custom: AutoscalingMetric.custom('queue-depth'),
  };
  return {
    autoscalingClass: a.cls && cls[a.cls],
    metric: a.metric && metric[a.metric],
    target: a.target,
    targetUtilizationPercentage: a.targetUtilizationPercentage,
    minScale: a.minScale,
    maxScale: a.maxScale,
    initialScale: a.initialScale,
    activationScale: a.activationScale,
    scaleToZero: a.scaleToZero,
    scaleDownDelay: duration(a.scaleDownDelay),
    window: duration(a.window),
    panicWindowPercentage: a.panicWindowPercentage,
    panicThresholdPercentage: a.panicThresholdPercentage,
  };
}

const autoscaling = modelled(fc.option(rawAutoscaling, { nil: undefined, freq: 2 }), fc.option(rawAutoscaling, { nil: undefined, freq: 4 }), autoscalingModel);

// ---------------------------------------------------------------- traffic

interface RawTarget { latest: boolean; revision: string; percent?: number; tag?: string }
const rawTarget = (revisions: fc.Arbitrary<string>, percents: fc.Arbitrary<number>, tags: fc.Arbitrary<string>) => fc.record<RawTarget>({
  latest: fc.boolean(),
  revision: revisions,
  percent: percents,
  tag: tags,
}, { requiredKeys: ['latest', 'revision'] });

const goodTraffic = fc.oneof(
  // the shapes people write: one target, a canary split, a tagged 0 % target
  fc.integer({ min: 0, max: 100 }).map(p => [
    { latest: false, revision: 'rev-a', percent: 100 - p, tag: 'stable' },
    { latest: true, revision: '', percent: p, tag: 'canary' },
  ]),
  // up to three targets whose percents add up to 100 (the last one takes the rest), unique tags
  fc.tuple(
    fc.array(rawTarget(fc.constantFrom('rev-a', 'rev-b', 'hello-00001'), fc.integer({ min: 0, max: 50 }), fc.constantFrom('stable', 'canary', 'v1', 'blue')),
      { minLength: 1, maxLength: 3 }),
    fc.boolean(),
  ).map(([targets, implicit]) => {
    const tags = new Set<string>();
    const out = targets.map(t => {
      const tag = t.tag !== undefined && !tags.has(t.tag) ? t.tag : undefined;
      if (tag) tags.add(tag);
      return { ...t, tag, percent: t.percent ?? 0 };
    });
    const last = out[out.length - 1];
    last.percent = 100 - out.slice(0, -1).reduce((sum, t) => sum + t.percent, 0);
    // a single target may leave its percent out (it gets 100)
    if (out.length === 1 && implicit) delete (last as Partial<RawTarget>).percent;
    return out as RawTarget[];
  }),
);
const badTags = fc.constantFrom('Canary', '1v', '0', '-x', 'a_b', '', 'x'.repeat(64), 'tag.dot');
const badRevisions = fc.constantFrom('Rev', '', '-x', 'a.b', 'x'.repeat(64));
const badPercents = fc.oneof(fc.integer({ min: -10, max: -1 }), fc.integer({ min: 101, max: 200 }), weirdNumbers);
/** A good split with one thing changed: a percent, a tag, a revision name, or a tag used twice. */
const mutatedTraffic = fc.tuple(goodTraffic, fc.nat(), fc.constantFrom('percent', 'shift', 'tag', 'revision', 'dupTag'), badPercents, badTags, badRevisions)
  .map(([targets, n, how, percent, tag, revision]) => {
    const out = targets.map(t => ({ ...t }));
    const i = n % out.length;
    if (how === 'percent') out[i].percent = percent;
    if (how === 'shift') out[i].percent = (out[i].percent ?? 0) + 1;
    if (how === 'tag') out[i].tag = tag;
    if (how === 'revision') out[i] = { ...out[i], latest: false, revision };
    if (how === 'dupTag' && out.length > 1) {
      out[0].tag ??= 'dup';
      out[1].tag = out[0].tag;
    }
    return out;
  });
const anyTraffic = fc.oneof(mutatedTraffic, fc.array(
  rawTarget(fc.oneof(fc.constantFrom('rev-a', 'rev-b', 'hello-00001'), badRevisions), fc.oneof(fc.integer({ min: 0, max: 100 }), badPercents),
    fc.oneof(fc.constantFrom('stable', 'canary', 'v1'), badTags)),
  { maxLength: 4 },
));

const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export function trafficModel(targets: RawTarget[] | undefined): Verdict {
  if (!targets || targets.length === 0) return 'ok';
  const out: Verdict[] = [];
  const percents = targets.map(t => t.percent ?? (targets.length === 1 ? 100 : 0));
  for (const p of percents) if (!(Number.isInteger(p) && p >= 0 && p <= 100)) out.push('bad');
  if (!percents.some(p => !Number.isFinite(p)) && percents.reduce((a, b) => a + b, 0) !== 100) out.push('bad');
  const tags = targets.map(t => t.tag).filter((t): t is string => t !== undefined);
  // '' is "no tag" to Knative, but a written empty tag is a mistake the constructs reject
  for (const tag of tags) if (!(DNS1035.test(tag) && tag.length <= 63)) out.push(tag === '' ? 'either' : 'bad');
  if (new Set(tags).size !== tags.length) out.push('bad');
  for (const t of targets) {
    if (!t.latest && !(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(t.revision) && t.revision.length <= 63)) {
      // Knative takes dots in revision names ("a.b"); the constructs ask for a DNS-1123 label
      out.push(t.revision === 'a.b' ? 'either' : 'bad');
    }
  }
  return worst(...out);
}
const traffic = modelled(fc.option(goodTraffic, { nil: undefined }), fc.option(anyTraffic, { nil: undefined }), trafficModel);

function trafficTargets(raw: RawTarget[] | undefined): TrafficTarget[] | undefined {
  return raw?.map(t => {
    const options = { percent: t.percent, tag: t.tag };
    return t.latest ? TrafficTarget.toLatestRevision(options) : TrafficTarget.toRevision(t.revision, options);
  });
}

// ---------------------------------------------------------------- the property

const serviceCase = caseOf({
  name: { good: serviceName.filter(n => n.verdict === 'ok'), any: serviceName },
  image, port, portProtocol, envVariables, envSource, containerConcurrency, timeouts, revisionSuffix, autoscaling, traffic,
});

/**
 * Values whose validity depends on the target cluster's settings, which a
 * construct cannot know: the engine judges them at synth against the cluster
 * config the app states (known-bugs.test.ts shows both outcomes), so this
 * property, which asks the construct to decide, leaves them out.
 * (BUG-1, 3, 4, 6 and 7, found here, are fixed.)
 */
function knownServiceBug(c: typeof serviceCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  // BUG-2 initialScale 0: allowed or not by config-autoscaler allow-zero-initial-scale (stock: not)
  if (c.autoscaling.value?.initialScale === 0) return 'BUG-2';
  // BUG-5 timeouts above the cluster's max-revision-timeout-seconds (stock: 600 s)
  const t = c.timeouts.value;
  if ([t.timeout, t.responseStart, t.idle].some(s => s !== undefined && Number.isInteger(s) && s > 600)) return 'BUG-5';
  return undefined;
}

const RUNS = runsFor(0.22);

describe('property: Knative Service props', () => {
  test(`${RUNS} generated Services either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(serviceCase, knownServiceBug), c => {
      const fields: Record<string, Verdict> = {
        ...verdicts(c, {
          name: 'metadata.name', image: 'container.image', port: 'container.port', portProtocol: 'container.portProtocol',
          envVariables: 'container.envVariables', envSource: 'container.envVariables', containerConcurrency: 'containerConcurrency', timeouts: 'timeout',
          revisionSuffix: 'revisionName', autoscaling: 'autoscaling', traffic: 'traffic',
        }),
        revisionName: revisionNameVerdict(c.name, c.revisionSuffix),
      };
      // the three timeouts are named separately in errors
      fields.responseStartTimeout = fields.timeout;
      fields.idleTimeout = fields.timeout;
      return checkCase(fields, chart => {
        new Service(chart, 'Svc', {
          metadata: { name: c.name.value },
          container: {
            image: c.image.value,
            port: c.port.value,
            portProtocol: c.portProtocol.value,
            envVariables: c.envVariables.value
              ? Object.fromEntries(c.envVariables.value.map((n, i) => [n.value, envValue(chart, c.envSource.value, i)]))
              : undefined,
          },
          containerConcurrency: c.containerConcurrency.value,
          timeout: duration(c.timeouts.value.timeout),
          responseStartTimeout: duration(c.timeouts.value.responseStart),
          idleTimeout: duration(c.timeouts.value.idle),
          revisionName: revisionName(c.name.value, c.revisionSuffix.value),
          autoscaling: autoscalingProps(c.autoscaling.value),
          traffic: trafficTargets(c.traffic.value),
        });
      }, c.envSource.value === 'field-ref' ? { 'kubernetes.podspec-fieldref': 'enabled' } : {});
    }, RUNS);
  }, timeoutFor(RUNS));
});
