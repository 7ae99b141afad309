import { DEFAULT_CLUSTER_CONFIG, featureFlag, loadClusterConfig, withFeatures } from './config';
import { ClusterSettings } from './types';

/**
 * Serving defaults, autoscaler and network settings of a cluster that change
 * what Knative accepts or serves (`config-defaults`, `config-autoscaler`, `config-network`). Every field
 * left out keeps its current value.
 */
export interface ClusterSettingsOptions {
  /**
   * `revision-timeout-seconds` of `config-defaults`.
   * @default 300
   */
  readonly revisionTimeoutSeconds?: number;
  /**
   * `max-revision-timeout-seconds` of `config-defaults`.
   * @default 600
   */
  readonly maxRevisionTimeoutSeconds?: number;
  /**
   * `container-concurrency` of `config-defaults`.
   * @default 0
   */
  readonly containerConcurrency?: number;
  /**
   * `container-concurrency-max-limit` of `config-defaults`.
   * @default 1000
   */
  readonly containerConcurrencyMaxLimit?: number;
  /**
   * `allow-container-concurrency-zero` of `config-defaults`.
   * @default true
   */
  readonly allowContainerConcurrencyZero?: boolean;
  /**
   * `enable-scale-to-zero` of `config-autoscaler`.
   * @default true
   */
  readonly enableScaleToZero?: boolean;
  /**
   * `max-scale-limit` of `config-autoscaler` (0: no limit).
   * @default 0
   */
  readonly maxScaleLimit?: number;
  /**
   * `allow-zero-initial-scale` of `config-autoscaler`.
   * @default false
   */
  readonly allowZeroInitialScale?: boolean;
  /**
   * `autocreate-cluster-domain-claims` of `config-network`: whether Knative
   * creates the ClusterDomainClaim of each DomainMapping's domain. When false,
   * a DomainMapping needs a ClusterDomainClaim for its domain.
   * @default false
   */
  readonly autocreateClusterDomainClaims?: boolean;
}

/**
 * The settings of the target cluster that change what Knative accepts: its
 * feature flags (`config-features` of Serving and Eventing), Serving defaults
 * (`config-defaults`) and autoscaler settings (`config-autoscaler`).
 *
 * Immutable: each `with...()` returns a new configuration.
 *
 * @example
 * Validation.of(app).configure({
 *   clusterConfig: ClusterConfig.DEFAULT.withFeatures({ 'kubernetes.podspec-init-containers': 'enabled' }),
 * });
 */
export class ClusterConfig {
  /** Knative's stock settings: a fresh install of Serving and Eventing. */
  public static readonly DEFAULT = new ClusterConfig(DEFAULT_CLUSTER_CONFIG);

  /**
   * Reads the settings from YAML: the Knative ConfigMaps (`config-features`,
   * `config-defaults`, `config-autoscaler`, one or more documents), the
   * Knative Operator's `KnativeServing` / `KnativeEventing` (their
   * `spec.config`; other objects of the text are skipped), or a plain map with
   * the sections `features`, `defaults` and `autoscaler`, each holding the
   * ConfigMap's keys. Missing settings take Knative's stock values.
   * @throws Error naming the document, the object (`KnativeServing/<name>`,
   *   `ConfigMap/<name>`) and the key path (`spec.config.autoscaler.max-scale-limit`),
   *   the value and what is allowed, when the text is not such YAML or a setting is bad
   */
  public static fromYaml(text: string): ClusterConfig {
    return new ClusterConfig(loadClusterConfig(text));
  }

  /** @internal */
  public static _of(settings: ClusterSettings): ClusterConfig {
    return new ClusterConfig(settings);
  }

  /** @internal */
  public readonly _settings: ClusterSettings;

  private constructor(settings: ClusterSettings) {
    this._settings = settings;
  }

  /**
   * This configuration with the given feature flags set, by their
   * `config-features` key, e.g. `{ 'kubernetes.podspec-init-containers': 'enabled' }`.
   * Values are case-insensitive, as in the ConfigMap.
   * @throws Error when a value is not `enabled`, `disabled` or `allowed`
   *   (`AllowRootBounded` too for `secure-pod-defaults`)
   */
  public withFeatures(flags: { [key: string]: string }): ClusterConfig {
    return new ClusterConfig(withFeatures(this._settings, flags));
  }

  /**
   * This configuration with the given Serving defaults and autoscaler settings.
   * @throws Error when a number is not a non-negative integer
   */
  public withSettings(options: ClusterSettingsOptions): ClusterConfig {
    const ints: (keyof ClusterSettingsOptions)[] = ['revisionTimeoutSeconds', 'maxRevisionTimeoutSeconds', 'containerConcurrency', 'containerConcurrencyMaxLimit', 'maxScaleLimit'];
    for (const key of ints) {
      const value = options[key];
      if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
        throw new Error(`cluster config: ${key}: ${JSON.stringify(value)} is not allowed; must be an integer 0 or more`);
      }
    }
    const s = this._settings;
    const pick = <T>(value: T | undefined, fallback: T): T => value ?? fallback;
    return new ClusterConfig({
      features: s.features,
      defaults: {
        revisionTimeoutSeconds: pick(options.revisionTimeoutSeconds, s.defaults.revisionTimeoutSeconds),
        maxRevisionTimeoutSeconds: pick(options.maxRevisionTimeoutSeconds, s.defaults.maxRevisionTimeoutSeconds),
        containerConcurrency: pick(options.containerConcurrency, s.defaults.containerConcurrency),
        containerConcurrencyMaxLimit: pick(options.containerConcurrencyMaxLimit, s.defaults.containerConcurrencyMaxLimit),
        allowContainerConcurrencyZero: pick(options.allowContainerConcurrencyZero, s.defaults.allowContainerConcurrencyZero),
      },
      autoscaler: {
        enableScaleToZero: pick(options.enableScaleToZero, s.autoscaler.enableScaleToZero),
        maxScaleLimit: pick(options.maxScaleLimit, s.autoscaler.maxScaleLimit),
        allowZeroInitialScale: pick(options.allowZeroInitialScale, s.autoscaler.allowZeroInitialScale),
      },
      network: {
        autocreateClusterDomainClaims: pick(options.autocreateClusterDomainClaims, s.network?.autocreateClusterDomainClaims ?? false),
      },
    });
  }

  /**
   * The value of a feature flag: `enabled`, `disabled`, `allowed` or
   * `allowrootbounded`; Knative's stock value when unset, `disabled` for a
   * flag Knative does not know.
   */
  public feature(key: string): string {
    return featureFlag(this._settings, key);
  }
}
