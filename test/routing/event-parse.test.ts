/**
 * Reading CloudEvents as a receiver does: the JSON format, batches, and raw
 * HTTP requests in binary, structured and batched mode.
 */
import { CloudEvent } from '../../src/routing/cloud-event';
import { decodeHeaderValue, eventsFromText, isRfc3339 } from '../../src/routing/event-parse';

const parse = (text: string) => eventsFromText(Buffer.from(text, 'utf8'));
const EVENT = { specversion: '1.0', id: 'a1', source: '/orders', type: 'com.example.order.created' };

describe('JSON format', () => {
  test('one event (structured) with data and extensions of each type', () => {
    const r = parse(JSON.stringify({ ...EVENT, datacontenttype: 'application/json', data: { n: 1 }, region: 'eu', priority: 3, urgent: false }));
    expect(r.errors).toEqual([]);
    expect(r.mode).toBe('structured');
    expect(r.events[0]).toMatchObject({ id: 'a1', data: { n: 1 }, extensions: { region: 'eu', priority: 3, urgent: false } });
  });

  test('a batch is an array of events; an empty batch holds none', () => {
    const r = parse(JSON.stringify([EVENT, { ...EVENT, id: 'a2' }]));
    expect(r.mode).toBe('batched');
    expect(r.events.map(e => e.id)).toEqual(['a1', 'a2']);
    expect(parse('[]')).toEqual({ events: [], errors: [], mode: 'batched' });
  });

  test('fails when a required attribute is missing, naming each one', () => {
    expect(parse('{"specversion":"1.0"}').errors).toEqual(['attribute id: is required', 'attribute source: is required', 'attribute type: is required']);
  });

  test('fails when specversion is not 1.0', () => {
    expect(parse(JSON.stringify({ ...EVENT, specversion: '0.3' })).errors).toEqual(['attribute specversion: "0.3" is not supported; a receiver of CloudEvents 1.0 needs "1.0"']);
  });

  test('fails when an attribute has the wrong type or format', () => {
    const errors = parse(JSON.stringify({ ...EVENT, id: 5, source: 'has space', time: '2024-05-01 12:00', dataschema: 'relative/path', datacontenttype: 'json', subject: '' })).errors;
    expect(errors).toEqual([
      'attribute id: must be a String, not 5',
      'attribute source: "has space" is not a URI-reference (RFC 3986): spaces and other characters must be percent-encoded',
      'attribute datacontenttype: "json" is not a media type (RFC 2046) such as application/json',
      'attribute dataschema: "relative/path" is not an absolute URI (RFC 3986), e.g. https://example.com/schema.json',
      'attribute subject: must be a non-empty string',
      'attribute time: "2024-05-01 12:00" is not an RFC 3339 timestamp such as 2024-05-01T12:00:00Z (upper-case T and Z, as Knative\'s SDK reads it)',
    ]);
  });

  test('fails when an extension name or value is not allowed', () => {
    expect(parse(JSON.stringify({ ...EVENT, 'My-Ext': 'x', big: 2 ** 31, frac: 1.5, obj: { a: 1 } })).errors).toEqual([
      'attribute My-Ext: "My-Ext" is not a valid attribute name (lower-case letters a-z and digits 0-9 only)',
      'attribute big: 2147483648 is not an Integer (CloudEvents integers are whole numbers from -2147483648 to 2147483647)',
      'attribute frac: 1.5 is not an Integer (CloudEvents integers are whole numbers from -2147483648 to 2147483647)',
      'attribute obj: an extension value is a String, Boolean or Integer, not an object',
    ]);
  });

  test('fails when data and data_base64 are both set, naming the event of a batch', () => {
    expect(parse(JSON.stringify([EVENT, { ...EVENT, data: 'x', data_base64: 'eA==' }])).errors).toEqual(['event 1: data and data_base64 are both set; an event has one of them']);
  });

  test('RFC 3339 timestamps: fractions and offsets; fails on impossible dates', () => {
    expect(isRfc3339('2024-02-29T23:59:59.123456789+05:30')).toBe(true);
    expect(isRfc3339('2023-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339('2024-01-01T24:00:00Z')).toBe(false);
    expect(isRfc3339('2024-01-01t00:00:00z')).toBe(false);
  });
});

describe('HTTP binary mode', () => {
  const request = (headers: string[], body = '', eol = '\r\n') => ['POST /default HTTP/1.1', 'Host: broker', ...headers, '', body].join(eol);

  test('attributes from ce- headers, Content-Type as datacontenttype, the body as data', () => {
    const r = parse(request(['ce-specversion: 1.0', 'ce-id: b1', 'ce-source: /orders', 'CE-Type: com.example.order.created', 'ce-priority: 3', 'Content-Type: application/json'], '{"n":1}'));
    expect(r.errors).toEqual([]);
    expect(r.mode).toBe('binary');
    expect(r.events[0]).toMatchObject({ id: 'b1', type: 'com.example.order.created', datacontenttype: 'application/json', data: { n: 1 }, extensions: { priority: '3' } });
  });

  test('LF line ends are read like CRLF', () => {
    const r = parse(request(['ce-specversion: 1.0', 'ce-id: b1', 'ce-source: /o', 'ce-type: t', 'Content-Type: text/plain'], 'hello\n', '\n'));
    expect(r.events[0]).toMatchObject({ data: 'hello\n', datacontenttype: 'text/plain' });
  });

  test('header values are percent-decoded as UTF-8', () => {
    const r = parse(request(['ce-specversion: 1.0', 'ce-id: b1', 'ce-source: /o', 'ce-type: t', 'ce-subject: caf%C3%A9%20%25'], ''));
    expect(r.events[0].subject).toBe('café %');
    expect(decodeHeaderValue('%zz')).toEqual(['"%zz" has a % not followed by two hex digits (percent-encode % itself as %25)']);
    expect(decodeHeaderValue('%C3')).toEqual(['"%C3" decodes to bytes that are not UTF-8']);
  });

  test('fails when a header is badly percent-encoded, naming the header', () => {
    expect(parse(request(['ce-specversion: 1.0', 'ce-id: b1', 'ce-source: /o', 'ce-type: t', 'ce-subject: 100%'])).errors)
      .toEqual(['header ce-subject: "100%" has a % not followed by two hex digits (percent-encode % itself as %25)']);
  });

  test('fails when a required header is missing or a header is invalid', () => {
    expect(parse(request(['ce-specversion: 1.0', 'ce-source: /o', 'ce-time: yesterday'])).errors).toEqual([
      'header ce-id: is required',
      'header ce-type: is required',
      'header ce-time: "yesterday" is not an RFC 3339 timestamp such as 2024-05-01T12:00:00Z (upper-case T and Z, as Knative\'s SDK reads it)',
    ]);
  });

  test('Content-Length bounds the body; chunked bodies are decoded', () => {
    const base = ['ce-specversion: 1.0', 'ce-id: b1', 'ce-source: /o', 'ce-type: t', 'Content-Type: text/plain'];
    expect(parse(request([...base, 'Content-Length: 2'], 'hello')).events[0].data).toBe('he');
    expect(parse(request([...base, 'Transfer-Encoding: chunked'], '5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n')).events[0].data).toBe('hello!');
  });

  test('fails when the request is not a CloudEvent or not a POST', () => {
    expect(parse(request(['Content-Type: application/json'], '{}')).errors[0]).toMatch(/^not a CloudEvent: no ce-specversion header \(binary mode\) and Content-Type "application\/json" is not/);
    expect(parse('GET / HTTP/1.1\r\nce-specversion: 1.0\r\nce-id: 1\r\nce-source: /o\r\nce-type: t\r\n\r\n').errors).toEqual(['method GET: CloudEvents are sent with POST (Knative\'s broker answers 405 otherwise)']);
    expect(parse('hello world').errors[0]).toMatch(/^not an HTTP\/1.1 request/);
  });
});

describe('HTTP structured and batched modes', () => {
  const request = (contentType: string, body: string) => `POST / HTTP/1.1\r\nContent-Type: ${contentType}\r\n\r\n${body}`;

  test('structured: the body is one event in the JSON format; ce- headers are not read', () => {
    const r = parse(request('application/cloudevents+json; charset=utf-8', JSON.stringify(EVENT)));
    expect(r.mode).toBe('structured');
    expect(r.events.map(e => e.id)).toEqual(['a1']);
  });

  test('batched: the body is an array of events', () => {
    const r = parse(request('application/cloudevents-batch+json', JSON.stringify([EVENT, { ...EVENT, id: 'a2' }])));
    expect(r.mode).toBe('batched');
    expect(r.events.map(e => e.id)).toEqual(['a1', 'a2']);
  });

  test('fails when the structured body is an array or the batch is not one', () => {
    expect(parse(request('application/cloudevents+json', '[]')).errors).toEqual(['the body is a JSON array: a batch is sent as application/cloudevents-batch+json']);
    expect(parse(request('application/cloudevents-batch+json', JSON.stringify(EVENT))).errors).toEqual(['a batch (application/cloudevents-batch+json) is a JSON array of events']);
  });

  test('fails when the event format is not JSON', () => {
    expect(parse(request('application/cloudevents+xml', '<e/>')).errors[0]).toMatch(/only the JSON event format is read/);
  });
});

describe('CloudEvent', () => {
  test('of() builds a valid event and lists its attributes', () => {
    const e = CloudEvent.of({ id: '1', source: '/s', eventType: 't', subject: 'x', extensions: { region: 'eu' } });
    expect(e.attributes).toEqual({ specversion: '1.0', id: '1', source: '/s', type: 't', subject: 'x', region: 'eu' });
    expect(e.eventType).toBe('t');
  });

  test('fails when of() is given an invalid attribute', () => {
    expect(() => CloudEvent.of({ id: '', source: '/s', eventType: 't' })).toThrow('invalid CloudEvent: attribute id: must be a non-empty string');
    expect(() => CloudEvent.of({ id: '1', source: '/s', eventType: '' })).toThrow(/invalid CloudEvent: attribute type \(prop eventType\): /);
  });

  test('parse(), fromJson() and fromHttpRequest() read every mode', () => {
    expect(CloudEvent.fromJson(JSON.stringify([EVENT])).map(e => e.id)).toEqual(['a1']);
    expect(CloudEvent.parse(JSON.stringify(EVENT))[0].source).toBe('/orders');
    expect(CloudEvent.fromHttpRequest('POST / HTTP/1.1\nce-specversion: 1.0\nce-id: h\nce-source: /o\nce-type: t\n\n')[0].id).toBe('h');
    expect(() => CloudEvent.parse('{}')).toThrow(/attribute specversion: is required/);
  });
});
