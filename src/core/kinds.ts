/**
 * The apiVersion and kind of each resource the constructs write, by hand.
 *
 * The generated classes under `imports/` carry the same pair as `GVK`, but
 * loading one costs milliseconds (Tekton, Istio and the Operator hold
 * thousands of lines each), and most constructs need only the pair. A test
 * (test/core/kinds.test.ts) checks every entry against its generated class.
 */
import type { GroupVersionKind } from 'cdk8s';

function gvk(apiVersion: string, kind: string): GroupVersionKind {
  return Object.freeze({ apiVersion, kind });
}

export const KINDS = Object.freeze({
  // serving.knative.dev
  Service: gvk('serving.knative.dev/v1', 'Service'),
  Configuration: gvk('serving.knative.dev/v1', 'Configuration'),
  Route: gvk('serving.knative.dev/v1', 'Route'),
  DomainMapping: gvk('serving.knative.dev/v1beta1', 'DomainMapping'),
  // eventing.knative.dev, messaging.knative.dev, flows.knative.dev
  Broker: gvk('eventing.knative.dev/v1', 'Broker'),
  Trigger: gvk('eventing.knative.dev/v1', 'Trigger'),
  KafkaSink: gvk('eventing.knative.dev/v1alpha1', 'KafkaSink'),
  Channel: gvk('messaging.knative.dev/v1', 'Channel'),
  InMemoryChannel: gvk('messaging.knative.dev/v1', 'InMemoryChannel'),
  Subscription: gvk('messaging.knative.dev/v1', 'Subscription'),
  Parallel: gvk('flows.knative.dev/v1', 'Parallel'),
  Sequence: gvk('flows.knative.dev/v1', 'Sequence'),
  // sources.knative.dev
  ApiServerSource: gvk('sources.knative.dev/v1', 'ApiServerSource'),
  ContainerSource: gvk('sources.knative.dev/v1', 'ContainerSource'),
  PingSource: gvk('sources.knative.dev/v1', 'PingSource'),
  SinkBinding: gvk('sources.knative.dev/v1', 'SinkBinding'),
  GitHubSource: gvk('sources.knative.dev/v1alpha1', 'GitHubSource'),
  KafkaSource: gvk('sources.knative.dev/v1beta1', 'KafkaSource'),
  // tekton.dev
  TaskV1: gvk('tekton.dev/v1', 'Task'),
  PipelineV1: gvk('tekton.dev/v1', 'Pipeline'),
  // networking.istio.io, security.istio.io
  Gateway: gvk('networking.istio.io/v1', 'Gateway'),
  VirtualService: gvk('networking.istio.io/v1', 'VirtualService'),
  AuthorizationPolicy: gvk('security.istio.io/v1', 'AuthorizationPolicy'),
  // external-secrets.io, bitnami.com
  ExternalSecret: gvk('external-secrets.io/v1', 'ExternalSecret'),
  SealedSecret: gvk('bitnami.com/v1alpha1', 'SealedSecret'),
});
