import { posix } from 'path';
import { DeclaredParam, findVariables, ParamPlace, paramShapeIssue, stringsIn, VariableReference } from '../../core/tekton-variables';
import { Finding, Manifest, SemanticRule } from '../types';

/*
 * Tekton's admission rules that the schema cannot express, checked over
 * synthesized (or hand-written) manifests. They hold for tekton.dev/v1 and
 * v1beta1 alike. Tasks and Pipelines embedded in a Pipeline or PipelineRun
 * (`taskSpec`, `pipelineSpec`) are checked like standalone ones.
 */

type Json = Record<string, unknown>;

function obj(x: unknown): Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? x as Json : {};
}

function arr(x: unknown): Json[] {
  return Array.isArray(x) ? x.map(obj) : [];
}

function names(items: Json[]): Set<string> {
  return new Set(items.map(i => i.name).filter((n): n is string => typeof n === 'string'));
}

function shown(set: Set<string>): string {
  return set.size ? [...set].join(', ') : '(none)';
}

interface SpecAt {
  readonly spec: Json;
  readonly path: string;
  /** Param names visible without a declaration (Tekton propagates params into embedded specs). */
  readonly propagatedParams: Set<string>;
  /** Workspace names visible without a declaration (propagated into embedded task specs). */
  readonly propagatedWorkspaces: Set<string>;
  /** The propagated params whose declaration is known (a Pipeline's, propagated into its taskSpecs). */
  readonly propagatedDeclared: Map<string, DeclaredParam>;
  /**
   * The param names Tekton's webhook checks references against, in the fields it checks (a Task's step fields; a
   * pipeline task's params, when and matrix), beyond the spec's own params; `undefined` where it does not check
   * them at all (a finally task of a PipelineRun's pipelineSpec). A reference it admits that names no visible param
   * is left as written: a warning.
   */
  readonly checkedParams: Set<string> | undefined;
}

/**
 * The names a PipelineRun's webhook checks the param references of its pipelineSpec's tasks (not finally) against
 * (tektoncd/pipeline pkg/apis/pipeline/v1/pipelinerun_validation.go validateInlineParameters): the run's params, the
 * pipelineSpec's, and every task's params and taskSpec params.
 */
function inlineParamNames(run: Json, pipelineSpec: Json): Set<string> {
  return new Set([...names(arr(run.params)), ...names(arr(pipelineSpec.params)),
    ...arr(pipelineSpec.tasks).flatMap(t => [...names(arr(t.params)), ...names(arr(obj(t.taskSpec).params))])]);
}

/**
 * Param declarations by name, typed as Tekton defaults them: tektoncd/pipeline v1.15.0
 * `pkg/apis/pipeline/v1/param_types.go` `ParamSpec.SetDefaults` takes the declared type, else object when
 * `properties` is set, else the type of the default, else string.
 */
function declaredParams(params: Json[]): Map<string, DeclaredParam> {
  const declared = new Map<string, DeclaredParam>();
  for (const p of params) {
    if (typeof p.name !== 'string' || declared.has(p.name)) continue;
    const def = p.default;
    const type = p.type === 'array' || p.type === 'object' || p.type === 'string' ? p.type
      : typeof p.properties === 'object' && p.properties !== null ? 'object'
        : Array.isArray(def) ? 'array' : typeof def === 'object' && def !== null ? 'object' : 'string';
    declared.set(p.name, { type, ...(type === 'object' ? { keys: Object.keys(obj(p.properties)) } : {}) });
  }
  return declared;
}

/**
 * The shape finding for one param reference (see paramShapeIssue), or none.
 * `checked`: whether Tekton's webhook runs that check here; where it does not,
 * an error becomes a warning.
 */
function shapeFinding(ref: VariableReference, at: { path: string; value: string }, place: ParamPlace, param: DeclaredParam | undefined,
  checked: (check: 'array' | 'usage') => boolean): Finding[] {
  const issue = param && paramShapeIssue(ref, at.value, place, param);
  if (!issue) return [];
  const severity = issue.severity === 'error' && checked(issue.check) ? undefined : 'warning' as const;
  const unchecked = issue.severity === 'error' && severity ? ' (Tekton does not check this here at admission; the reference is left as written)' : '';
  return [{
    path: at.path,
    message: `${ref.expression}: ${issue.message}${unchecked}`,
    hint: issue.severity === 'error' ? 'use a reference that fits the param\'s type' : 'use a reference that Tekton substitutes',
    ...(severity ? { severity } : {}),
  }];
}

/** Step fields Tekton's webhook checks param references in; the items of command and args may hold a whole array. */
const CHECKED_STEP_FIELD = /\.steps\[\d+\]\.(name|image|workingDir|script|command\[\d+\]|args\[\d+\]|env\[\d+\]\.value|volumeMounts\[\d+\]\.(name|mountPath|subPath)|onError)$/;

/** A step's script: the one field where Tekton's webhook checks `$(results.<name>...)` against the Task's results. */
const STEP_SCRIPT = /\.steps\[\d+\]\.script$/;

/** Task specs of a manifest with their paths: a Task's spec, or taskSpecs embedded in a Pipeline / PipelineRun. */
function taskSpecs(m: Manifest): SpecAt[] {
  const spec = obj(m.spec);
  if (m.kind === 'Task') return [{ spec, path: 'spec', propagatedParams: new Set(), propagatedWorkspaces: new Set(), propagatedDeclared: new Map(), checkedParams: new Set() }];
  return pipelineSpecs(m).flatMap(({ spec: p, path, propagatedParams }) => ['tasks', 'finally'].flatMap(list =>
    arr(p[list]).flatMap((t, i) => {
      if (!t.taskSpec) return [];
      // a Pipeline's taskSpecs see the Pipeline's params (and Tekton checks them against those); in a PipelineRun
      // they also see the run's params and those their pipeline task passes (TaskRun param propagation)
      const visible = new Set([...propagatedParams, ...names(arr(p.params)), ...(m.kind === 'PipelineRun' ? names(arr(t.params)) : [])]);
      return [{
        spec: obj(t.taskSpec),
        path: `${path}.${list}[${i}].taskSpec`,
        propagatedParams: visible,
        // a PipelineRun's bindings propagate into its inline specs (Tekton's propagated workspaces)
        propagatedWorkspaces: new Set([...names(arr(p.workspaces)), ...(m.kind === 'PipelineRun' ? names(arr(spec.workspaces)) : [])]),
        propagatedDeclared: declaredParams(arr(p.params)),
        checkedParams: m.kind !== 'PipelineRun' ? visible : list === 'tasks' ? inlineParamNames(spec, p) : undefined,
      }];
    })));
}

/** Pipeline specs of a manifest: a Pipeline's spec, or a PipelineRun's pipelineSpec. */
function pipelineSpecs(m: Manifest): SpecAt[] {
  const spec = obj(m.spec);
  if (m.kind === 'Pipeline') return [{ spec, path: 'spec', propagatedParams: new Set(), propagatedWorkspaces: new Set(), propagatedDeclared: new Map(), checkedParams: new Set() }];
  if (m.kind === 'PipelineRun' && spec.pipelineSpec) {
    const p = obj(spec.pipelineSpec);
    // checkedParams: for its tasks; Tekton checks no param reference of its finally tasks
    return [{ spec: p, path: 'spec.pipelineSpec', propagatedParams: names(arr(spec.params)), propagatedWorkspaces: new Set(), propagatedDeclared: new Map(), checkedParams: inlineParamNames(spec, p) }];
  }
  return [];
}

function duplicates(items: Json[], path: string, what: string): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  items.forEach((item, i) => {
    const name = item.name;
    if (typeof name !== 'string') return;
    if (seen.has(name)) {
      findings.push({ path: `${path}[${i}].name`, message: `${what} name "${name}" is used more than once`, hint: `give every ${what} a unique name` });
    }
    seen.add(name);
  });
  return findings;
}

const ALL_KINDS = ['tekton.dev/Task', 'tekton.dev/Pipeline', 'tekton.dev/PipelineRun'];

/** Step names are unique within a Task. */
export const uniqueStepNames: SemanticRule = {
  id: 'tekton/unique-step-names',
  description: 'The steps of a Task have unique names.',
  kinds: ALL_KINDS,
  check: m => taskSpecs(m).flatMap(({ spec, path }) => duplicates(arr(spec.steps), `${path}.steps`, 'step')),
};

/** The workspaces of a Task are mounted at distinct paths (`/workspace/<name>` when no mountPath is set). */
export const uniqueWorkspaceMountPaths: SemanticRule = {
  id: 'tekton/unique-workspace-mount-paths',
  description: 'The workspaces of a Task have distinct mount paths.',
  kinds: ALL_KINDS,
  check: m => taskSpecs(m).flatMap(({ spec, path }) => {
    const seen = new Map<string, string>();
    const findings: Finding[] = [];
    arr(spec.workspaces).forEach((w, i) => {
      if (typeof w.name !== 'string') return;
      const raw = typeof w.mountPath === 'string' && w.mountPath !== '' ? w.mountPath : `/workspace/${w.name}`;
      const mountPath = posix.normalize(raw).replace(/(.)\/$/, '$1');
      const other = seen.get(mountPath);
      if (other !== undefined) {
        findings.push({ path: `${path}.workspaces[${i}].mountPath`, message: `workspace "${w.name}" is mounted at ${mountPath}, like workspace "${other}"`, hint: 'give each workspace its own mountPath' });
      }
      seen.set(mountPath, w.name);
    });
    return findings;
  }),
};

/**
 * Every `$(params.x)`, `$(workspaces.x...)` and `$(results.x.path)` in a Task's steps is declared, and every param
 * reference fits the param's type (array params whole only alone in an item of args or command, object params by
 * declared key). Errors only where Tekton's webhook checks (params: step fields; results: step scripts; workspaces:
 * nowhere); elsewhere an undeclared reference is admitted and left unsubstituted: a warning.
 */
export const taskDeclaredVariables: SemanticRule = {
  id: 'tekton/task-declared-variables',
  description: 'The params, workspaces and results a Task\'s steps refer to are declared by the Task, and param references fit the param\'s type.',
  kinds: ALL_KINDS,
  check: m => taskSpecs(m).flatMap(({ spec, path, propagatedParams, propagatedWorkspaces, propagatedDeclared, checkedParams }) => {
    const params = new Set([...names(arr(spec.params)), ...propagatedParams]);
    const declared = new Map([...propagatedDeclared, ...declaredParams(arr(spec.params))]);
    const workspaces = new Set([...names(arr(spec.workspaces)), ...propagatedWorkspaces]);
    const results = names(arr(spec.results));
    const findings: Finding[] = [];
    for (const field of ['steps', 'sidecars', 'stepTemplate', 'volumes']) {
      for (const s of stringsIn(spec[field], `${path}.${field}`)) {
        for (const ref of findVariables(s.value)) {
          const [set, what] = ref.kind === 'param' ? [params, 'param'] : ref.kind === 'workspace' ? [workspaces, 'workspace'] : ref.kind === 'result' ? [results, 'result'] : [undefined, ''];
          if (ref.kind === 'param' && !params.has(ref.name)) {
            // Tekton's webhook checks param references in step fields only, against the names it knows there
            const rejected = !ref.unseen && CHECKED_STEP_FIELD.test(s.path) && checkedParams !== undefined
              && !checkedParams.has(ref.name) && !names(arr(spec.params)).has(ref.name);
            findings.push({
              path: s.path,
              message: `${ref.expression} refers to param "${ref.name}", which the Task does not declare${rejected ? '' : ' (Tekton does not check this here at admission; the reference is left as written)'}`,
              hint: `declare it in ${path}.params (declared: ${shown(params)})`,
              ...(rejected ? {} : { severity: 'warning' as const }),
            });
          } else if (set && !set.has(ref.name)) {
            // Tekton's webhook checks $(results.x...) only in step scripts (task_validation.go validateTaskResultsVariables),
            // and $(workspaces.x...) nowhere; elsewhere the reference is admitted and left as written
            const rejected = ref.kind === 'result' && !ref.unseen && STEP_SCRIPT.test(s.path);
            findings.push({
              path: s.path,
              message: `${ref.expression} refers to ${what} "${ref.name}", which the Task does not declare${rejected ? '' : ' (Tekton does not check this here at admission; the reference is left as written)'}`,
              hint: `declare it in ${path}.${what}s (declared: ${shown(set)})`,
              ...(rejected ? {} : { severity: 'warning' as const }),
            });
          } else if (ref.kind === 'param') {
            // Tekton checks array usage in the step fields of every Task spec, the other shapes not in a PipelineRun's
            const field = CHECKED_STEP_FIELD.exec(s.path)?.[1];
            const place = field && /^(command|args)\[/.test(field) ? 'item' : 'field';
            findings.push(...shapeFinding(ref, s, place, declared.get(ref.name), check => !ref.unseen && field !== undefined && (check === 'array' || m.kind !== 'PipelineRun')));
          }
        }
      }
    }
    return findings;
  }),
};

/** Pipeline task names are unique; `runAfter` and `$(tasks.x...)` name tasks of the Pipeline; only finally tasks read `$(tasks.x.status)`. */
export const pipelineTaskNames: SemanticRule = {
  id: 'tekton/pipeline-task-names',
  description: 'Pipeline task names are unique, runAfter and $(tasks.<name>...) refer to tasks of the Pipeline, and only finally tasks read $(tasks.<name>.status).',
  kinds: ['tekton.dev/Pipeline', 'tekton.dev/PipelineRun'],
  check: m => pipelineSpecs(m).flatMap(({ spec, path }) => {
    const tasks = arr(spec.tasks);
    const fin = arr(spec.finally);
    const findings = duplicates([...tasks, ...fin], `${path}.tasks`, 'pipeline task')
      .map(f => ({ ...f, path: f.path.replace(/tasks\[(\d+)\]/, (_, i) => Number(i) < tasks.length ? `tasks[${i}]` : `finally[${Number(i) - tasks.length}]`) }));
    const known = names(tasks);
    tasks.forEach((t, i) => {
      (Array.isArray(t.runAfter) ? t.runAfter : []).forEach((after: unknown, j: number) => {
        if (typeof after === 'string' && (!known.has(after) || after === t.name)) {
          findings.push({ path: `${path}.tasks[${i}].runAfter[${j}]`, message: `runAfter names "${after}", which is not another task of the Pipeline`, hint: `use one of: ${shown(known)}` });
        }
      });
    });
    fin.forEach((t, i) => {
      if (Array.isArray(t.runAfter) && t.runAfter.length > 0) {
        findings.push({ path: `${path}.finally[${i}].runAfter`, message: `finally task "${String(t.name)}" has runAfter`, hint: 'finally tasks run after all tasks; remove runAfter' });
      }
    });
    for (const s of stringsIn({ tasks, finally: fin, results: spec.results }, path)) {
      for (const ref of findVariables(s.value)) {
        if (ref.kind === 'task-status' && !s.path.startsWith(`${path}.finally[`)) {
          findings.push({ path: s.path, message: `${ref.expression}: only finally tasks may read the execution status of a task`, hint: 'move the task to finally, or order it with runAfter' });
        }
        if ((ref.kind === 'task-result' || ref.kind === 'task-status') && !known.has(ref.name)) {
          findings.push({ path: s.path, message: `${ref.expression} refers to task "${ref.name}", which is not in the Pipeline's tasks`, hint: `use one of: ${shown(known)}` });
        }
      }
    }
    return findings;
  }),
};

/**
 * Every `$(params.x)` a Pipeline passes to its tasks or results is a declared Pipeline param, and fits its type
 * (a whole array or object only as the entire value, `$(params.x[*])`, or a whole array alone in an item of an
 * array value; object params by declared key).
 */
export const pipelineDeclaredParams: SemanticRule = {
  id: 'tekton/pipeline-declared-params',
  description: 'The params a Pipeline\'s tasks and results refer to are declared by the Pipeline, and fit the param\'s type.',
  kinds: ['tekton.dev/Pipeline', 'tekton.dev/PipelineRun'],
  check: m => pipelineSpecs(m).flatMap(({ spec, path, propagatedParams, checkedParams }) => {
    const params = new Set([...names(arr(spec.params)), ...propagatedParams]);
    const declared = declaredParams(arr(spec.params));
    /** Whether Tekton's webhook rejects a reference to an undeclared param at `p` (see SpecAt.checkedParams). */
    const rejects = (p: string, ref: VariableReference) => !ref.unseen && checkedParams !== undefined && !checkedParams.has(ref.name)
      && !(m.kind === 'PipelineRun' && p.startsWith(`${path}.finally[`)) && !/\.(tasks|finally)\[\d+\]\.workspaces\[/.test(p);
    /** Where a string of a pipeline task sits (see ParamPlace), or undefined where Tekton does not check param shapes. */
    const placeOf = (p: string, ref: VariableReference): ParamPlace | undefined => {
      if (/\.params\[\d+\]\.value$/.test(p)) return /\.matrix\.include\[/.test(p) ? 'field' : 'param-value';
      if (/\.params\[\d+\]\.value\[\d+\]$/.test(p)) return 'item';
      if (/\.params\[\d+\]\.value\.[^.[]+$/.test(p)) return 'field';
      if (/\.when\[\d+\]\.input$/.test(p)) return 'field';
      if (/\.when\[\d+\]\.values\[\d+\]$/.test(p)) return ref.star ? 'item' : 'field';
      return undefined;
    };
    const findings: Finding[] = [];
    const fields = (t: Json) => ({ params: t.params, when: t.when, matrix: t.matrix, workspaces: t.workspaces });
    const scan = (value: unknown, base: string) => {
      for (const s of stringsIn(value, base)) {
        // the name of a matrix include combination is a label: Tekton checks no reference in it
        if (/\.matrix\.include\[\d+\]\.name$/.test(s.path)) continue;
        for (const ref of findVariables(s.value)) {
          if (ref.kind === 'param' && !params.has(ref.name)) {
            const rejected = rejects(s.path, ref);
            findings.push({
              path: s.path,
              message: `${ref.expression} refers to param "${ref.name}", which the Pipeline does not declare${rejected ? '' : ' (Tekton does not check this here at admission; the reference is left as written)'}`,
              hint: `declare it in ${path}.params (declared: ${shown(params)})`,
              ...(rejected ? {} : { severity: 'warning' as const }),
            });
          } else if (ref.kind === 'param') {
            // Tekton checks these for a Pipeline, not for a PipelineRun's pipelineSpec; matrix include values: not modelled
            const place = placeOf(s.path, ref);
            findings.push(...shapeFinding(ref, s, place ?? 'field', declared.get(ref.name),
              () => !ref.unseen && place !== undefined && m.kind === 'Pipeline' && !/\.matrix\.include\[/.test(s.path)));
          }
        }
      }
    };
    arr(spec.tasks).forEach((t, i) => scan(fields(t), `${path}.tasks[${i}]`));
    arr(spec.finally).forEach((t, i) => scan(fields(t), `${path}.finally[${i}]`));
    scan(spec.results, `${path}.results`);
    return findings;
  }),
};

/**
 * Pipeline tasks bind only workspaces the Pipeline declares; a PipelineRun with an inline pipelineSpec binds declared
 * ones and every required one. Tekton's webhook checks the bindings of pipeline tasks only for a Pipeline created
 * directly (pipeline_validation.go: Pipeline.Validate calls validatePipelineWorkspacesUsage, PipelineSpec.Validate
 * does not), and none of a run's bindings against its pipelineSpec: there these are warnings (the run fails later).
 */
export const workspaceBindings: SemanticRule = {
  id: 'tekton/workspace-bindings',
  description: 'Workspace bindings name declared workspaces, and a run binds every non-optional workspace.',
  kinds: ['tekton.dev/Pipeline', 'tekton.dev/PipelineRun'],
  check: m => pipelineSpecs(m).flatMap(({ spec, path }) => {
    const declared = names(arr(spec.workspaces));
    const findings: Finding[] = [];
    const run = m.kind === 'PipelineRun';
    // a run's own bindings are propagated into its inline pipelineSpec
    const runBound = run ? names(arr(obj(m.spec).workspaces)) : new Set<string>();
    const unchecked = ' (Tekton does not check this here at admission)';
    for (const list of ['tasks', 'finally']) {
      arr(spec[list]).forEach((t, i) => arr(t.workspaces).forEach((w, j) => {
        const bound = typeof w.workspace === 'string' && w.workspace !== '' ? w.workspace : w.name;
        if (typeof bound === 'string' && !declared.has(bound) && !runBound.has(bound)) {
          findings.push({
            path: `${path}.${list}[${i}].workspaces[${j}].workspace`,
            message: `pipeline task "${String(t.name)}" binds workspace "${bound}", which the Pipeline does not declare${run ? `${unchecked}, nor does the run bind it` : ''}`,
            hint: `declare it in ${path}.workspaces (declared: ${shown(declared)})`,
            ...(run ? { severity: 'warning' as const } : {}),
          });
        }
      }));
    }
    if (m.kind === 'PipelineRun') {
      const runBindings = arr(obj(m.spec).workspaces);
      findings.push(...duplicates(runBindings, 'spec.workspaces', 'workspace binding'));
      const bound = names(runBindings);
      // A binding the inline pipelineSpec does not declare is propagated into its task specs: nothing to say.
      arr(spec.workspaces).forEach((w, i) => {
        if (w.optional !== true && typeof w.name === 'string' && !bound.has(w.name)) {
          findings.push({ path: `${path}.workspaces[${i}]`, message: `workspace "${w.name}" is not optional and the run does not bind it${unchecked}; the run fails`, hint: 'bind it in spec.workspaces', severity: 'warning' });
        }
      });
    }
    return findings;
  }),
};

/** A PipelineRun's workspace bindings each name one volume source. */
export const runWorkspaceSources: SemanticRule = {
  id: 'tekton/run-workspace-source',
  description: 'Each workspace binding of a PipelineRun has exactly one volume source.',
  kinds: ['tekton.dev/PipelineRun'],
  check: m => arr(obj(m.spec).workspaces).flatMap((b, i) => {
    const sources = ['persistentVolumeClaim', 'volumeClaimTemplate', 'emptyDir', 'configMap', 'secret', 'projected', 'csi'].filter(k => b[k] !== undefined);
    return sources.length === 1 ? [] : [{
      path: `spec.workspaces[${i}]`,
      message: `workspace binding "${String(b.name)}" has ${sources.length === 0 ? 'no volume source' : `several volume sources (${sources.join(', ')})`}`,
      hint: 'set exactly one of persistentVolumeClaim, volumeClaimTemplate, emptyDir, configMap, secret, projected, csi',
    }];
  }),
};

/** Tekton's semantic rules, for the validation engine to register. */
export const TEKTON_RULES: readonly SemanticRule[] = [
  uniqueStepNames,
  uniqueWorkspaceMountPaths,
  taskDeclaredVariables,
  pipelineTaskNames,
  pipelineDeclaredParams,
  workspaceBindings,
  runWorkspaceSources,
];
