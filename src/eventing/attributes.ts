import { IConstruct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { plainValue, ValueRule } from '../core/install-values';
import { isDns1123Subdomain } from '../core/names';
import { isUnresolved, STRING_TOKEN } from '../core/tokens';
import { addWarning } from '../core/warnings';

/**
 * Knative's rule for CloudEvents attribute names in trigger filters: lower-case
 * letters and digits, starting with a letter (CloudEvents 1.0 also advises at
 * most 20 characters, a SHOULD that Knative does not enforce).
 */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

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
  return { pattern: `^${namesExcept(excluded)}$`, allowed };
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

/**
 * Checks the name of an imported object (a DNS-1123 subdomain); a chart
 * value is checked by its default and by the same rule at install.
 * @internal
 */
export function checkImportedName(scope: IConstruct, field: string, name: string): void {
  checkValue(scope, field, name, {
    pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?([.][a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$',
    maxLength: 253,
    allowed: 'must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
  }, plain => typeof plain === 'string' && isDns1123Subdomain(plain));
}

/** The length CloudEvents 1.0 says attribute names SHOULD NOT exceed. */
export const MAX_PORTABLE_ATTRIBUTE_NAME = 20;

/**
 * A regular expression (no anchors, no look-around) of the attribute names
 * `[a-z][a-z0-9]*` other than `excluded`: at each letter of a trie of the
 * excluded names, a name either stops where no excluded name stops, leaves the
 * trie with another character, or goes on along it.
 */
function namesExcept(excluded: readonly string[]): string {
  interface Node { end: boolean; children: Map<string, Node> }
  const root: Node = { end: false, children: new Map() };
  for (const word of excluded) {
    let node = root;
    for (const c of word) {
      if (!node.children.has(c)) node.children.set(c, { end: false, children: new Map() });
      node = node.children.get(c)!;
    }
    node.end = true;
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const all = `${letters}0123456789`;
  const others = (alphabet: string, taken: Iterable<string>) => {
    const skip = new Set(taken);
    const rest = [...alphabet].filter(c => !skip.has(c));
    return rest.length === 0 ? undefined : `[${compress(rest)}]`;
  };
  const visit = (node: Node, alphabet: string, optional = !node.end): string => {
    const branches: string[] = [];
    const leave = others(alphabet, node.children.keys());
    if (leave) branches.push(`${leave}[a-z0-9]*`);
    for (const [c, child] of node.children) branches.push(`${c}${visit(child, all)}`);
    if (branches.length === 0) return optional ? '' : '(?:)';
    const group = `(?:${branches.join('|')})`;
    return optional ? `${group}?` : group;
  };
  return visit(root, letters, false);
}

/** `abcxyz019` as `a-cx-z019`: character ranges of consecutive characters. */
function compress(chars: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j + 1 < chars.length && chars[j + 1].charCodeAt(0) === chars[j].charCodeAt(0) + 1) j++;
    out.push(j - i >= 2 ? `${chars[i]}-${chars[j]}` : chars.slice(i, j + 1).join(''));
    i = j + 1;
  }
  return out.join('');
}

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
