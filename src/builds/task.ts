import * as path from 'path';
import { ApiObject, Duration, Lazy } from 'cdk8s';
import { EnvValue, ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check, checkIntegerRange, checkPropTypes, checkValue, withDefaultNote } from '../core/errors';
import { holdsToken, plainValue, ValueRule } from '../core/install-values';
import { checkDns1123Label } from '../core/names';
import { KnativeResource } from '../validation/knative-resource';
import { checkMilliseconds, goSeconds } from '../core/durations';
import { BuildIssue, issueMessages, throwFirst } from './issues';
import { checkParamSpec, checkResultSpec, checkUnique, declaredParam, ParamSpec, paramSpecToJson, ResultSpec } from './params';
import { DeclaredParam, findVariables, paramShapeIssue, stringsIn } from '../core/tekton-variables';
import { deferWarnings } from '../core/warnings';
import { WorkspaceSpec, workspaceSpecToJson } from './workspace';
import { checkItemType, PARAM_SPEC_TYPE, RESULT_SPEC_TYPE, TASK_OR_PIPELINE_TYPES, taskStepType, WORKSPACE_SPEC_TYPE } from './prop-types';
import { checkLabelsAndAnnotations } from '../core/labels';
import { ImportedObject } from '../core/external';

/** What Tekton does when a step fails. */
export enum OnError {
  /** Fail the TaskRun (Tekton's default). */
  STOP_AND_FAIL = 'stopAndFail',
  /** Record the exit code and go on with the next step. */
  CONTINUE = 'continue',
}

/** The JavaScript types of a {@link TaskStep}. */
const TASK_STEP_TYPE = taskStepType(Object.values(OnError));

/** The security settings of a step's container. */
export interface StepSecurityContext {
  /**
   * User id the step runs as.
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /**
   * Group id the step runs as.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Refuse to start the step as root.
   * @default - not enforced
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Allow a process to gain more privileges than its parent.
   * @default - the cluster's default
   */
  readonly allowPrivilegeEscalation?: boolean;
}

/** Where a step mounts one of its Task's scratch volumes. */
export interface StepVolumeMount {
  /** The scratch volume, declared with `scratchVolumes` / addScratchVolume(). */
  readonly name: string;
  /** Absolute path in the step's container. */
  readonly mountPath: string;
}

/**
 * One step of a Task: a container run to completion.
 * @see https://tekton.dev/docs/pipelines/tasks/#defining-steps
 */
export interface TaskStep {
  /** Step name: a DNS-1123 label, unique in the Task. */
  readonly name: string;
  /** The container image; may use `$(params.x)`. */
  readonly image: string;
  /**
   * A script run in the image (starts with a shebang, or runs with `sh`). Not together with `command`.
   * @default - none: the image's entrypoint or `command` runs
   */
  readonly script?: string;
  /**
   * The entrypoint. Not together with `script`.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   * @default - none
   */
  readonly args?: string[];
  /**
   * Working directory of the step.
   * @default - the image's working directory
   */
  readonly workingDir?: string;
  /**
   * Environment variables.
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Security settings of the container.
   * @default - the image's user and the cluster's defaults
   */
  readonly securityContext?: StepSecurityContext;
  /**
   * Scratch volumes the step mounts.
   * @default - none
   */
  readonly volumeMounts?: StepVolumeMount[];
  /**
   * What happens when the step fails.
   * @default OnError.STOP_AND_FAIL
   */
  readonly onError?: OnError;
  /**
   * How long the step may run.
   * @default - no step timeout (the TaskRun's timeout applies)
   */
  readonly timeout?: Duration;
}

/**
 * A Task, as a Pipeline refers to it: its name and, when known, what it
 * declares (so that a Pipeline can check the params and workspaces it passes).
 */
export interface ITask extends IConstruct {
  /** The Task's metadata.name. */
  readonly name: string;
  /** The params the Task declares, or undefined when not known (a Task outside the app). */
  readonly parameters?: ParamSpec[];
  /** The workspaces the Task declares, or undefined when not known. */
  readonly workspaces?: WorkspaceSpec[];
  /** The results the Task declares, or undefined when not known. */
  readonly results?: ResultSpec[];
}

/**
 * Options of {@link Task.fromTaskName}: what the Task in the cluster declares,
 * when known, so that a Pipeline can check what it passes. The Task must live
 * in the namespace of the Pipelines that refer to it (Tekton's `taskRef` has
 * no namespace).
 */
export interface TaskImportOptions {
  /**
   * The params the Task declares.
   * @default - not known: the params a Pipeline passes are not checked
   */
  readonly parameters?: ParamSpec[];
  /**
   * The workspaces the Task declares.
   * @default - not known: the workspaces a Pipeline binds are not checked
   */
  readonly workspaces?: WorkspaceSpec[];
  /**
   * The results the Task declares.
   * @default - not known: the results later tasks read are not checked
   */
  readonly results?: ResultSpec[];
}

/** Props of {@link Task}. */
export interface TaskProps extends ResourceProps {
  /**
   * What the Task does.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Params the steps read with `$(params.<name>)` (Tekton's `params`).
   * @default - none; add with addParam()
   */
  readonly parameters?: ParamSpec[];
  /**
   * Workspaces the steps use, read with `$(workspaces.<name>.path)`.
   * @default - none; add with addWorkspace()
   */
  readonly workspaces?: WorkspaceSpec[];
  /**
   * Results the steps write to `$(results.<name>.path)`.
   * @default - none; add with addResult()
   */
  readonly results?: ResultSpec[];
  /**
   * Names of emptyDir volumes the steps can share within one TaskRun (files that
   * must outlive the TaskRun belong in a workspace).
   * @default - none; add with addScratchVolume()
   */
  readonly scratchVolumes?: string[];
  /**
   * The steps, run in order.
   * @default - none; add with addStep() (a Task needs at least one)
   */
  readonly steps?: TaskStep[];
}

/** A Task that exists in the cluster: nothing is synthesized for it. */
class ImportedTask extends ImportedObject implements ITask {
  public readonly parameters?: ParamSpec[];
  public readonly workspaces?: WorkspaceSpec[];
  public readonly results?: ResultSpec[];

  constructor(scope: Construct, id: string, name: string, options: TaskImportOptions) {
    super(scope, id, { apiVersion: KINDS.TaskV1.apiVersion, kind: KINDS.TaskV1.kind, name });
    this.parameters = options.parameters && [...options.parameters];
    this.workspaces = options.workspaces && [...options.workspaces];
    this.results = options.results && [...options.results];
  }
}

/**
 * A Tekton Task (`tekton.dev/v1`): steps that run in one pod, with typed
 * params, workspaces and results.
 *
 * Checked early: step names are unique DNS labels, every step has an image
 * and not both `script` and `command`, names of params, results and
 * workspaces are valid and unique, and every `$(params.x)` a step field
 * and every `$(results.x.path)` a step script uses is declared (where
 * Tekton's webhook checks them); an undeclared `$(workspaces.x.path)`, or
 * a result elsewhere, is admitted by Tekton and left as written: a
 * construct warning.
 * @see https://tekton.dev/docs/pipelines/tasks/
 */
export class Task extends KnativeResource implements ITask {
  /**
   * Refers to a Task that exists in the cluster (e.g. installed from the Tekton
   * catalog) in the namespace of the Pipelines that run it; what it declares is
   * checked only as far as `options` tells it.
   * @param scope the scope of the import
   * @param id the construct id of the import
   * @param name the Task's metadata.name
   * @param options what the Task declares, when known
   */
  public static fromTaskName(scope: Construct, id: string, name: string, options: TaskImportOptions = {}): ITask {
    return new ImportedTask(scope, id, name, options);
  }

  public readonly resourceType = 'tasks';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly description?: string;
  private readonly _params: ParamSpec[] = [];
  private readonly _workspaces: WorkspaceSpec[] = [];
  private readonly _results: ResultSpec[] = [];
  private readonly _steps: TaskStep[] = [];
  private readonly _volumes: string[] = [];

  constructor(scope: Construct, id: string, props: TaskProps = {}) {
    super(scope, id);
    checkPropTypes(this, props, {
      ...TASK_OR_PIPELINE_TYPES,
      results: { listOf: RESULT_SPEC_TYPE },
      scratchVolumes: 'stringList',
      steps: { listOf: TASK_STEP_TYPE },
    });
    checkLabelsAndAnnotations(this, props.metadata);
    this.description = props.description;
    // a plain ApiObject, written as the construct built its spec (already in wire form): the generated
    // class's conversion maps every list, and a chart value list (one token until the chart renders it) is no list
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.TaskV1,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    (props.parameters ?? []).forEach(p => this.addParam(p));
    (props.workspaces ?? []).forEach(w => this.addWorkspace(w));
    (props.results ?? []).forEach(r => this.addResult(r));
    (props.scratchVolumes ?? []).forEach(v => this.addScratchVolume(v));
    (props.steps ?? []).forEach(s => this.addStep(s));
    throwFirst(this, this.referenceIssues());
    deferWarnings(this, () => {
      const warnings: string[] = [];
      this.referenceIssues(message => warnings.push(message));
      return warnings;
    });
    this.node.addValidation({
      validate: () => issueMessages([
        ...(this._steps.length === 0 ? [{ field: 'steps', value: [], allowed: 'a Task needs at least one step' }] : []),
        ...this.referenceIssues(),
      ]),
    });
  }

  /** The params declared so far. */
  public get parameters(): ParamSpec[] | undefined {
    return [...this._params];
  }

  /** The workspaces declared so far. */
  public get workspaces(): WorkspaceSpec[] | undefined {
    return [...this._workspaces];
  }

  /** The results declared so far. */
  public get results(): ResultSpec[] | undefined {
    return [...this._results];
  }

  /** The step names, in order. */
  public get stepNames(): string[] {
    return this._steps.map(s => s.name);
  }

  /** Declares a param. */
  public addParam(param: ParamSpec): void {
    const field = `parameters[${this._params.length}]`;
    checkItemType(this, field, param, PARAM_SPEC_TYPE);
    checkParamSpec(this, field, param);
    checkUnique(this, 'parameters', [...this._params.map(p => p.name), param.name], 'param');
    this._params.push(param);
  }

  /** Declares a workspace. */
  public addWorkspace(workspace: WorkspaceSpec): void {
    const field = `workspaces[${this._workspaces.length}]`;
    checkItemType(this, field, workspace, WORKSPACE_SPEC_TYPE);
    check(workspace.name.length > 0, this, `${field}.name`, workspace.name, 'a workspace needs a name');
    checkUnique(this, 'workspaces', [...this._workspaces.map(w => w.name), workspace.name], 'workspace');
    // a mount path of a chart value is compared by its default
    const mountPath = mountPathOf(plainValue(this, workspace));
    const taken = this._workspaces.find(w => mountPathOf(plainValue(this, w)) === mountPath);
    check(taken === undefined, this, `${field}.mountPath`, mountPath,
      `workspace mount paths must be unique in a Task; workspace "${taken?.name}" is mounted there`);
    this._workspaces.push(workspace);
  }

  /** Declares a result. */
  public addResult(result: ResultSpec): void {
    checkItemType(this, `results[${this._results.length}]`, result, RESULT_SPEC_TYPE);
    checkResultSpec(this, `results[${this._results.length}]`, result);
    checkUnique(this, 'results', [...this._results.map(r => r.name), result.name], 'result');
    this._results.push(result);
  }

  /** Declares an emptyDir volume steps can mount. */
  public addScratchVolume(name: string): void {
    const field = `scratchVolumes[${this._volumes.length}]`;
    checkItemType(this, field, name, 'string');
    // a chart value is checked by its default now, and by the same rule at install; names compare as plain synth writes them
    checkDns1123Label(this, field, name);
    const plain = plainValue(this, name);
    const same = this._volumes.find(v => plainValue(this, v) === plain);
    check(same === undefined, this, field, plain, withDefaultNote(holdsToken([name, same]), 'volume names must be unique'));
    this._volumes.push(name);
  }

  /** Appends a step. References to params, workspaces and results are checked once the whole Task is known. */
  public addStep(step: TaskStep): void {
    const field = `steps[${this._steps.length}]`;
    checkItemType(this, field, step, TASK_STEP_TYPE);
    // Tekton (v1.15.0, container_validation.go, Step.Validate) takes a step name that is a DNS-1123 label;
    // chart values are checked by their defaults now, and by the same rules at install
    checkDns1123Label(this, `${field}.name`, step.name);
    checkUnique(this, 'steps', plainValue(this, [...this._steps.map(s => s.name), step.name]), 'step');
    checkValue(this, `${field}.image`, step.image, IMAGE_RULE, image => (image as string).trim().length > 0);
    check(!(step.script !== undefined && step.command !== undefined), this, `${field}.script`, step.script,
      'a step takes either script or command, not both');
    const user = step.securityContext ?? {};
    checkIntegerRange(this, `${field}.securityContext.runAsUser`, user.runAsUser, 0, MAX_ID);
    checkIntegerRange(this, `${field}.securityContext.runAsGroup`, user.runAsGroup, 0, MAX_ID);
    checkMilliseconds(this, `${field}.timeout`, step.timeout);
    (step.volumeMounts ?? []).forEach((m, i) => {
      check(this._volumes.includes(m.name), this, `${field}.volumeMounts[${i}].name`, m.name,
        `the volume must be a scratch volume of the Task; declared: ${this._volumes.join(', ') || '(none)'}`);
      checkValue(this, `${field}.volumeMounts[${i}].mountPath`, m.mountPath, ABSOLUTE_PATH_RULE);
    });
    this._steps.push(step);
  }

  /**
   * References to undeclared params, workspaces and results, and param references that do not fit the param's type
   * (Tekton's rules, see paramShapeIssue); `warn` receives what Tekton admits but leaves unsubstituted.
   */
  private referenceIssues(warn: (message: string) => void = () => undefined): BuildIssue[] {
    const params = new Set(this._params.map(p => p.name));
    const declared = new Map<string, DeclaredParam>(this._params.map(p => [p.name, declaredParam(p)]));
    const workspaces = new Set(this._workspaces.map(w => w.name));
    const results = new Set(this._results.map(r => r.name));
    const issues: BuildIssue[] = [];
    this._steps.forEach((step, i) => {
      for (const s of stringsIn(stepToJson(step), `steps[${i}]`)) {
        for (const ref of findVariables(s.value)) {
          const field = CHECKED_STEP_FIELD.exec(s.path)?.[1];
          if (ref.kind === 'param' && !params.has(ref.name)) {
            const message = `param "${ref.name}" is not declared; declared params: ${list(params)}`;
            if (field !== undefined && !ref.unseen) {
              issues.push({ field: s.path, value: ref.expression, allowed: message });
            } else {
              // Tekton's webhook does not check this field (or does not see the reference): admitted, left as written
              warn(`${s.path}: ${ref.expression}: ${message} (Tekton does not check this here at admission; the reference is left as written)`);
            }
          } else if (ref.kind === 'param') {
            const issue = paramShapeIssue(ref, s.value, field && /^(command|args)\[/.test(field) ? 'item' : 'field', declared.get(ref.name)!);
            if (issue?.severity === 'error' && field !== undefined && !ref.unseen) {
              issues.push({ field: s.path, value: ref.expression, allowed: issue.message });
            } else if (issue) {
              warn(`${s.path}: ${ref.expression}: ${issue.message}`);
            }
          } else if (ref.kind === 'workspace' && !workspaces.has(ref.name)) {
            // Tekton's webhook does not check workspace references: admitted, left as written
            warn(`${s.path}: ${ref.expression}: workspace "${ref.name}" is not declared; declared workspaces: ${list(workspaces)} (Tekton does not check this at admission; the reference is left as written)`);
          } else if (ref.kind === 'result' && !results.has(ref.name)) {
            const message = `result "${ref.name}" is not declared; declared results: ${list(results)}`;
            if (field === 'script' && !ref.unseen) {
              // Tekton's webhook checks result references in step scripts only (validateTaskResultsVariables)
              issues.push({ field: s.path, value: ref.expression, allowed: message });
            } else {
              warn(`${s.path}: ${ref.expression}: ${message} (Tekton does not check this here at admission; the reference is left as written)`);
            }
          }
        }
      }
    });
    return issues;
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return {
      ...(this.description !== undefined ? { description: this.description } : {}),
      ...(this._params.length ? { params: this._params.map(paramSpecToJson) } : {}),
      ...(this._workspaces.length ? { workspaces: this._workspaces.map(w => workspaceSpecToJson(w, true)) } : {}),
      ...(this._results.length ? { results: this._results.map(r => ({ name: r.name, type: 'string', ...(r.description !== undefined ? { description: r.description } : {}) })) } : {}),
      steps: this._steps.map(stepToJson),
      ...(this._volumes.length ? { volumes: this._volumes.map(name => ({ name, emptyDir: {} })) } : {}),
    };
  }
}

/** Step fields Tekton checks param references in; the items of command and args may hold a whole array. */
const CHECKED_STEP_FIELD = /^steps\[\d+\]\.(name|image|workingDir|script|command\[\d+\]|args\[\d+\]|env\[\d+\]\.value|volumeMounts\[\d+\]\.(name|mountPath|subPath)|onError)$/;

const IMAGE_RULE: ValueRule = { pattern: '^[\\s\\S]*\\S[\\s\\S]*$', allowed: 'every step needs an image' };
const ABSOLUTE_PATH_RULE: ValueRule = { pattern: '^/', allowed: 'must be an absolute path' };

/** The largest uid / gid Kubernetes accepts. */
const MAX_ID = 2147483647;

/** Where Tekton mounts a Task workspace: its mountPath, else `/workspace/<name>` (compared cleaned, as Tekton does). */
function mountPathOf(w: WorkspaceSpec): string {
  return path.posix.normalize(w.mountPath ?? `/workspace/${w.name}`).replace(/(.)\/$/, '$1');
}

function list(names: Set<string>): string {
  return names.size ? [...names].join(', ') : '(none)';
}

function stepToJson(step: TaskStep): Record<string, unknown> {
  const env = Object.entries(step.env ?? {}).map(([name, v]) => ({
    name,
    ...(v.value !== undefined ? { value: v.value } : {}),
    ...(v.valueFrom !== undefined ? { valueFrom: v.valueFrom } : {}),
  }));
  return {
    name: step.name,
    image: step.image,
    ...(step.workingDir !== undefined ? { workingDir: step.workingDir } : {}),
    ...(step.command ? { command: [...step.command] } : {}),
    ...(step.args ? { args: [...step.args] } : {}),
    ...(env.length ? { env } : {}),
    ...(step.volumeMounts?.length ? { volumeMounts: step.volumeMounts.map(m => ({ name: m.name, mountPath: m.mountPath })) } : {}),
    ...(step.securityContext ? { securityContext: { ...step.securityContext } } : {}),
    ...(step.onError ? { onError: step.onError } : {}),
    ...(step.timeout ? { timeout: goSeconds(step.timeout) } : {}),
    ...(step.script !== undefined ? { script: step.script } : {}),
  };
}
