import { Chart, Duration, Testing } from 'cdk8s';
import { ParamType, ParamValue, Pipeline, Task, When } from '../../src/builds';
import { deferredWarningsOf } from '../../src/core/warnings';
import { messageOf } from '../core/thrown';

function fixture() {
  const chart = Testing.chart();
  const clone = new Task(chart, 'Clone', {
    metadata: { name: 'clone' },
    parameters: [{ name: 'url' }, { name: 'depth', defaultValue: ParamValue.fromString('1') }],
    workspaces: [{ name: 'output' }, { name: 'ssh', optional: true }],
    results: [{ name: 'commit' }],
    steps: [{ name: 'clone', image: 'docker.io/alpine/git:2.45.2', script: 'git clone $(params.url) $(workspaces.output.path) --depth $(params.depth) && git rev-parse HEAD > $(results.commit.path)' }],
  });
  const build = new Task(chart, 'Build', {
    metadata: { name: 'build' },
    parameters: [{ name: 'IMAGE' }, { name: 'REVISION', defaultValue: ParamValue.fromString('') }, { name: 'ARGS', paramType: ParamType.ARRAY, defaultValue: ParamValue.fromArray([]) }],
    workspaces: [{ name: 'source' }],
    results: [{ name: 'IMAGE_DIGEST' }],
    steps: [{ name: 'build', image: 'docker.io/library/alpine:3.20', args: ['$(params.ARGS[*])'], script: 'echo $(params.IMAGE) $(params.REVISION) > $(results.IMAGE_DIGEST.path)' }],
  });
  const pipeline = new Pipeline(chart, 'Pipeline', {
    metadata: { name: 'ci' },
    parameters: [{ name: 'repo' }, { name: 'image' }, { name: 'extra', paramType: ParamType.ARRAY, defaultValue: ParamValue.fromArray([]) }],
    workspaces: [{ name: 'shared' }],
  });
  return { chart, clone, build, pipeline };
}

describe('Pipeline', () => {
  test('$(params["x"][0]) of an undeclared param: Tekton\'s regex does not match it, so a warning; $(params["o"]["k"]) is rejected', () => {
    const { chart, clone, pipeline } = fixture();
    pipeline.addTask({ name: 'fetch', task: clone, parameters: { url: ParamValue.fromString('$(params["nope"][0])') }, workspaces: { output: 'shared' } });
    expect(() => pipeline.addTask({ name: 'again', task: clone, parameters: { url: ParamValue.fromString('$(params["repo"]["k"])') }, workspaces: { output: 'shared' } }))
      .toThrow(/Pipeline param "repo"\]\["k" is not declared/);
    Testing.synth(chart);
    expect(deferredWarningsOf(pipeline)).toEqual([
      'tasks[0].parameters.url: $(params["nope"][0]): Pipeline param "nope" is not declared; declared params: repo, image, extra (Tekton does not check this reference at admission; it is left as written)',
    ]);
  });

  test('synthesizes tasks with runAfter, params passed through, workspace bindings and results', () => {
    const { chart, clone, build, pipeline } = fixture();
    const cloned = pipeline.addTask({ name: 'fetch', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    const built = pipeline.addTask({
      name: 'image',
      task: build,
      runAfter: [cloned],
      parameters: { IMAGE: ParamValue.fromParam('image'), REVISION: cloned.result('commit'), ARGS: ParamValue.fromArrayParam('extra') },
      workspaces: { source: 'shared' },
      retries: 2,
      timeout: Duration.minutes(20),
    });
    pipeline.addResult({ name: 'digest', description: 'Digest.', value: built.resultExpression('IMAGE_DIGEST') });
    const manifests = Testing.synth(chart);
    expect(manifests.find(m => m.kind === 'Pipeline')).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: 'ci' },
      spec: {
        params: [
          { name: 'repo', type: 'string' },
          { name: 'image', type: 'string' },
          { name: 'extra', type: 'array', default: [] },
        ],
        workspaces: [{ name: 'shared' }],
        results: [{ name: 'digest', description: 'Digest.', value: '$(tasks.image.results.IMAGE_DIGEST)' }],
        tasks: [
          {
            name: 'fetch',
            taskRef: { kind: 'Task', name: 'clone' },
            params: [{ name: 'url', value: '$(params.repo)' }],
            workspaces: [{ name: 'output', workspace: 'shared' }],
          },
          {
            name: 'image',
            taskRef: { kind: 'Task', name: 'build' },
            runAfter: ['fetch'],
            params: [
              { name: 'IMAGE', value: '$(params.image)' },
              { name: 'REVISION', value: '$(tasks.fetch.results.commit)' },
              { name: 'ARGS', value: ['$(params.extra[*])'] },
            ],
            workspaces: [{ name: 'source', workspace: 'shared' }],
            retries: 2,
            timeout: '1200s',
          },
        ],
      },
    });
    expect(pipeline.tasks.map(t => t.name)).toEqual(['fetch', 'image']);
  });

  test('synthesizes when expressions and finally tasks that read task status and results', () => {
    const { chart, clone, pipeline } = fixture();
    const notify = new Task(chart, 'Notify', {
      metadata: { name: 'notify' },
      parameters: [{ name: 'status' }, { name: 'commit' }],
      steps: [{ name: 'notify', image: 'docker.io/library/alpine:3.20', script: 'echo $(params.status) $(params.commit)' }],
    });
    const cloned = pipeline.addTask({
      name: 'fetch',
      task: clone,
      parameters: { url: ParamValue.fromParam('repo') },
      workspaces: { output: 'shared' },
      when: [When.isNotIn('$(params.image)', ['']), When.cel("'$(params.repo)'.startsWith('https://')")],
    });
    const fin = pipeline.addFinally({
      name: 'notify',
      task: notify,
      parameters: { status: ParamValue.fromString('$(tasks.fetch.status)'), commit: cloned.result('commit') },
      when: [When.isIn('$(tasks.fetch.status)', ['Succeeded', 'Failed'])],
    });
    expect(fin.isFinally).toBe(true);
    expect(pipeline.finallyTasks).toEqual([fin]);
    const spec = Testing.synth(chart).find(m => m.kind === 'Pipeline')!.spec;
    expect(spec.tasks[0].when).toEqual([
      { input: '$(params.image)', operator: 'notin', values: [''] },
      { cel: "'$(params.repo)'.startsWith('https://')" },
    ]);
    expect(spec.finally).toEqual([{
      name: 'notify',
      taskRef: { kind: 'Task', name: 'notify' },
      params: [{ name: 'status', value: '$(tasks.fetch.status)' }, { name: 'commit', value: '$(tasks.fetch.results.commit)' }],
      when: [{ input: '$(tasks.fetch.status)', operator: 'in', values: ['Succeeded', 'Failed'] }],
    }]);
  });

  test('fails when a finally task has runAfter, repeats a task name, or a task reads a finally task', () => {
    const { clone, pipeline } = fixture();
    const opts = { task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } };
    const cloned = pipeline.addTask({ name: 'fetch', ...opts });
    expect(() => pipeline.addFinally({ name: 'again', runAfter: [cloned], ...opts }))
      .toThrow(/finally\[0\]\.runAfter: \["fetch"\] is not allowed; finally tasks run after all tasks and take no runAfter/);
    expect(() => pipeline.addFinally({ name: 'fetch', ...opts }))
      .toThrow(/finally\[0\]\.name: "fetch" is not allowed; pipeline task names must be unique across tasks and finally/);
    pipeline.addFinally({ name: 'cleanup', ...opts });
    expect(() => pipeline.addTask({ name: 'late', ...opts, parameters: { url: ParamValue.fromString('$(tasks.cleanup.results.commit)') } }))
      .toThrow(/tasks\[1\]\.parameters\.url: "\$\(tasks\.cleanup\.results\.commit\)" is not allowed; "cleanup" is not another \(non-finally\) task/);
  });

  test('fails when a when expression refers to an undeclared param', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' }, when: [When.isIn('$(params.branch)', ['main'])] }))
      .toThrow(/tasks\[0\]\.when\[0\]\.input: "\$\(params\.branch\)" is not allowed; Pipeline param "branch" is not declared/);
  });

  test('a Task from outside the app is passed whatever params it gets', () => {
    const { chart, pipeline } = fixture();
    const external = Task.fromTaskName(chart, 'Hub', 'git-clone');
    pipeline.addTask({ name: 'fetch', task: external, parameters: { anything: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    const p = Testing.synth(chart).find(m => m.kind === 'Pipeline');
    expect(p!.spec.tasks[0].taskRef).toEqual({ kind: 'Task', name: 'git-clone' });
  });

  test('fails when a Task from outside the app is passed a param, or read for a result, its import options do not declare', () => {
    const { chart, build, pipeline } = fixture();
    const external = Task.fromTaskName(chart, 'Hub', 'git-clone', { parameters: [{ name: 'url' }], workspaces: [{ name: 'output' }], results: [{ name: 'commit' }] });
    expect(() => pipeline.addTask({ name: 'fetch', task: external, parameters: { anything: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } }))
      .toThrow(/tasks\[0\]\.parameters\.anything: "\$\(params\.repo\)" is not allowed; Task "git-clone" declares no param "anything"; it declares: url/);
    const fetch = pipeline.addTask({ name: 'fetch', task: external, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    expect(() => pipeline.addTask({ name: 'image', task: build, parameters: { IMAGE: fetch.result('sha') }, workspaces: { source: 'shared' } }))
      .toThrow(/tasks\[1\]\.parameters\.IMAGE: "\$\(tasks\.fetch\.results\.sha\)" is not allowed; Task "git-clone" declares no result "sha"; it declares: commit/);
    expect(() => pipeline.addTask({ name: 'image', task: build, parameters: { IMAGE: fetch.result('commit') }, workspaces: { source: 'shared' } })).not.toThrow();
  });

  test('fails when task names repeat', () => {
    const { clone, pipeline } = fixture();
    const opts = { task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } };
    pipeline.addTask({ name: 'fetch', ...opts });
    expect(() => pipeline.addTask({ name: 'fetch', ...opts }))
      .toThrow(/\[test\/Pipeline\] tasks\[1\]\.name: "fetch" is not allowed; pipeline task names must be unique across tasks and finally/);
  });

  test('fails when a task name is not a DNS label', () => {
    const { clone, pipeline } = fixture();
    expect(messageOf(() => pipeline.addTask({ name: 'Fetch', task: clone })))
      .toBe('[test/Pipeline] tasks[0].name: "Fetch" is not allowed; must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit');
    expect(messageOf(() => pipeline.addFinally({ name: 'x'.repeat(64), task: clone })))
      .toBe(`[test/Pipeline] finally[0].name: "${'x'.repeat(64)}" is not allowed; must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit`);
  });

  test('fails when a task gets a param its Task does not declare, or of the wrong type', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('repo'), URL: ParamValue.fromString('x') }, workspaces: { output: 'shared' } }))
      .toThrow(/tasks\[0\]\.parameters\.URL: "x" is not allowed; Task "clone" declares no param "URL"; it declares: url, depth/);
    expect(() => pipeline.addTask({ name: 'b', task: clone, parameters: { url: ParamValue.fromArray(['x']) }, workspaces: { output: 'shared' } }))
      .toThrow(/tasks\[0\]\.parameters\.url: \["x"\] is not allowed; param "url" of Task "clone" is of type string/);
  });

  test('fails when a required param of the Task is not given', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, workspaces: { output: 'shared' } }))
      .toThrow(/tasks\[0\]\.parameters: \[\] is not allowed; param "url" of Task "clone" has no default and must be given/);
  });

  test('fails when a param value refers to an undeclared Pipeline param', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('git-url') }, workspaces: { output: 'shared' } }))
      .toThrow(/\[test\/Pipeline\] tasks\[0\]\.parameters\.url: "\$\(params\.git-url\)" is not allowed; Pipeline param "git-url" is not declared; declared params: repo, image, extra/);
  });

  test('a rejected addTask leaves the Pipeline as it was: the same name can be added again, correctly', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('git-url') }, workspaces: { output: 'shared' } }))
      .toThrow(/Pipeline param "git-url" is not declared/);
    pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    const spec = (Testing.synth(pipeline.node.scope as Chart).find(o => o.kind === 'Pipeline') as any).spec;
    expect(spec.tasks.map((t: any) => t.name)).toEqual(['a']);
  });

  test('fails when a param value reads an array or object param in a shape Tekton rejects', () => {
    const withCfg = () => {
      const f = fixture();
      f.pipeline.addParam({ name: 'cfg', paramType: ParamType.OBJECT, properties: ['url'] });
      return { ...f, pipeline: f.pipeline, opts: { task: f.clone, workspaces: { output: 'shared' } } };
    };
    let { pipeline, opts } = withCfg();
    expect(() => pipeline.addTask({ name: 'a', ...opts, parameters: { url: ParamValue.fromParam('extra') } }))
      .toThrow(/tasks\[0\]\.parameters\.url: "\$\(params\.extra\)" is not allowed; a whole array param may only stand alone/);
    ({ pipeline, opts } = withCfg());
    expect(() => pipeline.addTask({ name: 'b', ...opts, parameters: { url: ParamValue.fromString('--x=$(params.extra[*])') } }))
      .toThrow(/tasks\[0\]\.parameters\.url: "\$\(params\.extra\[\*\]\)" is not allowed; a whole array param/);
    ({ pipeline, opts } = withCfg());
    expect(() => pipeline.addTask({ name: 'c', ...opts, parameters: { url: ParamValue.fromString('$(params.cfg.zz)') } }))
      .toThrow(/tasks\[0\]\.parameters\.url: "\$\(params\.cfg\.zz\)" is not allowed; object param "cfg" declares no key "zz"; its keys: url/);
    ({ pipeline, opts } = withCfg());
    expect(() => pipeline.addTask({ name: 'd', ...opts, parameters: { url: ParamValue.fromString('$(params.cfg)') } }))
      .toThrow(/"\$\(params\.cfg\)" is not allowed; a whole object param may only be passed on as the entire value of a pipeline task param/);
    ({ pipeline, opts } = withCfg());
    expect(() => pipeline.addTask({ name: 'e', ...opts, parameters: { url: ParamValue.fromParam('repo') }, when: [When.isIn('$(params.extra)', ['x'])] }))
      .toThrow(/tasks\[0\]\.when\[0\]\.input: "\$\(params\.extra\)" is not allowed; a whole array param/);
    // what Tekton takes: an item, a declared key, a whole array as a when value, a whole object passed on
    const { chart } = ({ pipeline, opts } = withCfg());
    const obj = new Task(chart, 'Obj', { metadata: { name: 'obj' }, parameters: [{ name: 'o', paramType: ParamType.OBJECT, properties: ['url'] }], steps: [{ name: 's', image: 'alpine', script: 'echo $(params.o.url)' }] });
    pipeline.addTask({ name: 'f', ...opts, parameters: { url: ParamValue.fromString('$(params.extra[0]) $(params.cfg.url)') }, when: [When.isIn('$(params.repo)', ['$(params.extra[*])'])] });
    pipeline.addTask({ name: 'g', task: obj, parameters: { o: ParamValue.fromObjectParam('cfg') } });
    const p = Testing.synth(chart).find(m => m.kind === 'Pipeline');
    expect(p!.spec.tasks[1].params).toEqual([{ name: 'o', value: '$(params.cfg[*])' }]);
  });

  test('fails when a workspace binding names an undeclared Pipeline workspace', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'source' } }))
      .toThrow(/tasks\[0\]\.workspaces\.output: "source" is not allowed; Pipeline workspace "source" is not declared; declared workspaces: shared/);
  });

  test('fails when a binding names a workspace the Task does not declare, or a required one is unbound', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared', source: 'shared' } }))
      .toThrow(/tasks\[0\]\.workspaces\.source: "source" is not allowed; Task "clone" declares no workspace "source"; it declares: output, ssh/);
    expect(() => pipeline.addTask({ name: 'b', task: clone, parameters: { url: ParamValue.fromParam('repo') } }))
      .toThrow(/tasks\[0\]\.workspaces: \[\] is not allowed; workspace "output" of Task "clone" is not optional and must be bound/);
  });

  test('fails when a task reads a result its Task does not declare', () => {
    const { clone, build, pipeline } = fixture();
    const cloned = pipeline.addTask({ name: 'fetch', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    expect(() => pipeline.addTask({ name: 'image', task: build, parameters: { IMAGE: cloned.result('sha') }, workspaces: { source: 'shared' } }))
      .toThrow(/tasks\[1\]\.parameters\.IMAGE: "\$\(tasks\.fetch\.results\.sha\)" is not allowed; Task "clone" declares no result "sha"; it declares: commit/);
  });

  test('fails when a task reads results of a task not in the Pipeline', () => {
    const { build, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'image', task: build, parameters: { IMAGE: ParamValue.fromString('$(tasks.fetch.results.commit)') }, workspaces: { source: 'shared' } }))
      .toThrow(/"\$\(tasks\.fetch\.results\.commit\)" is not allowed; "fetch" is not another \(non-finally\) task of this Pipeline/);
  });

  test('fails when runAfter names a task of another Pipeline', () => {
    const { chart, clone, pipeline } = fixture();
    const other = new Pipeline(chart, 'Other', { parameters: [{ name: 'repo' }], workspaces: [{ name: 'shared' }] });
    const foreign = other.addTask({ name: 'fetch', task: clone, parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } });
    expect(() => pipeline.addTask({ name: 'a', task: clone, runAfter: [foreign], parameters: { url: ParamValue.fromParam('repo') }, workspaces: { output: 'shared' } }))
      .toThrow(/tasks\[0\]\.runAfter\[0\]: "fetch" is not allowed; runAfter may only name tasks of the same Pipeline/);
  });

  test('fails when a Pipeline workspace sets mountPath or readOnly', () => {
    expect(() => new Pipeline(Testing.chart(), 'P', { workspaces: [{ name: 'w', mountPath: '/w' }] }))
      .toThrow(/\[test\/P\] workspaces\[0\]: \{"name":"w","mountPath":"\/w"\} is not allowed; mountPath and readOnly belong to a Task's workspaces/);
  });

  test('fails when retries is negative', () => {
    const { clone, pipeline } = fixture();
    expect(() => pipeline.addTask({ name: 'a', task: clone, retries: -1 })).toThrow(/tasks\[0\]\.retries: -1 is not allowed; must be an integer 0 or more/);
  });

  test('fails at synth when a result refers to an unknown task, or there is no task', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const pipeline = new Pipeline(chart, 'P');
    pipeline.addResult({ name: 'digest', value: '$(tasks.build.results.IMAGE_DIGEST)' });
    expect(() => app.synth()).toThrow(/\[c\/P\] tasks: \[\] is not allowed; a Pipeline needs at least one task[\s\S]*\[c\/P\] results\[0\]\.value: "\$\(tasks\.build\.results\.IMAGE_DIGEST\)" is not allowed; "build" is not another \(non-finally\) task/);
  });

  // found by test/property/build-pipeline.test.ts
  test('fails when a (non-finally) task reads another task\'s $(tasks.<name>.status)', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'T', { parameters: [{ name: 's', defaultValue: ParamValue.fromString('') }], steps: [{ name: 'a', image: 'alpine' }] });
    const pipeline = new Pipeline(chart, 'P');
    const a = pipeline.addTask({ name: 'a', task });
    expect(() => pipeline.addTask({ name: 'b', task, parameters: { s: ParamValue.fromString(`$(tasks.${a.name}.status)`) } }))
      .toThrow(/tasks\[1\]\.parameters\.s: .*only finally tasks may read the execution status/);
    expect(() => pipeline.addFinally({ name: 'c', task, parameters: { s: ParamValue.fromString(`$(tasks.${a.name}.status)`) } })).not.toThrow();
  });

  test('fails when a task timeout is a fraction of a millisecond, and writes milliseconds otherwise', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'T', { steps: [{ name: 'a', image: 'alpine' }] });
    const pipeline = new Pipeline(chart, 'P', { metadata: { name: 'p' } });
    expect(() => pipeline.addTask({ name: 'a', task, timeout: Duration.millis(0.5) })).toThrow(/tasks\[0\]\.timeout: /);
    pipeline.addTask({ name: 'b', task, timeout: Duration.millis(2500) });
    const spec = Testing.synth(chart).find(o => o.kind === 'Pipeline')!.spec;
    expect(spec.tasks[0].timeout).toBe('2500ms');
  });
});
