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
import { clusterDomainClaimRule, domainMappingNameRule, domainMappingRefRule } from './domainmapping';
import {
  brokerClassRule, brokerConfigRule, channelScopeRule, channelSubscribersRule, channelTemplateRule, deliveryRule, parallelBranchesRule, sequenceStepsRule,
  subscriptionChannelRule, subscriptionDestinationsRule, triggerBrokerRule, triggerDependencyRule, triggerFilterRule, triggerFiltersRule, triggerInjectionRule, triggerSubscriberRule,
} from './eventing';
import {
  apiServerSourceRule, ceOverridesRule, containerSourceTemplateRule, duckSourceRule, kafkaSourceRule, pingDataRule, pingScheduleRule, sinkBindingSubjectRule, sourceSinkRule,
} from './sources';
import { integrationSinkRule, integrationSourceRule, jobSinkRule, kafkaBrokerConfigMapRule, kafkaBrokerConfigRule, kafkaSinkRule } from './sinks';
import { TEKTON_RULES } from './tekton';
import { EVENTING_V1ALPHA1_RULES } from './eventing-v1alpha1';

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
export * from './eventing-v1alpha1';
export * from './sinks';

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
  clusterDomainClaimRule,
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
  ...EVENTING_V1ALPHA1_RULES,
  duckSourceRule,
  integrationSourceRule,
  integrationSinkRule,
  jobSinkRule,
  kafkaSinkRule,
  kafkaBrokerConfigRule,
  kafkaBrokerConfigMapRule,
];

/** Every Knative admission rule the semantic layer checks. */
export const ALL_RULES: SemanticRule[] = [
  ...SERVING_RULES,
  ...EVENTING_RULES,
  ...TEKTON_RULES,
];
