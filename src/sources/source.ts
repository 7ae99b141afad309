import { Construct } from 'constructs';
import { check, checkValue } from '../core/errors';
import { holdsToken, plainValue, ValueRule } from '../core/install-values';
import { isDns1035Label, isDns1123Subdomain } from '../core/names';
import { isUnresolved } from '../core/tokens';
import { pluralResource } from './api-server-source';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

/** Properties of a {@link Source}: any event source kind, by its group, version and kind. */
export interface GenericSourceProps extends SourceProps {
  /**
   * The source's `group/version`, e.g. `events.cloud.google.com/v1` or
   * `sources.knative.dev/v1alpha1`: a custom resource, so the group is a DNS
   * subdomain with at least one dot. A chart value may give the version,
   * not the group: `events.example.com/${version}` (RBAC rules name the group at synth).
   */
  readonly apiVersion: string;
  /** The source's kind, e.g. `CloudPubSubSource` (UpperCamelCase); as a chart value, give `resourcePlural` too. */
  readonly kind: string;
  /**
   * The kind's own spec fields, written as given before `sink` and
   * `ceOverrides` (which are props of their own and may not appear here).
   * Field values may be chart values (`asString()`, `asNumber()`, `asAny()`);
   * the whole spec may not, since the sink and the overrides go beside them.
   * @default - no fields besides the sink and the overrides
   */
  readonly spec?: { [key: string]: any };
  /**
   * The plural, lower-case REST resource name of the kind (for RBAC rules);
   * required when `kind` is a chart value.
   * @default - the kind in lower case with an English plural, e.g. `cloudpubsubsources`
   */
  readonly resourcePlural?: string;
}

/** The typed source kinds of this library: the generic `Source` points to them. */
const TYPED_SOURCES: { [groupKind: string]: string } = {
  'sources.knative.dev/PingSource': 'PingSource',
  'sources.knative.dev/ApiServerSource': 'ApiServerSource',
  'sources.knative.dev/ContainerSource': 'ContainerSource',
  'sources.knative.dev/SinkBinding': 'SinkBinding',
  'sources.knative.dev/KafkaSource': 'KafkaSource',
  'sources.knative.dev/GitHubSource': 'GitHubSource',
  'sources.knative.dev/IntegrationSource': 'IntegrationSource',
};

/**
 * Any event source: an object of a source CRD that follows Knative's source
 * duck type (`spec.sink`, `spec.ceOverrides`), such as the GCP Pub/Sub
 * source (`CloudPubSubSource`) or the RabbitMQ source (`RabbitmqSource`).
 * The sink and the overrides are typed and checked as on every typed source;
 * the rest of the spec is written as given (the vendored CRD schemas do not
 * cover these kinds, so `cdk8s-knative validate` reports them as not checked
 * by the schema layer).
 *
 * @see https://knative.dev/docs/eventing/sources/
 */
export class Source extends SourceBase {
  public readonly resourceType: string;
  private readonly fields: { [key: string]: any };

  constructor(scope: Construct, id: string, props: GenericSourceProps) {
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind }, props);
    // the checks read what plain synth writes: a chart value's default
    const apiVersion = plainValue(this, props.apiVersion);
    const kind = plainValue(this, props.kind);
    const slash = (apiVersion ?? '').indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? '' : apiVersion.slice(slash + 1);
    checkValue(this, 'apiVersion', props.apiVersion ?? '', API_VERSION_RULE, () => group.includes('.') && isDns1123Subdomain(group) && isDns1035Label(version));
    checkValue(this, 'kind', props.kind ?? '', KIND_RULE);
    // RBAC rules (kplus grants) read the group from the object's apiVersion at synth: a chart value may set the version only
    const rawGroup = (props.apiVersion ?? '').split('/')[0];
    check(!holdsToken(props.apiVersion) || (props.apiVersion.includes('/') && !holdsToken(rawGroup)), this, 'apiVersion', apiVersion,
      'write the group as text and take only the version from a chart value, e.g. `events.example.com/${version}`: RBAC rules name the group at synth');
    const typed = TYPED_SOURCES[`${group}/${kind}`];
    check(typed === undefined, this, 'kind', kind, `use the typed construct ${typed} for ${group}/${kind}`);
    // the sink and the overrides are written beside the fields: a chart value fits a field, not the whole spec
    check(!isUnresolved(props.spec), this, 'spec', 'a chart value',
      'give chart values as the values of spec fields (`{ broker: value.asString() }`), not as the whole spec: sink and ceOverrides are written beside them');
    const spec = props.spec ?? {};
    check(typeof spec === 'object' && spec !== null && !Array.isArray(spec), this, 'spec', spec, 'must be an object of spec fields');
    for (const key of ['sink', 'ceOverrides']) {
      check(!(key in spec), this, `spec.${key}`, spec[key], `give the ${key} with the ${key} prop, which is checked`);
    }
    for (const [key, value] of Object.entries(spec)) {
      check(value === undefined || isJsonValue(value), this, `spec.${key}`, String(value), 'must be a JSON value (string, number, boolean, null, list or object)');
    }
    checkValue(this, 'resourcePlural', props.resourcePlural, RESOURCE_PLURAL_RULE);
    check(props.resourcePlural !== undefined || !holdsToken(props.kind), this, 'resourcePlural', props.resourcePlural,
      'give the plural resource name when kind is a chart value: a value known only at install cannot be made plural at synth');
    this.resourceType = props.resourcePlural ?? pluralResource(props.kind);
    this.fields = { ...spec };
  }

  /** @internal */
  protected _sourceFields(): { [key: string]: any } {
    return this.fields;
  }
}

/** `<group>/<version>` of a custom resource, as far as a pattern tells (the default is checked in full). */
const API_VERSION_RULE: ValueRule = {
  pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+/[a-z]([-a-z0-9]{0,61}[a-z0-9])?$',
  allowed: 'must be "<group>/<version>" of a custom resource, e.g. "events.cloud.google.com/v1" (the group is a DNS subdomain with a dot, the version a DNS label such as v1alpha1)',
};
const KIND_RULE: ValueRule = {
  pattern: '^[A-Z][A-Za-z0-9]*$',
  allowed: 'must be a kind in UpperCamelCase, e.g. "CloudPubSubSource"',
};
const RESOURCE_PLURAL_RULE: ValueRule = {
  pattern: '^[a-z][a-z0-9]*$',
  allowed: 'must be a lower-case resource name, e.g. "rabbitmqsources"',
};

function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) || isUnresolved(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object') {
    if (isUnresolved(value)) return true;
    return Object.values(value as object).every(v => v === undefined || isJsonValue(v));
  }
  return false;
}
