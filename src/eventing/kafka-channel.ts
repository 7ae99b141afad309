import { ApiObject, Duration, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/kafka-channel-messaging.knative.dev';
import { check, checkIntegerRange } from '../core/errors';
import { ChannelBase } from './channel-base';
import { Delivery, isoDuration, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof gen => require('../../imports/kafka-channel-messaging.knative.dev');

/** Properties of a {@link KafkaChannel}. */
export interface KafkaChannelProps extends ResourceProps {
  /**
   * Number of partitions of the Kafka topic.
   * @default 1
   */
  readonly numPartitions?: number;
  /**
   * Replication factor of the Kafka topic.
   * @default 1
   */
  readonly replicationFactor?: number;
  /**
   * How long the topic keeps events.
   * @default Duration.hours(168)
   */
  readonly retentionDuration?: Duration;
  /**
   * Default delivery options of the channel's subscriptions.
   * @default - none
   */
  readonly delivery?: Delivery;
}

/**
 * A KafkaChannel (`messaging.knative.dev/v1beta1`, eventing-kafka-broker): a
 * channel persisted in an Apache Kafka topic.
 *
 * @see https://knative.dev/docs/eventing/configuration/kafka-channel-configuration/
 */
export class KafkaChannel extends ChannelBase {
  public readonly resourceType = 'kafkachannels';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: KafkaChannelProps;

  constructor(scope: Construct, id: string, props: KafkaChannelProps = {}) {
    super(scope, id);
    this.props = props;
    checkIntegerRange(this, 'numPartitions', props.numPartitions, 1, 2147483647);
    checkIntegerRange(this, 'replicationFactor', props.replicationFactor, 1, 32767);
    check(props.delivery?.timeout === undefined, this, 'delivery.timeout', props.delivery?.timeout?.toIsoString(),
      'KafkaChannel\'s CRD has no delivery timeout; leave it unset');
    this.apiObject = new (generated().KafkaChannel)(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    this.checkChannel(props.metadata, props.delivery);
  }


  private _toSpec(): gen.KafkaChannelSpec {
    const p = this.props;
    return dropUndefined({
      numPartitions: p.numPartitions,
      replicationFactor: p.replicationFactor,
      retentionDuration: p.retentionDuration ? isoDuration(p.retentionDuration) : undefined,
      delivery: renderDelivery(this, 'delivery', p.delivery),
    });
  }
}
