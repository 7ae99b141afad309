import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { check, checkValue, KnativePropError, withDefaultNote } from '../core/errors';
import { holdsToken, plainValue, ValueRule } from '../core/install-values';
import { ImportedObject } from '../core/external';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { IAddressable, KReference } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { checkNotWholeMap, isListToken } from './attributes';
import { TriggerFilter } from './trigger-filter';

/** The API version and kind of an EventPolicy. */
export const EVENT_POLICY_GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'EventPolicy' } as const;

/**
 * The objects of one kind an EventPolicy applies to, chosen by label
 * (`spec.to[].selector`).
 */
export interface EventPolicySelector {
  /** API version of the objects, e.g. `eventing.knative.dev/v1`. */
  readonly apiVersion: string;
  /** Kind of the objects, e.g. `Broker`. */
  readonly kind: string;
  /** Labels the objects carry (all must match). */
  readonly matchLabels: { [key: string]: string };
}

/** Properties of an {@link EventPolicy}. */
export interface EventPolicyProps extends kplus.ResourceProps {
  /**
   * The receivers the policy governs (`spec.to[].ref`): Brokers, Channels,
   * sinks such as a JobSink or an EventTransform, in the policy's namespace.
   * @default - with `toSelectors` unset too, every receiver of the namespace
   */
  readonly to?: IAddressable[];
  /**
   * Receivers chosen by kind and labels (`spec.to[].selector`).
   * @default - none
   */
  readonly toSelectors?: EventPolicySelector[];
  /**
   * Senders allowed, by object (`spec.from[].ref`): a source, a Broker, a
   * Trigger, a Subscription... of the app. Knative allows the OIDC identity
   * the object sends with.
   * @default - none
   */
  readonly fromResources?: kplus.IResource[];
  /**
   * Senders outside the app allowed, by reference (`spec.from[].ref`), e.g. a
   * source in another namespace; they count as existing for the reference check.
   * @default - none
   */
  readonly fromReferences?: KReference[];
  /**
   * Senders allowed, by OIDC subject (`spec.from[].sub`), e.g.
   * `system:serviceaccount:payments:checkout`; a `*` is allowed only as the
   * last character (`system:serviceaccount:payments:*`). Each subject may be
   * a chart value (one for the whole list is refused).
   * @default - none
   */
  readonly fromSubjects?: string[];
  /**
   * Filters the events must pass besides coming from an allowed sender
   * (the `filters` dialect of Triggers).
   * @default - every event of an allowed sender
   */
  readonly filters?: TriggerFilter[];
}

interface FromEntry {
  readonly ref?: KReference;
  readonly sub?: string;
  /** Where the sender was listed, as the user wrote it, e.g. `fromSubjects[1]`. */
  readonly at: string;
}

/** The props that list senders; a sender added by a method counts as the next item of its prop. */
type FromProp = 'fromResources' | 'fromReferences' | 'fromSubjects';

/**
 * A Knative EventPolicy (`eventing.knative.dev/v1alpha1`): which senders (by
 * object or OIDC subject) may send events to a Broker, a Channel or a sink.
 * Receivers that no policy names follow the cluster's
 * `default-authorization-mode`.
 *
 * Knative accepts an EventPolicy only when the `authentication-oidc` feature is
 * enabled; validation checks this against the cluster settings given with
 * `Validation.of(app).configure({ clusterConfig })`, and
 * `KnativeEventing`'s `authenticationOidc` turns the feature on.
 *
 * @see https://knative.dev/docs/eventing/features/authorization/
 */
export class EventPolicy extends KnativeResource {
  public readonly resourceType = 'eventpolicies';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly to: KReference[] = [];
  private readonly toSelectors: EventPolicySelector[];
  private readonly from: FromEntry[] = [];
  private readonly filters: TriggerFilter[];

  constructor(scope: Construct, id: string, props: EventPolicyProps = {}) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      ...EVENT_POLICY_GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    this.toSelectors = [...(props.toSelectors ?? [])];
    this.toSelectors.forEach((s, i) => checkSelector(this, `toSelectors[${i}]`, s));
    this.filters = [...(props.filters ?? [])];
    this.filters.forEach((f, i) => f._render(this, `filters[${i}]`));
    for (const target of props.to ?? []) this.addTo(target);
    for (const r of props.fromResources ?? []) this.addFromResource(r);
    for (const r of props.fromReferences ?? []) this.addFromReference(r);
    check(!isListToken(props.fromSubjects), this, 'fromSubjects', '(a list chart value)',
      'each subject is written as its own entry of spec.from: give a chart value per subject, not one for the whole list');
    for (const s of isListToken(props.fromSubjects) ? [] : props.fromSubjects ?? []) this.addFromSubject(s);
  }

  /** Adds a receiver the policy governs; fails when it is already listed. */
  public addTo(target: IAddressable): void {
    const ref = target.reference;
    const field = `to[${this.to.length}]`;
    checkReference(this, field, ref);
    // namespaces compare by what plain synth writes (a chart value's default)
    const ns = plainValue(this, this.metadata.namespace);
    const refNs = plainValue(this, ref.namespaceName);
    check(refNs === undefined || ns === undefined || refNs === ns, this, `${field}.namespace`, refNs, withDefaultNote(
      holdsToken([this.metadata.namespace, ref.namespaceName]), `must be the EventPolicy's namespace ("${ns}"): a policy governs receivers of its own namespace`));
    const same = this.to.findIndex(t => sameRef(this, t, ref));
    check(same < 0, this, field, `${ref.kind} ${ref.name}`, `must be listed once: to[${same}] is the same receiver`);
    this.to.push(ref);
  }

  /** Allows a sender of the app (a source, Broker, Trigger...), by its object; fails when it is already allowed. */
  public addFromResource(sender: kplus.IResource): void {
    const namespaceName = sender instanceof kplus.Resource ? sender.metadata.namespace : undefined;
    this.addFrom('fromResources', { apiVersion: sender.apiVersion, kind: sender.kind, name: sender.name, namespaceName });
  }

  /**
   * Allows a sender outside the app by reference (e.g. a source in another
   * namespace), which then counts as existing for the reference check; fails
   * when it is already allowed.
   */
  public addFromReference(reference: KReference): void {
    this.addFrom('fromReferences', reference);
    new ImportedObject(this, `Sender${this.from.length}`, reference);
  }

  /** The field of the next sender listed by `prop`, e.g. `fromSubjects[2]`. */
  private nextFrom(prop: FromProp): string {
    return `${prop}[${this.from.filter(f => f.at.startsWith(`${prop}[`)).length}]`;
  }

  private addFrom(prop: FromProp, reference: KReference): void {
    const field = this.nextFrom(prop);
    checkReference(this, field, reference);
    const same = this.from.find(f => f.ref && sameRef(this, f.ref, reference, this.metadata.namespace));
    check(same === undefined, this, field, `${reference.kind} ${reference.name}`, `must be listed once: ${same?.at} is the same sender`);
    this.from.push({ ref: reference, at: field });
  }

  /**
   * Allows a sender by OIDC subject, e.g. `system:serviceaccount:ns:name`; a
   * `*` only as the last character. Fails when the subject is already allowed.
   */
  public addFromSubject(subject: string): void {
    const field = this.nextFrom('fromSubjects');
    // checks read what plain synth writes (a chart value's default); tokens get the rules for install
    check(typeof subject === 'string', this, field, subject, SUBJECT_RULE.allowed);
    checkValue(this, field, subject, SUBJECT_RULE);
    checkValue(this, field, subject, STAR_RULE);
    const plain = plainValue(this, subject);
    const same = this.from.find(f => f.sub !== undefined && plainValue(this, f.sub) === plain);
    check(same === undefined, this, field, plain, withDefaultNote(holdsToken([subject, same?.sub]), `must be listed once: ${same?.at} is the same subject`));
    this.from.push({ sub: subject, at: field });
  }

  /** The receivers named so far (references). */
  public get receivers(): KReference[] {
    return [...this.to];
  }

  private _toSpec(): Record<string, unknown> {
    const to = [
      ...this.to.map(r => ({ ref: { apiVersion: r.apiVersion, kind: r.kind, name: r.name } })),
      ...this.toSelectors.map(s => ({ selector: { apiVersion: s.apiVersion, kind: s.kind, matchLabels: { ...s.matchLabels } } })),
    ];
    const from = this.from.map(f => (f.ref
      ? { ref: dropUndefined({ apiVersion: f.ref.apiVersion, kind: f.ref.kind, name: f.ref.name, namespace: f.ref.namespaceName }) }
      : { sub: f.sub }));
    return dropUndefined({
      to: to.length > 0 ? to : undefined,
      from: from.length > 0 ? from : undefined,
      filters: this.filters.length > 0 ? this.filters.map((f, i) => f._render(this, `filters[${i}]`)) : undefined,
    });
  }
}

/** An OIDC subject: not empty. */
const SUBJECT_RULE: ValueRule = { minLength: 1, allowed: 'must be a non-empty OIDC subject, e.g. "system:serviceaccount:payments:checkout"' };
/** A `*` only last (a prefix match). */
const STAR_RULE: ValueRule = {
  pattern: '^[^*]*[*]?$',
  allowed: '"*" is only allowed as the last character (a prefix match), e.g. "system:serviceaccount:payments:*"',
};

function checkReference(scope: IConstruct, field: string, ref: KReference): void {
  for (const key of ['apiVersion', 'kind', 'name'] as const) {
    if (typeof ref[key] !== 'string') throw new KnativePropError(scope, `${field}.${key}`, ref[key], 'must be a non-empty string');
    checkValue(scope, `${field}.${key}`, ref[key], { minLength: 1, allowed: 'must be a non-empty string' });
  }
}

function checkSelector(scope: IConstruct, field: string, s: EventPolicySelector): void {
  const apiVersion = 'must be a non-empty API version, e.g. "eventing.knative.dev/v1"';
  const kind = 'must be a non-empty kind, e.g. "Broker"';
  check(typeof s.apiVersion === 'string', scope, `${field}.apiVersion`, s.apiVersion, apiVersion);
  checkValue(scope, `${field}.apiVersion`, s.apiVersion, { minLength: 1, allowed: apiVersion });
  check(typeof s.kind === 'string', scope, `${field}.kind`, s.kind, kind);
  checkValue(scope, `${field}.kind`, s.kind, { minLength: 1, allowed: kind });
  checkNotWholeMap(scope, `${field}.matchLabels`, s.matchLabels, 'the chart could not tell an empty map, which would select every object of the kind');
  check(Object.keys(s.matchLabels ?? {}).length > 0, scope, `${field}.matchLabels`, s.matchLabels, 'must name at least one label (an empty selector would match every object of the kind)');
}

/** True when both name the same object, compared by what plain synth writes (a chart value's default). */
function sameRef(scope: IConstruct, a: KReference, b: KReference, defaultNs?: string): boolean {
  const [x, y] = plainValue(scope, [{ ...a }, { ...b }]);
  return x.apiVersion === y.apiVersion && x.kind === y.kind && x.name === y.name
    && (x.namespaceName ?? defaultNs) === (y.namespaceName ?? defaultNs);
}

/**
 * The EventPolicy that `allowFrom()`/`allowSubject()` of `receiver` extend:
 * one child `AllowFrom` named `<receiver>-allow`, made on the first call.
 * @internal
 */
export function allowPolicyOf(receiver: IAddressable & IConstruct, receiverName: string): EventPolicy {
  const existing = receiver.node.tryFindChild(ALLOW_ID);
  if (existing instanceof EventPolicy) return existing;
  return new EventPolicy(receiver, ALLOW_ID, {
    metadata: dropUndefined({ name: `${receiverName}-allow`, namespace: receiver.reference.namespaceName }),
    to: [receiver],
  });
}

const ALLOW_ID = 'AllowFrom';
