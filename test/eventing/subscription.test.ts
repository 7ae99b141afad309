import { Chart, Duration, Testing } from 'cdk8s';
import { BackoffPolicy, Channel, InMemoryChannel, Sink, Subscription } from '../../src/eventing';

describe('Subscription', () => {
  test('writes channel, subscriber, reply and delivery', () => {
    const chart = Testing.chart();
    const channel = new InMemoryChannel(chart, 'C', { metadata: { name: 'events' } });
    new Subscription(chart, 'S', {
      metadata: { name: 'sub' },
      channel,
      subscriber: Sink.fromUri('https://a.example.com'),
      reply: channel,
      delivery: { retry: 4, backoffPolicy: BackoffPolicy.LINEAR, backoffDelay: Duration.seconds(3), deadLetterSink: Sink.fromUri('https://dls.example.com') },
    });
    expect(Testing.synth(chart)[1]).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'Subscription',
      metadata: { name: 'sub' },
      spec: {
        channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'events' },
        subscriber: { uri: 'https://a.example.com' },
        reply: { ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'events' } },
        delivery: { retry: 4, backoffPolicy: 'linear', backoffDelay: 'PT3S', deadLetterSink: { uri: 'https://dls.example.com' } },
      },
    });
  });

  // knative/eventing knative-v1.22.2 pkg/apis/messaging/v1/subscription_validation.go SubscriptionSpec.Validate
  test('fails when only a reply is given (Knative requires a subscriber)', () => {
    const chart = Testing.chart();
    const channel = new InMemoryChannel(chart, 'C', { metadata: { name: 'events' } });
    expect(() => new Subscription(chart, 'S', { channel, reply: Sink.fromUri('https://r.example.com') }))
      .toThrow(/\[test\/S\] subscriber: undefined is not allowed; a Subscription needs a subscriber/);
  });

  test('fails when neither subscriber nor reply is given', () => {
    const chart = Testing.chart();
    const channel = new InMemoryChannel(chart, 'C');
    expect(() => new Subscription(chart, 'S', { channel })).toThrow(/\[test\/S\] subscriber: undefined is not allowed; a Subscription needs a subscriber/);
  });

  test('fails when the channel is in another namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'a' });
    const channel = Channel.fromChannelName(chart, 'Ext', 'x', { namespaceName: 'b' });
    expect(() => new Subscription(chart, 'S', { channel, subscriber: Sink.fromUri('https://a.example.com') }))
      .toThrow(/\[c\/S\] channel: "b\/x" is not allowed; the channel must be in the Subscription's namespace "a"/);
  });

  test('fails when the reply is invalid', () => {
    const chart = Testing.chart();
    const channel = new InMemoryChannel(chart, 'C');
    expect(() => channel.addSubscription('S', Sink.fromUri('https://a.example.com'), { reply: { toDestination: () => ({ uri: 'relative' }) } }))
      .toThrow(/\[test\/C\/S\] reply.uri: "relative" is not allowed/);
  });
});
