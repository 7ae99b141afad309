import * as kplus from 'cdk8s-plus-27';
import { Duration, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';

/** Options for a volume that projects the keys of a Secret or ConfigMap. */
export interface KeyProjectionOptions {
  /**
   * Keys to project, each to a relative path in the volume (key → path).
   * @default - every key, each to a file named after it
   */
  readonly items?: { [key: string]: string };
  /**
   * Whether the referenced object (or keys) may be missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Options for Secret and ConfigMap volumes. */
export interface KeyVolumeOptions extends KeyProjectionOptions {
  /**
   * Mode bits of the files, e.g. `0o440`.
   * @default - Kubernetes' default, 0644
   */
  readonly defaultMode?: number;
}

/** Options for an emptyDir volume. */
export interface EmptyDirOptions {
  /**
   * Back the volume with memory (tmpfs) instead of the node's disk.
   * @default false
   */
  readonly memory?: boolean;
  /**
   * Maximum size of the volume.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/** Options of a service account token in a projected volume. */
export interface ServiceAccountTokenOptions {
  /**
   * The audience the token is for; the receiver checks it.
   * @default - the API server's audience
   */
  readonly audience?: string;
  /**
   * How long the token is valid; the kubelet rotates it before it expires.
   * Kubernetes takes whole seconds, at least 10 minutes.
   * @default - 1 hour (Kubernetes' default)
   */
  readonly expiration?: Duration;
}

/** Options of a projected volume. */
export interface ProjectedVolumeOptions {
  /**
   * Mode bits of the files, e.g. `0o440`.
   * @default - Kubernetes' default, 0644
   */
  readonly defaultMode?: number;
}

/** Options of a PersistentVolumeClaim volume. */
export interface PersistentVolumeClaimOptions {
  /**
   * Mount the claim read-only in every container.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** One source of a projected volume. */
export class ProjectedSource {
  /** Keys of a Secret. */
  public static fromSecret(secret: kplus.ISecret, options: KeyProjectionOptions = {}): ProjectedSource {
    return new ProjectedSource({ secret: { name: secret.name, items: toItems(options.items), optional: options.optional } });
  }

  /** Keys of a ConfigMap. */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: KeyProjectionOptions = {}): ProjectedSource {
    return new ProjectedSource({ configMap: { name: configMap.name, items: toItems(options.items), optional: options.optional } });
  }

  /**
   * A service account token with an audience, rotated by the kubelet.
   * @param path file name in the volume
   */
  public static fromServiceAccountToken(path: string, options: ServiceAccountTokenOptions = {}): ProjectedSource {
    return new ProjectedSource({ serviceAccountToken: { path, audience: options.audience, expirationSeconds: options.expiration?.toSeconds() } });
  }

  private constructor(private readonly source: Record<string, unknown>) {}

  /** @internal */
  public _toJson(): Record<string, unknown> {
    return this.source;
  }
}

/**
 * A volume of a Revision's pod. Knative accepts a subset of Kubernetes volume
 * types: Secret, ConfigMap, projected and emptyDir (and PersistentVolumeClaim
 * behind the `kubernetes.podspec-persistent-volume-claim` feature flag).
 * @see https://knative.dev/docs/serving/configuration/feature-flags/
 */
export class Volume {
  /** Files from the keys of a Secret. */
  public static fromSecret(name: string, secret: kplus.ISecret, options: KeyVolumeOptions = {}): Volume {
    return new Volume(name, 'secret', {
      secret: { secretName: secret.name, items: toItems(options.items), optional: options.optional, defaultMode: options.defaultMode },
    });
  }

  /** Files from the keys of a ConfigMap. */
  public static fromConfigMap(name: string, configMap: kplus.IConfigMap, options: KeyVolumeOptions = {}): Volume {
    return new Volume(name, 'configMap', {
      configMap: { name: configMap.name, items: toItems(options.items), optional: options.optional, defaultMode: options.defaultMode },
    });
  }

  /** Several Secrets, ConfigMaps and tokens in one folder. */
  public static fromProjected(name: string, sources: ProjectedSource[], options: ProjectedVolumeOptions = {}): Volume {
    return new Volume(name, 'projected', { projected: { sources: sources.map(s => s._toJson()), defaultMode: options.defaultMode } });
  }

  /** Scratch space that lives as long as the pod (Knative's `kubernetes.podspec-emptydir` flag, enabled by default). */
  public static fromEmptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    return new Volume(name, 'emptyDir', {
      emptyDir: {
        medium: options.memory ? 'Memory' : undefined,
        sizeLimit: options.sizeLimit ? `${options.sizeLimit.toMebibytes()}Mi` : undefined,
      },
    });
  }

  /** A PersistentVolumeClaim (needs `kubernetes.podspec-persistent-volume-claim` enabled on the cluster). */
  public static fromPersistentVolumeClaim(name: string, claimName: string, options: PersistentVolumeClaimOptions = {}): Volume {
    return new Volume(name, 'persistentVolumeClaim', { persistentVolumeClaim: { claimName, readOnly: options.readOnly } });
  }

  /**
   * Brings in a cdk8s-plus volume. Only the types Knative accepts are taken
   * (secret, configMap, projected, emptyDir, persistentVolumeClaim).
   */
  public static fromKplus(volume: kplus.Volume): Volume {
    const json = k8s.toJson_Volume(volume._toKube()) as Record<string, unknown>;
    const { name, ...rest } = json;
    const volumeType = Object.keys(rest)[0] ?? 'unknown';
    return new Volume(name as string, volumeType, rest);
  }

  private constructor(
    /** The volume's name in the pod. */
    public readonly name: string,
    /** Its Kubernetes volume type: `secret`, `configMap`, `projected`, `emptyDir`, `persistentVolumeClaim`... */
    public readonly volumeType: string,
    private readonly source: { [key: string]: unknown },
  ) {}

  /** @internal */
  public _toJson(): Record<string, unknown> {
    return { name: this.name, ...this.source };
  }
}

function toItems(items?: { [key: string]: string }): Array<{ key: string; path: string }> | undefined {
  if (!items) return undefined;
  return Object.keys(items).sort().map(key => ({ key, path: items[key] }));
}
