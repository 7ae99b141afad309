import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BrokerClass, KafkaBrokerConfig } from '../../src/eventing';

describe('KafkaBrokerConfig', () => {
  test('writes the ConfigMap the Kafka broker reads, and a Broker of class Kafka using it', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const secret = kplus.Secret.fromSecretName(chart, 'Auth', 'kafka-auth');
    const config = new KafkaBrokerConfig(chart, 'Kafka', {
      metadata: { name: 'kafka-broker-config' }, bootstrapServers: ['a:9092', 'b:9092'], defaultTopicPartitions: 6, defaultTopicReplicationFactor: 1,
      authSecret: secret, topicConfig: { 'retention.ms': '86400000' },
    });
    config.addBroker('Orders', { metadata: { name: 'orders' } });
    const [cm, broker] = Testing.synth(chart);
    expect(cm).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka-broker-config', namespace: 'shop' },
      data: {
        'bootstrap.servers': 'a:9092,b:9092', 'default.topic.partitions': '6', 'default.topic.replication.factor': '1',
        'auth.secret.ref.name': 'kafka-auth', 'default.topic.config.retention.ms': '86400000',
      },
    });
    expect(broker.kind).toBe('Broker');
    expect(broker.metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(broker.spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'shop' });
  });

  test('writes Knative\'s defaults for partitions and replication', () => {
    const chart = Testing.chart();
    new KafkaBrokerConfig(chart, 'Kafka', { bootstrapServers: ['k:9092'] });
    expect(Testing.synth(chart)[0].data).toEqual({ 'bootstrap.servers': 'k:9092', 'default.topic.partitions': '10', 'default.topic.replication.factor': '3' });
  });

  test('fails when there are no bootstrap servers', () => {
    expect(() => new KafkaBrokerConfig(Testing.chart(), 'K', { bootstrapServers: [] })).toThrow(/\[test\/K\] bootstrapServers: \[\] is not allowed/);
  });
  test('fails when partitions or replication are below 1', () => {
    expect(() => new KafkaBrokerConfig(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], defaultTopicPartitions: 0 })).toThrow(/\[test\/K\] defaultTopicPartitions: 0 is not allowed/);
    expect(() => new KafkaBrokerConfig(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], defaultTopicReplicationFactor: 0 })).toThrow(/\[test\/K\] defaultTopicReplicationFactor: 0 is not allowed/);
  });
  test('fails when a topic setting is not a Kafka setting name', () => {
    expect(() => new KafkaBrokerConfig(Testing.chart(), 'K', { bootstrapServers: ['k:9092'], topicConfig: { 'Retention MS': '1' } })).toThrow(/\[test\/K\] topicConfig\.Retention MS: "Retention MS" is not allowed/);
  });
  test('fails when addBroker is given another class or a config', () => {
    const config = new KafkaBrokerConfig(Testing.chart(), 'K', { bootstrapServers: ['k:9092'] });
    expect(() => config.addBroker('B', { brokerClass: BrokerClass.MT_CHANNEL_BASED })).toThrow(/\[test\/K\] addBroker\.brokerClass: "MTChannelBasedBroker" is not allowed/);
    expect(() => config.addBroker('C', { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' } })).toThrow(/\[test\/K\] addBroker\.config: .* is not allowed; the config is this KafkaBrokerConfig/);
  });
});
