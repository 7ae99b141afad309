import { SemanticRule } from '../types';
import { noAutoscalingOnParentRule, servingLabelsRule, servingNameRule } from './metadata';
import { containerConcurrencyRule, revisionNameRule, timeoutsRule } from './revision';

export * from './util';
export * from './revision';
export * from './metadata';

/** Every Knative admission rule the semantic layer checks. */
export const ALL_RULES: SemanticRule[] = [
  servingNameRule,
  noAutoscalingOnParentRule,
  servingLabelsRule,
  revisionNameRule,
  containerConcurrencyRule,
  timeoutsRule,
];
