import { Destination, ISink } from '../core/reference';
import { KnativeResource } from '../core/resource';
import type { IChannel, SubscribeOptions } from './channel';
import { Subscription } from './subscription';

/** What every Channel construct of this library shares: an address and `subscribe()`. */
export abstract class ChannelBase extends KnativeResource implements IChannel {
  public abstract readonly url: string | undefined;

  public toDestination(): Destination {
    return { ref: this.reference };
  }

  public subscribe(id: string, subscriber: ISink, options: SubscribeOptions = {}): Subscription {
    return new Subscription(this, id, { ...options, channel: this, subscriber });
  }
}
