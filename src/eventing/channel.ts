import { ApiObject, Lazy } from 'cdk8s';
import { PropChecks } from '../core/errors';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/messaging-channel-messaging.knative.dev';
import { KINDS } from '../core/kinds';
import { ImportedObject, namespaceOf } from '../core/external';
import { checkDns1123Subdomain } from '../core/names';
import { IAddressable, ISink } from '../core/reference';
import { ChannelBase } from './channel-base';
import { ChannelKind, channelUrl } from './channel-kind';
import { Delivery, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';
import { Subscription } from './subscription';

/** What a Subscription delivers besides its subscriber, and how; used by `channel.addSubscription()`. */
export interface SubscriptionOptions extends ResourceProps {
  /**
   * Where the subscriber's replies go.
   * @default - replies are dropped
   */
  readonly reply?: ISink;
  /**
   * Delivery options of this subscription.
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** A Channel of the app (any kind) or one imported with `Channel.fromChannelName()`. */
export interface IChannel extends IAddressable {
  /**
   * Adds a Subscription that delivers every event of the channel to
   * `subscriber`, as a child construct `id` of the channel; fails when the
   * channel already has a child with that id.
   */
  addSubscription(id: string, subscriber: ISink, options?: SubscriptionOptions): Subscription;
}

/** Properties of a generic {@link Channel}. */
export interface ChannelProps extends ResourceProps {
  /**
   * The kind of channel that backs this one.
   * @default - the cluster default from `default-ch-webhook` (usually InMemoryChannel)
   */
  readonly channelTemplate?: ChannelKind;
  /**
   * Default delivery options of the channel's subscriptions.
   * @default - none
   */
  readonly delivery?: Delivery;
}

/** Options of `Channel.fromChannelName()`. */
export interface ChannelImportOptions {
  /**
   * Namespace of the channel.
   * @default - the chart's namespace
   */
  readonly namespaceName?: string;
  /**
   * The kind of the existing object (a specific channel kind instead of a generic Channel).
   * @default - a generic `messaging.knative.dev/v1 Channel`
   */
  readonly kind?: ChannelKind;
}

/**
 * A generic Knative Channel (`messaging.knative.dev/v1`), backed by the
 * channel kind of its template.
 *
 * @see https://knative.dev/docs/eventing/channels/
 */
export class Channel extends ChannelBase {
  /**
   * Imports a channel that exists outside the app: a generic Channel, or with
   * `options.kind` a channel of that kind (`ChannelKind.IN_MEMORY`,
   * `ChannelKind.KAFKA`...). Nothing is synthesized for it, and Subscriptions
   * can be added to it.
   * @param name the channel's `metadata.name`
   */
  public static fromChannelName(scope: Construct, id: string, name: string, options: ChannelImportOptions = {}): IChannel {
    return new ImportedChannel(scope, id, name, options);
  }

  public readonly resourceType = 'channels';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The backing kind, when set. */
  public readonly channelTemplate?: ChannelKind;
  private readonly props: ChannelProps;

  constructor(scope: Construct, id: string, props: ChannelProps = {}) {
    super(scope, id);
    const checks = PropChecks.gather(this);
    this.props = props;
    this.channelTemplate = props.channelTemplate;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Channel,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checks.run(() => this.checkChannel(props.metadata, props.delivery));
    checks.done();
  }

  /** The backing channel's address when its kind is known to use `<name>-kn-channel`. */
  public get url(): string | undefined {
    return channelUrl(this.name, this.metadata.namespace, this.channelTemplate);
  }

  private _toSpec(): gen.ChannelSpec {
    return dropUndefined({
      channelTemplate: this.channelTemplate?._toTemplate(),
      delivery: renderDelivery(this, 'delivery', this.props.delivery),
    });
  }
}

/** A channel outside the app, returned by `Channel.fromChannelName()`. */
class ImportedChannel extends ImportedObject implements IChannel {
  constructor(scope: Construct, id: string, name: string, options: ChannelImportOptions) {
    const kind = options.kind;
    const ns = options.namespaceName ?? namespaceOf(scope);
    super(scope, id, {
      apiVersion: kind?.apiVersion ?? KINDS.Channel.apiVersion,
      kind: kind?.kind ?? KINDS.Channel.kind,
      name,
      namespaceName: ns,
    }, channelUrl(name, ns, kind));
    checkDns1123Subdomain(this, 'name', name);
  }

  public addSubscription(id: string, subscriber: ISink, options: SubscriptionOptions = {}): Subscription {
    return new Subscription(this, id, { ...options, channel: this, subscriber });
  }
}
