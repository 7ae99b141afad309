import { IConstruct } from 'constructs';
import { isUnresolved } from './tokens';

/**
 * Checks on values only known at install (Helm chart values, `src/helm`).
 *
 * A construct checks a prop the same way whether it holds a plain value or a
 * chart value token: `checkValue` (in `./errors`) checks the value plain synth writes
 * (a token's default) now, and records the rule so the chart refuses the same
 * values at install: in `values.schema.json` when the token is the whole value
 * (or a whole list), with a template `fail` when it is part of a longer string.
 * Rules that tie several props together ({@link requireAtInstall}: weights
 * adding up to 100, a minimum at most a maximum) become a template `fail` too.
 *
 * This layer knows the token format but not chart values: the helm layer
 * registers an {@link InstallValueHost} when it loads, which it always has
 * before any token exists.
 */

/**
 * What a value must be, as JSON-schema constraints a Helm chart can enforce.
 * Patterns are anchored and written in the syntax both ECMAScript and Go's
 * RE2 read the same way (no look-around, no back-references).
 */
export interface ValueRule {
  /** What is allowed, in words: the end of the error message (`must be ...`). */
  readonly allowed: string;
  /** A regular expression the whole string matches (anchor it). */
  readonly pattern?: string;
  /** The only values allowed. */
  readonly enum?: ReadonlyArray<string | number>;
  /** Smallest number allowed. */
  readonly minimum?: number;
  /** Largest number allowed. */
  readonly maximum?: number;
  /** True when the number must be whole. */
  readonly integer?: boolean;
  /** Fewest characters of a string. */
  readonly minLength?: number;
  /** Most characters of a string. */
  readonly maxLength?: number;
  /** Fewest items of a list. */
  readonly minItems?: number;
  /** The rule of each item of a list. */
  readonly items?: ValueRule;
}

/** A rule over several values, checked when the chart renders (a template `fail`). */
export type InstallCondition =
  /** The numbers add up to `total`. */
  | { readonly kind: 'sum'; readonly terms: readonly number[]; readonly total: number }
  /** `left` is at most `right`. */
  /**
   * `left` is at most `right`; with `unless`, also whenever `unless` is 0
   * (Knative's "no limit": max-scale 0, max-scale-limit 0).
   */
  | { readonly kind: 'atMost'; readonly left: number; readonly right: number; readonly unless?: number }
  /** The strings (names, attributes; each may hold string tokens) are all different. */
  | { readonly kind: 'distinct'; readonly terms: readonly string[] };

/** A rule over several values, with the field and message of its error. */
export interface InstallCheck {
  /** The prop the message names. */
  readonly field: string;
  /** What is allowed, in words. */
  readonly allowed: string;
  readonly condition: InstallCondition;
}

/** What the helm layer provides: the plain values of tokens and a place for rules. */
export interface InstallValueHost {
  /** `x` with every token replaced by the value plain synth writes (a chart value's default). */
  plainValue(scope: IConstruct, x: unknown): unknown;
  /** Records that the values `x` holds must follow `rule` at install. */
  constrain(scope: IConstruct, field: string, x: unknown, rule: ValueRule): void;
  /** Records a rule over several values, checked at install. */
  requireAtInstall(scope: IConstruct, rule: InstallCheck): void;
}

let host: InstallValueHost | undefined;

/** Registers the helm layer's host (called once, when it loads). */
export function setInstallValueHost(h: InstallValueHost): void {
  host = h;
}

/** True when `x` is or holds (in a list or map, at any depth) a token. */
export function holdsToken(x: unknown, depth = 0): boolean {
  if (isUnresolved(x)) return true;
  if (depth > 32 || typeof x !== 'object' || x === null) return false;
  if (Array.isArray(x)) return x.some(item => holdsToken(item, depth + 1));
  if (Object.getPrototypeOf(x) !== Object.prototype) return false;
  return Object.entries(x).some(([k, v]) => holdsToken(k, depth + 1) || holdsToken(v, depth + 1));
}

/** `x` as plain synth writes it: tokens replaced by their defaults; `x` itself when it holds none. */
export function plainValue<T>(scope: IConstruct, x: T): T {
  if (!host || !holdsToken(x)) return x;
  return host.plainValue(scope, x) as T;
}

/** Rule patterns compiled once each: a rule is a module constant, checked for every prop that holds it. */
const PATTERNS = new Map<string, RegExp>();
function compiledPattern(pattern: string): RegExp {
  let re = PATTERNS.get(pattern);
  if (!re) PATTERNS.set(pattern, re = new RegExp(pattern, 'u'));
  return re;
}

/** True when `value` follows `rule` (the JavaScript reading of the rule the chart enforces). */
export function followsRule(rule: ValueRule, value: unknown): boolean {
  if (rule.enum && !rule.enum.includes(value as string | number)) return false;
  if (typeof value === 'number') {
    if (rule.integer && !Number.isInteger(value)) return false;
    if (rule.minimum !== undefined && !(value >= rule.minimum)) return false;
    if (rule.maximum !== undefined && !(value <= rule.maximum)) return false;
    if (Number.isNaN(value)) return false;
  } else if (rule.integer || rule.minimum !== undefined || rule.maximum !== undefined) {
    return false;
  }
  if (typeof value === 'string') {
    if (rule.pattern !== undefined && !compiledPattern(rule.pattern).test(value)) return false;
    if (rule.minLength !== undefined && [...value].length < rule.minLength) return false;
    if (rule.maxLength !== undefined && [...value].length > rule.maxLength) return false;
  } else if (rule.pattern !== undefined || rule.minLength !== undefined || rule.maxLength !== undefined) {
    return false;
  }
  if (rule.items || rule.minItems !== undefined) {
    if (!Array.isArray(value)) return false;
    if (rule.minItems !== undefined && value.length < rule.minItems) return false;
    if (rule.items && !value.every(item => followsRule(rule.items!, item))) return false;
  }
  return true;
}

/**
 * Records `rule` for install on the chart values `value` holds (nothing for a
 * plain value); for a construct that checks the plain value itself
 * (`plainValue`) with a check the rule states as far as a schema can.
 */
export function constrainAtInstall(scope: IConstruct, field: string, value: unknown, rule: ValueRule): void {
  if (host && holdsToken(value)) host.constrain(scope, field, value, rule);
}

/**
 * Records a rule over several values for install, when any holds a token;
 * the construct checks the plain values itself (see {@link plainValue}).
 */
export function requireAtInstall(scope: IConstruct, rule: InstallCheck): void {
  const c = rule.condition;
  const terms: readonly unknown[] = c.kind === 'atMost' ? [c.left, c.right, c.unless] : c.terms;
  if (host && terms.some(n => isUnresolved(n))) host.requireAtInstall(scope, rule);
}

/** True when the plain values of `condition` hold. */
export function conditionHolds(scope: IConstruct, condition: InstallCondition): boolean {
  if (condition.kind === 'sum') {
    return plainValue(scope, [...condition.terms]).reduce((a, b) => a + b, 0) === condition.total;
  }
  if (condition.kind === 'distinct') {
    return new Set(plainValue(scope, [...condition.terms])).size === condition.terms.length;
  }
  if (condition.unless !== undefined && plainValue(scope, condition.unless) === 0) return true;
  return plainValue(scope, condition.left) <= plainValue(scope, condition.right);
}
