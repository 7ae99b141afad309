import { ApiObject, Duration, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { check, checkValue, withDefaultNote } from '../core/errors';
import { conditionHolds, holdsToken, InstallCheck, plainValue, requireAtInstall } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { Destination, IAddressable } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { attributeNameRule, checkAttributeName } from './attributes';
import type { IBroker } from './broker';
import { Delivery, isoDuration, renderDelivery } from './delivery';

/** The API version and kind of a RequestReply. */
export const REQUEST_REPLY_GVK = { apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'RequestReply' } as const;

/** CloudEvents attributes a RequestReply cannot use to correlate (Knative's list, with its spelling). */
const RESERVED_ATTRIBUTES = ['id', 'type', 'specversion', 'course'];

/** Properties of a {@link RequestReply}. */
export interface RequestReplyProps extends ResourceProps {
  /** The Broker the requests are sent through; in the RequestReply's namespace. */
  readonly broker: IBroker;
  /**
   * The CloudEvents extension attribute that carries the id of a request
   * (set by the RequestReply on each request it forwards).
   * @default 'correlationid' (Knative's default)
   */
  readonly correlationAttribute?: string;
  /**
   * The CloudEvents extension attribute by which a reply names the request
   * it answers.
   * @default 'replyid' (Knative's default)
   */
  readonly replyAttribute?: string;
  /**
   * How long the RequestReply waits for a reply before it answers the
   * caller with an error; written as an ISO-8601 duration.
   * @default - the cluster's `requestreply-default-timeout` (PT30S)
   */
  readonly timeout?: Duration;
  /**
   * Delivery options of the requests sent to the Broker.
   * @default - the Broker's delivery
   */
  readonly delivery?: Delivery;
}

/**
 * A Knative RequestReply (`eventing.knative.dev/v1alpha1`): a synchronous
 * request/response endpoint in front of a Broker. A caller posts an event and
 * the HTTP response is the event that replies to it (matched by the
 * correlation and reply attributes). It is Addressable.
 *
 * @see https://knative.dev/docs/eventing/request-reply/
 */
export class RequestReply extends KnativeResource implements IAddressable {
  public readonly resourceType = 'requestreplies';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: RequestReplyProps;

  constructor(scope: Construct, id: string, props: RequestReplyProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...REQUEST_REPLY_GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    const broker = props.broker.reference;
    check(broker.kind === 'Broker', this, 'broker', `${broker.apiVersion} ${broker.kind}`, 'must be a Broker');
    // namespaces compare by what plain synth writes (a chart value's default)
    const ns = plainValue(this, this.metadata.namespace);
    const brokerNs = plainValue(this, broker.namespaceName);
    check(brokerNs === undefined || ns === undefined || brokerNs === ns, this, 'broker.namespace', brokerNs, withDefaultNote(
      holdsToken([this.metadata.namespace, broker.namespaceName]), `must be the RequestReply's namespace ("${ns}"); Knative does not allow a Broker of another namespace`));
    checkCorrelation(this, 'correlationAttribute', props.correlationAttribute);
    checkCorrelation(this, 'replyAttribute', props.replyAttribute);
    const differ: InstallCheck = {
      field: 'replyAttribute',
      allowed: 'must differ from correlationAttribute: a reply carries both',
      condition: { kind: 'distinct', terms: [props.correlationAttribute ?? 'correlationid', props.replyAttribute ?? 'replyid'] },
    };
    requireAtInstall(this, differ);
    check(conditionHolds(this, differ.condition), this, 'replyAttribute', plainValue(this, props.replyAttribute ?? 'replyid'),
      withDefaultNote(holdsToken([props.correlationAttribute, props.replyAttribute]), differ.allowed));
    if (props.timeout !== undefined) {
      check(props.timeout.toMilliseconds() >= 100, this, 'timeout', isoDuration(props.timeout),
        'must be a positive duration of at least 100 milliseconds (Knative keeps one decimal digit of seconds)');
    }
    renderDelivery(this, 'delivery', props.delivery);
  }

  /** Not known before deployment: Knative publishes the address in the status. */
  public get url(): string | undefined {
    return undefined;
  }

  /** The RequestReply as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  private _toSpec(): Record<string, unknown> {
    const p = this.props;
    const broker = p.broker.reference;
    return dropUndefined({
      brokerRef: { apiVersion: broker.apiVersion, kind: broker.kind, name: broker.name },
      correlationAttribute: p.correlationAttribute,
      replyAttribute: p.replyAttribute,
      timeout: p.timeout ? isoDuration(p.timeout) : undefined,
      delivery: renderDelivery(this, 'delivery', p.delivery),
    });
  }
}

/** A chart value is checked by its default, and by the same rules at install. */
function checkCorrelation(scope: IConstruct, field: string, name: string | undefined): void {
  if (name === undefined) return;
  checkAttributeName(scope, field, name);
  const reserved = [...RESERVED_ATTRIBUTES, 'source'];
  checkValue(scope, field, name, attributeNameRule(RESERVED_ALLOWED, reserved), plain => !reserved.includes(plain as string));
}

const RESERVED_ALLOWED = 'must not be a core CloudEvents attribute (id, type, specversion, source); use an extension name such as "correlationid"';
