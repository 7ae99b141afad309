import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkIntegerRange, checkValue } from '../core/errors';
import { plainValue, ValueRule } from '../core/install-values';
import { checkObjectMeta } from '../core/labels';
import { tokenAwareString } from '../core/tokens';
import { KnativeResource } from '../validation/knative-resource';
import { Broker, BrokerClass, BrokerProps } from './broker';
import { checkNotWholeMap, isListToken } from './attributes';
import { checkBootstrapServers } from './kafka-sink';

/** The ConfigMap keys the Kafka broker reads (eventing-kafka-broker `control-plane/pkg/kafka/topic.go`). */
export const KAFKA_BROKER_CONFIG_KEYS = {
  bootstrapServers: 'bootstrap.servers',
  partitions: 'default.topic.partitions',
  replicationFactor: 'default.topic.replication.factor',
  authSecretName: 'auth.secret.ref.name',
  topicConfigPrefix: 'default.topic.config.',
};

/** A Kafka topic setting name (the part after `default.topic.config.`). */
const TOPIC_SETTING_RULE: ValueRule = { pattern: '^[a-z][a-z0-9.]*$', allowed: 'must be a Kafka topic setting such as "retention.ms"' };

/** Properties of a {@link KafkaBrokerConfig}. */
export interface KafkaBrokerConfigProps extends kplus.ResourceProps {
  /**
   * The Kafka brokers to connect to, as `host:port`. With Helm, a chart value
   * per server, or a string chart value holding the comma-separated list as
   * one entry (the ConfigMap joins the entries with commas, so a list chart
   * value is refused).
   */
  readonly bootstrapServers: string[];
  /**
   * Partitions of each Broker's topic.
   * @default 10
   */
  readonly defaultTopicPartitions?: number;
  /**
   * Replication factor of each Broker's topic (at most the number of Kafka brokers).
   * @default 3
   */
  readonly defaultTopicReplicationFactor?: number;
  /**
   * The Secret with the SASL/TLS settings to reach the Kafka brokers, in the
   * ConfigMap's namespace.
   * @default - plaintext, no authentication
   * @see https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/#security
   */
  readonly authSecret?: kplus.ISecret;
  /**
   * Kafka topic settings of each Broker's topic (`retention.ms`...), written
   * as `default.topic.config.<key>`.
   * @default - the Kafka cluster's defaults
   */
  readonly topicConfig?: { [key: string]: string };
}

/**
 * The configuration of Kafka Brokers (`BrokerClass.KAFKA`): a ConfigMap with
 * the bootstrap servers and the partitions and replication factor of the
 * topic each Broker gets. A Broker uses it through `addBroker()`, or with
 * `brokerClass: BrokerClass.KAFKA` and `config: kafkaConfig.reference`.
 *
 * @see https://knative.dev/docs/eventing/brokers/broker-types/kafka-broker/
 */
export class KafkaBrokerConfig extends KnativeResource {
  public readonly resourceType = 'configmaps';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: KafkaBrokerConfigProps;

  constructor(scope: Construct, id: string, props: KafkaBrokerConfigProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: props.metadata,
      data: Lazy.any({ produce: () => this._toData() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    check(!isListToken(props.bootstrapServers), this, 'bootstrapServers', '(a list chart value)',
      'the ConfigMap holds the servers joined by commas: give a chart value per server, or a string chart value holding the comma-separated list');
    checkBootstrapServers(this, 'bootstrapServers', props.bootstrapServers, true);
    checkIntegerRange(this, 'defaultTopicPartitions', props.defaultTopicPartitions, 1, 2147483647);
    checkIntegerRange(this, 'defaultTopicReplicationFactor', props.defaultTopicReplicationFactor, 1, 32767);
    checkNotWholeMap(this, 'topicConfig', props.topicConfig);
    for (const [key, value] of Object.entries(props.topicConfig ?? {})) {
      const name = plainValue(this, key);
      checkValue(this, `topicConfig.${name}`, key, TOPIC_SETTING_RULE);
      check(typeof value === 'string', this, `topicConfig.${name}`, value, 'must be a string');
    }
  }

  /**
   * Adds a Broker of class `Kafka` configured by this ConfigMap, as a child
   * construct `id`.
   * @param options the Broker's props; `brokerClass` and `config` are set here and may not be given
   */
  public addBroker(id: string, options: BrokerProps = {}): Broker {
    check(options.brokerClass === undefined || options.brokerClass.name === BrokerClass.KAFKA.name, this, 'addBroker.brokerClass',
      options.brokerClass?.name, 'a Broker configured by a KafkaBrokerConfig is of class Kafka; leave brokerClass unset');
    check(options.config === undefined, this, 'addBroker.config', options.config, 'the config is this KafkaBrokerConfig; leave config unset');
    return new Broker(this, id, { ...options, brokerClass: BrokerClass.KAFKA, config: this.reference });
  }

  private _toData(): { [key: string]: string } {
    const p = this.props;
    const keys = KAFKA_BROKER_CONFIG_KEYS;
    const data: { [key: string]: string } = {
      [keys.bootstrapServers]: p.bootstrapServers.join(','),
      [keys.partitions]: tokenAwareString(p.defaultTopicPartitions ?? 10),
      [keys.replicationFactor]: tokenAwareString(p.defaultTopicReplicationFactor ?? 3),
    };
    if (p.authSecret) data[keys.authSecretName] = p.authSecret.name;
    for (const [key, value] of Object.entries(p.topicConfig ?? {})) data[`${keys.topicConfigPrefix}${key}`] = value;
    return data;
  }
}
