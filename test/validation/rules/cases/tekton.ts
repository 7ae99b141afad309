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

  { rule: 'tekton/pipeline-task-names', name: 'distinct tasks', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }, { name: 'b', taskRef: { name: 't' } }] }) },
  { rule: 'tekton/pipeline-task-names', name: 'a repeated task', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' } }, { name: 'a', taskRef: { name: 't' } }] }), bad: ['spec.tasks[1].name'] },

  { rule: 'tekton/pipeline-declared-params', name: 'a declared pipeline param', obj: pipeline({ params: [{ name: 'url' }], tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.url)' }] }] }) },
  { rule: 'tekton/pipeline-declared-params', name: 'an undeclared pipeline param', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, params: [{ name: 'u', value: '$(params.url)' }] }] }), bad: ['spec.tasks[0].params[0].value'] },

  { rule: 'tekton/workspace-bindings', name: 'a declared workspace', obj: pipeline({ workspaces: [{ name: 'w' }], tasks: [{ name: 'a', taskRef: { name: 't' }, workspaces: [{ name: 'src', workspace: 'w' }] }] }) },
  { rule: 'tekton/workspace-bindings', name: 'an undeclared workspace', obj: pipeline({ tasks: [{ name: 'a', taskRef: { name: 't' }, workspaces: [{ name: 'src', workspace: 'nope' }] }] }), bad: ['spec.tasks[0].workspaces[0].workspace'] },

  { rule: 'tekton/run-workspace-source', name: 'one source', obj: run({ pipelineRef: { name: 'p' }, workspaces: [{ name: 'w', emptyDir: {} }] }) },
  { rule: 'tekton/run-workspace-source', name: 'two sources', obj: run({ pipelineRef: { name: 'p' }, workspaces: [{ name: 'w', emptyDir: {}, secret: { secretName: 's' } }] }), bad: ['spec.workspaces[0]'] },
];
