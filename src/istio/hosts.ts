import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check, isDns1123Label, isDns1123Subdomain } from '../core';
import { isUnresolved } from '../core/tokens';

/**
 * True for an Istio host name: a DNS name (`reviews`, `api.example.com`), a
 * wildcard-prefixed one (`*.example.com`) or, when `allowBareWildcard`, `*`.
 * Istio matches `*.example.com` against any depth of subdomain.
 */
export function isIstioHost(host: string, allowBareWildcard = true): boolean {
  if (host === '*') return allowBareWildcard;
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return isDns1123Subdomain(name);
}

/**
 * Throws unless every host is an Istio host name and there is at least one.
 * Hosts holding a Helm chart value token are left to the chart schema.
 * @internal
 */
export function checkIstioHosts(scope: IConstruct, field: string, hosts: readonly string[], allowBareWildcard = true): void {
  check(hosts.length > 0, scope, field, hosts, 'must list at least one host');
  hosts.forEach((host, i) => isUnresolved(host) || check(isIstioHost(host, allowBareWildcard), scope, `${field}[${i}]`, host,
    `must be a DNS name such as "api.example.com", optionally prefixed with "*."${allowBareWildcard ? ', or "*"' : ''}`));
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
    check(nsOk && isIstioHost(host), scope, `${field}[${i}]`, entry,
      'must be [namespace/]host with namespace "*", "." or a namespace name, and host a DNS name, "*.domain" or "*"');
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
 * Throws unless `d` (when given) is at least 1 ms: Istio's CRDs reject
 * shorter durations (their CEL rule `duration(self) >= duration('1ms')`).
 * @internal
 */
export function checkIstioDuration(scope: IConstruct, field: string, d: Duration | undefined): void {
  if (d === undefined) return;
  const ms = d.toMilliseconds();
  check(ms >= 1, scope, field, `${ms}ms`, 'must be at least 1ms; Istio rejects shorter durations');
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
  }
}

/**
 * Renders a Duration as Istio reads it: whole seconds as `10s`, otherwise milliseconds such as `250ms`.
 * @internal
 */
export function istioDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
