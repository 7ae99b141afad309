import { describeValue } from '../../core/errors';
import { Finding } from '../types';
import { AUTOSCALING_PREFIX } from './metadata';
import { RevisionTemplate, revisionRule } from './revision';
import { finding, isRecord, join, parseGoDuration } from './util';

/** The annotation classes of Knative's two autoscalers. */
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
export const HPA_CLASS = 'hpa.autoscaling.knative.dev';

/** Annotation names (without prefix) with their legacy camelCase spellings, which Knative still reads. */
const ALIASES: Record<string, readonly string[]> = {
  'class': ['class'],
  'min-scale': ['min-scale', 'minScale'],
  'max-scale': ['max-scale', 'maxScale'],
  'initial-scale': ['initial-scale', 'initialScale'],
  'activation-scale': ['activation-scale'],
  'metric': ['metric'],
  'target': ['target'],
  'target-utilization-percentage': ['target-utilization-percentage', 'targetUtilizationPercentage'],
  'target-burst-capacity': ['target-burst-capacity', 'targetBurstCapacity'],
  'window': ['window'],
  'panic-window-percentage': ['panic-window-percentage', 'panicWindowPercentage'],
  'panic-threshold-percentage': ['panic-threshold-percentage', 'panicThresholdPercentage'],
  'scale-down-delay': ['scale-down-delay'],
  'scale-to-zero-pod-retention-period': ['scale-to-zero-pod-retention-period'],
  'metric-aggregation-algorithm': ['metric-aggregation-algorithm', 'metricAggregationAlgorithm'],
};

/** The full annotation keys of each name, current spelling first: built once, not on every lookup. */
const KEYS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(ALIASES).map(([name, aliases]) => [name, aliases.map(alias => AUTOSCALING_PREFIX + alias)]));

/** An autoscaling annotation found on a revision: its full key, value and field path. */
export interface Annotation { readonly key: string; readonly value: string; readonly path: string }

/** Looks an autoscaling annotation up by its current name, also under its legacy spelling. */
export function autoscalingAnnotation(t: RevisionTemplate, name: string): Annotation | undefined {
  const annotations = t.meta.annotations;
  // Most revisions set few autoscaling annotations: look the keys up without allocating.
  if (!isRecord(annotations)) return undefined;
  for (const key of KEYS[name] ?? [AUTOSCALING_PREFIX + name]) {
    if (key in annotations) {
      return { key, value: String(annotations[key]), path: annotationPath(t.metaPath, key) };
    }
  }
  return undefined;
}

/** Paths of annotations by metadata path and key; both come from small fixed sets, so this stays small. */
const ANNOTATION_PATHS = new Map<string, Map<string, string>>();

/** `<metaPath>.annotations["<key>"]`, formatted once per metadata path and key. */
function annotationPath(metaPath: string, key: string): string {
  let paths = ANNOTATION_PATHS.get(metaPath);
  if (!paths) ANNOTATION_PATHS.set(metaPath, paths = new Map());
  let path = paths.get(key);
  if (path === undefined) paths.set(key, path = join(join(metaPath, 'annotations'), key));
  return path;
}

const HOUR_MS = 3_600_000;
const DURATION_HINT = 'a Go duration such as "30s", "2m" or "1h"';

// The value patterns, compiled once (a regex literal in a function body is a new object per call).
// Knative parses annotation values with Go's strconv, which trims nothing: " 1" is not a number there.
const DECIMAL_FLOAT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const HEX_FLOAT = /^([-+]?)0[xX](?:([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?|\.([0-9a-fA-F]+))[pP]([-+]?\d+)$/;
const INF_NAN = /^([-+]?(inf|infinity)|nan)$/i;
const INT = /^[-+]?\d+$/;
const INT32_MAX = 2147483647;

/**
 * Parses an annotation value as Go's `strconv.ParseFloat(v, 64)` does: decimal
 * or hexadecimal floats, and `Inf`/`NaN` in any case (which the range checks
 * below, like Knative's, then let through).
 * @returns undefined when Go would fail to parse it
 */
export function parseGoFloat(v: string): number | undefined {
  if (DECIMAL_FLOAT.test(v)) return Number(v);
  if (INF_NAN.test(v)) return v.toLowerCase() === 'nan' ? NaN : v.startsWith('-') ? -Infinity : Infinity;
  const m = HEX_FLOAT.exec(v);
  if (m) {
    const whole = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    const mantissa = parseInt(`${whole}${frac}` || '0', 16) / 16 ** frac.length;
    return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[5]);
  }
  return undefined;
}

/** Parses an annotation value as a whole number the way Go's `strconv.ParseInt(v, 10, 32)` does. */
function parseInt32(v: string): number | 'range' | undefined {
  if (!INT.test(v)) return undefined;
  const n = Number(v);
  return n > INT32_MAX || n < -INT32_MAX - 1 ? 'range' : n;
}

/** Parses an annotation value as a 32-bit integer >= 0, or reports it. */
function intGE0(a: Annotation | undefined, out: Finding[]): number {
  if (!a) return 0;
  const n = parseInt32(a.value);
  if (n === undefined || n === 'range' || n < 0) {
    out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is not a whole number from 0 to ${INT32_MAX}`, 'use an integer such as "1"'));
    return 0;
  }
  return n;
}

// The checks below add to `out` rather than return arrays: most revisions pass, and they then allocate nothing.

function checkNumber(t: RevisionTemplate, name: string, min: number, max: number, hint: string, out: Finding[]): void {
  const a = autoscalingAnnotation(t, name);
  if (!a) return;
  const v = parseGoFloat(a.value);
  // NaN passes, as in Knative: both comparisons are false.
  if (v === undefined || v < min || v > max) {
    out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is ${v === undefined ? 'not a number' : 'out of range'}`, hint));
  }
}

function checkDuration(t: RevisionTemplate, name: string, minMs: number, maxMs: number, hint: string, out: Finding[]): void {
  const a = autoscalingAnnotation(t, name);
  if (!a) return;
  const ms = parseGoDuration(a.value);
  if (ms === undefined) out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is not a duration`, `${hint}; ${DURATION_HINT}`));
  else if (ms < minMs || ms > maxMs) out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is out of range`, hint));
  else if (ms % 1000 !== 0) out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is finer than a second`, `${hint}, in whole seconds`));
}

/** The autoscaler class of a revision after defaulting (kpa). */
export function autoscalerClass(t: RevisionTemplate): string {
  return autoscalingAnnotation(t, 'class')?.value ?? KPA_CLASS;
}

export const autoscalingClassMetricRule = revisionRule(
  'autoscaling/class-metric',
  'class is kpa.autoscaling.knative.dev or hpa.autoscaling.knative.dev (or a custom one); kpa scales on concurrency or rps, hpa on cpu, memory or a custom metric',
  (t) => {
    const out: Finding[] = [];
    const cls = autoscalingAnnotation(t, 'class');
    if (cls && cls.value.endsWith('.knative.dev') && cls.value !== KPA_CLASS && cls.value !== HPA_CLASS) {
      out.push(finding(cls.path, `${describeValue(cls.value)} is not a Knative autoscaler class`, `use ${KPA_CLASS} (default) or ${HPA_CLASS}`));
    }
    const klass = cls?.value ?? KPA_CLASS; // autoscalerClass(t), without a second lookup
    const metric = autoscalingAnnotation(t, 'metric');
    if (metric) {
      if (klass === KPA_CLASS && metric.value !== 'concurrency' && metric.value !== 'rps') {
        out.push(finding(metric.path, `metric ${describeValue(metric.value)} is not supported by the ${KPA_CLASS} autoscaler`,
          `use "concurrency" or "rps" with KPA, or set ${AUTOSCALING_PREFIX}class: ${HPA_CLASS} to scale on cpu or memory`));
      } else if (klass === HPA_CLASS && metric.value === '') {
        out.push(finding(metric.path, 'an empty metric is not allowed with the HPA class', 'use "cpu", "memory" or a custom metric name'));
      }
    }
    // Knative checks the algorithm only when the class annotation says kpa: an unset class
    // (kpa by default) lets any value through, as custom autoscalers may define their own.
    const algorithm = autoscalingAnnotation(t, 'metric-aggregation-algorithm');
    if (cls?.value === KPA_CLASS && algorithm && algorithm.value !== '' && !['linear', 'weighted-exponential', 'weightedExponential'].includes(algorithm.value)) {
      out.push(finding(algorithm.path, `${describeValue(algorithm.value)} is not a metric aggregation algorithm`, 'use "linear" or "weighted-exponential"'));
    }
    return out;
  },
);

export const autoscalingScaleBoundsRule = revisionRule(
  'autoscaling/scale-bounds',
  'min-scale, max-scale, initial-scale and activation-scale are integers >= 0, min-scale <= max-scale, max-scale within max-scale-limit, initial-scale 0 not allowed by stock config',
  (t, ctx) => {
    const out: Finding[] = [];
    const minA = autoscalingAnnotation(t, 'min-scale');
    const maxA = autoscalingAnnotation(t, 'max-scale');
    const min = intGE0(minA, out);
    const max = intGE0(maxA, out);
    if (max !== 0 && max < min) {
      out.push(finding(maxA!.path, `max-scale=${max} is less than min-scale=${min}`, 'raise max-scale, lower min-scale, or set max-scale 0 (unlimited)'));
    }
    const limit = ctx.config.autoscaler.maxScaleLimit;
    if (maxA && limit > 0 && out.every(f => f.path !== maxA.path)) {
      if (max > limit) out.push(finding(maxA.path, `max-scale=${max} is above the cluster's max-scale-limit of ${limit}`, `use an integer from 1 to ${limit}`));
      if (max === 0) out.push(finding(maxA.path, 'max-scale=0 (unlimited) is not allowed: the cluster sets max-scale-limit', `use an integer from 1 to ${limit}`));
    }
    const act = autoscalingAnnotation(t, 'activation-scale');
    if (act) {
      const parsed = parseInt32(act.value);
      const n = typeof parsed === 'number' ? parsed : undefined;
      if (n === undefined) out.push(finding(act.path, `${act.key}=${describeValue(act.value)} is not a 32-bit whole number`, 'use an integer of 2 or more'));
      else if (min > n) out.push(finding(act.path, `min-scale=${min} is greater than activation-scale=${n}`, 'activation-scale must be at least min-scale'));
      else if (max !== 0 && max < n) out.push(finding(act.path, `max-scale=${max} is less than activation-scale=${n}`, 'activation-scale must be at most max-scale'));
      else if (n < 2) out.push(finding(act.path, `activation-scale=${n} must be greater than 1`, 'use an integer of 2 or more, or remove the annotation'));
    }
    const init = autoscalingAnnotation(t, 'initial-scale');
    if (init) {
      // Go's strconv.Atoi: an optional sign and digits, nothing around them.
      const n = INT.test(init.value) ? Number(init.value) : undefined;
      if (n === undefined || n < 0) {
        out.push(finding(init.path, `${init.key}=${describeValue(init.value)} is not a whole number of 0 or more`, 'use an integer such as "1"'));
      } else if (n === 0 && !ctx.config.autoscaler.allowZeroInitialScale) {
        out.push(finding(init.path, `${init.key}=0 is not allowed by the cluster`, 'use 1 or more, or set allow-zero-initial-scale: "true" in config-autoscaler'));
      }
    }
    const scaleToZero = ctx.config.autoscaler.enableScaleToZero;
    if (minA && min === 0 && !scaleToZero && autoscalerClass(t) === KPA_CLASS) {
      out.push(finding(minA.path, 'min-scale=0 has no effect: scale to zero is disabled on the cluster (enable-scale-to-zero: false)',
        'set min-scale to 1 or more, or remove it', 'warning'));
    }
    return out;
  },
);


export const autoscalingTargetsRule = revisionRule(
  'autoscaling/targets',
  'target >= 0.01, target-utilization-percentage 1..100, target-burst-capacity >= 0 or -1, panic-window-percentage 1..100, panic-threshold-percentage 110..1000',
  (t) => {
    const out: Finding[] = [];
    checkNumber(t, 'target', 0.01, Infinity, 'must be a number of at least 0.01', out);
    checkNumber(t, 'target-utilization-percentage', 1, 100, 'must be a number from 1 to 100', out);
    checkNumber(t, 'panic-window-percentage', 1, 100, 'must be a number from 1 to 100 (percent of the stable window)', out);
    checkNumber(t, 'panic-threshold-percentage', 110, 1000, 'must be a number from 110 to 1000 (percent of the target)', out);
    burstCapacity(t, out);
    return out;
  },
);

function burstCapacity(t: RevisionTemplate, out: Finding[]): void {
  const a = autoscalingAnnotation(t, 'target-burst-capacity');
  if (!a) return;
  const v = parseGoFloat(a.value);
  if (v === undefined || (v < 0 && v !== -1)) {
    out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is not allowed`, 'must be 0 or more, or -1 (unlimited: the activator stays in the path)'));
  }
}

export const autoscalingWindowsRule = revisionRule(
  'autoscaling/windows',
  'window is 6s..1h, scale-down-delay and scale-to-zero-pod-retention-period are 0s..1h, in whole seconds',
  (t) => {
    const out: Finding[] = [];
    checkDuration(t, 'window', 6000, HOUR_MS, 'must be from 6s to 1h', out);
    checkDuration(t, 'scale-down-delay', 0, HOUR_MS, 'must be from 0s to 1h', out);
    retention(t, out);
    return out;
  },
);

function retention(t: RevisionTemplate, out: Finding[]): void {
  // Sub-second retention is accepted upstream; only the range is checked.
  const a = autoscalingAnnotation(t, 'scale-to-zero-pod-retention-period');
  if (!a) return;
  const ms = parseGoDuration(a.value);
  if (ms === undefined || ms < 0 || ms > HOUR_MS) {
    out.push(finding(a.path, `${a.key}=${describeValue(a.value)} is ${ms === undefined ? 'not a duration' : 'out of range'}`, `must be from 0s to 1h; ${DURATION_HINT}`));
  }
}

/**
 * What the HPA class cannot do with a revision although Knative accepts it.
 * Upstream: knative/serving knative-v1.23.0 `pkg/reconciler/autoscaling/hpa/resources/hpa.go`
 * (`MakeHPA`): the `cpu` metric becomes a Utilization target, which Kubernetes' HPA computes from
 * each container's cpu request (without one it reports `missing request for cpu` and never
 * scales); `memory` becomes an AverageValue target (no request needed); without a `target`
 * annotation the HPA gets no metric and Kubernetes defaults it to 80% cpu utilization. MinReplicas
 * is set only for min-scale > 0, and an HPA keeps at least one replica: it never scales to zero.
 */
export const autoscalingHpaRule = revisionRule(
  'autoscaling/hpa-limits',
  'with the HPA class, scaling on cpu needs a cpu request on every container, and min-scale 0 does not scale to zero',
  (t) => {
    const cls = autoscalingAnnotation(t, 'class');
    if (cls?.value !== HPA_CLASS) return [];
    const out: Finding[] = [];
    const metric = autoscalingAnnotation(t, 'metric')?.value ?? 'cpu';
    const target = autoscalingAnnotation(t, 'target');
    if (metric === 'cpu' || !target) {
      const why = metric === 'cpu' ? 'the HPA class scales on cpu utilization' : `without a ${AUTOSCALING_PREFIX}target the HPA falls back to cpu utilization`;
      const containers = Array.isArray(t.spec.containers) ? t.spec.containers : [];
      containers.forEach((c, i) => {
        const resources = isRecord(c) && isRecord(c.resources) ? c.resources : {};
        const has = (k: 'requests' | 'limits') => isRecord(resources[k]) && resources[k].cpu !== undefined && resources[k].cpu !== null;
        // Kubernetes defaults a missing request to the limit.
        if (has('requests') || has('limits')) return;
        out.push(finding(join(join(join(t.specPath, 'containers'), i), 'resources'),
          `${why}, which Kubernetes computes from each container's cpu request; this container has none, so the HPA never scales`,
          'set resources.requests.cpu on every container (or revision-cpu-request in config-defaults), or scale on memory or a custom metric', 'warning'));
      });
    }
    const min = autoscalingAnnotation(t, 'min-scale');
    if (min && min.value.trim() === '0') {
      out.push(finding(min.path, `${min.key}=0 with the HPA class: an HorizontalPodAutoscaler keeps at least one replica and never scales to zero`,
        `leave min-scale out (the HPA keeps 1 replica), or use the ${KPA_CLASS} class to scale to zero`, 'warning'));
    }
    return out;
  },
);
