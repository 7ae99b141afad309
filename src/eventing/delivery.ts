import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkIntegerRange, checkPropTypes, KnativePropError, PropType } from '../core/errors';
import { dropUndefined } from '../core/json';
import { ISink } from '../core/reference';
import { RenderedDestination, renderSink } from './sink';

/** How the wait between retries grows. */
export enum BackoffPolicy {
  /** Wait `backoffDelay * n` before retry n. */
  LINEAR = 'linear',
  /** Wait `backoffDelay * 2^n` before retry n. */
  EXPONENTIAL = 'exponential',
}

/** The wire format of the events a sender delivers. */
export enum DeliveryFormat {
  /** Structured mode (`application/cloudevents+json`). */
  JSON = 'json',
  /** Binary mode (attributes in `ce-` headers). */
  BINARY = 'binary',
}

/** What a sink prop must be (an {@link ISink}), for prop type checks. */
export const SINK_TYPE: PropType = { method: 'toDestination', what: 'a sink (ISink), e.g. a Service, a Broker or Sink.fromUri("https://...")' };

/** The JavaScript types of {@link Delivery} fields, for prop type checks. */
export const DELIVERY_TYPES: PropType = {
  fields: {
    deadLetterSink: SINK_TYPE,
    retry: 'number',
    backoffPolicy: { oneOf: Object.values(BackoffPolicy), what: 'BackoffPolicy.LINEAR or BackoffPolicy.EXPONENTIAL' },
    backoffDelay: 'duration',
    timeout: 'duration',
    format: { oneOf: Object.values(DeliveryFormat), what: 'DeliveryFormat.JSON or DeliveryFormat.BINARY' },
  },
  what: 'Delivery ({ deadLetterSink?, retry?, backoffPolicy?, ... })',
};

/**
 * Delivery options (Knative's `DeliverySpec`): retries, backoff, timeout and
 * where events go when every attempt failed.
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
export interface Delivery {
  /**
   * Receives the events that could not be delivered.
   * @default - undeliverable events are dropped
   */
  readonly deadLetterSink?: ISink;
  /**
   * Minimum number of retries before an event goes to the dead-letter sink
   * (an integer from 0 to 2147483647; a chart value gets the same range at install).
   * @default - the sender's default (no retry for most senders)
   */
  readonly retry?: number;
  /**
   * How the delay between retries grows.
   * @default BackoffPolicy.EXPONENTIAL (Knative's default)
   */
  readonly backoffPolicy?: BackoffPolicy;
  /**
   * The base delay between retries, written as an ISO-8601 duration.
   * @default - the sender's default
   */
  readonly backoffDelay?: Duration;
  /**
   * Timeout of each single delivery request; at least 100 ms (Knative keeps one decimal digit of seconds).
   * Needs the `delivery-timeout` feature (enabled in current Knative releases).
   * @default - no per-request timeout
   */
  readonly timeout?: Duration;
  /**
   * The format of delivered events.
   * @default - no specific format required
   */
  readonly format?: DeliveryFormat;
}

/** A `DeliverySpec` as it is written to a spec. */
export interface RenderedDelivery {
  /**
   * The checked dead-letter destination.
   * @default - absent: undeliverable events are dropped
   */
  readonly deadLetterSink?: RenderedDestination;
  /**
   * Minimum number of retries (a non-negative 32-bit integer).
   * @default - absent: the sender's default
   */
  readonly retry?: number;
  /**
   * `linear` or `exponential` (a `BackoffPolicy` value).
   * @default - absent: Knative uses `exponential`
   */
  readonly backoffPolicy?: string;
  /**
   * The base delay between retries as an ISO-8601 duration, e.g. `PT0.5S`.
   * @default - absent: the sender's default
   */
  readonly backoffDelay?: string;
  /**
   * The timeout of each delivery request as an ISO-8601 duration, e.g. `PT30S`.
   * @default - absent: no per-request timeout
   */
  readonly timeout?: string;
  /**
   * `json` or `binary` (a `DeliveryFormat` value).
   * @default - absent: no specific format required
   */
  readonly format?: string;
}

/**
 * An ISO-8601 duration for a cdk8s `Duration`: `toIsoString()` where that is
 * valid ISO-8601, otherwise (milliseconds, days) built as hours, minutes and seconds.
 */
export function isoDuration(duration: Duration): string {
  let iso: string | undefined;
  try {
    iso = duration.toIsoString();
  } catch {
    iso = undefined;
  }
  if (iso !== undefined && !/^PT.*D/.test(iso)) return iso;
  const ms = duration.toMilliseconds();
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts = [hours ? `${hours}H` : '', minutes ? `${minutes}M` : '', seconds || (!hours && !minutes) ? `${seconds}S` : ''];
  return `PT${parts.join('')}`;
}

/**
 * Checks delivery options as Knative does and renders them; `field` names the prop in errors.
 * Returns undefined when `delivery` is undefined.
 * @internal
 */
export function renderDelivery(scope: IConstruct, field: string, delivery: Delivery | undefined): RenderedDelivery | undefined {
  // wrong JavaScript types (from an untyped caller) are named here, before anything reads them
  checkPropTypes(scope, { [field]: delivery }, { [field]: DELIVERY_TYPES });
  if (!delivery) return undefined;
  checkIntegerRange(scope, `${field}.retry`, delivery.retry, 0, 2147483647);
  if (delivery.backoffPolicy !== undefined && !Object.values(BackoffPolicy).includes(delivery.backoffPolicy)) {
    throw new KnativePropError(scope, `${field}.backoffPolicy`, delivery.backoffPolicy, 'must be BackoffPolicy.LINEAR or BackoffPolicy.EXPONENTIAL');
  }
  if (delivery.format !== undefined && !Object.values(DeliveryFormat).includes(delivery.format)) {
    throw new KnativePropError(scope, `${field}.format`, delivery.format, 'must be DeliveryFormat.JSON or DeliveryFormat.BINARY');
  }
  // Knative reads one decimal digit of seconds: a timeout under 100 ms is zero to it, and rejected.
  if (delivery.timeout !== undefined && delivery.timeout.toMilliseconds() < 100) {
    throw new KnativePropError(scope, `${field}.timeout`, isoDuration(delivery.timeout), 'must be at least 100 milliseconds (Knative keeps one decimal digit of seconds)');
  }
  const rendered: RenderedDelivery = {
    deadLetterSink: delivery.deadLetterSink ? renderSink(scope, `${field}.deadLetterSink`, delivery.deadLetterSink) : undefined,
    retry: delivery.retry,
    backoffPolicy: delivery.backoffPolicy,
    backoffDelay: delivery.backoffDelay ? isoDuration(delivery.backoffDelay) : undefined,
    timeout: delivery.timeout ? isoDuration(delivery.timeout) : undefined,
    format: delivery.format,
  };
  return dropUndefined(rendered);
}
