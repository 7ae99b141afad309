import { describeValue } from '../../core/errors';
import { DNS1035_LABEL_RULE, isDns1035Label } from '../../core/names';
import { Finding } from '../types';
import { finding } from './util';

/** The hint for a bad DNS-1035 label. */
export const DNS1035_HINT = DNS1035_LABEL_RULE;

/** True for a generateName prefix that yields a DNS-1035 label once Kubernetes appends 5 random characters. */
export function isDns1035Prefix(value: string): boolean {
  return value.length <= 58 && /^[a-z][-a-z0-9]*$/.test(value);
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
    'lower-case letters, digits and \'-\', starting with a letter, at most 58 characters (5 random ones are appended)')];
}
