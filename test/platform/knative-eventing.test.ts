import { Testing } from 'cdk8s';
import { BrokerClass, ChannelKind } from '../../src/eventing';
import { KnativeEventing, TransportEncryption } from '../../src/platform';

describe('KnativeEventing', () => {
  test('defaults: channel-based broker class in knative-eventing', () => {
    const chart = Testing.chart();
    const eventing = new KnativeEventing(chart, 'eventing');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeEventing',
      metadata: { name: 'knative-eventing', namespace: 'knative-eventing' },
      spec: { defaultBrokerClass: 'MTChannelBasedBroker' },
    }]);
    expect(eventing.defaultBrokerClass).toBe(BrokerClass.MT_CHANNEL_BASED);
  });

  test('default channel is written for channels and channel-based brokers', () => {
    const chart = Testing.chart();
    new KnativeEventing(chart, 'eventing', { version: '1.22', defaultChannel: ChannelKind.KAFKA, highAvailabilityReplicas: 2 });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec).toEqual({
      version: '1.22',
      defaultBrokerClass: 'MTChannelBasedBroker',
      'high-availability': { replicas: 2 },
      config: {
        'br-default-channel': { 'channel-template-spec': 'apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\n' },
        'default-ch-webhook': { 'default-ch-config': 'clusterDefault:\n  apiVersion: messaging.knative.dev/v1beta1\n  kind: KafkaChannel\n' },
      },
    });
  });

  test('Kafka broker class, default channel only for channels', () => {
    const chart = Testing.chart();
    new KnativeEventing(chart, 'eventing', { defaultBrokerClass: BrokerClass.KAFKA, defaultChannel: ChannelKind.IN_MEMORY, config: { 'config-logging': { 'loglevel.controller': 'debug' } } });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.defaultBrokerClass).toBe('Kafka');
    expect(Object.keys(spec.config)).toEqual(['default-ch-webhook', 'logging']);
  });

  test('fails when brokerChannel is given for a non channel-based broker class', () => {
    expect(() => new KnativeEventing(Testing.chart(), 'e', { defaultBrokerClass: BrokerClass.KAFKA, brokerChannel: ChannelKind.KAFKA }))
      .toThrow(/brokerChannel: "KafkaChannel" is not allowed; only applies to BrokerClass.MT_CHANNEL_BASED/);
  });

  test('fails when highAvailabilityReplicas is not a positive integer', () => {
    expect(() => new KnativeEventing(Testing.chart(), 'e', { highAvailabilityReplicas: 1.5 })).toThrow(/highAvailabilityReplicas: 1.5 is not allowed/);
  });

  test('fails when a config key is malformed', () => {
    expect(() => new KnativeEventing(Testing.chart(), 'e', { config: { logging: { 'bad key': 'x' } } })).toThrow(/config.logging: "bad key" is not allowed/);
  });

  test('turns on OIDC sender identity and transport encryption in config-features', () => {
    const chart = Testing.chart();
    new KnativeEventing(chart, 'E', { authenticationOidc: true, transportEncryption: TransportEncryption.STRICT });
    expect(Testing.synth(chart)[0].spec.config.features).toEqual({ 'authentication-oidc': 'enabled', 'transport-encryption': 'strict' });
  });

  test('fails when a feature is set both as a prop and in config', () => {
    expect(() => new KnativeEventing(Testing.chart(), 'E', { authenticationOidc: true, config: { features: { 'authentication-oidc': 'disabled' } } }))
      .toThrow(/authentication-oidc/);
  });
});
