import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { constrainAtInstall, followsRule, holdsToken, plainValue, ValueRule } from './install-values';
import { isUnresolved } from './tokens';

/** One bad prop of a construct: the field, its value and what is allowed. */
export interface PropProblem {
  /** The property (or dotted property path) that is wrong. */
  readonly field: string;
  /** The offending value. */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly allowed: string;
}

/**
 * Thrown when a construct is given property values that Knative would reject.
 *
 * The message names the construct path and, for each bad prop, the field,
 * the offending value and what is allowed, e.g.
 * `[app/chart/hello] containerConcurrency: 1001 is not allowed; must be an integer from 0 to 1000`.
 * A construct that checks its props between {@link PropChecks.gather} and
 * `done()` reports every bad prop in one error. The stack starts at the
 * caller's code: frames inside this package are left out.
 */
export class KnativePropError extends Error {
  /** The construct path of the construct that got the bad value. */
  public readonly constructPath: string;
  /** The property (or dotted property path) that is wrong (the first, when several are). */
  public readonly field: string;
  /** The offending value (of the first bad prop). */
  public readonly value: unknown;
  /** What would have been accepted (for the first bad prop). */
  public readonly allowed: string;
  /** Every bad prop, in the order they were checked. */
  public readonly problems: readonly PropProblem[];

  /**
   * @param others bad props found before this one (a construct's checks
   *   gathered so far are added too, and their gathering ends)
   */
  constructor(scope: IConstruct, field: string, value: unknown, allowed: string, others: readonly PropProblem[] = []) {
    const pending = gathering.get(scope) ?? [];
    gathering.delete(scope);
    const problems = uniqueProblems([...pending, ...others, { field, value, allowed }]);
    super(problems.length === 1
      ? `[${scope.node.path}] ${describeProblem(problems[0])}`
      : `[${scope.node.path}] ${problems.length} props are not allowed:\n${problems.map(p => `    ${describeProblem(p)}`).join('\n')}`);
    this.name = 'KnativePropError';
    this.constructPath = scope.node.path;
    this.field = problems[0].field;
    this.value = problems[0].value;
    this.allowed = problems[0].allowed;
    this.problems = problems;
    this.stack = callerStack(`${this.name}: ${this.message}`, this.stack);
  }
}

/** The checks a construct gathers before it throws, by construct. */
const gathering = new WeakMap<IConstruct, PropProblem[]>();

/**
 * Gathers the bad props of one construct into one {@link KnativePropError}:
 * between `PropChecks.gather(this)` and `done()`, a failed {@link check} of
 * that construct is remembered instead of thrown; `done()` throws them all.
 * A {@link KnativePropError} thrown in between for the construct (a check
 * that cannot go on) carries the ones gathered so far.
 */
export class PropChecks {
  /** Starts gathering the failed checks of `scope`. */
  public static gather(scope: IConstruct): PropChecks {
    gathering.set(scope, []);
    return new PropChecks(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Runs `f`, a step that may trip over a bad prop gathered so far (a
   * TypeError, a cdk8s Duration that cannot convert...): when it throws and
   * bad props were gathered, they are thrown instead, as the cause.
   */
  public run<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof KnativePropError)) this.done();
      throw e;
    }
  }

  /** Ends the gathering; throws one error listing every bad prop, if any. */
  public done(): void {
    const pending = gathering.get(this.scope);
    gathering.delete(this.scope);
    if (pending && pending.length > 0) {
      const last = pending[pending.length - 1];
      throw new KnativePropError(this.scope, last.field, last.value, last.allowed, pending.slice(0, -1));
    }
  }
}

function describeProblem(p: PropProblem): string {
  return `${p.field}: ${describeValue(p.value)} is not allowed; ${p.allowed}`;
}

/** The problems without repeats (a check may run twice when a construct renders twice). */
function uniqueProblems(problems: readonly PropProblem[]): PropProblem[] {
  const seen = new Set<string>();
  return problems.filter(p => {
    const key = describeProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The folders of this package's own code (`src/`, `lib/`), found once from this file. */
let ownCode: string[] | undefined;

function ownCodeDirs(): string[] {
  if (ownCode) return ownCode;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'cdk8s-knative') return ownCode = [path.join(dir, 'src') + path.sep, path.join(dir, 'lib') + path.sep];
    } catch {
      // not the package root yet
    }
    dir = path.dirname(dir);
  }
  return ownCode = [];
}

/**
 * The stack a user should see: `header`, then the frames from the user's own
 * call on (the frames inside this package's code are dropped).
 */
function callerStack(header: string, stack: string | undefined): string {
  const dirs = ownCodeDirs();
  const frames = (stack ?? '').split('\n').filter(line => /^\s+at /.test(line));
  const outside = frames.filter(line => !dirs.some(d => line.includes(d)));
  return [header, ...(outside.length > 0 ? outside : frames)].join('\n');
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

/**
 * Throws a {@link KnativePropError} unless `ok` holds; while the construct
 * gathers its checks ({@link PropChecks}), remembers the bad prop instead.
 */
export function check(ok: boolean, scope: IConstruct, field: string, value: unknown, allowed: string): void {
  if (ok) return;
  const pending = gathering.get(scope);
  if (pending) pending.push({ field, value, allowed });
  else throw new KnativePropError(scope, field, value, allowed);
}

/**
 * Checks that `value`, when given, is an integer in `[min, max]`; for a chart
 * value, its default now and the range at install (see {@link checkValue}).
 */
export function checkIntegerRange(scope: IConstruct, field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  const upper = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  checkValue(scope, field, value, { integer: true, minimum: min, maximum: max === Number.MAX_SAFE_INTEGER ? undefined : max, allowed: `must be an integer ${upper}` });
}

/** What the words of a failed check end with when the value checked is a chart value's default. */
const CHART_DEFAULT_NOTE = ' (this is the default of a chart value)';

/**
 * The words of a failed check: `allowed`, and, when `fromDefault` (the value
 * checked is the default of a chart value: the given value held a token),
 * a note saying so. Every check of a chart value's default ends this way.
 */
export function withDefaultNote(fromDefault: boolean, allowed: string): string {
  return fromDefault ? `${allowed}${CHART_DEFAULT_NOTE}` : allowed;
}

/**
 * Checks a prop: `value` (or, when it holds chart value tokens, the value plain
 * synth writes) must follow `rule`, or `ok` when given (a check the rule only
 * approximates, such as a cron expression). Tokens get the rule for install.
 * Like {@link check}, a failure is gathered while the construct gathers.
 */
export function checkValue(scope: IConstruct, field: string, value: unknown, rule: ValueRule, ok?: (plain: unknown) => boolean): void {
  if (value === undefined) return;
  const tokens = holdsToken(value);
  if (tokens) constrainAtInstall(scope, field, value, rule);
  const plain = tokens ? plainValue(scope, value) : value;
  const good = ok ? ok(plain) : followsRule(rule, plain);
  check(good, scope, field, plain, withDefaultNote(tokens, rule.allowed));
}

/**
 * Checks a list prop as {@link checkValue} checks one value: the list (or the
 * default of a chart value list) must be a list of at least `rule.minItems`
 * items, each following `rule.items` (or `ok`, when given); a bad item is
 * named `field[i]`. Left out, it passes, unless the rule asks for items. Tokens get the rule for install, and a failure read from
 * a chart value's default says so.
 */
export function checkListValue(scope: IConstruct, field: string, value: readonly unknown[] | undefined, rule: ValueRule,
  ok?: (plainItem: unknown) => boolean): void {
  // a list that must have items must be given
  if (value === undefined && !rule.minItems) return;
  const tokens = holdsToken(value);
  if (tokens) constrainAtInstall(scope, field, value, rule);
  const plain: unknown = tokens ? plainValue(scope, value) : value;
  const isList = Array.isArray(plain);
  check(isList && (rule.minItems === undefined || plain.length >= rule.minItems), scope, field, plain, withDefaultNote(tokens, rule.allowed));
  const items = rule.items;
  if (!isList || !items) return;
  // a list that is one chart value gives every item from its default; otherwise only the items that are tokens do
  const wholeToken = isUnresolved(value) || !Array.isArray(value) || value.length !== plain.length;
  (plain as unknown[]).forEach((item, i) => {
    const fromDefault = wholeToken ? tokens : holdsToken(value[i]);
    check(ok ? ok(item) : followsRule(items, item), scope, `${field}[${i}]`, item, withDefaultNote(fromDefault, items.allowed));
  });
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
  // Every field is checked, and every wrong type is reported at once: the
  // construct cannot go on with any of them. A field that passes the quick
  // test (no strings or arrays built) is right; the others get the full check,
  // which names what is wrong (or finds it right after all: a token object).
  let wrong: PropProblem[] | undefined;
  for (const field in spec) {
    if (!Object.prototype.hasOwnProperty.call(spec, field)) continue;
    const type = spec[field];
    const value = (props as Record<string, unknown>)[field];
    if (typeHolds(value, type)) continue;
    try {
      checkPropType(scope, `${prefix}${prefix ? '.' : ''}${field}`, value, type);
    } catch (e) {
      if (!(e instanceof KnativePropError)) throw e;
      (wrong ??= []).push(...e.problems);
    }
  }
  if (wrong !== undefined && wrong.length > 0) {
    const last = wrong[wrong.length - 1];
    throw new KnativePropError(scope, last.field, last.value, last.allowed, wrong.slice(0, -1));
  }
}

/**
 * True when `value` is of `type` by the rules of {@link checkPropType}, tested
 * without building anything; false when it is not or may not be (then
 * {@link checkPropType} decides and says why).
 */
function typeHolds(value: unknown, type: PropType, isRequired = false): boolean {
  if (typeof type === 'object' && 'required' in type) return typeHolds(value, type.required, true);
  if (value === undefined) return !isRequired;
  if (value === null) return false;
  if (typeof type === 'string') {
    switch (type) {
      case 'string': return typeof value === 'string' || isUnresolved(value);
      case 'number': return (typeof value === 'number' && Number.isFinite(value)) || isUnresolved(value);
      case 'integer': return Number.isInteger(value) || isUnresolved(value);
      case 'boolean': return typeof value === 'boolean' || isUnresolved(value);
      case 'duration': return (isObject(value) && typeof (value as { toMilliseconds?: unknown }).toMilliseconds === 'function') || isUnresolved(value);
      case 'object': return isObject(value) || isUnresolved(value);
      case 'stringMap': return isUnresolved(value) || (isObject(value) && !Array.isArray(value) && everyValue(value as object, v => typeof v === 'string' || isUnresolved(v)));
      case 'stringList': return isUnresolved(value) || (Array.isArray(value) && value.every(v => typeof v === 'string' || isUnresolved(v)));
      default: return false;
    }
  }
  if (isUnresolved(value)) return true;
  if ('method' in type) return isObject(value) && typeof (value as Record<string, unknown>)[type.method] === 'function';
  if ('oneOf' in type) return type.oneOf.includes(value);
  if ('fields' in type) {
    if (!isObject(value) || Array.isArray(value)) return false;
    for (const field in type.fields) {
      if (Object.prototype.hasOwnProperty.call(type.fields, field) && !typeHolds((value as Record<string, unknown>)[field], type.fields[field])) return false;
    }
    return true;
  }
  if ('listOf' in type) return Array.isArray(value) && value.every(v => typeHolds(v, type.listOf, true));
  if ('mapOf' in type) return isObject(value) && !Array.isArray(value) && everyValue(value as object, v => typeHolds(v, type.mapOf, true));
  return false;
}

/** True when `test` holds for every own enumerable value of `obj` (as `Object.entries` lists them). */
function everyValue(obj: object, test: (v: unknown) => boolean): boolean {
  for (const k in obj) {
    if (Object.prototype.hasOwnProperty.call(obj, k) && !test((obj as Record<string, unknown>)[k])) return false;
  }
  return true;
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
