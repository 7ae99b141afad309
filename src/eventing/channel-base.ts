import { ApiObjectMetadata } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { checkObjectMeta } from '../core/labels';
import { Destination, ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import type { IChannel, SubscriptionOptions } from './channel';
import { channelUrl } from './channel-kind';
import { Delivery, renderDelivery } from './delivery';
import { allowPolicyOf, EventPolicy } from './event-policy';
import { Subscription } from './subscription';

/**
 * What every Channel construct of this library shares: its checks, an
 * address and `addSubscription()`.
 * @internal
 */
export abstract class ChannelBase extends KnativeResource implements IChannel {
  /** `http://<name>-kn-channel.<namespace>.svc.cluster.local` when the namespace is known. */
  public get url(): string | undefined {
    return channelUrl(this.name, this.metadata.namespace);
  }

  /** The channel as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  /** Checks, once the API object exists, what every channel is built from: its metadata and its delivery. */
  protected checkChannel(metadata: ApiObjectMetadata | undefined, delivery: Delivery | undefined): void {
    renderDelivery(this, 'delivery', delivery);
    checkObjectMeta(this, metadata, this.name, 'dns1123-subdomain');
  }

  /**
   * Adds a Subscription that delivers every event of the channel to
   * `subscriber`, as a child construct `id` of the channel; fails when the
   * channel already has a child with that id.
   */
  public addSubscription(id: string, subscriber: ISink, options: SubscriptionOptions = {}): Subscription {
    return new Subscription(this, id, { ...options, channel: this, subscriber });
  }

  /**
   * Allows `sender` (a source, Broker, Trigger... of the app) to send events
   * here: adds it to this receiver's EventPolicy, child `AllowFrom` named
   * `<name>-allow`, made on the first call. Needs the `authentication-oidc`
   * feature; once a policy names a receiver, only the senders it allows get in.
   * Fails when `sender` is already allowed.
   */
  public allowFrom(sender: kplus.IResource): EventPolicy {
    const policy = allowPolicyOf(this, this.name);
    policy.addFromResource(sender);
    return policy;
  }

  /**
   * Allows senders by OIDC subject (e.g. `system:serviceaccount:ns:name`, or
   * a prefix ending in `*`), in the same EventPolicy as `allowFrom()`.
   * Fails when the subject is already allowed.
   */
  public allowSubject(subject: string): EventPolicy {
    const policy = allowPolicyOf(this, this.name);
    policy.addFromSubject(subject);
    return policy;
  }
}
