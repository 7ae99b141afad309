import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ImportedObject } from '../../src/core/external';
import { Broker, renderSink, Sink } from '../../src/eventing';

describe('Sink', () => {
  test('fromUri keeps an absolute URI', () => {
    expect(Sink.fromUri('https://hooks.example.com/e?x=1').toDestination()).toEqual({ uri: 'https://hooks.example.com/e?x=1' });
  });

  test('fromAddressable refers to the object, with an optional path', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default', namespace: 'shop' } });
    expect(Sink.fromAddressable(broker).toDestination()).toEqual({
      reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespaceName: 'shop' },
    });
    expect(Sink.fromAddressable(broker, { path: '/extra' }).toDestination().uri).toBe('/extra');
  });

  test('fromKubeService refers to a v1 Service', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'web' });
    const svc = new kplus.Service(chart, 'Svc', { metadata: { name: 'display' }, ports: [{ port: 80 }] });
    expect(Sink.fromKubeService(svc, { path: 'events' }).toDestination()).toEqual({
      reference: { apiVersion: 'v1', kind: 'Service', name: 'display', namespaceName: 'web' },
      uri: 'events',
    });
  });

  test('fromRef records the outside object so references can be checked', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'web' });
    const sink = Sink.fromRef(chart, 'Legacy', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'legacy' });
    expect(sink.toDestination()).toEqual({ reference: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'legacy', namespaceName: 'web' } });
    const imported = chart.node.findChild('Legacy');
    expect(ImportedObject.isImportedObject(imported)).toBe(true);
    expect((imported as ImportedObject).name).toBe('legacy');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('renderSink drops an unset namespace', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(renderSink(chart, 'sink', broker)).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } });
  });

  test('fails when fromUri gets a relative URI', () => {
    expect(() => Sink.fromUri('/events')).toThrow(/Sink.fromUri: uri "\/events" is not allowed; must be an absolute URI with a scheme and a host/);
  });

  test('fails when fromUri gets a URI without host', () => {
    expect(() => Sink.fromUri('mailto:me@example.com')).toThrow(/must be an absolute URI/);
  });

  test('fails when a path is absolute', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    expect(() => Sink.fromAddressable(broker, { path: 'http://x.example.com/' })).toThrow(/Sink.fromAddressable: path "http:\/\/x.example.com\/" is not allowed; must be a relative URI/);
  });

  test('fails when a custom sink is empty', () => {
    const chart = Testing.chart();
    expect(() => renderSink(chart, 'sink', { toDestination: () => ({}) })).toThrow(/\[test\] sink: \{\} is not allowed; a sink needs a ref, a uri or both/);
  });

  test('fails when a custom sink has a ref and an absolute uri', () => {
    const chart = Testing.chart();
    const bad = { toDestination: () => ({ reference: { apiVersion: 'v1', kind: 'Service', name: 'a' }, uri: 'https://x.example.com' }) };
    expect(() => renderSink(chart, 'sink', bad)).toThrow(/\[test\] sink.uri: "https:\/\/x.example.com" is not allowed; with a ref the uri must be a relative URI/);
  });

  test('fails when a custom sink has a relative uri without ref', () => {
    const chart = Testing.chart();
    expect(() => renderSink(chart, 'sink', { toDestination: () => ({ uri: '/x' }) })).toThrow(/\[test\] sink.uri: "\/x" is not allowed; without a ref the uri must be an absolute URI/);
  });

  test('fails when a custom sink ref lacks a kind', () => {
    const chart = Testing.chart();
    const bad = { toDestination: () => ({ reference: { apiVersion: 'v1', kind: '', name: 'a' } }) };
    expect(() => renderSink(chart, 'sink', bad)).toThrow(/\[test\] sink.ref.kind: "" is not allowed; must be a non-empty string/);
  });
});

describe('Sink namespaces', () => {
  test('fails when a ref points into another namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'a' });
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => broker.onEvent('T', 'x', Sink.fromRef(chart, 'Ext', { apiVersion: 'v1', kind: 'Service', name: 's', namespaceName: 'c' })))
      .toThrow(/\[c\/B\/T\] subscriber.ref.namespace: "c" is not allowed; must be the namespace of the object that holds the sink \("a"\)/);
  });

  test('a ref in the holder namespace is fine', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'a' });
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    broker.onEvent('T', 'x', Sink.fromRef(chart, 'Ext', { apiVersion: 'v1', kind: 'Service', name: 's' }));
    expect(Testing.synth(chart)[1].spec.subscriber.ref.namespace).toBe('a');
  });
});
