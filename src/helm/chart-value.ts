import { ApiObject, App, IResolver, ResolutionContext } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkPropTypes, KnativePropError, describeValue, PropSpec, PropType } from '../core/errors';
import {
  decodeNumberToken, encodeNumberToken, isUnresolved, markTokenObject, MAX_TOKEN_TOTAL, refOfMatch, STRING_TOKEN, tokenAwareString, TokenRef,
} from '../core/tokens';
import { InstallCheck, setInstallValueHost, ValueRule } from '../core/install-values';
import { CHART_VALUE_REGISTRY_ID, SECRET_CHART_VALUE_FIX } from '../core/secret-tokens';

/** The JSON-schema type of a chart value. */
export enum ChartValueType {
  /** A string (`ChartValue.stringValue()`); quoted in templates. */
  STRING = 'string',
  /** Any finite number (`ChartValue.numberValue()`). */
  NUMBER = 'number',
  /** A whole number (`ChartValue.integerValue()`), rendered with `int64`. */
  INTEGER = 'integer',
  /** `true` or `false` (`ChartValue.booleanValue()`). */
  BOOLEAN = 'boolean',
  /** A list (`ChartValue.listValue()`), schema type `array`, rendered with `toYaml`. */
  LIST = 'array',
  /** A map or object (`ChartValue.objectValue()`), rendered with `toYaml`. */
  OBJECT = 'object',
}

/** What every kind of chart value takes. */
export interface ChartValueOptions {
  /**
   * One or more sentences for `values.yaml`, the schema and the chart README.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Secret material: `values.yaml` never holds a default, the chart requires the
   * value at install (`--set` or a values file kept out of git), and plain synth
   * writes `secretPlaceholder` instead. A secret must not have a `defaultValue`.
   * @default false
   */
  readonly secret?: boolean;
}

/** Options of a string chart value (`ChartValue.stringValue()`). */
export interface StringValueOptions extends ChartValueOptions {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly defaultValue?: string;
  /**
   * What plain synth writes for a secret value (a secret has no default).
   * @default '' (an empty string)
   */
  readonly secretPlaceholder?: string;
  /**
   * The only values allowed.
   * @default - any string
   */
  readonly allowedValues?: string[];
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

/** Options of a number or integer chart value (`ChartValue.numberValue()`, `ChartValue.integerValue()`). */
export interface NumberValueOptions extends ChartValueOptions {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly defaultValue?: number;
  /**
   * What plain synth writes for a secret value; required for a secret number.
   * @default - none (a secret number fails without one)
   */
  readonly secretPlaceholder?: number;
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
  readonly allowedValues?: number[];
}

/** Options of a boolean chart value (`ChartValue.booleanValue()`). */
export interface BooleanValueOptions extends ChartValueOptions {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly defaultValue?: boolean;
  /**
   * What plain synth writes for a secret value; required for a secret boolean.
   * @default - none (a secret boolean fails without one)
   */
  readonly secretPlaceholder?: boolean;
}

/** Options of a list chart value (`ChartValue.listValue()`). */
export interface ListValueOptions extends ChartValueOptions {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly defaultValue?: any[];
  /**
   * What plain synth writes for a secret value; required for a secret list.
   * @default - none (a secret list fails without one)
   */
  readonly secretPlaceholder?: any[];
  /**
   * JSON-schema type of the items, e.g. `ChartValueType.STRING`.
   * @default - items of any type
   */
  readonly itemType?: ChartValueType;
}

/** Options of an object chart value (`ChartValue.objectValue()`). */
export interface ObjectValueOptions extends ChartValueOptions {
  /**
   * The value written by plain synth and into `values.yaml`.
   * Required unless `secret` is set; a secret never has one.
   * @default - none (only allowed with `secret: true`)
   */
  readonly defaultValue?: { [key: string]: any };
  /**
   * What plain synth writes for a secret value; required for a secret object.
   * @default - none (a secret object fails without one)
   */
  readonly secretPlaceholder?: { [key: string]: any };
}

/** The JSON-schema constraints of one value, as written to `values.schema.json` (internal). */
export interface ChartValueSchema {
  /** The JSON-schema type: one of the `ChartValueType` values, e.g. `string` or `array`. */
  readonly type: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly items?: { readonly type: string };
}

/** What a chart value is made of (internal). */
interface ValueDefinition {
  readonly registry: ChartValueRegistry;
  readonly id: number;
  readonly scope: IConstruct;
  readonly path: string;
  readonly valueType: ChartValueType;
  readonly options: AnyValueOptions;
  readonly schema: Omit<ChartValueSchema, 'type'>;
  readonly derivedFrom?: { readonly base: ChartValue; readonly total: number };
}

/** Everything a definition takes, whatever its kind (internal). */
interface AnyValueOptions extends ChartValueOptions {
  readonly defaultValue?: unknown;
  readonly secretPlaceholder?: unknown;
}

const PATH = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;
const REGISTRY_ID = CHART_VALUE_REGISTRY_ID;

/** A chart value a token stands for: its id in the app's registry, and `total` for a derived value. */

/**
 * A typed parameter of the Helm chart. A construct prop given a chart value gets
 * its `defaultValue` in plain synth (`dist/`) and reads `{{ .Values.<path> }}` in
 * the chart written by {@link HelmChart}, with the right quoting for its type.
 *
 * The static factories define a value and return this object, never something
 * that looks like a plain value. Hand it to a construct through the accessor
 * that fits the prop:
 *
 * - a string prop (or part of a longer string): `asString()`, for any kind
 *   (numbers print as numbers, booleans as `true`/`false`, lists and objects as JSON);
 * - a number prop: `asNumber()` (number and integer values only);
 * - a string-list prop passed through unchanged: `asStringList()` (list values only);
 * - a prop typed `any`, or a field of a raw `ApiObject`: `asAny()` (any kind,
 *   written with its own type, e.g. a YAML boolean, list or map).
 *
 * A boolean prop cannot take a chart value (a boolean has no room for a token);
 * pass `asString()` where the construct offers the same setting as a string
 * (e.g. a config map entry).
 *
 * ```ts
 * const app = new App({ resolvers: [ChartValue.resolver()] });
 * const image = ChartValue.stringValue(chart, 'api.image', { defaultValue: 'ghcr.io/acme/api:1.0', description: 'API image' });
 * const maxScale = ChartValue.integerValue(chart, 'api.maxScale', { defaultValue: 10, minimum: 1, maximum: 100 });
 * new Service(chart, 'api', { container: { image: image.asString() }, scaling: { maxScale: maxScale.asNumber() } });
 * ```
 *
 * Tokens resolve during synth through `ChartValue.resolver()`, which the app
 * must be given (`new App({ resolvers: [ChartValue.resolver()] })`); defining a
 * value in an app without it fails. Every value of an app is kept in a
 * construct under the app's root, so two apps never share values.
 *
 * Tokens must reach the manifest unchanged: a construct may embed a string token
 * in a longer string (`https://${domain}`), but must not test, parse or do
 * arithmetic on a token. Constructs skip their own range/format checks for a
 * token; the chart's `values.schema.json` enforces the constraints given here.
 */
export class ChartValue {
  /**
   * The resolver that turns chart value tokens into their defaults in plain
   * synth and into template markers while {@link HelmChart} renders. Give it to
   * the app: `new App({ resolvers: [ChartValue.resolver()] })`.
   */
  public static resolver(): IResolver {
    return new ChartValueResolver();
  }

  /** A string value. */
  public static stringValue(scope: IConstruct, path: string, options: StringValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.STRING, options, {
      enum: options.allowedValues, pattern: options.pattern, minLength: options.minLength, maxLength: options.maxLength,
    });
  }

  /** A number value (schema type `number`). */
  public static numberValue(scope: IConstruct, path: string, options: NumberValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.NUMBER, options, {
      enum: options.allowedValues, minimum: options.minimum, maximum: options.maximum,
    });
  }

  /** An integer value (schema type `integer`), rendered with `int64` so large values stay integral. */
  public static integerValue(scope: IConstruct, path: string, options: NumberValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.INTEGER, options, {
      enum: options.allowedValues, minimum: options.minimum, maximum: options.maximum,
    });
  }

  /** A boolean value; pass it with `asString()` (`"true"`/`"false"`) or `asAny()` (a YAML boolean). */
  public static booleanValue(scope: IConstruct, path: string, options: BooleanValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.BOOLEAN, options, {});
  }

  /** A list value, rendered with `toYaml`; pass it with `asStringList()` or `asAny()`. */
  public static listValue(scope: IConstruct, path: string, options: ListValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.LIST, options, {
      items: options.itemType ? { type: options.itemType } : undefined,
    });
  }

  /** An object value, rendered with `toYaml`; pass it with `asAny()`. */
  public static objectValue(scope: IConstruct, path: string, options: ObjectValueOptions): ChartValue {
    return ChartValue.define(scope, path, ChartValueType.OBJECT, options, {});
  }

  private static define(scope: IConstruct, path: string, type: ChartValueType, options: AnyValueOptions, schema: Omit<ChartValueSchema, 'type'>): ChartValue {
    if (typeof path !== 'string' || !PATH.test(path)) {
      throw new KnativePropError(scope, 'ChartValue path', path,
        'must be dot-separated segments of letters and digits, each starting with a letter (e.g. `api.image`), so templates can read `.Values.<path>`');
    }
    checkOptions(scope, path, type, options);
    if (path === 'global' || path.startsWith('global.')) {
      throw new KnativePropError(scope, 'ChartValue path', path, 'Helm reserves `global` for values shared with subcharts; pick another top-level key');
    }
    const app = App.of(scope);
    if (!app.resolvers.some(r => r instanceof ChartValueResolver)) {
      throw new KnativePropError(scope, `ChartValue ${path}`, path,
        'the app has no chart value resolver; create it with `new App({ resolvers: [ChartValue.resolver()] })`');
    }
    return ChartValueRegistry.of(app)._define(scope, path, type, options, schema);
  }

  /** Dotted path under `.Values`, e.g. `api.image`. */
  public readonly path: string;
  /** The value's JSON-schema type (a value derived by `subtractFrom` is an integer). */
  public readonly valueType: ChartValueType;
  /**
   * The default written by plain synth and into `values.yaml`.
   * @default - none for a secret
   */
  public readonly defaultValue?: any;
  /**
   * The description written to `values.yaml`, the schema and the chart README.
   * @default - no description
   */
  public readonly description?: string;
  /** True for secret material: no default in `values.yaml`, required at install, a placeholder in plain synth. */
  public readonly secret: boolean;

  /** @internal What plain synth writes. */
  public readonly _plainValue: unknown;
  /** @internal The value's JSON schema (type, constraints, description). */
  public readonly _schema: ChartValueSchema;
  /** @internal Construct path of the first definition, for messages. */
  public readonly _definedAt: string;
  /** @internal Set for a value computed by `subtractFrom`: no entry in `values.yaml`, rendered as `sub total <base>`. */
  public readonly _derivedFrom?: { readonly base: ChartValue; readonly total: number };
  /** @internal Id in the app's registry (the base's id for a derived value). */
  public readonly _id: number;
  private readonly registry: ChartValueRegistry;

  /** @internal Creates a value of `registry`; the factories and `subtractFrom` are the public ways. */
  public static _create(definition: ValueDefinition): ChartValue {
    return new ChartValue(definition);
  }

  private constructor(definition: ValueDefinition) {
    markTokenObject(this);
    const { registry, id, scope, path, valueType: type, options, schema, derivedFrom } = definition;
    this.registry = registry;
    this._id = id;
    this.path = path;
    this.valueType = type;
    this.description = options.description;
    this.secret = options.secret ?? false;
    this._definedAt = scope.node.path;
    this._derivedFrom = derivedFrom;
    this._schema = JSON.parse(JSON.stringify({ type, description: options.description, ...schema }));
    if (this.secret) {
      if (options.defaultValue !== undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.defaultValue`, '<redacted>',
          'a secret value has no default: the chart requires it at install and plain synth writes `secretPlaceholder`');
      }
      this.defaultValue = undefined;
      this._plainValue = options.secretPlaceholder ?? (type === ChartValueType.STRING ? '' : undefined);
      if (this._plainValue === undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.secretPlaceholder`, undefined, `a secret ${type} value needs a secretPlaceholder for plain synth`);
      }
    } else {
      if (options.defaultValue === undefined) {
        throw new KnativePropError(scope, `ChartValue ${path}.defaultValue`, undefined, 'a chart value needs a default (only `secret: true` values have none)');
      }
      this.defaultValue = options.defaultValue;
      this._plainValue = options.defaultValue;
      const problem = schemaProblem(this._schema, options.defaultValue);
      if (problem) throw new KnativePropError(scope, `ChartValue ${path}.defaultValue`, options.defaultValue, problem);
    }
  }

  /**
   * A string token for a string prop, or for part of a longer string
   * (`https://${domain.asString()}`). Works for every kind: plain synth writes
   * the default as text (numbers as numbers, booleans as `true`/`false`, lists
   * and objects as JSON), the chart the value the same way.
   */
  public asString(): string {
    return this.marker('');
  }

  /**
   * A number token for a number prop (number and integer values only). It is a
   * huge negative number that only the resolver understands: pass it through,
   * never compute with it (use `subtractFrom` for `total - value`).
   */
  public asNumber(): number {
    if (this.valueType !== ChartValueType.NUMBER && this.valueType !== ChartValueType.INTEGER) {
      throw new Error(`ChartValue ${this.path}: a ${this.valueType} value has no number form; use asString() or asAny()`);
    }
    return encodeNumberToken({ id: this._id, total: this._derivedFrom?.total }, this.valueType === ChartValueType.INTEGER);
  }

  /**
   * A token for a string-list prop (list values only): a list of one string
   * token that becomes the whole list. Pass the list through unchanged; a
   * construct that takes it apart (maps or joins its items) fails at synth.
   */
  public asStringList(): string[] {
    if (this.valueType !== ChartValueType.LIST) {
      throw new Error(`ChartValue ${this.path}: a ${this.valueType} value has no list form; use asString() or asAny()`);
    }
    return [this.marker('List')];
  }

  /**
   * A token for a prop typed `any` or a field of a raw `ApiObject`, written with
   * the value's own type (a YAML number, boolean, list or map). It resolves
   * through cdk8s's implicit token resolution (its `resolve()` method).
   */
  public asAny(): any {
    return new AnyToken(this);
  }

  /**
   * `total - value` for an integer prop derived from this integer value, e.g.
   * the stable share of a canary split (`100 - percent`): plain synth writes
   * `total - default`, the chart `{{ sub total .Values.<path> }}`. The result
   * has no entry of its own in `values.yaml`.
   * @param total a whole number from 0 to 32766
   */
  public subtractFrom(total: number): ChartValue {
    return this.registry._derive(this, total);
  }

  /** The string token (`asString()`), so `${value}` in a template literal keeps the token. */
  public toString(): string {
    return this.asString();
  }

  /** @internal The marker chart rendering writes where the value stands in a typed (non-string) position. */
  public get _rawMarker(): string {
    return this.marker('Raw');
  }

  /** @internal The value's registry (and so its app's rendering state). */
  public get _registry(): ChartValueRegistry {
    return this.registry;
  }

  /** @internal Content hash of the definition, to tell a reuse of the same path from a clash. */
  public get _signature(): string {
    return JSON.stringify([this.valueType, this.defaultValue, this.secret, this._schema, this._plainValue]);
  }

  private marker(kind: '' | 'Raw' | 'List'): string {
    const total = this._derivedFrom ? `-${this._derivedFrom.total}` : '';
    return `\${ChartValue${kind}:${this.path}#${this._id}${total}}`;
  }
}

/** The object token of `asAny()`: cdk8s's implicit token resolver calls `resolve()`. */
class AnyToken {
  constructor(private readonly value: ChartValue) {
    markTokenObject(this);
  }

  public resolve(): unknown {
    return this.value._registry._rendering ? this.value._rawMarker : this.value._plainValue;
  }

  public toString(): string {
    return this.value.asString();
  }

  public toJSON(): string {
    return this.value.asString();
  }

  /** The chart value it stands for. */
  public get chartValue(): ChartValue {
    return this.value;
  }
}

/**
 * @internal The chart values of one app: a construct under the app's root
 * (found with `tryFindChild`), holding the values by path and the rendering
 * state, so nothing is shared between apps.
 */
export class ChartValueRegistry extends Construct {
  /** The registry of the app that holds `scope`, created the first time it is asked for. */
  public static of(scope: IConstruct): ChartValueRegistry {
    const existing = ChartValueRegistry.find(scope);
    if (existing) return existing;
    return new ChartValueRegistry(scope.node.root as Construct, REGISTRY_ID);
  }

  /** The registry of the app that holds `scope`, if a chart value was ever defined in it. */
  public static find(scope: IConstruct): ChartValueRegistry | undefined {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(REGISTRY_ID);
    if (existing === undefined || existing instanceof ChartValueRegistry) return existing;
    throw new Error(`[${root.node.path}] the construct id ${REGISTRY_ID} is reserved for cdk8s-knative's chart values`);
  }

  /** @internal True while {@link HelmChart} renders: tokens resolve to markers instead of defaults. */
  public _rendering = false;
  /** @internal The rules constructs set on whole values, by value id (the base's id for a derived value). */
  public readonly _rules = new Map<number, ValueConstraint[]>();
  /** @internal The rules the chart checks with a template `fail`, in the order constructs set them. */
  public readonly _guards: TemplateGuard[] = [];
  private readonly guardKeys = new Set<string>();
  private readonly byPath = new Map<string, ChartValue>();
  private readonly byId: ChartValue[] = [];
  private readonly derived = new Map<string, ChartValue>();

  /** @internal */
  public _define(scope: IConstruct, path: string, type: ChartValueType, options: AnyValueOptions, schema: Omit<ChartValueSchema, 'type'>): ChartValue {
    const candidate = ChartValue._create({ registry: this, id: this.byId.length + 1, scope, path, valueType: type, options, schema });
    const existing = this.byPath.get(path);
    if (existing) {
      if (existing._signature !== candidate._signature) {
        throw new KnativePropError(scope, `ChartValue ${path}`, options.secret ? '<redacted>' : options.defaultValue,
          `the path is already defined at ${existing._definedAt} with a different type, default or constraints; reuse the same definition or pick another path`);
      }
      return existing;
    }
    for (const other of this.byPath.keys()) {
      if (other.startsWith(`${path}.`) || path.startsWith(`${other}.`)) {
        throw new KnativePropError(scope, `ChartValue ${path}`, path, `clashes with the chart value ${other}: a value cannot also be a group of values`);
      }
    }
    this.byId.push(candidate);
    this.byPath.set(path, candidate);
    return candidate;
  }

  /** @internal `total - base`, one object per base and total. */
  public _derive(base: ChartValue, total: number): ChartValue {
    if (base.valueType !== ChartValueType.INTEGER || base._derivedFrom) {
      throw new Error(`ChartValue.subtractFrom: ${base.path} is a ${base._derivedFrom ? 'derived value' : base.valueType}; only integer chart values can be subtracted`);
    }
    if (!Number.isInteger(total) || total < 0 || total > MAX_TOKEN_TOTAL) {
      throw new Error(`ChartValue.subtractFrom: total ${total} must be a whole number from 0 to ${MAX_TOKEN_TOTAL}`);
    }
    const key = `${base._id}-${total}`;
    const existing = this.derived.get(key);
    if (existing) return existing;
    const d = ChartValue._create({
      registry: this, id: base._id, scope: this, path: base.path, valueType: ChartValueType.INTEGER,
      options: { defaultValue: total - (base._plainValue as number), description: base.description }, schema: {}, derivedFrom: { base, total },
    });
    this.derived.set(key, d);
    return d;
  }

  /** @internal The chart value a token reference stands for; throws for a token of another app. */
  public _lookup(ref: TokenRef, text: string): ChartValue {
    const base = this.byId[ref.id - 1];
    if (!base) throw new Error(`unknown chart value token ${text}: it was defined in another app`);
    return ref.total === undefined ? base : this._derive(base, ref.total);
  }

  /** @internal Every chart value defined in the app (not derived ones), sorted by path. */
  public _all(): ChartValue[] {
    return [...this.byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  /** @internal Runs `fn` with tokens resolving to markers (chart rendering) instead of defaults. */
  public _renderingMarkers<T>(fn: () => T): T {
    const before = this._rendering;
    this._rendering = true;
    try {
      return fn();
    } finally {
      this._rendering = before;
    }
  }

  /**
   * @internal The paths of the secret chart values whose tokens `x` holds (a
   * string with string tokens, a number token, an `asAny()` token or a ChartValue).
   */
  public _secretPathsIn(x: unknown): string[] {
    let values: ChartValue[] = [];
    if (x instanceof ChartValue) values = [x];
    else if (x instanceof AnyToken) values = [x.chartValue];
    else if (typeof x === 'number') {
      const ref = decodeNumberToken(x);
      const base = ref ? this.byId[ref.id - 1] : undefined;
      if (base) values = [base];
    } else if (typeof x === 'string' && x.includes('${ChartValue')) {
      values = [...x.matchAll(STRING_TOKEN)].map(m => this.byId[refOfMatch(m).id - 1]).filter((v): v is ChartValue => v !== undefined);
    }
    return [...new Set(values.map(v => (v._derivedFrom ? v._derivedFrom.base : v)).filter(v => v.secret).map(v => v.path))];
  }

  /** @internal Adds a template check, once per construct, prop and test (a construct may check twice when it renders twice). */
  public _addGuard(guard: TemplateGuard): void {
    const key = JSON.stringify([guard.scope.node.path, guard.field, guard.test]);
    if (this.guardKeys.has(key)) return;
    this.guardKeys.add(key);
    this._guards.push(guard);
  }

  /** @internal The rules constructs set on `value` (schema fragments for `values.schema.json`), without repeats. */
  public _rulesOf(value: ChartValue): ValueConstraint[] {
    return this._rules.get(value._id) ?? [];
  }

  /** @internal Finds chart value markers in a string. */
  public _findMarkers(s: string): MarkerMatch[] {
    return [...s.matchAll(STRING_TOKEN)].map(m => {
      const value = this._lookup(refOfMatch(m), m[0]);
      if (m[2] && m[2] !== value.path) throw new Error(`unknown chart value token ${m[0]}: it was defined in another app`);
      return { text: m[0], index: m.index ?? 0, raw: m[1] === 'Raw', list: m[1] === 'List', value };
    });
  }
}

/** A marker found in a string rendered for the chart (internal). */
export interface MarkerMatch {
  /** The whole marker text. */
  readonly text: string;
  /** Index in the string. */
  readonly index: number;
  /** True for a typed (non-string) position. */
  readonly raw: boolean;
  /** True for the item of `asStringList()`, which stands for the whole list. */
  readonly list: boolean;
  /** The chart value the marker stands for. */
  readonly value: ChartValue;
}

/**
 * @internal True when `x` is, or (for strings) contains, a chart value token.
 * Constructs call it (through `isUnresolved`) to skip their own checks on a
 * value only known at install; the chart schema checks it then.
 */
export const isChartValueToken = isUnresolved;

/**
 * @internal `String(x)` that keeps a number chart value a token (a string token
 * of the same value), for props written into string fields such as config maps.
 */
export const chartValueToString = tokenAwareString;

/**
 * Resolves chart value tokens during synth: to their defaults in plain synth;
 * to markers while {@link HelmChart} renders templates. Stateless: it finds the
 * values of the object's app in the construct tree.
 */
class ChartValueResolver implements IResolver {
  public resolve(context: ResolutionContext): void {
    const v = context.value;
    // cdk8s asks for every value of every object: most hold no token
    if (!mayHoldToken(v)) return;
    const where = () => `[${context.obj.node.path}] ${context.key.join('.')}`;
    checkSecretPlacement(context);
    if (v instanceof AnyToken) {
      context.replaceValue(v.resolve());
      return;
    }
    if (v instanceof ChartValue) {
      // the value itself in a raw field: written with its own type, as asAny() would
      context.replaceValue(v.asAny());
      return;
    }
    if (typeof v === 'number') {
      const ref = decodeNumberToken(v);
      if (!ref) return;
      const value = registryOf(context)._lookup(ref, chartValueToString(v));
      context.replaceValue(value._registry._rendering ? value._rawMarker : value._plainValue);
      return;
    }
    if (typeof v === 'string') {
      if (!v.includes('${ChartValue')) return;
      const registry = registryOf(context);
      const markers = registry._findMarkers(v);
      if (markers.some(m => m.list)) {
        throw new Error(`${where()}: the list chart value ${markers.find(m => m.list)!.value.path} was taken apart; `
          + 'pass asStringList() to a list prop unchanged, or use asString() for its JSON text');
      }
      if (!registry._rendering) context.replaceValue(v.replace(STRING_TOKEN, (...m) => plainString(registry._lookup(refOfMatch(m as unknown as RegExpMatchArray), m[0]))));
      return;
    }
    if (Array.isArray(v)) {
      if (v.length !== 1 || typeof v[0] !== 'string' || !v[0].startsWith('${ChartValueList:')) return;
      const registry = registryOf(context);
      const markers = registry._findMarkers(v[0]);
      if (markers.length !== 1 || markers[0].text !== v[0]) return;
      const value = markers[0].value;
      context.replaceValue(registry._rendering ? value._rawMarker : value._plainValue);
      return;
    }
    if (typeof v === 'object' && v !== null && v.constructor === Object && Object.keys(v).some(k => k.includes('${ChartValue'))) {
      const registry = registryOf(context);
      if (registry._rendering) return;
      // cdk8s resolves values only; a token in a map key (e.g. a domain in config-domain) is substituted here
      context.replaceValue(Object.fromEntries(Object.entries(v).map(([k, x]) =>
        [k.replace(STRING_TOKEN, (...m) => plainString(registry._lookup(refOfMatch(m as unknown as RegExpMatchArray), m[0]))), x])));
    }
  }
}

/**
 * False when `v` holds no chart value token where the resolver looks: the
 * value itself, the first item of a list, the keys of a plain map.
 */
function mayHoldToken(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${ChartValue');
  if (typeof v === 'number') return decodeNumberToken(v) !== undefined;
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return v.length > 0 && mayHoldToken(v[0]) && !Array.isArray(v[0]);
  if (v instanceof ChartValue || v instanceof AnyToken) return true;
  if (v.constructor !== Object) return false;
  for (const k in v) {
    if (k.includes('${ChartValue')) return true;
  }
  return false;
}

/**
 * Throws unless every secret chart value in `context.value` lands in a
 * Secret's `stringData` or a SealedSecret's `spec.encryptedData`: anywhere
 * else (an env value, an annotation, a ConfigMap...) anyone who can read the
 * object reads the secret. Map keys never hold a secret.
 */
function checkSecretPlacement(context: ResolutionContext): void {
  const v = context.value;
  const isMap = typeof v === 'object' && v !== null && v.constructor === Object;
  const candidates: unknown[] = isMap ? Object.keys(v) : Array.isArray(v) ? v.slice(0, 1) : [v];
  if (!candidates.some(c => c instanceof ChartValue || c instanceof AnyToken || typeof c === 'number'
    || (typeof c === 'string' && c.includes('${ChartValue')))) return;
  const registry = ChartValueRegistry.find(context.obj);
  if (!registry) return;
  const secrets = candidates.flatMap(c => registry._secretPathsIn(c));
  if (secrets.length === 0) return;
  if (!isMap && !Array.isArray(v) && isSecretDataField(context.obj, context.key)) return;
  throw new Error(`[${context.obj.node.path}] ${context.key.join('.')}: the secret chart value ${secrets[0]} is not allowed here; `
    + `a secret chart value may only be written to a Secret's stringData or a SealedSecret's encryptedData, never in plain text${isMap ? ' as a map key' : ''} `
    + `into a ${context.obj.kind}: ${SECRET_CHART_VALUE_FIX}`);
}

/** True for `stringData.<key>` of a v1 Secret and `spec.encryptedData.<key>` of a bitnami.com SealedSecret. */
function isSecretDataField(obj: ApiObject, key: string[]): boolean {
  if (obj.kind === 'Secret' && obj.apiVersion === 'v1') return key.length === 2 && key[0] === 'stringData';
  if (obj.kind === 'SealedSecret' && obj.apiVersion.startsWith('bitnami.com/')) return key.length === 3 && key[0] === 'spec' && key[1] === 'encryptedData';
  return false;
}

function registryOf(context: ResolutionContext): ChartValueRegistry {
  const registry = ChartValueRegistry.find(context.obj);
  if (!registry) throw new Error(`[${context.obj.node.path}] ${context.key.join('.')}: a chart value token of another app`);
  return registry;
}

function plainString(value: ChartValue): string {
  const v = value._plainValue;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** The JavaScript type of a value of each kind, for option checks. */
const VALUE_TYPE: Record<ChartValueType, PropType> = {
  [ChartValueType.STRING]: 'string',
  [ChartValueType.NUMBER]: 'number',
  [ChartValueType.INTEGER]: 'number', // the schema check of the default tells a fraction
  [ChartValueType.BOOLEAN]: 'boolean',
  // a list or a map: the schema check of the default tells which
  [ChartValueType.LIST]: 'object',
  [ChartValueType.OBJECT]: 'object',
};

/**
 * Checks the options of a chart value before anything reads them: types,
 * text that goes into values.yaml and the README (no control characters or
 * line breaks other than newlines), a pattern that compiles. A secret's
 * default is refused before anything could print it.
 */
function checkOptions(scope: IConstruct, path: string, type: ChartValueType, options: AnyValueOptions): void {
  const field = `ChartValue ${path}`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new KnativePropError(scope, `${field} options`, options, 'must be an object of options');
  }
  if (options.secret !== undefined && typeof options.secret !== 'boolean') {
    throw new KnativePropError(scope, `${field}.secret`, options.secret, 'must be true or false (or left out)');
  }
  if (options.secret && options.defaultValue !== undefined) {
    throw new KnativePropError(scope, `${field}.defaultValue`, '<redacted>',
      'a secret value has no default: the chart requires it at install and plain synth writes `secretPlaceholder`');
  }
  const o = options as StringValueOptions & NumberValueOptions & ListValueOptions;
  const valueType = VALUE_TYPE[type];
  const spec: Record<string, PropType> = { description: 'string', defaultValue: valueType, secretPlaceholder: valueType };
  if (type === ChartValueType.STRING) Object.assign(spec, { allowedValues: 'stringList', pattern: 'string', minLength: 'integer', maxLength: 'integer' });
  if (type === ChartValueType.NUMBER || type === ChartValueType.INTEGER) {
    Object.assign(spec, { allowedValues: { listOf: valueType }, minimum: 'number', maximum: 'number' });
  }
  if (type === ChartValueType.LIST) {
    spec.itemType = { oneOf: Object.values(ChartValueType), what: 'a ChartValueType, e.g. ChartValueType.STRING' };
  }
  checkPropTypes(scope, options, spec as PropSpec, field);
  if (o.description !== undefined && /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/.test(o.description)) {
    throw new KnativePropError(scope, `${field}.description`, o.description,
      'must be text without control characters or line separators (newlines and tabs are fine): it is written into values.yaml and the README');
  }
  for (const bound of ['minLength', 'maxLength'] as const) {
    const v = o[bound];
    if (v !== undefined && v < 0) throw new KnativePropError(scope, `${field}.${bound}`, v, 'must be a whole number, 0 or more');
  }
  if (o.pattern !== undefined) {
    try {
      new RegExp(o.pattern, 'u');
    } catch (e) {
      throw new KnativePropError(scope, `${field}.pattern`, o.pattern, `must be a regular expression (ECMA syntax with the u flag): ${(e as Error).message.split('\n')[0]}`);
    }
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

/** A rule a construct set on a whole chart value: where, which prop, and the JSON-schema constraints. */
export interface ValueConstraint {
  /** Construct path of the construct that set it. */
  readonly where: string;
  /** The prop. */
  readonly field: string;
  /** What is allowed, in words. */
  readonly allowed: string;
  /** JSON-schema constraints (draft-07) the value must also meet. */
  readonly schema: { readonly [key: string]: unknown };
}

/** A rule the chart checks with a template `fail`: a string holding values must match, or several values must agree. */
export interface TemplateGuard {
  /** The construct that set it (its Chart is the component the check belongs to). */
  readonly scope: IConstruct;
  readonly field: string;
  readonly allowed: string;
  readonly test:
  | { readonly kind: 'pattern'; readonly text: string; readonly pattern?: string; readonly minLength?: number; readonly maxLength?: number }
  | InstallCheck['condition'];
}

/** JSON-schema constraints of `rule` that apply to a value of type `type`; undefined when none can. */
function ruleSchema(rule: ValueRule, type: ChartValueType): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (rule.enum) out.enum = [...rule.enum];
  if (type === ChartValueType.STRING) {
    if (rule.pattern !== undefined) out.pattern = rule.pattern;
    if (rule.minLength !== undefined) out.minLength = rule.minLength;
    if (rule.maxLength !== undefined) out.maxLength = rule.maxLength;
  }
  if (type === ChartValueType.NUMBER || type === ChartValueType.INTEGER) {
    if (rule.minimum !== undefined) out.minimum = rule.minimum;
    if (rule.maximum !== undefined) out.maximum = rule.maximum;
    if (rule.integer && type === ChartValueType.NUMBER) out.multipleOf = 1;
  }
  if (type === ChartValueType.LIST) {
    if (rule.minItems !== undefined) out.minItems = rule.minItems;
    if (rule.items) {
      const item: Record<string, unknown> = {};
      const i = rule.items;
      if (i.enum) item.enum = [...i.enum];
      if (i.pattern !== undefined) item.pattern = i.pattern;
      if (i.minLength !== undefined) item.minLength = i.minLength;
      if (i.maxLength !== undefined) item.maxLength = i.maxLength;
      if (i.minimum !== undefined) item.minimum = i.minimum;
      if (i.maximum !== undefined) item.maximum = i.maximum;
      if (Object.keys(item).length > 0) out.items = item;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** True when a value that meets `own` always meets `rule` too (so the rule adds nothing to the schema). */
function impliedBy(own: ChartValueSchema, rule: Record<string, unknown>): boolean {
  const enumOk = (test: (v: unknown) => boolean) => own.enum !== undefined && own.enum.every(test);
  return Object.entries(rule).every(([k, v]) => {
    switch (k) {
      case 'minimum': return (own.minimum !== undefined && own.minimum >= (v as number)) || enumOk(x => typeof x === 'number' && x >= (v as number));
      case 'maximum': return (own.maximum !== undefined && own.maximum <= (v as number)) || enumOk(x => typeof x === 'number' && x <= (v as number));
      case 'minLength': return own.minLength !== undefined && own.minLength >= (v as number);
      case 'maxLength': return own.maxLength !== undefined && own.maxLength <= (v as number);
      case 'pattern': return own.pattern === v || enumOk(x => typeof x === 'string' && new RegExp(v as string, 'u').test(x));
      case 'enum': return enumOk(x => (v as unknown[]).includes(x));
      case 'multipleOf': return own.type === 'integer' || enumOk(x => Number.isInteger(x));
      default: return false;
    }
  });
}

/** `rule` for `base` when a prop holds `total - base`: the bounds turn around. */
function ruleOfBase(rule: ValueRule, total: number): ValueRule {
  return {
    allowed: rule.allowed,
    integer: rule.integer,
    minimum: rule.maximum === undefined ? undefined : total - rule.maximum,
    maximum: rule.minimum === undefined ? undefined : total - rule.minimum,
    enum: rule.enum?.filter((v): v is number => typeof v === 'number').map(v => total - v),
  };
}

/**
 * True for a sum whose values cancel out to its total whatever they are
 * (`subtractFrom(total)` beside its base): a template check would be noise.
 */
function alwaysHolds(condition: InstallCheck['condition']): boolean {
  if (condition.kind !== 'sum') return false;
  const coefficients = new Map<number, number>();
  let constant = 0;
  for (const n of condition.terms) {
    const ref = decodeNumberToken(n);
    if (!ref) {
      constant += n;
      continue;
    }
    const sign = ref.total === undefined ? 1 : -1;
    if (ref.total !== undefined) constant += ref.total;
    coefficients.set(ref.id, (coefficients.get(ref.id) ?? 0) + sign);
  }
  return constant === condition.total && [...coefficients.values()].every(c => c === 0);
}

/** The host of `src/core/install-values`: plain values of tokens, and rules kept in the app's registry. */
const host = {
  plainValue(scope: IConstruct, x: unknown): unknown {
    const registry = ChartValueRegistry.find(scope);
    if (!registry) return x;
    const visit = (v: unknown, depth: number): unknown => {
      if (v instanceof ChartValue) return v._plainValue;
      if (v instanceof AnyToken) return v.chartValue._plainValue;
      if (typeof v === 'number') {
        const ref = decodeNumberToken(v);
        return ref ? registry._lookup(ref, tokenAwareString(v))._plainValue : v;
      }
      if (typeof v === 'string') {
        if (!v.includes('${ChartValue')) return v;
        return v.replace(STRING_TOKEN, (...m) => plainString(registry._lookup(refOfMatch(m as unknown as RegExpMatchArray), m[0])));
      }
      if (depth > 32 || typeof v !== 'object' || v === null) return v;
      if (Array.isArray(v)) {
        if (v.length === 1 && typeof v[0] === 'string' && v[0].startsWith('${ChartValueList:')) {
          const markers = registry._findMarkers(v[0]);
          if (markers.length === 1 && markers[0].text === v[0]) return markers[0].value._plainValue;
        }
        return v.map(item => visit(item, depth + 1));
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) return v;
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [visit(k, depth + 1), visit(item, depth + 1)]));
    };
    return visit(x, 0);
  },

  constrain(scope: IConstruct, field: string, x: unknown, rule: ValueRule): void {
    const registry = ChartValueRegistry.find(scope);
    if (!registry) return;
    const where = scope.node.path;
    const whole = (value: ChartValue, r: ValueRule) => {
      const base = value._derivedFrom?.base ?? value;
      const baseRule = value._derivedFrom ? ruleOfBase(r, value._derivedFrom.total) : r;
      const schema = ruleSchema(baseRule, base.valueType);
      if (!schema) return false;
      // the value's own constraints may already say it (a percent value of 0-100 used as a percent)
      if (impliedBy(base._schema, schema)) return true;
      const list = registry._rules.get(base._id) ?? [];
      const key = JSON.stringify(schema);
      if (!list.some(c => JSON.stringify(c.schema) === key)) list.push({ where, field, allowed: r.allowed, schema });
      registry._rules.set(base._id, list);
      return true;
    };
    const guard = (text: string, r: ValueRule) => {
      // the text's own characters already make a minimum length that they reach: no check can fail there
      const fixed = [...text.replace(STRING_TOKEN, '')].length;
      const minLength = r.minLength !== undefined && r.minLength > fixed ? r.minLength : undefined;
      if (r.pattern === undefined && minLength === undefined && r.maxLength === undefined) return;
      registry._addGuard({
        scope, field, allowed: r.allowed,
        test: {
          kind: 'pattern', text,
          ...(r.pattern !== undefined ? { pattern: r.pattern } : {}),
          ...(minLength !== undefined ? { minLength } : {}),
          ...(r.maxLength !== undefined ? { maxLength: r.maxLength } : {}),
        },
      });
    };
    const visit = (v: unknown, r: ValueRule, depth: number): void => {
      if (v instanceof ChartValue || v instanceof AnyToken) {
        const value = v instanceof ChartValue ? v : v.chartValue;
        if (!whole(value, r)) guard(value.asString(), r);
        return;
      }
      if (typeof v === 'number') {
        const ref = decodeNumberToken(v);
        if (ref) whole(registry._lookup(ref, tokenAwareString(v)), r);
        return;
      }
      if (typeof v === 'string') {
        const markers = registry._findMarkers(v);
        if (markers.length === 0) return;
        if (markers.length === 1 && markers[0].text === v && !markers[0].list) {
          const value = markers[0].value;
          if (value.valueType === ChartValueType.STRING && whole(value, r)) return;
        }
        guard(v, r);
        return;
      }
      if (depth > 32 || typeof v !== 'object' || v === null) return;
      if (Array.isArray(v)) {
        if (v.length === 1 && typeof v[0] === 'string' && v[0].startsWith('${ChartValueList:')) {
          const markers = registry._findMarkers(v[0]);
          if (markers.length === 1 && markers[0].text === v[0]) {
            whole(markers[0].value, r);
            return;
          }
        }
        if (r.items) v.forEach(item => visit(item, r.items!, depth + 1));
      }
    };
    visit(x, rule, 0);
  },

  requireAtInstall(scope: IConstruct, rule: InstallCheck): void {
    const registry = ChartValueRegistry.find(scope);
    if (!registry) return;
    if (alwaysHolds(rule.condition)) return; // e.g. the two shares of a canary split: (100 - p) + p
    registry._addGuard({ scope, field: rule.field, allowed: rule.allowed, test: rule.condition });
  },
};

setInstallValueHost(host);
