import * as path from 'path';
import { Duration, Testing } from 'cdk8s';
import { KnativePropError, PropChecks, PropSpec, check, checkPropTypes, required } from '../../src/core/errors';
import { encodeNumberToken, markTokenObject } from '../../src/core/tokens';
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

describe('checkPropTypes', () => {
  const SPEC: PropSpec = {
    s: 'string', n: 'number', i: 'integer', b: 'boolean', d: 'duration', o: 'object', sm: 'stringMap', sl: 'stringList',
    m: { method: 'bind', what: 'a function holder' },
    e: { oneOf: ['a', 'b'], what: '"a" or "b"' },
    st: { fields: { name: required('string'), port: 'integer' } },
    l: { listOf: { fields: { name: required('string') } } },
    mo: { mapOf: 'boolean' },
    r: required('string'),
  };
  const GOOD = {
    s: 'x', n: 1.5, i: 2, b: false, d: Duration.seconds(3), o: {}, sm: { a: 'x' }, sl: ['x'], m: { bind: () => 1 },
    e: 'a', st: { name: 'x', port: 80 }, l: [{ name: 'a' }, { name: 'b' }], mo: { x: true }, r: 'x',
  };
  const token = '${ChartValue:v#1}';
  const tokenObject = () => {
    const o = {};
    markTokenObject(o);
    return o;
  };

  test('takes right values of every kind, values left out and chart values', () => {
    const c = Testing.chart();
    expect(() => checkPropTypes(c, GOOD, SPEC)).not.toThrow();
    expect(() => checkPropTypes(c, { r: 'x' }, SPEC)).not.toThrow();
    expect(() => checkPropTypes(c, {
      s: token, n: encodeNumberToken({ id: 1 }, false), i: encodeNumberToken({ id: 2 }, true), b: token, d: token, o: token,
      sm: { a: token }, sl: [token], m: tokenObject(), e: token, st: tokenObject(), l: [tokenObject()], mo: { x: token }, r: token,
    }, SPEC)).not.toThrow();
  });

  test('fails when any field has the wrong type, naming every one in one error', () => {
    const c = Testing.chart();
    const bad = {
      s: 1, n: Infinity, i: 1.5, b: 'no', d: 30, o: 'x', sm: { a: 1 }, sl: ['x', 2], m: {}, e: 'c',
      st: { port: 'x' }, l: [{ name: 'a' }, { name: null }], mo: { x: 'yes' },
    };
    const e = thrown(() => checkPropTypes(c, bad, SPEC, 'props'));
    expect(e.problems.map(p => [p.field, p.allowed])).toEqual([
      ['props.s', 'must be a string (or left out)'],
      ['props.n', 'must be a finite number (or left out)'],
      ['props.i', 'must be a whole number (or left out)'],
      ['props.b', 'must be true or false (or left out)'],
      ['props.d', 'must be a Duration, e.g. Duration.seconds(30) (or left out)'],
      ['props.o', 'must be an object (or left out)'],
      ['props.sm.a', 'must be a string (or left out)'],
      ['props.sl[1]', 'must be a string'],
      ['props.m', 'must be a function holder (or left out)'],
      ['props.e', 'must be "a" or "b" (or left out)'],
      ['props.st.name', 'must be a string (required)'],
      ['props.st.port', 'must be a whole number (or left out)'],
      ['props.l[1].name', 'must be a string'],
      ['props.mo.x', 'must be true or false'],
      ['props.r', 'must be a string (required)'],
    ]);
  });

  test('fails when null stands for a left-out prop, or the props are not an object', () => {
    const c = Testing.chart();
    expect(thrown(() => checkPropTypes(c, { ...GOOD, o: null }, SPEC)).problems.map(p => p.field)).toEqual(['o']);
    expect(thrown(() => checkPropTypes(c, [GOOD], SPEC)).message).toMatch(/props: .* is not allowed; must be an object of properties/);
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
