import { describeValue } from '../../core/errors';
import { isPlainKey } from '../paths';
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
  return isPlainKey(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
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

/** The kind key of a rule that runs on every object (and picks the objects it checks itself). */
export const ANY_KIND = '*';

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

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a Go duration (`30s`, `1m30s`, `1.5h`, `0`) to milliseconds.
 * @returns undefined when `text` is not a Go duration
 */
export function parseGoDuration(text: string): number | undefined {
  const m = /^([-+]?)(.*)$/.exec(text)!;
  const body = m[2];
  if (body === '0') return 0;
  if (body === '') return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const part = re.exec(body);
    if (!part) return undefined;
    total += Number(part[1]) * UNIT_MS[part[2]];
    pos = re.lastIndex;
  }
  return m[1] === '-' ? -total : total;
}
