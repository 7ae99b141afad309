import * as kplus from 'cdk8s-plus-27';
import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';

/** Options for a volume that projects the keys of a Secret or ConfigMap. */
export interface KeyProjectionOptions {
  /**
   * Keys to project, each to a relative path in the volume.
   * @default - every key, each to a file named after it
   */
  readonly items?: Record<string, string>;
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
  public static fromServiceAccountToken(path: string, options: { audience?: string; expirationSeconds?: number } = {}): ProjectedSource {
    return new ProjectedSource({ serviceAccountToken: { path, audience: options.audience, expirationSeconds: options.expirationSeconds } });
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
  public static fromProjected(name: string, sources: ProjectedSource[], options: { defaultMode?: number } = {}): Volume {
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
  public static fromPersistentVolumeClaim(name: string, claimName: string, options: { readOnly?: boolean } = {}): Volume {
    return new Volume(name, 'persistentVolumeClaim', { persistentVolumeClaim: { claimName, readOnly: options.readOnly } });
  }

  /**
   * Brings in a cdk8s-plus volume. Only the types Knative accepts are taken
   * (secret, configMap, projected, emptyDir, persistentVolumeClaim).
   */
  public static fromKplus(volume: kplus.Volume): Volume {
    const json = k8s.toJson_Volume(volume._toKube()) as Record<string, unknown>;
    const { name, ...rest } = json;
    const type = Object.keys(rest)[0] ?? 'unknown';
    return new Volume(name as string, type, rest);
  }

  private constructor(
    /** The volume's name in the pod. */
    public readonly name: string,
    /** Its Kubernetes type: `secret`, `configMap`, `projected`, `emptyDir`... */
    public readonly type: string,
    private readonly source: Record<string, unknown>,
  ) {}

  /** @internal */
  public _toJson(): Record<string, unknown> {
    return { name: this.name, ...this.source };
  }
}

function toItems(items?: Record<string, string>): Array<{ key: string; path: string }> | undefined {
  if (!items) return undefined;
  return Object.keys(items).sort().map(key => ({ key, path: items[key] }));
}
