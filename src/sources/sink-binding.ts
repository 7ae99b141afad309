import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import type * as gen from '../../imports/sources-sinkbinding-sources.knative.dev';
import { KINDS } from '../core/kinds';
import { check, checkValue } from '../core/errors';
import { dropUndefined } from '../core/json';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

/**
 * The workloads a SinkBinding injects `K_SINK` into: one object by name, or
 * every object of a kind matching a label selector.
 */
export class SinkBindingSubject {
  /**
   * One object, given by apiVersion, kind and name (in the binding's
   * namespace); it may live outside the app.
   */
  public static fromKindAndName(apiVersion: string, kind: string, name: string): SinkBindingSubject {
    return new SinkBindingSubject(apiVersion, kind, name, undefined);
  }

  /** One object of the app, e.g. a cdk8s-plus Deployment or CronJob. */
  public static fromResource(resource: kplus.IResource): SinkBindingSubject {
    return new SinkBindingSubject(resource.apiVersion, resource.kind, resource.name, undefined);
  }

  /** Every object of a kind whose labels match `selector`. */
  public static fromSelector(apiVersion: string, kind: string, selector: kplus.LabelSelector): SinkBindingSubject {
    return new SinkBindingSubject(apiVersion, kind, undefined, selector);
  }

  private constructor(
    /** API version of the subject. */
    public readonly apiVersion: string,
    /** Kind of the subject. */
    public readonly kind: string,
    /** Name, when the subject is one object. */
    public readonly name: string | undefined,
    private readonly selector: kplus.LabelSelector | undefined,
  ) {}

  /**
   * The subject as written to the spec, checked.
   * @internal
   */
  public _render(scope: IConstruct, field: string): Record<string, unknown> {
    checkValue(scope, `${field}.apiVersion`, this.apiVersion ?? '', { minLength: 1, allowed: 'must be a non-empty API version' });
    checkValue(scope, `${field}.kind`, this.kind ?? '', { minLength: 1, allowed: 'must be a non-empty kind' });
    check((this.name !== undefined) !== (this.selector !== undefined), scope, field, { name: this.name }, 'give a name or a selector, not both');
    checkValue(scope, `${field}.name`, this.name, { minLength: 1, allowed: 'must be a non-empty name' });
    return dropUndefined({
      apiVersion: this.apiVersion,
      kind: this.kind,
      name: this.name,
      selector: this.selector ? k8s.toJson_LabelSelector(this.selector._toKube()) : undefined,
    });
  }
}

/** Properties of a {@link SinkBinding}. */
export interface SinkBindingProps extends SourceProps {
  /** The workloads that get `K_SINK` (and `K_CE_OVERRIDES`); in the binding's namespace. */
  readonly subject: SinkBindingSubject;
}

/**
 * A SinkBinding (`sources.knative.dev/v1`): injects the sink URL into the pods
 * of existing workloads, making them event sources.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/sinkbinding/
 */
export class SinkBinding extends SourceBase {
  public readonly resourceType = 'sinkbindings';
  private readonly props: SinkBindingProps;

  constructor(scope: Construct, id: string, props: SinkBindingProps) {
    super(scope, id, KINDS.SinkBinding, props);
    this.props = props;
    this._sourceFields();
  }

  /** @internal */
  protected _sourceFields(): Partial<gen.SinkBindingSpec> {
    const p = this.props;
    return dropUndefined({
      subject: p.subject._render(this, 'subject') as gen.SinkBindingSpecSubject,
    });
  }
}
