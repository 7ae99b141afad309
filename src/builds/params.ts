import { IConstruct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { constrainAtInstall, plainValue, ValueRule } from '../core/install-values';
import { DeclaredParam } from '../core/tekton-variables';
import { paramExpression } from './variables';

/**
 * The type of a Tekton param.
 * @see https://tekton.dev/docs/pipelines/tasks/#specifying-parameters
 */
export enum ParamType {
  /** A single string (Tekton's default). */
  STRING = 'string',
  /** A list of strings, expanded with `$(params.name[*])`. */
  ARRAY = 'array',
  /** A map of string keys to strings, read with `$(params.name.key)`. */
  OBJECT = 'object',
}

/**
 * The value of a Tekton param: a string, an array of strings or an object of
 * strings. Used for defaults and for the values a Pipeline or PipelineRun passes.
 */
export class ParamValue {
  /** A string value; may hold `$(...)` references. */
  public static fromString(value: string): ParamValue {
    return new ParamValue(ParamType.STRING, value);
  }

  /** An array of strings. */
  public static fromArray(values: string[]): ParamValue {
    return new ParamValue(ParamType.ARRAY, [...values]);
  }

  /** An object with string values. */
  public static fromObject(values: { [key: string]: string }): ParamValue {
    return new ParamValue(ParamType.OBJECT, { ...values });
  }

  /** The value of an enclosing Pipeline's param, `$(params.<name>)`. */
  public static fromParam(name: string): ParamValue {
    return new ParamValue(ParamType.STRING, paramExpression(name));
  }

  /** A whole array param of the enclosing Pipeline, `$(params.<name>[*])`. */
  public static fromArrayParam(name: string): ParamValue {
    return new ParamValue(ParamType.ARRAY, [`$(params.${name}[*])`]);
  }

  /**
   * A whole object param of the enclosing Pipeline, `$(params.<name>[*])`: the
   * only place Tekton takes a whole object is the entire value of a pipeline task param.
   */
  public static fromObjectParam(name: string): ParamValue {
    return new ParamValue(ParamType.OBJECT, `$(params.${name}[*])`);
  }

  private constructor(
    /** The type this value has. */
    public readonly paramType: ParamType,
    private readonly value: string | string[] | Record<string, string>,
  ) {}

  /** The value as written to YAML. */
  public toJson(): string | string[] | Record<string, string> {
    if (Array.isArray(this.value)) return [...this.value];
    if (typeof this.value === 'object') return { ...this.value };
    return this.value;
  }
}

/** A param a Task or Pipeline declares. */
export interface ParamSpec {
  /**
   * The param name: letters, digits, `_`, `-` and `.`, starting with a letter or `_`.
   */
  readonly name: string;
  /**
   * The param's type (Tekton's `type`).
   * @default - the type of `defaultValue`, else ParamType.STRING
   */
  readonly paramType?: ParamType;
  /**
   * What the param is for.
   * @default - no description
   */
  readonly description?: string;
  /**
   * The value used when a run does not set the param (Tekton's `default`); without one, the param is required.
   * @default - required
   */
  readonly defaultValue?: ParamValue;
  /**
   * For ParamType.OBJECT: the keys the object has.
   * @default - none (required for object params)
   */
  readonly properties?: string[];
  /**
   * For ParamType.STRING: the only values allowed (Tekton's `enum`, behind the `enable-param-enum` flag).
   * @default - any value
   */
  readonly allowedValues?: string[];
}

/** A result a Task declares (a file its steps write under `$(results.<name>.path)`). */
export interface ResultSpec {
  /** Result name: letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
  readonly name: string;
  /**
   * What the result holds.
   * @default - no description
   */
  readonly description?: string;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** True when Tekton accepts `name` as a param name. */
export function isParamName(name: string): boolean {
  return PARAM_NAME.test(name);
}

/** True when Tekton accepts `name` as a result name. */
export function isResultName(name: string): boolean {
  return RESULT_NAME.test(name);
}

/** The declared (or implied) type of a param. */
export function paramTypeOf(spec: ParamSpec): ParamType {
  return spec.paramType ?? spec.defaultValue?.paramType ?? ParamType.STRING;
}

/**
 * A param declaration as the reference shape checks see it.
 * @internal
 */
export function declaredParam(p: ParamSpec): DeclaredParam {
  const type = paramTypeOf(p);
  return { type, ...(type === ParamType.OBJECT ? { keys: [...(p.properties ?? [])] } : {}) };
}

/** Throws for an invalid param declaration (name, type of the default, object keys, allowed values). */
export function checkParamSpec(scope: IConstruct, field: string, spec: ParamSpec): void {
  check(isParamName(spec.name), scope, `${field}.name`, spec.name,
    'a param name must consist of letters, digits, \'_\', \'-\' and \'.\', starting with a letter or \'_\'');
  const type = paramTypeOf(spec);
  if (spec.defaultValue) {
    check(spec.defaultValue.paramType === type, scope, `${field}.defaultValue`, spec.defaultValue.toJson(),
      `the default of param "${spec.name}" must be of its type ${type}`);
  }
  if (type === ParamType.OBJECT) {
    check((spec.properties ?? []).length > 0, scope, `${field}.properties`, spec.properties,
      `object param "${spec.name}" must list its keys in properties`);
    const value = spec.defaultValue?.toJson() as Record<string, string> | undefined;
    for (const key of Object.keys(value ?? {})) {
      check(spec.properties!.includes(key), scope, `${field}.defaultValue.${key}`, key,
        `the default of object param "${spec.name}" may only have the keys ${spec.properties!.join(', ')}`);
    }
  } else {
    check(spec.properties === undefined, scope, `${field}.properties`, spec.properties,
      'properties are only allowed for object params');
  }
  if (spec.allowedValues !== undefined) {
    // a chart value list is checked by its default now, and must not be empty at install
    constrainAtInstall(scope, `${field}.allowedValues`, spec.allowedValues, { minItems: 1, allowed: 'allowedValues must be a non-empty list' });
    const allowed = plainValue(scope, [...spec.allowedValues]);
    check(type === ParamType.STRING && allowed.length > 0, scope, `${field}.allowedValues`, allowed,
      'allowedValues must be a non-empty list, and only string params take one');
    if (spec.defaultValue) {
      const value = plainValue(scope, spec.defaultValue.toJson()) as string;
      check(allowed.includes(value), scope, `${field}.defaultValue`, value, `must be one of ${allowed.join(', ')}`);
    }
  }
}

/** Throws for an invalid result name. */
export function checkResultSpec(scope: IConstruct, field: string, spec: ResultSpec): void {
  // a chart value is checked by its default now, and by the rule at install
  checkValue(scope, `${field}.name`, spec.name, RESULT_NAME_RULE, name => isResultName(name as string));
}

const RESULT_NAME_RULE: ValueRule = {
  pattern: '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$',
  allowed: 'a result name must consist of letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit',
};

/** Throws when `names` has a duplicate. */
export function checkUnique(scope: IConstruct, field: string, names: readonly string[], what: string): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    check(!seen.has(name), scope, `${field}[${i}].name`, name, `${what} names must be unique; "${name}" is used twice`);
    seen.add(name);
  });
}

/** The param declaration as written to YAML. */
export function paramSpecToJson(spec: ParamSpec): Record<string, unknown> {
  const type = paramTypeOf(spec);
  return {
    name: spec.name,
    type,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.properties ? { properties: Object.fromEntries(spec.properties.map(k => [k, { type: 'string' }])) } : {}),
    ...(spec.allowedValues ? { enum: [...spec.allowedValues] } : {}),
    ...(spec.defaultValue ? { default: spec.defaultValue.toJson() } : {}),
  };
}
