import { Duration, Testing } from 'cdk8s';
import { KafkaChannel } from '../../src/eventing';

describe('KafkaChannel', () => {
  test('writes topic settings and delivery', () => {
    const chart = Testing.chart();
    new KafkaChannel(chart, 'K', { metadata: { name: 'k' }, numPartitions: 3, replicationFactor: 2, retentionDuration: Duration.hours(48), delivery: { retry: 1 } });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'messaging.knative.dev/v1beta1',
      kind: 'KafkaChannel',
      metadata: { name: 'k' },
      spec: { numPartitions: 3, replicationFactor: 2, retentionDuration: 'PT48H', delivery: { retry: 1 } },
    });
  });

  test('fails when numPartitions is zero', () => {
    expect(() => new KafkaChannel(Testing.chart(), 'K', { numPartitions: 0 })).toThrow(/\[test\/K\] numPartitions: 0 is not allowed; must be an integer from 1 to 2147483647/);
  });

  test('fails when replicationFactor is fractional', () => {
    expect(() => new KafkaChannel(Testing.chart(), 'K', { replicationFactor: 1.5 })).toThrow(/\[test\/K\] replicationFactor: 1.5 is not allowed/);
  });

  test('fails when a delivery timeout is set', () => {
    expect(() => new KafkaChannel(Testing.chart(), 'K', { delivery: { timeout: Duration.seconds(1) } })).toThrow(/\[test\/K\] delivery.timeout: "PT1S" is not allowed; KafkaChannel's CRD has no delivery timeout/);
  });
});
