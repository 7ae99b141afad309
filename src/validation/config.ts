import { typoDistance } from '../core/did-you-mean';
import { ClusterSettings } from './types';
import { OPERATOR_GROUP } from './dependencies';

/**
 * A `config-features` flag value. `allowrootbounded` is only a value of
 * `secure-pod-defaults` (Knative spells it `AllowRootBounded`); `permissive`
 * and `strict` only of `transport-encryption`.
 */
export type FeatureFlag = 'enabled' | 'disabled' | 'allowed' | 'allowrootbounded' | 'permissive' | 'strict';

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
  'kreference-group': 'disabled',
  'cross-namespace-event-links': 'disabled',
  'new-apiserversource-filters': 'disabled',
  // Eventing security: OIDC sender identity (EventPolicy needs it) and TLS between components.
  'authentication-oidc': 'disabled',
  'transport-encryption': 'disabled',
};

/**
 * `config-features` keys of Knative Eventing (knative-v1.22.2,
 * `pkg/apis/feature/flag_names.go`) whose values are not enabled/disabled/allowed
 * flags, with the values Knative accepts (`undefined`: any text). No rule of
 * this package reads them; they are accepted so the stock ConfigMap loads.
 */
const OTHER_FEATURES: Readonly<Record<string, readonly string[] | undefined>> = {
  'transport-encryption': ['disabled', 'permissive', 'strict'],
  'default-authorization-mode': ['allow-all', 'allow-same-namespace', 'deny-all'],
  'oidc-discovery-base-url': undefined,
  'requestreply-default-timeout': undefined,
};

/** Flags of Knative Eventing knative-v1.22.2 that no rule of this package reads (accepted, not warned about). */
const OTHER_FLAGS = ['kreference-mapping', 'eventtype-auto-create', 'authentication-oidc'];

/** Other spellings of flags, mapped to Knative's own key. */
const FEATURE_ALIASES: Readonly<Record<string, string>> = {};

/** Prefixes of Eventing feature keys that take any value (`apiserversources-nodeselector-<name>`). */
const OTHER_FEATURE_PREFIXES = ['apiserversources-nodeselector-'];

/** Keys of Knative Serving's `config-defaults` (knative-v1.23.0, `config/core/configmaps/defaults.yaml`). */
const DEFAULTS_KEYS = [
  'allow-container-concurrency-zero', 'container-concurrency', 'container-concurrency-max-limit', 'container-name-template',
  'enable-service-links', 'init-container-name-template', 'max-revision-timeout-seconds', 'revision-cpu-limit',
  'revision-cpu-request', 'revision-ephemeral-storage-limit', 'revision-ephemeral-storage-request',
  'revision-idle-timeout-seconds', 'revision-memory-limit', 'revision-memory-request',
  'revision-response-start-timeout-seconds', 'revision-timeout-seconds',
];

/** Keys of Knative Serving's `config-autoscaler` (knative-v1.23.0, `config/core/configmaps/autoscaler.yaml`). */
const AUTOSCALER_KEYS = [
  'activator-capacity', 'allow-zero-initial-scale', 'container-concurrency-target-default',
  'container-concurrency-target-percentage', 'enable-scale-to-zero', 'initial-scale', 'max-scale', 'max-scale-down-rate',
  'max-scale-limit', 'max-scale-up-rate', 'min-scale', 'panic-threshold-percentage', 'panic-window-percentage',
  'pod-autoscaler-class', 'requests-per-second-target-default', 'scale-down-delay', 'scale-to-zero-grace-period',
  'scale-to-zero-pod-retention-period', 'stable-window', 'target-burst-capacity',
];

/** Every `config-features` key Knative Serving 1.23 and Eventing 1.22 know. */
function knownFeatureNames(): string[] {
  return [...Object.keys(STOCK_FEATURES), ...Object.keys(OTHER_FEATURES), ...OTHER_FLAGS, ...Object.keys(FEATURE_ALIASES)];
}

/**
 * Warnings for feature names Knative does not know, each with the closest
 * known name, e.g. `unknown feature "kubernetes.podspec-init-container" (did
 * you mean "kubernetes.podspec-init-containers"?); it is ignored`.
 */
export function unknownFeatureWarnings(names: readonly string[]): string[] {
  const known = knownFeatureNames();
  return names
    .filter(n => !isKnownFeature(n))
    .map(n => `unknown feature ${JSON.stringify(n)}${didYouMean(n, known)}; it is ignored (known features: see Knative's config-features)`);
}

function isKnownFeature(name: string): boolean {
  return name in STOCK_FEATURES || name in OTHER_FEATURES || OTHER_FLAGS.includes(name) || name in FEATURE_ALIASES
    || OTHER_FEATURE_PREFIXES.some(p => name.startsWith(p));
}

/** ` (did you mean "x"?)` when a known name is close to `name`, else `''`. */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = closestName(name, known);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}

/** The known name closest to `name` by edit distance, when close enough to be a typo. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (name.length > 200) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    if (Math.abs(k.length - name.length) >= bestDistance) continue;
    const d = typoDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}


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
    const problem = featureValueProblem(key, raw);
    if (problem) throw new Error(`cluster config: feature ${key}: ${problem}`);
    if (isOtherFeature(key)) continue;
    features[FEATURE_ALIASES[key] ?? key] = parseFlag(raw);
  }
  return { ...config, features };
}

/** A `config-features` key that is no enabled/disabled flag, and that no rule reads. */
function isOtherFeature(key: string): boolean {
  return key in OTHER_FEATURES || OTHER_FEATURE_PREFIXES.some(p => key.startsWith(p));
}

/** What is wrong with the value `raw` of the feature `key`, and what is allowed; undefined when it is fine. */
function featureValueProblem(key: string, raw: unknown): string | undefined {
  const value = String(raw).trim().toLowerCase();
  if (isOtherFeature(key)) {
    // not an enabled/disabled flag: check the value only
    const allowed = OTHER_FEATURES[key];
    return allowed === undefined || allowed.includes(value) ? undefined : `${JSON.stringify(String(raw))} is not allowed; use ${allowed.join(', ')}`;
  }
  if (value === 'enabled' || value === 'disabled' || value === 'allowed') return undefined;
  if (key === 'secure-pod-defaults' && value === 'allowrootbounded') return undefined;
  if (key === 'transport-encryption' && (value === 'permissive' || value === 'strict')) return undefined;
  const values = key === 'secure-pod-defaults' ? 'enabled, disabled or AllowRootBounded'
    : key === 'transport-encryption' ? 'disabled, permissive or strict' : 'enabled, disabled or allowed';
  return `${JSON.stringify(raw)} is not a flag value; use ${values}`;
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
 * Missing settings take Knative's stock values. The stock ConfigMaps load as
 * shipped: their `_example` key is ignored, as Knative ignores it.
 * @throws Error naming the document and key when the input is not such YAML
 */
export function loadClusterConfig(text: string): ClusterSettings {
  return loadClusterConfigReport(text, true).settings;
}

/** What {@link loadClusterConfigReport} read. */
export interface ClusterConfigReport {
  /** The settings. */
  readonly settings: ClusterSettings;
  /** Keys that were ignored because Knative does not know them, each with a "did you mean". */
  readonly warnings: string[];
}

/**
 * {@link loadClusterConfig}, with a warning for every ignored key.
 * @param strictSections throw, rather than warn, on a ConfigMap other than the three
 */
export function loadClusterConfigReport(text: string, strictSections: boolean = false): ClusterConfigReport {
  // `yaml` is loaded only when a cluster config file is read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const docs = (require('yaml') as typeof import('yaml')).parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error('cluster config: expected YAML documents');
  const sections: Record<Section, Record<string, unknown>> = { features: {}, defaults: {}, autoscaler: {}, network: {} };
  // where each setting was read, for the messages: the document, the object and the key path
  const origins: Origins = { features: {}, defaults: {}, autoscaler: {}, network: {} };
  const warnings: string[] = [];
  const take = (section: Section, data: Record<string, unknown>, where: string) => {
    for (const key of Object.keys(data)) {
      const before = origins[section][key];
      // set twice with different values: the later is what kubectl apply leaves, and what is checked
      if (before !== undefined && JSON.stringify(sections[section][key]) !== JSON.stringify(data[key])) {
        warnings.push(`${where}.${key}: ${JSON.stringify(data[key])} replaces ${JSON.stringify(sections[section][key])} set at ${before}; `
          + 'only the later value is checked (set each setting once: the cluster keeps one of them)');
      }
      origins[section][key] = `${where}.${key}`;
    }
    Object.assign(sections[section], data);
  };
  let found = false;
  docs.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      throw new Error(`cluster config: document ${i}: malformed YAML: ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    if (!isRecord(value)) throw new Error(`cluster config: document ${i}: expected a mapping, got ${typeof value}`);
    if (value.kind === 'ConfigMap') {
      const meta = value.metadata;
      const name = isRecord(meta) ? meta.name : undefined;
      const section = sectionOf(name);
      if (!section) {
        const names = ['config-features', 'config-defaults', 'config-autoscaler', 'config-network'];
        const problem = `document ${i}: ConfigMap ${JSON.stringify(name)} is not one of ${names.join(', ')}${didYouMean(String(name), names)}`;
        if (strictSections) throw new Error(`cluster config: ${problem}`);
        warnings.push(`${problem}; it is ignored`);
        return;
      }
      const data = value.data ?? {};
      if (!isRecord(data)) throw new Error(`cluster config: document ${i}: data of ConfigMap ${String(name)} must be a mapping`);
      take(section, data, `document ${i} (ConfigMap/${String(name)}): data`);
      found = true;
      return;
    }
    if (isOperatorCr(value)) {
      // the Knative Operator writes spec.config.<name> into the ConfigMap config-<name>
      const spec = value.spec;
      const config = isRecord(spec) ? spec.config : undefined;
      if (config === undefined || config === null) return;
      if (!isRecord(config)) throw new Error(`cluster config: document ${i}: spec.config of ${String(value.kind)} must be a mapping`);
      for (const [key, data] of Object.entries(config)) {
        const section = sectionOf(key);
        if (!section || data === null || data === undefined) continue; // logging, observability... hold no setting the checks read
        if (!isRecord(data)) throw new Error(`cluster config: document ${i}: spec.config.${key} of ${String(value.kind)} must be a mapping`);
        take(section, data, `document ${i} (${String(value.kind)}/${objectName(value)}): spec.config.${key}`);
        found = true;
      }
      return;
    }
    if (typeof value.apiVersion === 'string' && typeof value.kind === 'string') return; // another object of the same manifests
    for (const [key, data] of Object.entries(value)) {
      const section = sectionOf(key);
      if (!section) {
        const names = ['features', 'defaults', 'autoscaler', 'network', 'config-features', 'config-defaults', 'config-autoscaler', 'config-network'];
        throw new Error(`cluster config: document ${i}: unknown key ${JSON.stringify(key)}${didYouMean(key, names)}; expected features, defaults, autoscaler or network (or a ConfigMap)`);
      }
      if (data === null || data === undefined) continue;
      if (!isRecord(data)) throw new Error(`cluster config: document ${i}: ${key} must be a mapping`);
      take(section, data, `document ${i}: ${key}`);
      found = true;
    }
  });
  if (!found) {
    throw new Error('cluster config: no settings found; expected config-features/config-defaults/config-autoscaler ConfigMaps, '
      + 'a KnativeServing or KnativeEventing with spec.config, or a features/defaults/autoscaler map');
  }
  return { settings: fromSections(sections, warnings, origins), warnings };
}

/** Where each setting of each section was read, e.g. `document 1 (KnativeServing/knative-serving): spec.config.autoscaler.max-scale-limit`. */
type Origins = Record<Section, Record<string, string>>;

/** `metadata.name` of an object, for a message. */
function objectName(value: Record<string, unknown>): string {
  const meta = value.metadata;
  const name = isRecord(meta) ? meta.name : undefined;
  return typeof name === 'string' && name !== '' ? name : '(no name)';
}

/** True for the Knative Operator's KnativeServing and KnativeEventing, whose `spec.config` the Operator writes into Knative's ConfigMaps. */
function isOperatorCr(value: Record<string, unknown>): boolean {
  return typeof value.apiVersion === 'string' && value.apiVersion.startsWith(`${OPERATOR_GROUP}/`)
    && (value.kind === 'KnativeServing' || value.kind === 'KnativeEventing');
}

/** The documentation block of every stock Knative ConfigMap; Knative ignores it. */
const EXAMPLE_KEY = '_example';

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

function fromSections(s: Record<Section, Record<string, unknown>>, warnings: string[], origins: Origins): ClusterSettings {
  // the message names the document, the object and the key path the value was read from
  const at = (section: Section, key: string) => origins[section][key] ?? `${section}.${key}`;
  const flags: Record<string, string> = {};
  for (const [key, value] of Object.entries(s.features)) {
    if (key === EXAMPLE_KEY || value === null || value === undefined) continue;
    if (!isKnownFeature(key)) {
      warnings.push(`${at('features', key)}: ${unknownFeatureWarnings([key])[0]}`);
      continue;
    }
    const problem = featureValueProblem(key, value);
    if (problem) throw new Error(`cluster config: ${at('features', key)}: ${problem}`);
    flags[key] = String(value);
  }
  for (const [section, keys] of [['defaults', DEFAULTS_KEYS], ['autoscaler', AUTOSCALER_KEYS]] as const) {
    for (const key of Object.keys(s[section])) {
      if (key === EXAMPLE_KEY || keys.includes(key)) continue;
      warnings.push(`${at(section, key)}: unknown key${didYouMean(key, keys)}; it is ignored`);
    }
  }
  const base = withFeatures(DEFAULT_CLUSTER_CONFIG, flags);
  const d = DEFAULT_CLUSTER_CONFIG.defaults;
  const a = DEFAULT_CLUSTER_CONFIG.autoscaler;
  const int = (section: 'defaults' | 'autoscaler', key: string, fallback: number, min: number) => intSetting(s[section], key, fallback, min, at(section, key));
  const bool = (section: 'defaults' | 'autoscaler' | 'network', key: string, fallback: boolean) => boolSetting(s[section], key, fallback, at(section, key));
  const defaults = {
    revisionTimeoutSeconds: int('defaults', 'revision-timeout-seconds', d.revisionTimeoutSeconds, 0),
    maxRevisionTimeoutSeconds: int('defaults', 'max-revision-timeout-seconds', d.maxRevisionTimeoutSeconds, 0),
    containerConcurrency: int('defaults', 'container-concurrency', d.containerConcurrency, 0),
    containerConcurrencyMaxLimit: int('defaults', 'container-concurrency-max-limit', d.containerConcurrencyMaxLimit, 1),
    allowContainerConcurrencyZero: bool('defaults', 'allow-container-concurrency-zero', d.allowContainerConcurrencyZero),
  };
  // a setting not given is Knative's stock value: the message says so
  const given = (key: string, value: number) => origins.defaults[key] === undefined
    ? `${key} (${value}, Knative's stock value)` : `${origins.defaults[key]} (${value})`;
  if (defaults.revisionTimeoutSeconds > defaults.maxRevisionTimeoutSeconds) {
    throw new Error(`cluster config: ${given('revision-timeout-seconds', defaults.revisionTimeoutSeconds)} cannot be greater than `
      + `${given('max-revision-timeout-seconds', defaults.maxRevisionTimeoutSeconds)}`);
  }
  if (defaults.containerConcurrency > defaults.containerConcurrencyMaxLimit) {
    throw new Error(`cluster config: ${given('container-concurrency', defaults.containerConcurrency)} cannot be greater than `
      + `${given('container-concurrency-max-limit', defaults.containerConcurrencyMaxLimit)}`);
  }
  const autoscaler = {
    enableScaleToZero: bool('autoscaler', 'enable-scale-to-zero', a.enableScaleToZero),
    maxScaleLimit: int('autoscaler', 'max-scale-limit', a.maxScaleLimit, 0),
    allowZeroInitialScale: bool('autoscaler', 'allow-zero-initial-scale', a.allowZeroInitialScale),
  };
  const network = {
    autocreateClusterDomainClaims: bool('network', 'autocreate-cluster-domain-claims', false),
  };
  return { features: base.features, defaults, autoscaler, network };
}

/** A flag value, once {@link featureValueProblem} found none. */
function parseFlag(raw: string): FeatureFlag {
  return String(raw).trim().toLowerCase() as FeatureFlag;
}

function intSetting(data: Record<string, unknown>, key: string, fallback: number, min: number, where: string): number {
  const raw = data[key];
  if (raw === undefined || raw === null) return fallback;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new Error(`cluster config: ${where}: ${JSON.stringify(raw)} is not allowed; must be an integer ${min} or more`);
  }
  return value;
}

function boolSetting(data: Record<string, unknown>, key: string, fallback: boolean, where: string): boolean {
  const raw = data[key];
  if (raw === undefined || raw === null) return fallback;
  const text = String(raw).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new Error(`cluster config: ${where}: ${JSON.stringify(raw)} is not allowed; must be true or false`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
