import { Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { check, checkIntegerRange, checkValue } from '../core/errors';
import { plainValue } from '../core/install-values';
import { checkMilliseconds } from '../core/durations';
import { dropUndefined } from '../core/json';
import { MEDIA_TYPE_RULE } from '../core/syntax';
import {
  AwsDdbStreamsOptions, AwsS3Options, AwsSqsOptions, renderDdbStreams, renderS3, renderSqs,
} from '../eventing/integration';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

/** The GVK of an IntegrationSource (`sources.knative.dev/v1alpha1`). */
export const INTEGRATION_SOURCE_GVK = { apiVersion: 'sources.knative.dev/v1alpha1', kind: 'IntegrationSource' };

/** A timer that sends the same message at a fixed period. */
export interface TimerOptions {
  /** The message (the event data). */
  readonly message: string;
  /**
   * Time between two events, whole milliseconds of at least 1.
   * @default Duration.seconds(1)
   */
  readonly period?: Duration;
  /**
   * The media type of the message.
   * @default "text/plain"
   */
  readonly contentType?: string;
  /**
   * Stop after this many events.
   * @default - never stop
   */
  readonly repeatCount?: number;
}

/**
 * What an IntegrationSource reads: exactly one of a timer, an S3 bucket, an
 * SQS queue or a DynamoDB stream (Knative's webhook refuses none or several).
 */
export class IntegrationInput {
  /** Events at a fixed period, each with the same message. */
  public static timer(options: TimerOptions): IntegrationInput {
    return new IntegrationInput('timer', options);
  }

  /** An event per object written to an S3 bucket. */
  public static awsS3(options: AwsS3Options): IntegrationInput {
    return new IntegrationInput('awsS3', options);
  }

  /** An event per message of an SQS queue. */
  public static awsSqs(options: AwsSqsOptions): IntegrationInput {
    return new IntegrationInput('awsSqs', options);
  }

  /** An event per change of a DynamoDB table (its stream). */
  public static awsDdbStreams(options: AwsDdbStreamsOptions): IntegrationInput {
    return new IntegrationInput('awsDdbStreams', options);
  }

  private constructor(private readonly which: string, private readonly options: any) {}

  /**
   * The spec fields of this input, checked.
   * @internal
   */
  public _render(scope: IConstruct): { [key: string]: any } {
    const field = `input.${this.which}`;
    const o = this.options;
    switch (this.which) {
      case 'timer': return { timer: renderTimer(scope, field, o) };
      case 'awsS3': return { aws: { s3: renderS3(scope, field, o), auth: o.auth?._render() } };
      case 'awsSqs': return { aws: { sqs: renderSqs(scope, field, o), auth: o.auth?._render() } };
      default: return { aws: { ddbStreams: renderDdbStreams(scope, field, o), auth: o.auth?._render() } };
    }
  }
}

function renderTimer(scope: IConstruct, field: string, o: TimerOptions): { [key: string]: any } {
  check(typeof o.message === 'string', scope, `${field}.message`, o.message, 'give the message each event carries');
  if (o.period !== undefined) checkMilliseconds(scope, `${field}.period`, o.period, 1);
  checkIntegerRange(scope, `${field}.repeatCount`, o.repeatCount, 1, 2147483647);
  checkValue(scope, `${field}.contentType`, o.contentType, MEDIA_TYPE_RULE);
  // the JSON check reads what plain synth writes (a chart value's default); the chart cannot parse JSON at install
  const [message, contentType] = plainValue(scope, [o.message, o.contentType]);
  if (contentType === 'application/json') {
    check(isJson(message), scope, `${field}.message`, message, 'with contentType application/json the message must be JSON');
  }
  return dropUndefined({
    period: o.period?.toMilliseconds(),
    message: o.message,
    contentType: o.contentType,
    repeatCount: o.repeatCount,
  });
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Properties of an {@link IntegrationSource}. */
export interface IntegrationSourceProps extends SourceProps {
  /** What the source reads: `IntegrationInput.timer()`, `.awsS3()`, `.awsSqs()` or `.awsDdbStreams()`. */
  readonly input: IntegrationInput;
}

/**
 * An IntegrationSource (`sources.knative.dev/v1alpha1`): a source backed by
 * an Apache Camel Kamelet that Knative runs for you (a timer, an S3 bucket,
 * an SQS queue or a DynamoDB stream), without writing a receive adapter.
 *
 * @see https://knative.dev/docs/eventing/sources/integration-source/
 */
export class IntegrationSource extends SourceBase {
  public readonly resourceType = 'integrationsources';
  private readonly input: IntegrationInput;

  constructor(scope: Construct, id: string, props: IntegrationSourceProps) {
    super(scope, id, INTEGRATION_SOURCE_GVK, props);
    check(props.input instanceof IntegrationInput, this, 'input', props.input,
      'use IntegrationInput.timer(), awsS3(), awsSqs() or awsDdbStreams() (exactly one input)');
    this.input = props.input;
    this._sourceFields();
  }

  /** @internal */
  protected _sourceFields(): { [key: string]: any } {
    return this.input._render(this);
  }
}
