import { ApiObject, Duration, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { KnativeServingSpec, KnativeServingSpecIngressIstioKnativeIngressGateway } from '../../imports/operator-serving-operator.knative.dev';
import { check, checkIntegerRange, checkPropTypes, checkValue, METADATA_TYPES, PropSpec } from '../core/errors';
import { conditionHolds, InstallCheck, plainValue, requireAtInstall } from '../core/install-values';
import { checkDns1123Label, isDns1123Subdomain } from '../core/names';
import { KnativeResource } from '../validation/knative-resource';
import { isUnresolved, tokenAwareString } from '../core/tokens';
import { isIstioHost } from '../istio/hosts';
import { KnativeIngress, KnativeIngressMode, NET_ISTIO_INGRESS_CLASS } from '../istio/knative-ingress';
import { addConfigEntry, checkVersion, ConfigMaps, mergeConfig } from './operator-config';
import { checkLabelsAndAnnotations } from '../core/labels';
import { DOMAIN_PATTERN } from '../serving/value-rules';
import { bindServingLimits } from './serving-limits';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof import('../../imports/operator-serving-operator.knative.dev') => require('../../imports/operator-serving-operator.knative.dev');

/** The state of a Knative Serving feature flag (`config-features`). */
export enum FeatureState {
  /** The feature is on for every Service. */
  ENABLED = 'enabled',
  /** The feature is off; Services using it are rejected. */
  DISABLED = 'disabled',
  /** Off by default, on for Services that opt in with the feature's annotation. */
  ALLOWED = 'allowed',
}

/**
 * Cluster-wide autoscaling settings (`config-autoscaler`). Numbers and
 * booleans may be chart value tokens.
 * @see https://knative.dev/docs/serving/autoscaling/autoscaler-types/
 */
export interface AutoscalerConfig {
  /**
   * Whether Revisions may scale to zero (`enable-scale-to-zero`).
   * @default true (Knative's default)
   */
  readonly enableScaleToZero?: boolean;
  /**
   * How long the last replica is kept after traffic stops before it is removed
   * (`scale-to-zero-grace-period`); at least 6 seconds.
   * @default Duration.seconds(30) (Knative's default)
   */
  readonly scaleToZeroGracePeriod?: Duration;
  /**
   * The window the autoscaler averages metrics over in stable mode
   * (`stable-window`); from 6 seconds to 1 hour.
   * @default Duration.seconds(60) (Knative's default)
   */
  readonly stableWindow?: Duration;
  /**
   * Default soft concurrency target per replica (`container-concurrency-target-default`).
   * @default 100 (Knative's default)
   */
  readonly containerConcurrencyTargetDefault?: number;
  /**
   * Percentage of the concurrency target the autoscaler aims at
   * (`container-concurrency-target-percentage`), 1 to 100.
   * @default 70 (Knative's default)
   */
  readonly targetUtilizationPercentage?: number;
  /**
   * Largest `max-scale` any Revision may ask for (`max-scale-limit`); 0 means no limit.
   * Every Service and Configuration of the app must keep `autoscaling.maxScale`
   * from 1 to this limit: checked at synth, and at install where either is a chart value.
   * @default 0 (Knative's default)
   */
  readonly maxScaleLimit?: number;
  /**
   * Replicas a new Revision starts with (`initial-scale`).
   * @default 1 (Knative's default)
   */
  readonly initialScale?: number;
}

/**
 * When Knative deletes Revisions that no longer take traffic (`config-gc`).
 * A Revision is kept while it is among the `minNonActiveRevisions` newest
 * non-active ones, or younger than `retainSinceCreateTime`, or active within
 * `retainSinceLastActiveTime`; beyond `maxNonActiveRevisions` the oldest go.
 * To turn a setting off (Knative's `disabled`), use `config: { gc: { key: 'disabled' } }`.
 * @see https://knative.dev/docs/serving/revisions/revision-admin-config-options/
 */
export interface RevisionGcConfig {
  /**
   * Keep a non-active Revision at least this long after it was created
   * (`retain-since-create-time`).
   * @default Duration.hours(48) (Knative's default)
   */
  readonly retainSinceCreateTime?: Duration;
  /**
   * Keep a non-active Revision at least this long after it last took
   * traffic (`retain-since-last-active-time`).
   * @default Duration.hours(15) (Knative's default)
   */
  readonly retainSinceLastActiveTime?: Duration;
  /**
   * Always keep this many of the newest non-active Revisions
   * (`min-non-active-revisions`); at most `maxNonActiveRevisions`.
   * @default 20 (Knative's default)
   */
  readonly minNonActiveRevisions?: number;
  /**
   * Never keep more than this many non-active Revisions
   * (`max-non-active-revisions`).
   * @default 1000 (Knative's default)
   */
  readonly maxNonActiveRevisions?: number;
}

/** Properties of a {@link KnativeServing}. */
export interface KnativeServingProps extends ResourceProps {
  /**
   * Knative Serving version the operator installs (`spec.version`), e.g. `1.23`.
   * @default - the operator's own default version
   */
  readonly version?: string;
  /**
   * The domain of Services' URLs (`config-domain`): a Service `hello` in
   * namespace `apps` is reached at `hello.apps.<domain>`. May be a chart value token.
   * @default - Knative's default, `svc.cluster.local` (cluster-local only)
   * @see https://knative.dev/docs/serving/using-a-custom-domain/
   */
  readonly domain?: string;
  /**
   * Whether Istio is the networking layer (`spec.ingress.istio.enabled` and
   * `config-network` `ingress-class`). Istio itself is installed separately.
   * @default true
   */
  readonly istioIngress?: boolean;
  /**
   * Cluster-wide autoscaling settings.
   * @default - Knative's defaults
   */
  readonly autoscaler?: AutoscalerConfig;
  /**
   * When Knative deletes old Revisions (`config-gc`).
   * @default - Knative's defaults
   */
  readonly revisionGc?: RevisionGcConfig;
  /**
   * Default time over which traffic moves to a new latest Revision, in steps
   * (`config-network` `rollout-duration`, whole seconds); a Service or Route
   * may set its own with `rolloutDuration`.
   * @default - 0: at once (Knative's default)
   * @see https://knative.dev/docs/serving/rolling-out-latest-revision/
   */
  readonly rolloutDuration?: Duration;
  /**
   * Feature flags by their `config-features` key, e.g.
   * `{ 'kubernetes.podspec-init-containers': FeatureState.ENABLED }`.
   * @default - Knative's defaults
   * @see https://knative.dev/docs/serving/configuration/feature-flags/
   */
  readonly features?: { [key: string]: FeatureState };
  /**
   * Replicas of each Knative Serving control-plane deployment (`spec.high-availability.replicas`).
   * @default - the operator's default (1)
   */
  readonly highAvailabilityReplicas?: number;
  /**
   * More config map entries (`spec.config`), by config map name without the
   * `config-` prefix (e.g. `gc`, `deployment`). An entry another prop sets
   * (`domain`, `autoscaler`, `features`...) fails; use that prop. A plain
   * `defaults` `container-concurrency-max-limit` (and
   * `allow-container-concurrency-zero: "false"`) binds the `containerConcurrency`
   * of every Service and Configuration of the app, as `maxScaleLimit` binds `maxScale`.
   * @default - none
   */
  readonly config?: { [configMap: string]: { [key: string]: string } };
}

/** The JavaScript types of {@link KnativeServingProps}, for untyped callers. */
const KNATIVE_SERVING_TYPES: PropSpec = {
  metadata: METADATA_TYPES,
  version: 'string',
  domain: 'string',
  istioIngress: 'boolean',
  autoscaler: {
    fields: {
      enableScaleToZero: 'boolean', scaleToZeroGracePeriod: 'duration', stableWindow: 'duration', containerConcurrencyTargetDefault: 'number',
      targetUtilizationPercentage: 'number', maxScaleLimit: 'number', initialScale: 'number',
    },
    what: 'AutoscalerConfig ({ enableScaleToZero?, maxScaleLimit?, stableWindow?, ... })',
  },
  revisionGc: {
    fields: { retainSinceCreateTime: 'duration', retainSinceLastActiveTime: 'duration', minNonActiveRevisions: 'number', maxNonActiveRevisions: 'number' },
    what: 'RevisionGcConfig ({ retainSinceCreateTime?, minNonActiveRevisions?, ... })',
  },
  rolloutDuration: 'duration',
  features: { mapOf: { oneOf: Object.values(FeatureState), what: '"enabled", "disabled" or "allowed" (FeatureState.ENABLED, DISABLED or ALLOWED)' } },
  highAvailabilityReplicas: 'number',
  config: { mapOf: 'stringMap' },
};

/**
 * Knative Serving installed by the Knative Operator: a `KnativeServing`
 * (`operator.knative.dev/v1beta1`) with Istio ingress, the Services' domain,
 * autoscaler settings and feature flags. The operator (and its CRDs) must be
 * installed first; the object lives in `knative-serving` unless
 * `metadata.namespace` says otherwise.
 *
 * @see https://knative.dev/docs/install/operator/configuring-serving-cr/
 */
export class KnativeServing extends KnativeResource {
  /** The plural REST resource name of the kind: `knativeservings`. */
  public readonly resourceType = 'knativeservings';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The domain of Services' URLs, if set. */
  public readonly domain?: string;
  private readonly props: KnativeServingProps;
  private readonly features: Record<string, FeatureState> = {};
  private readonly extraConfig: ConfigMaps = {};
  private ingress?: KnativeIngress;

  constructor(scope: Construct, id: string, props: KnativeServingProps = {}) {
    super(scope, id);
    checkPropTypes(this, props, KNATIVE_SERVING_TYPES);
    checkLabelsAndAnnotations(this, props.metadata);
    this.props = props;
    this.domain = props.domain;
    this.apiObject = new (generated().KnativeServing)(this, 'Resource', {
      metadata: { name: 'knative-serving', ...props.metadata, namespace: props.metadata?.namespace ?? 'knative-serving' },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkDns1123Label(this, 'metadata.namespace', this.metadata.namespace);
    checkVersion(this, props.version);
    // an all-numeric top-level label is no DNS name (Istio, and KnativeIngress, reject it as a host)
    checkValue(this, 'domain', props.domain, DOMAIN_RULE,
      v => typeof v === 'string' && isDns1123Subdomain(v) && v.includes('.') && isIstioHost(v, { allowBareWildcard: false }));
    checkIntegerRange(this, 'highAvailabilityReplicas', props.highAvailabilityReplicas, 1);
    checkAutoscaler(this, props.autoscaler ?? {});
    checkRevisionGc(this, props.revisionGc ?? {});
    if (props.rolloutDuration !== undefined) {
      const ms = props.rolloutDuration.toMilliseconds();
      check(ms % 1000 === 0 && ms >= 0, this, 'rolloutDuration', `${ms}ms`, 'must be whole seconds, 0 or more');
    }
    for (const [key, state] of Object.entries(props.features ?? {})) this.addFeature(key, state);
    for (const [configMap, entries] of Object.entries(props.config ?? {})) {
      for (const [key, value] of Object.entries(entries)) this.addConfig(configMap, key, value);
    }
    // the limits of the cluster bind every Service and Configuration of the app, whenever added:
    // checked (and recorded for install, once) when the app is synthesized, as a
    // validation of each Service and Configuration: the error names the path of the
    // construct with the prop, and this KnativeServing in its words
    bindServingLimits(this, () => ({
      maxScaleLimit: props.autoscaler?.maxScaleLimit,
      containerConcurrencyMaxLimit: this.extraConfig.defaults?.['container-concurrency-max-limit'],
      allowContainerConcurrencyZero: this.extraConfig.defaults?.['allow-container-concurrency-zero'],
    }));
  }

  /**
   * Adds one feature flag to `config-features`; fails when the flag is
   * already set (in `features`, by an earlier call or through `config`).
   */
  public addFeature(key: string, state: FeatureState): void {
    check(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(key), this, `features.${key}`, key,
      'must be a config-features key such as "kubernetes.podspec-init-containers"');
    check(Object.values(FeatureState).includes(state), this, `features.${key}`, state, 'must be "enabled", "disabled" or "allowed"');
    check(this.features[key] === undefined && this.extraConfig.features?.[key] === undefined, this, `features.${key}`, state,
      `is already set to "${this.features[key] ?? this.extraConfig.features?.[key]}"; each feature flag may be added once`);
    this.features[key] = state;
  }

  /**
   * Adds one entry to a Knative Serving config map
   * (`spec.config.<configMap>.<key>`); fails when the entry is already set,
   * by an earlier call or by a prop (`domain`, `autoscaler`, `features`...).
   */
  public addConfig(configMap: string, key: string, value: string): void {
    addConfigEntry(this, this.extraConfig, this.typedConfig(), configMap, key, value);
  }

  /**
   * Runs Knative behind `ingress` (a {@link KnativeIngress} with
   * `mode: KnativeIngressMode.OPERATOR`): the operator gets its
   * `knative-ingress-gateway` override (TLS servers) and its
   * `config-network`, `config-domain` and `config-istio` entries. One
   * ingress per KnativeServing.
   */
  public useIngress(ingress: KnativeIngress): void {
    check(this.props.istioIngress ?? true, this, 'istioIngress', false, 'must be true (the default) to use an Istio ingress');
    check(this.ingress === undefined, this, 'useIngress', ingress.node.path, `is already called with "${this.ingress?.node.path}"; one ingress per KnativeServing`);
    check(ingress.mode === KnativeIngressMode.OPERATOR, this, 'useIngress', ingress.node.path,
      `needs a KnativeIngress with mode KnativeIngressMode.OPERATOR; with ${ingress.mode} it emits the ConfigMaps and the Gateway the operator owns`);
    const settings = ingress._toOperatorConfig();
    // the operator installs Serving, and the gateway config-istio names, into this object's namespace
    const servingNs = ingress.knativeServingNamespace;
    const ns = this.metadata.namespace;
    if (ns !== undefined && !isUnresolved(ns) && !isUnresolved(servingNs)) {
      check(ns === servingNs, this, 'metadata.namespace', ns,
        `must be "${servingNs}", the knativeServingNamespace of the KnativeIngress: the operator installs Knative Serving and its `
        + 'knative-ingress-gateway into the namespace of the KnativeServing object');
    }
    const typed = this.typedConfig();
    const ingressDomain = Object.keys(ingress.domainConfig)[0];
    check(this.domain === undefined || this.domain === ingressDomain, this, 'domain', this.domain,
      `must be the domain of the KnativeIngress ("${ingressDomain}"), or be left unset to take it from there`);
    for (const [configMap, entries] of Object.entries(settings.config)) {
      for (const [key, value] of Object.entries(entries)) {
        // what both say the same way (the ingress class, the same domain) is not a conflict
        if (typed[configMap]?.[key] !== value) this.addConfig(configMap, key, value);
      }
    }
    this.ingress = ingress;
  }

  /** The entries the typed props and the feature flags set. */
  private typedConfig(): ConfigMaps {
    const p = this.props;
    const istio = p.istioIngress ?? true;
    return {
      autoscaler: autoscalerConfig(p.autoscaler ?? {}),
      features: { ...this.features },
      domain: p.domain !== undefined ? { [p.domain]: '' } : {},
      network: {
        ...(istio ? { 'ingress-class': NET_ISTIO_INGRESS_CLASS } : {}),
        ...(p.rolloutDuration !== undefined ? { 'rollout-duration': String(p.rolloutDuration.toSeconds()) } : {}),
      },
      gc: revisionGcConfig(p.revisionGc ?? {}),
    };
  }

  private _toSpec(): KnativeServingSpec {
    const p = this.props;
    const istio = p.istioIngress ?? true;
    const config = mergeConfig(this.extraConfig, this.typedConfig());
    const gateway = this.ingress?._toOperatorConfig().ingress.istio['knative-ingress-gateway'];
    return {
      version: p.version,
      ingress: istio ? { istio: { enabled: true, knativeIngressGateway: gateway as KnativeServingSpecIngressIstioKnativeIngressGateway | undefined } } : undefined,
      highAvailability: p.highAvailabilityReplicas !== undefined ? { replicas: p.highAvailabilityReplicas } : undefined,
      config: Object.keys(config).length > 0 ? config : undefined,
    };
  }
}

/** The domains a KnativeServing takes, as far as a pattern tells (the default is checked in full). */
const DOMAIN_RULE = {
  pattern: DOMAIN_PATTERN,
  maxLength: 253,
  allowed: 'must be a DNS subdomain with at least two labels and a top-level label that is not all digits, e.g. "example.com"',
};

function checkAutoscaler(scope: Construct, a: AutoscalerConfig): void {
  const integer = (field: string, value: number | undefined, min: number, max?: number) =>
    checkIntegerRange(scope, `autoscaler.${field}`, value, min, max);
  integer('containerConcurrencyTargetDefault', a.containerConcurrencyTargetDefault, 1);
  integer('targetUtilizationPercentage', a.targetUtilizationPercentage, 1, 100);
  integer('maxScaleLimit', a.maxScaleLimit, 0);
  integer('initialScale', a.initialScale, 0);
  if (a.scaleToZeroGracePeriod) {
    const s = a.scaleToZeroGracePeriod.toSeconds();
    check(s >= 6, scope, 'autoscaler.scaleToZeroGracePeriod', `${s}s`, 'must be at least 6 seconds');
  }
  if (a.stableWindow) {
    const s = a.stableWindow.toSeconds();
    check(s >= 6 && s <= 3600, scope, 'autoscaler.stableWindow', `${s}s`, 'must be from 6 seconds to 1 hour');
  }
}

function checkRevisionGc(scope: Construct, gc: RevisionGcConfig): void {
  for (const field of ['minNonActiveRevisions', 'maxNonActiveRevisions'] as const) {
    checkIntegerRange(scope, `revisionGc.${field}`, gc[field], 0);
  }
  const min = gc.minNonActiveRevisions ?? 20;
  const max = gc.maxNonActiveRevisions ?? 1000;
  const rule: InstallCheck = {
    field: 'revisionGc.minNonActiveRevisions',
    allowed: `must be at most maxNonActiveRevisions${isUnresolved(max) ? '' : ` (${max})`}; Knative rejects the config-gc otherwise`,
    condition: { kind: 'atMost', left: min, right: max },
  };
  requireAtInstall(scope, rule);
  check(conditionHolds(scope, rule.condition), scope, rule.field, plainValue(scope, min), rule.allowed);
}

function revisionGcConfig(gc: RevisionGcConfig): Record<string, string> {
  const out: Record<string, string> = {};
  if (gc.retainSinceCreateTime) out['retain-since-create-time'] = `${gc.retainSinceCreateTime.toSeconds()}s`;
  if (gc.retainSinceLastActiveTime) out['retain-since-last-active-time'] = `${gc.retainSinceLastActiveTime.toSeconds()}s`;
  if (gc.minNonActiveRevisions !== undefined) out['min-non-active-revisions'] = tokenAwareString(gc.minNonActiveRevisions);
  if (gc.maxNonActiveRevisions !== undefined) out['max-non-active-revisions'] = tokenAwareString(gc.maxNonActiveRevisions);
  return out;
}

function autoscalerConfig(a: AutoscalerConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (key: string, value: number | boolean | undefined) => {
    if (value !== undefined) out[key] = tokenAwareString(value);
  };
  set('enable-scale-to-zero', a.enableScaleToZero);
  if (a.scaleToZeroGracePeriod) out['scale-to-zero-grace-period'] = `${a.scaleToZeroGracePeriod.toSeconds()}s`;
  if (a.stableWindow) out['stable-window'] = `${a.stableWindow.toSeconds()}s`;
  set('container-concurrency-target-default', a.containerConcurrencyTargetDefault);
  set('container-concurrency-target-percentage', a.targetUtilizationPercentage);
  set('max-scale-limit', a.maxScaleLimit);
  set('initial-scale', a.initialScale);
  return out;
}
