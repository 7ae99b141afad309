import { isIPv4 } from 'net';
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check, isDns1123Label, isDns1123Subdomain, withDefaultNote } from '../core';
import { checkMilliseconds } from '../core/durations';
import { constrainAtInstall, followsRule, holdsToken, plainValue, ValueRule } from '../core/install-values';

/** Options of {@link isIstioHost}. */
export interface IstioHostOptions {
  /**
   * Accept `*` alone.
   * @default true
   */
  readonly allowBareWildcard?: boolean;
  /**
   * Accept an IPv4 address (VirtualService and gateway hosts; not destinations).
   * @default false
   */
  readonly allowIp?: boolean;
}

/**
 * True for an Istio host name: a DNS name (`reviews`, `api.example.com`), a
 * wildcard-prefixed one (`*.example.com`) or, when `allowBareWildcard`, `*`.
 * Istio matches `*.example.com` against any depth of subdomain. Like
 * Istio, it refuses an all-numeric top-level domain (`a.123`) unless the host
 * is an IPv4 address and `allowIp` is set.
 */
export function isIstioHost(host: string, options: IstioHostOptions = {}): boolean {
  if (host === '*') return options.allowBareWildcard ?? true;
  if (isIPv4(host)) return options.allowIp ?? false;
  const name = host.startsWith('*.') ? host.slice(2) : host;
  const labels = name.split('.');
  return isDns1123Subdomain(name) && (labels.length < 2 || !/^\d+$/.test(labels[labels.length - 1]));
}

/**
 * The words of a failed check: `allowed`, and a note when the value holds a
 * chart value token (the check read its default).
 * @internal
 */
export function allowedFor(value: unknown, allowed: string): string {
  return withDefaultNote(holdsToken(value), allowed);
}

/**
 * Checks a list prop whose items follow `item`: it records the rule for
 * install (on the whole list when it is one chart value, on the items that
 * are) and checks the plain items now with `ok` (default: the rule itself).
 * Returns the plain list (tokens replaced by their defaults).
 * @internal
 */
export function checkItems(scope: IConstruct, field: string, values: readonly string[] | undefined, item: ValueRule,
  options: { minItems?: number; listAllowed?: string; ok?: (plain: string) => boolean } = {}): string[] | undefined {
  if (values === undefined) return undefined;
  constrainAtInstall(scope, field, values, { allowed: options.listAllowed ?? item.allowed, minItems: options.minItems, items: item });
  const plain = plainValue(scope, [...values]);
  if (options.minItems !== undefined) {
    check(plain.length >= options.minItems, scope, field, plain, allowedFor(values, options.listAllowed ?? item.allowed));
  }
  plain.forEach((v, i) => check(options.ok ? options.ok(v) : followsRule(item, v), scope, `${field}[${i}]`, v, allowedFor(values, item.allowed)));
  return plain;
}

/**
 * Checks one prop against `rule` (recorded for install when it holds a chart
 * value), with `ok` as the check of the plain value; returns the plain value.
 * @internal
 */
export function checkOne<T>(scope: IConstruct, field: string, value: T, rule: ValueRule, ok?: (plain: T) => boolean): T {
  if (value === undefined) return value;
  constrainAtInstall(scope, field, value, rule);
  const plain = plainValue(scope, value);
  check(ok ? ok(plain) : followsRule(rule, plain), scope, field, plain, allowedFor(value, rule.allowed));
  return plain;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** A last label that is not all digits (Istio refuses an all-numeric top-level domain). */
const TOP_LABEL = '(([a-z0-9][-a-z0-9]*)?[a-z]([-a-z0-9]*[a-z0-9])?|[0-9][-0-9]*-[-0-9]*[0-9])';
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `(${OCTET}\\.){3}${OCTET}`;
/** A DNS name with a dot (and a top-level domain that is not all digits). */
const DOTTED_NAME = `(${LABEL}\\.)+${TOP_LABEL}`;
/** A DNS name: one label, or a dotted name. */
const DNS_NAME = `(${LABEL}|${DOTTED_NAME})`;

/** The words of {@link checkIstioHosts}. */
function istioHostAllowed(allowBareWildcard: boolean, allowIp: boolean): string {
  return `must be a DNS name such as "api.example.com", optionally prefixed with "*."${allowBareWildcard ? ', or "*"' : ''}${allowIp ? ', or an IP address' : ''}`;
}

/**
 * The rule of {@link isIstioHost} as a pattern both ECMAScript and RE2 read
 * (the length of each label is left to the check of the default).
 * @internal
 */
export function istioHostRule(allowBareWildcard: boolean, allowIp: boolean, allowed = istioHostAllowed(allowBareWildcard, allowIp)): ValueRule {
  const forms = [`(\\*\\.)?${DNS_NAME}`, ...(allowBareWildcard ? ['\\*'] : []), ...(allowIp ? [IPV4] : [])];
  return { pattern: `^(${forms.join('|')})$`, maxLength: 255, allowed };
}

/**
 * Throws unless every host is an Istio host name and there is at least one.
 * Hosts holding a Helm chart value token are checked by their default now,
 * and by the rule at install.
 * @internal
 */
export function checkIstioHosts(scope: IConstruct, field: string, hosts: readonly string[], allowBareWildcard = true, allowIp = false): string[] {
  return checkItems(scope, field, hosts, istioHostRule(allowBareWildcard, allowIp), {
    minItems: 1, listAllowed: 'must list at least one host', ok: host => isIstioHost(host, { allowBareWildcard, allowIp }),
  })!;
}

const GATEWAY_HOST_ALLOWED = 'must be [namespace/]host with namespace "*", "." or a namespace name, and host a fully qualified DNS name, "*.domain", "*" or an IP address';
/** The rule of a gateway server host, as a pattern. */
const GATEWAY_HOST_RULE: ValueRule = {
  pattern: `^((\\*|\\.|${LABEL})/)?(\\*|\\*\\.${DNS_NAME}|${DOTTED_NAME}|${IPV4})$`,
  maxLength: 319,
  allowed: GATEWAY_HOST_ALLOWED,
};

function isGatewayHost(entry: string): boolean {
  const slash = entry.indexOf('/');
  const ns = slash >= 0 ? entry.slice(0, slash) : undefined;
  const host = slash >= 0 ? entry.slice(slash + 1) : entry;
  const nsOk = ns === undefined || ns === '*' || ns === '.' || isDns1123Label(ns);
  // Istio takes no short names on gateways: a host is "*" or has a dot
  return nsOk && (host === '*' || host.includes('.')) && isIstioHost(host, { allowIp: true });
}

/**
 * Throws unless every host is a gateway server host: `[namespace/]host`
 * where namespace is `*`, `.` or a namespace name (which namespaces' routes may bind).
 * Hosts holding a Helm chart value token are checked by their default now,
 * and by the rule at install.
 * @internal
 */
export function checkGatewayHosts(scope: IConstruct, field: string, hosts: readonly string[]): void {
  checkItems(scope, field, hosts, GATEWAY_HOST_RULE, { minItems: 1, listAllowed: 'must list at least one host', ok: isGatewayHost });
}

/** A TCP port number. */
const PORT_RULE: ValueRule = { integer: true, minimum: 1, maximum: 65535, allowed: 'must be a port number from 1 to 65535' };

/**
 * Throws unless `port` (when given) is a TCP port number (1-65535); a chart
 * value is checked by its default now, and by the range at install.
 * @internal
 */
export function checkPort(scope: IConstruct, field: string, port: number | undefined): void {
  checkOne(scope, field, port, PORT_RULE);
}

/**
 * Throws unless `d` (when given) is a whole number of milliseconds, at least
 * 1 ms: Istio's CRDs reject shorter durations (their CEL rule
 * `duration(self) >= duration('1ms')`) and its webhook finer ones.
 * @internal
 */
export function checkIstioDuration(scope: IConstruct, field: string, d: Duration | undefined): void {
  checkMilliseconds(scope, field, d, 1, 'Istio rejects shorter durations');
}

const NO_STAR_RULE: ValueRule = { pattern: '^[^*]*$', allowed: 'must not hold "*"; Istio selects workloads by exact label values' };
const LABEL_VALUE_LENGTH_RULE: ValueRule = { maxLength: 63, allowed: 'must be at most 63 characters, as label values are' };

/**
 * Throws unless a workload selector's label keys are not empty and neither
 * keys nor values hold `*`: Istio matches labels exactly and its CRDs reject
 * wildcards there. A value holding a Helm chart value token is checked by its
 * default now, and by the same rules at install.
 * @internal
 */
export function checkWorkloadSelector(scope: IConstruct, field: string, selector: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(selector ?? {})) {
    check(key.length > 0 && !key.includes('*'), scope, `${field}`, key, 'label keys must not be empty or hold "*"; Istio selects workloads by exact labels');
    checkOne(scope, `${field}.${key}`, value, NO_STAR_RULE);
    checkOne(scope, `${field}.${key}`, value, LABEL_VALUE_LENGTH_RULE);
  }
}

/**
 * True when two hosts of one VirtualService overlap as Istio sees it: the
 * same, or one a wildcard covering the other (`*.example.com` and
 * `api.example.com`, `*` and anything).
 */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const suffix = (w: string) => w.slice(1);
  if (a.startsWith('*') && b.startsWith('*')) return a.length <= b.length ? b.endsWith(suffix(a)) : a.endsWith(suffix(b));
  if (a.startsWith('*')) return b.endsWith(suffix(a));
  if (b.startsWith('*')) return a.endsWith(suffix(b));
  return false;
}

/** An `exportTo` entry. */
const EXPORT_TO_RULE: ValueRule = { pattern: `^(\\.|\\*|${LABEL})$`, maxLength: 63, allowed: 'must be ".", "*" or a namespace name' };

/**
 * Throws unless `exportTo` (when given) lists `.`, `*` or namespace names,
 * each once (`.` is the object's own namespace), and `*` only alone: what
 * Istio's webhook accepts for VirtualServices and DestinationRules. Chart
 * values are checked by their defaults now, each entry by its rule at install.
 * @internal
 */
export function checkExportTo(scope: IConstruct, field: string, exportTo: readonly string[] | undefined, namespace: string | undefined): void {
  const plain = checkItems(scope, field, exportTo, EXPORT_TO_RULE, { ok: ns => ns === '.' || ns === '*' || isDns1123Label(ns) });
  if (plain === undefined) return;
  const seen = new Set<string>();
  plain.forEach((ns, i) => {
    const key = ns === '.' ? (namespace ?? '.') : ns;
    check(!seen.has(key), scope, `${field}[${i}]`, ns, `must be listed once${ns === '.' || key === namespace ? ' ("." is the own namespace)' : ''}`);
    seen.add(key);
  });
  if (plain.length > 1) {
    check(!plain.includes('*'), scope, field, plain, '"*" (all namespaces) must stand alone');
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE_RULE: ValueRule = {
  pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$',
  maxLength: 63,
  allowed: 'must be a label value: up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
};

/**
 * Throws unless every key is a Kubernetes label key (`[prefix/]name`) and
 * every value a label value: Istio validates subset labels as pod labels.
 * A value holding a Helm chart value token is checked by its default now,
 * and by the rule at install.
 * @internal
 */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string>): void {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = slash < 0 || isDns1123Subdomain(key.slice(0, slash));
    check(prefixOk && name.length <= 63 && LABEL_NAME.test(name), scope, field, key,
      'label keys must be [DNS subdomain/]name with a name of up to 63 letters, digits, "-", "_" and "."');
    checkOne(scope, `${field}.${key}`, value, LABEL_VALUE_RULE);
  }
}

const DNS_LABEL_RULE: ValueRule = {
  pattern: `^${LABEL}$`,
  maxLength: 63,
  allowed: 'must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit',
};

/**
 * Throws unless `value` (when given) is a DNS-1123 label; a chart value is
 * checked by its default now, and by the rule at install.
 * @internal
 */
export function checkDnsLabel(scope: IConstruct, field: string, value: string | undefined): void {
  checkOne(scope, field, value, DNS_LABEL_RULE, v => isDns1123Label(v!));
}
