import * as fc from 'fast-check';
import { Channel, ChannelKind, IChannel, InMemoryChannel, Subscription } from '../../src/eventing';
import { delivery, makeDelivery, makeSink, RawSink, sink, sinkVerdict } from './eventing-gen';
import { caseOf, FieldGen, modelled, ok, verdicts } from './gen';
import { assertProperty, badNames, checkCase, narrowed, runsFor, timeoutFor, Verdict } from './harness';

const channelName: FieldGen<string> = {
  good: fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/), weight: 4 }, fc.constantFrom('a.b', 'orders.v1'))
    .map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })), weight: 3 },
    badNames.map(value => ({ value, verdict: 'bad' as Verdict })),
  ),
};

type ChannelKindRaw = 'in-memory' | 'generic' | 'generic-kafka' | 'imported' | 'imported-imc' | 'imported-other-ns';
const channel = modelled<ChannelKindRaw>(
  fc.constantFrom('in-memory', 'generic', 'generic-kafka', 'imported', 'imported-imc'),
  fc.constantFrom('in-memory', 'generic', 'generic-kafka', 'imported', 'imported-imc', 'imported-other-ns'),
  k => (k === 'imported-other-ns' ? 'bad' : 'ok'),
);

/** Subscriber and reply: each optional; a Subscription needs at least one. */
const optionalSink: FieldGen<RawSink | undefined> = {
  good: fc.option(sink.good.map(s => s.value), { nil: undefined, freq: 3 }).map(value => ({ value, verdict: value ? sinkVerdict(value) : 'ok' })),
  any: fc.option(sink.any.map(s => s.value), { nil: undefined, freq: 2 }).map(value => ({ value, verdict: value ? sinkVerdict(value) : 'ok' })),
};

const subscriptionCase = caseOf({
  channelName, channel, subscriber: optionalSink, reply: optionalSink, delivery, channelDelivery: delivery,
  subscriptionName: {
    good: ok(fc.stringMatching(/^[a-z]([-a-z0-9]{0,15}[a-z0-9])?$/)),
    any: fc.oneof({ arbitrary: ok(fc.stringMatching(/^[a-z]([-a-z0-9]{0,15}[a-z0-9])?$/)), weight: 3 }, badNames.map(value => ({ value, verdict: 'bad' as Verdict }))),
  },
  // both `channel.addSubscription()` and `new Subscription()` need a subscriber (Knative requires one)
  viaSubscribe: { good: ok(fc.boolean()), any: ok(fc.boolean()) },
});

function makeChannel(chart: Parameters<Parameters<typeof checkCase>[1]>[0], kind: ChannelKindRaw, name: string, d: ReturnType<typeof makeDelivery>): IChannel {
  switch (kind) {
    case 'in-memory':
      return new InMemoryChannel(chart, 'Channel', { metadata: { name }, delivery: d });
    case 'generic':
      return new Channel(chart, 'Channel', { metadata: { name }, delivery: d });
    case 'generic-kafka':
      return new Channel(chart, 'Channel', { metadata: { name }, channelTemplate: ChannelKind.KAFKA, delivery: d });
    case 'imported':
      return Channel.fromChannelName(chart, 'Channel', name);
    case 'imported-imc':
      return Channel.fromChannelName(chart, 'Channel', name, { kind: ChannelKind.IN_MEMORY });
    case 'imported-other-ns':
      return Channel.fromChannelName(chart, 'Channel', name, { namespaceName: 'other' });
  }
}

/**
 * Open bugs this property found in the constructs (files this test does not
 * own); each narrows the generator until fixed (see known-bugs.test.ts).
 * None is open: BUG-8 (Subscription names unchecked) is fixed.
 */
function knownSubscriptionBug(_c: typeof subscriptionCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.11);

describe('property: Subscription props', () => {
  test(`${RUNS} generated Channel + Subscription pairs either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(subscriptionCase, knownSubscriptionBug), c => {
      const own = !c.channel.value.startsWith('imported');
      const fields: Record<string, Verdict> = verdicts(c, {
        channelName: own ? 'metadata.name' : 'name', channel: 'channel', subscriber: 'subscriber', reply: 'reply', delivery: 'delivery',
        channelDelivery: own ? 'delivery' : 'unused', subscriptionName: 'metadata.name', viaSubscribe: 'unused',
      });
      if (!own) fields.unused = 'ok';
      const subscribe = c.viaSubscribe.value && c.subscriber.value !== undefined;
      if (c.subscriber.value === undefined) fields.subscriber = 'bad';
      return checkCase(fields, chart => {
        const ch = makeChannel(chart, c.channel.value, c.channelName.value, own ? makeDelivery(chart, 'ChannelDelivery', c.channelDelivery.value) : undefined);
        const subscriber = c.subscriber.value ? makeSink(c.subscriber.value)(chart, 'Subscriber') : undefined;
        const reply = c.reply.value ? makeSink(c.reply.value)(chart, 'Reply') : undefined;
        const d = makeDelivery(chart, 'Delivery', c.delivery.value);
        if (subscribe) {
          ch.addSubscription('Subscription', subscriber!, { metadata: { name: c.subscriptionName.value }, reply, delivery: d });
        } else {
          new Subscription(chart, 'Subscription', { metadata: { name: c.subscriptionName.value }, channel: ch, subscriber, reply, delivery: d });
        }
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
