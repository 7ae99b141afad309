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

/** Renders a value for an error message, short and unambiguous; never throws, whatever the value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return inert(JSON.stringify(value));
    case 'number':
    case 'boolean':
    case 'bigint': return String(value);
    case 'symbol': return inert(value.toString());
    case 'function': return 'a function';
    default: break;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a cycle or a BigInt inside
  }
  if (json === undefined) return `a ${(value as object).constructor?.name ?? 'object'}`;
  json = inert(json);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** `s` with the characters JSON leaves raw but terminals or YAML read as breaks (C1, DEL, LS, PS) escaped. */
function inert(s: string): string {
  return s.replace(/[\u007f-\u009f\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
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

/**
 * What a prop must be, for {@link checkPropTypes} (internal): a basic kind, an
 * object with a method (an interface such as `ISink`), one of a closed set of
 * values, a struct of fields, or a list or map of one of these.
 */
export type PropType =
  | 'string' | 'number' | 'integer' | 'boolean' | 'duration' | 'object' | 'stringMap' | 'stringList'
  | { readonly method: string; readonly what: string }
  | { readonly oneOf: readonly unknown[]; readonly what: string }
  | { readonly fields: PropSpec; readonly what?: string }
  | { readonly listOf: PropType }
  | { readonly mapOf: PropType }
  | { readonly required: PropType };

/** The fields of a props struct and what each must be (internal). */
export interface PropSpec {
  readonly [field: string]: PropType;
}

/** A prop that must be given. */
export function required(t: PropType): PropType {
  return { required: t };
}

const KIND_RULE: Record<string, string> = {
  string: 'must be a string',
  number: 'must be a finite number',
  integer: 'must be a whole number',
  boolean: 'must be true or false',
  duration: 'must be a Duration, e.g. Duration.seconds(30)',
  object: 'must be an object',
  stringMap: 'must be a map of strings to strings',
  stringList: 'must be a list of strings',
};

/**
 * Checks the JavaScript types of `props` against `spec` before a construct
 * reads them, so a wrong type (null, a function, a Symbol, a string for a
 * Duration, NaN...) is a {@link KnativePropError} naming the field instead of
 * a TypeError deep inside. Values only known at synth (tokens) pass; `null`
 * is never a way to leave a prop out.
 */
export function checkPropTypes(scope: IConstruct, props: unknown, spec: PropSpec, prefix = ''): void {
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    throw new KnativePropError(scope, prefix || 'props', props, 'must be an object of properties');
  }
  for (const [field, type] of Object.entries(spec)) {
    checkPropType(scope, `${prefix}${prefix ? '.' : ''}${field}`, (props as Record<string, unknown>)[field], type);
  }
}

function checkPropType(scope: IConstruct, field: string, value: unknown, type: PropType): void {
  const isRequired = typeof type === 'object' && 'required' in type;
  const t = isRequired ? (type as { required: PropType }).required : type;
  const orOmit = isRequired ? '' : ' (or left out)';
  if (value === undefined) {
    if (isRequired) throw new KnativePropError(scope, field, value, `${ruleOf(t)} (required)`);
    return;
  }
  if (isUnresolved(value)) return;
  const fail = () => {
    throw new KnativePropError(scope, field, value, `${ruleOf(t)}${orOmit}`);
  };
  if (value === null) fail();
  if (typeof t === 'string') {
    switch (t) {
      case 'string': if (typeof value !== 'string') fail(); return;
      case 'number': if (typeof value !== 'number' || !Number.isFinite(value)) fail(); return;
      case 'integer': if (!Number.isInteger(value)) fail(); return;
      case 'boolean': if (typeof value !== 'boolean') fail(); return;
      case 'duration': if (!isObject(value) || typeof (value as { toMilliseconds?: unknown }).toMilliseconds !== 'function') fail(); return;
      case 'object': if (!isObject(value)) fail(); return;
      case 'stringMap':
        if (!isObject(value) || Array.isArray(value)) fail();
        for (const [k, v] of Object.entries(value as object)) if (typeof v !== 'string' && !isUnresolved(v)) checkPropType(scope, `${field}.${k}`, v, 'string');
        return;
      case 'stringList':
        if (!Array.isArray(value)) fail();
        (value as unknown[]).forEach((v, i) => checkPropType(scope, `${field}[${i}]`, v, required('string')));
        return;
    }
  }
  if ('method' in t) {
    if (!isObject(value) || typeof (value as Record<string, unknown>)[t.method] !== 'function') fail();
  } else if ('oneOf' in t) {
    if (!t.oneOf.includes(value)) fail();
  } else if ('fields' in t) {
    if (!isObject(value) || Array.isArray(value)) fail();
    checkPropTypes(scope, value, t.fields, field);
  } else if ('listOf' in t) {
    if (!Array.isArray(value)) fail();
    (value as unknown[]).forEach((v, i) => checkPropType(scope, `${field}[${i}]`, v, required(t.listOf)));
  } else if ('mapOf' in t) {
    if (!isObject(value) || Array.isArray(value)) fail();
    for (const [k, v] of Object.entries(value as object)) checkPropType(scope, `${field}.${k}`, v, required(t.mapOf));
  }
}

function isObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null;
}

function ruleOf(t: PropType): string {
  if (typeof t === 'string') return KIND_RULE[t];
  if ('method' in t || 'oneOf' in t) return `must be ${t.what}`;
  if ('fields' in t) return `must be ${t.what ?? 'an object'}`;
  if ('listOf' in t) return `must be a list; each item ${ruleOf(t.listOf)}`;
  if ('mapOf' in t) return `must be a map; each value ${ruleOf(t.mapOf)}`;
  return ruleOf(t.required);
}

/** The JavaScript types of `ApiObjectMetadata` fields a construct reads. */
export const METADATA_TYPES: PropType = {
  fields: { name: 'string', namespace: 'string', labels: 'stringMap', annotations: 'stringMap' },
  what: 'ApiObjectMetadata ({ name?, namespace?, labels?, annotations? })',
};
