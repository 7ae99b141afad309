import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type * as gen from '../../imports/messaging-subscription-messaging.knative.dev';
import { KINDS } from '../core/kinds';
import { KnativePropError, PropChecks, withDefaultNote } from '../core/errors';
import { holdsToken, plainValue } from '../core/install-values';
import { ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import type { IChannel, SubscriptionOptions } from './channel';
import { renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';
import { renderSink } from './sink';
import { checkObjectMeta } from '../core/labels';

/** Properties of a {@link Subscription}. */
export interface SubscriptionProps extends SubscriptionOptions {
  /** The channel to subscribe to; in the Subscription's namespace. */
  readonly channel: IChannel;
  /**
   * Receives every event of the channel. Knative requires it (a Subscription with only a
   * `reply` is rejected).
   * @default - none: required by Knative; leaving it out is an error
   */
  readonly subscriber?: ISink;
}

/**
 * A Knative Subscription (`messaging.knative.dev/v1`): delivers a channel's
 * events to a subscriber and its replies to a reply sink.
 *
 * @see https://knative.dev/docs/eventing/channels/subscriptions/
 */
export class Subscription extends KnativeResource {
  public readonly resourceType = 'subscriptions';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The channel subscribed to. */
  public readonly channel: IChannel;
  private readonly props: SubscriptionProps;

  constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id);
    const checks = PropChecks.gather(this);
    this.props = props;
    this.channel = props.channel;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Subscription,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    if (!props.subscriber) {
      throw new KnativePropError(this, 'subscriber', undefined, 'a Subscription needs a subscriber (Knative rejects one with only a reply)');
    }
    // namespaces compare by what plain synth writes (a chart value's default)
    const channelNs = plainValue(this, props.channel.reference.namespaceName);
    const ownNs = plainValue(this, this.metadata.namespace);
    if (channelNs && ownNs && channelNs !== ownNs) {
      throw new KnativePropError(this, 'channel', `${channelNs}/${props.channel.reference.name}`, withDefaultNote(
        holdsToken([props.channel.reference.namespaceName, this.metadata.namespace]), `the channel must be in the Subscription's namespace "${ownNs}"`));
    }
    checks.run(() => this._toSpec());
    checks.done();
  }

  private _toSpec(): gen.SubscriptionSpec {
    const ref = this.props.channel.reference;
    return dropUndefined({
      channel: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name },
      subscriber: this.props.subscriber ? renderSink(this, 'subscriber', this.props.subscriber) : undefined,
      reply: this.props.reply ? renderSink(this, 'reply', this.props.reply) : undefined,
      delivery: renderDelivery(this, 'delivery', this.props.delivery),
    });
  }
}
