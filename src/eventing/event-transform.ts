import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { ValueRule } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { Destination, IAddressable, ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { renderSink } from './sink';

/** The API version and kind of an EventTransform. */
export const EVENT_TRANSFORM_GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'EventTransform' } as const;

/** Properties of an {@link EventTransform}. */
export interface EventTransformProps extends ResourceProps {
  /**
   * The JSONata expression that turns each incoming event (its attributes
   * and `data`) into the outgoing one, e.g.
   * `{ "specversion": "1.0", "id": id, "type": "order.enriched", "source": source, "data": $ }`.
   * @see https://jsonata.org/
   */
  readonly jsonata: string;
  /**
   * Where the transformed events go. Without a sink, the transformed event is
   * the HTTP response to the sender (e.g. a Trigger's reply).
   * @default - the transformed event is returned to the sender
   */
  readonly sink?: ISink;
  /**
   * A JSONata expression applied to the sink's responses before they are
   * returned to the sender. Needs `sink`; not together with `discardReply`.
   * @default - the sink's response is returned as is
   */
  readonly replyJsonata?: string;
  /**
   * Drop the sink's responses: the sender gets an empty response. Needs
   * `sink`; not together with `replyJsonata`.
   * @default false
   */
  readonly discardReply?: boolean;
}

/**
 * A Knative EventTransform (`eventing.knative.dev/v1alpha1`): transforms
 * events with a JSONata expression, on the way to a sink or as a reply. It is
 * Addressable: Triggers, Subscriptions and sources can send to it.
 *
 * @see https://knative.dev/docs/eventing/transforms/
 */
export class EventTransform extends KnativeResource implements IAddressable {
  public readonly resourceType = 'eventtransforms';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: EventTransformProps;

  constructor(scope: Construct, id: string, props: EventTransformProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...EVENT_TRANSFORM_GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    checkExpression(this, 'jsonata', props.jsonata);
    if (props.replyJsonata !== undefined) checkExpression(this, 'replyJsonata', props.replyJsonata);
    const hasReply = props.replyJsonata !== undefined || props.discardReply === true;
    check(!hasReply || props.sink !== undefined, this, props.replyJsonata !== undefined ? 'replyJsonata' : 'discardReply', props.replyJsonata ?? true,
      'a reply is only allowed with a sink (without one, the transformed event is the reply)');
    check(!(props.replyJsonata !== undefined && props.discardReply === true), this, 'discardReply', true,
      'either transform the reply (replyJsonata) or discard it, not both');
    if (props.sink) {
      const sink = renderSink(this, 'sink', props.sink);
      check(sink.CACerts === undefined, this, 'sink.CACerts', '(PEM text)',
        'is not supported for JSONata transformations; give the trust bundle as a labelled ConfigMap (see Knative\'s transport-encryption docs)');
    }
  }

  /** Not known before deployment: Knative publishes the address in the status. */
  public get url(): string | undefined {
    return undefined;
  }

  /** The EventTransform as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  private _toSpec(): Record<string, unknown> {
    const p = this.props;
    const reply = p.replyJsonata !== undefined ? { jsonata: { expression: p.replyJsonata } }
      : p.discardReply === true ? { discard: true } : undefined;
    return dropUndefined({
      sink: p.sink ? renderSink(this, 'sink', p.sink) : undefined,
      jsonata: { expression: p.jsonata },
      reply,
    });
  }
}

const EXPRESSION_RULE: ValueRule = {
  pattern: '^[\\s]*[^\\s][\\s\\S]*$',
  allowed: 'must be a non-empty JSONata expression, e.g. "{ \\"id\\": id, \\"type\\": type, \\"source\\": source, \\"specversion\\": \\"1.0\\", \\"data\\": data }"',
};

/** A chart value is checked by its default, and the chart refuses an empty expression at install. */
function checkExpression(scope: Construct, field: string, expression: string): void {
  check(typeof expression === 'string', scope, field, expression, EXPRESSION_RULE.allowed);
  checkValue(scope, field, expression, EXPRESSION_RULE, plain => typeof plain === 'string' && plain.trim() !== '');
}
