import { IConstruct } from 'constructs';
import { isUnresolved } from './tokens';

/**
 * Thrown when a construct is given a property value that Knative would reject.
 *
 * The message names the construct path, the field, the offending value and
 * what is allowed, e.g.
 * `[app/chart/hello] containerConcurrency: 1001 is not allowed; must be an integer from 0 to 1000`.
 */
export class KnativePropError extends Error {
  /** The construct path of the construct that got the bad value. */
  public readonly constructPath: string;
  /** The property (or dotted property path) that is wrong. */
  public readonly field: string;
  /** The offending value. */
  public readonly value: unknown;
  /** What would have been accepted. */
  public readonly allowed: string;

  constructor(scope: IConstruct, field: string, value: unknown, allowed: string) {
    super(`[${scope.node.path}] ${field}: ${describeValue(value)} is not allowed; ${allowed}`);
    this.name = 'KnativePropError';
    this.constructPath = scope.node.path;
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }
}

/** Renders a value for an error message, short and unambiguous. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Throws a {@link KnativePropError} unless `ok` holds. */
export function check(ok: boolean, scope: IConstruct, field: string, value: unknown, allowed: string): void {
  if (!ok) throw new KnativePropError(scope, field, value, allowed);
}

/** Checks that `value`, when given, is an integer in `[min, max]`. */
export function checkIntegerRange(scope: IConstruct, field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined || isUnresolved(value)) return;
  const upper = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  check(Number.isInteger(value) && value >= min && value <= max, scope, field, value, `must be an integer ${upper}`);
}
