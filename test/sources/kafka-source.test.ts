import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../src/eventing';
import { KafkaInitialOffset, KafkaOrdering, KafkaSource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

describe('KafkaSource', () => {
  test('writes servers, topics, consumer settings, net, delivery, sink and overrides', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'kafka-auth');
    new KafkaSource(chart, 'K', {
      metadata: { name: 'orders' },
      bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
      topics: ['orders', 'refunds'],
      consumerGroup: 'shop',
      consumers: 2,
      initialOffset: KafkaInitialOffset.EARLIEST,
      ordering: KafkaOrdering.UNORDERED,
      sasl: { mechanism: { secret, key: 'sasl.mechanism' }, user: { secret, key: 'user' }, password: { secret, key: 'password' } },
      tls: { caCert: { secret, key: 'ca.crt' } },
      delivery: { retry: 3, timeout: Duration.seconds(10) },
      sink,
      ceOverrides: { shop: 'eu' },
    });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'sources.knative.dev/v1beta1',
      kind: 'KafkaSource',
      metadata: { name: 'orders' },
      spec: {
        bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
        topics: ['orders', 'refunds'],
        consumerGroup: 'shop',
        consumers: 2,
        initialOffset: 'earliest',
        ordering: 'unordered',
        net: {
          sasl: {
            enable: true,
            type: { secretKeyRef: { name: 'kafka-auth', key: 'sasl.mechanism' } },
            user: { secretKeyRef: { name: 'kafka-auth', key: 'user' } },
            password: { secretKeyRef: { name: 'kafka-auth', key: 'password' } },
          },
          tls: { enable: true, caCert: { secretKeyRef: { name: 'kafka-auth', key: 'ca.crt' } } },
        },
        delivery: { retry: 3, timeout: 'PT10S' },
        sink: { uri: 'https://sink.example.com' },
        ceOverrides: { extensions: { shop: 'eu' } },
      },
    });
  });

  test('writes only what is set', () => {
    const chart = Testing.chart();
    new KafkaSource(chart, 'K', { bootstrapServers: ['k:9092'], topics: ['t'], sink });
    expect(Testing.synth(chart)[0].spec).toEqual({ bootstrapServers: ['k:9092'], topics: ['t'], sink: { uri: 'https://sink.example.com' } });
  });

  test('fails when a bootstrap server has no port', () => {
    expect(() => new KafkaSource(Testing.chart(), 'K', { bootstrapServers: ['kafka'], topics: ['t'], sink }))
      .toThrow(/\[test\/K\] bootstrapServers\[0\]: "kafka" is not allowed; must be "host:port"/);
  });

  test('fails when there is no topic', () => {
    expect(() => new KafkaSource(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], topics: [], sink })).toThrow(/\[test\/K\] topics: \[\] is not allowed; list at least one topic/);
  });

  test('fails when a topic name has spaces', () => {
    expect(() => new KafkaSource(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], topics: ['my topic'], sink })).toThrow(/\[test\/K\] topics\[0\]: "my topic" is not allowed/);
  });

  test('fails when consumers is negative', () => {
    expect(() => new KafkaSource(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], topics: ['t'], consumers: -1, sink })).toThrow(/\[test\/K\] consumers: -1 is not allowed; must be an integer from 0/);
  });

  test('fails when a TLS cert comes without key', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'tls');
    expect(() => new KafkaSource(chart, 'K', { bootstrapServers: ['k:9092'], topics: ['t'], tls: { cert: { secret, key: 'tls.crt' } }, sink }))
      .toThrow(/\[test\/K\] tls: "cert without key" is not allowed; give cert and key together/);
  });

  test('fails when a secret key is invalid', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'auth');
    expect(() => new KafkaSource(chart, 'K', { bootstrapServers: ['k:9092'], topics: ['t'], sasl: { user: { secret, key: 'a b' }, password: { secret, key: 'p' } }, sink }))
      .toThrow(/\[test\/K\] sasl.user.key: "a b" is not allowed/);
  });
});
