/**
 * Reading CloudEvents as a receiver does: the JSON event format
 * (`application/cloudevents+json`), the JSON batch format
 * (`application/cloudevents-batch+json`), and HTTP/1.1 requests in the three
 * content modes of the HTTP protocol binding (binary: attributes in `ce-`
 * headers, percent-encoded, `Content-Type` as `datacontenttype`, the body as
 * data; structured; batched), the mode told by the `Content-Type` header.
 * Every check names the attribute (or header) that is wrong.
 */
import { EventData, ExtensionValue, mediaType } from './event-model';

/** How the events arrived. */
export type ContentMode = 'structured' | 'batched' | 'binary';

/** The events read from an input, or why it is not a valid CloudEvent. */
export interface ParsedEvents {
  readonly events: EventData[];
  readonly errors: string[];
  readonly mode?: ContentMode;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(?:${TOKEN}|"(?:[^"\\\\]|\\\\.)*"))*\\s*;?\\s*$`);
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const EXTENSION_NAME = /^[a-z0-9]+$/;

const STRING_ATTRIBUTES = ['id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'];

/** Whether `s` is an RFC 3339 timestamp Go's `time.Parse(time.RFC3339Nano)` reads. */
export function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > days[mo - 1] || h > 23 || mi > 59 || sec > 59) return false;
  return m[7] === undefined || (Number(m[8]) < 24 && Number(m[9]) < 60);
}

/** Checks the attributes of one event (all values already in their types) and builds it. */
function checkEvent(attrs: Record<string, unknown>, where: string, errors: string[], binary: boolean): EventData | undefined {
  const before = errors.length;
  const err = (name: string, msg: string) => errors.push(`${where}${binary ? `header ce-${name}` : `attribute ${name}`}: ${msg}`);
  const sv = attrs.specversion;
  if (sv === undefined) err('specversion', 'is required (the CloudEvents version, "1.0")');
  else if (sv !== '1.0') err('specversion', `${JSON.stringify(sv)} is not supported; a receiver of CloudEvents 1.0 needs "1.0"`);
  for (const name of ['id', 'source', 'type']) {
    if (attrs[name] === undefined) err(name, 'is required');
  }
  for (const name of STRING_ATTRIBUTES) {
    const v = attrs[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') {
      err(name, `must be a String, not ${JSON.stringify(v)}`);
      continue;
    }
    if (v.trim() === '' && name !== 'dataschema') {
      err(name, 'must be a non-empty string');
      continue;
    }
    switch (name) {
      case 'source':
        if (!URI_CHARS.test(v)) err(name, `${JSON.stringify(v)} is not a URI-reference (RFC 3986): spaces and other characters must be percent-encoded`);
        break;
      case 'dataschema':
        if (!SCHEME.test(v) || !URI_CHARS.test(v)) err(name, `${JSON.stringify(v)} is not an absolute URI (RFC 3986), e.g. https://example.com/schema.json`);
        break;
      case 'time':
        if (!isRfc3339(v)) err(name, `${JSON.stringify(v)} is not an RFC 3339 timestamp such as 2024-05-01T12:00:00Z (upper-case T and Z, as Knative's SDK reads it)`);
        break;
      case 'datacontenttype':
        if (!MEDIA_TYPE.test(v.trim())) err(name, `${JSON.stringify(v)} is not a media type (RFC 2046) such as application/json`);
        break;
      default:
        break;
    }
  }
  const extensions: Record<string, ExtensionValue> = {};
  for (const [name, v] of Object.entries(attrs)) {
    if (name === 'specversion' || STRING_ATTRIBUTES.includes(name)) continue;
    if (!EXTENSION_NAME.test(name)) {
      err(name, `${JSON.stringify(name)} is not a valid attribute name (lower-case letters a-z and digits 0-9 only)`);
      continue;
    }
    if (v === null || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'boolean') {
      extensions[name] = v;
    } else if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) {
      extensions[name] = v;
    } else if (typeof v === 'number') {
      err(name, `${v} is not an Integer (CloudEvents integers are whole numbers from -2147483648 to 2147483647)`);
    } else {
      err(name, `an extension value is a String, Boolean or Integer, not ${Array.isArray(v) ? 'an array' : 'an object'}`);
    }
  }
  if (errors.length > before) return undefined;
  return {
    specversion: sv as string,
    id: attrs.id as string,
    source: attrs.source as string,
    type: attrs.type as string,
    datacontenttype: attrs.datacontenttype as string | undefined,
    dataschema: attrs.dataschema as string | undefined,
    subject: attrs.subject as string | undefined,
    time: attrs.time as string | undefined,
    extensions,
  };
}

/** One event in the JSON format (a parsed JSON value). */
export function eventFromJson(value: unknown, where: string, errors: string[]): EventData | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(`${where}not a CloudEvent: the JSON format needs an object with specversion, id, source and type`);
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  const { data, data_base64: dataBase64, ...attrs } = obj;
  const before = errors.length;
  if (data !== undefined && dataBase64 !== undefined) errors.push(`${where}data and data_base64 are both set; an event has one of them`);
  if (dataBase64 !== undefined && (typeof dataBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64) || dataBase64.length % 4 !== 0)) {
    errors.push(`${where}data_base64 is not base64-encoded data`);
  }
  const event = checkEvent(attrs, where, errors, false);
  if (!event || errors.length > before) return undefined;
  return { ...event, data, dataBase64: dataBase64 as string | undefined };
}

/** A JSON text: one event (structured) or an array of events (batch). */
export function eventsFromJsonText(text: string, where = ''): ParsedEvents {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { events: [], errors: [`${where}not JSON: ${(e as Error).message}`] };
  }
  return eventsFromJsonValue(value, where);
}

function eventsFromJsonValue(value: unknown, where: string, batchOnly = false): ParsedEvents {
  const errors: string[] = [];
  if (Array.isArray(value)) {
    const events = value.map((v, i) => eventFromJson(v, `${where}event ${i}: `, errors)).filter((e): e is EventData => e !== undefined);
    return { events: errors.length ? [] : events, errors, mode: 'batched' };
  }
  if (batchOnly) return { events: [], errors: [`${where}a batch (application/cloudevents-batch+json) is a JSON array of events`], mode: 'batched' };
  const event = eventFromJson(value, where, errors);
  return { events: event ? [event] : [], errors, mode: 'structured' };
}

/** A raw HTTP/1.1 request. */
interface HttpRequest {
  readonly method: string;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

function parseHttp(raw: Buffer, errors: string[]): HttpRequest | undefined {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  let headEnd: number;
  let bodyStart: number;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    headEnd = crlf;
    bodyStart = crlf + 4;
  } else if (lf >= 0) {
    headEnd = lf;
    bodyStart = lf + 2;
  } else {
    headEnd = text.length;
    bodyStart = text.length;
  }
  const lines = text.slice(0, headEnd).split(/\r?\n/);
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0].trim());
  if (!requestLine) {
    errors.push(`not an HTTP/1.1 request: the first line ${JSON.stringify(lines[0].slice(0, 60))} is not "POST <path> HTTP/1.1" (and the input is not JSON)`);
    return undefined;
  }
  const headers: Array<[string, string]> = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^[ \t]/.test(line)) {
      errors.push(`HTTP header line ${i + 1} is folded (starts with a blank); write each header on one line`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !new RegExp(`^${TOKEN}$`).test(line.slice(0, colon))) {
      errors.push(`HTTP header line ${i + 1} ${JSON.stringify(line.slice(0, 60))} is not "Name: value"`);
      continue;
    }
    headers.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
  }
  let body = raw.subarray(Buffer.byteLength(text.slice(0, bodyStart), 'latin1'));
  const header = (name: string) => headers.find(h => h[0] === name)?.[1];
  const te = header('transfer-encoding');
  if (te !== undefined && te.toLowerCase() === 'chunked') {
    const decoded = dechunk(body);
    if (!decoded) {
      errors.push('the body is not valid chunked transfer encoding (Transfer-Encoding: chunked)');
      return undefined;
    }
    body = decoded;
  } else if (header('content-length') !== undefined) {
    const len = Number(header('content-length'));
    if (!Number.isInteger(len) || len < 0) {
      errors.push(`Content-Length ${JSON.stringify(header('content-length'))} is not a number of bytes`);
      return undefined;
    }
    if (body.length < len) {
      errors.push(`the body has ${body.length} bytes, fewer than its Content-Length ${len}`);
      return undefined;
    }
    body = body.subarray(0, len);
  }
  return { method: requestLine[1], headers, body };
}

function dechunk(body: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\n', i);
    if (eol < 0) return undefined;
    const size = parseInt(body.subarray(i, eol).toString('latin1').split(';')[0].trim(), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = eol + 1;
    if (start + size > body.length) return undefined;
    parts.push(body.subarray(start, start + size));
    i = start + size;
    if (body[i] === 0x0d) i++;
    if (body[i] === 0x0a) i++;
  }
}

/**
 * A `ce-` header value (its bytes as latin1 characters) decoded as the HTTP
 * binding says: `%` followed by two hex digits is a percent-encoded byte, and
 * the bytes are UTF-8.
 */
export function decodeHeaderValue(value: string): string | string[] {
  if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(value)) return [`${JSON.stringify(value)} has a % not followed by two hex digits (percent-encode % itself as %25)`];
  // Header text is read one byte per character (latin1): decoding the escapes gives the bytes.
  const bytes = Buffer.from(value.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return [`${JSON.stringify(value)} decodes to bytes that are not UTF-8`];
  }
}

function bodyText(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}

/** The events in a raw HTTP request, in the content mode its headers tell. */
export function eventsFromHttpRequest(raw: Buffer): ParsedEvents {
  const errors: string[] = [];
  const req = parseHttp(raw, errors);
  if (!req) return { events: [], errors };
  if (req.method !== 'POST') errors.push(`method ${req.method}: CloudEvents are sent with POST (Knative's broker answers 405 otherwise)`);
  const contentType = req.headers.find(h => h[0] === 'content-type')?.[1];
  const media = contentType === undefined ? '' : mediaType(contentType);
  if (media === 'application/cloudevents+json' || media === 'application/cloudevents-batch+json') {
    const batched = media === 'application/cloudevents-batch+json';
    const text = bodyText(req.body);
    if (text === undefined) return { events: [], errors: [...errors, 'the body is not UTF-8 text'], mode: batched ? 'batched' : 'structured' };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { events: [], errors: [...errors, `the body is not JSON (${media}): ${(e as Error).message}`], mode: batched ? 'batched' : 'structured' };
    }
    if (!batched && Array.isArray(value)) {
      return { events: [], errors: [...errors, 'the body is a JSON array: a batch is sent as application/cloudevents-batch+json'], mode: 'structured' };
    }
    const parsed = eventsFromJsonValue(value, '', batched);
    return { events: errors.length ? [] : parsed.events, errors: [...errors, ...parsed.errors], mode: batched ? 'batched' : 'structured' };
  }
  if (media.startsWith('application/cloudevents')) {
    return { events: [], errors: [...errors, `Content-Type ${contentType}: only the JSON event format is read (application/cloudevents+json or application/cloudevents-batch+json)`] };
  }
  const ce = req.headers.filter(h => h[0].startsWith('ce-'));
  if (!ce.some(h => h[0] === 'ce-specversion')) {
    return {
      events: [],
      errors: [...errors, `not a CloudEvent: no ce-specversion header (binary mode) and Content-Type ${contentType === undefined ? 'is missing' : `${JSON.stringify(contentType)} is not application/cloudevents+json or application/cloudevents-batch+json`}`],
      mode: 'binary',
    };
  }
  const attrs: Record<string, unknown> = {};
  for (const [name, value] of ce) {
    const attr = name.slice(3);
    if (attr === 'datacontenttype') {
      errors.push('header ce-datacontenttype: in binary mode the Content-Type header carries datacontenttype');
      continue;
    }
    if (attrs[attr] !== undefined) {
      errors.push(`header ce-${attr}: appears more than once`);
      continue;
    }
    const decoded = decodeHeaderValue(value);
    if (Array.isArray(decoded)) {
      errors.push(`header ce-${attr}: ${decoded[0]}`);
      continue;
    }
    attrs[attr] = decoded;
  }
  if (contentType !== undefined) attrs.datacontenttype = contentType;
  const event = checkEvent(attrs, '', errors, true);
  if (!event || errors.length > 0) return { events: [], errors, mode: 'binary' };
  let data: unknown;
  if (req.body.length > 0) {
    const text = bodyText(req.body);
    if (text !== undefined && (media === 'application/json' || media.endsWith('+json'))) {
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    } else {
      data = text;
    }
    if (text === undefined) return { events: [{ ...event, dataBase64: req.body.toString('base64') }], errors, mode: 'binary' };
  }
  return { events: [{ ...event, data }], errors, mode: 'binary' };
}

/**
 * An event file: JSON (one event or a batch) when it starts with `{` or `[`,
 * otherwise a raw HTTP/1.1 request.
 */
export function eventsFromText(raw: Buffer): ParsedEvents {
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return eventsFromJsonText(text);
  return eventsFromHttpRequest(raw);
}
