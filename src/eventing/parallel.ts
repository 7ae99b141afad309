import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/flows-parallel-flows.knative.dev';
import { KINDS } from '../core/kinds';
import { Destination, IAddressable, ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { ChannelKind, channelUrl } from './channel-kind';
import { Delivery, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';
import { renderSink } from './sink';
import { checkObjectMeta } from '../core/labels';

/** One branch of a {@link Parallel}. */
export interface ParallelBranch {
  /**
   * Decides whether the branch gets an event: an addressable that replies
   * with the event to accept it and with nothing to drop it.
   * @default - every event goes to the subscriber
   */
  readonly filter?: ISink;
  /** Receives the events that pass the filter. */
  readonly subscriber: ISink;
  /**
   * Receives the subscriber's replies.
   * @default - the Parallel's reply
   */
  readonly reply?: ISink;
  /**
   * Delivery options to the subscriber.
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** Properties of a {@link Parallel}. */
export interface ParallelProps extends ResourceProps {
  /**
   * The branches; more can be added with `addBranch()`. At least one is needed.
   * @default - none yet
   */
  readonly branches?: ParallelBranch[];
  /**
   * The kind of channel used inside.
   * @default - the cluster default channel
   */
  readonly channelTemplate?: ChannelKind;
  /**
   * Receives the replies of branches without their own reply.
   * @default - they are dropped
   */
  readonly reply?: ISink;
}

/**
 * A Knative Parallel (`flows.knative.dev/v1`): every event is offered to all
 * branches, each with an optional filter, subscriber and reply.
 *
 * @see https://knative.dev/docs/eventing/flows/parallel/
 */
export class Parallel extends KnativeResource implements IAddressable {
  public readonly resourceType = 'parallels';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly branches: ParallelBranch[] = [];
  private readonly props: ParallelProps;

  constructor(scope: Construct, id: string, props: ParallelProps = {}) {
    super(scope, id);
    this.props = props;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Parallel,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    if (props.reply) renderSink(this, 'reply', props.reply);
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    for (const branch of props.branches ?? []) this.addBranch(branch);
    this.node.addValidation({ validate: () => this.branches.length === 0 ? [`branches: a Parallel needs at least one branch; pass branches or call addBranch()`] : [] });
  }

  /** The address of the Parallel's ingress channel, when its kind and namespace are known. */
  public get url(): string | undefined {
    return channelUrl(`${this.name}-kn-parallel`, this.metadata.namespace, this.props.channelTemplate);
  }

  /** The Parallel as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  /** Adds a branch. */
  public addBranch(branch: ParallelBranch): void {
    this.branches.push(branch);
    try {
      this.renderBranch(branch, this.branches.length - 1);
    } catch (e) {
      this.branches.pop();
      throw e;
    }
  }

  private renderBranch(b: ParallelBranch, i: number) {
    return dropUndefined({
      filter: b.filter ? renderSink(this, `branches[${i}].filter`, b.filter) : undefined,
      subscriber: renderSink(this, `branches[${i}].subscriber`, b.subscriber),
      reply: b.reply ? renderSink(this, `branches[${i}].reply`, b.reply) : undefined,
      delivery: renderDelivery(this, `branches[${i}].delivery`, b.delivery),
    });
  }

  private _toSpec(): gen.ParallelSpec {
    return dropUndefined({
      branches: this.branches.map((b, i) => this.renderBranch(b, i)),
      channelTemplate: this.props.channelTemplate?._toTemplate(),
      reply: this.props.reply ? renderSink(this, 'reply', this.props.reply) : undefined,
    });
  }
}
