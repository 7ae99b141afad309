import { Destination, IAddressable } from '../core';
import { KnativeResource } from '../validation/knative-resource';

/**
 * Base of the Serving objects that have an address (Knative Services and
 * Routes): usable as a sink, reachable in the cluster by name. Not public:
 * jsii copies its members into Service and Route.
 * @internal
 */
export abstract class AddressableServingResource extends KnativeResource implements IAddressable {
  /**
   * The in-cluster URL: `http://<name>.<namespace>.svc.cluster.local`
   * (namespace `default` when unset); always set for an object of the app
   * (optional only because `IAddressable.url` is).
   */
  public get url(): string | undefined {
    return `http://${this.name}.${this.metadata.namespace ?? 'default'}.svc.cluster.local`;
  }

  /** A sink reference to this object. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }
}
