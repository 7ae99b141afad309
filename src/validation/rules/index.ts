import { SemanticRule } from '../types';
import { autoscalingClassMetricRule, autoscalingScaleBoundsRule, autoscalingTargetsRule, autoscalingWindowsRule } from './autoscaling';
import { noAutoscalingOnParentRule, servingLabelsRule, servingNameRule } from './metadata';
import {
  containerFieldsRule, containerPortsRule, onePortRule, podFieldsRule, probesRule, reservedEnvRule, securityContextRule, volumesRule,
} from './pod';
import { containerConcurrencyRule, revisionNameRule, timeoutsRule } from './revision';
import { trafficPercentSumRule, trafficTagsRule, trafficTargetsRule } from './traffic';

export * from './util';
export * from './revision';
export * from './metadata';
export * from './pod';
export * from './traffic';
export * from './autoscaling';

/** The rules of Knative Serving. */
export const SERVING_RULES: SemanticRule[] = [
  servingNameRule,
  noAutoscalingOnParentRule,
  servingLabelsRule,
  revisionNameRule,
  containerConcurrencyRule,
  timeoutsRule,
  podFieldsRule,
  containerFieldsRule,
  securityContextRule,
  reservedEnvRule,
  containerPortsRule,
  onePortRule,
  probesRule,
  volumesRule,
  trafficTargetsRule,
  trafficPercentSumRule,
  trafficTagsRule,
  autoscalingClassMetricRule,
  autoscalingScaleBoundsRule,
  autoscalingTargetsRule,
  autoscalingWindowsRule,
];

/** Every Knative admission rule the semantic layer checks. */
export const ALL_RULES: SemanticRule[] = [
  ...SERVING_RULES,
];
