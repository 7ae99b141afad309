import { obj, RuleCase } from '../harness';

const task = (spec: Record<string, unknown>) => obj('tekton.dev/v1', 'Task', spec, { name: 't' });
const pipeline = (spec: Record<string, unknown>) => obj('tekton.dev/v1', 'Pipeline', spec, { name: 'p' });
const run = (spec: Record<string, unknown>) => obj('tekton.dev/v1', 'PipelineRun', spec, { name: 'r' });

export const TEKTON_CASES: RuleCase[] = [
  { rule: 'tekton/pipeline-task-names', name: 'a task reading another task\'s status', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }, { name: 'b', taskRef: { name: 't' }, params: [{ name: 's', value: '$(tasks.a.status)' }] }] }), bad: ['spec.tasks[1].params[0].value'] },
  { rule: 'tekton/unique-step-names', name: 'distinct steps', obj: task({ steps: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] }) },
  { rule: 'tekton/unique-step-names', name: 'a repeated step', obj: task({ steps: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }] }), bad: ['spec.steps[1].name'] },
  { rule: 'tekton/unique-workspace-mount-paths', name: 'distinct mount paths', obj: task({ workspaces: [{ name: 'a' }, { name: 'b', mountPath: '/workspace/c' }], steps: [{ name: 's', image: 'x' }] }) },
  { rule: 'tekton/unique-workspace-mount-paths', name: 'a mountPath equal to another workspace\'s default', obj: task({ workspaces: [{ name: 'src' }, { name: 'b', mountPath: '/workspace/src/' }], steps: [{ name: 's', image: 'x' }] }), bad: ['spec.workspaces[1].mountPath'] },

  { rule: 'tekton/task-declared-variables', name: 'a declared param', obj: task({ params: [{ name: 'x' }], steps: [{ name: 'a', image: 'i', args: ['$(params.x)'] }] }) },
  { rule: 'tekton/task-declared-variables', name: 'an undeclared param', obj: task({ steps: [{ name: 'a', image: 'i', args: ['$(params.y)'] }] }), bad: ['spec.steps[0].args[0]'] },
  // where Tekton's webhook checks undeclared params (task_validation.go validateStepVariables: step fields only; pipelinerun_validation.go validateInlineParameters)
  { rule: 'tekton/task-declared-variables', name: 'an undeclared param in a step\'s onError', obj: task({ steps: [{ name: 'a', image: 'i', onError: '$(params.y)' }] }), bad: ['spec.steps[0].onError'] },
  { rule: 'tekton/task-declared-variables', name: 'undeclared params in a sidecar, the stepTemplate and volumes (not checked by Tekton)', obj: task({ steps: [{ name: 'a', image: 'i' }], sidecars: [{ name: 'c', image: 'i', script: 'echo $(params.y)' }], stepTemplate: { env: [{ name: 'E', value: '$(params.y)' }] }, volumes: [{ name: 'v', configMap: { name: '$(params.y)' } }] }), bad: ['spec.sidecars[0].script', 'spec.stepTemplate.env[0].value', 'spec.volumes[0].configMap.name'], severity: 'warning' },
  { rule: 'tekton/task-declared-variables', name: '$(params["o"]["k"]): Tekton reads one undeclared param o"]["k', obj: task({ params: [{ name: 'o', type: 'object', properties: { k: { type: 'string' } } }], steps: [{ name: 'a', image: 'i', script: 'echo $(params["o"]["k"]) $(params.o["k"])' }] }), bad: ['spec.steps[0].script'] },
  { rule: 'tekton/task-declared-variables', name: '$(params["o"]["k"]) in a sidecar (not checked by Tekton)', obj: task({ params: [{ name: 'o', type: 'object', properties: { k: { type: 'string' } } }], steps: [{ name: 'a', image: 'i' }], sidecars: [{ name: 'c', image: 'i', script: 'echo $(params["o"]["k"])' }] }), bad: ['spec.sidecars[0].script'], severity: 'warning' },
  { rule: 'tekton/task-declared-variables', name: '$(params["y"][0]) of an undeclared param (Tekton\'s regex does not match it)', obj: task({ steps: [{ name: 'a', image: 'i', args: ['$(params["y"][0])'] }] }), bad: ['spec.steps[0].args[0]'], severity: 'warning' },
  { rule: 'tekton/task-declared-variables', name: 'a pipeline task\'s param, propagated into its taskSpec in a PipelineRun', obj: run({ pipelineSpec: { tasks: [{ name: 't', params: [{ name: 'p', value: 'v' }], taskSpec: { steps: [{ name: 'a', image: 'i', script: 'echo $(params.p)' }] } }] } }) },
  { rule: 'tekton/task-declared-variables', name: 'a param no one declares, in a PipelineRun\'s inline task', obj: run({ params: [{ name: 'r', value: 'v' }], pipelineSpec: { tasks: [{ name: 't', taskSpec: { steps: [{ name: 'a', image: 'i', script: 'echo $(params.r) $(params.zz)' }] } }] } }), bad: ['spec.pipelineSpec.tasks[0].taskSpec.steps[0].script'] },
  { rule: 'tekton/task-declared-variables', name: 'another task\'s param, or an undeclared one in a finally task, in a PipelineRun (admitted, not substituted)', obj: run({ pipelineSpec: { tasks: [{ name: 't', params: [{ name: 'p', value: 'v' }], taskSpec: { steps: [{ name: 'a', image: 'i' }] } }, { name: 'u', taskSpec: { steps: [{ name: 'a', image: 'i', script: 'echo $(params.p)' }] } }], finally: [{ name: 'f', taskSpec: { steps: [{ name: 'a', image: 'i', script: 'echo $(params.zz)' }] } }] } }), bad: ['spec.pipelineSpec.tasks[1].taskSpec.steps[0].script', 'spec.pipelineSpec.finally[0].taskSpec.steps[0].script'], severity: 'warning' },
  { rule: 'tekton/task-declared-variables', name: 'a param of another task in a Pipeline\'s taskSpec', obj: pipeline({ tasks: [{ name: 't', params: [{ name: 'p', value: 'v' }], taskSpec: { steps: [{ name: 'a', image: 'i', script: 'echo $(params.p)' }] } }] }), bad: ['spec.tasks[0].taskSpec.steps[0].script'] },

  // param references that fit the param's type (Tekton task_validation.go validateArrayUsage / validateObjectUsage)
  ...(() => {
    const params = [{ name: 's' }, { name: 'a', type: 'array' }, { name: 'o', type: 'object', properties: { k: { type: 'string' } } }];
    const steps = (s: Record<string, unknown>) => task({ params, steps: [{ name: 'x', image: 'i', ...s }] });
    const r = 'tekton/task-declared-variables';
    const cases: RuleCase[] = [
      { rule: r, name: 'array items, a whole array alone in args, declared object keys', obj: steps({ args: ['$(params.a[*])', '$(params.a)', '--n=$(params.a[0])'], script: 'echo $(params.a[1]) $(params.o.k) $(params["s"])' }) },
      { rule: r, name: 'a whole array in a script', obj: steps({ script: 'echo $(params.a[*])' }), bad: ['spec.steps[0].script'] },
      { rule: r, name: 'a whole array inside an arg', obj: steps({ args: ['--x=$(params.a)'] }), bad: ['spec.steps[0].args[0]'] },
      { rule: r, name: 'a key of an array param', obj: steps({ workingDir: '$(params.a.k)' }), bad: ['spec.steps[0].workingDir'] },
      { rule: r, name: 'an undeclared key of an object param', obj: steps({ script: 'echo $(params.o.zz)' }), bad: ['spec.steps[0].script'] },
      { rule: r, name: 'a whole object, even alone in an arg', obj: steps({ args: ['$(params.o[*])'], env: [{ name: 'E', value: '$(params.o)' }] }), bad: ['spec.steps[0].args[0]', 'spec.steps[0].env[0].value'] },
      { rule: r, name: 'three dot-separated components', obj: steps({ image: 'i:$(params.s.a.b)' }), bad: ['spec.steps[0].image'] },
      { rule: r, name: 'a key, item or [*] of a string param (admitted, left as written)', obj: steps({ args: ['$(params.s[*])'], script: 'echo $(params.s.k) $(params.s[0])' }), bad: ['spec.steps[0].args[0]', 'spec.steps[0].script'], severity: 'warning' },
      { rule: r, name: 'an item of an object param (admitted, left as written)', obj: steps({ script: 'echo $(params.o[0])' }), bad: ['spec.steps[0].script'], severity: 'warning' },
      { rule: r, name: 'a whole array in a sidecar (not checked by Tekton)', obj: task({ params, steps: [{ name: 'x', image: 'i' }], sidecars: [{ name: 'c', image: 'i', script: '$(params.a[*])' }] }), bad: ['spec.sidecars[0].script'], severity: 'warning' },
    ];
    const pt = (t: Record<string, unknown>) => pipeline({ params, tasks: [{ name: 't', taskRef: { name: 'x' }, ...t }] });
    const q = 'tekton/pipeline-declared-params';
    cases.push(
      { rule: q, name: 'whole arrays and objects passed on, items and declared keys', obj: pt({ params: [{ name: 'a', value: '$(params.a[*])' }, { name: 'o', value: '$(params.o[*])' }, { name: 'l', value: ['$(params.a[*])', '$(params.a[0])', '$(params.o.k)'] }, { name: 'x', value: 'v-$(params.a[0])-$(params.o.k)' }], when: [{ input: '$(params.s)', operator: 'in', values: ['$(params.a[*])'] }] }) },
      { rule: q, name: 'a bare array as a string value', obj: pt({ params: [{ name: 'x', value: '$(params.a)' }] }), bad: ['spec.tasks[0].params[0].value'] },
      { rule: q, name: 'a whole array inside a string value', obj: pt({ params: [{ name: 'x', value: '--x=$(params.a[*])' }] }), bad: ['spec.tasks[0].params[0].value'] },
      { rule: q, name: 'a whole array inside an array item', obj: pt({ params: [{ name: 'x', value: ['--x=$(params.a[*])'] }] }), bad: ['spec.tasks[0].params[0].value[0]'] },
      { rule: q, name: 'a whole object inside a string value or an array item', obj: pt({ params: [{ name: 'x', value: 'v=$(params.o[*])' }, { name: 'y', value: ['$(params.o[*])'] }] }), bad: ['spec.tasks[0].params[0].value', 'spec.tasks[0].params[1].value[0]'] },
      { rule: q, name: 'an undeclared key of an object param', obj: pt({ params: [{ name: 'x', value: '$(params.o.zz)' }] }), bad: ['spec.tasks[0].params[0].value'] },
      { rule: q, name: 'a bare array as a when value or input', obj: pt({ when: [{ input: '$(params.a[*])', operator: 'in', values: ['$(params.a)'] }] }), bad: ['spec.tasks[0].when[0].input', 'spec.tasks[0].when[0].values[0]'] },
      { rule: q, name: 'a key or [*] of a string param (admitted, left as written)', obj: pt({ params: [{ name: 'x', value: '$(params.s[*])' }, { name: 'y', value: '$(params.s.k)' }] }), bad: ['spec.tasks[0].params[0].value', 'spec.tasks[0].params[1].value'], severity: 'warning' },
      { rule: q, name: 'a bad shape in a PipelineRun\'s pipelineSpec (not checked by Tekton there)', obj: run({ pipelineSpec: { params, tasks: [{ name: 't', taskRef: { name: 'x' }, params: [{ name: 'x', value: '$(params.o.zz)' }] }] } }), bad: ['spec.pipelineSpec.tasks[0].params[0].value'], severity: 'warning' },
    );
    return cases;
  })(),

  { rule: 'tekton/pipeline-task-names', name: 'distinct tasks', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }, { name: 'b', taskRef: { name: 't' } }] }) },
  { rule: 'tekton/pipeline-task-names', name: 'a repeated task', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }, { name: 'a', taskRef: { name: 't' } }] }), bad: ['spec.tasks[1].name'] },

  { rule: 'tekton/pipeline-declared-params', name: 'a declared pipeline param', obj: pipeline({ params: [{ name: 'url' }], tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.url)' }] }] }) },
  { rule: 'tekton/pipeline-declared-params', name: 'an undeclared pipeline param', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.url)' }] }] }), bad: ['spec.tasks[0].params[0].value'] },
  { rule: 'tekton/pipeline-declared-params', name: 'an undeclared param in a finally task\'s when', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }], finally: [{ name: 'f', taskRef: { name: 't' }, when: [{ input: '$(params.url)', operator: 'in', values: ['x'] }] }] }), bad: ['spec.finally[0].when[0].input'] },
  { rule: 'tekton/pipeline-declared-params', name: 'an undeclared param in a workspace subPath, or read as $(params["x"][0]) (not checked by Tekton)', obj: pipeline({ workspaces: [{ name: 'w' }], tasks: [{ name: 'a', taskRef: { name: 't' }, workspaces: [{ name: 'src', workspace: 'w', subPath: '$(params.dir)' }], params: [{ name: 'u', value: '$(params["url"][0])' }] }] }), bad: ['spec.tasks[0].workspaces[0].subPath', 'spec.tasks[0].params[0].value'], severity: 'warning' },
  { rule: 'tekton/pipeline-declared-params', name: '$(params["o"]["k"]) in a pipeline task param', obj: pipeline({ params: [{ name: 'o', type: 'object', properties: { k: { type: 'string' } } }], tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params["o"]["k"])' }] }] }), bad: ['spec.tasks[0].params[0].value'] },
  { rule: 'tekton/pipeline-declared-params', name: 'a param no one declares in a PipelineRun\'s inline task', obj: run({ params: [{ name: 'r', value: 'v' }], pipelineSpec: { tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.r)-$(params.zz)' }] }] } }), bad: ['spec.pipelineSpec.tasks[0].params[0].value'] },
  { rule: 'tekton/pipeline-declared-params', name: 'a task param name, or an undeclared param in a finally task, in a PipelineRun (admitted, not substituted)', obj: run({ pipelineSpec: { tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'p', value: 'v' }] }, { name: 'b', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.p)' }] }], finally: [{ name: 'f', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.zz)' }] }] } }), bad: ['spec.pipelineSpec.tasks[1].params[0].value', 'spec.pipelineSpec.finally[0].params[0].value'], severity: 'warning' },

  { rule: 'tekton/workspace-bindings', name: 'a declared workspace', obj: pipeline({ workspaces: [{ name: 'w' }], tasks: [{ name: 'a', taskRef: { name: 't' }, workspaces: [{ name: 'src', workspace: 'w' }] }] }) },
  { rule: 'tekton/workspace-bindings', name: 'an undeclared workspace', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, workspaces: [{ name: 'src', workspace: 'nope' }] }] }), bad: ['spec.tasks[0].workspaces[0].workspace'] },

  { rule: 'tekton/run-workspace-source', name: 'one source', obj: run({ pipelineRef: { name: 'p' }, workspaces: [{ name: 'w', emptyDir: {} }] }) },
  { rule: 'tekton/run-workspace-source', name: 'two sources', obj: run({ pipelineRef: { name: 'p' }, workspaces: [{ name: 'w', emptyDir: {}, secret: { secretName: 's' } }] }), bad: ['spec.workspaces[0]'] },
];
