import { DEFAULT_CLUSTER_CONFIG } from '../../../../src/validation/config';
import { ClusterSettings } from '../../../../src/validation/types';
import { ksvc, RuleCase } from '../harness';

const A = 'autoscaling.knative.dev/';
const an = (annotations: Record<string, string>) => ksvc({}, {}, { annotations });
const p = (key: string) => `spec.template.metadata.annotations["${A}${key}"]`;
const limited: ClusterSettings = { ...DEFAULT_CLUSTER_CONFIG, autoscaler: { ...DEFAULT_CLUSTER_CONFIG.autoscaler, maxScaleLimit: 10 } };
const noZero: ClusterSettings = { ...DEFAULT_CLUSTER_CONFIG, autoscaler: { ...DEFAULT_CLUSTER_CONFIG.autoscaler, enableScaleToZero: false } };

export const AUTOSCALING_CASES: RuleCase[] = [
  { rule: 'autoscaling/class-metric', name: 'kpa with rps', obj: an({ [`${A}class`]: 'kpa.autoscaling.knative.dev', [`${A}metric`]: 'rps' }) },
  { rule: 'autoscaling/class-metric', name: 'hpa with cpu', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'cpu' }) },
  { rule: 'autoscaling/class-metric', name: 'a custom class with any metric', obj: an({ [`${A}class`]: 'example.com/scaler', [`${A}metric`]: 'queue' }) },
  { rule: 'autoscaling/class-metric', name: 'cpu with the default kpa class', obj: an({ [`${A}metric`]: 'cpu' }), bad: [p('metric')] },
  { rule: 'autoscaling/class-metric', name: 'an unknown knative class', obj: an({ [`${A}class`]: 'xpa.autoscaling.knative.dev' }), bad: [p('class')] },
  { rule: 'autoscaling/class-metric', name: 'a bad aggregation algorithm with the kpa class set', obj: an({ [`${A}class`]: 'kpa.autoscaling.knative.dev',
    [`${A}metric-aggregation-algorithm`]: 'median' }), bad: [p('metric-aggregation-algorithm')] },
  // Knative checks the algorithm only when the class annotation is kpa; kpa by default is not enough.
  { rule: 'autoscaling/class-metric', name: 'any aggregation algorithm without a class annotation', obj: an({ [`${A}metric-aggregation-algorithm`]: 'median' }) },
  { rule: 'autoscaling/class-metric', name: 'the legacy weightedExponential spelling', obj: an({ [`${A}class`]: 'kpa.autoscaling.knative.dev',
    [`${A}metricAggregationAlgorithm`]: 'weightedExponential' }) },
  { rule: 'autoscaling/class-metric', name: 'a custom metric with hpa', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'queue-depth' }) },
  { rule: 'autoscaling/class-metric', name: 'an empty metric with hpa', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: '' }), bad: [p('metric')] },

  { rule: 'autoscaling/scale-bounds', name: 'min 1 max 5 initial 2', obj: an({ [`${A}min-scale`]: '1', [`${A}max-scale`]: '5', [`${A}initial-scale`]: '2' }) },
  { rule: 'autoscaling/scale-bounds', name: 'max within the cluster limit', obj: an({ [`${A}max-scale`]: '10' }), config: limited },
  { rule: 'autoscaling/scale-bounds', name: 'legacy minScale/maxScale', obj: an({ [`${A}minScale`]: '2', [`${A}maxScale`]: '3' }) },
  { rule: 'autoscaling/scale-bounds', name: 'min above max', obj: an({ [`${A}min-scale`]: '5', [`${A}max-scale`]: '2' }), bad: [p('max-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'legacy maxScale below minScale', obj: an({ [`${A}minScale`]: '5', [`${A}maxScale`]: '2' }), bad: [p('maxScale')] },
  { rule: 'autoscaling/scale-bounds', name: 'a negative min-scale', obj: an({ [`${A}min-scale`]: '-1' }), bad: [p('min-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'max above the cluster limit', obj: an({ [`${A}max-scale`]: '11' }), config: limited, bad: [p('max-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'unlimited max under a cluster limit', obj: an({ [`${A}max-scale`]: '0' }), config: limited, bad: [p('max-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'initial-scale 0 under stock config', obj: an({ [`${A}initial-scale`]: '0' }), bad: [p('initial-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'min-scale "-0" (Go reads 0)', obj: an({ [`${A}min-scale`]: '-0' }) },
  { rule: 'autoscaling/scale-bounds', name: 'min-scale "+2"', obj: an({ [`${A}min-scale`]: '+2' }) },
  { rule: 'autoscaling/scale-bounds', name: 'min-scale with a space (Go does not trim)', obj: an({ [`${A}min-scale`]: ' 1' }), bad: [p('min-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'max-scale above int32', obj: an({ [`${A}max-scale`]: '2147483648' }), bad: [p('max-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'activation-scale 3 within min 1 and max 5', obj: an({ [`${A}min-scale`]: '1', [`${A}max-scale`]: '5', [`${A}activation-scale`]: '3' }) },
  { rule: 'autoscaling/scale-bounds', name: 'activation-scale above max-scale', obj: an({ [`${A}max-scale`]: '2', [`${A}activation-scale`]: '3' }), bad: [p('activation-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'activation-scale above int32', obj: an({ [`${A}activation-scale`]: '9999999999' }), bad: [p('activation-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'initial-scale 0 when the cluster allows it', obj: an({ [`${A}initial-scale`]: '0' }),
    config: { ...DEFAULT_CLUSTER_CONFIG, autoscaler: { ...DEFAULT_CLUSTER_CONFIG.autoscaler, allowZeroInitialScale: true } } },
  { rule: 'autoscaling/scale-bounds', name: 'activation-scale 1', obj: an({ [`${A}activation-scale`]: '1' }), bad: [p('activation-scale')] },
  { rule: 'autoscaling/scale-bounds', name: 'min-scale 0 without scale to zero (warning)', obj: an({ [`${A}min-scale`]: '0' }), config: noZero, bad: [p('min-scale')], severity: 'warning' },

  { rule: 'autoscaling/targets', name: 'sane targets', obj: an({ [`${A}target`]: '50', [`${A}target-utilization-percentage`]: '70',
    [`${A}panic-window-percentage`]: '10', [`${A}panic-threshold-percentage`]: '200', [`${A}target-burst-capacity`]: '-1' }) },
  // Go's strconv.ParseFloat reads these, and Knative's range checks let them through.
  { rule: 'autoscaling/targets', name: 'Go float spellings (1e2, 0x1p4, +Inf, NaN)', obj: an({ [`${A}target`]: '1e2', [`${A}target-utilization-percentage`]: '0x1p4',
    [`${A}target-burst-capacity`]: '+Inf', [`${A}panic-window-percentage`]: 'NaN' }) },
  { rule: 'autoscaling/targets', name: 'a target with a space (Go does not trim)', obj: an({ [`${A}target`]: '10 ' }), bad: [p('target')] },
  { rule: 'autoscaling/targets', name: 'target 0', obj: an({ [`${A}target`]: '0' }), bad: [p('target')] },
  { rule: 'autoscaling/targets', name: 'utilization 101', obj: an({ [`${A}target-utilization-percentage`]: '101' }), bad: [p('target-utilization-percentage')] },
  { rule: 'autoscaling/targets', name: 'panic threshold 100', obj: an({ [`${A}panic-threshold-percentage`]: '100' }), bad: [p('panic-threshold-percentage')] },
  { rule: 'autoscaling/targets', name: 'panic window 0.5', obj: an({ [`${A}panicWindowPercentage`]: '0.5' }), bad: [p('panicWindowPercentage')] },
  { rule: 'autoscaling/targets', name: 'burst capacity -2', obj: an({ [`${A}target-burst-capacity`]: '-2' }), bad: [p('target-burst-capacity')] },
  { rule: 'autoscaling/targets', name: 'a non-numeric target', obj: an({ [`${A}target`]: 'lots' }), bad: [p('target')] },

  { rule: 'autoscaling/windows', name: 'window 1m30s and delay 15m', obj: an({ [`${A}window`]: '1m30s', [`${A}scale-down-delay`]: '15m',
    [`${A}scale-to-zero-pod-retention-period`]: '1m5s' }) },
  { rule: 'autoscaling/windows', name: 'window 5s', obj: an({ [`${A}window`]: '5s' }), bad: [p('window')] },
  { rule: 'autoscaling/windows', name: 'window 2h', obj: an({ [`${A}window`]: '2h' }), bad: [p('window')] },
  { rule: 'autoscaling/windows', name: 'window 6.5s', obj: an({ [`${A}window`]: '6500ms' }), bad: [p('window')] },
  // Go's time.ParseDuration does not trim: a padded duration does not parse
  { rule: 'autoscaling/windows', name: 'window with a leading space', obj: an({ [`${A}window`]: ' 60s' }), bad: [p('window')] },
  { rule: 'autoscaling/windows', name: 'a delay of 60 (no unit)', obj: an({ [`${A}scale-down-delay`]: '60' }), bad: [p('scale-down-delay')] },
  { rule: 'autoscaling/windows', name: 'a negative retention', obj: an({ [`${A}scale-to-zero-pod-retention-period`]: '-1s' }), bad: [p('scale-to-zero-pod-retention-period')] },
  // HPA: knative/serving knative-v1.23.0 pkg/reconciler/autoscaling/hpa/resources/hpa.go (MakeHPA).
  { rule: 'autoscaling/hpa-limits', name: 'hpa on cpu with a cpu request', obj: ksvc({ containers: [{ image: 'x', resources: { requests: { cpu: '100m' } } }] }, {},
    { annotations: { [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'cpu', [`${A}target`]: '70' } }) },
  { rule: 'autoscaling/hpa-limits', name: 'hpa on cpu with only a cpu limit (the request defaults to it)', obj: ksvc({ containers: [{ image: 'x', resources: { limits: { cpu: '1' } } }] }, {},
    { annotations: { [`${A}class`]: 'hpa.autoscaling.knative.dev' } }) },
  { rule: 'autoscaling/hpa-limits', name: 'hpa on memory with a target and no request (an AverageValue target)', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev',
    [`${A}metric`]: 'memory', [`${A}target`]: '256' }) },
  { rule: 'autoscaling/hpa-limits', name: 'kpa with min-scale 0 and no request', obj: an({ [`${A}min-scale`]: '0' }) },
  { rule: 'autoscaling/hpa-limits', name: 'hpa on cpu without a cpu request (warning)', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'cpu' }),
    bad: ['spec.template.spec.containers[0].resources'], severity: 'warning' },
  { rule: 'autoscaling/hpa-limits', name: 'hpa on memory without a target falls back to cpu (warning)', obj: an({ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'memory' }),
    bad: ['spec.template.spec.containers[0].resources'], severity: 'warning' },
  { rule: 'autoscaling/hpa-limits', name: 'hpa with min-scale 0 (warning)', obj: ksvc({ containers: [{ image: 'x', resources: { requests: { cpu: '100m' } } }] }, {},
    { annotations: { [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}min-scale`]: '0' } }), bad: [p('min-scale')], severity: 'warning' },
];

