import { Duration, Testing } from 'cdk8s';
import { BackoffPolicy, DeliveryFormat, isoDuration, renderDelivery, Sink } from '../../src/eventing';

describe('Delivery', () => {
  test('renders every field', () => {
    const chart = Testing.chart();
    expect(renderDelivery(chart, 'delivery', {
      deadLetterSink: Sink.fromUri('https://dls.example.com'),
      retry: 0,
      backoffPolicy: BackoffPolicy.EXPONENTIAL,
      backoffDelay: Duration.millis(500),
      timeout: Duration.seconds(30),
      format: DeliveryFormat.BINARY,
    })).toEqual({
      deadLetterSink: { uri: 'https://dls.example.com' },
      retry: 0,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT0.5S',
      timeout: 'PT30S',
      format: 'binary',
    });
  });

  test('undefined stays undefined and empty stays empty', () => {
    const chart = Testing.chart();
    expect(renderDelivery(chart, 'delivery', undefined)).toBeUndefined();
    expect(renderDelivery(chart, 'delivery', {})).toEqual({});
  });

  test('ISO durations are valid ISO-8601 for every unit', () => {
    expect(isoDuration(Duration.minutes(90))).toBe('PT1H30M');
    expect(isoDuration(Duration.days(1))).toBe('PT24H');
    expect(isoDuration(Duration.millis(61500))).toBe('PT1M1.5S');
    expect(isoDuration(Duration.seconds(0))).toBe('PT0S');
  });

  test('fails when retry is not an integer', () => {
    const chart = Testing.chart();
    expect(() => renderDelivery(chart, 'delivery', { retry: 1.5 })).toThrow(/\[test\] delivery.retry: 1.5 is not allowed; must be an integer from 0 to 2147483647/);
  });

  test('fails when the timeout is zero', () => {
    const chart = Testing.chart();
    expect(() => renderDelivery(chart, 'delivery', { timeout: Duration.seconds(0) })).toThrow(/\[test\] delivery.timeout: "PT0S" is not allowed; must be at least 100 milliseconds/);
  });

  test('fails when the backoff policy is unknown', () => {
    const chart = Testing.chart();
    expect(() => renderDelivery(chart, 'delivery', { backoffPolicy: 'random' as BackoffPolicy })).toThrow(/\[test\] delivery.backoffPolicy: "random" is not allowed; must be BackoffPolicy.LINEAR or BackoffPolicy.EXPONENTIAL/);
  });

  test('fails when the format is unknown', () => {
    const chart = Testing.chart();
    expect(() => renderDelivery(chart, 'delivery', { format: 'xml' as DeliveryFormat })).toThrow(/\[test\] delivery.format: "xml" is not allowed; must be DeliveryFormat.JSON or DeliveryFormat.BINARY/);
  });

  test('fails when the dead-letter sink is empty', () => {
    const chart = Testing.chart();
    expect(() => renderDelivery(chart, 'delivery', { deadLetterSink: { toDestination: () => ({}) } })).toThrow(/\[test\] delivery.deadLetterSink: \{\} is not allowed/);
  });
});
