import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check, checkIntegerRange, checkListValue, checkValue } from '../core/errors';
import { ValueRule } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { Destination, IAddressable } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';

/** How a KafkaSink writes CloudEvents into Kafka records. */
export enum KafkaContentMode {
  /** Attributes as record headers, data as the record value (Knative's default). */
  BINARY = 'binary',
  /** The whole event as one JSON record value. */
  STRUCTURED = 'structured',
}

/** A Kafka topic name: 1 to 249 letters, digits, '.', '_' and '-'. */
export const KAFKA_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
/** A Kafka bootstrap server: `host:port`. */
export const KAFKA_SERVER = /^[^\s:/,]+:\d{1,5}$/;

/** A Kafka topic name (the KafkaSink's topic, each of a KafkaSource's topics), also for install. @internal */
export const TOPIC_RULE: ValueRule = {
  pattern: KAFKA_TOPIC.source,
  allowed: 'a Kafka topic name is 1-249 characters of letters, digits, \'.\', \'_\' and \'-\'',
};
const SERVER = '[^\\s:/,]+:[0-9]{1,5}';

/**
 * Checks a list of bootstrap servers (each `host:port`); a chart value is
 * checked by its default and by the same rule at install. With `commaList`,
 * an entry may hold several servers separated by commas (a ConfigMap joins them).
 * @internal
 */
export function checkBootstrapServers(scope: IConstruct, field: string, servers: string[] | undefined, commaList = false): void {
  const rule: ValueRule = {
    allowed: 'list at least one "host:port"',
    minItems: 1,
    items: {
      pattern: commaList ? `^${SERVER}(,${SERVER})*$` : `^${SERVER}$`,
      allowed: `must be "host:port"${commaList ? ' (or several, separated by commas)' : ''}, e.g. "my-cluster-kafka-bootstrap.kafka:9092"`,
    },
  };
  checkListValue(scope, field, servers, rule);
}

/** Properties of a {@link KafkaSink}. */
export interface KafkaSinkProps extends kplus.ResourceProps {
  /** The topic events are written to (immutable once created); may be a chart value. */
  readonly topic: string;
  /**
   * The Kafka brokers to connect to, as `host:port`. With Helm, a chart
   * value per server (or one `asStringList()` list value).
   */
  readonly bootstrapServers: string[];
  /**
   * Number of partitions when the sink creates the topic (immutable).
   * @default - the topic must exist, or the cluster's default
   */
  readonly numPartitions?: number;
  /**
   * Replication factor when the sink creates the topic (immutable).
   * @default - the cluster's default
   */
  readonly replicationFactor?: number;
  /**
   * How events are written into records.
   * @default KafkaContentMode.BINARY
   */
  readonly contentMode?: KafkaContentMode;
  /**
   * The Secret with the SASL/TLS settings to reach the brokers (keys such as
   * `protocol`, `sasl.mechanism`, `user`, `password`, `ca.crt`).
   * @default - plaintext, no authentication
   * @see https://knative.dev/docs/eventing/sinks/kafka-sink/#security
   */
  readonly authSecret?: kplus.ISecret;
}

/**
 * A KafkaSink (`eventing.knative.dev/v1alpha1`, eventing-kafka-broker): an
 * addressable sink that writes the events it receives into a Kafka topic.
 *
 * @see https://knative.dev/docs/eventing/sinks/kafka-sink/
 */
export class KafkaSink extends KnativeResource implements IAddressable {
  public readonly resourceType = 'kafkasinks';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: KafkaSinkProps;

  constructor(scope: Construct, id: string, props: KafkaSinkProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.KafkaSink,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    check(typeof props.topic === 'string', this, 'topic', props.topic, TOPIC_RULE.allowed);
    checkValue(this, 'topic', props.topic, TOPIC_RULE);
    checkBootstrapServers(this, 'bootstrapServers', props.bootstrapServers);
    checkIntegerRange(this, 'numPartitions', props.numPartitions, 1, 2147483647);
    checkIntegerRange(this, 'replicationFactor', props.replicationFactor, 1, 32767);
    if (props.contentMode !== undefined) {
      check(Object.values(KafkaContentMode).includes(props.contentMode), this, 'contentMode', props.contentMode,
        'must be KafkaContentMode.BINARY or KafkaContentMode.STRUCTURED');
    }
  }

  /** `http://kafka-sink-ingress.knative-eventing.svc.cluster.local/<namespace>/<name>` when the namespace is known. */
  public get url(): string | undefined {
    const ns = this.metadata.namespace;
    return ns ? `http://kafka-sink-ingress.knative-eventing.svc.cluster.local/${ns}/${this.name}` : undefined;
  }

  /** The sink as a destination: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  private _toSpec(): { [key: string]: any } {
    const p = this.props;
    return dropUndefined({
      topic: p.topic,
      numPartitions: p.numPartitions,
      replicationFactor: p.replicationFactor,
      bootstrapServers: [...p.bootstrapServers],
      contentMode: p.contentMode,
      auth: p.authSecret ? { secret: { ref: { name: p.authSecret.name } } } : undefined,
    });
  }
}
