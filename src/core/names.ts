import { IConstruct } from 'constructs';
import { checkValue } from './errors';
import { ValueRule } from './install-values';

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

/**
 * The name forms as chart value rules: the same words, and patterns that
 * ECMAScript and Go's RE2 read alike (the subdomain's 63-character labels are
 * checked on the default only).
 */
export const DNS1035_LABEL_VALUE: ValueRule = { pattern: '^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$', allowed: DNS1035_LABEL_RULE };
export const DNS1123_LABEL_VALUE: ValueRule = {
  pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
  allowed: 'must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit',
};
export const DNS1123_SUBDOMAIN_VALUE: ValueRule = {
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  maxLength: 253,
  allowed: 'must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
};

const isString = (test: (v: string) => boolean) => (v: unknown) => typeof v === 'string' && test(v);

/**
 * Throws unless `value` (when given) is an RFC 1035 label, the name form Knative Services and Routes need;
 * a chart value's default is checked now and the rule kept for install.
 */
export function checkDns1035Label(scope: IConstruct, field: string, value: string | undefined): void {
  checkValue(scope, field, value, DNS1035_LABEL_VALUE, isString(isDns1035Label));
}

/** Throws unless `value` (when given) is an RFC 1123 label (namespaces, most names); chart values as {@link checkDns1035Label}. */
export function checkDns1123Label(scope: IConstruct, field: string, value: string | undefined): void {
  checkValue(scope, field, value, DNS1123_LABEL_VALUE, isString(isDns1123Label));
}

/** Throws unless `value` (when given) is an RFC 1123 subdomain (most Kubernetes object names); chart values as {@link checkDns1035Label}. */
export function checkDns1123Subdomain(scope: IConstruct, field: string, value: string | undefined): void {
  checkValue(scope, field, value, DNS1123_SUBDOMAIN_VALUE, isString(isDns1123Subdomain));
}

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
/** Printable ASCII (space to '~') but '='. */
const ENV_VAR_NAME = /^[ -<>-~]+$/;

/** What a ConfigMap or Secret data key is, for messages and hints. */
export const CONFIG_MAP_KEY_RULE = 'a key is at most 253 letters, digits, \'-\', \'_\' or \'.\', and is not \'.\' or \'..\' nor starts with \'..\'';

/** What an environment variable name is (Kubernetes 1.34), for messages and hints. */
export const ENV_VAR_NAME_RULE = 'an env var name is printable ASCII characters (letters, digits, punctuation, spaces) other than \'=\'';

/** True for a name that is not `.` or `..` and does not start with `..` (apimachinery's `hasChDirPrefix` is empty). */
function noChDirPrefix(value: string): boolean {
  return value !== '.' && !value.startsWith('..');
}

/**
 * True for a key of a ConfigMap's or Secret's data (apimachinery v0.27.16,
 * `pkg/util/validation/validation.go`, `IsConfigMapKey`).
 */
export function isConfigMapKey(value: string): boolean {
  return value.length <= 253 && CONFIG_MAP_KEY.test(value) && noChDirPrefix(value);
}

/**
 * True for a container environment variable name as Kubernetes 1.34 accepts
 * it (apimachinery v0.34.0, `pkg/util/validation/validation.go`,
 * `IsRelaxedEnvVarName`: one or more printable ASCII characters, '=' excluded).
 * Kubernetes checks env names and envFrom prefixes with it since its
 * `RelaxedEnvironmentVariableValidation` gate went GA (locked on) in 1.34; it was
 * beta, on by default, from 1.32. Up to 1.31 the rule was `IsEnvVarName`: letters,
 * digits, '_', '-' and '.', no leading digit, not `.`/`..`/`..x`. No length limit upstream.
 */
export function isEnvVarName(value: string): boolean {
  return ENV_VAR_NAME.test(value);
}

/**
 * True for a name that can be a REST path segment: not `.` or `..`, without
 * `/` or `%` (apimachinery v0.27.16, `pkg/api/validation/path/name.go`,
 * `IsValidPathSegmentName`); RBAC kinds name their objects so.
 */
export function isPathSegmentName(value: string): boolean {
  return value !== '.' && value !== '..' && !value.includes('/') && !value.includes('%');
}
