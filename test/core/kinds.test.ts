import * as path from 'path';
import * as broker from '../../imports/eventing-broker-eventing.knative.dev';
import * as trigger from '../../imports/eventing-trigger-eventing.knative.dev';
import * as externalSecrets from '../../imports/externalsecrets-external-secrets.io';
import * as parallel from '../../imports/flows-parallel-flows.knative.dev';
import * as sequence from '../../imports/flows-sequence-flows.knative.dev';
import * as github from '../../imports/github-source-sources.knative.dev';
import * as authorizationPolicy from '../../imports/istio-authorizationpolicy-security.istio.io';
import * as gateway from '../../imports/istio-gateway-networking.istio.io';
import * as virtualService from '../../imports/istio-virtualservice-networking.istio.io';
import * as kafkaSink from '../../imports/kafka-sink-eventing.knative.dev';
import * as kafkaSource from '../../imports/kafka-source-sources.knative.dev';
import * as channel from '../../imports/messaging-channel-messaging.knative.dev';
import * as inMemoryChannel from '../../imports/messaging-inmemorychannel-messaging.knative.dev';
import * as subscription from '../../imports/messaging-subscription-messaging.knative.dev';
import * as sealedSecrets from '../../imports/sealedsecrets-bitnami.com';
import * as configuration from '../../imports/serving-configuration-serving.knative.dev';
import * as domainMapping from '../../imports/serving-domainmapping-serving.knative.dev';
import * as route from '../../imports/serving-route-serving.knative.dev';
import * as service from '../../imports/serving-service-serving.knative.dev';
import * as apiServerSource from '../../imports/sources-apiserver-sources.knative.dev';
import * as containerSource from '../../imports/sources-container-sources.knative.dev';
import * as pingSource from '../../imports/sources-ping-sources.knative.dev';
import * as sinkBinding from '../../imports/sources-sinkbinding-sources.knative.dev';
import * as pipeline from '../../imports/tekton-pipeline-tekton.dev';
import * as task from '../../imports/tekton-task-tekton.dev';
import { KINDS } from '../../src/core/kinds';

// each hand-written pair against the GVK of the generated class the construct used before
const GENERATED = {
  Service: service.Service.GVK,
  Configuration: configuration.Configuration.GVK,
  Route: route.Route.GVK,
  DomainMapping: domainMapping.DomainMapping.GVK,
  Broker: broker.Broker.GVK,
  Trigger: trigger.Trigger.GVK,
  KafkaSink: kafkaSink.KafkaSink.GVK,
  Channel: channel.Channel.GVK,
  InMemoryChannel: inMemoryChannel.InMemoryChannel.GVK,
  Subscription: subscription.Subscription.GVK,
  Parallel: parallel.Parallel.GVK,
  Sequence: sequence.Sequence.GVK,
  ApiServerSource: apiServerSource.ApiServerSource.GVK,
  ContainerSource: containerSource.ContainerSource.GVK,
  PingSource: pingSource.PingSource.GVK,
  SinkBinding: sinkBinding.SinkBinding.GVK,
  GitHubSource: github.GitHubSource.GVK,
  KafkaSource: kafkaSource.KafkaSource.GVK,
  TaskV1: task.TaskV1.GVK,
  PipelineV1: pipeline.PipelineV1.GVK,
  Gateway: gateway.Gateway.GVK,
  VirtualService: virtualService.VirtualService.GVK,
  AuthorizationPolicy: authorizationPolicy.AuthorizationPolicy.GVK,
  ExternalSecret: externalSecrets.ExternalSecret.GVK,
  SealedSecret: sealedSecrets.SealedSecret.GVK,
};

describe('KINDS', () => {
  test('every entry equals the GVK of its generated class', () => {
    expect(Object.keys(KINDS).sort()).toEqual(Object.keys(GENERATED).sort());
    for (const [name, gvk] of Object.entries(GENERATED)) {
      expect({ name, ...KINDS[name as keyof typeof KINDS] }).toEqual({ name, ...gvk });
    }
  });

  test('fails when an entry is changed: the pairs are frozen', () => {
    expect(() => { (KINDS.Service as { apiVersion: string }).apiVersion = 'serving.knative.dev/v2'; }).toThrow(TypeError);
    expect(KINDS.Service.apiVersion).toBe('serving.knative.dev/v1');
  });

  test('loading the package entry point loads no generated class', () => {
    jest.isolateModules(() => {
      const before = new Set(Object.keys(require.cache));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../src');
      const generated = path.resolve(__dirname, '..', '..', 'imports') + path.sep;
      const loaded = Object.keys(require.cache).filter(f => !before.has(f) && f.startsWith(generated));
      expect(loaded).toEqual([]);
    });
  });
});
