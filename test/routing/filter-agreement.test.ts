/**
 * Property: the simulator's Trigger matching and the validator's filter
 * parsing agree on every generated Subscriptions API filter: the validator
 * reports an error exactly when the simulator finds a reason Knative's webhook
 * rejects the filter; a filter the validator says sets no dialect lets every
 * event through the simulator; and the simulator gives every accepted filter
 * a verdict for every generated event, never an exception.
 */
import * as fc from 'fast-check';
import { BinaryOperator, CesqlNode, KEYWORDS, printCesql } from '../../src/core/cesql';
import { eventFromJson } from '../../src/routing/event-parse';
import { compileSubscriptionsFilter } from '../../src/routing/filters';
import { checkSubscriptionsFilter } from '../../src/validation/rules/eventing';

const RUNS = 400;
const SEED = 20261201;

const goodName = fc.constantFrom('type', 'source', 'subject', 'id', 'time', 'region', 'priority', 'ext1');
const badName = fc.constantFrom('Type', 'ce-type', 'my_ext', '1abc', '', 'a.b');
const name = fc.oneof({ weight: 4, arbitrary: goodName }, { weight: 1, arbitrary: badName });
const value = fc.constantFrom('com.example.order.created', 'com.example.', '.created', 'eu', '3', '', 'true');

const notKeyword = (s: string) => !(KEYWORDS as readonly string[]).includes(s.toUpperCase());
const BINARY: BinaryOperator[] = ['*', '/', '%', '+', '-', '=', '!=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'XOR'];
const tree = fc.letrec<{ node: CesqlNode }>(tie => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -5, max: 5 }).map(v => ({ type: 'integer' as const, value: v })),
    value.map(v => ({ type: 'string' as const, value: v })),
    fc.boolean().map(v => ({ type: 'boolean' as const, value: v })),
    fc.oneof(goodName, fc.constantFrom('missing', 'TYPE')).filter(notKeyword).map(n => ({ type: 'attribute' as const, name: n })),
    goodName.map(n => ({ type: 'exists' as const, name: n })),
    tie('node').map(operand => ({ type: 'not' as const, operand })),
    fc.record({ type: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), left: tie('node'), right: tie('node') }),
    fc.record({ type: fc.constant('like' as const), operand: tie('node'), pattern: fc.constantFrom('com.%', '%d', '_u', ''), negated: fc.boolean() }),
    fc.record({ type: fc.constant('in' as const), operand: tie('node'), set: fc.array(tie('node'), { minLength: 1, maxLength: 2 }), negated: fc.boolean() }),
    fc.record({ type: fc.constant('call' as const), name: fc.constantFrom('LOWER', 'LENGTH', 'INT', 'CONCAT', 'NOPE'), args: fc.array(tie('node'), { maxLength: 2 }) }),
  ),
})).node;
const cesql = fc.oneof(
  { weight: 4, arbitrary: tree.map(printCesql) },
  { weight: 1, arbitrary: fc.constantFrom("type = 'a", 'AND', '(type', 'type = = 1', '  ', 'type IN ()') },
);

const single = (d: string) => fc.dictionary(name, value, { minKeys: 0, maxKeys: 2 }).map(m => ({ [d]: m }));
const filter: fc.Arbitrary<unknown> = fc.letrec<{ f: unknown }>(tie => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    single('exact'), single('prefix'), single('suffix'),
    cesql.map(c => ({ cesql: c })),
    fc.array(tie('f'), { maxLength: 3 }).map(all => ({ all })),
    fc.array(tie('f'), { maxLength: 3 }).map(any => ({ any })),
    tie('f').map(not => ({ not })),
    fc.constant({}),
    // Two dialects at once.
    fc.tuple(single('exact'), cesql).map(([e, c]) => ({ ...e, cesql: c })),
    fc.tuple(tie('f'), single('prefix')).map(([n, p]) => ({ not: n, ...p })),
  ),
})).f;

const event = fc.record({
  type: fc.constantFrom('com.example.order.created', 'dev.knative.sources.ping'),
  region: fc.option(fc.constantFrom('eu', 'us'), { nil: undefined }),
  priority: fc.option(fc.integer({ min: -3, max: 5 }), { nil: undefined }),
  subject: fc.option(fc.constantFrom('o-1', 'TRUE'), { nil: undefined }),
}).map(attrs => {
  const errors: string[] = [];
  const json = Object.fromEntries(Object.entries({ specversion: '1.0', id: '1', source: '/s', ...attrs }).filter(([, v]) => v !== undefined));
  return eventFromJson(json, '', errors)!;
});

describe('property: the simulator and the validator read Trigger filters alike', () => {
  test(`${RUNS} generated filters: the validator reports an error exactly when the webhook would reject the filter the simulator reads`, () => {
    fc.assert(fc.property(filter, f => {
      const findings = checkSubscriptionsFilter('spec.filters[0]', f);
      const errors = findings.filter(x => (x.severity ?? 'error') === 'error');
      const compiled = compileSubscriptionsFilter(f);
      expect({ filter: f, rejected: compiled.rejected.length > 0 }).toEqual({ filter: f, rejected: errors.length > 0 });
    }), { numRuns: RUNS, seed: SEED });
  });

  test(`${RUNS} generated filters: one the validator says sets no dialect lets every event through the simulator`, () => {
    fc.assert(fc.property(filter, event, (f, e) => {
      const noDialect = checkSubscriptionsFilter('spec.filters[0]', f).some(x => x.path === 'spec.filters[0]' && /sets no dialect/.test(x.message));
      if (noDialect) expect(compileSubscriptionsFilter(f).evaluate(e).verdict).toBe('none');
    }), { numRuns: RUNS, seed: SEED });
  });

  test(`${RUNS} generated filters and events: every accepted filter gives a verdict, with a reason when it fails`, () => {
    fc.assert(fc.property(filter, event, (f, e) => {
      const compiled = compileSubscriptionsFilter(f);
      const outcome = compiled.evaluate(e);
      expect(['pass', 'fail', 'none']).toContain(outcome.verdict);
      if (outcome.verdict === 'fail') expect(outcome.reason).toEqual(expect.any(String));
      // A filter that passes the event cannot be one the static analysis rules out for its type.
      if (outcome.verdict === 'pass') expect(compiled.possible({ known: { type: e.type, specversion: '1.0' } })).toBe('maybe');
    }), { numRuns: RUNS, seed: SEED });
  });
});
