/**
 * Trigger filters against the semantics of Knative's broker filter
 * (knative/eventing pkg/eventfilter at knative-v1.22.2).
 */
import { compileSubscriptionsFilter, compileTriggerFilter } from '../../src/routing/filters';
import { event } from './helpers';

const order = event({ type: 'com.example.order.created', source: 'https://shop.example/orders', subject: 'o-1', region: 'eu', priority: 3, urgent: true, time: '2024-05-01T12:00:00.000+00:00' });

const verdict = (spec: Record<string, unknown>, e = order) => compileTriggerFilter(spec).evaluate(e).verdict;
const one = (f: unknown, e = order) => compileSubscriptionsFilter(f).evaluate(e).verdict;

describe('filter.attributes', () => {
  test('every attribute must equal its value', () => {
    expect(verdict({ filter: { attributes: { type: 'com.example.order.created', region: 'eu' } } })).toBe('pass');
    expect(verdict({ filter: { attributes: { type: 'com.example.order.created', region: 'us' } } })).toBe('fail');
  });

  test('an empty value matches any non-empty value of an attribute the event has', () => {
    expect(verdict({ filter: { attributes: { region: '' } } })).toBe('pass');
    expect(verdict({ filter: { attributes: { missing: '' } } })).toBe('fail');
    expect(verdict({ filter: { attributes: { subject: '' } } }, event())).toBe('fail');
  });

  test('fails when a number or boolean extension is compared with a string (Knative compares the values as they are)', () => {
    expect(verdict({ filter: { attributes: { priority: '3' } } })).toBe('fail');
    expect(verdict({ filter: { attributes: { priority: '' } } })).toBe('pass');
  });

  test('no filter, no attributes and an empty attributes map let every event through', () => {
    expect(verdict({})).toBe('none');
    expect(verdict({ filter: {} })).toBe('none');
    expect(verdict({ filter: { attributes: {} } })).toBe('pass');
  });

  test('spec.filters takes precedence over spec.filter', () => {
    expect(verdict({ filter: { attributes: { type: 'x' } }, filters: [{ exact: { region: 'eu' } }] })).toBe('pass');
    expect(verdict({ filter: { attributes: { type: 'x' } }, filters: [] })).toBe('fail');
  });
});

describe('filters: exact, prefix, suffix', () => {
  test('exact compares the value printed as a string', () => {
    expect(one({ exact: { type: 'com.example.order.created' } })).toBe('pass');
    expect(one({ exact: { priority: '3' } })).toBe('pass');
    expect(one({ exact: { urgent: 'true' } })).toBe('pass');
    expect(one({ exact: { type: 'com.example.order' } })).toBe('fail');
  });

  test('prefix and suffix', () => {
    expect(one({ prefix: { type: 'com.example.' } })).toBe('pass');
    expect(one({ prefix: { type: 'org.' } })).toBe('fail');
    expect(one({ suffix: { type: '.created' } })).toBe('pass');
    expect(one({ suffix: { source: '/payments' } })).toBe('fail');
  });

  test('a core attribute the event lacks reads as empty; a missing extension fails', () => {
    expect(one({ exact: { subject: 'x' } }, event())).toBe('fail');
    expect(one({ not: { exact: { subject: 'x' } } }, event())).toBe('pass');
    expect(one({ prefix: { missing: 'x' } })).toBe('fail');
  });

  test('time is compared as Go prints it (zero offset as Z, trailing zeros dropped); an absent time as the zero time', () => {
    expect(one({ exact: { time: '2024-05-01T12:00:00Z' } })).toBe('pass');
    expect(one({ exact: { time: '0001-01-01T00:00:00Z' } }, event())).toBe('pass');
  });

  test('an empty key or value cannot be built: the broker skips the filter', () => {
    expect(one({ exact: { type: '' } })).toBe('none');
    expect(verdict({ filters: [{ exact: { type: '' } }, { exact: { region: 'us' } }] })).toBe('fail');
  });
});

describe('filters: all, any, not', () => {
  const pass = { exact: { region: 'eu' } };
  const failing = { exact: { region: 'us' } };
  const none = { exact: { region: '' } };

  test('all fails on the first failing filter', () => {
    expect(one({ all: [pass, pass] })).toBe('pass');
    expect(one({ all: [pass, failing] })).toBe('fail');
  });

  test('all answers what its last filter answered when none fails', () => {
    expect(one({ all: [pass, { not: none }] })).toBe('none');
    expect(one({ all: [{ not: none }, pass] })).toBe('pass');
  });

  test('any passes on the first passing filter, else answers what its last filter answered', () => {
    expect(one({ any: [failing, pass] })).toBe('pass');
    expect(one({ any: [failing, failing] })).toBe('fail');
    expect(one({ any: [failing, { not: none }] })).toBe('none');
  });

  test('not swaps pass and fail, and keeps "no filter"', () => {
    expect(one({ not: pass })).toBe('fail');
    expect(one({ not: failing })).toBe('pass');
    expect(one({ not: {} })).toBe('none');
  });

  test('the top-level list is an all', () => {
    expect(verdict({ filters: [pass, { prefix: { type: 'com.' } }] })).toBe('pass');
    expect(verdict({ filters: [pass, failing] })).toBe('fail');
  });

  test('a filter with several dialects: the broker uses the first one (exact, prefix, suffix, all, any, not, cesql) and the webhook rejects it', () => {
    const f = compileSubscriptionsFilter({ exact: { region: 'eu' }, cesql: "region = 'us'" });
    expect(f.evaluate(order).verdict).toBe('pass');
    expect(f.rejected).toEqual(['spec.filters[0]: multiple dialects (exact, cesql); a filter has only one']);
  });
});

describe('filters: cesql', () => {
  test('passes when the expression is true, fails when false', () => {
    expect(one({ cesql: "type LIKE 'com.example.%' AND priority > 2" })).toBe('pass');
    expect(one({ cesql: "region = 'us'" })).toBe('fail');
  });

  test('fails when the evaluation fails (missing attribute, failed cast, unknown function)', () => {
    expect(compileSubscriptionsFilter({ cesql: 'missing = 1' }).evaluate(order)).toEqual({ verdict: 'fail', reason: expect.stringMatching(/no attribute missing/) });
    expect(one({ cesql: "region = 1" })).toBe('fail');
    expect(one({ cesql: "NOPE(type)" })).toBe('fail');
  });

  test('fails when the expression is not a Boolean', () => {
    expect(compileSubscriptionsFilter({ cesql: '1 + 1' }).evaluate(order).reason).toMatch(/yields an Integer, not a Boolean/);
  });

  test('an expression that does not parse is rejected by the webhook and skipped by the broker', () => {
    const f = compileSubscriptionsFilter({ cesql: "type = 'a" });
    expect(f.rejected[0]).toMatch(/^spec\.filters\[0\]\.cesql: does not parse: at 8: unterminated string/);
    expect(f.evaluate(order).verdict).toBe('none');
  });
});

describe('filter descriptions and possible matches', () => {
  test('describe() says what each filter checks', () => {
    expect(compileTriggerFilter({ filter: { attributes: { type: 'a', region: '' } } }).describe()).toBe('type = a, region exists');
    expect(compileTriggerFilter({ filters: [{ any: [{ prefix: { type: 'a.' } }, { not: { suffix: { source: '/x' } } }] }, { cesql: "subject = 'x'" }] }).describe())
      .toBe("(type starts with a. OR NOT (source ends with /x)) AND subject = 'x'");
  });

  test('possible() is "no" only when the known attributes rule every event out', () => {
    const p = (spec: Record<string, unknown>) => compileTriggerFilter(spec).possible({ known: { type: 'dev.knative.sources.ping', specversion: '1.0' } });
    expect(p({ filter: { attributes: { type: 'x' } } })).toBe('no');
    expect(p({ filter: { attributes: { type: 'dev.knative.sources.ping', source: 'y' } } })).toBe('maybe');
    expect(p({ filters: [{ prefix: { type: 'dev.knative.apiserver.' } }] })).toBe('no');
    expect(p({ filters: [{ cesql: "type = 'x' AND subject = 'y'" }] })).toBe('no');
    expect(p({ filters: [{ cesql: "type = 'x' OR subject = 'y'" }] })).toBe('maybe');
    expect(p({ filters: [{ cesql: "type LIKE 'dev.knative.sources.%'" }] })).toBe('maybe');
    expect(p({ filters: [{ any: [{ exact: { type: 'a' } }, { exact: { type: 'b' } }] }] })).toBe('no');
  });
});
