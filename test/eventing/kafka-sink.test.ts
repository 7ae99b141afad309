import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { KafkaContentMode, KafkaSink } from '../../src/eventing';

describe('KafkaSink', () => {
  test('writes topic, servers, partitions, replication, content mode and auth Secret', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const secret = kplus.Secret.fromSecretName(chart, 'Auth', 'kafka-auth');
    const sink = new KafkaSink(chart, 'K', {
      metadata: { name: 'orders' }, topic: 'orders', bootstrapServers: ['a:9092', 'b:9092'],
      numPartitions: 3, replicationFactor: 2, contentMode: KafkaContentMode.STRUCTURED, authSecret: secret,
    });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'KafkaSink', metadata: { name: 'orders', namespace: 'shop' },
      spec: { topic: 'orders', numPartitions: 3, replicationFactor: 2, bootstrapServers: ['a:9092', 'b:9092'], contentMode: 'structured', auth: { secret: { ref: { name: 'kafka-auth' } } } },
    });
    expect(sink.url).toBe('http://kafka-sink-ingress.knative-eventing.svc.cluster.local/shop/orders');
    expect(sink.toDestination().reference).toMatchObject({ kind: 'KafkaSink', name: 'orders' });
  });

  test('writes only what is given', () => {
    const chart = Testing.chart();
    new KafkaSink(chart, 'K', { topic: 't', bootstrapServers: ['k:9092'] });
    expect(Testing.synth(chart)[0].spec).toEqual({ topic: 't', bootstrapServers: ['k:9092'] });
  });

  const make = (props: Partial<ConstructorParameters<typeof KafkaSink>[2]>) => () =>
    new KafkaSink(Testing.chart(), 'K', { topic: 't', bootstrapServers: ['k:9092'], ...props });

  test('fails when the topic is not a Kafka topic name', () => {
    expect(make({ topic: 'my topic' })).toThrow(/\[test\/K\] topic: "my topic" is not allowed; a Kafka topic name is 1-249 characters/);
  });
  test('fails when there are no bootstrap servers', () => {
    expect(make({ bootstrapServers: [] })).toThrow(/\[test\/K\] bootstrapServers: \[\] is not allowed; list at least one "host:port"/);
  });
  test('fails when a bootstrap server has no port', () => {
    expect(make({ bootstrapServers: ['kafka'] })).toThrow(/\[test\/K\] bootstrapServers\[0\]: "kafka" is not allowed; must be "host:port"/);
  });
  test('fails when numPartitions is 0', () => {
    expect(make({ numPartitions: 0 })).toThrow(/\[test\/K\] numPartitions: 0 is not allowed; must be an integer from 1/);
  });
  test('fails when replicationFactor is above an int16', () => {
    expect(make({ replicationFactor: 40000 })).toThrow(/\[test\/K\] replicationFactor: 40000 is not allowed; must be an integer from 1 to 32767/);
  });
  test('fails when the content mode is unknown', () => {
    expect(make({ contentMode: 'json' as KafkaContentMode })).toThrow(/\[test\/K\] contentMode: "json" is not allowed/);
  });
});
