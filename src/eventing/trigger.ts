import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/eventing-trigger-eventing.knative.dev';
import { KINDS } from '../core/kinds';
import { check, checkPropTypes, KnativePropError, METADATA_TYPES, PropChecks, required, withDefaultNote } from '../core/errors';
import { holdsToken, plainValue } from '../core/install-values';
import { ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { checkAttributeName, checkNotWholeMap } from './attributes';
import { isUnresolved } from '../core/tokens';
import type { IBroker } from './broker';
import { Delivery, DELIVERY_TYPES, renderDelivery, SINK_TYPE } from './delivery';
import { dropUndefined } from '../core/json';
import { declaredTypesOf } from './event-type';
import { renderSink } from './sink';
import { TriggerFilter } from './trigger-filter';
import { deferWarnings } from '../core/warnings';
import { checkObjectMeta } from '../core/labels';

/** What a Trigger delivers and how; used by `broker.addTrigger()`. */
export interface TriggerOptions extends ResourceProps {
  /** Receives the events that pass the filters. */
  readonly subscriber: ISink;
  /**
   * Exact-match filter on CloudEvents attributes, e.g. `{ type: 'com.example.order' }`.
   * An empty value matches any value of the attribute. Names and values may
   * be chart values (a name must then be a valid attribute name at install).
   * @default - every event passes (unless `filters` is set)
   */
  readonly filter?: { [key: string]: string };
  /**
   * Filters in the newer dialect (exact, prefix, suffix, all, any, not, cesql);
   * all must match. When both `filter` and `filters` are set, Knative uses `filters`.
   * @default - no filters
   */
  readonly filters?: TriggerFilter[];
  /**
   * Delivery options of this Trigger.
   * @default - the Broker's delivery
   */
  readonly delivery?: Delivery;
}

/** Properties of a {@link Trigger}. */
export interface TriggerProps extends TriggerOptions {
  /** The Broker whose events this Trigger filters; in the Trigger's namespace. */
  readonly broker: IBroker;
}

/**
 * A Knative Trigger: subscribes a sink to the events of a Broker that pass
 * its filters.
 *
 * @see https://knative.dev/docs/eventing/triggers/
 */
export class Trigger extends KnativeResource {
  public readonly resourceType = 'triggers';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The Broker the Trigger listens to. */
  public readonly broker: IBroker;
  private readonly props: TriggerProps;
  /**
   * The spec, checked and rendered once by the constructor: it depends on the
   * read-only props only, so every synth reuses it instead of checking again.
   */
  private readonly renderedSpec: gen.TriggerSpec;

  constructor(scope: Construct, id: string, props: TriggerProps) {
    super(scope, id);
    checkPropTypes(this, props, {
      broker: required({ fields: { name: required('string'), reference: required('object') }, what: 'an IBroker (a Broker, or Broker.fromBrokerName())' }),
      subscriber: required(SINK_TYPE),
      filter: 'stringMap',
      filters: { listOf: { method: '_render', what: 'a TriggerFilter, e.g. TriggerFilter.exact({ type: "..." })' } },
      delivery: DELIVERY_TYPES,
      metadata: METADATA_TYPES,
    });
    const checks = PropChecks.gather(this);
    this.props = props;
    this.broker = props.broker;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Trigger,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderedSpec }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    // namespaces compare by what plain synth writes (a chart value's default)
    const brokerNs = plainValue(this, props.broker.reference.namespaceName);
    const ownNs = plainValue(this, this.metadata.namespace);
    if (brokerNs && ownNs && brokerNs !== ownNs) {
      throw new KnativePropError(this, 'broker', `${brokerNs}/${props.broker.name}`, withDefaultNote(
        holdsToken([props.broker.reference.namespaceName, this.metadata.namespace]), `the Broker must be in the Trigger's namespace "${ownNs}"`));
    }
    // fail early: render once to check every prop
    this.renderedSpec = checks.run(() => this._toSpec());
    checks.done();
    deferWarnings(this, () => this.declaredTypeWarnings());
  }

  private _toSpec(): gen.TriggerSpec {
    const { filter, filters } = this.props;
    checkNotWholeMap(this, 'filter', filter);
    if (filter && !isUnresolved(filter)) {
      for (const [name, value] of Object.entries(filter)) {
        const plainName = plainValue(this, name);
        checkAttributeName(this, `filter.${plainName}`, name);
        check(typeof value === 'string', this, `filter.${plainName}`, value, 'must be a string');
      }
    }
    return dropUndefined({
      broker: this.props.broker.name,
      subscriber: renderSink(this, 'subscriber', this.props.subscriber),
      delivery: renderDelivery(this, 'delivery', this.props.delivery),
      filter: filter && Object.keys(filter).length > 0 ? { attributes: { ...filter } } : undefined,
      filters: filters && filters.length > 0 ? filters.map((f, i) => f._render(this, `filters[${i}]`)) : undefined,
    });
  }

  /** Warns when the trigger filters on a `type` that no EventType of the app declares. */
  private declaredTypeWarnings(): string[] {
    const declared = declaredTypesOf(this);
    const warnings: string[] = [];
    if (declared.length === 0) return [];
    const constraints: Array<{ dialect: string; value: string }> = [];
    // a chart value is compared by its default (the value plain synth writes)
    const filter = plainValue(this, this.props.filter ?? {});
    const type = filter.type;
    if (type) constraints.push({ dialect: 'exact', value: type });
    for (const f of this.props.filters ?? []) constraints.push(...plainValue(this, f._typeConstraints()));
    for (const c of constraints) {
      const matches = declared.some(t =>
        c.dialect === 'exact' ? t === c.value : c.dialect === 'prefix' ? t.startsWith(c.value) : t.endsWith(c.value));
      if (!matches) {
        warnings.push(`filters on type ${c.dialect === 'exact' ? '' : `${c.dialect} `}"${c.value}" but no EventType of the app declares such a type (declared: ${declared.join(', ')})`);
      }
    }
    return warnings;
  }
}
