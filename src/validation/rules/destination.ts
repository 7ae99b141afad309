import { describeValue } from '../../core/errors';
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

/** Checks a KReference: apiVersion, kind and name are required; namespace matches the parent's unless allowed. */
export function checkKReference(path: string, ref: unknown, ctx: RuleContext, opts: RefOptions = {}): Finding[] {
  if (!isRecord(ref)) return [finding(path, `${describeValue(ref)} is not a reference`, 'set apiVersion, kind and name')];
  const out: Finding[] = [];
  for (const key of REFERENCE_FIELDS) {
    const v = ref[key];
    if (typeof v !== 'string' || v.trim() === '') {
      if (key === 'apiVersion' && typeof ref.group === 'string' && featureFlag(ctx.config, 'kreference-group') === 'enabled') continue;
      out.push(finding(join(path, key), `${key} is missing`, `a reference needs apiVersion, kind and name, e.g. {apiVersion: serving.knative.dev/v1, kind: Service, name: hello}`));
    }
  }
  if (ref.group !== undefined && featureFlag(ctx.config, 'kreference-group') !== 'enabled') {
    out.push(finding(join(path, 'group'), 'group is not allowed in a reference', 'use apiVersion, or enable the kreference-group feature'));
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

/** True when `uri` is an absolute URI with a scheme and a host. */
export function isAbsoluteUri(uri: string): boolean {
  try {
    const u = new URL(uri);
    return /^[a-zA-Z][a-zA-Z0-9+.-]*:$/.test(u.protocol) && u.host !== '';
  } catch {
    return false;
  }
}

/**
 * Checks a Destination (sink, subscriber, reply, dead letter sink): a `ref`,
 * an absolute `uri`, or a `ref` with a relative `uri` resolved against it.
 * @param required report a missing destination
 */
export function checkDestination(path: string, dest: unknown, ctx: RuleContext, required: boolean, opts: RefOptions = {}): Finding[] {
  if (dest === undefined || dest === null) {
    return required ? [finding(path, `${lastSegment(path)} is missing`, 'set ref (an Addressable such as a Knative Service or Broker) or an absolute uri')] : [];
  }
  if (!isRecord(dest)) return [finding(path, `${describeValue(dest)} is not a destination`, 'set ref and/or uri')];
  const hasRef = dest.ref !== undefined && dest.ref !== null;
  const uri = dest.uri;
  if (!hasRef && (uri === undefined || uri === '')) {
    return [finding(path, 'neither ref nor uri is set', 'set ref (an Addressable) or an absolute uri such as https://example.com/events')];
  }
  if (uri !== undefined && typeof uri !== 'string') return [finding(join(path, 'uri'), `${describeValue(uri)} is not a URI`, 'use a string')];
  if (hasRef && uri && isAbsoluteUri(uri)) {
    return [finding(join(path, 'uri'), `absolute uri ${describeValue(uri)} is not allowed together with ref`,
      'with ref, uri is a path relative to the referent\'s address (e.g. /events); or drop ref and keep the absolute uri')];
  }
  if (!hasRef && uri && !isAbsoluteUri(uri)) {
    return [finding(join(path, 'uri'), `relative uri ${describeValue(uri)} is not allowed without ref`,
      'use an absolute URI with scheme and host (https://example.com/events), or add ref')];
  }
  return hasRef ? checkKReference(join(path, 'ref'), dest.ref, ctx, opts) : [];
}

function lastSegment(path: string): string {
  return path.replace(/\[\d+\]$/, '').split('.').pop() ?? path;
}

/** ISO-8601 duration (`PT1S`, `P1DT2H`, `PT0.5S`) in seconds; undefined when not one. */
export function parseIsoDuration(text: string): number | undefined {
  const n = '(\\d+(?:[.,]\\d+)?)';
  const re = new RegExp(`^([-+]?)P(?:${n}Y)?(?:${n}M)?(?:${n}W)?(?:${n}D)?(?:T(?:${n}H)?(?:${n}M)?(?:${n}S)?)?$`);
  const m = re.exec(text.trim());
  if (!m || /^[-+]?P(T)?$/.test(text.trim())) return undefined;
  const v = (i: number) => (m[i] ? Number(m[i].replace(',', '.')) : 0);
  const secs = v(2) * 31_556_952 + v(3) * 2_629_746 + v(4) * 604_800 + v(5) * 86_400 + v(6) * 3600 + v(7) * 60 + v(8);
  return m[1] === '-' ? -secs : secs;
}

const ISO_HINT = 'an ISO-8601 duration such as "PT1S", "PT0.5S" or "PT2M"';

/** Checks a delivery spec: dead letter sink, retry >= 0, backoff policy and ISO-8601 durations. */
export function checkDelivery(path: string, delivery: unknown, ctx: RuleContext): Finding[] {
  if (delivery === undefined || delivery === null) return [];
  const d: Json = rec(delivery);
  const out: Finding[] = [];
  out.push(...checkDestination(join(path, 'deadLetterSink'), d.deadLetterSink, ctx, false));
  if (d.retry !== undefined && (!isInt(d.retry) || d.retry < 0)) {
    out.push(finding(join(path, 'retry'), `retry ${describeValue(d.retry)} is not allowed`, 'must be an integer of 0 or more'));
  }
  if (d.backoffPolicy !== undefined && d.backoffPolicy !== 'linear' && d.backoffPolicy !== 'exponential') {
    out.push(finding(join(path, 'backoffPolicy'), `${describeValue(d.backoffPolicy)} is not a backoff policy`, 'use "linear" or "exponential"'));
  }
  if (d.backoffDelay !== undefined && (typeof d.backoffDelay !== 'string' || parseIsoDuration(d.backoffDelay) === undefined)) {
    out.push(finding(join(path, 'backoffDelay'), `${describeValue(d.backoffDelay)} is not a duration`, `use ${ISO_HINT}`));
  }
  if (d.timeout !== undefined) {
    const flag = featureFlag(ctx.config, 'delivery-timeout');
    const secs = typeof d.timeout === 'string' ? parseIsoDuration(d.timeout) : undefined;
    if (flag !== 'enabled') {
      out.push(finding(join(path, 'timeout'), `timeout needs the Eventing feature delivery-timeout, which is ${flag}`, 'remove timeout or enable delivery-timeout'));
    } else if (secs === undefined || secs === 0) {
      out.push(finding(join(path, 'timeout'), `${describeValue(d.timeout)} is not a non-zero duration`, `use ${ISO_HINT}`));
    }
  }
  if (d.retryAfterMax !== undefined) {
    const flag = featureFlag(ctx.config, 'delivery-retryafter');
    const secs = typeof d.retryAfterMax === 'string' ? parseIsoDuration(d.retryAfterMax) : undefined;
    if (flag !== 'enabled') {
      out.push(finding(join(path, 'retryAfterMax'), `retryAfterMax needs the Eventing feature delivery-retryafter, which is ${flag}`, 'remove it or enable delivery-retryafter'));
    } else if (secs === undefined || secs < 0) {
      out.push(finding(join(path, 'retryAfterMax'), `${describeValue(d.retryAfterMax)} is not a duration of 0 or more`, `use ${ISO_HINT}`));
    }
  }
  if (d.format !== undefined && d.format !== 'json' && d.format !== 'binary') {
    out.push(finding(join(path, 'format'), `${describeValue(d.format)} is not an event format`, 'use "json" (structured) or "binary"'));
  }
  return out;
}

/** Checks CloudEvent extension overrides of a source: keys are lower-case alphanumerics. */
export function checkCeOverrides(path: string, overrides: unknown): Finding[] {
  if (!isRecord(overrides)) return [];
  return Object.keys(rec(overrides.extensions))
    .filter(key => !/^[a-z0-9]+$/.test(key))
    .map(key => finding(join(join(path, 'extensions'), key), `extension name ${describeValue(key)} is not allowed`,
      'CloudEvents extension names are lower-case letters and digits only'));
}
