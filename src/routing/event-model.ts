/**
 * The internal model of a CloudEvent after a receiver has read it, and how
 * Knative's broker filter and the CESQL engine look its attributes up.
 */
import { trimTrailing } from '../core/text';
import { CesqlEvent, CesqlValue } from './cesql-eval';

/** An extension attribute value: the CloudEvents types a receiver keeps (binary mode: always strings). */
export type ExtensionValue = string | number | boolean;

/** A valid CloudEvent (spec version 1.0). */
export interface EventData {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly datacontenttype?: string;
  readonly dataschema?: string;
  readonly subject?: string;
  /** As written (RFC 3339). */
  readonly time?: string;
  readonly extensions: Readonly<Record<string, ExtensionValue>>;
  /** The data: JSON value, text, or undefined. */
  readonly data?: unknown;
  /** Binary data, base64-encoded. */
  readonly dataBase64?: string;
}

/** The context attributes the spec defines (v1.0). */
export const CORE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'];

/** The attributes of an event, as the JSON format writes them (without data). */
export function attributesOf(e: EventData): Record<string, ExtensionValue> {
  const out: Record<string, ExtensionValue> = { specversion: e.specversion, id: e.id, source: e.source, type: e.type };
  if (e.datacontenttype !== undefined) out.datacontenttype = e.datacontenttype;
  if (e.dataschema !== undefined) out.dataschema = e.dataschema;
  if (e.subject !== undefined) out.subject = e.subject;
  if (e.time !== undefined) out.time = e.time;
  for (const [k, v] of Object.entries(e.extensions)) out[k] = v;
  return out;
}

const TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A time as Go's `time.Time.MarshalText` writes it after parsing (RFC 3339
 * with nanoseconds): trailing zeros of the fraction dropped, a zero offset as `Z`.
 */
export function goTimeText(time: string): string {
  const m = TIME.exec(time);
  if (!m) return time;
  const frac = trimTrailing((m[3] ?? '').slice(0, 9), '0');
  const offset = m[4] === 'Z' || m[4] === '+00:00' || m[4] === '-00:00' ? 'Z' : m[4];
  return `${m[1]}T${m[2]}${frac ? `.${frac}` : ''}${offset}`;
}

/** The media type of a content type: without parameters, lower-case. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/**
 * An attribute as Knative's broker filter looks it up (`LookupAttribute`):
 * the core attributes are always found (an absent one as `""`, an absent time
 * as Go's zero time), extensions only when present, with their value type.
 */
export function lookupAttribute(e: EventData, name: string): ExtensionValue | undefined {
  switch (name) {
    case 'specversion': return e.specversion;
    case 'type': return e.type;
    case 'source': return e.source;
    case 'subject': return e.subject ?? '';
    case 'id': return e.id;
    case 'time': return e.time === undefined ? '0001-01-01T00:00:00Z' : goTimeText(e.time);
    case 'dataschema':
    case 'schemaurl': return e.dataschema ?? '';
    case 'datacontenttype': return e.datacontenttype ?? '';
    case 'datamediatype': return e.datacontenttype === undefined ? '' : mediaType(e.datacontenttype);
    case 'datacontentencoding': return '';
    default: return e.extensions[name];
  }
}

/** Go's `fmt.Sprintf("%v", value)` for an attribute value. */
export function goString(v: ExtensionValue): string {
  return String(v);
}

/** The event as the CESQL engine sees it (`utils.GetAttribute`): absent attributes are missing. */
export function cesqlView(e: EventData): CesqlEvent {
  const get = (name: string): CesqlValue | undefined => {
    switch (name) {
      case 'specversion': return e.specversion;
      case 'id': return e.id;
      case 'source': return e.source;
      case 'type': return e.type;
      case 'datacontenttype': return e.datacontenttype;
      case 'dataschema': return e.dataschema;
      case 'subject': return e.subject;
      case 'time': return e.time === undefined ? undefined : goTimeText(e.time);
      default: return Object.prototype.hasOwnProperty.call(e.extensions, name) ? e.extensions[name] : undefined;
    }
  };
  return { get, has: name => get(name) !== undefined };
}
