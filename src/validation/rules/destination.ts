import { describeValue } from '../../core/errors';
import { caCertsProblem } from '../../core/ca-certs';
import { featureFlag } from '../config';
import { Finding, RuleContext } from '../types';
import { finding, isInt, isRecord, join, Json, rec, str } from './util';

/** Options for checking a reference to another object. */
export interface RefOptions {
  /** The namespace of the object holding the reference; a different one is reported when set. */
  readonly parentNamespace?: string;
  /** The feature flag that allows a different namespace, if any. */
  readonly crossNamespaceFlag?: string;
}

const REFERENCE_FIELDS = ['apiVersion', 'kind', 'name'];

/**
 * Checks a KReference as knative/pkg does: name, kind and apiVersion are
 * required (with the kreference-group feature, group may stand in for
 * apiVersion, not beside it); a namespace other than the parent's is reported
 * only where Knative validates it against a parent (`parentNamespace`).
 */
export function checkKReference(path: string, ref: unknown, ctx: RuleContext, opts: RefOptions = {}): Finding[] {
  if (!isRecord(ref)) return [finding(path, `${describeValue(ref)} is not a reference`, 'set apiVersion, kind and name')];
  const out: Finding[] = [];
  const set = (v: unknown) => typeof v === 'string' && v !== '';
  const groupAllowed = featureFlag(ctx.config, 'kreference-group') === 'enabled';
  for (const key of REFERENCE_FIELDS) {
    if (set(ref[key])) continue;
    if (key === 'apiVersion' && groupAllowed && set(ref.group)) continue;
    out.push(finding(join(path, key), `${key} is missing`, `a reference needs apiVersion, kind and name, e.g. {apiVersion: serving.knative.dev/v1, kind: Service, name: hello}`));
  }
  if (set(ref.group)) {
    if (!groupAllowed) {
      out.push(finding(join(path, 'group'), 'group is not allowed in a reference', 'use apiVersion, or enable the kreference-group feature'));
    } else if (set(ref.apiVersion)) {
      out.push(finding(path, 'both apiVersion and group are set', 'set only one of apiVersion, group'));
    }
  }
  const ns = str(ref.namespace);
  if (ns && opts.parentNamespace && ns !== opts.parentNamespace) {
    const allowed = opts.crossNamespaceFlag !== undefined && featureFlag(ctx.config, opts.crossNamespaceFlag) === 'enabled';
    if (!allowed) {
      out.push(finding(join(path, 'namespace'), `namespace ${describeValue(ns)} does not match the object's namespace ${describeValue(opts.parentNamespace)}`,
        opts.crossNamespaceFlag
          ? `refer to an object in the same namespace, or enable ${opts.crossNamespaceFlag}`
          : 'refer to an object in the same namespace (or leave namespace unset)'));
    }
  }
  return out;
}

/** The parts of a URI that Knative's checks read, as Go's `net/url.Parse` splits them. */
export interface GoUrl {
  /** The scheme, '' for a relative reference. */
  readonly scheme: string;
  /** The host (with port), '' when there is no authority. */
  readonly host: string;
}

/**
 * Splits `uri` as Go's `url.Parse` does (the parser behind Knative's
 * `apis.URL`): `undefined` when Go fails to parse it, and the object is then
 * rejected when decoded. `mailto:x` and `http:foo` have a scheme but no host;
 * a `//host/path` reference has a host but no scheme.
 */
export function parseGoUrl(uri: string): GoUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(uri)) return undefined;
  let rest = uri.split('#')[0];
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (m) {
    scheme = m[1];
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith(':')) {
    return undefined; // missing protocol scheme
  }
  rest = rest.split('?')[0];
  if (scheme !== '' && !rest.startsWith('/')) return { scheme, host: '' }; // opaque, e.g. mailto:x
  if (scheme === '') {
    const first = rest.split('/')[0];
    if (first.includes(':')) return undefined; // first path segment in URL cannot contain colon
  }
  if (rest.startsWith('//') && (scheme !== '' || !rest.startsWith('///'))) {
    const authority = rest.slice(2).split('/')[0];
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    if (!/^[A-Za-z0-9._~%!$&'()*+,;=:[\]-]*$/.test(host)) return undefined; // invalid character in host name
    return { scheme, host };
  }
  return { scheme, host: '' };
}

/** True when `uri` is absolute with a host, the form Knative wants for a `uri` without `ref`. */
export function isAbsoluteUri(uri: string): boolean {
  const u = parseGoUrl(uri);
  return u !== undefined && u.scheme !== '' && u.host !== '';
}

/**
 * Checks a Destination (sink, subscriber, reply, dead letter sink) as
 * knative/pkg's `ValidateDestination` does: a `ref`, an absolute `uri` (scheme
 * and host), or a `ref` with a relative `uri` resolved against it. Knative
 * does not look at a `ref` that comes with a `uri`: what is wrong with it is
 * then a warning (resolving it fails later).
 * @param required report a missing destination
 */
export function checkDestination(path: string, dest: unknown, ctx: RuleContext, required: boolean, opts: RefOptions = {}): Finding[] {
  if (dest === undefined || dest === null) {
    return required ? [finding(path, `${lastSegment(path)} is missing`, 'set ref (an Addressable such as a Knative Service or Broker) or an absolute uri')] : [];
  }
  if (!isRecord(dest)) return [finding(path, `${describeValue(dest)} is not a destination`, 'set ref and/or uri')];
  const hasRef = dest.ref !== undefined && dest.ref !== null;
  const uri = dest.uri;
  const hasUri = uri !== undefined && uri !== null;
  if (!hasRef && !hasUri) {
    return [finding(path, 'neither ref nor uri is set', 'set ref (an Addressable) or an absolute uri such as https://example.com/events')];
  }
  if (hasUri && typeof uri !== 'string') return [finding(join(path, 'uri'), `${describeValue(uri)} is not a URI`, 'use a string')];
  const found = checkUriAndRef(path, dest, hasRef, uri as string | undefined, ctx, opts);
  // Knative stops at the first error; a warning (an unchecked ref) does not stop it.
  return found.some(f => f.severity !== 'warning') ? found : [...found, ...checkCaCerts(path, dest.CACerts, hasUri)];
}

/**
 * `CACerts` as knative/pkg checks it when the destination has a `uri` (its
 * first PEM block must be an X.509 CERTIFICATE); Knative does not look at it
 * beside a `ref` alone, so a problem there is a warning.
 */
function checkCaCerts(path: string, caCerts: unknown, hasUri: boolean): Finding[] {
  if (caCerts === undefined || caCerts === null) return [];
  const problem = caCertsProblem(caCerts);
  if (!problem) return [];
  return [finding(join(path, 'CACerts'), `CACerts: ${problem}`, 'give the PEM text of the CA certificates the sender trusts',
    hasUri ? undefined : 'warning')];
}

function checkUriAndRef(path: string, dest: Json, hasRef: boolean, uri: string | undefined, ctx: RuleContext, opts: RefOptions): Finding[] {
  if (uri === undefined) return checkKReference(join(path, 'ref'), dest.ref, ctx, opts);
  const parsed = parseGoUrl(uri as string);
  if (parsed === undefined) {
    return [finding(join(path, 'uri'), `${describeValue(uri)} is not a URI Knative can parse`, 'use an absolute URI such as https://example.com/events, or a path such as /events with ref')];
  }
  if (hasRef && parsed.scheme !== '') {
    return [finding(join(path, 'uri'), `absolute uri ${describeValue(uri)} is not allowed together with ref`,
      'with ref, uri is a path relative to the referent\'s address (e.g. /events); or drop ref and keep the absolute uri')];
  }
  if (!hasRef && (parsed.scheme === '' || parsed.host === '')) {
    return [finding(join(path, 'uri'), `${uri === '' ? 'an empty uri' : `relative uri ${describeValue(uri)}`} is not allowed without ref`,
      'use an absolute URI with scheme and host (https://example.com/events), or add ref')];
  }
  if (!hasRef) return [];
  return checkKReference(join(path, 'ref'), dest.ref, ctx, opts).map(f => ({
    ...f, message: `${f.message} (Knative admits a ref that comes with a uri unchecked; resolving it fails)`, severity: 'warning' as const,
  }));
}

function lastSegment(path: string): string {
  return path.replace(/\[\d+\]$/, '').split('.').pop() ?? path;
}

/** A duration parsed as Knative's ISO-8601 parser (rickb777/date `period.Parse`) reads it. */
export interface IsoPeriod {
  /** Every component is zero (after keeping one decimal digit, as the parser does). */
  readonly zero: boolean;
  /** The period is negative (a leading '-' on a non-zero period). */
  readonly negative: boolean;
}

const DATE_DESIGNATORS = 'YMWD';
const TIME_DESIGNATORS = 'HMS';

/**
 * Parses an ISO-8601 duration as rickb777/date's `period.Parse` (v1.20+, what
 * Knative Eventing's delivery checks use) does: an optional sign, `P`, then
 * number-designator pairs, `Y`/`M`/`W`/`D` before `T` and `H`/`M`/`S` after it,
 * each at most once, in any order; `P0` is zero; one decimal digit is kept
 * (`.` or `,`), and only the last of two neighbouring components may have one.
 * No blanks, no lower case.
 * @returns undefined when Knative would reject the text
 */
export function parseIsoPeriod(text: string): IsoPeriod | undefined {
  if (text === '' || text === '-' || text === '+') return undefined;
  if (text === 'P0') return { zero: true, negative: false };
  let rest = text;
  const negative = rest[0] === '-';
  if (rest[0] === '-' || rest[0] === '+') rest = rest.slice(1);
  if (rest[0] !== 'P') return undefined;
  rest = rest.slice(1);
  let inTime = false;
  const seen = new Set<string>();
  let components = 0;
  let prevFraction = 0;
  let zero = true;
  while (rest.length > 0) {
    if (rest[0] === 'T') {
      if (inTime) return undefined;
      inTime = true;
      rest = rest.slice(1);
      continue;
    }
    const m = /^([0-9.,]*)(.?)/.exec(rest)!;
    const [whole, number, designator] = m;
    if (designator === '') return undefined; // missing designator at the end
    const value = parseFixedPoint(number);
    if (value === undefined) return undefined;
    const [integer, fraction] = value;
    if (prevFraction !== 0 && fraction !== 0) return undefined; // only the last field can have a fraction
    const allowed = inTime ? TIME_DESIGNATORS : DATE_DESIGNATORS;
    const key = `${inTime ? 'T' : ''}${designator}`;
    if (!allowed.includes(designator) || seen.has(key)) return undefined;
    seen.add(key);
    components++;
    if (integer !== 0 || fraction !== 0) zero = false;
    prevFraction = fraction;
    rest = rest.slice(whole.length);
  }
  if (components === 0) return undefined;
  return { zero, negative: negative && !zero };
}

/** A period component's number as rickb777/date reads it: digits, then `.` or `,` and digits of which the first is kept. */
function parseFixedPoint(number: string): [number, number] | undefined {
  let dec = number.indexOf('.');
  if (dec < 0) dec = number.indexOf(',');
  const intPart = dec >= 0 ? number.slice(0, dec) : number;
  if (!/^\d{1,18}$/.test(intPart)) return undefined;
  const frac = dec >= 0 ? number.slice(dec + 1) : '';
  if (frac !== '' && !/^\d/.test(frac)) return undefined;
  return [Number(intPart), frac === '' ? 0 : Number(frac[0])];
}

/** ISO-8601 duration (`PT1S`, `P1DT2H`, `PT0.5S`) in seconds, as Knative reads it; undefined when Knative rejects it. */
export function parseIsoDuration(text: string): number | undefined {
  if (parseIsoPeriod(text) === undefined) return undefined;
  if (text === 'P0') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const factor: Record<string, number> = { Y: 31_556_952, M: 2_629_746, W: 604_800, D: 86_400, TH: 3600, TM: 60, TS: 1 };
  let secs = 0;
  const [date, time = ''] = text.replace(/^[-+]?P/, '').split('T');
  for (const [part, prefix] of [[date, ''], [time, 'T']] as const) {
    // A match starts only where a number starts (the lookbehind), so a long run of digits is scanned once.
    for (const m of part.matchAll(/(?<![\d.,])(\d+)(?:[.,](\d?)\d*)?([A-Z])/g)) {
      secs += Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`) * factor[prefix + m[3]];
    }
  }
  return sign * secs;
}

const ISO_HINT = 'an ISO-8601 duration such as "PT1S", "PT0.5S" or "PT2M" (Knative keeps one decimal digit)';

/** Options for checking a delivery spec. */
export interface DeliveryOptions extends RefOptions {
  /** Report everything as a warning: Knative does not validate this delivery spec. */
  readonly unchecked?: string;
}

/**
 * Checks a delivery spec as Knative's `DeliverySpec.Validate` does: dead letter
 * sink, retry >= 0, backoff policy, ISO-8601 durations (a non-zero timeout with
 * delivery-timeout, a non-negative retryAfterMax with delivery-retryafter).
 */
export function checkDelivery(path: string, delivery: unknown, ctx: RuleContext, opts: DeliveryOptions = {}): Finding[] {
  if (delivery === undefined || delivery === null) return [];
  const d: Json = rec(delivery);
  const out: Finding[] = [];
  const set = (v: unknown) => v !== undefined && v !== null;
  out.push(...checkDestination(join(path, 'deadLetterSink'), d.deadLetterSink, ctx, false, opts));
  if (set(d.retry) && (!isInt(d.retry) || d.retry < 0)) {
    out.push(finding(join(path, 'retry'), `retry ${describeValue(d.retry)} is not allowed`, 'must be an integer of 0 or more'));
  }
  if (set(d.backoffPolicy) && d.backoffPolicy !== 'linear' && d.backoffPolicy !== 'exponential') {
    out.push(finding(join(path, 'backoffPolicy'), `${describeValue(d.backoffPolicy)} is not a backoff policy`, 'use "linear" or "exponential"'));
  }
  const period = (v: unknown) => (typeof v === 'string' ? parseIsoPeriod(v) : undefined);
  if (set(d.backoffDelay) && period(d.backoffDelay) === undefined) {
    out.push(finding(join(path, 'backoffDelay'), `${describeValue(d.backoffDelay)} is not a duration`, `use ${ISO_HINT}`));
  }
  if (set(d.timeout)) {
    const flag = featureFlag(ctx.config, 'delivery-timeout');
    const p = period(d.timeout);
    if (flag !== 'enabled') {
      out.push(finding(join(path, 'timeout'), `timeout needs the Eventing feature delivery-timeout, which is ${flag}`, 'remove timeout or enable delivery-timeout'));
    } else if (p === undefined || p.zero) {
      out.push(finding(join(path, 'timeout'), `${describeValue(d.timeout)} is not a non-zero duration`, `use ${ISO_HINT}`));
    }
  }
  if (set(d.retryAfterMax)) {
    const flag = featureFlag(ctx.config, 'delivery-retryafter');
    const p = period(d.retryAfterMax);
    if (flag !== 'enabled') {
      out.push(finding(join(path, 'retryAfterMax'), `retryAfterMax needs the Eventing feature delivery-retryafter, which is ${flag}`, 'remove it or enable delivery-retryafter'));
    } else if (p === undefined || p.negative) {
      out.push(finding(join(path, 'retryAfterMax'), `${describeValue(d.retryAfterMax)} is not a duration of 0 or more`, `use ${ISO_HINT}`));
    }
  }
  if (set(d.format) && d.format !== 'json' && d.format !== 'binary') {
    out.push(finding(join(path, 'format'), `${describeValue(d.format)} is not an event format`, 'use "json" (structured) or "binary"'));
  }
  if (opts.unchecked === undefined) return out;
  return out.map(f => ({ ...f, message: `${f.message} (${opts.unchecked})`, severity: 'warning' as const }));
}

/**
 * Checks CloudEvent extension overrides of a source as knative/pkg does: a key
 * is a non-empty run of ASCII letters and digits. Upper-case letters pass
 * Knative but not the CloudEvents spec (a warning).
 */
export function checkCeOverrides(path: string, overrides: unknown): Finding[] {
  if (!isRecord(overrides)) return [];
  const out: Finding[] = [];
  for (const key of Object.keys(rec(overrides.extensions))) {
    if (/^[a-z0-9]+$/.test(key)) continue;
    const upper = /^[a-zA-Z0-9]+$/.test(key);
    out.push(finding(join(join(path, 'extensions'), key),
      upper ? `extension name ${describeValue(key)} has upper-case letters, which CloudEvents does not allow in attribute names` : `extension name ${describeValue(key)} is not allowed`,
      'CloudEvents extension names are lower-case letters and digits only', upper ? 'warning' : undefined));
  }
  return out;
}
