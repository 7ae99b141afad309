import {
  pipelineDeclaredParams, pipelineTaskNames, runWorkspaceSources, TEKTON_RULES, taskDeclaredVariables, uniqueStepNames, workspaceBindings,
} from '../../../src/validation/rules/tekton';
import { validateManifests } from '../../../src/validation';
import { Manifest, RuleContext } from '../../../src/validation/types';

const ctx = { config: {} } as unknown as RuleContext;

function task(spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 't' }, spec };
}

function pipeline(spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' }, spec };
}

function run(spec: Record<string, unknown>): Manifest {
  return { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'r' }, spec };
}

const goodPipeline = pipeline({
  params: [{ name: 'url' }],
  workspaces: [{ name: 'shared' }],
  tasks: [
    { name: 'clone', taskRef: { name: 'git-clone' }, params: [{ name: 'url', value: '$(params.url)' }], workspaces: [{ name: 'output', workspace: 'shared' }] },
    { name: 'build', runAfter: ['clone'], taskRef: { name: 'kaniko' }, params: [{ name: 'REV', value: '$(tasks.clone.results.commit)' }], workspaces: [{ name: 'source', workspace: 'shared' }] },
  ],
  finally: [{ name: 'notify', taskRef: { name: 'n' }, params: [{ name: 's', value: '$(tasks.build.status)' }] }],
  results: [{ name: 'commit', value: '$(tasks.clone.results.commit)' }],
});

describe('Tekton rules', () => {
  test('TEKTON_RULES lists every rule once, with ids and kinds', () => {
    expect(TEKTON_RULES.map(r => r.id)).toEqual([
      'tekton/unique-step-names', 'tekton/unique-workspace-mount-paths', 'tekton/task-declared-variables', 'tekton/pipeline-task-names',
      'tekton/pipeline-declared-params', 'tekton/workspace-bindings', 'tekton/run-workspace-source',
    ]);
    for (const rule of TEKTON_RULES) expect(rule.kinds.every(k => k.startsWith('tekton.dev/'))).toBe(true);
  });

  test('the validation engine runs them as the semantic layer', () => {
    const bad = task({ steps: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }] });
    const problems = validateManifests([bad], { rules: TEKTON_RULES, layers: ['semantic'] });
    expect(problems.map(p => [p.severity, p.rule, p.object.name, p.path])).toEqual([['error', 'tekton/unique-step-names', 't', 'spec.steps[1].name']]);
  });

  describe('unique-step-names', () => {
    test('accepts distinct step names', () => {
      expect(uniqueStepNames.check(task({ steps: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] }), ctx)).toEqual([]);
    });
    test('reports a repeated step name, also in an embedded taskSpec', () => {
      expect(uniqueStepNames.check(task({ steps: [{ name: 'a' }, { name: 'a' }] }), ctx)).toEqual([
        { path: 'spec.steps[1].name', message: 'step name "a" is used more than once', hint: 'give every step a unique name' },
      ]);
      const p = pipeline({ tasks: [{ name: 'x', taskSpec: { steps: [{ name: 's' }, { name: 's' }] } }] });
      expect(uniqueStepNames.check(p, ctx).map(f => f.path)).toEqual(['spec.tasks[0].taskSpec.steps[1].name']);
    });
  });

  describe('task-declared-variables', () => {
    test('accepts declared params (dot and bracket forms), workspaces and results', () => {
      const t = task({
        params: [{ name: 'url' }, { name: 'a.b' }, { name: 'args', type: 'array' }],
        workspaces: [{ name: 'src' }],
        results: [{ name: 'digest' }],
        steps: [{ name: 's', image: 'x', args: ['$(params.args[*])'], script: 'cd $(workspaces.src.path) && echo $(params.url) $(params["a.b"]) > $(results.digest.path); echo $(context.taskRun.name) $(credentials.path)' }],
      });
      expect(taskDeclaredVariables.check(t, ctx)).toEqual([]);
    });
    test('accepts pipeline params and workspaces propagated into an embedded taskSpec', () => {
      const p = pipeline({ params: [{ name: 'url' }], workspaces: [{ name: 'w' }], tasks: [{ name: 'x', taskSpec: { steps: [{ name: 's', image: 'i', script: 'echo $(params.url) $(workspaces.w.path)' }] } }] });
      expect(taskDeclaredVariables.check(p, ctx)).toEqual([]);
    });
    test('reports an undeclared param, workspace and result', () => {
      const t = task({ params: [{ name: 'url' }], steps: [{ name: 's', image: 'x', script: 'echo $(params.repo) $(workspaces.src.path) > $(results.out.path)' }] });
      expect(taskDeclaredVariables.check(t, ctx)).toEqual([
        { path: 'spec.steps[0].script', message: '$(params.repo) refers to param "repo", which the Task does not declare', hint: 'declare it in spec.params (declared: url)' },
        { path: 'spec.steps[0].script', message: '$(workspaces.src.path) refers to workspace "src", which the Task does not declare (Tekton does not check this here at admission; the reference is left as written)', hint: 'declare it in spec.workspaces (declared: (none))', severity: 'warning' },
        { path: 'spec.steps[0].script', message: '$(results.out.path) refers to result "out", which the Task does not declare', hint: 'declare it in spec.results (declared: (none))' },
      ]);
    });
  });

  describe('param reference shapes', () => {
    test('reports references that do not fit the param\'s type, and warns for those Tekton leaves as written', () => {
      const t = task({
        params: [{ name: 's' }, { name: 'a', default: ['x'] }, { name: 'o', type: 'object', properties: { k: {} } }],
        steps: [{ name: 'x', image: 'i', args: ['$(params.a[*])', '$(params.s[0])'], script: 'echo $(params.a) $(params.o.zz) $(params.o.k) $(params.a[2])' }],
      });
      expect(taskDeclaredVariables.check(t, ctx).map(f => [f.path, f.message, f.severity])).toEqual([
        ['spec.steps[0].args[1]', '$(params.s[0]): param "s" is a string, with no keys or items; Tekton admits the reference but leaves it as written (only $(params.s) is substituted)', 'warning'],
        ['spec.steps[0].script', '$(params.a): a whole array param may only stand alone in an item of args or command (or of an array value); read one item here, $(params.a[0])', undefined],
        ['spec.steps[0].script', '$(params.o.zz): object param "o" declares no key "zz"; its keys: k', undefined],
      ]);
    });
    test('types propagated pipeline params in an embedded taskSpec; a PipelineRun\'s are not typed', () => {
      const p = pipeline({ params: [{ name: 'o', type: 'object', properties: { k: {} } }], tasks: [{ name: 'x', taskSpec: { steps: [{ name: 's', image: 'i', script: 'echo $(params.o.zz)' }] } }] });
      expect(taskDeclaredVariables.check(p, ctx).map(f => f.path)).toEqual(['spec.tasks[0].taskSpec.steps[0].script']);
      const r = run({ params: [{ name: 'o', value: { k: 'v' } }], pipelineSpec: { tasks: [{ name: 'x', taskSpec: { steps: [{ name: 's', image: 'i', script: 'echo $(params.o.zz)' }] } }] } });
      expect(taskDeclaredVariables.check(r, ctx)).toEqual([]);
    });
  });

  describe('pipeline-task-names', () => {
    test('accepts unique names, runAfter and task references to tasks of the Pipeline', () => {
      expect(pipelineTaskNames.check(goodPipeline, ctx)).toEqual([]);
    });
    test('reports repeated names, unknown runAfter and unknown task references', () => {
      const p = pipeline({
        tasks: [{ name: 'a' }, { name: 'b', runAfter: ['c', 'b'] }, { name: 'a' }],
        finally: [{ name: 'b', runAfter: ['a'] }],
        results: [{ name: 'r', value: '$(tasks.z.results.x)' }],
      });
      expect(pipelineTaskNames.check(p, ctx)).toEqual([
        { path: 'spec.tasks[2].name', message: 'pipeline task name "a" is used more than once', hint: 'give every pipeline task a unique name' },
        { path: 'spec.finally[0].name', message: 'pipeline task name "b" is used more than once', hint: 'give every pipeline task a unique name' },
        { path: 'spec.tasks[1].runAfter[0]', message: 'runAfter names "c", which is not another task of the Pipeline', hint: 'use one of: a, b' },
        { path: 'spec.tasks[1].runAfter[1]', message: 'runAfter names "b", which is not another task of the Pipeline', hint: 'use one of: a, b' },
        { path: 'spec.finally[0].runAfter', message: 'finally task "b" has runAfter', hint: 'finally tasks run after all tasks; remove runAfter' },
        { path: 'spec.results[0].value', message: '$(tasks.z.results.x) refers to task "z", which is not in the Pipeline\'s tasks', hint: 'use one of: a, b' },
      ]);
    });
  });

  describe('pipeline-declared-params', () => {
    test('accepts declared params, and params a PipelineRun propagates into its pipelineSpec', () => {
      expect(pipelineDeclaredParams.check(goodPipeline, ctx)).toEqual([]);
      const r = run({ params: [{ name: 'url', value: 'x' }], pipelineSpec: { tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.url)' }] }] } });
      expect(pipelineDeclaredParams.check(r, ctx)).toEqual([]);
    });
    test('reports an undeclared param in task params, when expressions and results', () => {
      const p = pipeline({
        params: [{ name: 'url' }],
        tasks: [{ name: 'a', params: [{ name: 'u', value: '$(params.repo)' }], when: [{ input: '$(params.branch)', operator: 'in', values: ['main'] }] }],
        results: [{ name: 'r', value: '$(params.x)' }],
      });
      expect(pipelineDeclaredParams.check(p, ctx).map(f => [f.path, f.message])).toEqual([
        ['spec.tasks[0].params[0].value', '$(params.repo) refers to param "repo", which the Pipeline does not declare'],
        ['spec.tasks[0].when[0].input', '$(params.branch) refers to param "branch", which the Pipeline does not declare'],
        ['spec.results[0].value', '$(params.x) refers to param "x", which the Pipeline does not declare'],
      ]);
    });
  });

  describe('workspace-bindings', () => {
    test('accepts bindings of declared workspaces and a run that binds every required one', () => {
      expect(workspaceBindings.check(goodPipeline, ctx)).toEqual([]);
      const r = run({
        workspaces: [{ name: 'shared', emptyDir: {} }],
        pipelineSpec: { workspaces: [{ name: 'shared' }, { name: 'cache', optional: true }], tasks: [{ name: 'a', workspaces: [{ name: 'w', workspace: 'shared' }] }] },
      });
      expect(workspaceBindings.check(r, ctx)).toEqual([]);
    });
    test('reports a binding of an undeclared workspace and an unbound required one', () => {
      const p = pipeline({ workspaces: [{ name: 'shared' }], tasks: [{ name: 'a', workspaces: [{ name: 'output', workspace: 'source' }] }] });
      expect(workspaceBindings.check(p, ctx)).toEqual([{
        path: 'spec.tasks[0].workspaces[0].workspace',
        message: 'pipeline task "a" binds workspace "source", which the Pipeline does not declare',
        hint: 'declare it in spec.workspaces (declared: shared)',
      }]);
      const r = run({ workspaces: [{ name: 'other', emptyDir: {} }], pipelineSpec: { workspaces: [{ name: 'shared' }], tasks: [] } });
      // Tekton's webhook checks none of these for a PipelineRun (the run fails later): warnings; the binding of
      // "other" is propagated into the inline spec, so it is not reported
      expect(workspaceBindings.check(r, ctx).map(f => [f.path, f.message, f.severity])).toEqual([
        ['spec.pipelineSpec.workspaces[0]', 'workspace "shared" is not optional and the run does not bind it (Tekton does not check this here at admission); the run fails', 'warning'],
      ]);
    });
    test('a PipelineRun with a pipelineRef is left to the engine\'s cross-object checks', () => {
      expect(workspaceBindings.check(run({ pipelineRef: { name: 'p' }, workspaces: [{ name: 'x', emptyDir: {} }] }), ctx)).toEqual([]);
    });
  });

  // tektoncd/pipeline v1.15.0 examples/v1/pipelineruns/propagating-workspaces.yaml (docs/workspaces.md "Propagated Workspaces")
  describe('propagated workspaces', () => {
    test('a PipelineRun\'s bindings reach the taskSpecs of its inline pipelineSpec', () => {
      const r = run({
        workspaces: [{ name: 'shared-data', emptyDir: {} }],
        pipelineSpec: { tasks: [{ name: 'fetch', taskSpec: { steps: [{ name: 's', image: 'i', script: 'echo hi > $(workspaces.shared-data.path)/x' }] } }] },
      });
      expect(taskDeclaredVariables.check(r, ctx)).toEqual([]);
      expect(workspaceBindings.check(r, ctx)).toEqual([]);
    });
    test('a workspace neither declared nor bound by the run is still reported (a warning)', () => {
      const r = run({
        workspaces: [{ name: 'shared-data', emptyDir: {} }],
        pipelineSpec: { tasks: [{ name: 'fetch', taskSpec: { steps: [{ name: 's', image: 'i', script: 'ls $(workspaces.other.path)' }] } }] },
      });
      expect(taskDeclaredVariables.check(r, ctx).map(f => [f.path, f.severity])).toEqual([['spec.pipelineSpec.tasks[0].taskSpec.steps[0].script', 'warning']]);
    });
  });

  // tektoncd/pipeline v1.15.0 pkg/apis/pipeline/v1/param_types.go ParamSpec.SetDefaults: properties make an object param
  describe('object params typed from properties', () => {
    test('a param with properties and no type is an object', () => {
      const t = task({ params: [{ name: 'o', properties: { url: { type: 'string' }, digest: {} } }], steps: [{ name: 's', image: 'i', script: 'echo $(params.o.url) $(params.o.digest)' }] });
      expect(taskDeclaredVariables.check(t, ctx)).toEqual([]);
      const p = pipeline({ params: [{ name: 'g', properties: { url: {} } }], tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'x', value: '$(params.g[*])' }] }] });
      expect(pipelineDeclaredParams.check(p, ctx)).toEqual([]);
    });
    test('fails when a key the properties do not list is read', () => {
      const t = task({ params: [{ name: 'o', properties: { url: {} } }], steps: [{ name: 's', image: 'i', script: 'echo $(params.o.nope)' }] });
      expect(taskDeclaredVariables.check(t, ctx).map(f => [f.path, f.severity])).toEqual([['spec.steps[0].script', undefined]]);
    });
  });

  // tektoncd/pipeline v1.15.0 examples/v1/pipelineruns/beta/pipelinerun-with-matrix.yaml: include names are labels
  describe('matrix include names', () => {
    test('a reference in matrix.include[].name is not checked', () => {
      const p = pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, matrix: { include: [{ name: 'build-$(params.platform)', params: [{ name: 'x', value: 'y' }] }] } }] });
      expect(pipelineDeclaredParams.check(p, ctx)).toEqual([]);
    });
    test('fails when a matrix.include param value names an undeclared param', () => {
      const p = pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, matrix: { include: [{ name: 'n', params: [{ name: 'x', value: '$(params.nope)' }] }] } }] });
      expect(pipelineDeclaredParams.check(p, ctx).map(f => f.path)).toEqual(['spec.tasks[0].matrix.include[0].params[0].value']);
    });
  });

  describe('run-workspace-source', () => {
    test('accepts one volume source per binding', () => {
      expect(runWorkspaceSources.check(run({ workspaces: [{ name: 'a', emptyDir: {} }, { name: 'b', secret: { secretName: 's' } }] }), ctx)).toEqual([]);
    });
    test('reports a binding with none or several sources', () => {
      const r = run({ workspaces: [{ name: 'a' }, { name: 'b', emptyDir: {}, persistentVolumeClaim: { claimName: 'c' } }] });
      expect(runWorkspaceSources.check(r, ctx).map(f => f.message)).toEqual([
        'workspace binding "a" has no volume source',
        'workspace binding "b" has several volume sources (persistentVolumeClaim, emptyDir)',
      ]);
    });
  });
});
