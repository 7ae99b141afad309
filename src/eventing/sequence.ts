import { ApiObject, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/flows-sequence-flows.knative.dev';
import { KINDS } from '../core/kinds';
import { Destination, IAddressable, ISink } from '../core/reference';
import { KnativeResource } from '../validation/knative-resource';
import { ChannelKind, channelUrl } from './channel-kind';
import { Delivery, renderDelivery } from './delivery';
import { dropUndefined } from '../core/json';
import { renderSink } from './sink';
import { checkObjectMeta } from '../core/labels';

/** One step of a {@link Sequence}. */
export interface SequenceStep {
  /** Receives the events (the previous step's replies) and replies with the next. */
  readonly subscriber: ISink;
  /**
   * Delivery options to this step.
   * @default - the channel's delivery
   */
  readonly delivery?: Delivery;
}

/** Properties of a {@link Sequence}. */
export interface SequenceProps extends ResourceProps {
  /**
   * The steps, in order; more can be added with `addStep()`. At least one is needed.
   * @default - none yet
   */
  readonly steps?: SequenceStep[];
  /**
   * The kind of channel between the steps.
   * @default - the cluster default channel
   */
  readonly channelTemplate?: ChannelKind;
  /**
   * Receives the replies of the last step.
   * @default - they are dropped
   */
  readonly reply?: ISink;
}

/**
 * A Knative Sequence (`flows.knative.dev/v1`): events go through the steps in
 * order, each step's reply becoming the next step's input.
 *
 * @see https://knative.dev/docs/eventing/flows/sequence/
 */
export class Sequence extends KnativeResource implements IAddressable {
  public readonly resourceType = 'sequences';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly steps: SequenceStep[] = [];
  private readonly props: SequenceProps;

  constructor(scope: Construct, id: string, props: SequenceProps = {}) {
    super(scope, id);
    this.props = props;
    // a plain ApiObject: the generated class would drop `delivery.timeout`, which its CRD keeps
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Sequence,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    if (props.reply) renderSink(this, 'reply', props.reply);
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    for (const step of props.steps ?? []) this.addStep(step);
    this.node.addValidation({ validate: () => this.steps.length === 0 ? [`steps: a Sequence needs at least one step; pass steps or call addStep()`] : [] });
  }

  /** The address of the Sequence's first channel, when its kind and namespace are known. */
  public get url(): string | undefined {
    return channelUrl(`${this.name}-kn-sequence-0`, this.metadata.namespace, this.props.channelTemplate);
  }

  /** The Sequence as a sink: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  /** Appends a step. */
  public addStep(step: SequenceStep): void {
    const i = this.steps.length;
    renderSink(this, `steps[${i}]`, step.subscriber);
    renderDelivery(this, `steps[${i}].delivery`, step.delivery);
    this.steps.push(step);
  }

  private _toSpec(): gen.SequenceSpec {
    return dropUndefined({
      steps: this.steps.map((s, i) => dropUndefined({
        ...renderSink(this, `steps[${i}]`, s.subscriber),
        delivery: renderDelivery(this, `steps[${i}].delivery`, s.delivery),
      })),
      channelTemplate: this.props.channelTemplate?._toTemplate(),
      reply: this.props.reply ? renderSink(this, 'reply', this.props.reply) : undefined,
    });
  }
}
