import { isIPv4 } from 'net';
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check, isDns1123Label, isDns1123Subdomain } from '../core';
import { checkMilliseconds } from '../core/durations';
import { isUnresolved } from '../core/tokens';

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
 * Throws unless every host is an Istio host name and there is at least one.
 * Hosts holding a Helm chart value token are left to the chart schema.
 * @internal
 */
export function checkIstioHosts(scope: IConstruct, field: string, hosts: readonly string[], allowBareWildcard = true, allowIp = false): void {
  check(hosts.length > 0, scope, field, hosts, 'must list at least one host');
  hosts.forEach((host, i) => isUnresolved(host) || check(isIstioHost(host, { allowBareWildcard, allowIp }), scope, `${field}[${i}]`, host,
    `must be a DNS name such as "api.example.com", optionally prefixed with "*."${allowBareWildcard ? ', or "*"' : ''}${allowIp ? ', or an IP address' : ''}`));
}

/**
 * Throws unless every host is a gateway server host: `[namespace/]host`
 * where namespace is `*`, `.` or a namespace name (which namespaces' routes may bind).
 * Hosts holding a Helm chart value token are left to the chart schema.
 * @internal
 */
export function checkGatewayHosts(scope: IConstruct, field: string, hosts: readonly string[]): void {
  check(hosts.length > 0, scope, field, hosts, 'must list at least one host');
  hosts.forEach((entry, i) => {
    if (isUnresolved(entry)) return;
    const slash = entry.indexOf('/');
    const ns = slash >= 0 ? entry.slice(0, slash) : undefined;
    const host = slash >= 0 ? entry.slice(slash + 1) : entry;
    const nsOk = ns === undefined || ns === '*' || ns === '.' || isDns1123Label(ns);
    // Istio takes no short names on gateways: a host is "*" or has a dot
    check(nsOk && (host === '*' || host.includes('.')) && isIstioHost(host, { allowIp: true }), scope, `${field}[${i}]`, entry,
      'must be [namespace/]host with namespace "*", "." or a namespace name, and host a fully qualified DNS name, "*.domain", "*" or an IP address');
  });
}

/**
 * Throws unless `port` (when given) is a TCP port number (1-65535).
 * @internal
 */
export function checkPort(scope: IConstruct, field: string, port: number | undefined): void {
  if (port === undefined) return;
  check(Number.isInteger(port) && port >= 1 && port <= 65535, scope, field, port, 'must be a port number from 1 to 65535');
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

/**
 * Throws unless a workload selector's label keys are not empty and neither
 * keys nor values hold `*`: Istio matches labels exactly and its CRDs reject
 * wildcards there. Entries holding a Helm chart value token are left to the chart schema.
 * @internal
 */
export function checkWorkloadSelector(scope: IConstruct, field: string, selector: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(selector ?? {})) {
    check(key.length > 0 && !key.includes('*'), scope, `${field}`, key, 'label keys must not be empty or hold "*"; Istio selects workloads by exact labels');
    if (isUnresolved(value)) continue;
    check(!value.includes('*'), scope, `${field}.${key}`, value, 'must not hold "*"; Istio selects workloads by exact label values');
    check(value.length <= 63, scope, `${field}.${key}`, value, 'must be at most 63 characters, as label values are');
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

/**
 * Throws unless `exportTo` (when given) lists `.`, `*` or namespace names,
 * each once (`.` is the object's own namespace), and `*` only alone: what
 * Istio's webhook accepts for VirtualServices and DestinationRules.
 * @internal
 */
export function checkExportTo(scope: IConstruct, field: string, exportTo: readonly string[] | undefined, namespace: string | undefined): void {
  const seen = new Set<string>();
  exportTo?.forEach((ns, i) => {
    if (isUnresolved(ns)) return;
    check(ns === '.' || ns === '*' || isDns1123Label(ns), scope, `${field}[${i}]`, ns, 'must be ".", "*" or a namespace name');
    const key = ns === '.' ? (namespace ?? '.') : ns;
    check(!seen.has(key), scope, `${field}[${i}]`, ns, `must be listed once${ns === '.' || key === namespace ? ' ("." is the own namespace)' : ''}`);
    seen.add(key);
  });
  if (exportTo && exportTo.length > 1) {
    check(!exportTo.includes('*'), scope, field, exportTo, '"*" (all namespaces) must stand alone');
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Throws unless every key is a Kubernetes label key (`[prefix/]name`) and
 * every value a label value: Istio validates subset labels as pod labels.
 * Entries holding a Helm chart value token are left to the chart schema.
 * @internal
 */
export function checkLabels(scope: IConstruct, field: string, labels: Record<string, string>): void {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const prefixOk = slash < 0 || isDns1123Subdomain(key.slice(0, slash));
    check(prefixOk && name.length <= 63 && LABEL_NAME.test(name), scope, field, key,
      'label keys must be [DNS subdomain/]name with a name of up to 63 letters, digits, "-", "_" and "."');
    if (isUnresolved(value)) continue;
    check(value === '' || (value.length <= 63 && LABEL_NAME.test(value)), scope, `${field}.${key}`, value,
      'must be a label value: up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
  }
}
