import { ApiObject, Lazy, Yaml } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { KnativeEventingSpec } from '../../imports/operator-eventing-operator.knative.dev';
import { check, checkIntegerRange, checkPropTypes, METADATA_TYPES, PropSpec, PropType, required } from '../core/errors';
import { checkDns1123Label } from '../core/names';
import { KnativeResource } from '../validation/knative-resource';
import { BrokerClass } from '../eventing/broker';
import { ChannelKind } from '../eventing/channel-kind';
import { addConfigEntry, checkVersion, ConfigMaps, mergeConfig } from './operator-config';
import { checkLabelsAndAnnotations } from '../core/labels';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof import('../../imports/operator-eventing-operator.knative.dev') => require('../../imports/operator-eventing-operator.knative.dev');

/** How Knative Eventing encrypts event traffic (`transport-encryption`). */
export enum TransportEncryption {
  /** Plain HTTP only (Knative's default). */
  DISABLED = 'disabled',
  /** HTTPS addresses beside the HTTP ones; senders may use either. */
  PERMISSIVE = 'permissive',
  /** HTTPS only; needs cert-manager and the Knative Eventing certificates. */
  STRICT = 'strict',
}

/** Properties of a {@link KnativeEventing}. */
export interface KnativeEventingProps extends ResourceProps {
  /**
   * Knative Eventing version the operator installs (`spec.version`), e.g. `1.22`.
   * @default - the operator's own default version
   */
  readonly version?: string;
  /**
   * The class of Brokers that do not name one (`spec.defaultBrokerClass`).
   * @default BrokerClass.MT_CHANNEL_BASED
   * @see https://knative.dev/docs/eventing/configuration/broker-configuration/
   */
  readonly defaultBrokerClass?: BrokerClass;
  /**
   * The channel implementation of Channels that do not name one
   * (`default-ch-webhook` `default-ch-config` `clusterDefault`).
   * @default - Knative's default, ChannelKind.IN_MEMORY
   * @see https://knative.dev/docs/eventing/configuration/channel-configuration/
   */
  readonly defaultChannel?: ChannelKind;
  /**
   * The channel behind channel-based Brokers (`config-br-default-channel`
   * `channel-template-spec`); only used with `BrokerClass.MT_CHANNEL_BASED`.
   * @default - `defaultChannel` when set, else Knative's default (InMemoryChannel)
   */
  readonly brokerChannel?: ChannelKind;
  /**
   * Replicas of each Knative Eventing control-plane deployment (`spec.high-availability.replicas`).
   * @default - the operator's default (1)
   */
  readonly highAvailabilityReplicas?: number;
  /**
   * Senders authenticate with OIDC tokens and receivers check them
   * (`config-features` `authentication-oidc: enabled`); needed by
   * EventPolicies (`broker.allowFrom()`). Tell the validation too:
   * `ClusterConfig.DEFAULT.withFeatures({ 'authentication-oidc': 'enabled' })`.
   * @default false (Knative's default)
   * @see https://knative.dev/docs/eventing/features/sender-identity/
   */
  readonly authenticationOidc?: boolean;
  /**
   * TLS between event senders and receivers (`config-features`
   * `transport-encryption`); sinks may then carry `caCerts`.
   * @default TransportEncryption.DISABLED (Knative's default)
   * @see https://knative.dev/docs/eventing/features/transport-encryption/
   */
  readonly transportEncryption?: TransportEncryption;
  /**
   * More config map entries (`spec.config`), by config map name without the
   * `config-` prefix. An entry another prop sets (`defaultChannel`,
   * `brokerChannel`, `authenticationOidc`, `transportEncryption`) fails; use that prop.
   * @default - none
   */
  readonly config?: { [configMap: string]: { [key: string]: string } };
}

/** What a channel kind prop must be, for untyped callers. */
const CHANNEL_KIND_TYPE: PropType = { method: '_toTemplate', what: 'a ChannelKind, e.g. ChannelKind.IN_MEMORY or ChannelKind.custom(...)' };

/** The JavaScript types of {@link KnativeEventingProps}, for untyped callers. */
const KNATIVE_EVENTING_TYPES: PropSpec = {
  metadata: METADATA_TYPES,
  version: 'string',
  defaultBrokerClass: { fields: { name: required('string') }, what: 'a BrokerClass, e.g. BrokerClass.MT_CHANNEL_BASED' },
  defaultChannel: CHANNEL_KIND_TYPE,
  brokerChannel: CHANNEL_KIND_TYPE,
  highAvailabilityReplicas: 'number',
  authenticationOidc: 'boolean',
  transportEncryption: { oneOf: Object.values(TransportEncryption), what: 'TransportEncryption.DISABLED, PERMISSIVE or STRICT' },
  config: { mapOf: 'stringMap' },
};

/**
 * Knative Eventing installed by the Knative Operator: a `KnativeEventing`
 * (`operator.knative.dev/v1beta1`) with the default broker class and default
 * channel. The object lives in `knative-eventing` unless `metadata.namespace`
 * says otherwise.
 *
 * @see https://knative.dev/docs/install/operator/configuring-eventing-cr/
 */
export class KnativeEventing extends KnativeResource {
  /** The plural REST resource name of the kind: `knativeeventings`. */
  public readonly resourceType = 'knativeeventings';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The class of Brokers that do not name one. */
  public readonly defaultBrokerClass: BrokerClass;
  private readonly props: KnativeEventingProps;
  private readonly extraConfig: ConfigMaps = {};

  constructor(scope: Construct, id: string, props: KnativeEventingProps = {}) {
    super(scope, id);
    checkPropTypes(this, props, KNATIVE_EVENTING_TYPES);
    checkLabelsAndAnnotations(this, props.metadata);
    this.props = props;
    this.defaultBrokerClass = props.defaultBrokerClass ?? BrokerClass.MT_CHANNEL_BASED;
    this.apiObject = new (generated().KnativeEventing)(this, 'Resource', {
      metadata: { name: 'knative-eventing', ...props.metadata, namespace: props.metadata?.namespace ?? 'knative-eventing' },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkDns1123Label(this, 'metadata.namespace', this.metadata.namespace);
    checkVersion(this, props.version);
    check(props.brokerChannel === undefined || this.defaultBrokerClass === BrokerClass.MT_CHANNEL_BASED, this,
      'brokerChannel', props.brokerChannel?.kind, `only applies to BrokerClass.MT_CHANNEL_BASED, not ${this.defaultBrokerClass.name}; leave it unset`);
    checkIntegerRange(this, 'highAvailabilityReplicas', props.highAvailabilityReplicas, 1);
    for (const [configMap, entries] of Object.entries(props.config ?? {})) {
      for (const [key, value] of Object.entries(entries)) this.addConfig(configMap, key, value);
    }
  }

  /**
   * Adds one entry to a Knative Eventing config map
   * (`spec.config.<configMap>.<key>`); fails when the entry is already set,
   * by an earlier call or by a prop (`defaultChannel`, `brokerChannel`).
   */
  public addConfig(configMap: string, key: string, value: string): void {
    addConfigEntry(this, this.extraConfig, this.typedConfig(), configMap, key, value);
  }

  /**
   * The entries the typed props set. Channel templates are YAML read by
   * Knative with sigs.k8s.io/yaml (YAML 1.1), which cdk8s' own writer speaks.
   */
  private typedConfig(): ConfigMaps {
    const p = this.props;
    const typed: ConfigMaps = {};
    if (p.defaultChannel) {
      typed['default-ch-webhook'] = { 'default-ch-config': Yaml.stringify({ clusterDefault: p.defaultChannel._toTemplate() }) };
    }
    const brokerChannel = p.brokerChannel ?? p.defaultChannel;
    if (brokerChannel && this.defaultBrokerClass === BrokerClass.MT_CHANNEL_BASED) {
      typed['br-default-channel'] = { 'channel-template-spec': Yaml.stringify(brokerChannel._toTemplate()) };
    }
    const features: Record<string, string> = {};
    if (p.authenticationOidc !== undefined) features['authentication-oidc'] = p.authenticationOidc ? 'enabled' : 'disabled';
    if (p.transportEncryption !== undefined) features['transport-encryption'] = p.transportEncryption;
    if (Object.keys(features).length > 0) typed.features = features;
    return typed;
  }

  private _toSpec(): KnativeEventingSpec {
    const p = this.props;
    const config = mergeConfig(this.extraConfig, this.typedConfig());
    return {
      version: p.version,
      defaultBrokerClass: this.defaultBrokerClass.name,
      highAvailability: p.highAvailabilityReplicas !== undefined ? { replicas: p.highAvailabilityReplicas } : undefined,
      config: Object.keys(config).length > 0 ? config : undefined,
    };
  }
}
