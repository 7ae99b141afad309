/**
 * A reference to a Kubernetes object, the shape Knative calls a `KReference`
 * (used in sinks, subscribers, channels, DomainMapping targets...).
 */
export interface KReference {
  /** API version of the referent, e.g. `serving.knative.dev/v1`. */
  readonly apiVersion: string;
  /** Kind of the referent, e.g. `Service`. */
  readonly kind: string;
  /** Name of the referent. */
  readonly name: string;
  /**
   * Namespace of the referent.
   * @default - the namespace of the object that holds the reference
   */
  readonly namespace?: string;
}

/**
 * Where events are delivered: Knative's `Destination` duck type.
 * At least one of `ref` and `uri` is set; with both, `uri` is resolved
 * relative to the address of `ref`.
 * @see https://knative.dev/docs/eventing/sinks/
 */
export interface Destination {
  /** The addressable object that receives the events. */
  readonly ref?: KReference;
  /** An absolute URI, or with `ref` a path relative to the referent's address. */
  readonly uri?: string;
}

/**
 * Anything events can be sent to (an Addressable): a Knative Service, a Broker,
 * a Channel, a Kubernetes Service, a plain URI or an object outside the app.
 */
export interface ISink {
  /** The `Destination` to write wherever Knative takes a sink or subscriber. */
  toDestination(): Destination;
}

/** An object of the app (or imported into it) that has an address. */
export interface IAddressable extends ISink {
  /** The object's reference: apiVersion, kind, name and namespace. */
  readonly reference: KReference;
  /**
   * The URL the object is reached at inside the cluster, when it can be
   * known before deployment.
   */
  readonly url?: string;
}
