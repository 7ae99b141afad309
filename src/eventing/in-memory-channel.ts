import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/messaging-inmemorychannel-messaging.knative.dev';
import { KINDS } from '../core/kinds';
import { ChannelBase } from './channel-base';
import { Delivery, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';

/** Properties of an {@link InMemoryChannel}. */
export interface InMemoryChannelProps extends ResourceProps {
  /**
   * Default delivery options of the channel's subscriptions.
   * @default - none
   */
  readonly delivery?: Delivery;
}

/**
 * An InMemoryChannel (`messaging.knative.dev/v1`): a best-effort channel
 * without persistence, for development and tests.
 *
 * @see https://knative.dev/docs/eventing/channels/
 */
export class InMemoryChannel extends ChannelBase {
  public readonly resourceType = 'inmemorychannels';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: InMemoryChannelProps;

  constructor(scope: Construct, id: string, props: InMemoryChannelProps = {}) {
    super(scope, id);
    this.props = props;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.InMemoryChannel,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    this.checkChannel(props.metadata, props.delivery);
  }


  private _toSpec(): gen.InMemoryChannelSpec {
    return dropUndefined({ delivery: renderDelivery(this, 'delivery', this.props.delivery) });
  }
}
