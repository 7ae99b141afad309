/**
 * Property tests of the CESQL parser: a random syntax tree, printed, parses
 * back to the same tree; and any text either parses or gets an error that
 * names a position inside it (never an exception).
 */
import * as fc from 'fast-check';
import { cesqlSyntaxError } from '../../src/core';
import { BinaryOperator, CesqlNode, KEYWORDS, parseCesql, printCesql } from '../../src/core/cesql';
import { params, runsFor, timeoutFor } from './harness';

const notKeyword = (s: string) => !(KEYWORDS as readonly string[]).includes(s.toUpperCase());
const attributeName = fc.stringMatching(/^[a-zA-Z][a-z0-9]{0,6}$/).filter(notKeyword);
const functionName = fc.stringMatching(/^[A-Z][A-Z_]{0,8}$/).filter(notKeyword);
/** String values: quotes of both kinds, LIKE wildcards and their escapes, non-ASCII. */
const stringValue = fc.array(fc.constantFrom('a', 'Z', '0', ' ', '%', '_', '\'', '"', '\\%', '\\_', 'é', '✓', '\n'), { maxLength: 6 }).map(parts => parts.join(''));
const BINARY: BinaryOperator[] = ['*', '/', '%', '+', '-', '=', '!=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'XOR'];

const tree = fc.letrec<{ node: CesqlNode }>(tie => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -2147483648, max: 2147483647 }).map(value => ({ type: 'integer' as const, value })),
    stringValue.map(value => ({ type: 'string' as const, value })),
    fc.boolean().map(value => ({ type: 'boolean' as const, value })),
    attributeName.map(name => ({ type: 'attribute' as const, name })),
    attributeName.map(name => ({ type: 'exists' as const, name })),
    tie('node').map(operand => ({ type: 'not' as const, operand })),
    tie('node').map(operand => ({ type: 'negate' as const, operand })),
    fc.record({ type: fc.constant('binary' as const), op: fc.constantFrom(...BINARY), left: tie('node'), right: tie('node') }),
    fc.record({ type: fc.constant('like' as const), operand: tie('node'), pattern: stringValue, negated: fc.boolean() }),
    fc.record({ type: fc.constant('in' as const), operand: tie('node'), set: fc.array(tie('node'), { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
    fc.record({ type: fc.constant('call' as const), name: functionName, args: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node;

const RUNS = runsFor(0.05);

describe('property: CESQL', () => {
  test(`${RUNS} random syntax trees print to expressions that parse back to the same tree`, () => {
    fc.assert(fc.property(tree, t => {
      const text = printCesql(t);
      expect(cesqlSyntaxError(text)).toBeUndefined();
      expect(parseCesql(text)).toEqual(t);
    }), params(RUNS));
  }, timeoutFor(RUNS));

  test(`${RUNS} random texts parse or get an error naming a position inside them`, () => {
    const token = fc.constantFrom('a', 'type', 'NOT', 'and', 'Or', 'XOR', 'LIKE', 'in', 'EXISTS', 'TRUE', '1', '-', '+', '2147483648', '(', ')', ',', '=', '!=', '<>', '<', '*', '\'x\'', '"y"', '\'', '\\', 'LOWER', 'my_fn', '$', ' ', '  ');
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.array(token, { maxLength: 12 }).map(ts => ts.join(' ')), fc.array(token, { maxLength: 12 }).map(ts => ts.join('')));
    fc.assert(fc.property(text, s => {
      const error = cesqlSyntaxError(s);
      if (error === undefined || error === 'it is empty') return;
      const m = /^at (\d+): \S/.exec(error);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(1);
      expect(Number(m![1])).toBeLessThanOrEqual(Array.from(s).length + 1);
    }), params(RUNS));
  }, timeoutFor(RUNS));
});
