import { Testing } from 'cdk8s';
import { Sink } from '../../src/eventing';
import { Source } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');
const PUBSUB = { apiVersion: 'events.cloud.google.com/v1', kind: 'CloudPubSubSource' };

describe('Source (any source kind)', () => {
  test('writes the given kind, its spec, then sink and overrides', () => {
    const chart = Testing.chart();
    const source = new Source(chart, 'S', { ...PUBSUB, metadata: { name: 'orders' }, spec: { topic: 'orders', project: 'shop' }, sink, ceOverrides: { team: 'shop' } });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'events.cloud.google.com/v1',
      kind: 'CloudPubSubSource',
      metadata: { name: 'orders' },
      spec: { topic: 'orders', project: 'shop', sink: { uri: 'https://sink.example.com' }, ceOverrides: { extensions: { team: 'shop' } } },
    });
    expect(source.resourceType).toBe('cloudpubsubsources');
    expect(source.reference).toMatchObject({ apiVersion: 'events.cloud.google.com/v1', kind: 'CloudPubSubSource', name: 'orders' });
  });

  test('takes a plural resource name', () => {
    const s = new Source(Testing.chart(), 'S', { ...PUBSUB, resourcePlural: 'pubsubs', sink });
    expect(s.resourceType).toBe('pubsubs');
  });

  test('fails when the apiVersion is not a custom resource group/version', () => {
    for (const apiVersion of ['v1', 'apps/v1', 'events.cloud.google.com', 'Events.Example.com/v1']) {
      expect(() => new Source(Testing.chart(), 'S', { apiVersion, kind: 'CloudPubSubSource', sink }))
        .toThrow(/\[test\/S\] apiVersion: .* is not allowed; must be "<group>\/<version>" of a custom resource/);
    }
  });

  test('fails when the kind is not UpperCamelCase', () => {
    expect(() => new Source(Testing.chart(), 'S', { ...PUBSUB, kind: 'cloud-pubsub', sink })).toThrow(/\[test\/S\] kind: "cloud-pubsub" is not allowed; must be a kind in UpperCamelCase/);
  });

  test('fails when the kind has a typed construct', () => {
    expect(() => new Source(Testing.chart(), 'S', { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', sink }))
      .toThrow(/\[test\/S\] kind: "PingSource" is not allowed; use the typed construct PingSource/);
  });

  test('fails when the spec holds sink or ceOverrides', () => {
    expect(() => new Source(Testing.chart(), 'S', { ...PUBSUB, spec: { sink: { uri: 'https://x.example.com' } }, sink }))
      .toThrow(/\[test\/S\] spec\.sink: .* is not allowed; give the sink with the sink prop/);
    expect(() => new Source(Testing.chart(), 'S', { ...PUBSUB, spec: { ceOverrides: {} }, sink }))
      .toThrow(/\[test\/S\] spec\.ceOverrides: \{\} is not allowed; give the ceOverrides with the ceOverrides prop/);
  });

  test('fails when a spec field is not a JSON value', () => {
    expect(() => new Source(Testing.chart(), 'S', { ...PUBSUB, spec: { topic: () => 'x' }, sink }))
      .toThrow(/\[test\/S\] spec\.topic: .* is not allowed; must be a JSON value/);
  });

  test('fails when the plural resource name is not lower case', () => {
    expect(() => new Source(Testing.chart(), 'S', { ...PUBSUB, resourcePlural: 'PubSubs', sink })).toThrow(/\[test\/S\] resourcePlural: "PubSubs" is not allowed/);
  });

  test('the validator checks the sink of any source kind in YAML', () => {
    const chart = Testing.chart();
    new Source(chart, 'S', { ...PUBSUB, sink });
    // the schema layer does not know the kind: a warning, not an error
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});
