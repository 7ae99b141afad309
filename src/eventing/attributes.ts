import { IConstruct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { plainValue, ValueRule } from '../core/install-values';
import { NameAlphabet, noneOfPattern } from '../core/syntax';
import { isUnresolved, STRING_TOKEN } from '../core/tokens';
import { addWarning } from '../core/warnings';

/**
 * Knative's rule for CloudEvents attribute names in trigger filters: lower-case
 * letters and digits, starting with a letter (CloudEvents 1.0 also advises at
 * most 20 characters, a SHOULD that Knative does not enforce).
 */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** The characters of {@link ATTRIBUTE_NAME}, for the install rule. */
const ATTRIBUTE_ALPHABET: NameAlphabet = { first: 'abcdefghijklmnopqrstuvwxyz', rest: 'abcdefghijklmnopqrstuvwxyz0123456789' };

/** What {@link checkAttributeName} says is allowed. */
const ATTRIBUTE_NAME_ALLOWED = 'a CloudEvents attribute name must be lower-case letters a-z and digits 0-9, starting with a letter';

/** True when `name` is a valid CloudEvents attribute name for Knative. */
export function isValidAttributeName(name: string): boolean {
  return ATTRIBUTE_NAME.test(name);
}

/**
 * The rule of an attribute name other than the names in `excluded`, for
 * install (a pattern without look-ahead, so Go's RE2 reads it too).
 * @internal
 */
export function attributeNameRule(allowed: string, excluded: readonly string[] = []): ValueRule {
  return { pattern: noneOfPattern(excluded, ATTRIBUTE_ALPHABET), allowed };
}

/**
 * Throws unless `name` is a valid CloudEvents attribute name; a chart value
 * is checked by its default now and by the same rule at install.
 */
export function checkAttributeName(scope: IConstruct, field: string, name: string): void {
  checkValue(scope, field, name, attributeNameRule(ATTRIBUTE_NAME_ALLOWED), plain => typeof plain === 'string' && isValidAttributeName(plain));
  const plain = plainValue(scope, name);
  if (typeof plain === 'string' && plain.length > MAX_PORTABLE_ATTRIBUTE_NAME) {
    addWarning(scope, `${field}: attribute name "${plain}" is longer than ${MAX_PORTABLE_ATTRIBUTE_NAME} characters, which CloudEvents 1.0 advises against (some transports may not carry it)`);
  }
}

/**
 * Refuses one chart value for a whole map whose keys the construct checks
 * (`why` says how): the chart could not check them at install. Each key and
 * value may be a chart value instead.
 * @internal
 */
export function checkNotWholeMap(scope: IConstruct, field: string, map: unknown, why = 'the keys are checked one by one'): void {
  check(!isUnresolved(map), scope, field, '(a map chart value)',
    `give a chart value for each value (or key) of the map, not one for the whole map: ${why}`);
}

/**
 * True when `list` is one list chart value (`asStringList()`), which stands
 * for the whole list: a construct that writes each item into its own object
 * cannot take it.
 * @internal
 */
export function isListToken(list: unknown): boolean {
  if (!Array.isArray(list) || list.length !== 1 || typeof list[0] !== 'string') return false;
  const m = [...list[0].matchAll(STRING_TOKEN)];
  return m.length === 1 && m[0][1] === 'List';
}

/** The length CloudEvents 1.0 says attribute names SHOULD NOT exceed. */
export const MAX_PORTABLE_ATTRIBUTE_NAME = 20;

/**
 * Checks CloudEvent override extensions (`ceOverrides.extensions`: each name
 * a valid CloudEvents attribute name, each value a string) and returns them as
 * a source's `ceOverrides`, or undefined when there are none. `field` names
 * the prop in errors.
 * @internal
 */
export function renderCeOverrides(scope: IConstruct, field: string, extensions: Record<string, string> | undefined): {
  /** Extension attributes set on every event the source sends, by attribute name. */
  extensions: Record<string, string>;
} | undefined {
  if (extensions === undefined || Object.keys(extensions).length === 0) return undefined;
  for (const [key, value] of Object.entries(extensions)) {
    const name = plainValue(scope, key);
    checkAttributeName(scope, `${field}.${name}`, key);
    check(typeof value === 'string', scope, `${field}.${name}`, value, 'must be a string');
  }
  return { extensions: { ...extensions } };
}
