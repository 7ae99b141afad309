import { IConstruct } from 'constructs';
import { check } from '../core/errors';
import { addWarning } from '../core/warnings';

/**
 * Knative's rule for CloudEvents attribute names in trigger filters: lower-case
 * letters and digits, starting with a letter (CloudEvents 1.0 also advises at
 * most 20 characters, a SHOULD that Knative does not enforce).
 */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** True when `name` is a valid CloudEvents attribute name for Knative. */
export function isValidAttributeName(name: string): boolean {
  return ATTRIBUTE_NAME.test(name);
}

/** Throws unless `name` is a valid CloudEvents attribute name. */
export function checkAttributeName(scope: IConstruct, field: string, name: string): void {
  check(isValidAttributeName(name), scope, field, name,
    'a CloudEvents attribute name must be lower-case letters a-z and digits 0-9, starting with a letter');
  if (name.length > MAX_PORTABLE_ATTRIBUTE_NAME) {
    addWarning(scope, `${field}: attribute name "${name}" is longer than ${MAX_PORTABLE_ATTRIBUTE_NAME} characters, which CloudEvents 1.0 advises against (some transports may not carry it)`);
  }
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
    checkAttributeName(scope, `${field}.${key}`, key);
    check(typeof value === 'string', scope, `${field}.${key}`, value, 'must be a string');
  }
  return { extensions: { ...extensions } };
}
