import { Chart, Duration, Testing } from 'cdk8s';
import { BackoffPolicy, Broker, BrokerClass, Sink } from '../../src/eventing';

describe('Broker', () => {
  test('writes no class annotation unless a class is set, so the cluster default class applies', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'Default', { metadata: { name: 'default' } });
    const [obj] = Testing.synth(chart);
    expect(obj).toEqual({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'default' },
      spec: {},
    });
    expect(broker.brokerClass).toBe(BrokerClass.MT_CHANNEL_BASED);
  });

  test('writes the class annotation when the class is set, even to the usual default', () => {
    const chart = Testing.chart();
    new Broker(chart, 'Default', { metadata: { name: 'default' }, brokerClass: BrokerClass.MT_CHANNEL_BASED });
    const [obj] = Testing.synth(chart);
    expect(obj.metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
  });

  test('writes class, config and delivery', () => {
    const chart = Testing.chart();
    new Broker(chart, 'Kafka', {
      metadata: { name: 'orders', annotations: { team: 'a' } },
      brokerClass: BrokerClass.KAFKA,
      config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespaceName: 'knative-eventing' },
      delivery: {
        deadLetterSink: Sink.fromUri('https://dls.example.com'),
        retry: 5,
        backoffPolicy: BackoffPolicy.LINEAR,
        backoffDelay: Duration.seconds(2),
        timeout: Duration.minutes(1),
      },
    });
    const [broker] = Testing.synth(chart);
    expect(broker.metadata.annotations).toEqual({ 'team': 'a', 'eventing.knative.dev/broker.class': 'Kafka' });
    expect(broker.spec).toEqual({
      config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' },
      delivery: {
        deadLetterSink: { uri: 'https://dls.example.com' },
        retry: 5,
        backoffPolicy: 'linear',
        backoffDelay: 'PT2S',
        timeout: 'PT1M',
      },
    });
  });

  test('a custom class is written as is', () => {
    const chart = Testing.chart();
    new Broker(chart, 'B', { brokerClass: BrokerClass.custom('RabbitMQBroker') });
    expect(Testing.synth(chart)[0].metadata.annotations['eventing.knative.dev/broker.class']).toBe('RabbitMQBroker');
  });

  test('is addressable with the ingress URL', () => {
    const chart = Testing.chart();
    const mt = new Broker(chart, 'Mt', { metadata: { name: 'default', namespace: 'shop' } });
    const kafka = new Broker(chart, 'K', { metadata: { name: 'k', namespace: 'shop' }, brokerClass: BrokerClass.KAFKA });
    const custom = new Broker(chart, 'C', { metadata: { name: 'c', namespace: 'shop' }, brokerClass: BrokerClass.custom('X') });
    const noNs = new Broker(chart, 'N', { metadata: { name: 'n' } });
    expect(mt.url).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/shop/default');
    expect(kafka.url).toBe('http://kafka-broker-ingress.knative-eventing.svc.cluster.local/shop/k');
    expect(custom.url).toBeUndefined();
    expect(noNs.url).toBeUndefined();
    expect(mt.toDestination()).toEqual({ reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespaceName: 'shop' } });
  });

  test('fromBrokerName imports a broker outside the app and can add triggers to it', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const broker = Broker.fromBrokerName(chart, 'Ext', 'default', { namespaceName: 'shop' });
    expect(broker.name).toBe('default');
    expect(broker.reference).toEqual({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespaceName: 'shop' });
    expect(broker.url).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/shop/default');
    broker.onEvent('OnOrder', 'com.example.order', Sink.fromUri('https://x.example.com'));
    const manifests = Testing.synth(chart);
    expect(manifests).toHaveLength(1);
    expect(manifests[0].kind).toBe('Trigger');
    expect(manifests[0].spec.broker).toBe('default');
  });

  test('fromBrokerName takes the chart namespace and the class that gives the address', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const broker = Broker.fromBrokerName(chart, 'Ext', 'orders', { brokerClass: BrokerClass.KAFKA });
    expect(broker.reference.namespaceName).toBe('shop');
    expect(broker.url).toBe('http://kafka-broker-ingress.knative-eventing.svc.cluster.local/shop/orders');
    expect(broker.toDestination()).toEqual({ reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'orders', namespaceName: 'shop' } });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when an imported broker name is not a DNS subdomain', () => {
    expect(() => Broker.fromBrokerName(Testing.chart(), 'Ext', 'Bad_Name'))
      .toThrow(/\[test\/Ext\] name: "Bad_Name" is not allowed; must be a DNS-1123 subdomain/);
  });

  test('fails when a trigger id is added twice', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    broker.onEvent('T', 'com.example.a', Sink.fromUri('https://x.example.com'));
    expect(() => broker.addTrigger('T', { subscriber: Sink.fromUri('https://y.example.com') })).toThrow(/There is already a Construct with name 'T'/);
    const imported = Broker.fromBrokerName(chart, 'Ext', 'other');
    imported.addTrigger('T', { subscriber: Sink.fromUri('https://x.example.com') });
    expect(() => imported.onEvent('T', 'com.example.a', Sink.fromUri('https://y.example.com'))).toThrow(/There is already a Construct with name 'T'/);
  });

  test('onEvent filters on the type and extra attributes', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    broker.onEvent('T', 'com.example.a', Sink.fromUri('https://x.example.com'), { filter: { source: 'shop' } });
    const trigger = Testing.synth(chart)[1];
    expect(trigger.spec).toEqual({
      broker: 'default',
      filter: { attributes: { source: 'shop', type: 'com.example.a' } },
      subscriber: { uri: 'https://x.example.com' },
    });
  });

  test('fails when the config reference has no name', () => {
    const chart = Testing.chart();
    expect(() => new Broker(chart, 'B', { config: { apiVersion: 'v1', kind: 'ConfigMap', name: '' } }))
      .toThrow(/\[test\/B\] config.name: "" is not allowed; must be a non-empty string/);
  });

  test('fails when the delivery retry is negative', () => {
    const chart = Testing.chart();
    expect(() => new Broker(chart, 'B', { delivery: { retry: -1 } }))
      .toThrow(/\[test\/B\] delivery.retry: -1 is not allowed; must be an integer from 0 to 2147483647/);
  });

  test('fails when the name is not a DNS subdomain', () => {
    const chart = Testing.chart();
    expect(() => new Broker(chart, 'B', { metadata: { name: 'Bad_Name' } })).toThrow(/\[test\/B\] metadata.name: "Bad_Name" is not allowed; must be a DNS-1123 subdomain/);
  });

  test('fails when a custom class has spaces', () => {
    expect(() => BrokerClass.custom('a b')).toThrow(/BrokerClass.custom: name "a b" is not allowed/);
  });
});
