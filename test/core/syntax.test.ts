import * as fc from 'fast-check';
import { NameAlphabet, noneOfPattern } from '../../src/core/syntax';

/** The names of CloudEvents attributes: `[a-z][a-z0-9]*`. */
const ATTRIBUTE: NameAlphabet = { first: 'abcdefghijklmnopqrstuvwxyz', rest: 'abcdefghijklmnopqrstuvwxyz0123456789' };
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** Characters that a regex reads as syntax (in and out of a class), beside plain ones, a non-ASCII one and an astral one. */
const CHARS = ['a', 'b', '0', '/', '-', ']', '[', '^', '\\', '.', '*', '(', '|', '$', '?', 'é', '😀', '\n', ' '];

const text = (chars: string[], maxLength: number) => fc.array(fc.constantFrom(...chars), { maxLength }).map(cs => cs.join(''));

/** Strings near the words: each word, its prefixes, the word with more after it, and `extra` alone. */
function near(words: readonly string[], extra: string): string[] {
  const out = [extra, `${extra}${extra}`];
  for (const w of words) {
    const cs = [...w];
    for (let i = 0; i <= cs.length; i++) out.push(cs.slice(0, i).join(''));
    out.push(`${w}${extra}`, `${extra}${w}`, `${w}${w}`);
  }
  return out;
}

describe('noneOfPattern', () => {
  test('refuses exactly the words, whatever their characters', () => {
    const words = ['/', '/dev', '/dev/', '/dev/log', '/dev/log/', 'queue-proxy', '8012', 'a]b^c\\d-e'];
    const re = new RegExp(noneOfPattern(words), 'u');
    for (const w of words) expect([w, re.test(w)]).toEqual([w, false]);
    for (const s of ['', '/d', '/devices', '/dev/logs', '/dev//log', '/var', 'queue-proxy2', 'queue', '8013', '80120', 'a]b^c\\d-', 'x\ny', '😀']) {
      expect([s, re.test(s)]).toEqual([s, true]);
    }
  });

  test('without words, takes every string', () => {
    const re = new RegExp(noneOfPattern([]), 'u');
    for (const s of ['', 'a', '\n', ' x ', '😀']) expect([s, re.test(s)]).toEqual([s, true]);
  });

  test('refuses the empty string when it is one of the words', () => {
    const re = new RegExp(noneOfPattern(['', 'a']), 'u');
    expect([re.test(''), re.test('a'), re.test('b'), re.test('ab')]).toEqual([false, false, true, true]);
  });

  test('with an alphabet, takes its names except the words', () => {
    const reserved = ['id', 'type', 'specversion', 'source', 'i'];
    const re = new RegExp(noneOfPattern(reserved, ATTRIBUTE), 'u');
    for (const name of ['', 'a', 'i', 'id', 'idx', 'in', 'typ', 'type', 'types', 'source', 'sources', 'spec', 'specversion', 'x9', '9x', 'Type', 'a-b', 'correlationid']) {
      expect([name, re.test(name)]).toEqual([name, ATTRIBUTE_NAME.test(name) && !reserved.includes(name)]);
    }
  });

  test('with an alphabet, ignores words outside it', () => {
    // "a" and every two-letter name after it are taken, names of three letters are not
    const taken = ['a', ...[...ATTRIBUTE.rest].map(c => `a${c}`), 'A', '9', 'a-'];
    const re = new RegExp(noneOfPattern(taken, ATTRIBUTE), 'u');
    for (const name of ['a', 'ab', 'a0', 'A', '9', 'a-']) expect([name, re.test(name)]).toEqual([name, false]);
    for (const name of ['b', 'abc', 'a00', 'ba']) expect([name, re.test(name)]).toEqual([name, true]);
  });

  test('takes nothing when every name of the alphabet is a word', () => {
    const pattern = noneOfPattern(['a', 'b'], { first: 'ab', rest: '' });
    const re = new RegExp(pattern, 'u');
    for (const s of ['', 'a', 'b', 'c', 'ab']) expect([s, re.test(s)]).toEqual([s, false]);
    expect(new RegExp(noneOfPattern(['a'], { first: 'ab', rest: '' }), 'u').test('b')).toBe(true);
  });

  test('uses no look-around (Go\'s RE2 reads it too)', () => {
    expect(noneOfPattern(['id', 'type'], ATTRIBUTE)).not.toMatch(/\(\?[=!<]/);
    expect(noneOfPattern(['/dev', '8012'])).not.toMatch(/\(\?[=!<]/);
  });

  test('gives the same pattern for the same word list', () => {
    expect(noneOfPattern(['queue-proxy'])).toBe(noneOfPattern(['queue-proxy']));
    expect(noneOfPattern(['data'], ATTRIBUTE)).toBe(noneOfPattern(['data'], ATTRIBUTE));
    expect(noneOfPattern(['data'], ATTRIBUTE)).not.toBe(noneOfPattern(['data']));
  });

  test('holds for every string but the words (property)', () => {
    fc.assert(fc.property(fc.array(text(CHARS, 4), { maxLength: 6 }), text(CHARS, 3), (words, extra) => {
      const re = new RegExp(noneOfPattern(words), 'u');
      for (const s of near(words, extra)) expect([words, s, re.test(s)]).toEqual([words, s, !words.includes(s)]);
    }), { numRuns: 300, seed: 20261202 });
  });

  test('with an alphabet, holds for every name of it but the words (property)', () => {
    const chars = ['a', 'b', 'c', 'z', '0', '9', 'A', '-'];
    fc.assert(fc.property(fc.array(text(chars, 4), { maxLength: 6 }), text(chars, 3), (words, extra) => {
      const re = new RegExp(noneOfPattern(words, ATTRIBUTE), 'u');
      for (const s of near(words, extra)) {
        expect([words, s, re.test(s)]).toEqual([words, s, ATTRIBUTE_NAME.test(s) && !words.includes(s)]);
      }
    }), { numRuns: 300, seed: 20261202 });
  });
});
