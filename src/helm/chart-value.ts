import { App, IResolver, ResolutionContext } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KnativePropError, describeValue } from '../core/errors';
import { registerTokenSupport } from '../core/tokens';

/** The JSON-schema type of a chart value. */
export enum ChartValueType {
  /** A string (`ChartValue.string()`); quoted in templates. */
  STRING = 'string',
  /** Any finite number (`ChartValue.number()`). */
  NUMBER = 'number',
  /** A whole number (`ChartValue.integer()`), rendered with `int64`. */
  INTEGER = 'integer',
  /** `true` or `false` (`ChartValue.boolean()`). */
  BOOLEAN = 'boolean',
  /** A list (`ChartValue.list()`), schema type `array`, rendered with `toYaml`. */
  LIST = 'array',
  /** A map or object (`ChartValue.object()`), rendered with `toYaml`. */
  OBJECT = 'object',
}

/** What every kind of chart value takes. */
export interface ChartValueOptions<T> {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly default?: T;
  /**
   * One or more sentences for `values.yaml`, the schema and the chart README.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Secret material: `values.yaml` never holds a default, the chart requires the
   * value at install (`--set` or a values file kept out of git), and plain synth
   * writes `secretPlaceholder` instead.
   * @default false
   */
  readonly secret?: boolean;
  /**
   * What plain synth writes for a secret value (a secret has no default).
   * @default '' (an empty string)
   */
  readonly secretPlaceholder?: T;
}

/** Options of a string chart value. */
export interface StringValueOptions extends ChartValueOptions<string> {
  /**
   * The only values allowed.
   * @default - any string
   */
  readonly allowedValues?: readonly string[];
  /**
   * A regular expression (JSON-schema / ECMA syntax) the value must match.
   * @default - no pattern
   */
  readonly pattern?: string;
  /**
   * Minimum length.
   * @default - no minimum
   */
  readonly minLength?: number;
  /**
   * Maximum length.
   * @default - no maximum
   */
  readonly maxLength?: number;
}

/** Options of a number or integer chart value. */
export interface NumberValueOptions extends ChartValueOptions<number> {
  /**
   * Smallest allowed value (inclusive).
   * @default - no minimum
   */
  readonly minimum?: number;
  /**
   * Largest allowed value (inclusive).
   * @default - no maximum
   */
  readonly maximum?: number;
  /**
   * The only values allowed.
   * @default - any number in range
   */
  readonly allowedValues?: readonly number[];
}

/** Options of a boolean chart value. */
export type BooleanValueOptions = ChartValueOptions<boolean>;

/** Options of a list chart value. */
export interface ListValueOptions<T> extends ChartValueOptions<T[]> {
  /**
   * JSON-schema type of the items, e.g. `string`.
   * @default - items of any type
   */
  readonly itemType?: ChartValueType;
}

/** Options of an object chart value. */
export type ObjectValueOptions<T> = ChartValueOptions<T>;

/** The JSON-schema constraints of one value, as written to `values.schema.json`. */
export interface ChartValueSchema {
  /** The JSON-schema type: one of the `ChartValueType` values, e.g. `string` or `array`. */
  readonly type: string;
  /**
   * The value's description.
   * @default - no description
   */
  readonly description?: string;
  /**
   * The only values allowed (from `allowedValues`).
   * @default - any value of the type
   */
  readonly enum?: readonly unknown[];
  /**
   * A regular expression (ECMA syntax) a string value must match.
   * @default - no pattern
   */
  readonly pattern?: string;
  /**
   * Smallest allowed number (inclusive).
   * @default - no minimum
   */
  readonly minimum?: number;
  /**
   * Largest allowed number (inclusive).
   * @default - no maximum
   */
  readonly maximum?: number;
  /**
   * Minimum length of a string value, in characters.
   * @default - no minimum
   */
  readonly minLength?: number;
  /**
   * Maximum length of a string value, in characters.
   * @default - no maximum
   */
  readonly maxLength?: number;
  /**
   * The schema of every item of a list value.
   * @default - items of any type
   */
  readonly items?: {
    /** The JSON-schema type of each item, e.g. `string`. */
    readonly type: string;
  };
}

const PATH = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;
/** A string token: `${ChartValue:<path>#<id>}`; `ChartValueRaw` marks a typed (non-string) position in chart rendering. */
const MARKER = /\$\{ChartValue(Raw)?:([a-zA-Z0-9.]+)#(\d+)\}/g;
const TOKEN_SYMBOL = Symbol.for('cdk8s-knative.ChartValueToken');
/** High 16 bits of a number token (a huge negative double no real prop takes). */
const NUMBER_MARKER = 0xfbff;

const byId = new Map<number, ChartValue>();
const derived = new Map<string, ChartValue>();
const byApp = new WeakMap<App, Map<string, ChartValue>>();
let rendering = false;

/**
 * A typed parameter of the Helm chart: a construct prop given a chart value gets
 * its `default` in plain synth (`dist/`) and reads `{{ .Values.<path> }}` in the
 * chart written by {@link HelmChart}, with the right quoting for its type.
 *
 * The static factories return a token of the prop's own type (a string, a number,
 * a boolean, a list or an object), so it can be passed wherever the prop takes one:
 *
 * ```ts
 * const image = ChartValue.string(this, 'api.image', { default: 'ghcr.io/acme/api:1.0', description: 'API image' });
 * const maxScale = ChartValue.integer(this, 'api.maxScale', { default: 10, minimum: 1, maximum: 100 });
 * ```
 *
 * Tokens must reach the manifest unchanged: a construct may embed a string token
 * in a longer string (`https://${domain}`), but must not test, parse or do
 * arithmetic on a token. Constructs skip their own range/format checks when
 * {@link isChartValueToken} says the prop is a token; the chart's
 * `values.schema.json` then enforces the constraints given here.
 */
export class ChartValue {
  /** A string value; usable wherever a prop takes a string (also inside longer strings). */
  public static string(scope: IConstruct, path: string, options: StringValueOptions): string {
    const v = ChartValue.define(scope, path, ChartValueType.STRING, options, {
      enum: options.allowedValues, pattern: options.pattern, minLength: options.minLength, maxLength: options.maxLength,
    });
    return v.stringToken;
  }

  /** A number value (schema type `number`). */
  public static number(scope: IConstruct, path: string, options: NumberValueOptions): number {
    return ChartValue.define(scope, path, ChartValueType.NUMBER, options, {
      enum: options.allowedValues, minimum: options.minimum, maximum: options.maximum,
    }).numberToken;
  }

  /** An integer value (schema type `integer`), rendered with `int64` so large values stay integral. */
  public static integer(scope: IConstruct, path: string, options: NumberValueOptions): number {
    return ChartValue.define(scope, path, ChartValueType.INTEGER, options, {
      enum: options.allowedValues, minimum: options.minimum, maximum: options.maximum,
    }).numberToken;
  }

  /**
   * A boolean value. The token is an object typed as `boolean`: pass it straight
   * to a prop, or turn it into a string with `String(x)` / {@link chartValueToString};
   * never test its truth (a token is always truthy).
   */
  public static boolean(scope: IConstruct, path: string, options: BooleanValueOptions): boolean {
    return ChartValue.define(scope, path, ChartValueType.BOOLEAN, options, {}).objectToken as unknown as boolean;
  }

  /** A list value, rendered with `toYaml`. Pass the token straight through; do not iterate it. */
  public static list<T>(scope: IConstruct, path: string, options: ListValueOptions<T>): T[] {
    return ChartValue.define(scope, path, ChartValueType.LIST, options, {
      items: options.itemType ? { type: options.itemType } : undefined,
    }).objectToken as unknown as T[];
  }

  /** An object value, rendered with `toYaml`. Pass the token straight through; do not read its fields. */
  public static object<T extends object>(scope: IConstruct, path: string, options: ObjectValueOptions<T>): T {
    return ChartValue.define(scope, path, ChartValueType.OBJECT, options, {}).objectToken as unknown as T;
  }

  /**
   * `total - value` for an integer prop derived from another, e.g. the stable
   * share of a canary split (`100 - percent`). With a plain number it is plain
   * arithmetic; with an integer chart value token it is a token that plain
   * synth resolves to `total - default` and the chart renders as
   * `{{ sub total .Values.<path> }}`.
   */
  public static subtractFrom(total: number, value: number): number {
    const base = ChartValue.of(value);
    if (!base) return total - value;
    if (base.type !== ChartValueType.INTEGER || base.derivedFrom) {
      throw new Error(`ChartValue.subtractFrom: ${base.path} is a ${base.type}${base.derivedFrom ? ' derived value' : ''}; only integer chart values can be subtracted`);
    }
    const key = `${total}-${base.id}`;
    const existing = derived.get(key);
    if (existing) return existing.numberToken;
    if (!Number.isInteger(total)) throw new Error(`ChartValue.subtractFrom: total ${total} must be an integer`);
    const d = new ChartValue(base.scope, base.path, ChartValueType.INTEGER, { default: total - (base.plainValue as number), description: base.description }, {});
    d.derivedFrom = { base, total };
    d.id = byId.size + 1;
    byId.set(d.id, d);
    derived.set(key, d);
    return d.numberToken;
  }

  /** The chart value a token (or a string holding exactly one token) stands for. */
  public static of(token: unknown): ChartValue | undefined {
    const ids = tokenIds(token);
    return ids.length === 1 ? byId.get(ids[0]) : undefined;
  }

  /** Every chart value defined in `app`, sorted by path. */
  public static all(app: App): ChartValue[] {
    return [...(byApp.get(app)?.values() ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  }

  private static define(scope: IConstruct, path: string, type: ChartValueType, options: ChartValueOptions<unknown>, schema: Omit<ChartValueSchema, 'type'>): ChartValue {
    const app = App.of(scope);
    if (!PATH.test(path)) {
      throw new KnativePropError(scope, 'ChartValue path', path,
        'must be dot-separated segments of letters and digits, each starting with a letter (e.g. `api.image`), so templates can read `.Values.<path>`');
    }
    if (path === 'global' || path.startsWith('global.')) {
      throw new KnativePropError(scope, 'ChartValue path', path, 'Helm reserves `global` for values shared with subcharts; pick another top-level key');
    }
    const table = byApp.get(app) ?? new Map<string, ChartValue>();
    byApp.set(app, table);
    const candidate = new ChartValue(scope, path, type, options, schema);
    const existing = table.get(path);
    if (existing) {
      if (existing.signature !== candidate.signature) {
        throw new KnativePropError(scope, `ChartValue ${path}`, options.default,
          `the path is already defined at ${existing.definedAt} with a different type, default or constraints; reuse the same definition or pick another path`);
      }
      return existing;
    }
    for (const other of table.keys()) {
      if (other.startsWith(`${path}.`) || path.startsWith(`${other}.`)) {
        throw new KnativePropError(scope, `ChartValue ${path}`, path, `clashes with the chart value ${other}: a value cannot also be a group of values`);
      }
    }
    candidate.id = byId.size + 1;
    byId.set(candidate.id, candidate);
    table.set(path, candidate);
    installResolver(app);
    return candidate;
  }

  /** Dotted path under `.Values`, e.g. `api.image`. */
  public readonly path: string;
  /** The value's JSON-schema type (derived values are integers). */
  public readonly type: ChartValueType;
  /** The default; undefined only for a secret. */
  public readonly defaultValue: unknown;
  /** The description written to `values.yaml`, the schema and the chart README; undefined when none was given. */
  public readonly description?: string;
  /** True for secret material: no default in `values.yaml`, required at install, a placeholder in plain synth. */
  public readonly secret: boolean;
  /** What plain synth writes. */
  public readonly plainValue: unknown;
  /** The value's JSON schema (type, constraints, description). */
  public readonly schema: ChartValueSchema;
  /** Construct path of the first definition, for messages. */
  public readonly definedAt: string;
  /**
   * Set for a value computed from another by {@link ChartValue.subtractFrom}:
   * it has no entry in `values.yaml` and renders as `sub total <base>`.
   */
  public derivedFrom?: {
    /** The integer chart value subtracted. */
    readonly base: ChartValue;
    /** The number it is subtracted from, e.g. 100 for percents. */
    readonly total: number;
  };
  private id = 0;
  private readonly scope: IConstruct;

  private constructor(scope: IConstruct, path: string, type: ChartValueType, options: ChartValueOptions<unknown>, schema: Omit<ChartValueSchema, 'type'>) {
    this.path = path;
    this.type = type;
    this.description = options.description;
    this.secret = options.secret ?? false;
    this.definedAt = scope.node.path;
    this.scope = scope;
    this.schema = JSON.parse(JSON.stringify({ type, description: options.description, ...schema }));
    if (this.secret) {
      if (options.default !== undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.default`, '<redacted>',
          'a secret value has no default: the chart requires it at install and plain synth writes `secretPlaceholder`');
      }
      this.defaultValue = undefined;
      this.plainValue = options.secretPlaceholder ?? (type === ChartValueType.STRING ? '' : undefined);
      if (this.plainValue === undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.secretPlaceholder`, undefined, `a secret ${type} value needs a secretPlaceholder for plain synth`);
      }
    } else {
      if (options.default === undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.default`, undefined, 'a chart value needs a default (only `secret: true` values have none)');
      }
      this.defaultValue = options.default;
      this.plainValue = options.default;
      const problem = schemaProblem(this.schema, options.default);
      if (problem) throw new KnativePropError(scope, `ChartValue ${path}.default`, options.default, problem);
    }
  }

  /** `${ChartValue:<path>#<id>}`: the string token. */
  public get stringToken(): string {
    return `\${ChartValue:${this.path}#${this.id}}`;
  }

  /** The number token: a double whose high bits mark it and whose low 32 bits hold the id. */
  public get numberToken(): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, (NUMBER_MARKER << 16) >>> 0);
    view.setUint32(4, this.id);
    return view.getFloat64(0);
  }

  /** An object token (booleans, lists, objects), resolved by cdk8s through its `resolve()` method. */
  public get objectToken(): object {
    const token = {
      resolve: () => (rendering ? this.rawMarker : this.plainValue),
      toString: () => this.stringToken,
      toJSON: () => this.stringToken,
    };
    Object.defineProperty(token, TOKEN_SYMBOL, { value: this.id });
    return token;
  }

  /** The marker chart rendering writes where the value stands in a typed (non-string) position. */
  public get rawMarker(): string {
    return `\${ChartValueRaw:${this.path}#${this.id}}`;
  }

  /** Content hash of the definition, to tell a reuse of the same path from a clash. */
  private get signature(): string {
    return JSON.stringify([this.type, this.defaultValue, this.secret, this.schema, this.plainValue]);
  }
}

/**
 * True when `x` is, or (for strings) contains, a chart value token. Constructs call
 * it to skip their own checks on a value that is only known at install; the chart
 * schema checks it then.
 */
export function isChartValueToken(x: unknown): boolean {
  return tokenIds(x).length > 0;
}

/**
 * `String(x)` that keeps a number or boolean chart value a token (a string token
 * of the same value), for props written into string fields such as config maps.
 */
export function chartValueToString(x: string | number | boolean): string {
  const value = typeof x === 'number' || typeof x === 'object' ? ChartValue.of(x) : undefined;
  return value ? value.stringToken : String(x);
}

/** Ids of the tokens in `x`. */
function tokenIds(x: unknown): number[] {
  if (typeof x === 'string') {
    return [...x.matchAll(MARKER)].map(m => Number(m[3]));
  }
  if (typeof x === 'number') {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getUint32(0) >>> 16 === NUMBER_MARKER && byId.has(view.getUint32(4)) ? [view.getUint32(4)] : [];
  }
  if (typeof x === 'object' && x !== null && TOKEN_SYMBOL in x) {
    return [(x as Record<symbol, number>)[TOKEN_SYMBOL]];
  }
  return [];
}

/**
 * Resolves chart value tokens during synth: to their defaults in plain synth; to
 * markers while {@link HelmChart} renders templates. Installed on the app by the
 * first `ChartValue` defined in it.
 */
export class ChartValueResolver implements IResolver {
  public resolve(context: ResolutionContext): void {
    const v = context.value;
    if (typeof v === 'number') {
      const value = ChartValue.of(v);
      if (value) context.replaceValue(rendering ? value.rawMarker : value.plainValue);
    } else if (typeof v === 'string' && !rendering && v.includes('${ChartValue')) {
      context.replaceValue(substitutePlain(v));
    } else if (!rendering && typeof v === 'object' && v !== null && v.constructor === Object
        && Object.keys(v).some(k => k.includes('${ChartValue'))) {
      // cdk8s resolves values only; a token in a map key (e.g. a domain in config-domain) is substituted here
      context.replaceValue(Object.fromEntries(Object.entries(v).map(([k, x]) => [substitutePlain(k), x])));
    }
  }
}

function substitutePlain(s: string): string {
  return s.replace(MARKER, (_m, _raw, _path, id) => plainString(byId.get(Number(id))));
}

function plainString(value: ChartValue | undefined): string {
  if (!value) return '';
  const v = value.plainValue;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function installResolver(app: App): void {
  if (!app.resolvers.some(r => r instanceof ChartValueResolver)) {
    // App.resolvers is the live list synth consults; chart values go first.
    app.resolvers.unshift(new ChartValueResolver());
  }
}

/** A marker found in a string rendered for the chart. */
export interface MarkerMatch {
  /** The whole marker text. */
  readonly text: string;
  /** Index in the string. */
  readonly index: number;
  /** True for a typed (non-string) position. */
  readonly raw: boolean;
  /** The chart value the marker stands for. */
  readonly value: ChartValue;
}

/** @internal Finds chart value markers in a string rendered for the chart. */
export function findMarkers(s: string): MarkerMatch[] {
  return [...s.matchAll(MARKER)].map(m => {
    const value = byId.get(Number(m[3]));
    if (!value) throw new Error(`unknown chart value token ${m[0]}`);
    return { text: m[0], index: m.index ?? 0, raw: m[1] !== undefined, value };
  });
}

/** @internal Runs `fn` with tokens resolving to markers (chart rendering) instead of defaults. */
export function renderingMarkers<T>(fn: () => T): T {
  const before = rendering;
  rendering = true;
  try {
    return fn();
  } finally {
    rendering = before;
  }
}

/** Checks `value` against a value schema; returns what is wrong, or undefined. */
export function schemaProblem(schema: ChartValueSchema, value: unknown): string | undefined {
  const type = schema.type;
  const typeOk = type === 'string' ? typeof value === 'string'
    : type === 'number' ? typeof value === 'number' && Number.isFinite(value)
      : type === 'integer' ? Number.isInteger(value)
        : type === 'boolean' ? typeof value === 'boolean'
          : type === 'array' ? Array.isArray(value)
            : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!typeOk) return `must be of type ${type}`;
  if (schema.enum && !schema.enum.includes(value)) return `must be one of ${schema.enum.map(describeValue).join(', ')}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return `must match /${schema.pattern}/`;
    if (schema.minLength !== undefined && value.length < schema.minLength) return `must have at least ${schema.minLength} characters`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `must have at most ${schema.maxLength} characters`;
  }
  if (Array.isArray(value) && schema.items) {
    const bad = value.find(item => schemaProblem({ type: schema.items!.type }, item) !== undefined);
    if (bad !== undefined) return `items must be of type ${schema.items.type}`;
  }
  return undefined;
}

// Lets lower layers (core checks, serving annotations) recognize chart values
// without importing this module.
registerTokenSupport({
  isToken: isChartValueToken,
  toStringToken: chartValueToString,
  subtractFrom: (total, x) => ChartValue.subtractFrom(total, x),
});
