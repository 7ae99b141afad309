import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/eventing-broker-eventing.knative.dev';
import { KINDS } from '../core/kinds';
import { checkPropTypes, checkValue, METADATA_TYPES, PropChecks, required } from '../core/errors';
import { holdsToken, ValueRule } from '../core/install-values';
import { ImportedObject, namespaceOf } from '../core/external';
import { checkDns1123Subdomain } from '../core/names';
import { Destination, IAddressable, ISink, KReference } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { Delivery, DELIVERY_TYPES, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';
import { Trigger, TriggerOptions } from './trigger';
import { allowPolicyOf, EventPolicy } from './event-policy';
import { checkObjectMeta } from '../core/labels';

/** A broker class name, as `BrokerClass.custom()` checks it. */
const BROKER_CLASS_RULE: ValueRule = { pattern: '^[^\\s]+$', allowed: 'must be a non-empty class name without spaces' };
/** A string that must not be empty. */
const NON_EMPTY_RULE: ValueRule = { minLength: 1, allowed: 'must be a non-empty string' };

/** The annotation that picks a Broker's implementation. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';

/**
 * The implementation behind a Broker (annotation
 * `eventing.knative.dev/broker.class`, immutable once created).
 * @see https://knative.dev/docs/eventing/brokers/broker-types/
 */
export class BrokerClass {
  /** The multi-tenant channel-based broker that ships with Knative Eventing. */
  public static readonly MT_CHANNEL_BASED = new BrokerClass('MTChannelBasedBroker', 'broker-ingress');
  /** The Apache Kafka broker (eventing-kafka-broker). */
  public static readonly KAFKA = new BrokerClass('Kafka', 'kafka-broker-ingress');

  /**
   * Another broker implementation, by its class name (it may be a chart value).
   * @param ingressService the name of its ingress Service in `knative-eventing`, when its URL follows
   *   the `http://<ingress>.knative-eventing.svc.cluster.local/<namespace>/<name>` pattern
   */
  public static custom(name: string, ingressService?: string): BrokerClass {
    // a chart value's default is checked by the Broker that uses the class
    if (!holdsToken(name) && !/^\S+$/.test(name)) {
      throw new Error(`BrokerClass.custom: name ${JSON.stringify(name)} is not allowed; must be a non-empty class name without spaces`);
    }
    return new BrokerClass(name, ingressService);
  }

  private constructor(
    /** The annotation value. */
    public readonly name: string,
    /** The ingress Service in `knative-eventing`, when known. */
    public readonly ingressService?: string,
  ) {}
}

/** A Broker of the app or one imported with `Broker.fromBrokerName()`. */
export interface IBroker extends IAddressable {
  /** The Broker's name. */
  readonly name: string;
  /**
   * Adds a Trigger on this Broker, as a child construct `id` of the Broker;
   * fails when the Broker already has a child with that id.
   */
  addTrigger(id: string, options: TriggerOptions): Trigger;
  /**
   * Adds a Trigger delivering the events of one CloudEvents type to `subscriber`
   * (same as `addTrigger()` with an exact `type` filter).
   * @param eventType the CloudEvents `type` attribute to match exactly
   */
  onEvent(id: string, eventType: string, subscriber: ISink, options?: OnEventOptions): Trigger;
}

/** Options of `Broker.fromBrokerName()`. */
export interface BrokerImportOptions {
  /**
   * Namespace of the Broker.
   * @default - the chart's namespace
   */
  readonly namespaceName?: string;
  /**
   * The implementation of the Broker, which gives its address.
   * @default BrokerClass.MT_CHANNEL_BASED
   */
  readonly brokerClass?: BrokerClass;
}

/** Options of `onEvent()`: those of a Trigger minus the type filter and subscriber. */
export interface OnEventOptions extends ResourceProps {
  /**
   * More exact-match attribute filters besides `type`.
   * @default - only the type is matched
   */
  readonly filter?: { [key: string]: string };
  /**
   * Delivery options of the Trigger.
   * @default - the Broker's delivery
   */
  readonly delivery?: Delivery;
}

/** Properties of a {@link Broker}. */
export interface BrokerProps extends ResourceProps {
  /**
   * The broker implementation, written as the
   * `eventing.knative.dev/broker.class` annotation (immutable once created).
   * @default - no annotation: the cluster's default class
   *   (`config-br-defaults`, or `KnativeEventing`'s `defaultBrokerClass`);
   *   `url` and `brokerClass` then assume BrokerClass.MT_CHANNEL_BASED
   */
  readonly brokerClass?: BrokerClass;
  /**
   * The configuration of the broker implementation, usually a ConfigMap such
   * as `config-br-default-channel` (channel-based) or `kafka-broker-config` (Kafka).
   * @default - the cluster's default from `config-br-defaults`
   */
  readonly config?: KReference;
  /**
   * Default delivery options of the Broker's Triggers.
   * @default - the cluster default
   */
  readonly delivery?: Delivery;
}

/**
 * A Knative Broker: an event mesh that receives events and hands them to
 * Triggers, which filter them for subscribers.
 *
 * @see https://knative.dev/docs/eventing/brokers/
 */
export class Broker extends KnativeResource implements IBroker {
  /**
   * Imports a Broker that exists outside the app (installed with the
   * platform or owned by another team): nothing is synthesized for it, and
   * Triggers can be added to it.
   * @param name the Broker's `metadata.name`
   */
  public static fromBrokerName(scope: Construct, id: string, name: string, options: BrokerImportOptions = {}): IBroker {
    return new ImportedBroker(scope, id, name, options);
  }

  public readonly resourceType = 'brokers';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /**
   * The broker implementation: the one set in `brokerClass`, else
   * BrokerClass.MT_CHANNEL_BASED (assumed for the cluster default).
   */
  public readonly brokerClass: BrokerClass;
  private readonly props: BrokerProps;

  constructor(scope: Construct, id: string, props: BrokerProps = {}) {
    super(scope, id);
    checkPropTypes(this, props, {
      metadata: METADATA_TYPES,
      brokerClass: { fields: { name: required('string') }, what: 'a BrokerClass, e.g. BrokerClass.MT_CHANNEL_BASED' },
      config: { fields: { apiVersion: required('string'), kind: required('string'), name: required('string'), namespaceName: 'string' }, what: 'a KReference ({ apiVersion, kind, name })' },
      delivery: DELIVERY_TYPES,
    });
    const checks = PropChecks.gather(this);
    this.props = props;
    this.brokerClass = props.brokerClass ?? BrokerClass.MT_CHANNEL_BASED;
    if (props.brokerClass) checkValue(this, 'brokerClass', props.brokerClass.name, BROKER_CLASS_RULE);
    if (props.config) {
      for (const key of ['apiVersion', 'kind', 'name'] as const) {
        checkValue(this, `config.${key}`, props.config[key] ?? '', NON_EMPTY_RULE);
      }
    }
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Broker,
      metadata: props.brokerClass ? {
        ...props.metadata,
        annotations: { ...props.metadata?.annotations, [BROKER_CLASS_ANNOTATION]: props.brokerClass.name },
      } : props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checks.run(() => renderDelivery(this, 'delivery', props.delivery));
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    checks.done();
  }

  /** `http://<ingress>.knative-eventing.svc.cluster.local/<namespace>/<name>` when class and namespace are known. */
  public get url(): string | undefined {
    return brokerUrl(this.brokerClass, this.metadata.namespace, this.name);
  }

  /** The Broker as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  /**
   * Adds a Trigger on this Broker, as a child construct `id` of the Broker;
   * fails when the Broker already has a child with that id.
   */
  public addTrigger(id: string, options: TriggerOptions): Trigger {
    return new Trigger(this, id, { ...options, broker: this });
  }

  /**
   * Adds a Trigger delivering the events of one CloudEvents type to `subscriber`
   * (same as `addTrigger()` with an exact `type` filter).
   * @param eventType the CloudEvents `type` attribute to match exactly
   */
  public onEvent(id: string, eventType: string, subscriber: ISink, options: OnEventOptions = {}): Trigger {
    return onEvent(this, id, eventType, subscriber, options);
  }

  /**
   * Allows `sender` (a source, Broker, Trigger... of the app) to send events
   * here: adds it to this receiver's EventPolicy, child `AllowFrom` named
   * `<name>-allow`, made on the first call. Needs the `authentication-oidc`
   * feature; once a policy names a receiver, only the senders it allows get in.
   * Fails when `sender` is already allowed.
   */
  public allowFrom(sender: kplus.IResource): EventPolicy {
    const policy = allowPolicyOf(this, this.name);
    policy.addFromResource(sender);
    return policy;
  }

  /**
   * Allows senders by OIDC subject (e.g. `system:serviceaccount:ns:name`, or
   * a prefix ending in `*`), in the same EventPolicy as `allowFrom()`.
   * Fails when the subject is already allowed.
   */
  public allowSubject(subject: string): EventPolicy {
    const policy = allowPolicyOf(this, this.name);
    policy.addFromSubject(subject);
    return policy;
  }

  private _toSpec(): gen.BrokerSpec {
    const config = this.props.config;
    return dropUndefined({
      config: config ? dropUndefined({ apiVersion: config.apiVersion, kind: config.kind, name: config.name, namespace: config.namespaceName }) : undefined,
      delivery: renderDelivery(this, 'delivery', this.props.delivery),
    });
  }
}

function brokerUrl(brokerClass: BrokerClass, namespace: string | undefined, name: string): string | undefined {
  if (!brokerClass.ingressService || !namespace) return undefined;
  return `http://${brokerClass.ingressService}.knative-eventing.svc.cluster.local/${namespace}/${name}`;
}

function onEvent(broker: IBroker, id: string, eventType: string, subscriber: ISink, options: OnEventOptions): Trigger {
  return broker.addTrigger(id, { metadata: options.metadata, subscriber, delivery: options.delivery, filter: { ...options.filter, type: eventType } });
}

/** A Broker outside the app, returned by `Broker.fromBrokerName()`. */
class ImportedBroker extends ImportedObject implements IBroker {
  constructor(scope: Construct, id: string, name: string, options: BrokerImportOptions) {
    const ns = options.namespaceName ?? namespaceOf(scope);
    const brokerClass = options.brokerClass ?? BrokerClass.MT_CHANNEL_BASED;
    super(scope, id, { apiVersion: KINDS.Broker.apiVersion, kind: KINDS.Broker.kind, name, namespaceName: ns }, brokerUrl(brokerClass, ns, name));
    checkDns1123Subdomain(this, 'name', name);
  }

  public addTrigger(id: string, options: TriggerOptions): Trigger {
    return new Trigger(this, id, { ...options, broker: this });
  }

  public onEvent(id: string, eventType: string, subscriber: ISink, options: OnEventOptions = {}): Trigger {
    return onEvent(this, id, eventType, subscriber, options);
  }
}
