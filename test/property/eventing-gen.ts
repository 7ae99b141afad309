/**
 * Generators shared by the eventing and source properties: sinks, delivery
 * options and CloudEvents attribute names, each tagged with its verdict.
 */
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { ISink } from '../../src/core';
import { BackoffPolicy, Delivery, DeliveryFormat, Sink } from '../../src/eventing';
import { Service } from '../../src/serving';
import { caseOf, FieldGen, modelled, weirdNumbers } from './gen';
import { Tagged, Verdict, worst } from './harness';

// ---------------------------------------------------------------- sinks

/**
 * How to build a sink inside a case's chart. `Sink.fromUri()` and friends are
 * factories without a scope: a bad URI throws a plain Error there, before any
 * construct is involved, so only good URIs are drawn for them.
 */
export type SinkMaker = (chart: Chart, id: string) => ISink;

export interface RawSink {
  readonly kind: 'uri' | 'service' | 'service-path' | 'external' | 'external-other-ns';
  readonly uri: string;
  readonly path: string;
}

const goodUris = fc.constantFrom('https://hooks.example.com/events', 'http://sink.demo.svc.cluster.local', 'http://10.0.0.1:8080/x?y=1');
const goodPaths = fc.constantFrom('/events', 'events', '/a/b?c=d', '/');

const rawSink = (kinds: RawSink['kind'][]) => fc.record<RawSink>({ kind: fc.constantFrom(...kinds), uri: goodUris, path: goodPaths });

/** The namespace a sink's ref names (the chart's, "demo", unless it is the other-namespace one); none for a URI. */
export function sinkNamespace(s: RawSink): string | undefined {
  return s.kind === 'uri' ? undefined : s.kind === 'external-other-ns' ? 'other' : 'demo';
}

/** Knative does not resolve a sink in another namespace than its holder's (the chart's, "demo", by default). */
export function sinkVerdict(s: RawSink, holderNamespace = 'demo'): Verdict {
  const ns = sinkNamespace(s);
  return ns === undefined || ns === holderNamespace ? 'ok' : 'bad';
}

/** Builds the sink: a URI, a Knative Service of the app (with or without a path), or an object outside the app. */
export function makeSink(s: RawSink): SinkMaker {
  return (chart, id) => {
    switch (s.kind) {
      case 'uri':
        return Sink.fromUri(s.uri);
      case 'service':
      case 'service-path': {
        const svc = new Service(chart, `${id}Service`, { metadata: { name: `${id.toLowerCase()}-svc` }, container: { image: 'ghcr.io/acme/consumer:1.0' } });
        return s.kind === 'service' ? svc : Sink.fromAddressable(svc, { path: s.path });
      }
      case 'external':
        return Sink.fromRef(chart, `${id}External`, { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'outside' }, { path: s.path });
      case 'external-other-ns':
        return Sink.fromRef(chart, `${id}External`, { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'outside', namespaceName: 'other' });
    }
  };
}

/** A sink: good ones, or (in `any`) one in another namespace. */
export const sink: FieldGen<RawSink> = modelled(
  rawSink(['uri', 'service', 'service-path', 'external']),
  rawSink(['uri', 'service', 'service-path', 'external', 'external-other-ns']),
  sinkVerdict,
);

// ---------------------------------------------------------------- delivery

export interface RawDelivery {
  readonly retry?: number;
  readonly backoffPolicy?: string;
  /** Milliseconds. */
  readonly backoffDelay?: number;
  /** Milliseconds. */
  readonly timeout?: number;
  readonly format?: string;
  readonly deadLetterSink?: RawSink;
}

const part = <T>(good: fc.Arbitrary<T>, wrong: fc.Arbitrary<T>): FieldGen<T | undefined> => ({
  good: fc.option(good, { nil: undefined, freq: 2 }).map(value => ({ value, verdict: 'either' as Verdict })),
  any: fc.option(fc.oneof(good, wrong), { nil: undefined, freq: 2 }).map(value => ({ value, verdict: 'either' as Verdict })),
});

const millis = fc.oneof(fc.integer({ min: 1, max: 600 }).map(s => s * 1000), fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(100, 1500, 3_600_000, 90_000_000));
const deliveryParts = {
  retry: part(fc.integer({ min: 0, max: 20 }), fc.oneof(fc.integer({ min: -100, max: -1 }), weirdNumbers, fc.constant(2 ** 31))),
  backoffPolicy: part<string>(fc.constantFrom(BackoffPolicy.LINEAR, BackoffPolicy.EXPONENTIAL), fc.constantFrom('Linear', 'fast', '')),
  backoffDelay: part(fc.oneof(millis, fc.constant(0)), fc.constant(0)),
  timeout: part(millis, fc.constant(0)),
  format: part<string>(fc.constantFrom(DeliveryFormat.JSON, DeliveryFormat.BINARY), fc.constantFrom('xml', 'JSON', '')),
  deadLetterSink: part(rawSink(['uri', 'service', 'external']), rawSink(['external-other-ns'])),
};

export function deliveryVerdict(d: RawDelivery | undefined, holderNamespace = 'demo'): Verdict {
  if (!d) return 'ok';
  const out: Verdict[] = [];
  if (d.retry !== undefined && !(Number.isInteger(d.retry) && d.retry >= 0 && d.retry <= 2 ** 31 - 1)) out.push('bad');
  if (d.backoffPolicy !== undefined && !['linear', 'exponential'].includes(d.backoffPolicy)) out.push('bad');
  // Knative keeps one decimal digit of seconds: under 100 ms is a zero timeout.
  if (d.timeout !== undefined && d.timeout < 100) out.push('bad');
  if (d.format !== undefined && !['json', 'binary'].includes(d.format)) out.push('bad');
  if (d.deadLetterSink) out.push(sinkVerdict(d.deadLetterSink, holderNamespace));
  return worst(...out);
}

/** Delivery options: absent, good parts, one wrong part, or any (see `caseOf`). */
export const delivery: FieldGen<RawDelivery | undefined> = (() => {
  const raw = caseOf(deliveryParts).map(drawn =>
    Object.fromEntries(Object.entries(drawn).map(([k, t]) => [k, (t as Tagged<unknown>).value]).filter(([, v]) => v !== undefined)) as RawDelivery);
  return modelled(fc.option(raw, { nil: undefined, freq: 2 }), fc.option(raw, { nil: undefined, freq: 4 }), d => deliveryVerdict(d));
})();

export function makeDelivery(chart: Chart, id: string, d: RawDelivery | undefined): Delivery | undefined {
  if (!d) return undefined;
  return {
    retry: d.retry,
    backoffPolicy: d.backoffPolicy as BackoffPolicy | undefined,
    backoffDelay: d.backoffDelay === undefined ? undefined : Duration.millis(d.backoffDelay),
    timeout: d.timeout === undefined ? undefined : Duration.millis(d.timeout),
    format: d.format as DeliveryFormat | undefined,
    deadLetterSink: d.deadLetterSink ? makeSink(d.deadLetterSink)(chart, `${id}Dls`) : undefined,
  };
}

// ---------------------------------------------------------------- attribute names

/** CloudEvents attribute names as Knative takes them in filters: lower-case letters and digits, a letter first. */
export const goodAttribute = fc.oneof(fc.constantFrom('type', 'source', 'subject', 'id', 'myext1'), fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/));
export const badAttribute = fc.constantFrom('Type', 'TYPE', 'ce-type', 'my_ext', '1abc', '', ' ', 'type ', 'a.b', 'ünï');
export const attribute: fc.Arbitrary<Tagged<string>> = fc.oneof(
  { arbitrary: goodAttribute.map(value => ({ value, verdict: 'ok' as Verdict })), weight: 4 },
  { arbitrary: badAttribute.map(value => ({ value, verdict: 'bad' as Verdict })), weight: 1 },
);

/** Attribute values: anything, including empty (an empty exact value matches any). */
export const attributeValue = fc.oneof(fc.constantFrom('com.example.order', '', ' ', 'a"b', '*'), fc.string({ maxLength: 12 }));
