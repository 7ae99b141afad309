// The public API of cdk8s-knative: exactly the names below, one flat list
// (compiled by jsii for Python, Java, Go and .NET; test/api-surface.test.ts
// lists them). Internal code imports from the modules themselves.
//
// Names shared with cdk8s-plus (Service, ServiceAccount, Volume, ...): import
// this package as a namespace, `import * as kn from 'cdk8s-knative'`, as
// cdk8s-plus is imported as `kplus`.

// --- core
export type {
  Destination,
  IAddressable,
  ISink,
  KReference,
} from './core';

// --- validation
export {
  ClusterConfig,
  KnativeValidation,
  ProblemSeverity,
  Validation,
  ValidationLayer,
} from './validation';
export type {
  ClusterSettingsOptions,
  KnativeValidationProps,
  ValidationOptions,
  ValidationProblem,
  ValidationResult,
} from './validation';

// --- routing (issue 18: the CloudEvents routing simulator and the topology graph)
export {
  CloudEvent,
  EventRouter,
  TopologyGraph,
} from './routing';
export type {
  CloudEventProps,
  EventDelivery,
  RoutingResult,
  RoutingWarning,
  TopologyEdge,
  TopologyNode,
  UndeliveredEvent,
} from './routing';

// --- serving
export {
  AutoscalingClass,
  AutoscalingMetric,
  BlueGreenSide,
  ClusterDomainClaim,
  Configuration,
  DomainMapping,
  PortProtocol,
  ProjectedSource,
  Route,
  SeccompProfile,
  Service,
  TrafficTarget,
  Visibility,
  Volume,
} from './serving';
export type {
  AutoscalingProps,
  BlueGreenOptions,
  CanaryOptions,
  ClusterDomainClaimProps,
  ConfigurationProps,
  ContainerProps,
  ContainerSecurityProps,
  DomainMappingProps,
  EmptyDirOptions,
  IConfiguration,
  IService,
  KeyProjectionOptions,
  KeyVolumeOptions,
  PersistentVolumeClaimOptions,
  ProjectedVolumeOptions,
  RevisionTemplateProps,
  RouteProps,
  ServiceAccountTokenOptions,
  ServiceProps,
  ServingImportOptions,
  TrafficTargetOptions,
  VolumeMount,
} from './serving';

// --- eventing
export {
  AwsAuth,
  BackoffPolicy,
  Broker,
  BrokerClass,
  Channel,
  ChannelKind,
  DdbStreamIteratorType,
  DeliveryFormat,
  EventPolicy,
  EventTransform,
  EventType,
  InMemoryChannel,
  IntegrationOutput,
  IntegrationSink,
  JobSink,
  KafkaBrokerConfig,
  KafkaChannel,
  KafkaContentMode,
  KafkaSink,
  Parallel,
  RequestReply,
  Sequence,
  Sink,
  Subscription,
  Trigger,
  TriggerFilter,
} from './eventing';
export type {
  AwsCommonOptions,
  AwsDdbStreamsOptions,
  AwsS3Options,
  AwsSnsOptions,
  AwsSqsOptions,
  BrokerImportOptions,
  BrokerProps,
  ChannelImportOptions,
  ChannelProps,
  Delivery,
  EventPolicyProps,
  EventPolicySelector,
  EventTransformProps,
  EventTypeAttribute,
  EventTypeProps,
  IBroker,
  IChannel,
  InMemoryChannelProps,
  IntegrationSinkProps,
  JobSinkProps,
  KafkaBrokerConfigProps,
  KafkaChannelProps,
  KafkaSinkProps,
  LogSinkOptions,
  OnEventOptions,
  ParallelBranch,
  ParallelProps,
  RequestReplyProps,
  SequenceProps,
  SequenceStep,
  SinkPathOptions,
  SinkSecurityOptions,
  SubscriptionOptions,
  SubscriptionProps,
  TriggerOptions,
  TriggerProps,
} from './eventing';

// --- sources
export {
  ApiServerSource,
  ApiServerSourceMode,
  ContainerSource,
  GitHubEventType,
  GitHubSource,
  IntegrationInput,
  IntegrationSource,
  KafkaInitialOffset,
  KafkaOrdering,
  KafkaSource,
  PingSource,
  SinkBinding,
  SinkBindingSubject,
  Source,
} from './sources';
export type {
  ApiServerOwner,
  ApiServerResource,
  ApiServerSourceProps,
  ContainerSourceProps,
  GenericSourceProps,
  GitHubSourceProps,
  IntegrationSourceProps,
  KafkaSasl,
  KafkaSourceProps,
  KafkaTls,
  PingSourceProps,
  SecretKey,
  SinkBindingProps,
  SourceProps,
  TimerOptions,
} from './sources';

// --- istio
export {
  AuthorizationAction,
  AuthorizationPolicy,
  ClientTlsMode,
  DestinationRule,
  Gateway,
  GatewayProtocol,
  IngressTls,
  KnativeIngress,
  KnativeIngressMode,
  LoadBalancerAlgorithm,
  MtlsMode,
  PeerAuthentication,
  ServerTls,
  ServerTlsMode,
  StringMatch,
  TlsVersion,
  VirtualService,
} from './istio';
export type {
  AuthorizationPolicyProps,
  AuthorizationRule,
  AutoTlsOptions,
  CustomDomain,
  DestinationRuleProps,
  DestinationSubset,
  GatewayImportOptions,
  GatewayProps,
  GatewayServer,
  HttpMatch,
  HttpRedirect,
  HttpRedirectServerOptions,
  HttpRetries,
  HttpRewrite,
  HttpRoute,
  HttpRouteDestination,
  HttpsServerOptions,
  IGateway,
  IngressTlsOptions,
  KnativeIngressProps,
  MutualTlsOptions,
  OutlierDetection,
  PeerAuthenticationProps,
  PortMtls,
  RequestCondition,
  RequestOperation,
  RequestSource,
  ServerTlsOptions,
  VirtualServiceProps,
} from './istio';

// --- secrets
export {
  GitBasicAuthSecret,
  GitSshSecret,
  OpaqueSecret,
  RegistrySecret,
  SealingScope,
  SecretSource,
  SecretStoreKind,
  ServiceAccount,
  TlsSecret,
} from './secrets';
export type {
  DockerConfigJsonOptions,
  ExternalSecretSourceOptions,
  GitBasicAuthSecretProps,
  GitSshSecretProps,
  OpaqueSecretProps,
  RegistrySecretProps,
  SealedSecretSourceOptions,
  ServiceAccountProps,
  TlsSecretProps,
} from './secrets';
export type { ITypedSecret } from './core/typed-secret';

// --- builds
export {
  Builder,
  OnError,
  ParamType,
  ParamValue,
  Pipeline,
  PipelineRun,
  PipelineTask,
  SourceToImage,
  Task,
  When,
  WorkspaceBinding,
} from './builds';
export type {
  BuildpacksOptions,
  IPipeline,
  ITask,
  KanikoOptions,
  ParamSpec,
  PipelineImportOptions,
  PipelineProps,
  PipelineResultSpec,
  PipelineRunProps,
  PipelineTaskOptions,
  ResultSpec,
  SourceToImageProps,
  StepSecurityContext,
  StepVolumeMount,
  TaskImportOptions,
  TaskProps,
  TaskStep,
  VolumeClaimTemplateOptions,
  WorkspaceSpec,
} from './builds';

// --- helm
export {
  ChartValue,
  ChartValueType,
  HelmChart,
} from './helm';
export type {
  BooleanValueOptions,
  ChartValueOptions,
  HelmChartProps,
  HelmComponentOptions,
  ListValueOptions,
  NumberValueOptions,
  ObjectValueOptions,
  StringValueOptions,
} from './helm';

// --- platform
export {
  ApplyOrder,
  FeatureState,
  KnativeEventing,
  KnativeServing,
  TransportEncryption,
} from './platform';
export type {
  ApplyOrderOptions,
  AutoscalerConfig,
  KnativeEventingProps,
  KnativeServingProps,
  RevisionGcConfig,
} from './platform';
