/**
 * The fast evaluator of the simplest CEL rules (`src/validation/cel/fast.ts`)
 * gives what the full evaluator gives, on every rule of the vendored CRDs it
 * takes, for many generated values; where it cannot tell, it says so and the
 * full evaluator decides.
 */
import { FALLBACK, fastProgramOf } from '../../src/validation/cel/fast';
import { programOf } from '../../src/validation/cel/program';
import { CelNode } from '../../src/validation/cel/tree';
import { findCrdDirectory, SchemaRegistry } from '../../src/validation/schema';

/** Every rule text of the vendored CRDs that declare CEL rules. */
function vendoredRules(): string[] {
  const registry = new SchemaRegistry(findCrdDirectory(), { precompiled: false });
  const rules = new Set<string>();
  const walk = (n: CelNode | undefined) => {
    if (!n) return;
    for (const r of n.rules ?? []) rules.add(r.rule);
    for (const c of Object.values(n.fields ?? {})) walk(c);
    walk(n.element);
  };
  for (const key of registry.indexedKinds()) {
    const slash = key.lastIndexOf('/');
    walk(registry.celTreeOf(key.slice(0, slash), key.slice(slash + 1)));
  }
  return [...rules].sort();
}

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Field names the expression selects (`self.a.b` gives a and b), plus one it does not. */
function namesOf(expression: string): string[] {
  return [...new Set([...expression.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)/g)].map(m => m[1]).filter(n => n !== 'size')), 'other'];
}

/** A value as `values.ts` converts it (maps as `Map`, ints as `bigint`), built from `names`. */
function value(next: () => number, names: string[], depth: number): unknown {
  const r = next();
  if (depth > 0 && r < 0.55) {
    const m = new Map<string, unknown>();
    for (const n of names) if (next() < 0.5) m.set(n, value(next, names, depth - 1));
    return m;
  }
  if (r < 0.65) return Array.from({ length: Math.floor(next() * 3) }, () => value(next, names, 0));
  if (r < 0.8) return BigInt(Math.floor(next() * 5) - 1);
  if (r < 0.9) return ['', 'a', 'ab'][Math.floor(next() * 3)];
  return next() < 0.5;
}

describe('fast CEL evaluation', () => {
  test('gives the full evaluator\'s result on every vendored rule it takes', () => {
    const rules = vendoredRules();
    expect(rules.length).toBeGreaterThan(10);
    const taken = rules.filter(r => fastProgramOf(r));
    expect(taken.length).toBeGreaterThanOrEqual(3);
    let decided = 0;
    for (const rule of taken) {
      const fast = fastProgramOf(rule)!;
      const full = programOf(rule);
      if (!('run' in full)) throw new Error(`the full evaluator skips a rule the fast one takes: ${rule}`);
      const next = random(rule.length);
      const names = namesOf(rule);
      for (let i = 0; i < 400; i++) {
        const self = value(next, names, 3);
        const got = fast(self);
        if (got === FALLBACK) continue;
        decided++;
        expect([rule, got]).toEqual([rule, full.run(self)]);
      }
    }
    expect(decided).toBeGreaterThan(taken.length * 100);
  });

  test('gives the full evaluator\'s result on hand-written expressions, or leaves them to it', () => {
    const exprs = [
      'has(self.a) ? self.a.size() > 0 : true',
      '!has(self.a) || !has(self.b)',
      'has(self.a) && self.a == 1',
      '(has(self.a) ? 1 : 0) + (has(self.b) ? 1 : 0) <= 1',
      'self.a.size() == size(self.b)',
      'self.a != self.b',
      'self.a + self.b >= 2',
      'has(self.a.b)',
      '{}.size() == 0 && [].size() == 0',
      'self.a',
      'has(self.a) ? 1 : 0',
      '9223372036854775807 + 1 > 0',
    ];
    const values: unknown[] = [
      new Map(),
      new Map<string, unknown>([['a', 1n]]),
      new Map<string, unknown>([['a', 'xé'], ['b', new Map([['c', 1n]])]]),
      new Map<string, unknown>([['a', new Map([['b', true]])], ['b', [1n, 2n]]]),
      new Map<string, unknown>([['a', true], ['b', false]]),
      new Map<string, unknown>([['a', 2n], ['b', 0n]]),
      new Map<string, unknown>([['a', null]]),
      'not a map',
    ];
    let decided = 0;
    for (const e of exprs) {
      const fast = fastProgramOf(e);
      expect([e, fast !== undefined]).toEqual([e, true]);
      const full = programOf(e);
      if (!('run' in full)) throw new Error(`skipped: ${e}`);
      for (const v of values) {
        const got = fast!(v);
        if (got === FALLBACK) continue;
        decided++;
        expect([e, v, got]).toEqual([e, v, full.run(v)]);
      }
    }
    expect(decided).toBeGreaterThan(30);
    // an int result or an overflow is left to the full evaluator
    expect(fastProgramOf('has(self.a) ? 1 : 0')!(new Map())).toBe(FALLBACK);
    expect(fastProgramOf('9223372036854775807 + 1 > 0')!(new Map())).toBe(FALLBACK);
  });

  test('knows a transition rule without parsing it, and only when oldSelf is an identifier', () => {
    for (const e of ['has(self.a) == has(oldSelf.a)', '!has(oldSelf.a) || self.a == oldSelf.a', 'oldSelf']) {
      expect([e, programOf(e)]).toEqual([e, { skip: 'transition rule (oldSelf): only checked on update' }]);
    }
    for (const e of ['self.oldSelf == 1', 'self. oldSelf == 1', "self.x == 'oldSelf'", 'has(self.x_oldSelf)', 'has(self.oldSelfie)']) {
      expect([e, 'run' in programOf(e)]).toEqual([e, true]);
    }
  });

  test('takes only the simple kind of expression', () => {
    for (const e of ['self.a in [1, 2]', "self.a == 'x'", 'self.a - 1 > 0', 'self.a * 2 > 0', 'oldSelf == self', 'self.all(x, x > 0)',
      'self.a < 1.5', '01 == 1', '1u == 1u', 'self.a < self.b < self.c', 'has(self)', 'has(self.a.size())', 'size(self.a', 'int(self.a) > 0']) {
      expect([e, fastProgramOf(e)]).toEqual([e, undefined]);
    }
  });
});
