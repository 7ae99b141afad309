import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { Destination, IAddressable } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { AwsS3Options, AwsSnsOptions, AwsSqsOptions, renderS3, renderSns, renderSqs } from './integration';

/** The GVK of an IntegrationSink (`sinks.knative.dev/v1alpha1`). */
export const INTEGRATION_SINK_GVK = { apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'IntegrationSink' };

/** The log levels of a log IntegrationSink. */
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF'];

/** A sink that logs every event it receives. */
export interface LogSinkOptions {
  /**
   * The logging category.
   * @default "log-sink"
   */
  readonly loggerName?: string;
  /**
   * The level events are logged at: TRACE, DEBUG, INFO, WARN, ERROR or OFF.
   * @default "INFO"
   */
  readonly level?: string;
  /**
   * Log the event's headers (its CloudEvents attributes).
   * @default false
   */
  readonly showHeaders?: boolean;
  /**
   * Log the event's data.
   * @default true
   */
  readonly showBody?: boolean;
  /**
   * One line per logged item.
   * @default false
   */
  readonly multiline?: boolean;
  /**
   * Mask values that look like secrets (passwords, tokens) in the log.
   * @default false
   */
  readonly logMask?: boolean;
}

/**
 * Where an IntegrationSink writes: exactly one of the log, an S3 bucket, an
 * SQS queue or an SNS topic (Knative's webhook refuses none or several).
 */
export class IntegrationOutput {
  /** Logs every event (handy to watch what arrives). */
  public static log(options: LogSinkOptions = {}): IntegrationOutput {
    return new IntegrationOutput('log', options);
  }

  /** Writes every event as an object into an S3 bucket. */
  public static awsS3(options: AwsS3Options): IntegrationOutput {
    return new IntegrationOutput('awsS3', options);
  }

  /** Sends every event as a message to an SQS queue. */
  public static awsSqs(options: AwsSqsOptions): IntegrationOutput {
    return new IntegrationOutput('awsSqs', options);
  }

  /** Publishes every event to an SNS topic. */
  public static awsSns(options: AwsSnsOptions): IntegrationOutput {
    return new IntegrationOutput('awsSns', options);
  }

  private constructor(private readonly which: string, private readonly options: any) {}

  /**
   * The spec of this output, checked.
   * @internal
   */
  public _render(scope: IConstruct): { [key: string]: any } {
    const field = `output.${this.which}`;
    const o = this.options;
    switch (this.which) {
      case 'log': return { log: renderLog(scope, field, o) };
      case 'awsS3': return { aws: { s3: renderS3(scope, field, o), auth: o.auth?._render() } };
      case 'awsSqs': return { aws: { sqs: renderSqs(scope, field, o), auth: o.auth?._render() } };
      default: return { aws: { sns: renderSns(scope, field, o), auth: o.auth?._render() } };
    }
  }
}

function renderLog(scope: IConstruct, field: string, o: LogSinkOptions): { [key: string]: any } {
  // a chart value is checked by its default, and by the same rule at install
  checkValue(scope, `${field}.level`, o.level, { enum: LOG_LEVELS, allowed: `must be one of ${LOG_LEVELS.join(', ')}` });
  checkValue(scope, `${field}.loggerName`, o.loggerName, { pattern: '^[^\\s]+$', allowed: 'must be a non-empty name without spaces' });
  return dropUndefined({
    loggerName: o.loggerName,
    level: o.level,
    showHeaders: o.showHeaders,
    showBody: o.showBody,
    multiline: o.multiline,
    logMask: o.logMask,
  });
}

/** Properties of an {@link IntegrationSink}. */
export interface IntegrationSinkProps extends ResourceProps {
  /** Where the sink writes: `IntegrationOutput.log()`, `.awsS3()`, `.awsSqs()` or `.awsSns()`. */
  readonly output: IntegrationOutput;
}

/**
 * An IntegrationSink (`sinks.knative.dev/v1alpha1`): an addressable sink
 * backed by an Apache Camel Kamelet that Knative runs for you, which writes
 * the events it receives to the log, S3, SQS or SNS. Use it wherever a sink
 * is taken (a Trigger's subscriber, a source's sink).
 *
 * @see https://knative.dev/docs/eventing/sinks/integration-sink/
 */
export class IntegrationSink extends KnativeResource implements IAddressable {
  public readonly resourceType = 'integrationsinks';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly output: IntegrationOutput;

  constructor(scope: Construct, id: string, props: IntegrationSinkProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      ...INTEGRATION_SINK_GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.output._render(this) }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    check(props.output instanceof IntegrationOutput, this, 'output', props.output,
      'use IntegrationOutput.log(), awsS3(), awsSqs() or awsSns() (exactly one output)');
    this.output = props.output;
    this.output._render(this);
  }

  /** The sink as a destination: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }
}
