/**
 * The kind of channel that backs a generic Channel, Sequence or Parallel
 * (Knative's `channelTemplate`).
 * @see https://knative.dev/docs/eventing/channels/channel-types-defaults/
 */
export class ChannelKind {
  /** `messaging.knative.dev/v1 InMemoryChannel`: no persistence, for development. */
  public static readonly IN_MEMORY = new ChannelKind('messaging.knative.dev/v1', 'InMemoryChannel', true);
  /** `messaging.knative.dev/v1beta1 KafkaChannel` (eventing-kafka-broker). */
  public static readonly KAFKA = new ChannelKind('messaging.knative.dev/v1beta1', 'KafkaChannel', true);

  /**
   * Another channel implementation.
   * @param spec the spec every channel of this kind gets (the template's `spec`)
   */
  public static custom(apiVersion: string, kind: string, spec?: { [key: string]: any }): ChannelKind {
    if (!/^([a-z0-9.-]+\/)?v[0-9]+[a-z0-9]*$/.test(apiVersion)) {
      throw new Error(`ChannelKind.custom: apiVersion ${JSON.stringify(apiVersion)} is not allowed; must be "<group>/<version>", e.g. "messaging.knative.dev/v1"`);
    }
    if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
      throw new Error(`ChannelKind.custom: kind ${JSON.stringify(kind)} is not allowed; must be a Kubernetes kind in UpperCamelCase, e.g. "NatssChannel"`);
    }
    return new ChannelKind(apiVersion, kind, false, spec);
  }

  private constructor(
    /** API version of the channel kind. */
    public readonly apiVersion: string,
    /** The kind, e.g. `InMemoryChannel`. */
    public readonly kind: string,
    /** Whether its address is `http://<name>-kn-channel.<namespace>.svc.cluster.local`. */
    public readonly knChannelAddress: boolean,
    /** The template spec, if any. */
    public readonly spec?: { [key: string]: any },
  ) {}

  /**
   * The `channelTemplate` as written to a spec.
   * @internal
   */
  public _toTemplate(): { apiVersion: string; kind: string; spec?: Record<string, unknown> } {
    return { apiVersion: this.apiVersion, kind: this.kind, ...(this.spec ? { spec: this.spec } : {}) };
  }
}

/**
 * `http://<name>-kn-channel.<namespace>.svc.cluster.local`, the address of a
 * channel named `name`, when the namespace is known and the channel's kind
 * (default: the cluster's default channel) uses that address.
 */
export function channelUrl(name: string, namespace: string | undefined, kind?: ChannelKind): string | undefined {
  if (kind && !kind.knChannelAddress) return undefined;
  return namespace ? `http://${name}-kn-channel.${namespace}.svc.cluster.local` : undefined;
}
