import { Chart, Duration } from 'cdk8s';
import * as kn from '../../src';

/** The CloudEvents type a PingSource sends. */
export const PING_EVENT_TYPE = 'dev.knative.sources.ping';

/**
 * The eventing part of the example stack, in the namespace of `service`:
 * - a PingSource sending every minute to the `default` Broker, whose Trigger
 *   delivers the ping events (filtered on their type) to `service`;
 * - an ApiServerSource turning Kubernetes `v1 Event`s into CloudEvents for
 *   the Broker, with its own get/list/watch-only ServiceAccount;
 * - an InMemoryChannel with two Subscriptions to `service`, the second with
 *   retries and a dead-letter sink (the `event-display` Service, outside the app).
 */
export function addEventingExample(chart: Chart, service: kn.IAddressable): {
  broker: kn.Broker;
  channel: kn.InMemoryChannel;
} {
  const namespace = service.reference.namespaceName ?? chart.namespace;

  const broker = new kn.Broker(chart, 'DefaultBroker', {
    metadata: { name: 'default', namespace },
    delivery: { retry: 3, backoffPolicy: kn.BackoffPolicy.EXPONENTIAL, backoffDelay: Duration.seconds(1) },
  });

  new kn.EventType(chart, 'PingEventType', {
    metadata: { name: 'ping', namespace },
    cloudEventType: PING_EVENT_TYPE,
    source: `/apis/v1/namespaces/${namespace}/pingsources/heartbeat`,
    description: 'A heartbeat every minute',
    reference: broker,
  });

  new kn.PingSource(chart, 'Heartbeat', {
    metadata: { name: 'heartbeat', namespace },
    schedule: '*/1 * * * *',
    timezone: 'UTC',
    contentType: 'application/json',
    data: '{"message":"Hello from the PingSource"}',
    sink: broker,
  });

  broker.onEvent('PingTrigger', PING_EVENT_TYPE, service, { metadata: { name: 'ping-to-service', namespace } });

  new kn.ApiServerSource(chart, 'KubeEvents', {
    metadata: { name: 'kube-events', namespace },
    resources: [{ apiVersion: 'v1', kind: 'Event' }],
    mode: kn.ApiServerSourceMode.REFERENCE,
    sink: broker,
  });

  const channel = new kn.InMemoryChannel(chart, 'Channel', { metadata: { name: 'example-channel', namespace } });
  channel.addSubscription('Subscription', service, { metadata: { name: 'to-service', namespace } });
  channel.addSubscription('SubscriptionWithDeadLetter', service, {
    metadata: { name: 'to-service-with-dls', namespace },
    delivery: {
      retry: 5,
      backoffPolicy: kn.BackoffPolicy.LINEAR,
      backoffDelay: Duration.seconds(2),
      deadLetterSink: kn.Sink.fromRef(chart, 'EventDisplay', {
        apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'event-display', namespaceName: namespace,
      }),
    },
  });

  return { broker, channel };
}
