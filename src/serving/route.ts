import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check } from '../core';
import { AddressableServingResource } from './addressable';
import type { IConfiguration } from './configuration';
import { withRolloutDuration } from './rollout';
import { BlueGreenOptions, CanaryOptions, TrafficSplit, TrafficTarget } from './traffic';
import { Visibility, visibilityLabels } from './visibility';
import { checkObjectMeta } from '../core/labels';

/** Props of a Knative Route. */
export interface RouteProps {
  /**
   * Metadata; set `name` explicitly, it is part of the Route's URL.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Where the traffic goes: the latest Revision of a Configuration
   * (`TrafficTarget.toLatestOf(config)` or `config.latestRevision()`) and/or
   * named Revisions. The percents add up to 100. A split set here is the
   * Route's: the release methods (`canary()`, `blueGreen()`, `promote()`)
   * refuse to replace it; `replaceTraffic()` replaces it.
   * @default - none: a release method or `replaceTraffic()` must set it (synth fails otherwise)
   */
  readonly traffic?: TrafficTarget[];
  /**
   * Who can reach the Route.
   * @default Visibility.EXTERNAL
   */
  readonly visibility?: Visibility;
  /**
   * Spread each traffic shift to a new Revision over this time, in steps
   * (annotation `serving.knative.dev/rollout-duration`, whole seconds).
   * @default - the cluster's `rollout-duration` (config-network; 0: at once)
   * @see https://knative.dev/docs/serving/rolling-out-latest-revision/
   */
  readonly rolloutDuration?: Duration;
}

/**
 * A Knative Route: a network endpoint that splits traffic across Revisions,
 * with a URL per tag. It is Addressable.
 *
 * The traffic split is set one way, as on a Service: by hand (the `traffic`
 * prop or `replaceTraffic()`), or by one release method (`canary()` or
 * `blueGreen()`, which `promote()` may finish).
 * @see https://knative.dev/docs/serving/traffic-management/
 */
export class Route extends AddressableServingResource {
  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'routes';
  private readonly split: TrafficSplit;

  constructor(scope: Construct, id: string, props: RouteProps = {}) {
    super(scope, id);
    check(props.traffic === undefined || props.traffic.length > 0, this, 'traffic', [], 'a Route needs at least one traffic target; leave the prop out to set the split with a release method');
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Route,
      metadata: {
        ...props.metadata,
        labels: { ...props.metadata?.labels, ...visibilityLabels(props.visibility) },
        annotations: withRolloutDuration(this, props.metadata?.annotations, props.rolloutDuration),
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1035-label');
    this.split = new TrafficSplit(this, 'route', props.traffic ?? []);
    this.node.addValidation({
      validate: () => (this.split.targets.length === 0
        ? [`traffic: a Route needs at least one traffic target; set the traffic prop, or call canary(), blueGreen() or replaceTraffic()`]
        : []),
    });
  }

  /**
   * Sets the whole traffic split, replacing the one set before (by the
   * `traffic` prop, an earlier `replaceTraffic()` or a release method). A bad
   * split throws and leaves the Route as it was.
   */
  public replaceTraffic(...targets: TrafficTarget[]): void {
    check(targets.length > 0, this, 'traffic', [], 'a Route needs at least one traffic target');
    this.split.replace(targets);
  }

  /**
   * Canary release: `percent` of the traffic to the latest Revision of
   * `configuration`, the rest to `stableRevision`; both tagged so each has its
   * own URL.
   *
   * It writes the whole traffic split, so it fails when a split is already
   * set (by the `traffic` prop, `replaceTraffic()`, `canary()` or `blueGreen()`);
   * use `replaceTraffic()` to replace a split.
   */
  public canary(configuration: IConfiguration, stableRevision: string, percent: number, options: CanaryOptions = {}): void {
    this.split.canary(stableRevision, percent, options, o => TrafficTarget.toLatestOf(configuration, o));
  }

  /**
   * Blue-green deployment: one of two named Revisions takes all traffic,
   * the other stays reachable at its tag URL with 0 %.
   *
   * It writes the whole traffic split, so it fails when a split is already
   * set (by the `traffic` prop, `replaceTraffic()`, `canary()` or `blueGreen()`);
   * use `replaceTraffic()` to replace a split.
   */
  public blueGreen(options: BlueGreenOptions): void {
    this.split.blueGreen(options);
  }

  /**
   * Promotes the latest Revision of a Configuration: it takes all traffic.
   * The tagged Revisions of a `canary()` or `blueGreen()` stay reachable at
   * their tag URLs with 0 %.
   *
   * It finishes a release, so it follows `canary()`, `blueGreen()` or nothing;
   * it fails when the split was set by hand (the `traffic` prop or
   * `replaceTraffic()`): use `replaceTraffic()` then.
   * @param configuration whose latest Revision takes the traffic
   * @default - the Configuration of the `canary()` this finishes
   */
  public promote(configuration?: IConfiguration): void {
    const following = this.split.targets.find(t => t.latestRevision && t.configurationName !== undefined)?.configurationName;
    check(configuration !== undefined || following !== undefined, this, 'promote', 'no configuration',
      'name the Configuration whose latest Revision takes the traffic: promote(configuration); only after canary() is it known');
    const latest = configuration
      ? TrafficTarget.toLatestOf(configuration, { percent: 100 })
      : TrafficTarget._toLatestOfName(following!, { percent: 100 });
    this.split.promote(latest);
  }

  /** The current traffic targets (a copy). */
  public get trafficTargets(): TrafficTarget[] {
    return this.split.targets;
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { traffic: this.split.rendered };
  }
}
