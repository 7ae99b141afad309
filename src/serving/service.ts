import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Service as ServiceCrd } from '../../imports/serving-service-serving.knative.dev';
import { check, checkIntegerRange, ImportedObject, IAddressable, tokenAwareSubtract } from '../core';
import { AddressableServingResource } from './addressable';
import { ContainerProps } from './container';
import { addSidecarChecked, renderRevisionTemplate, RevisionTemplateProps } from './revision-template';
import { renderTraffic, TrafficTarget } from './traffic';
import { Visibility, visibilityLabels } from './visibility';
import { checkObjectMeta } from '../core/labels';

/**
 * Props of a Knative Service.
 */
export interface ServiceProps extends RevisionTemplateProps {
  /**
   * Metadata of the Service. Set `name` explicitly: it is part of the
   * Service's URL (`<name>.<namespace>.<domain>`), and the generated default
   * changes when the construct id or path changes.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How the traffic is split across Revisions.
   * @default - all traffic to the latest ready Revision
   */
  readonly traffic?: TrafficTarget[];
  /**
   * Who can reach the Service.
   * @default Visibility.EXTERNAL
   */
  readonly visibility?: Visibility;
}

/** A Knative Service, in the app or outside it. */
export interface IService extends IAddressable {
  /** The Service's name. */
  readonly name: string;
}

/** Options of {@link Service.canary}. */
export interface CanaryOptions {
  /**
   * Tag of the stable Revision's own URL.
   * @default 'stable'
   */
  readonly stableTag?: string;
  /**
   * Tag of the canary's own URL.
   * @default 'canary'
   */
  readonly canaryTag?: string;
}

/** Which side of a blue-green pair is live. */
export enum BlueGreenSide {
  /** The `blue` Revision takes all traffic. */
  BLUE = 'blue',
  /** The `green` Revision takes all traffic. */
  GREEN = 'green',
}

/** Options of {@link Service.blueGreen}. */
export interface BlueGreenOptions {
  /** The Revision currently serving (tagged `blue`). */
  readonly blue: string;
  /** The new Revision (tagged `green`, reachable at its tag URL before it goes live). */
  readonly green: string;
  /**
   * Which one takes the traffic.
   * @default BlueGreenSide.BLUE
   */
  readonly live?: BlueGreenSide;
}

/**
 * A Knative Service (ksvc): a Configuration whose every change makes a new
 * immutable Revision, and a Route that splits traffic across Revisions.
 * It is Addressable, so it can be the sink of any event source.
 *
 * Secure by default: containers run as non-root with a read-only root
 * filesystem, no privilege escalation, all capabilities dropped and the
 * RuntimeDefault seccomp profile, unless `securityContext` relaxes them.
 * @see https://knative.dev/docs/serving/services/
 */
export class Service extends AddressableServingResource implements IService {
  /** A Knative Service that lives outside the app. */
  public static fromName(scope: Construct, id: string, name: string, options: { namespace?: string } = {}): IService {
    const ext = new ImportedObject(scope, id, { apiVersion: ServiceCrd.GVK.apiVersion, kind: ServiceCrd.GVK.kind, name, namespaceName: options.namespace });
    return Object.assign(ext, { name });
  }

  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'services';

  private readonly props: ServiceProps;
  private readonly sidecars: ContainerProps[];
  private traffic: TrafficTarget[];
  /**
   * `spec.template` and `spec.traffic` as last checked and rendered. The props
   * are read-only, so a render stays valid until a method changes the
   * sidecars or the traffic (each re-renders what it changes): synth reuses
   * the constructor's render instead of running every check again.
   */
  private renderedTemplate: Record<string, unknown>;
  private renderedTraffic: Record<string, unknown>[] | undefined;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    this.props = props;
    this.sidecars = [...(props.sidecars ?? [])];
    this.traffic = [...(props.traffic ?? [])];
    this.apiObject = new ApiObject(this, 'Resource', {
      ...ServiceCrd.GVK,
      metadata: {
        ...props.metadata,
        labels: { ...props.metadata?.labels, ...visibilityLabels(props.visibility) },
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1035-label');
    // Check every prop now, so a bad value fails where it was written.
    this.renderedTemplate = this.renderTemplate();
    this.renderedTraffic = renderTraffic(this, this.traffic, 'service');
  }

  /** Adds a container beside the serving one (no port). */
  public addSidecar(sidecar: ContainerProps): void {
    this.renderedTemplate = addSidecarChecked(this.sidecars, sidecar, () => this.renderTemplate());
  }

  /** Replaces the traffic split. */
  public splitTraffic(...targets: TrafficTarget[]): void {
    this.renderedTraffic = renderTraffic(this, targets, 'service');
    this.traffic = targets;
  }

  /**
   * Canary release: `percent` of the traffic to the latest Revision, the
   * rest to `stableRevision`; both tagged so each has its own URL.
   */
  public canary(stableRevision: string, percent: number, options: CanaryOptions = {}): void {
    checkIntegerRange(this, 'canary.percent', percent, 0, 100);
    this.splitTraffic(
      TrafficTarget.toRevision(stableRevision, { percent: tokenAwareSubtract(100, percent), tag: options.stableTag ?? 'stable' }),
      TrafficTarget.toLatestRevision({ percent, tag: options.canaryTag ?? 'canary' }),
    );
  }

  /**
   * Blue-green deployment: one of two named Revisions takes all traffic,
   * the other stays reachable at its tag URL with 0 %.
   */
  public blueGreen(options: BlueGreenOptions): void {
    check(options.blue !== options.green, this, 'blueGreen.green', options.green, 'must differ from blue');
    const live = options.live ?? BlueGreenSide.BLUE;
    this.splitTraffic(
      TrafficTarget.toRevision(options.blue, { percent: live === BlueGreenSide.BLUE ? 100 : 0, tag: BlueGreenSide.BLUE }),
      TrafficTarget.toRevision(options.green, { percent: live === BlueGreenSide.GREEN ? 100 : 0, tag: BlueGreenSide.GREEN }),
    );
  }

  /**
   * Promotes the latest Revision: it takes all traffic. Tagged targets stay
   * reachable at their tag URLs with 0 %.
   */
  public promote(): void {
    const kept = this.traffic
      .filter(t => t.tag !== undefined && !t.latestRevision && t.revisionName !== undefined)
      .map(t => TrafficTarget.toRevision(t.revisionName!, { percent: 0, tag: t.tag }));
    this.splitTraffic(TrafficTarget.toLatestRevision({ percent: 100 }), ...kept);
  }

  /** The current traffic targets. */
  public get trafficTargets(): readonly TrafficTarget[] {
    return [...this.traffic];
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { template: this.renderedTemplate, traffic: this.renderedTraffic };
  }

  private renderTemplate(): Record<string, unknown> {
    return renderRevisionTemplate(this, this.props, this.name, this.sidecars);
  }
}
