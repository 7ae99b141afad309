import { Testing } from 'cdk8s';
import { Channel, InMemoryChannel, KafkaChannel, Sink, Subscription } from '../../src/eventing';
import { errorOf } from '../core/thrown';

/**
 * The `delivery` prop of channels and Subscriptions, given wrong JavaScript
 * types by an untyped caller (JavaScript, or `as any`): a KnativePropError
 * naming the construct, the prop and what it must be, never a TypeError.
 */

const sink = Sink.fromUri('https://events.example.com');

describe('delivery of a Channel and a Subscription: wrong types', () => {
  test('fails when a Channel\'s backoffDelay is a string, not a Duration', () => {
    expect(errorOf(() => new Channel(Testing.chart(), 'C', { delivery: { backoffDelay: 'PT1S' as any } }))).toEqual({
      name: 'KnativePropError',
      message: '[test/C] delivery.backoffDelay: "PT1S" is not allowed; must be a Duration, e.g. Duration.seconds(30) (or left out)',
    });
  });

  test('fails when an InMemoryChannel\'s timeout is a number, not a Duration', () => {
    expect(errorOf(() => new InMemoryChannel(Testing.chart(), 'C', { delivery: { timeout: 30 as any } })).message)
      .toBe('[test/C] delivery.timeout: 30 is not allowed; must be a Duration, e.g. Duration.seconds(30) (or left out)');
  });

  test('fails when a KafkaChannel\'s delivery is a string, not an object', () => {
    expect(errorOf(() => new KafkaChannel(Testing.chart(), 'C', { delivery: 'retry' as any })).message)
      .toBe('[test/C] delivery: "retry" is not allowed; must be Delivery ({ deadLetterSink?, retry?, backoffPolicy?, ... }) (or left out)');
  });

  test('fails when a Subscription\'s dead-letter sink is a URL string, not a sink', () => {
    const chart = Testing.chart();
    const channel = new Channel(chart, 'C');
    expect(errorOf(() => new Subscription(chart, 'S', { channel, subscriber: sink, delivery: { deadLetterSink: 'https://dlq.example.com' as any } })).message)
      .toBe('[test/S] delivery.deadLetterSink: "https://dlq.example.com" is not allowed; '
        + 'must be a sink (ISink), e.g. a Service, a Broker or Sink.fromUri("https://...") (or left out)');
  });

  test('fails when a Subscription added by addSubscription() has its retry as a list, naming every wrong field', () => {
    const channel = new Channel(Testing.chart(), 'C');
    expect(errorOf(() => channel.addSubscription('S', sink, { delivery: { retry: [3] as any, format: 'xml' as any } })).message)
      .toBe('[test/C/S] 2 props are not allowed:\n'
        + '    delivery.retry: [3] is not allowed; must be a finite number (or left out)\n'
        + '    delivery.format: "xml" is not allowed; must be DeliveryFormat.JSON or DeliveryFormat.BINARY (or left out)');
  });
});
