import * as fc from 'fast-check';
import { cesqlSyntaxError } from '../../src/core';
import { Broker, BrokerClass, IBroker, Trigger, TriggerFilter } from '../../src/eventing';
import { attribute, attributeValue, delivery, deliveryVerdict, makeDelivery, makeSink, sink, sinkVerdict } from './eventing-gen';
import { bad, caseOf, FieldGen, modelled, ok, verdicts } from './gen';
import { assertProperty, badNames, checkCase, narrowed, runsFor, Tagged, timeoutFor, Verdict, worst } from './harness';

// ---------------------------------------------------------------- names

/** Broker and Trigger names are DNS-1123 subdomains. */
const subdomain = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/), weight: 6 },
  fc.constantFrom('default', '1st', 'a.b', 'events.prod', 'a'.repeat(63)),
);
const name = (good: fc.Arbitrary<string>): FieldGen<string> => ({
  good: good.map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof({ arbitrary: good.map(value => ({ value, verdict: 'ok' as Verdict })), weight: 3 }, bad(badNames)),
});

// ---------------------------------------------------------------- broker

type RawBroker = { kind: 'own'; brokerClass: 'mt' | 'kafka' | 'custom' } | { kind: 'imported' } | { kind: 'imported-other-ns' };
const broker: FieldGen<RawBroker> = modelled(
  fc.oneof(
    fc.record({ kind: fc.constant('own' as const), brokerClass: fc.constantFrom('mt' as const, 'kafka' as const, 'custom' as const) }),
    fc.constant({ kind: 'imported' as const }),
  ),
  fc.oneof(
    fc.record({ kind: fc.constant('own' as const), brokerClass: fc.constantFrom('mt' as const, 'kafka' as const, 'custom' as const) }),
    fc.constantFrom({ kind: 'imported' as const }, { kind: 'imported-other-ns' as const }),
  ),
  b => (b.kind === 'imported-other-ns' ? 'bad' : 'ok'),
);

// ---------------------------------------------------------------- filters

/** The old dialect: exact matches on attributes, as a record. */
const filter = modelled(
  fc.option(fc.uniqueArray(fc.tuple(attribute.filter(a => a.verdict === 'ok'), attributeValue), { maxLength: 3, selector: ([a]) => a.value }), { nil: undefined }),
  fc.option(fc.uniqueArray(fc.tuple(attribute, attributeValue), { maxLength: 3, selector: ([a]) => a.value }), { nil: undefined }),
  entries => worst(...(entries ?? []).map(([a]) => a.verdict)),
);

type RawFilter =
  | { d: 'exact' | 'prefix' | 'suffix'; attr: Tagged<string>; value: string }
  | { d: 'all' | 'any'; filters: RawFilter[] }
  | { d: 'not'; filter: RawFilter }
  | { d: 'cesql'; expr: string };

const cesql = fc.constantFrom("type = 'com.example.order'", "source LIKE '%.example.com'", 'EXISTS subject', '', '   ', 'type = (((', 'NOT',
  "type = 'a' AND", 'sequence > 2147483648', "LOWER(source) NOT IN ('a', \"b\")", "NOT EXISTS subject XOR type LIKE 'x\\_%'");
const rawFilters = fc.letrec<{ filter: RawFilter }>(tie => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: fc.record({ d: fc.constantFrom('exact' as const, 'prefix' as const, 'suffix' as const), attr: attribute, value: attributeValue }), weight: 4 },
    fc.record({ d: fc.constantFrom('all' as const, 'any' as const), filters: fc.array(tie('filter'), { maxLength: 2, depthIdentifier: 'f' }) }),
    fc.record({ d: fc.constant('not' as const), filter: tie('filter') }),
    fc.record({ d: fc.constant('cesql' as const), expr: cesql }),
  ),
})).filter;

export function filterVerdict(f: RawFilter): Verdict {
  switch (f.d) {
    case 'exact':
      return f.attr.verdict;
    case 'prefix':
    case 'suffix':
      return worst(f.attr.verdict, f.value === '' ? 'bad' : 'ok');
    case 'all':
    case 'any':
      return worst(f.filters.length === 0 ? 'bad' : 'ok', ...f.filters.map(filterVerdict));
    case 'not':
      return filterVerdict(f.filter);
    case 'cesql':
      // Knative parses CESQL on admission, and so do the constructs and the engine
      return cesqlSyntaxError(f.expr) === undefined ? 'ok' : 'bad';
  }
}

function makeFilter(f: RawFilter): TriggerFilter {
  switch (f.d) {
    case 'exact':
      return TriggerFilter.exact(f.attr.value, f.value);
    case 'prefix':
      return TriggerFilter.prefix(f.attr.value, f.value);
    case 'suffix':
      return TriggerFilter.suffix(f.attr.value, f.value);
    case 'all':
      return TriggerFilter.all(...f.filters.map(makeFilter));
    case 'any':
      return TriggerFilter.any(...f.filters.map(makeFilter));
    case 'not':
      return TriggerFilter.negate(makeFilter(f.filter));
    case 'cesql':
      return TriggerFilter.cesql(f.expr);
  }
}

const filters = modelled(
  fc.option(fc.array(rawFilters, { maxLength: 2 }), { nil: undefined }).map(fs => fs?.filter(f => filterVerdict(f) === 'ok')),
  fc.option(fc.array(rawFilters, { maxLength: 3 }), { nil: undefined }),
  fs => worst(...(fs ?? []).map(filterVerdict)),
);

// ---------------------------------------------------------------- the property

/** Namespaces: the chart's ("demo", when unset) or another one, for the Trigger and for a Broker of the app. */
const namespace: FieldGen<string | undefined> = {
  good: fc.constantFrom(undefined, 'demo').map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.constantFrom(undefined, 'demo', 'other').map(value => ({ value, verdict: 'either' as Verdict })),
};

const triggerCase = caseOf({
  triggerNamespace: namespace,
  brokerNamespace: namespace,
  brokerName: name(subdomain),
  triggerName: name(subdomain),
  broker,
  subscriber: sink,
  filter,
  filters,
  brokerDelivery: delivery,
  triggerDelivery: delivery,
  useOnEvent: { good: ok(fc.boolean()), any: ok(fc.boolean()) },
});

/**
 * Open bugs this property found in the constructs (files this test does not
 * own); each narrows the generator until fixed (see known-bugs.test.ts).
 * None is open: BUG-8 (Trigger names unchecked) and BUG-9 (CESQL not parsed),
 * found here, are fixed.
 */
function knownTriggerBug(_c: typeof triggerCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.14);

describe('property: Broker and Trigger props', () => {
  test(`${RUNS} generated Broker + Trigger pairs either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(triggerCase, knownTriggerBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, {
        brokerName: 'metadata.name', triggerName: 'metadata.name', broker: 'broker', subscriber: 'subscriber', filter: 'filter', filters: 'filters',
        brokerDelivery: 'delivery', triggerDelivery: 'delivery', useOnEvent: 'onEvent', triggerNamespace: 'namespace', brokerNamespace: 'namespace',
      });
      if (c.broker.value.kind !== 'own') {
        fields.name = c.brokerName.verdict; // Broker.fromBrokerName() names the field `name`
        fields['metadata.name'] = c.triggerName.verdict;
      }
      // what depends on namespaces: the Broker must be in the Trigger's, and so must every sink ref of each
      const triggerNs = c.triggerNamespace.value ?? 'demo';
      const raw = c.broker.value;
      const brokerNs = raw.kind === 'own' ? c.brokerNamespace.value ?? 'demo' : raw.kind === 'imported-other-ns' ? 'other' : 'demo';
      fields.broker = triggerNs === brokerNs ? 'ok' : 'bad';
      fields.subscriber = sinkVerdict(c.subscriber.value, triggerNs);
      // an imported Broker takes no delivery: the generated one is not used
      fields.delivery = worst(deliveryVerdict(c.triggerDelivery.value, triggerNs),
        raw.kind === 'own' ? deliveryVerdict(c.brokerDelivery.value, brokerNs) : 'ok');
      delete fields.namespace;
      return checkCase(fields, chart => {
        let b: IBroker;
        if (raw.kind === 'own') {
          const brokerClass = { mt: BrokerClass.MT_CHANNEL_BASED, kafka: BrokerClass.KAFKA, custom: BrokerClass.custom('example.com/MyBroker') }[raw.brokerClass];
          b = new Broker(chart, 'Broker', { metadata: { name: c.brokerName.value, namespace: c.brokerNamespace.value }, brokerClass, delivery: makeDelivery(chart, 'BrokerDelivery', c.brokerDelivery.value) });
        } else {
          b = Broker.fromBrokerName(chart, 'Broker', c.brokerName.value, raw.kind === 'imported-other-ns' ? { namespaceName: 'other' } : {});
        }
        const subscriber = makeSink(c.subscriber.value)(chart, 'Subscriber');
        const filterRecord = c.filter.value ? Object.fromEntries(c.filter.value.map(([a, v]) => [a.value, v])) : undefined;
        const triggerDelivery = makeDelivery(chart, 'TriggerDelivery', c.triggerDelivery.value);
        if (c.useOnEvent.value && !c.filters.value) {
          b.onEvent('Trigger', 'com.example.order', subscriber, {
            metadata: { name: c.triggerName.value, namespace: c.triggerNamespace.value }, filter: filterRecord, delivery: triggerDelivery,
          });
        } else {
          new Trigger(chart, 'Trigger', {
            metadata: { name: c.triggerName.value, namespace: c.triggerNamespace.value },
            broker: b,
            subscriber,
            filter: filterRecord,
            filters: c.filters.value?.map(makeFilter),
            delivery: triggerDelivery,
          });
        }
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
