import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type * as gen from '../../imports/sources-container-sources.knative.dev';
import { KINDS } from '../core/kinds';
import { check } from '../core/errors';
import { plainValue } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { collectVolumes, ContainerProps, renderContainer } from '../serving/container';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

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
export class ContainerSource extends SourceBase {
  public readonly resourceType = 'containersources';
  private readonly props: ContainerSourceProps;

  constructor(scope: Construct, id: string, props: ContainerSourceProps) {
    super(scope, id, KINDS.ContainerSource, props);
    this.props = props;
    check(Array.isArray(props.containers) && props.containers.length > 0, this, 'containers', props.containers, 'list at least one container');
    props.containers.forEach((c, i) => {
      for (const name of Object.keys(c.envVariables ?? {})) {
        check(!CONTAINER_SOURCE_ENV_VARS.includes(name), this, `containers[${i}].envVariables.${name}`, name,
          `${CONTAINER_SOURCE_ENV_VARS.join(' and ')} are set by Knative`);
      }
    });
    // the names chart values hold by default (two values may still be set to the same name at install)
    const names = plainValue(this, props.containers.map((c, i) => c.name ?? defaultName(i)));
    check(new Set(names).size === names.length, this, 'containers', names, 'each container needs a different name');
    this._sourceFields();
  }

  /** @internal */
  protected _sourceFields(): Partial<gen.ContainerSourceSpec> {
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
    });
  }
}

function defaultName(i: number): string {
  return i === 0 ? 'source' : `source-${i}`;
}
