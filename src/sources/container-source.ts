import { ApiObject, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as gen from '../../imports/sources-container-sources.knative.dev';
import { check } from '../core/errors';
import { KnativeResource } from '../validation/knative-resource';
import { renderCeOverrides } from '../eventing/attributes';
import { dropUndefined } from '../core/json';
import { renderSink } from '../eventing/sink';
import { collectVolumes, ContainerProps, renderContainer } from '../serving/container';
import { SourceProps } from './source-props';
import { checkObjectMeta } from '../core/labels';

/** Environment variables Knative injects into a ContainerSource's containers. */
export const CONTAINER_SOURCE_ENV_VARS: readonly string[] = ['K_SINK', 'K_CE_OVERRIDES'];

/** Properties of a {@link ContainerSource}. */
export interface ContainerSourceProps extends SourceProps {
  /**
   * The containers that produce events and post them to `$K_SINK` (at least
   * one), with the same props and hardened defaults as Knative Service containers.
   */
  readonly containers: ContainerProps[];
  /**
   * The identity the pod runs as.
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
}

/**
 * A ContainerSource (`sources.knative.dev/v1`): runs a pod whose containers
 * produce events; Knative injects the sink URL as `K_SINK`.
 *
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/
 */
export class ContainerSource extends KnativeResource {
  public readonly resourceType = 'containersources';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: ContainerSourceProps;

  constructor(scope: Construct, id: string, props: ContainerSourceProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...gen.ContainerSource.GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    check(Array.isArray(props.containers) && props.containers.length > 0, this, 'containers', props.containers, 'list at least one container');
    props.containers.forEach((c, i) => {
      for (const name of Object.keys(c.envVariables ?? {})) {
        check(!CONTAINER_SOURCE_ENV_VARS.includes(name), this, `containers[${i}].envVariables.${name}`, name,
          `${CONTAINER_SOURCE_ENV_VARS.join(' and ')} are set by Knative`);
      }
    });
    const names = props.containers.map((c, i) => c.name ?? defaultName(i));
    check(new Set(names).size === names.length, this, 'containers', names, 'each container needs a different name');
    this._toSpec();
  }

  private _toSpec(): gen.ContainerSourceSpec {
    const p = this.props;
    const containers = p.containers.map((c, i) => renderContainer(this, c, `containers[${i}]`, 'serving', defaultName(i), false));
    return dropUndefined({
      template: {
        spec: dropUndefined({
          serviceAccountName: p.serviceAccount?.name,
          containers,
          volumes: collectVolumes(this, p.containers, 'containers'),
        }),
      },
      sink: renderSink(this, 'sink', p.sink),
      ceOverrides: renderCeOverrides(this, 'ceOverrides', p.ceOverrides),
    });
  }
}

function defaultName(i: number): string {
  return i === 0 ? 'source' : `source-${i}`;
}
