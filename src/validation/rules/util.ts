import { describeValue } from '../../core/errors';
import { Finding, Manifest, RuleContext, SemanticRule } from '../types';

export { describeValue };

/** A JSON object as read from a manifest. */
export type Json = Record<string, unknown>;

/** True for a plain (non-array) object. */
export function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `x` when it is an object, else an empty one. */
export function rec(x: unknown): Json {
  return isRecord(x) ? x : {};
}

/** `x` when it is an array, else an empty one. */
export function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** `x` when it is a string, else undefined. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** Joins a field path: `join('spec', 'template')`, `join('spec.containers', 0)` gives `spec.containers[0]`. */
export function join(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (base === '') return key;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** Builds a finding. */
export function finding(path: string, message: string, hint?: string, severity?: 'warning'): Finding {
  return { path, message, ...(hint ? { hint } : {}), ...(severity ? { severity } : {}) };
}

/** `group/Kind` key of a manifest (`''/Kind` for the core group). */
export function kindKey(obj: Manifest): string {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return `${group}/${obj.kind}`;
}

/** Declares a rule. */
export function rule(
  id: string,
  description: string,
  kinds: readonly string[],
  check: (obj: Manifest, ctx: RuleContext) => Finding[],
): SemanticRule {
  return { id, description, kinds, check };
}

/** True for a whole number (JSON numbers only). */
export function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

/**
 * Checks an integer field against `[min, max]`; a missing field passes.
 * @returns a finding for a non-integer or out-of-range value
 */
export function checkIntRange(path: string, value: unknown, min: number, max: number, hint?: string): Finding[] {
  if (value === undefined || value === null) return [];
  if (!isInt(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    return [finding(path, `${describeValue(value)} is out of range`, hint ?? `must be an integer ${range}`)];
  }
  return [];
}
