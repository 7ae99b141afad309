import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { KnativePropError, PropChecks, check } from '../../src/core/errors';
import { Broker, Channel, Subscription, Trigger } from '../../src/eventing';
import { Configuration, Service } from '../../src/serving';
import { PingSource } from '../../src/sources';

/** The error `f` throws. */
function thrown(f: () => unknown): KnativePropError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KnativePropError);
    return e as KnativePropError;
  }
  throw new Error('expected an error');
}

describe('prop errors gathered per construct', () => {
  const chart = () => Testing.chart();

  test('fails with every bad prop of a Service in one error', () => {
    const c = chart();
    const e = thrown(() => new Service(c, 'S', {
      metadata: { name: 's' }, container: { image: 'img' }, containerConcurrency: 5000,
      timeout: Duration.seconds(10), responseStartTimeout: Duration.seconds(20),
    }));
    expect(e.message).toBe([
      '[test/S] 2 props are not allowed:',
      '    containerConcurrency: 5000 is not allowed; must be an integer from 0 to 1000',
      '    responseStartTimeout: "20s" is not allowed; must not exceed timeout (10s)',
    ].join('\n'));
    expect(e.problems.map(p => p.field)).toEqual(['containerConcurrency', 'responseStartTimeout']);
  });

  test('fails with every bad prop of a Configuration in one error', () => {
    const c = chart();
    const e = thrown(() => new Configuration(c, 'C', {
      metadata: { name: 'c' }, container: { image: 'img' }, containerConcurrency: -1, timeout: Duration.seconds(10), responseStartTimeout: Duration.seconds(20),
    }));
    expect(e.problems.map(p => p.field)).toEqual(['containerConcurrency', 'responseStartTimeout']);
  });

  test('fails with every bad prop of a Broker, a Channel and a Subscription in one error', () => {
    const c = chart();
    expect(thrown(() => new Broker(c, 'B', { config: { apiVersion: '', kind: '', name: 'x' } })).message)
      .toMatch(/^\[test\/B\] 2 props are not allowed:\n {4}config.apiVersion: "" is not allowed; must be a non-empty string\n {4}config.kind: "" is not allowed/);
    const badMeta = { name: 'Bad_Name', labels: { 'bad key!': 'x' } };
    expect(thrown(() => new Channel(c, 'Ch', { metadata: badMeta })).problems.map(p => p.field)).toEqual(['metadata.name', 'metadata.labels']);
    const svc = Service.fromServiceName(c, 'Svc', 'hello');
    expect(thrown(() => new Subscription(c, 'Sub', { channel: Channel.fromChannelName(c, 'ChX', 'orders'), subscriber: svc, metadata: badMeta })).problems.map(p => p.field))
      .toEqual(['metadata.name', 'metadata.labels']);
  });

  test('fails with every bad prop of a Trigger and a PingSource in one error', () => {
    const c = chart();
    const svc = Service.fromServiceName(c, 'Svc', 'hello');
    expect(thrown(() => new Trigger(c, 'T', { broker: Broker.fromBrokerName(c, 'Br', 'default'), subscriber: svc, filter: { 'Bad-Name': 'x', 'other_bad': 'y' } }))
      .problems.map(p => p.field)).toEqual(['filter.Bad-Name', 'filter.other_bad']);
    expect(thrown(() => new PingSource(c, 'P', { schedule: 'bad', timezone: 'Mars/Base', sink: svc })).problems.map(p => p.field))
      .toEqual(['schedule', 'timezone']);
  });

  test('fails with every wrong prop type in one error, before any value is checked', () => {
    const c = chart();
    const e = thrown(() => new Service(c, 'S', { metadata: { name: 's' }, container: 5, traffic: 'x', containerConcurrency: 5000 } as any));
    expect(e.problems.map(p => p.field)).toEqual(['container', 'traffic']);
  });

  test('one bad prop keeps the one-line message', () => {
    const c = chart();
    expect(thrown(() => new Service(c, 'S', { metadata: { name: 's' }, container: { image: 'img' }, containerConcurrency: 5000 })).message)
      .toBe('[test/S] containerConcurrency: 5000 is not allowed; must be an integer from 0 to 1000');
  });

  test('a step that trips over a gathered bad prop reports the bad props, not its own failure', () => {
    const c = chart();
    const checks = PropChecks.gather(c);
    check(false, c, 'window', 'x', 'must be whole seconds');
    expect(() => checks.run(() => { throw new TypeError('cannot convert'); })).toThrow(/^\[test\] window: "x" is not allowed; must be whole seconds$/);
    // The gathering ended with the error: the next failed check throws at once.
    expect(() => check(false, c, 'other', 1, 'no')).toThrow(/other: 1 is not allowed/);
  });

  test('a construct that gathers nothing bad does not throw', () => {
    const c = chart();
    const checks = PropChecks.gather(c);
    check(true, c, 'x', 1, 'fine');
    expect(() => checks.done()).not.toThrow();
    expect(checks.run(() => 42)).toBe(42);
  });
});

describe('the stack of a prop error', () => {
  test('starts at the caller\'s code, with no frame inside the package', () => {
    const c = Testing.chart();
    const e = thrown(() => new Service(c, 'S', { metadata: { name: 's' }, container: { image: 'img' }, containerConcurrency: 5000 }));
    const lines = e.stack!.split('\n');
    expect(lines[0]).toBe(`KnativePropError: ${e.message}`);
    const frames = lines.filter(l => /^\s+at /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toContain(path.join('test', 'core', 'errors.test.ts'));
    const root = path.resolve(__dirname, '../..');
    expect(frames.filter(f => f.includes(path.join(root, 'src') + path.sep) || f.includes(path.join(root, 'lib') + path.sep))).toEqual([]);
  });
});
