/**
 * Field generators with two modes: `good` draws only values Knative accepts
 * (their combination may still be wrong), `any` mixes in bad ones. A case is
 * drawn from all-good fields half of the time, so valid apps are common.
 */
import * as fc from 'fast-check';
import { absent, bad, either, ok, Tagged, Verdict } from './harness';

/** A field's two generators. */
export interface FieldGen<T> {
  /** Only accepted values (or absent). */
  readonly good: fc.Arbitrary<Tagged<T>>;
  /** Accepted, rejected and unmodelled values. */
  readonly any: fc.Arbitrary<Tagged<T>>;
}

/** An optional field: absent, a good value, or (in `any`) a bad / unmodelled one. */
export function optional<T>(good: fc.Arbitrary<T>, wrong: fc.Arbitrary<Tagged<T>>): FieldGen<T | undefined> {
  const g = fc.oneof({ arbitrary: absent<T>(), weight: 1 }, { arbitrary: ok(good) as fc.Arbitrary<Tagged<T | undefined>>, weight: 2 });
  return { good: g, any: fc.oneof({ arbitrary: g, weight: 3 }, { arbitrary: wrong as fc.Arbitrary<Tagged<T | undefined>>, weight: 1 }) };
}

/** A required field: a good value, or (in `any`) a bad / unmodelled one. */
export function required<T>(good: fc.Arbitrary<T>, wrong: fc.Arbitrary<Tagged<T>>): FieldGen<T> {
  const g = ok(good);
  return { good: g, any: fc.oneof({ arbitrary: g, weight: 3 }, { arbitrary: wrong, weight: 1 }) };
}

/** A field whose verdict a model computes from the raw value (combinations). */
export function modelled<T>(good: fc.Arbitrary<T>, anyValue: fc.Arbitrary<T>, model: (v: T) => Verdict): FieldGen<T> {
  return {
    good: good.map(value => ({ value, verdict: model(value) })),
    any: anyValue.map(value => ({ value, verdict: model(value) })),
  };
}

type Gens = Record<string, FieldGen<unknown>>;
type Drawn<G extends Gens> = { [K in keyof G]: G[K] extends FieldGen<infer T> ? Tagged<T> : never };

/**
 * A whole case: all fields good (2 in 5), one field drawn from `any` and the
 * rest good (2 in 5), or every field from `any` (1 in 5). One wrong field at a
 * time keeps a bad value from hiding behind another that is rejected first.
 */
export function caseOf<G extends Gens>(gens: G): fc.Arbitrary<Drawn<G>> {
  const keys = Object.keys(gens);
  const pick = (mode: 'good' | 'any') =>
    fc.record(Object.fromEntries(keys.map(k => [k, gens[k][mode]]))) as unknown as fc.Arbitrary<Drawn<G>>;
  const oneWrong = fc.integer({ min: 0, max: keys.length - 1 }).chain(i =>
    fc.tuple(pick('good'), gens[keys[i]].any).map(([good, wrong]) => ({ ...good, [keys[i]]: wrong }) as Drawn<G>));
  return fc.oneof({ arbitrary: pick('good'), weight: 2 }, { arbitrary: oneWrong, weight: 2 }, { arbitrary: pick('any'), weight: 1 });
}

/** The verdicts of a drawn case, keyed by the field names the construct uses in errors. */
export function verdicts<G extends Gens>(drawn: Drawn<G>, names: { [K in keyof G]: string }): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  for (const key of Object.keys(names) as (keyof G)[]) {
    const name = names[key];
    const v = (drawn[key] as Tagged<unknown>).verdict;
    out[name] = out[name] === undefined ? v : worstOf(out[name], v);
  }
  return out;
}

function worstOf(a: Verdict, b: Verdict): Verdict {
  return a === 'bad' || b === 'bad' ? 'bad' : a === 'either' || b === 'either' ? 'either' : 'ok';
}

/** Numbers no integer-valued prop takes. */
export const weirdNumbers = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, -0.5);

export { bad, either, ok };
