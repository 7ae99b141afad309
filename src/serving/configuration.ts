import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { checkPropTypes, PropChecks } from '../core/errors';
import { Construct, IConstruct } from 'constructs';
import { KINDS } from '../core/kinds';
import { ImportedObject } from '../core/external';
import { checkObjectMeta } from '../core/labels';
import { checkDns1035Label } from '../core/names';
import { KnativeResource } from '../validation/knative-resource';
import { ContainerProps } from './container';
import { addSidecarChecked, checkRevisionTemplateTypes, renderRevisionTemplate, RevisionTemplateProps } from './revision-template';
import { TrafficTarget, TrafficTargetOptions } from './traffic';

/** Props of a Knative Configuration. */
export interface ConfigurationProps extends RevisionTemplateProps {
  /**
   * Metadata; set `name` explicitly, Revisions are named after it.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
}

/**
 * A Configuration, in the app or outside it
 * (`Configuration.fromConfigurationName()`): what a Route target can follow
 * with `TrafficTarget.toLatestOf()`.
 */
export interface IConfiguration extends IConstruct {
  /** The Configuration's name. */
  readonly name: string;
}

/** Options of the imports of Serving objects that live outside the app (`Service.fromServiceName()`, `Configuration.fromConfigurationName()`). */
export interface ServingImportOptions {
  /**
   * The object's namespace.
   * @default - the namespace of the enclosing chart
   */
  readonly namespaceName?: string;
}

/**
 * A Knative Configuration: the desired state of a workload. Every change to
 * its template stamps out a new immutable Revision; a {@link Route} sends
 * traffic to them. Most apps use a {@link Service}, which manages both.
 * @see https://knative.dev/docs/serving/
 */
export class Configuration extends KnativeResource implements IConfiguration {
  /**
   * A Configuration that lives outside the app, for Route targets: nothing is
   * synthesized for it, the reference check knows it exists.
   * @param name the Configuration's name (an RFC 1035 label)
   */
  public static fromConfigurationName(scope: Construct, id: string, name: string, options: ServingImportOptions = {}): IConfiguration {
    return new ImportedConfiguration(scope, id, name, options);
  }

  /** @see base */
  protected readonly apiObject: ApiObject;
  public readonly resourceType = 'configurations';
  private readonly props: ConfigurationProps;
  private readonly sidecars: ContainerProps[];
  /** `spec.template` as last checked and rendered; the props are read-only, so only addSidecar() changes it. */
  private renderedTemplate: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ConfigurationProps) {
    super(scope, id);
    // an untyped caller may pass no props at all; the types of the fields are checked below
    checkPropTypes(this, props, {});
    const checks = PropChecks.gather(this);
    this.props = props;
    this.sidecars = Array.isArray(props.sidecars) ? [...props.sidecars] : [];
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.Configuration,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1035-label');
    // The types once, here (a wrong one ends the checks, with the metadata problems gathered so far); the render checks the values.
    checks.run(() => checkRevisionTemplateTypes(this, props));
    this.renderedTemplate = checks.run(() => this.renderTemplate());
    checks.done();
  }

  /** Adds a container beside the serving one (no port). */
  public addSidecar(sidecar: ContainerProps): void {
    this.renderedTemplate = addSidecarChecked(this, this.sidecars, sidecar, () => this.renderTemplate());
  }

  /** A Route target that follows this Configuration's latest ready Revision. */
  public latestRevision(options: TrafficTargetOptions = {}): TrafficTarget {
    return TrafficTarget.toLatestOf(this, options);
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return { template: this.renderedTemplate };
  }

  private renderTemplate(): Record<string, unknown> {
    return renderRevisionTemplate(this, this.props, this.name, this.sidecars);
  }
}

class ImportedConfiguration extends ImportedObject implements IConfiguration {
  constructor(scope: Construct, id: string, name: string, options: ServingImportOptions) {
    super(scope, id, { apiVersion: KINDS.Configuration.apiVersion, kind: KINDS.Configuration.kind, name, namespaceName: options.namespaceName });
    checkDns1035Label(this, 'name', name);
  }
}
