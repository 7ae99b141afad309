import { Chart, Duration, Testing } from 'cdk8s';
import { Channel, ChannelKind, Sink } from '../../src/eventing';

describe('Channel', () => {
  test('writes the channel template and delivery', () => {
    const chart = Testing.chart();
    new Channel(chart, 'C', {
      metadata: { name: 'orders' },
      channelTemplate: ChannelKind.KAFKA,
      delivery: { retry: 2, backoffDelay: Duration.seconds(1) },
    });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'Channel',
      metadata: { name: 'orders' },
      spec: {
        channelTemplate: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' },
        delivery: { retry: 2, backoffDelay: 'PT1S' },
      },
    });
  });

  test('leaves the template to the cluster default', () => {
    const chart = Testing.chart();
    new Channel(chart, 'C');
    expect(Testing.synth(chart)[0].spec).toEqual({});
  });

  test('a custom kind carries its spec', () => {
    const chart = Testing.chart();
    new Channel(chart, 'C', { channelTemplate: ChannelKind.custom('messaging.example.com/v1alpha1', 'NatsChannel', { stream: 'x' }) });
    expect(Testing.synth(chart)[0].spec.channelTemplate).toEqual({ apiVersion: 'messaging.example.com/v1alpha1', kind: 'NatsChannel', spec: { stream: 'x' } });
  });

  test('is addressable', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const c = new Channel(chart, 'C', { metadata: { name: 'orders' }, channelTemplate: ChannelKind.IN_MEMORY });
    const custom = new Channel(chart, 'D', { metadata: { name: 'x' }, channelTemplate: ChannelKind.custom('a.b/v1', 'X') });
    expect(c.url).toBe('http://orders-kn-channel.shop.svc.cluster.local');
    expect(custom.url).toBeUndefined();
    expect(c.toDestination()).toEqual({ reference: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders', namespaceName: 'shop' } });
  });

  test('addSubscription adds a Subscription', () => {
    const chart = Testing.chart();
    const c = new Channel(chart, 'C', { metadata: { name: 'orders' } });
    c.addSubscription('S', Sink.fromUri('https://a.example.com'), { reply: Sink.fromUri('https://b.example.com') });
    expect(Testing.synth(chart)[1].spec).toEqual({
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders' },
      subscriber: { uri: 'https://a.example.com' },
      reply: { uri: 'https://b.example.com' },
    });
  });

  test('fromChannelName imports a channel of a given kind', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const c = Channel.fromChannelName(chart, 'Ext', 'legacy', { kind: ChannelKind.IN_MEMORY });
    expect(c.reference).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'legacy', namespaceName: 'shop' });
    expect(c.url).toBe('http://legacy-kn-channel.shop.svc.cluster.local');
    c.addSubscription('S', Sink.fromUri('https://a.example.com'));
    expect(Testing.synth(chart)[0].spec.channel).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'legacy' });
  });

  test('fromChannelName imports a generic Channel or a KafkaChannel', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const generic = Channel.fromChannelName(chart, 'Generic', 'any');
    const kafka = Channel.fromChannelName(chart, 'Kafka', 'topic', { kind: ChannelKind.KAFKA, namespaceName: 'shop' });
    const custom = Channel.fromChannelName(chart, 'Custom', 'nats', { kind: ChannelKind.custom('messaging.example.com/v1alpha1', 'NatsChannel') });
    expect(generic.reference).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'any', namespaceName: 'shop' });
    expect(kafka.reference).toEqual({ apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel', name: 'topic', namespaceName: 'shop' });
    expect(custom.url).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when an imported channel name is not a DNS subdomain', () => {
    expect(() => Channel.fromChannelName(Testing.chart(), 'Ext', 'Bad_Name')).toThrow(/\[test\/Ext\] name: "Bad_Name" is not allowed; must be a DNS-1123 subdomain/);
  });

  test('fails when a subscription id is added twice', () => {
    const chart = Testing.chart();
    const c = new Channel(chart, 'C', { metadata: { name: 'orders' } });
    c.addSubscription('S', Sink.fromUri('https://a.example.com'));
    expect(() => c.addSubscription('S', Sink.fromUri('https://b.example.com'))).toThrow(/There is already a Construct with name 'S'/);
    const imported = Channel.fromChannelName(chart, 'Ext', 'legacy');
    imported.addSubscription('S', Sink.fromUri('https://a.example.com'));
    expect(() => imported.addSubscription('S', Sink.fromUri('https://b.example.com'))).toThrow(/There is already a Construct with name 'S'/);
  });

  test('fails when a custom kind has a bad apiVersion', () => {
    expect(() => ChannelKind.custom('not a version', 'X')).toThrow(/ChannelKind.custom: apiVersion "not a version" is not allowed/);
  });

  test('fails when a custom kind is lower-case', () => {
    expect(() => ChannelKind.custom('a.b/v1', 'natsChannel')).toThrow(/ChannelKind.custom: kind "natsChannel" is not allowed/);
  });

  test('fails when the delivery is bad', () => {
    expect(() => new Channel(Testing.chart(), 'C', { delivery: { retry: -2 } })).toThrow(/\[test\/C\] delivery.retry: -2 is not allowed/);
  });
});
