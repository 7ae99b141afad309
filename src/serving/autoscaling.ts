import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check, checkIntegerRange, checkValue, isUnresolved, tokenAwareString, withDefaultNote } from '../core';
import { conditionHolds, holdsToken, InstallCheck, plainValue, requireAtInstall } from '../core/install-values';

const PREFIX = 'autoscaling.knative.dev';

/**
 * Which autoscaler scales the Revision.
 * @see https://knative.dev/docs/serving/autoscaling/autoscaler-types/
 */
export class AutoscalingClass {
  /** Knative Pod Autoscaler: request-driven, scales to zero. */
  public static readonly KPA = new AutoscalingClass('kpa.autoscaling.knative.dev');
  /** Kubernetes Horizontal Pod Autoscaler: CPU or memory driven, no scale to zero. */
  public static readonly HPA = new AutoscalingClass('hpa.autoscaling.knative.dev');
  /** Another autoscaler installed on the cluster. */
  public static custom(value: string): AutoscalingClass {
    return new AutoscalingClass(value);
  }
  private constructor(
    /** The annotation value. */
    public readonly value: string,
  ) {}
}

/**
 * What the autoscaler measures.
 * @see https://knative.dev/docs/serving/autoscaling/autoscaling-metrics/
 */
export class AutoscalingMetric {
  /** In-flight requests per pod (KPA; the default). */
  public static readonly CONCURRENCY = new AutoscalingMetric('concurrency');
  /** Requests per second per pod (KPA). */
  public static readonly RPS = new AutoscalingMetric('rps');
  /** CPU in millicores (HPA). */
  public static readonly CPU = new AutoscalingMetric('cpu');
  /** Memory in MiB (HPA). */
  public static readonly MEMORY = new AutoscalingMetric('memory');
  /** A custom metric (HPA with a metrics adapter). */
  public static custom(value: string): AutoscalingMetric {
    return new AutoscalingMetric(value);
  }
  private constructor(
    /** The annotation value. */
    public readonly value: string,
  ) {}
}

/**
 * Autoscaling of a Revision, written as `autoscaling.knative.dev/*`
 * annotations on the Revision template.
 * @see https://knative.dev/docs/serving/autoscaling/
 */
export interface AutoscalingProps {
  /**
   * The autoscaler.
   * @default AutoscalingClass.KPA
   */
  readonly autoscalingClass?: AutoscalingClass;
  /**
   * The metric to scale on. KPA takes concurrency and rps; HPA takes cpu, memory and custom metrics.
   * @default - concurrency for KPA; HPA requires a metric
   */
  readonly metric?: AutoscalingMetric;
  /**
   * The target value of the metric per pod, in the metric's unit:
   * concurrent requests (`concurrency`), requests per second (`rps`), percent
   * of the container's CPU request (`cpu`: the HPA's average utilization, so
   * `80` means 80 % of `resources.cpu.request`, not millicores; set a CPU
   * request), MiB of memory per pod (`memory`: an average value, not a percent),
   * or the custom metric's own unit.
   * @default - the cluster's default (100 concurrent requests for KPA)
   */
  readonly target?: number;
  /**
   * Percentage of the target to actually aim for, 1–100.
   * @default - the cluster's default (70)
   */
  readonly targetUtilizationPercentage?: number;
  /**
   * Fewest pods. 0 allows scale to zero.
   * @default - 0 (scale to zero) unless `scaleToZero` is false
   */
  readonly minScale?: number;
  /**
   * Most pods. 0 means no limit.
   * @default - no limit (or the cluster's max-scale-limit)
   */
  readonly maxScale?: number;
  /**
   * Pods to start a new Revision with.
   * @default - 1
   */
  readonly initialScale?: number;
  /**
   * Pods to go to when activating from zero.
   * @default - 1
   */
  readonly activationScale?: number;
  /**
   * Whether the Revision may scale to zero pods. `false` keeps at least `minScale` (at least 1) pods.
   * @default true
   */
  readonly scaleToZero?: boolean;
  /**
   * How long to wait at lower load before scaling down, 0s–1h.
   * @default - no delay
   */
  readonly scaleDownDelay?: Duration;
  /**
   * The stable window the KPA averages the metric over, 6s–1h.
   * @default - the cluster's default (60s)
   */
  readonly window?: Duration;
  /**
   * Panic window as a percentage of the stable window, 1–100 (KPA).
   * @default - the cluster's default (10)
   */
  readonly panicWindowPercentage?: number;
  /**
   * Load, as a percentage of the target, that makes the KPA panic, 110–1000.
   * @default - the cluster's default (200)
   */
  readonly panicThresholdPercentage?: number;
}

/**
 * Checks autoscaling props and renders them as annotations.
 * @internal
 */
export function renderAutoscaling(scope: IConstruct, props: AutoscalingProps | undefined, field: string): { [key: string]: string } {
  if (!props) return {};
  const f = (name: string) => `${field}.${name}`;
  const cls = props.autoscalingClass ?? AutoscalingClass.KPA;
  const isKpa = cls.value === AutoscalingClass.KPA.value;
  const isHpa = cls.value === AutoscalingClass.HPA.value;
  const metric = props.metric?.value;

  if (isKpa && metric !== undefined) {
    check(metric === 'concurrency' || metric === 'rps', scope, f('metric'), metric,
      'the KPA class scales on "concurrency" or "rps"; set autoscalingClass: AutoscalingClass.HPA for cpu or memory');
  }
  if (isHpa) {
    check(metric !== undefined && metric !== 'concurrency' && metric !== 'rps', scope, f('metric'), metric,
      'the HPA class scales on "cpu", "memory" or a custom metric');
  }
  checkValue(scope, f('target'), props.target, { minimum: 0.01, allowed: 'must be a number of at least 0.01' });
  checkValue(scope, f('targetUtilizationPercentage'), props.targetUtilizationPercentage, { minimum: 1, maximum: 100, allowed: 'must be from 1 to 100' });
  checkIntegerRange(scope, f('minScale'), props.minScale, 0);
  checkIntegerRange(scope, f('maxScale'), props.maxScale, 0);
  checkIntegerRange(scope, f('initialScale'), props.initialScale, 0);
  checkIntegerRange(scope, f('activationScale'), props.activationScale, 2);
  check(!(isHpa && props.scaleToZero === true), scope, f('scaleToZero'), true, 'the HPA class cannot scale to zero; use the KPA class');
  if (props.scaleToZero === false) {
    checkValue(scope, f('minScale'), props.minScale, { integer: true, minimum: 1, allowed: 'must be at least 1 when scaleToZero is false' });
  }
  const minScale = props.minScale ?? (props.scaleToZero === false ? 1 : undefined);
  // `left` at most `right`, checked on the plain values (a chart value's default) and, with a chart value, at install
  const atMost = (left: number, right: number, field: string, shown: number, allowed: string) => {
    const rule: InstallCheck = { field: f(field), allowed, condition: { kind: 'atMost', left, right } };
    requireAtInstall(scope, rule);
    check(conditionHolds(scope, rule.condition), scope, rule.field, plainValue(scope, shown), allowed);
  };
  // maxScale 0 is no limit
  const max = props.maxScale;
  const maxBound = (left: number | undefined, field: string) => {
    if (left === undefined || max === undefined) return;
    const allowed = isUnresolved(max) ? 'must not exceed maxScale, unless maxScale is 0 (no limit)' : `must not exceed maxScale (${max})`;
    const rule: InstallCheck = { field: f(field), allowed, condition: { kind: 'atMost', left, right: max, unless: max } };
    requireAtInstall(scope, rule);
    check(conditionHolds(scope, rule.condition), scope, rule.field, plainValue(scope, left), withDefaultNote(holdsToken([left, max]), allowed));
  };
  maxBound(minScale, 'minScale');
  if (props.activationScale !== undefined && minScale !== undefined) {
    atMost(minScale, props.activationScale, 'activationScale', props.activationScale,
      isUnresolved(minScale) ? 'must be at least minScale' : `must be at least minScale (${minScale})`);
  }
  maxBound(props.activationScale, 'activationScale');
  maxBound(props.initialScale, 'initialScale');
  const kpaOnly = (name: keyof AutoscalingProps) =>
    check(isKpa || props[name] === undefined, scope, f(name), props[name], 'applies to the KPA class only');
  kpaOnly('window');
  kpaOnly('panicWindowPercentage');
  kpaOnly('panicThresholdPercentage');
  checkDuration(scope, f('window'), props.window, 6, 3600);
  checkDuration(scope, f('scaleDownDelay'), props.scaleDownDelay, 0, 3600);
  checkValue(scope, f('panicWindowPercentage'), props.panicWindowPercentage, { minimum: 1, maximum: 100, allowed: 'must be from 1 to 100' });
  checkValue(scope, f('panicThresholdPercentage'), props.panicThresholdPercentage, { minimum: 110, maximum: 1000, allowed: 'must be from 110 to 1000' });

  const out: { [key: string]: string } = {};
  const put = (key: string, value: string | number | undefined) => {
    if (value !== undefined) out[`${PREFIX}/${key}`] = tokenAwareString(value);
  };
  put('class', props.autoscalingClass?.value);
  put('metric', metric);
  put('target', props.target);
  put('target-utilization-percentage', props.targetUtilizationPercentage);
  put('min-scale', minScale);
  put('max-scale', props.maxScale);
  put('initial-scale', props.initialScale);
  put('activation-scale', props.activationScale);
  put('scale-down-delay', seconds(props.scaleDownDelay));
  put('window', seconds(props.window));
  put('panic-window-percentage', props.panicWindowPercentage);
  put('panic-threshold-percentage', props.panicThresholdPercentage);
  return out;
}

function seconds(d: Duration | undefined): string | undefined {
  return d === undefined ? undefined : `${d.toSeconds()}s`;
}

function checkDuration(scope: IConstruct, field: string, d: Duration | undefined, min: number, max: number): void {
  if (d === undefined) return;
  const s = d.toMilliseconds() / 1000;
  check(Number.isInteger(s) && s >= min && s <= max, scope, field, `${s}s`, `must be whole seconds from ${min}s to ${max}s`);
}
