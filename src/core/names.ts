import { IConstruct } from 'constructs';
import { check } from './errors';
import { isUnresolved } from './tokens';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True for an RFC 1123 DNS label: at most 63 lower-case alphanumerics or '-', alphanumeric at both ends. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** True for an RFC 1035 DNS label: like RFC 1123 but starting with a letter. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** True for an RFC 1123 DNS subdomain: dot-separated labels, at most 253 characters. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value) && value.split('.').every(label => label.length <= 63);
}

/** What a DNS-1035 label is, for messages and hints. */
export const DNS1035_LABEL_RULE = 'must be a DNS-1035 label: at most 63 characters, lower-case letters, digits and \'-\', starting with a letter and ending with a letter or digit';

/** Throws unless `value` (when given) is an RFC 1035 label, the name form Knative Services and Routes need. */
export function checkDns1035Label(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  check(isDns1035Label(value), scope, field, value, DNS1035_LABEL_RULE);
}

/** Throws unless `value` (when given) is an RFC 1123 label (namespaces, most names). */
export function checkDns1123Label(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  check(isDns1123Label(value), scope, field, value,
    'must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit');
}

/** Throws unless `value` (when given) is an RFC 1123 subdomain (most Kubernetes object names). */
export function checkDns1123Subdomain(scope: IConstruct, field: string, value: string | undefined): void {
  if (value === undefined || isUnresolved(value)) return;
  check(isDns1123Subdomain(value), scope, field, value,
    'must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
}
