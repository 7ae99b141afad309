import { SemanticRule } from '../types';
import { autoscalingClassMetricRule, autoscalingHpaRule, autoscalingScaleBoundsRule, autoscalingTargetsRule, autoscalingWindowsRule } from './autoscaling';
import { noAutoscalingOnParentRule, rolloutDurationRule, servingLabelsRule, servingNameRule, userInfoAnnotationsRule } from './metadata';
import { progressDeadlineRule, queueProxyPodInfoRule, queueSidecarResourcesRule, templateNetworkingAnnotationsRule } from './revision-annotations';
import { eventTypeRule } from './eventtype';
import {
  containerFieldsRule, containerPortsRule, onePortRule, podFieldsRule, probesRule, reservedEnvRule, securityContextRule, volumesRule,
} from './pod';
import { containerConcurrencyRule, revisionNameRule, timeoutsRule } from './revision';
import { trafficPercentSumRule, trafficTagsRule, trafficTargetsRule } from './traffic';
import { domainMappingNameRule, domainMappingRefRule } from './domainmapping';
import {
  brokerClassRule, brokerConfigRule, channelScopeRule, channelSubscribersRule, channelTemplateRule, deliveryRule, parallelBranchesRule, sequenceStepsRule,
  subscriptionChannelRule, subscriptionDestinationsRule, triggerBrokerRule, triggerDependencyRule, triggerFilterRule, triggerFiltersRule, triggerInjectionRule, triggerSubscriberRule,
} from './eventing';
import {
  apiServerSourceRule, ceOverridesRule, containerSourceTemplateRule, kafkaSourceRule, pingDataRule, pingScheduleRule, sinkBindingSubjectRule, sourceSinkRule,
} from './sources';
import { TEKTON_RULES } from './tekton';

export * from './util';
export * from './names';
export * from './revision';
export * from './metadata';
export * from './revision-annotations';
export * from './pod';
export * from './traffic';
export * from './autoscaling';
export * from './domainmapping';
export * from './destination';
export * from './eventing';
export * from './eventtype';
export * from './sources';

/** The rules of Knative Serving. */
export const SERVING_RULES: SemanticRule[] = [
  servingNameRule,
  noAutoscalingOnParentRule,
  servingLabelsRule,
  rolloutDurationRule,
  userInfoAnnotationsRule,
  revisionNameRule,
  containerConcurrencyRule,
  timeoutsRule,
  queueSidecarResourcesRule,
  progressDeadlineRule,
  templateNetworkingAnnotationsRule,
  queueProxyPodInfoRule,
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
  autoscalingHpaRule,
  domainMappingNameRule,
  domainMappingRefRule,
];

/** The rules of Knative Eventing: brokers, triggers, channels, subscriptions, flows and sources. */
export const EVENTING_RULES: SemanticRule[] = [
  deliveryRule,
  brokerClassRule,
  brokerConfigRule,
  triggerBrokerRule,
  triggerSubscriberRule,
  triggerDependencyRule,
  triggerInjectionRule,
  triggerFilterRule,
  triggerFiltersRule,
  subscriptionChannelRule,
  subscriptionDestinationsRule,
  channelTemplateRule,
  channelSubscribersRule,
  channelScopeRule,
  sequenceStepsRule,
  parallelBranchesRule,
  eventTypeRule,
  sourceSinkRule,
  ceOverridesRule,
  pingScheduleRule,
  pingDataRule,
  apiServerSourceRule,
  sinkBindingSubjectRule,
  containerSourceTemplateRule,
  kafkaSourceRule,
];

/** Every Knative admission rule the semantic layer checks. */
export const ALL_RULES: SemanticRule[] = [
  ...SERVING_RULES,
  ...EVENTING_RULES,
  ...TEKTON_RULES,
];
