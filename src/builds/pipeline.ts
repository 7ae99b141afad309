import { ApiObject, Duration, Lazy } from 'cdk8s';
import { ResourceProps } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { KINDS } from '../core/kinds';
import { check, checkIntegerRange, checkPropTypes, withDefaultNote } from '../core/errors';
import { checkDns1123Label } from '../core/names';
import { KnativeResource } from '../validation/knative-resource';
import { checkMilliseconds, goSeconds } from '../core/durations';
import { BuildIssue, issueMessages, throwFirst } from './issues';
import { checkParamSpec, checkResultSpec, checkUnique, declaredParam, ParamSpec, paramSpecToJson, paramTypeOf, ParamValue } from './params';
import { ITask } from './task';
import { DeclaredParam, findVariables, ParamPlace, paramShapeIssue, stringsIn, VariableReference } from '../core/tekton-variables';
import { deferWarnings } from '../core/warnings';
import { WorkspaceSpec, workspaceSpecToJson } from './workspace';
import { checkItemType, PARAM_SPEC_TYPE, PIPELINE_RESULT_SPEC_TYPE, PIPELINE_TASK_TYPE, TASK_OR_PIPELINE_TYPES, WORKSPACE_SPEC_TYPE } from './prop-types';
import { checkLabelsAndAnnotations } from '../core/labels';
import { holdsToken, plainValue } from '../core/install-values';
import { ImportedObject } from '../core/external';

/** A Pipeline as a PipelineRun refers to it. */
export interface IPipeline extends IConstruct {
  /** The Pipeline's metadata.name. */
  readonly name: string;
  /** The params the Pipeline declares, or undefined when not known. */
  readonly parameters?: ParamSpec[];
  /** The workspaces the Pipeline declares, or undefined when not known. */
  readonly workspaces?: WorkspaceSpec[];
}

/**
 * Options of {@link Pipeline.fromPipelineName}: what the Pipeline in the
 * cluster declares, when known, so that a PipelineRun can check what it
 * passes. The Pipeline must live in the namespace of its PipelineRuns
 * (Tekton's `pipelineRef` has no namespace).
 */
export interface PipelineImportOptions {
  /**
   * The params the Pipeline declares.
   * @default - not known: the params a PipelineRun passes are not checked
   */
  readonly parameters?: ParamSpec[];
  /**
   * The workspaces the Pipeline declares.
   * @default - not known: the workspaces a PipelineRun binds are not checked
   */
  readonly workspaces?: WorkspaceSpec[];
}

/** A result of a Pipeline, usually passed up from one of its tasks. */
export interface PipelineResultSpec {
  /** Result name: letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit. */
  readonly name: string;
  /** The value, e.g. `build.resultExpression('IMAGE_DIGEST')`. */
  readonly value: string;
  /**
   * What the result holds.
   * @default - no description
   */
  readonly description?: string;
}

/** A `when` expression guarding a pipeline task. */
export class When {
  /** Runs the task when `input` (usually a `$(params.x)` or `$(tasks.t.results.r)`) is one of `values` (operator `in`). */
  public static isIn(input: string, values: string[]): When {
    return new When({ input, operator: 'in', values: [...values] });
  }

  /** Runs the task when `input` is none of `values` (operator `notin`). */
  public static isNotIn(input: string, values: string[]): When {
    return new When({ input, operator: 'notin', values: [...values] });
  }

  /** Runs the task when a CEL expression is true (needs Tekton's `enable-cel-in-whenexpression` flag). */
  public static cel(expression: string): When {
    return new When({ cel: expression });
  }

  private constructor(private readonly json: Record<string, unknown>) {}

  /** @internal */
  public _toJson(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.json));
  }
}

/** Options of {@link Pipeline.addTask}. */
export interface PipelineTaskOptions {
  /** The pipeline task's name: a DNS-1123 label, unique in the Pipeline. */
  readonly name: string;
  /** The Task to run. */
  readonly task: ITask;
  /**
   * Values of the Task's params, by param name (Tekton's `params`).
   * @default - none: every param of the Task must have a default
   */
  readonly parameters?: { [name: string]: ParamValue };
  /**
   * Which Pipeline workspace binds each of the Task's workspaces: task workspace name to pipeline workspace name.
   * @default - none: the Task's workspaces must all be optional
   */
  readonly workspaces?: { [taskWorkspace: string]: string };
  /**
   * Tasks of this Pipeline that must finish before this one starts.
   * @default - none (reading another task's result also orders the two)
   */
  readonly runAfter?: PipelineTask[];
  /**
   * Conditions that must all hold for the task to run; otherwise it is skipped.
   * @default - always runs
   * @see https://tekton.dev/docs/pipelines/pipelines/#guard-task-execution-using-when-expressions
   */
  readonly when?: When[];
  /**
   * How often a failed run of the task is retried.
   * @default 0
   */
  readonly retries?: number;
  /**
   * How long the task may run.
   * @default - the PipelineRun's tasks timeout
   */
  readonly timeout?: Duration;
}

/** A task of a Pipeline, as returned by {@link Pipeline.addTask}. */
export class PipelineTask {
  /** @internal */
  constructor(
    /** The Pipeline that holds the task. */
    public readonly pipeline: Pipeline,
    /** The pipeline task's name. */
    public readonly name: string,
    /** The Task it runs. */
    public readonly task: ITask,
    /** Whether it is a `finally` task. */
    public readonly isFinally = false,
  ) {}

  /** `$(tasks.<name>.results.<result>)`: the value of one of the task's results, for later tasks and pipeline results. */
  public resultExpression(result: string): string {
    return `$(tasks.${this.name}.results.${result})`;
  }

  /** The value of one of the task's results, as a param value for a later task. */
  public result(result: string): ParamValue {
    return ParamValue.fromString(this.resultExpression(result));
  }
}

/** Props of {@link Pipeline}. */
export interface PipelineProps extends ResourceProps {
  /**
   * What the Pipeline does.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Params the tasks read with `$(params.<name>)` (Tekton's `params`).
   * @default - none; add with addParam()
   */
  readonly parameters?: ParamSpec[];
  /**
   * Workspaces the Pipeline's tasks share.
   * @default - none; add with addWorkspace()
   */
  readonly workspaces?: WorkspaceSpec[];
  /**
   * Results of the Pipeline.
   * @default - none; add with addResult()
   */
  readonly results?: PipelineResultSpec[];
}

/** A Pipeline that exists in the cluster: nothing is synthesized for it. */
class ImportedPipeline extends ImportedObject implements IPipeline {
  public readonly parameters?: ParamSpec[];
  public readonly workspaces?: WorkspaceSpec[];

  constructor(scope: Construct, id: string, name: string, options: PipelineImportOptions) {
    super(scope, id, { apiVersion: KINDS.PipelineV1.apiVersion, kind: KINDS.PipelineV1.kind, name });
    this.parameters = options.parameters && [...options.parameters];
    this.workspaces = options.workspaces && [...options.workspaces];
  }
}

interface TaskEntry {
  readonly ref: PipelineTask;
  readonly options: PipelineTaskOptions;
}

/**
 * A Tekton Pipeline (`tekton.dev/v1`): tasks ordered by `runAfter` and by the
 * results they read, sharing params and workspaces.
 *
 * Checked early: task names are unique DNS labels; params passed to a Task
 * it declares, of the declared type, with every required one given; task
 * workspaces bound to declared Pipeline workspaces; every `$(params.x)` and
 * `$(tasks.t.results.r)` refers to something declared.
 * @see https://tekton.dev/docs/pipelines/pipelines/
 */
export class Pipeline extends KnativeResource implements IPipeline {
  /**
   * Refers to a Pipeline that exists in the cluster, in the namespace of the
   * PipelineRuns that run it; a PipelineRun of it is checked only as far as
   * `options` tells what it declares.
   * @param scope the scope of the import
   * @param id the construct id of the import
   * @param name the Pipeline's metadata.name
   * @param options what the Pipeline declares, when known
   */
  public static fromPipelineName(scope: Construct, id: string, name: string, options: PipelineImportOptions = {}): IPipeline {
    return new ImportedPipeline(scope, id, name, options);
  }

  public readonly resourceType = 'pipelines';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly description?: string;
  private readonly _params: ParamSpec[] = [];
  private readonly _workspaces: WorkspaceSpec[] = [];
  private readonly _results: PipelineResultSpec[] = [];
  private readonly _tasks: TaskEntry[] = [];
  private readonly _finally: TaskEntry[] = [];

  constructor(scope: Construct, id: string, props: PipelineProps = {}) {
    super(scope, id);
    checkPropTypes(this, props, { ...TASK_OR_PIPELINE_TYPES, results: { listOf: PIPELINE_RESULT_SPEC_TYPE } });
    checkLabelsAndAnnotations(this, props.metadata);
    this.description = props.description;
    // a plain ApiObject, written as the construct built its spec (already in wire form): the generated
    // class's conversion maps every list, and a chart value list (one token until the chart renders it) is no list
    this.apiObject = new ApiObject(this, 'Resource', {
      ...KINDS.PipelineV1,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    (props.parameters ?? []).forEach(p => this.addParam(p));
    (props.workspaces ?? []).forEach(w => this.addWorkspace(w));
    (props.results ?? []).forEach(r => this.addResult(r));
    deferWarnings(this, () => {
      const warnings: string[] = [];
      this.referenceIssues(undefined, message => warnings.push(message));
      return warnings;
    });
    this.node.addValidation({
      validate: () => issueMessages([
        ...(this._tasks.length === 0 ? [{ field: 'tasks', value: [], allowed: 'a Pipeline needs at least one task' }] : []),
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

  /** The tasks added so far. */
  public get tasks(): PipelineTask[] {
    return this._tasks.map(t => t.ref);
  }

  /** The finally tasks added so far. */
  public get finallyTasks(): PipelineTask[] {
    return this._finally.map(t => t.ref);
  }

  /** Declares a param. */
  public addParam(param: ParamSpec): void {
    checkItemType(this, `parameters[${this._params.length}]`, param, PARAM_SPEC_TYPE);
    checkParamSpec(this, `parameters[${this._params.length}]`, param);
    checkUnique(this, 'parameters', [...this._params.map(p => p.name), param.name], 'param');
    this._params.push(param);
  }

  /** Declares a workspace the tasks can share. */
  public addWorkspace(workspace: WorkspaceSpec): void {
    const field = `workspaces[${this._workspaces.length}]`;
    checkItemType(this, field, workspace, WORKSPACE_SPEC_TYPE);
    check(workspace.name.length > 0, this, `${field}.name`, workspace.name, 'a workspace needs a name');
    check(workspace.mountPath === undefined && workspace.readOnly === undefined, this, field, workspace,
      'mountPath and readOnly belong to a Task\'s workspaces, not a Pipeline\'s');
    checkUnique(this, 'workspaces', [...this._workspaces.map(w => w.name), workspace.name], 'workspace');
    this._workspaces.push(workspace);
  }

  /** Declares a result; its value usually reads a task result. Checked when the Pipeline is validated. */
  public addResult(result: PipelineResultSpec): void {
    checkItemType(this, `results[${this._results.length}]`, result, PIPELINE_RESULT_SPEC_TYPE);
    checkResultSpec(this, `results[${this._results.length}]`, result);
    checkUnique(this, 'results', plainValue(this, [...this._results.map(r => r.name), result.name]), 'result');
    this._results.push(result);
  }

  /**
   * Adds a task, checked at once: declare the Pipeline params and workspaces
   * it uses, and add the tasks whose results it reads, before adding it.
   */
  public addTask(options: PipelineTaskOptions): PipelineTask {
    return this.add('tasks', options);
  }

  /**
   * Adds a `finally` task: it runs after all tasks, whether they succeeded or
   * not, and may read their results and `$(tasks.<name>.status)`. It takes no
   * `runAfter`, and no task may read its results.
   */
  public addFinally(options: PipelineTaskOptions): PipelineTask {
    return this.add('finally', options);
  }

  private add(list: 'tasks' | 'finally', options: PipelineTaskOptions): PipelineTask {
    const entries = list === 'tasks' ? this._tasks : this._finally;
    const field = `${list}[${entries.length}]`;
    checkItemType(this, field, options, PIPELINE_TASK_TYPE);
    // a chart value is checked by its default now, and by the same rule at install; names compare as plain synth writes them
    checkDns1123Label(this, `${field}.name`, options.name);
    const name = plainValue(this, options.name);
    const same = [...this._tasks, ...this._finally].find(t => plainValue(this, t.ref.name) === name);
    check(same === undefined, this, `${field}.name`, name,
      withDefaultNote(holdsToken([options.name, same?.ref.name]), `pipeline task names must be unique across tasks and finally; "${name}" is used twice`));
    checkIntegerRange(this, `${field}.retries`, options.retries, 0);
    checkMilliseconds(this, `${field}.timeout`, options.timeout);
    check(list === 'tasks' || !options.runAfter?.length, this, `${field}.runAfter`, options.runAfter?.map(t => t.name),
      'finally tasks run after all tasks and take no runAfter');
    for (const [i, after] of (options.runAfter ?? []).entries()) {
      check(after.pipeline === this, this, `${field}.runAfter[${i}]`, after.name, 'runAfter may only name tasks of the same Pipeline');
    }
    const task = options.task;
    if (task.parameters) {
      const declared = new Map(task.parameters.map(p => [p.name, p]));
      for (const [name, value] of Object.entries(options.parameters ?? {})) {
        const spec = declared.get(name);
        check(spec !== undefined, this, `${field}.parameters.${name}`, value.toJson(),
          `Task "${task.name}" declares no param "${name}"; it declares: ${[...declared.keys()].join(', ') || '(none)'}`);
        check(paramTypeOf(spec!) === value.paramType, this, `${field}.parameters.${name}`, value.toJson(),
          `param "${name}" of Task "${task.name}" is of type ${paramTypeOf(spec!)}`);
      }
      for (const spec of task.parameters) {
        check(spec.defaultValue !== undefined || (options.parameters ?? {})[spec.name] !== undefined, this, `${field}.parameters`,
          Object.keys(options.parameters ?? {}), `param "${spec.name}" of Task "${task.name}" has no default and must be given`);
      }
    }
    if (task.workspaces) {
      const declared = new Set(task.workspaces.map(w => w.name));
      for (const name of Object.keys(options.workspaces ?? {})) {
        check(declared.has(name), this, `${field}.workspaces.${name}`, name,
          `Task "${task.name}" declares no workspace "${name}"; it declares: ${[...declared].join(', ') || '(none)'}`);
      }
      for (const ws of task.workspaces) {
        check(ws.optional === true || (options.workspaces ?? {})[ws.name] !== undefined, this, `${field}.workspaces`,
          Object.keys(options.workspaces ?? {}), `workspace "${ws.name}" of Task "${task.name}" is not optional and must be bound`);
      }
    }
    const ref = new PipelineTask(this, options.name, task, list === 'finally');
    const entry = { ref, options };
    // The entry is in place while its references are checked (a task may name itself); a rejected call leaves the Pipeline as it was.
    entries.push(entry);
    try {
      throwFirst(this, this.referenceIssues(entry));
    } catch (e) {
      entries.pop();
      throw e;
    }
    return ref;
  }

  /**
   * Issues of one entry (or of all tasks, finally tasks and results): undeclared params, workspaces and tasks, and
   * param references that do not fit the param's type (Tekton's rules, see paramShapeIssue); `warn` receives what
   * Tekton admits but leaves unsubstituted.
   */
  private referenceIssues(only?: TaskEntry, warn: (message: string) => void = () => undefined): BuildIssue[] {
    const params = new Set(this._params.map(p => p.name));
    const declared = new Map<string, DeclaredParam>(this._params.map(p => [p.name, declaredParam(p)]));
    const workspaces = new Set(this._workspaces.map(w => w.name));
    const tasks = new Map(this._tasks.map(t => [t.ref.name, t.ref]));
    const issues: BuildIssue[] = [];
    type PlaceOf = (path: string, ref: VariableReference) => ParamPlace | undefined;
    const checkStrings = (value: unknown, path: string, self?: string, inFinally = false, placeOf: PlaceOf = () => undefined) => {
      for (const s of stringsIn(value, path)) {
        for (const ref of findVariables(s.value)) {
          if (ref.kind === 'task-status' && !inFinally) {
            issues.push({ field: s.path, value: ref.expression, allowed: 'only finally tasks may read the execution status of a task, $(tasks.<name>.status)' });
          } else if (ref.kind === 'param' && !params.has(ref.name)) {
            const message = `Pipeline param "${ref.name}" is not declared; declared params: ${[...params].join(', ') || '(none)'}`;
            if (ref.unseen) {
              // $(params["x"][0]): Tekton's webhook does not see it as a reference; admitted, left as written
              warn(`${s.path}: ${ref.expression}: ${message} (Tekton does not check this reference at admission; it is left as written)`);
            } else {
              issues.push({ field: s.path, value: ref.expression, allowed: message });
            }
          } else if (ref.kind === 'param') {
            const place = placeOf(s.path, ref);
            const issue = paramShapeIssue(ref, s.value, place ?? 'field', declared.get(ref.name)!);
            if (issue?.severity === 'error' && place !== undefined && !ref.unseen) {
              issues.push({ field: s.path, value: ref.expression, allowed: issue.message });
            } else if (issue) {
              warn(`${s.path}: ${ref.expression}: ${issue.message}`);
            }
          } else if (ref.kind === 'task-result' || ref.kind === 'task-status') {
            const other = tasks.get(ref.name);
            if (!other || ref.name === self) {
              issues.push({ field: s.path, value: ref.expression, allowed: `"${ref.name}" is not another (non-finally) task of this Pipeline; tasks: ${[...tasks.keys()].join(', ') || '(none)'}` });
            } else if (ref.kind === 'task-result' && other.task.results && !other.task.results.some(r => r.name === ref.result)) {
              issues.push({ field: s.path, value: ref.expression, allowed: `Task "${other.task.name}" declares no result "${ref.result}"; it declares: ${other.task.results.map(r => r.name).join(', ') || '(none)'}` });
            }
          }
        }
      }
    };
    const checkEntry = (t: TaskEntry, field: string) => {
      for (const [name, v] of Object.entries(t.options.parameters ?? {})) {
        // a string value may be exactly $(params.x[*]); an array value's items may each be a whole array
        const json = v.toJson();
        const place: ParamPlace = typeof json === 'string' ? 'param-value' : Array.isArray(json) ? 'item' : 'field';
        checkStrings(json, `${field}.parameters.${name}`, t.ref.name, t.ref.isFinally, () => place);
      }
      // when: the input is a string; a value may be exactly $(params.a[*]); Tekton does not check CEL
      checkStrings((t.options.when ?? []).map(w => w._toJson()), `${field}.when`, t.ref.name, t.ref.isFinally,
        (path, ref) => /\.input$/.test(path) ? 'field' : /\.values\[\d+\]$/.test(path) ? (ref.star ? 'item' : 'field') : undefined);
      for (const [name, bound] of Object.entries(t.options.workspaces ?? {})) {
        if (!workspaces.has(bound)) {
          issues.push({ field: `${field}.workspaces.${name}`, value: bound, allowed: `Pipeline workspace "${bound}" is not declared; declared workspaces: ${[...workspaces].join(', ') || '(none)'}` });
        }
      }
    };
    this._tasks.forEach((t, i) => (only === undefined || only === t) && checkEntry(t, `tasks[${i}]`));
    this._finally.forEach((t, i) => (only === undefined || only === t) && checkEntry(t, `finally[${i}]`));
    if (only === undefined) {
      this._results.forEach((r, i) => checkStrings(r.value, `results[${i}].value`));
    }
    return issues;
  }

  /** @internal */
  public _toSpec(): Record<string, unknown> {
    return {
      ...(this.description !== undefined ? { description: this.description } : {}),
      ...(this._params.length ? { params: this._params.map(paramSpecToJson) } : {}),
      ...(this._workspaces.length ? { workspaces: this._workspaces.map(w => workspaceSpecToJson(w, false)) } : {}),
      ...(this._results.length ? {
        results: this._results.map(r => ({ name: r.name, ...(r.description !== undefined ? { description: r.description } : {}), value: r.value })),
      } : {}),
      tasks: this._tasks.map(pipelineTaskToJson),
      ...(this._finally.length ? { finally: this._finally.map(pipelineTaskToJson) } : {}),
    };
  }
}

function pipelineTaskToJson({ ref, options }: TaskEntry): Record<string, unknown> {
  return {
    name: ref.name,
    taskRef: { kind: 'Task', name: ref.task.name },
    ...(options.runAfter?.length ? { runAfter: options.runAfter.map(t => t.name) } : {}),
    ...(options.parameters && Object.keys(options.parameters).length ? {
      params: Object.entries(options.parameters).map(([name, value]) => ({ name, value: value.toJson() })),
    } : {}),
    ...(options.workspaces && Object.keys(options.workspaces).length ? {
      workspaces: Object.entries(options.workspaces).map(([name, workspace]) => ({ name, workspace })),
    } : {}),
    ...(options.when?.length ? { when: options.when.map(w => w._toJson()) } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.timeout ? { timeout: goSeconds(options.timeout) } : {}),
  };
}
