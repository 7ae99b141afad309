import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { check, checkIntegerRange, checkValue } from '../core/errors';
import { checkMilliseconds } from '../core/durations';
import { dropUndefined } from '../core/json';
import { ABSOLUTE_URI_PATTERN, isAbsoluteUri } from './sink';

/** The keys Knative reads from an AWS credentials Secret. */
export const AWS_SECRET_KEYS: readonly string[] = ['aws.accessKey', 'aws.secretKey'];

/**
 * How an IntegrationSource or IntegrationSink authenticates to AWS: the
 * access key pair of a Secret, or the IAM role of a ServiceAccount (IRSA).
 * Knative's webhook rejects an AWS source or sink without one of them.
 *
 * @see https://knative.dev/docs/eventing/sources/integration-source/
 */
export class AwsAuth {
  /**
   * The access key pair in a Secret, under the keys `aws.accessKey` and
   * `aws.secretKey` (never written into the manifest itself).
   */
  public static fromSecret(secret: kplus.ISecret): AwsAuth {
    return new AwsAuth(secret.name, undefined);
  }

  /** The IAM role bound to a ServiceAccount (IRSA / EKS pod identity). */
  public static fromServiceAccount(serviceAccount: kplus.IServiceAccount): AwsAuth {
    return new AwsAuth(undefined, serviceAccount.name);
  }

  private constructor(
    private readonly secretName: string | undefined,
    private readonly serviceAccountName: string | undefined,
  ) {}

  /**
   * The `auth` block of the spec.
   * @internal
   */
  public _render(): { [key: string]: any } {
    return this.secretName !== undefined
      ? { secret: { ref: { name: this.secretName } } }
      : { serviceAccountName: this.serviceAccountName };
  }
}

/** What every AWS service of an IntegrationSource or IntegrationSink takes. */
export interface AwsCommonOptions {
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** How to authenticate to AWS. */
  readonly auth: AwsAuth;
  /**
   * Another endpoint than AWS's own (LocalStack, MinIO...), an absolute URI.
   * @default - the AWS endpoint of the region
   */
  readonly endpointOverride?: string;
}

/** An S3 bucket, read by an IntegrationSource or written by an IntegrationSink. */
export interface AwsS3Options extends AwsCommonOptions {
  /** The bucket name or ARN, e.g. `arn:aws:s3:::my-bucket`. */
  readonly arn: string;
  /**
   * Only objects whose key starts with this prefix (source).
   * @default - every object
   */
  readonly prefix?: string;
  /**
   * Delete each object once it has been sent (source).
   * @default true
   */
  readonly deleteAfterRead?: boolean;
  /**
   * Move each object to `destinationBucket` once it has been sent (source).
   * @default false
   */
  readonly moveAfterRead?: boolean;
  /**
   * The bucket objects are moved to, with `moveAfterRead` (source).
   * @default - none
   */
  readonly destinationBucket?: string;
  /**
   * Create the bucket when it does not exist.
   * @default false
   */
  readonly autoCreateBucket?: boolean;
  /**
   * Send the object's metadata only, not its body (source).
   * @default false
   */
  readonly ignoreBody?: boolean;
  /**
   * Address the bucket path-style (`host/bucket`), as S3-compatible stores often need.
   * @default false
   */
  readonly forcePathStyle?: boolean;
  /**
   * Time between two polls of the bucket (source), whole milliseconds.
   * @default Duration.millis(500)
   */
  readonly pollDelay?: Duration;
  /**
   * At most this many objects per poll (source).
   * @default 10
   */
  readonly maxMessagesPerPoll?: number;
}

/** An SQS queue, read by an IntegrationSource or written by an IntegrationSink. */
export interface AwsSqsOptions extends AwsCommonOptions {
  /** The queue name or ARN, e.g. `arn:aws:sqs:eu-west-1:123456789012:orders`. */
  readonly arn: string;
  /**
   * The full queue URL, when it cannot be derived from the ARN.
   * @default - derived from the ARN and region
   */
  readonly queueUrl?: string;
  /**
   * Delete each message once it has been sent (source).
   * @default true
   */
  readonly deleteAfterRead?: boolean;
  /**
   * Create the queue when it does not exist.
   * @default false
   */
  readonly autoCreateQueue?: boolean;
  /**
   * Poll again at once while messages keep coming (source).
   * @default false
   */
  readonly greedy?: boolean;
  /**
   * Time between two polls of the queue (source), whole milliseconds.
   * @default Duration.millis(500)
   */
  readonly pollDelay?: Duration;
  /**
   * At most this many messages per poll, 1 to 10 (source).
   * @default 1
   */
  readonly maxMessagesPerPoll?: number;
  /**
   * How long a poll waits for messages (long polling), whole seconds up to 20 (source).
   * @default - no long polling
   */
  readonly waitTime?: Duration;
  /**
   * How long a received message stays hidden from other consumers, whole seconds (source).
   * @default - the queue's setting
   */
  readonly visibilityTimeout?: Duration;
}

/** Where a DynamoDB Streams source starts reading. */
export enum DdbStreamIteratorType {
  /** Only records written after the source starts (Knative's default). */
  FROM_LATEST = 'FROM_LATEST',
  /** From the oldest record the stream retains. */
  FROM_START = 'FROM_START',
}

/** The stream of a DynamoDB table, read by an IntegrationSource. */
export interface AwsDdbStreamsOptions extends AwsCommonOptions {
  /** The table whose stream is read. */
  readonly table: string;
  /**
   * Where to start reading.
   * @default DdbStreamIteratorType.FROM_LATEST
   */
  readonly streamIteratorType?: DdbStreamIteratorType;
  /**
   * Time between two polls of the stream, whole milliseconds.
   * @default Duration.millis(500)
   */
  readonly pollDelay?: Duration;
}

/** An SNS topic, written by an IntegrationSink. */
export interface AwsSnsOptions extends AwsCommonOptions {
  /** The topic name or ARN, e.g. `arn:aws:sns:eu-west-1:123456789012:alerts`. */
  readonly arn: string;
  /**
   * Create the topic when it does not exist.
   * @default false
   */
  readonly autoCreateTopic?: boolean;
}

/**
 * A required string: non-blank. A chart value is checked by its default, and
 * the chart refuses a blank value at install.
 */
export function checkRequiredString(scope: IConstruct, field: string, value: string | undefined, allowed: string): void {
  check(typeof value === 'string', scope, field, value, allowed);
  checkValue(scope, field, value, { pattern: '^[\\s]*[^\\s][\\s\\S]*$', allowed }, plain => typeof plain === 'string' && plain.trim() !== '');
}

/** An absolute URI: the default of a chart value is checked in full, the chart checks the pattern. */
function checkAbsoluteUri(scope: IConstruct, field: string, value: string | undefined, allowed: string): void {
  checkValue(scope, field, value, { pattern: ABSOLUTE_URI_PATTERN, allowed }, plain => typeof plain === 'string' && isAbsoluteUri(plain));
}

/** Checks the fields every AWS service takes and renders them. */
function renderCommon(scope: IConstruct, field: string, o: AwsCommonOptions): { [key: string]: any } {
  checkRequiredString(scope, `${field}.region`, o.region, 'name the AWS region, e.g. "eu-west-1"');
  if (typeof o.region === 'string') {
    checkValue(scope, `${field}.region`, o.region, { pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$', allowed: 'must be an AWS region code such as "eu-west-1"' });
  }
  check(o.auth instanceof AwsAuth, scope, `${field}.auth`, o.auth, 'use AwsAuth.fromSecret() or AwsAuth.fromServiceAccount()');
  checkAbsoluteUri(scope, `${field}.endpointOverride`, o.endpointOverride, 'must be an absolute URI such as "http://localstack.aws:4566"');
  return dropUndefined({
    region: o.region,
    uriEndpointOverride: o.endpointOverride,
    overrideEndpoint: o.endpointOverride !== undefined ? true : undefined,
  });
}

function millis(scope: IConstruct, field: string, d: Duration | undefined): number | undefined {
  if (d === undefined) return undefined;
  checkMilliseconds(scope, field, d, 0);
  return d.toMilliseconds();
}

function wholeSeconds(scope: IConstruct, field: string, d: Duration | undefined, max: number): number | undefined {
  if (d === undefined) return undefined;
  const ms = d.toMilliseconds({ integral: false });
  check(ms % 1000 === 0 && ms >= 0 && ms <= max * 1000, scope, field, `${ms}ms`, `must be whole seconds from 0 to ${max}`);
  return ms / 1000;
}

/** The `aws.s3` block. @internal */
export function renderS3(scope: IConstruct, field: string, o: AwsS3Options): { [key: string]: any } {
  checkRequiredString(scope, `${field}.arn`, o.arn, 'name the bucket or its ARN, e.g. "arn:aws:s3:::my-bucket"');
  check(!(o.moveAfterRead === true && o.destinationBucket === undefined), scope, `${field}.destinationBucket`, o.destinationBucket,
    'give the bucket objects are moved to when moveAfterRead is true');
  checkIntegerRange(scope, `${field}.maxMessagesPerPoll`, o.maxMessagesPerPoll, 1);
  return dropUndefined({
    arn: o.arn,
    ...renderCommon(scope, field, o),
    prefix: o.prefix,
    deleteAfterRead: o.deleteAfterRead,
    moveAfterRead: o.moveAfterRead,
    destinationBucket: o.destinationBucket,
    autoCreateBucket: o.autoCreateBucket,
    ignoreBody: o.ignoreBody,
    forcePathStyle: o.forcePathStyle,
    delay: millis(scope, `${field}.pollDelay`, o.pollDelay),
    maxMessagesPerPoll: o.maxMessagesPerPoll,
  });
}

/** The `aws.sqs` block. @internal */
export function renderSqs(scope: IConstruct, field: string, o: AwsSqsOptions): { [key: string]: any } {
  checkRequiredString(scope, `${field}.arn`, o.arn, 'name the queue or its ARN, e.g. "arn:aws:sqs:eu-west-1:123456789012:orders"');
  checkIntegerRange(scope, `${field}.maxMessagesPerPoll`, o.maxMessagesPerPoll, 1, 10);
  checkAbsoluteUri(scope, `${field}.queueUrl`, o.queueUrl, 'must be an absolute URL such as "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"');
  return dropUndefined({
    arn: o.arn,
    ...renderCommon(scope, field, o),
    queueURL: o.queueUrl,
    deleteAfterRead: o.deleteAfterRead,
    autoCreateQueue: o.autoCreateQueue,
    greedy: o.greedy,
    delay: millis(scope, `${field}.pollDelay`, o.pollDelay),
    maxMessagesPerPoll: o.maxMessagesPerPoll,
    waitTimeSeconds: wholeSeconds(scope, `${field}.waitTime`, o.waitTime, 20),
    visibilityTimeout: wholeSeconds(scope, `${field}.visibilityTimeout`, o.visibilityTimeout, 43200),
  });
}

/** The `aws.ddbStreams` block. @internal */
export function renderDdbStreams(scope: IConstruct, field: string, o: AwsDdbStreamsOptions): { [key: string]: any } {
  checkRequiredString(scope, `${field}.table`, o.table, 'name the DynamoDB table');
  if (o.streamIteratorType !== undefined) {
    check(Object.values(DdbStreamIteratorType).includes(o.streamIteratorType), scope, `${field}.streamIteratorType`, o.streamIteratorType,
      'must be DdbStreamIteratorType.FROM_LATEST or DdbStreamIteratorType.FROM_START');
  }
  return dropUndefined({
    table: o.table,
    ...renderCommon(scope, field, o),
    streamIteratorType: o.streamIteratorType,
    delay: millis(scope, `${field}.pollDelay`, o.pollDelay),
  });
}

/** The `aws.sns` block. @internal */
export function renderSns(scope: IConstruct, field: string, o: AwsSnsOptions): { [key: string]: any } {
  checkRequiredString(scope, `${field}.arn`, o.arn, 'name the topic or its ARN, e.g. "arn:aws:sns:eu-west-1:123456789012:alerts"');
  return dropUndefined({
    arn: o.arn,
    ...renderCommon(scope, field, o),
    autoCreateTopic: o.autoCreateTopic,
  });
}
