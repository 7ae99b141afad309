import { describeValue } from '../../core/errors';
import { DNS1035_LABEL_RULE, isDns1035Label } from '../../core/names';
import { Finding } from '../types';
import { finding } from './util';

/** The hint for a bad DNS-1035 label. */
export const DNS1035_HINT = DNS1035_LABEL_RULE;

/**
 * True for a generateName Knative accepts: with a trailing '-' read as a letter,
 * it is a DNS-1035 label (Kubernetes' `NameIsDNS1035Label(name, true)`).
 * Kubernetes cuts a longer prefix to 58 characters before it appends 5 random ones.
 */
export function isDns1035Prefix(value: string): boolean {
  const masked = value.length > 1 && value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
  return isDns1035Label(masked);
}

/** Checks `name` (when set) as a DNS-1035 label. */
export function checkDns1035Name(path: string, name: unknown): Finding[] {
  if (name === undefined) return [];
  return typeof name === 'string' && isDns1035Label(name) ? [] : [finding(path, `${describeValue(name)} is not a DNS-1035 label`, DNS1035_HINT)];
}

/** Checks `generateName` (when set and non-empty) as a DNS-1035 prefix. */
export function checkGenerateName(path: string, generateName: unknown): Finding[] {
  if (generateName === undefined || generateName === '') return [];
  return typeof generateName === 'string' && isDns1035Prefix(generateName) ? [] : [finding(path, `${describeValue(generateName)} is not a DNS-1035 label prefix`,
    'lower-case letters, digits and \'-\', starting with a letter, at most 63 characters (Kubernetes keeps 58 and appends 5 random ones)')];
}
