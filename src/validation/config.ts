import { parseAllDocuments } from 'yaml';
import { ClusterSettings } from './types';

/**
 * A `config-features` flag value. `allowrootbounded` is only a value of
 * `secure-pod-defaults` (Knative spells it `AllowRootBounded`).
 */
export type FeatureFlag = 'enabled' | 'disabled' | 'allowed' | 'allowrootbounded';

/**
 * The stock `config-features` of Knative Serving and Eventing: what a fresh
 * install accepts. Keys are the ConfigMap keys.
 */
export const STOCK_FEATURES: Readonly<Record<string, FeatureFlag>> = {
  'multi-container': 'enabled',
  'multi-container-probing': 'disabled',
  'autodetect-http2': 'disabled',
  'queueproxy.mount-podinfo': 'disabled',
  'queueproxy.resource-defaults': 'disabled',
  'secure-pod-defaults': 'disabled',
  'tag-header-based-routing': 'disabled',
  'kubernetes.containerspec-addcapabilities': 'disabled',
  'kubernetes.podspec-affinity': 'disabled',
  'kubernetes.podspec-dnsconfig': 'disabled',
  'kubernetes.podspec-dnspolicy': 'disabled',
  'kubernetes.podspec-dryrun': 'allowed',
  'kubernetes.podspec-fieldref': 'disabled',
  'kubernetes.podspec-hostaliases': 'disabled',
  'kubernetes.podspec-hostipc': 'disabled',
  'kubernetes.podspec-hostnetwork': 'disabled',
  'kubernetes.podspec-hostpid': 'disabled',
  'kubernetes.podspec-init-containers': 'disabled',
  'kubernetes.podspec-nodeselector': 'disabled',
  'kubernetes.podspec-persistent-volume-claim': 'disabled',
  'kubernetes.podspec-persistent-volume-write': 'disabled',
  'kubernetes.podspec-priorityclassname': 'disabled',
  'kubernetes.podspec-runtimeclassname': 'disabled',
  'kubernetes.podspec-schedulername': 'disabled',
  'kubernetes.podspec-securitycontext': 'disabled',
  'kubernetes.podspec-shareprocessnamespace': 'disabled',
  'kubernetes.podspec-tolerations': 'disabled',
  'kubernetes.podspec-topologyspreadconstraints': 'disabled',
  'kubernetes.podspec-volumes-csi': 'disabled',
  'kubernetes.podspec-volumes-emptydir': 'enabled',
  'kubernetes.podspec-volumes-hostpath': 'disabled',
  'kubernetes.podspec-volumes-mount-propagation': 'disabled',
  'kubernetes.podspec-volumes-ephemeral': 'disabled',
  'kubernetes.podspec-volumes-image': 'disabled',
  // Knative Eventing's config-features (same ConfigMap name, other namespace).
  'delivery-timeout': 'enabled',
  'delivery-retryafter': 'disabled',
  'new-trigger-filters': 'enabled',
  'kreference-group': 'disabled',
  'cross-namespace-event-links': 'disabled',
  'new-apiserver-filters': 'disabled',
};

/** Knative's stock cluster settings (a fresh install of Serving and Eventing). */
export const DEFAULT_CLUSTER_CONFIG: ClusterSettings = {
  features: STOCK_FEATURES,
  defaults: {
    revisionTimeoutSeconds: 300,
    maxRevisionTimeoutSeconds: 600,
    containerConcurrency: 0,
    containerConcurrencyMaxLimit: 1000,
    allowContainerConcurrencyZero: true,
  },
  autoscaler: {
    enableScaleToZero: true,
    maxScaleLimit: 0,
    allowZeroInitialScale: false,
  },
  network: {
    autocreateClusterDomainClaims: false,
  },
};

/**
 * The value of a feature flag under `config`, falling back to Knative's
 * stock value, and to `disabled` for a flag Knative does not know.
 */
export function featureFlag(config: ClusterSettings, key: string): FeatureFlag {
  return config.features[key] ?? STOCK_FEATURES[key] ?? 'disabled';
}

/** True when a flag is `enabled` or `allowed` (the webhook then accepts the gated field). */
export function featureAllowed(config: ClusterSettings, key: string): boolean {
  return featureFlag(config, key) !== 'disabled';
}

/**
 * True when `secure-pod-defaults` is `Enabled` or `AllowRootBounded`: Knative
 * then defaults a restricted container securityContext and accepts the fields
 * that opt out of it (pod `runAsNonRoot`/`seccompProfile`, adding
 * `NET_BIND_SERVICE`) without their own flags.
 */
export function securePodDefaultsOn(config: ClusterSettings): boolean {
  const value = featureFlag(config, 'secure-pod-defaults');
  return value === 'enabled' || value === 'allowrootbounded';
}

/**
 * Returns `config` with the given feature flags set, e.g. from CLI
 * `--feature kubernetes.podspec-init-containers=enabled`. Values are
 * case-insensitive, as in the ConfigMap.
 * @throws Error when a value is not enabled, disabled or allowed
 */
export function withFeatures(config: ClusterSettings, flags: Record<string, string>): ClusterSettings {
  const features: Record<string, FeatureFlag> = { ...config.features };
  for (const [key, raw] of Object.entries(flags)) {
    features[key] = parseFlag(key, raw);
  }
  return { ...config, features };
}

/**
 * Reads the cluster settings from YAML: either the Knative ConfigMaps
 * (`config-features`, `config-defaults`, `config-autoscaler`, one or more
 * documents), or a plain map with the sections `features`, `defaults` and
 * `autoscaler` (also accepted under the ConfigMap names), each holding the
 * ConfigMap's keys, e.g.
 *
 * ```yaml
 * features:
 *   kubernetes.podspec-init-containers: enabled
 * defaults:
 *   max-revision-timeout-seconds: "900"
 * ```
 *
 * Missing settings take Knative's stock values.
 * @throws Error naming the document and key when the input is not such YAML
 */
export function loadClusterConfig(text: string): ClusterSettings {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error('cluster config: expected YAML documents');
  const sections: Record<Section, Record<string, unknown>> = { features: {}, defaults: {}, autoscaler: {}, network: {} };
  let found = false;
  docs.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`cluster config: document ${i}: malformed YAML: ${doc.errors[0].message}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (!isRecord(value)) throw new Error(`cluster config: document ${i}: expected a mapping, got ${typeof value}`);
    if (value.kind === 'ConfigMap') {
      const meta = value.metadata;
      const name = isRecord(meta) ? meta.name : undefined;
      const section = sectionOf(name);
      if (!section) {
        throw new Error(`cluster config: document ${i}: ConfigMap ${JSON.stringify(name)} is not one of config-features, config-defaults, config-autoscaler, config-network`);
      }
      const data = value.data ?? {};
      if (!isRecord(data)) throw new Error(`cluster config: document ${i}: data of ConfigMap ${String(name)} must be a mapping`);
      Object.assign(sections[section], data);
      found = true;
      return;
    }
    for (const [key, data] of Object.entries(value)) {
      const section = sectionOf(key);
      if (!section) {
        throw new Error(`cluster config: document ${i}: unknown key ${JSON.stringify(key)}; expected features, defaults, autoscaler or network (or a ConfigMap)`);
      }
      if (data === null || data === undefined) continue;
      if (!isRecord(data)) throw new Error(`cluster config: document ${i}: ${key} must be a mapping`);
      Object.assign(sections[section], data);
      found = true;
    }
  });
  if (!found) throw new Error('cluster config: no settings found; expected config-features/config-defaults/config-autoscaler ConfigMaps or a features/defaults/autoscaler map');
  return fromSections(sections);
}

type Section = 'features' | 'defaults' | 'autoscaler' | 'network';

function sectionOf(name: unknown): Section | undefined {
  switch (name) {
    case 'features':
    case 'config-features':
      return 'features';
    case 'defaults':
    case 'config-defaults':
      return 'defaults';
    case 'autoscaler':
    case 'config-autoscaler':
      return 'autoscaler';
    case 'network':
    case 'config-network':
      return 'network';
    default:
      return undefined;
  }
}

function fromSections(s: Record<Section, Record<string, unknown>>): ClusterSettings {
  const flags: Record<string, string> = {};
  for (const [key, value] of Object.entries(s.features)) flags[key] = String(value);
  const base = withFeatures(DEFAULT_CLUSTER_CONFIG, flags);
  const d = DEFAULT_CLUSTER_CONFIG.defaults;
  const a = DEFAULT_CLUSTER_CONFIG.autoscaler;
  const defaults = {
    revisionTimeoutSeconds: intSetting(s.defaults, 'revision-timeout-seconds', d.revisionTimeoutSeconds, 0),
    maxRevisionTimeoutSeconds: intSetting(s.defaults, 'max-revision-timeout-seconds', d.maxRevisionTimeoutSeconds, 0),
    containerConcurrency: intSetting(s.defaults, 'container-concurrency', d.containerConcurrency, 0),
    containerConcurrencyMaxLimit: intSetting(s.defaults, 'container-concurrency-max-limit', d.containerConcurrencyMaxLimit, 1),
    allowContainerConcurrencyZero: boolSetting(s.defaults, 'allow-container-concurrency-zero', d.allowContainerConcurrencyZero),
  };
  if (defaults.revisionTimeoutSeconds > defaults.maxRevisionTimeoutSeconds) {
    throw new Error(`cluster config: revision-timeout-seconds (${defaults.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${defaults.maxRevisionTimeoutSeconds})`);
  }
  if (defaults.containerConcurrency > defaults.containerConcurrencyMaxLimit) {
    throw new Error(`cluster config: container-concurrency (${defaults.containerConcurrency}) cannot be greater than container-concurrency-max-limit (${defaults.containerConcurrencyMaxLimit})`);
  }
  const autoscaler = {
    enableScaleToZero: boolSetting(s.autoscaler, 'enable-scale-to-zero', a.enableScaleToZero),
    maxScaleLimit: intSetting(s.autoscaler, 'max-scale-limit', a.maxScaleLimit, 0),
    allowZeroInitialScale: boolSetting(s.autoscaler, 'allow-zero-initial-scale', a.allowZeroInitialScale),
  };
  const network = {
    autocreateClusterDomainClaims: boolSetting(s.network, 'autocreate-cluster-domain-claims', false),
  };
  return { features: base.features, defaults, autoscaler, network };
}

function parseFlag(key: string, raw: string): FeatureFlag {
  const value = String(raw).trim().toLowerCase();
  if (value === 'enabled' || value === 'disabled' || value === 'allowed') return value;
  if (key === 'secure-pod-defaults' && value === 'allowrootbounded') return value;
  const values = key === 'secure-pod-defaults' ? 'enabled, disabled or AllowRootBounded' : 'enabled, disabled or allowed';
  throw new Error(`cluster config: feature ${key}: ${JSON.stringify(raw)} is not a flag value; use ${values}`);
}

function intSetting(data: Record<string, unknown>, key: string, fallback: number, min: number): number {
  const raw = data[key];
  if (raw === undefined || raw === null) return fallback;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new Error(`cluster config: ${key}: ${JSON.stringify(raw)} is not allowed; must be an integer ${min} or more`);
  }
  return value;
}

function boolSetting(data: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const raw = data[key];
  if (raw === undefined || raw === null) return fallback;
  const text = String(raw).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`cluster config: ${key}: ${JSON.stringify(raw)} is not allowed; must be true or false`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
