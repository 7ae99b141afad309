import { ApiObject, ApiObjectMetadata, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { KINDS } from '../core/kinds';
import { IAddressable } from '../core';
import { ImportedObject, namespaceOf } from '../core/external';
import { checkPropTypes, METADATA_TYPES, PropChecks } from '../core/errors';
import { checkObjectMeta } from '../core/labels';
import { checkDns1035Label } from '../core/names';
import { AddressableServingResource } from './addressable';
import { ServingImportOptions } from './configuration';
import { ContainerProps } from './container';
import { addSidecarChecked, renderRevisionTemplate, REVISION_TEMPLATE_TYPES, RevisionTemplateProps } from './revision-template';
import { BlueGreenOptions, CanaryOptions, TrafficSplit, TrafficTarget } from './traffic';
import { withRolloutDuration } from './rollout';
import { Visibility, visibilityLabels } from './visibility';

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
   * How the traffic is split across Revisions, set by hand. A split set here
   * is the Service's: the release methods (`canary()`, `blueGreen()`,
   * `promote()`) refuse to replace it; `replaceTraffic()` replaces it.
   * @default - all traffic to the latest ready Revision
   */
  readonly traffic?: TrafficTarget[];
  /**
   * Who can reach the Service.
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

/** A Knative Service, in the app or outside it. */
export interface IService extends IAddressable {
  /** The Service's name. */
  readonly name: string;
}

/**
 * A Knative Service (ksvc): a Configuration whose every change makes a new
 * immutable Revision, and a Route that splits traffic across Revisions.
 * It is Addressable, so it can be the sink of any event source.
 *
 * The traffic split is set one way: by hand (the `traffic` prop or
 * `replaceTraffic()`), or by one release method (`canary()` or `blueGreen()`,
 * which `promote()` may finish). A release method refuses to replace a split
 * set another way and says so; only `replaceTraffic()` replaces a split, as its
 * name says.
 *
 * Secure by default: containers run as non-root with a read-only root
 * filesystem, no privilege escalation, all capabilities dropped and the
 * RuntimeDefault seccomp profile, unless `securityContext` relaxes them.
 * @see https://knative.dev/docs/serving/services/
 */
export class Service extends AddressableServingResource implements IService {
  /**
   * A Knative Service that lives outside the app (another team's, or
   * deployed separately): usable as a sink or a DomainMapping target; nothing
   * is synthesized for it, the reference check knows it exists.
   * @param name the Service's name (an RFC 1035 label)
   */
  public static fromServiceName(scope: Construct, id: string, name: string, options: ServingImportOptions = {}): IService {
    return new ImportedService(scope, id, name, options);
  }

  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'services';

  private readonly props: ServiceProps;
  private readonly sidecars: ContainerProps[];
  private readonly split: TrafficSplit;
  /**
   * `spec.template` as last checked and rendered. The props are read-only, so
   * a render stays valid until a method changes the sidecars (each re-renders
   * what it changes): synth reuses the constructor's render instead of
   * running every check again.
   */
  private renderedTemplate: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    // The template props' types too (see checkRevisionTemplateTypes): the render below does not check them again.
    checkPropTypes(this, props, {
      ...REVISION_TEMPLATE_TYPES,
      metadata: METADATA_TYPES,
      traffic: { listOf: { method: '_toJson', what: 'a TrafficTarget, e.g. Traffic.toLatest()' } },
      visibility: { oneOf: Object.values(Visibility), what: 'Visibility.PUBLIC or Visibility.CLUSTER_LOCAL' },
    });
    // Every bad prop is reported in one error (the types above are checked first: nothing goes on without them).
    const checks = PropChecks.gather(this);
    this.props = props;
    this.sidecars = [...(props.sidecars ?? [])];
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Service,
      metadata: {
        ...props.metadata,
        labels: { ...props.metadata?.labels, ...visibilityLabels(props.visibility) },
        annotations: withRolloutDuration(this, props.metadata?.annotations, props.rolloutDuration),
      },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1035-label');
    // Check every prop now, so a bad value fails where it was written.
    this.renderedTemplate = checks.run(() => this.renderTemplate());
    this.split = checks.run(() => new TrafficSplit(this, 'service', props.traffic ?? []));
    checks.done();
  }

  /** Adds a container beside the serving one (no port). */
  public addSidecar(sidecar: ContainerProps): void {
    this.renderedTemplate = addSidecarChecked(this, this.sidecars, sidecar, () => this.renderTemplate());
  }

  /**
   * Sets the whole traffic split, replacing the one set before (by the
   * `traffic` prop, an earlier `replaceTraffic()` or a release method). With no
   * targets, the Service goes back to Knative's default: all traffic to the
   * latest ready Revision. A bad split throws and leaves the Service as it was.
   */
  public replaceTraffic(...targets: TrafficTarget[]): void {
    this.split.replace(targets);
  }

  /**
   * Canary release: `percent` of the traffic to the latest Revision, the
   * rest to `stableRevision`; both tagged so each has its own URL.
   *
   * It writes the whole traffic split, so it fails when a split is already
   * set (by the `traffic` prop, `replaceTraffic()`, `canary()` or `blueGreen()`);
   * use `replaceTraffic()` to replace a split.
   */
  public canary(stableRevision: string, percent: number, options: CanaryOptions = {}): void {
    this.split.canary(stableRevision, percent, options, o => TrafficTarget.toLatestRevision(o));
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
   * Promotes the latest Revision: it takes all traffic. The tagged Revisions
   * of a `canary()` or `blueGreen()` stay reachable at their tag URLs with 0 %.
   *
   * It finishes a release, so it follows `canary()`, `blueGreen()` or nothing;
   * it fails when the split was set by hand (the `traffic` prop or
   * `replaceTraffic()`), which it would replace: use `replaceTraffic()` then.
   */
  public promote(): void {
    this.split.promote(TrafficTarget.toLatestRevision({ percent: 100 }));
  }

  /** The current traffic targets (a copy); empty when all traffic goes to the latest ready Revision by default. */
  public get trafficTargets(): TrafficTarget[] {
    return this.split.targets;
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { template: this.renderedTemplate, traffic: this.split.rendered };
  }

  private renderTemplate(): Record<string, unknown> {
    return renderRevisionTemplate(this, this.props, this.name, this.sidecars);
  }
}

/** A Knative Service of another app, known by name. */
class ImportedService extends ImportedObject implements IService {
  constructor(scope: Construct, id: string, name: string, options: ServingImportOptions) {
    const namespaceName = options.namespaceName ?? namespaceOf(scope);
    super(scope, id, { apiVersion: KINDS.Service.apiVersion, kind: KINDS.Service.kind, name, namespaceName },
      namespaceName === undefined ? undefined : `http://${name}.${namespaceName}.svc.cluster.local`);
    checkDns1035Label(this, 'name', name);
  }
}
