import { IConstruct } from 'constructs';

/**
 * A reference to a Kubernetes object, the shape Knative calls a `KReference`
 * (used in sinks, subscribers, channels, DomainMapping targets...).
 *
 * `namespaceName` is written as the reference's `namespace` field.
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
  readonly namespaceName?: string;
}

/**
 * Where events are delivered: Knative's `Destination` duck type.
 * At least one of `ref` and `uri` is set; with both, `uri` is resolved
 * relative to the address of `ref`.
 * @see https://knative.dev/docs/eventing/sinks/
 */
export interface Destination {
  /**
   * The addressable object that receives the events.
   * @default - none: the destination is `uri` alone
   */
  readonly reference?: KReference;
  /**
   * An absolute URI, or with `reference` a path relative to the referent's address.
   * @default - none: the referent's address as is
   */
  readonly uri?: string;
  /**
   * The OIDC audience the sender requests a token for (written as `audience`),
   * when the `authentication-oidc` feature is on. Only needed when the target
   * does not publish its own audience (a URI, a plain Kubernetes Service).
   * @default - the audience the target publishes
   */
  readonly audience?: string;
  /**
   * PEM-encoded CA certificates the sender trusts for this destination's TLS
   * certificate (written as `CACerts`), when `transport-encryption` is on.
   * @default - the cluster's trust bundles
   */
  readonly caCerts?: string;
}

/**
 * Anything events can be sent to (an Addressable): a Knative Service, a Broker,
 * a Channel, a Kubernetes Service, a plain URI or an object outside the app.
 */
export interface ISink {
  /** The `Destination` to write wherever Knative takes a sink or subscriber. */
  toDestination(): Destination;
}

/**
 * An object of the app, or imported into it, that has an address: a
 * construct, so that it can be found in the construct tree.
 */
export interface IAddressable extends ISink, IConstruct {
  /** The object's reference: apiVersion, kind, name and namespace. */
  readonly reference: KReference;
  /**
   * The URL the object is reached at inside the cluster, when it can be
   * known before deployment.
   * @default - not known before deployment
   */
  readonly url?: string;
}
