/**
 * Values shared by the Istio property tests, with models of what Istio
 * accepts: its CRDs (schema and CEL rules) and istiod's validating webhook
 * (`pkg/config/validation` in istio/istio). A value the construct rejects on
 * purpose although Istio would take it (a stricter, documented choice) is
 * `either`.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { Verdict } from './harness';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label. */
export function isLabel(s: string): boolean {
  return s.length <= 63 && LABEL.test(s);
}

/** An IPv4 address (the forms the generators draw). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** An IPv4 address or CIDR block, or an IPv6 one of the forms the generators draw. */
export function isIpOrCidr(s: string): boolean {
  const [ip, bits, more] = s.split('/');
  if (more !== undefined) return false;
  const v6 = /^[0-9a-f:]+$/.test(ip) && ip.includes('::');
  if (!isIPv4(ip) && !v6) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v6 ? 128 : 32));
}

/** Istio's `ValidateWildcardDomain`: a DNS name whose first label may be `*`, `*foo` or `*-foo`; no all-numeric top-level domain. */
export function isWildcardDomain(h: string): boolean {
  if (h.length === 0 || h.length > 255) return false;
  const dot = h.indexOf('.');
  const first = dot < 0 ? h : h.slice(0, dot);
  if (!(first.length <= 63 && /^(\*|(\*|\*-)?[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/.test(first))) return false;
  if (dot < 0) return true;
  const rest = h.slice(dot + 1).split('.');
  if (/^[-+]?\d+$/.test(rest[rest.length - 1])) return false;
  return rest.every((l, i) => (i === rest.length - 1 && l === '') || isLabel(l));
}

/** The host forms this library writes on purpose: a DNS-1123 subdomain, optionally after `*.`, or `*`. */
function isPlainHost(h: string): boolean {
  const name = h.startsWith('*.') ? h.slice(2) : h;
  return h === '*' || (name.length <= 253 && name.split('.').every(isLabel));
}

/** An Istio host (VirtualService hosts, DestinationRule host): `ok`, `either` for forms Istio takes but the library does not write, `bad`. */
export function hostVerdict(h: string, opts: { ip: boolean; bareWildcard: boolean }): Verdict {
  if (h === '*') return opts.bareWildcard ? 'ok' : 'bad';
  if (isIPv4(h)) return opts.ip ? 'ok' : 'bad';
  if (!isWildcardDomain(h)) return 'bad';
  return isPlainHost(h) ? 'ok' : 'either';
}

/** A gateway server host `[namespace/]host`; gateways take no short names (the host needs a dot) but take IPs. */
export function gatewayHostVerdict(entry: string): Verdict {
  const slash = entry.indexOf('/');
  const ns = slash >= 0 ? entry.slice(0, slash) : undefined;
  const host = slash >= 0 ? entry.slice(slash + 1) : entry;
  if (ns !== undefined && ns !== '*' && ns !== '.' && !isLabel(ns)) return 'bad';
  if (host !== '*' && !host.includes('.')) return 'bad';
  return hostVerdict(host, { ip: true, bareWildcard: true });
}

/** Two hosts of one VirtualService overlap (Istio's `host.Name.Matches`): the same, or one a wildcard covering the other. */
export function hostsOverlap(a: string, b: string): boolean {
  if (a === b) return true;
  const suffix = (w: string) => w.slice(1);
  if (a.startsWith('*') && b.startsWith('*')) return a.length <= b.length ? b.endsWith(suffix(a)) : a.endsWith(suffix(b));
  if (a.startsWith('*')) return b.endsWith(suffix(a));
  if (b.startsWith('*')) return a.endsWith(suffix(b));
  return false;
}

/** Hosts drawn for VirtualServices, DestinationRules and gateways: good ones, edge forms and bad ones. */
export const anyHost = fc.oneof(
  { arbitrary: fc.constantFrom('reviews', 'reviews.apps.svc.cluster.local', 'api.example.com', '*.example.com', 'shop.example.org', '*.apps.example.com', 'a.b'), weight: 6 },
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(\.[a-z][a-z0-9]{0,6}){0,2}$/), weight: 3 },
  fc.constantFrom('*', '10.0.0.1', '*foo.example.com', 'example.com.', 'a.123', 'Api.example.com', 'a..b', '-a.b', 'a_b.example.com', '', '*.*.com',
    'foo.*.com', `${'x'.repeat(64)}.com`, 'api.example.com/path', ' api.example.com'),
);

/** Namespace parts of gateway hosts. */
export const gatewayHostEntry = fc.oneof(
  { arbitrary: anyHost, weight: 4 },
  fc.tuple(fc.constantFrom('*', '.', 'apps', 'knative-serving', '', 'Apps', '~', 'a.b'), anyHost).map(([ns, h]) => `${ns}/${h}`),
);

/** Namespaces as `exportTo` takes them, and the verdict of a list (`.` is the chart's namespace `demo`). */
export const exportToEntry = fc.constantFrom('.', '*', 'demo', 'other', 'apps', '~', '', 'Bad', 'a.b');
export function exportToVerdict(list: string[] | undefined): Verdict {
  if (list === undefined) return 'ok';
  if (!list.every(e => e === '.' || e === '*' || isLabel(e))) return 'bad';
  const keys = list.map(e => (e === '.' ? 'demo' : e));
  if (new Set(keys).size !== keys.length) return 'bad';
  if (list.includes('*') && list.length > 1) return 'bad';
  // an empty list renders as `exportTo: []`, which Istio reads as unset
  return 'ok';
}

/** Durations in milliseconds: Istio takes whole milliseconds from 1 ms (CEL `>= duration('1ms')`, webhook: ms precision). */
export const durationMs = fc.oneof(
  { arbitrary: fc.constantFrom(1, 2, 250, 1000, 1500, 30_000, 3_600_000), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 120_000 }), weight: 2 },
  fc.constantFrom(0, 0.5, 0.999, 1.5, 0.001, 2.25),
);
export function durationVerdict(ms: number | undefined): Verdict {
  return ms === undefined || (Number.isInteger(ms) && ms >= 1) ? 'ok' : 'bad';
}
/** The Duration for `ms`, built the way users write it (millis, or seconds for whole or sub-millisecond values). */
export function toDuration(ms: number): Duration {
  return ms % 1000 === 0 && ms > 0 ? Duration.seconds(ms / 1000) : ms < 1 ? Duration.seconds(ms / 1000) : Duration.millis(ms);
}

/** Port numbers. */
export const port = fc.oneof(
  { arbitrary: fc.constantFrom(80, 443, 8080, 9090, 15443), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 2 },
  fc.constantFrom(0, -1, 65536, 1.5, Number.NaN),
);
export function portVerdict(p: number | undefined): Verdict {
  return p === undefined || (Number.isInteger(p) && p >= 1 && p <= 65535) ? 'ok' : 'bad';
}

/** Kubernetes label keys (with an optional DNS prefix) and values. */
export function isLabelKey(k: string): boolean {
  const slash = k.lastIndexOf('/');
  const name = slash >= 0 ? k.slice(slash + 1) : k;
  const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
  if (prefix !== undefined && !(prefix.length <= 253 && prefix.split('.').every(isLabel))) return false;
  return name.length > 0 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}
export function isLabelValue(v: string): boolean {
  return v === '' || (v.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(v));
}

/** Label maps: workload selectors and subset labels. */
export const labelKey = fc.constantFrom('app', 'version', 'istio', 'app.kubernetes.io/name', 'tier', '', 'a*', '*', 'bad key', 'Bad_Key');
export const labelValue = fc.constantFrom('web', 'v1', 'v2', 'ingressgateway', '', '*', 'v*', 'with space', 'a'.repeat(64));
export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

/**
 * A workload selector as Istio's webhook and CEL rules judge it: keys not
 * empty, no `*` in keys or values; the other label syntax is not checked
 * there (such a selector matches no pod): `either`.
 */
export function workloadSelectorVerdict(sel: Record<string, string> | undefined): Verdict {
  if (sel === undefined) return 'ok';
  let v: Verdict = 'ok';
  for (const [k, val] of Object.entries(sel)) {
    if (k === '' || k.includes('*') || val.includes('*')) return 'bad';
    if (!isLabelKey(k) || !isLabelValue(val)) v = 'either';
  }
  return v;
}

/** Subset labels: Istio validates them as Kubernetes labels. */
export function subsetLabelsVerdict(l: Record<string, string>): Verdict {
  if (!Object.entries(l).every(([k, v]) => isLabelKey(k) && isLabelValue(v))) return 'bad';
  // a subset without labels is every endpoint; the library asks for at least one on purpose
  return Object.keys(l).length === 0 ? 'either' : 'ok';
}

/** Resource names (metadata.name): DNS-1123 labels for Istio's objects (Istio wants labels for gateways). */
export const objectName = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,12}[a-z0-9])?$/), weight: 3 },
  fc.constantFrom('Bad', 'a.b', 'a_b', '-x', 'x'.repeat(64)),
);
export function objectNameVerdict(n: string | undefined): Verdict {
  if (n === undefined || isLabel(n)) return 'ok';
  // a dotted name is a valid subdomain: Kubernetes takes it for most kinds, Istio not for gateways
  return n === 'a.b' ? 'either' : 'bad';
}
