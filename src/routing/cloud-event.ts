/**
 * A CloudEvent (specification 1.0) to send through a routing simulation.
 */
import { EventData, attributesOf } from './event-model';
import { eventFromJson, eventsFromHttpRequest, eventsFromJsonText, eventsFromText } from './event-parse';

/** The attributes and data of a CloudEvent. */
export interface CloudEventProps {
  /** Identifies the event (`id`). */
  readonly id: string;
  /** The context in which the event happened (`source`), a URI-reference. */
  readonly source: string;
  /** The type of the event (`type`), e.g. `com.example.order.created`. */
  readonly eventType: string;
  /**
   * The CloudEvents version (`specversion`).
   * @default "1.0"
   */
  readonly specVersion?: string;
  /**
   * The subject of the event in the context of its source (`subject`).
   * @default - none
   */
  readonly subject?: string;
  /**
   * When the event happened (`time`), RFC 3339.
   * @default - none
   */
  readonly time?: string;
  /**
   * The media type of the data (`datacontenttype`).
   * @default - none
   */
  readonly dataContentType?: string;
  /**
   * The schema the data adheres to (`dataschema`), an absolute URI.
   * @default - none
   */
  readonly dataSchema?: string;
  /**
   * The data.
   * @default - none
   */
  readonly data?: any;
  /**
   * Extension attributes, by name (lower-case letters and digits): strings,
   * booleans or 32-bit integers.
   * @default - none
   */
  readonly extensions?: { [name: string]: any };
}

/**
 * A valid CloudEvent. Build one with {@link CloudEvent.of}, or read one as a
 * receiver does with {@link CloudEvent.parse} (JSON format, batch, or a raw
 * HTTP request in binary, structured or batched mode). Invalid input fails
 * with an error naming each wrong attribute.
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
export class CloudEvent {
  /** An event with these attributes; throws when an attribute is invalid. */
  public static of(props: CloudEventProps): CloudEvent {
    const json: Record<string, unknown> = {
      ...(props.extensions ?? {}),
      specversion: props.specVersion ?? '1.0',
      id: props.id,
      source: props.source,
      type: props.eventType,
      subject: props.subject,
      time: props.time,
      datacontenttype: props.dataContentType,
      dataschema: props.dataSchema,
      data: props.data,
    };
    for (const k of Object.keys(json)) if (json[k] === undefined) delete json[k];
    const errors: string[] = [];
    const data = eventFromJson(json, '', errors);
    if (!data) {
      // name the props the user wrote (eventType, specVersion...) beside the CloudEvents attributes
      const props: Record<string, string> = { type: 'eventType', specversion: 'specVersion', datacontenttype: 'dataContentType', dataschema: 'dataSchema' };
      const named = errors.map(e => e.replace(/^attribute (type|specversion|datacontenttype|dataschema):/, (_m, a: string) => `attribute ${a} (prop ${props[a]}):`));
      throw new Error(`invalid CloudEvent: ${named.join('; ')}`);
    }
    return new CloudEvent(data);
  }

  /**
   * The events of a text: a JSON event or batch (it starts with `{` or `[`),
   * or an HTTP/1.1 request (request line, headers, blank line, body) in any
   * content mode. Throws when the input is not valid, naming each problem.
   */
  public static parse(text: string): CloudEvent[] {
    return CloudEvent.wrap(eventsFromText(Buffer.from(text, 'utf8')));
  }

  /** The events of a JSON text: one event (`application/cloudevents+json`) or a batch (`application/cloudevents-batch+json`). */
  public static fromJson(text: string): CloudEvent[] {
    return CloudEvent.wrap(eventsFromJsonText(text));
  }

  /** The events of a raw HTTP/1.1 request, in the content mode its `Content-Type` and `ce-` headers tell. */
  public static fromHttpRequest(request: string): CloudEvent[] {
    return CloudEvent.wrap(eventsFromHttpRequest(Buffer.from(request, 'utf8')));
  }

  private static wrap(parsed: { events: EventData[]; errors: string[] }): CloudEvent[] {
    if (parsed.errors.length > 0) throw new Error(`invalid CloudEvent: ${parsed.errors.join('; ')}`);
    return parsed.events.map(e => new CloudEvent(e));
  }

  /** @internal */
  public static _fromData(data: EventData): CloudEvent {
    return new CloudEvent(data);
  }

  /** @internal */
  public readonly _data: EventData;

  private constructor(data: EventData) {
    this._data = data;
  }

  /** `id`. */
  public get id(): string {
    return this._data.id;
  }

  /** `source`. */
  public get source(): string {
    return this._data.source;
  }

  /** `type`. */
  public get eventType(): string {
    return this._data.type;
  }

  /** The context attributes (core and extensions), by their CloudEvents names, as the JSON format writes them. */
  public get attributes(): { [name: string]: any } {
    return attributesOf(this._data);
  }
}
