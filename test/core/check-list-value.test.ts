import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { checkListValue, withDefaultNote } from '../../src/core/errors';

/** The core checks a construct's own list and relation checks use, so their words match `checkValue`'s. */

const RULE = { allowed: 'list at least one name', minItems: 1, items: { pattern: '^[a-z]+$', allowed: 'must be lower-case letters' } };

describe('checkListValue', () => {
  test('fails when an item breaks the item rule, naming the item', () => {
    expect(() => checkListValue(Testing.chart(), 'names', ['ok', 'Bad'], RULE)).toThrow(/^\[test\] names\[1\]: "Bad" is not allowed; must be lower-case letters$/);
  });

  test('fails when the list is empty, left out while items are required, or no list', () => {
    expect(() => checkListValue(Testing.chart(), 'names', [], RULE)).toThrow(/^\[test\] names: \[\] is not allowed; list at least one name$/);
    expect(() => checkListValue(Testing.chart(), 'names', undefined, RULE)).toThrow(/^\[test\] names: undefined is not allowed; list at least one name$/);
    expect(() => checkListValue(Testing.chart(), 'names', 'abc' as any, RULE)).toThrow(/^\[test\] names: "abc" is not allowed; list at least one name$/);
  });

  test('passes a good list, and an optional list left out', () => {
    expect(() => checkListValue(Testing.chart(), 'names', ['a', 'b'], RULE)).not.toThrow();
    expect(() => checkListValue(Testing.chart(), 'names', undefined, { allowed: 'a list', items: RULE.items })).not.toThrow();
  });
});

describe('withDefaultNote', () => {
  test('adds the note only for a value read from a chart value\'s default', () => {
    expect(withDefaultNote(true, 'must be x')).toBe('must be x (this is the default of a chart value)');
    expect(withDefaultNote(false, 'must be x')).toBe('must be x');
  });
});

describe('the chart value default note', () => {
  /** Every `.ts` file under `dir`. */
  function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
  }

  test('is written by withDefaultNote only, so every check of a default ends with the same words', () => {
    const src = path.join(__dirname, '..', '..', 'src');
    const writers = sources(src).filter(f => fs.readFileSync(f, 'utf8').includes('(this is the default of a chart value)'));
    expect(writers.map(f => path.relative(src, f).split(path.sep).join('/'))).toEqual(['core/errors.ts']);
  });
});
