import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Route as RouteCrd } from '../../imports/serving-route-serving.knative.dev';
import { check } from '../core';
import { AddressableServingResource } from './addressable';
import { renderTraffic, TrafficTarget } from './traffic';
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
   * named Revisions. The percents add up to 100. `replaceTraffic()` replaces it.
   */
  readonly traffic: TrafficTarget[];
  /**
   * Who can reach the Route.
   * @default Visibility.EXTERNAL
   */
  readonly visibility?: Visibility;
}

/**
 * A Knative Route: a network endpoint that splits traffic across Revisions,
 * with a URL per tag. It is Addressable.
 * @see https://knative.dev/docs/serving/traffic-management/
 */
export class Route extends AddressableServingResource {
  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'routes';
  private traffic: TrafficTarget[];

  constructor(scope: Construct, id: string, props: RouteProps) {
    super(scope, id);
    this.traffic = [...props.traffic];
    check(this.traffic.length > 0, this, 'traffic', [], 'a Route needs at least one traffic target');
    this.apiObject = new ApiObject(this, 'Resource', {
      ...RouteCrd.GVK,
      metadata: {
        ...props.metadata,
        labels: { ...props.metadata?.labels, ...visibilityLabels(props.visibility) },
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1035-label');
    this._toSpec();
  }

  /**
   * Sets the whole traffic split, replacing the one set before (by the
   * `traffic` prop or an earlier `replaceTraffic()`). A bad split throws and
   * leaves the Route as it was.
   */
  public replaceTraffic(...targets: TrafficTarget[]): void {
    check(targets.length > 0, this, 'traffic', [], 'a Route needs at least one traffic target');
    renderTraffic(this, targets, 'route');
    this.traffic = [...targets];
  }

  /** The current traffic targets (a copy). */
  public get trafficTargets(): TrafficTarget[] {
    return [...this.traffic];
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { traffic: renderTraffic(this, this.traffic, 'route') };
  }
}
