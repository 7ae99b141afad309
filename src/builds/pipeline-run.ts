import { ApiObject, Duration, Lazy } from 'cdk8s';
import { IServiceAccount, ResourceProps } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkIntegerRange, checkPropTypes, METADATA_TYPES, required } from '../core/errors';
import { KnativeResource } from '../validation/knative-resource';
import { checkMilliseconds, goSeconds } from '../core/durations';
import { ParamType, paramTypeOf, ParamValue } from './params';
import { IPipeline } from './pipeline';
import { WorkspaceBinding } from './workspace';
import { namedType, PARAM_VALUE_TYPE, WORKSPACE_BINDING_TYPE } from './prop-types';
import { checkLabelsAndAnnotations } from '../core/labels';
import { plainValue } from '../core/install-values';

/** The generated classes, loaded on first use (see src/core/kinds.ts). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated = (): typeof import('../../imports/tekton-pipelinerun-tekton.dev') => require('../../imports/tekton-pipelinerun-tekton.dev');

/** Props of {@link PipelineRun}. */
export interface PipelineRunProps extends ResourceProps {
  /** The Pipeline to run. */
  readonly pipeline: IPipeline;
  /**
   * Values of the Pipeline's params, by name (Tekton's `params`).
   * @default - none: every param of the Pipeline must have a default
   */
  readonly parameters?: { [name: string]: ParamValue };
  /**
   * What each of the Pipeline's workspaces is bound to, by workspace name.
   * @default - none: the Pipeline's workspaces must all be optional
   */
  readonly workspaces?: { [workspace: string]: WorkspaceBinding };
  /**
   * The ServiceAccount the TaskRuns' pods run as (`taskRunTemplate.serviceAccountName`).
   * Tekton reads the git and registry credentials from the Secrets attached to it that
   * carry `tekton.dev/git-*` / `tekton.dev/docker-*` annotations.
   * @default - the namespace's `default` ServiceAccount
   * @see https://tekton.dev/docs/pipelines/auth/
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * Group id given to the TaskRuns' volumes (`podTemplate.securityContext.fsGroup`), so that
   * steps running as that non-root group can write to workspaces backed by claims.
   * @default - the volumes' own ownership
   */
  readonly fsGroup?: number;
  /**
   * How long the whole run may take (`timeouts.pipeline`).
   * @default - the cluster's default (60 minutes in stock Tekton)
   */
  readonly timeout?: Duration;
}

/**
 * A Tekton PipelineRun (`tekton.dev/v1`): one execution of a Pipeline with
 * params, workspace bindings and the ServiceAccount it runs as.
 *
 * Checked early: params are declared by the Pipeline, of its type, and every
 * required one is set; every bound workspace is declared and every
 * non-optional one is bound. A PipelineRun runs once when applied: give it a
 * new name (for instance with the source revision) to run again.
 * @see https://tekton.dev/docs/pipelines/pipelineruns/
 */
export class PipelineRun extends KnativeResource {
  public readonly resourceType = 'pipelineruns';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  /** The Pipeline this run executes. */
  public readonly pipeline: IPipeline;
  private readonly props: PipelineRunProps;

  constructor(scope: Construct, id: string, props: PipelineRunProps) {
    super(scope, id);
    checkPropTypes(this, props, {
      metadata: METADATA_TYPES,
      pipeline: required({ fields: { name: required('string') }, what: 'an IPipeline (a Pipeline, or Pipeline.fromPipelineName())' }),
      parameters: { mapOf: PARAM_VALUE_TYPE },
      workspaces: { mapOf: WORKSPACE_BINDING_TYPE },
      serviceAccount: namedType('an IServiceAccount, e.g. a ServiceAccount of cdk8s-plus'),
      fsGroup: 'number',
      timeout: 'duration',
    });
    checkLabelsAndAnnotations(this, props.metadata);
    this.pipeline = props.pipeline;
    this.props = props;
    checkIntegerRange(this, 'fsGroup', props.fsGroup, 0);
    checkMilliseconds(this, 'timeout', props.timeout);
    this.checkParams();
    this.checkWorkspaces();
    this.apiObject = new (generated().PipelineRunV1)(this, 'Resource', {
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
  }

  private checkParams(): void {
    const declared = this.pipeline.parameters;
    if (!declared) return;
    const given = this.props.parameters ?? {};
    const byName = new Map(declared.map(p => [p.name, p]));
    for (const [name, value] of Object.entries(given)) {
      const spec = byName.get(name);
      check(spec !== undefined, this, `parameters.${name}`, value.toJson(),
        `Pipeline "${this.pipeline.name}" declares no param "${name}"; it declares: ${[...byName.keys()].join(', ') || '(none)'}`);
      check(paramTypeOf(spec!) === value.paramType, this, `parameters.${name}`, value.toJson(),
        `param "${name}" of Pipeline "${this.pipeline.name}" is of type ${paramTypeOf(spec!)}`);
      if (spec!.allowedValues && value.paramType === ParamType.STRING) {
        // chart values are compared by their defaults
        const allowed = plainValue(this, [...spec!.allowedValues]);
        const plain = plainValue(this, value.toJson()) as string;
        check(allowed.includes(plain), this, `parameters.${name}`, plain, `must be one of ${allowed.join(', ')}`);
      }
    }
    for (const spec of declared) {
      check(spec.defaultValue !== undefined || given[spec.name] !== undefined, this, 'parameters', Object.keys(given),
        `param "${spec.name}" of Pipeline "${this.pipeline.name}" has no default and must be given`);
    }
  }

  private checkWorkspaces(): void {
    const declared = this.pipeline.workspaces;
    if (!declared) return;
    const given = this.props.workspaces ?? {};
    const names = new Set(declared.map(w => w.name));
    for (const name of Object.keys(given)) {
      check(names.has(name), this, `workspaces.${name}`, name,
        `Pipeline "${this.pipeline.name}" declares no workspace "${name}"; it declares: ${[...names].join(', ') || '(none)'}`);
    }
    for (const ws of declared) {
      check(ws.optional === true || given[ws.name] !== undefined, this, 'workspaces', Object.keys(given),
        `workspace "${ws.name}" of Pipeline "${this.pipeline.name}" is not optional and must be bound`);
    }
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    const p = this.props;
    return {
      pipelineRef: { name: this.pipeline.name },
      ...(p.parameters && Object.keys(p.parameters).length ? {
        params: Object.entries(p.parameters).map(([name, value]) => ({ name, value: value.toJson() })),
      } : {}),
      ...(p.workspaces && Object.keys(p.workspaces).length ? {
        workspaces: Object.entries(p.workspaces).map(([name, binding]) => binding.toJson(name)),
      } : {}),
      ...(p.serviceAccount || p.fsGroup !== undefined ? {
        taskRunTemplate: {
          ...(p.fsGroup !== undefined ? { podTemplate: { securityContext: { fsGroup: p.fsGroup } } } : {}),
          ...(p.serviceAccount ? { serviceAccountName: p.serviceAccount.name } : {}),
        },
      } : {}),
      ...(p.timeout ? { timeouts: { pipeline: goSeconds(p.timeout) } } : {}),
    };
  }
}
