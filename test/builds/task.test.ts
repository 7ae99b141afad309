import { Chart, Duration, Testing } from 'cdk8s';
import { ConfigMap, EnvValue } from 'cdk8s-plus-27';
import { OnError, ParamType, ParamValue, Task } from '../../src/builds';
import { KnativePropError } from '../../src/core';
import { deferredWarningsOf } from '../../src/core/warnings';
import { messageOf } from '../core/thrown';

function step(name: string, script = 'echo hi') {
  return { name, image: 'docker.io/library/alpine:3.20', script };
}

describe('Task', () => {
  test('synthesizes params, workspaces, results, steps and volumes', () => {
    const chart = Testing.chart();
    new Task(chart, 'Lint', {
      metadata: { name: 'lint' },
      description: 'Lints the source.',
      parameters: [
        { name: 'path', description: 'What to lint.', defaultValue: ParamValue.fromString('.') },
        { name: 'flags', paramType: ParamType.ARRAY, defaultValue: ParamValue.fromArray(['--strict']) },
        { name: 'opts', paramType: ParamType.OBJECT, properties: ['level'], defaultValue: ParamValue.fromObject({ level: 'warn' }) },
        { name: 'mode', allowedValues: ['fast', 'full'], defaultValue: ParamValue.fromString('fast') },
      ],
      workspaces: [{ name: 'source', mountPath: '/src', readOnly: true }, { name: 'cache', optional: true }],
      results: [{ name: 'report', description: 'Where the report is.' }],
      scratchVolumes: ['tmp'],
      steps: [{
        name: 'lint',
        image: 'docker.io/library/node:20',
        workingDir: '$(workspaces.source.path)',
        command: ['npx', 'eslint'],
        args: ['$(params.flags[*])', '$(params.path)', '--level=$(params.opts.level)', '--mode=$(params["mode"])'],
        env: { CI: EnvValue.fromValue('true') },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        securityContext: { runAsNonRoot: true, runAsUser: 1000 },
        onError: OnError.CONTINUE,
        timeout: Duration.minutes(5),
      }, step('report', 'echo done > $(results.report.path)')],
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'tekton.dev/v1',
      kind: 'Task',
      metadata: { name: 'lint' },
      spec: {
        description: 'Lints the source.',
        params: [
          { name: 'path', type: 'string', description: 'What to lint.', default: '.' },
          { name: 'flags', type: 'array', default: ['--strict'] },
          { name: 'opts', type: 'object', properties: { level: { type: 'string' } }, default: { level: 'warn' } },
          { name: 'mode', type: 'string', enum: ['fast', 'full'], default: 'fast' },
        ],
        workspaces: [{ name: 'source', mountPath: '/src', readOnly: true }, { name: 'cache', optional: true }],
        results: [{ name: 'report', type: 'string', description: 'Where the report is.' }],
        steps: [
          {
            name: 'lint',
            image: 'docker.io/library/node:20',
            workingDir: '$(workspaces.source.path)',
            command: ['npx', 'eslint'],
            args: ['$(params.flags[*])', '$(params.path)', '--level=$(params.opts.level)', '--mode=$(params["mode"])'],
            env: [{ name: 'CI', value: 'true' }],
            volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            securityContext: { runAsNonRoot: true, runAsUser: 1000 },
            onError: 'continue',
            timeout: '300s',
          },
          { name: 'report', image: 'docker.io/library/alpine:3.20', script: 'echo done > $(results.report.path)' },
        ],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      },
    }]);
  });

  test('addStep and addParam change the Task until synth', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'T');
    task.addStep(step('a', 'echo $(params.x)'));
    task.addParam({ name: 'x' });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.params).toEqual([{ name: 'x', type: 'string' }]);
    expect(manifest.spec.steps.map((s: any) => s.name)).toEqual(['a']);
    expect(task.stepNames).toEqual(['a']);
  });

  test('fails when step names repeat', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { steps: [step('build'), step('build')] }))
      .toThrow(/\[test\/T\] steps\[1\]\.name: "build" is not allowed; step names must be unique/);
  });

  test('fails when a step name is not a DNS label', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { steps: [step('Build_It')] })).toThrow(/\[test\/T\] steps\[0\]\.name: "Build_It" is not allowed; must be a DNS-1123 label: at most 63 characters/);
  });

  test('fails when a step name is longer than 63 characters', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { steps: [step('a'.repeat(63)), step('b'.repeat(64))] }))
      .toThrow(/\[test\/T\] steps\[1\]\.name: "b{64}" is not allowed; must be a DNS-1123 label: at most 63 characters/);
  });

  test('fails when a step has script and command', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { steps: [{ ...step('a'), command: ['sh'] }] }))
      .toThrow(/steps\[0\]\.script: "echo hi" is not allowed; a step takes either script or command, not both/);
  });

  test('fails when a step has no image', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { steps: [{ name: 'a', image: ' ' }] })).toThrow(/steps\[0\]\.image: " " is not allowed; every step needs an image/);
  });

  test('fails when a step uses an undeclared param', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { parameters: [{ name: 'url' }], steps: [step('a', 'git clone $(params.repo)')] }))
      .toThrow(/\[test\/T\] steps\[0\]\.script: "\$\(params\.repo\)" is not allowed; param "repo" is not declared; declared params: url/);
  });

  test('fails when a step script uses an undeclared result (Tekton checks results in scripts only)', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'R', { results: [{ name: 'digest' }], steps: [step('a', 'echo > $(results.DIGEST.path)')] }))
      .toThrow(/steps\[0\]\.script: "\$\(results\.DIGEST\.path\)" is not allowed; result "DIGEST" is not declared; declared results: digest/);
  });

  test('warns for an undeclared workspace anywhere, and an undeclared result outside a script (admitted by Tekton, left as written)', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'W', {
      results: [{ name: 'digest' }],
      steps: [
        { ...step('a'), workingDir: '$(workspaces.src.path)', args: ['$(results.out.path)'] },
        step('b', 'echo > $(results["other"].path)'),
      ],
    });
    Testing.synth(chart);
    expect(deferredWarningsOf(task)).toEqual([
      'steps[0].workingDir: $(workspaces.src.path): workspace "src" is not declared; declared workspaces: (none) (Tekton does not check this at admission; the reference is left as written)',
      'steps[0].args[0]: $(results.out.path): result "out" is not declared; declared results: digest (Tekton does not check this here at admission; the reference is left as written)',
      'steps[1].script: $(results["other"].path): result "other" is not declared; declared results: digest (Tekton does not check this here at admission; the reference is left as written)',
    ]);
  });

  test('fails when an array param is read whole outside args/command, or an object param whole', () => {
    const chart = Testing.chart();
    const params = [{ name: 'list', paramType: ParamType.ARRAY }, { name: 'one' }, { name: 'obj', paramType: ParamType.OBJECT, properties: ['k'] }];
    expect(() => new Task(chart, 'A', { parameters: params, steps: [step('a', 'echo $(params.list[*])')] }))
      .toThrow(/steps\[0\]\.script: "\$\(params\.list\[\*\]\)" is not allowed; a whole array param may only stand alone in an item of args or command/);
    expect(() => new Task(chart, 'B', { parameters: params, steps: [{ ...step('a'), args: ['--x=$(params.list)'] }] }))
      .toThrow(/steps\[0\]\.args\[0\]: "\$\(params\.list\)" is not allowed; a whole array param/);
    expect(() => new Task(chart, 'D', { parameters: params, steps: [step('a', 'echo $(params.obj)')] }))
      .toThrow(/steps\[0\]\.script: "\$\(params\.obj\)" is not allowed; a whole object param may only be passed on as the entire value of a pipeline task param/);
    expect(() => new Task(chart, 'F', { parameters: params, steps: [{ ...step('a'), args: ['$(params.obj[*])'] }] }))
      .toThrow(/steps\[0\]\.args\[0\]: "\$\(params\.obj\[\*\]\)" is not allowed; a whole object param/);
    expect(() => new Task(chart, 'E', { parameters: params, steps: [{ ...step('a', 'echo $(params.list[0]) $(params.obj.k)'), args: ['$(params.list[*])', '$(params.list)'] }] })).not.toThrow();
  });

  test('fails when a key is read from an array param or an object param does not declare it, or a reference has three components', () => {
    const chart = Testing.chart();
    const params = [{ name: 'list', paramType: ParamType.ARRAY }, { name: 'one' }, { name: 'obj', paramType: ParamType.OBJECT, properties: ['k'] }];
    expect(() => new Task(chart, 'A', { parameters: params, steps: [step('a', 'echo $(params.list.k)')] }))
      .toThrow(/steps\[0\]\.script: "\$\(params\.list\.k\)" is not allowed; array param "list" has no keys/);
    expect(() => new Task(chart, 'B', { parameters: params, steps: [{ ...step('a'), env: { X: EnvValue.fromValue('$(params.obj.zz)') } }] }))
      .toThrow(/steps\[0\]\.env\[0\]\.value: "\$\(params\.obj\.zz\)" is not allowed; object param "obj" declares no key "zz"; its keys: k/);
    expect(() => new Task(chart, 'C', { parameters: params, steps: [{ ...step('a'), workingDir: '/w/$(params.one.a.b)' }] }))
      .toThrow(/steps\[0\]\.workingDir: "\$\(params\.one\.a\.b\)" is not allowed; the reference has more than two dot-separated components/);
  });

  test('warns for references Tekton admits but leaves as written', () => {
    const chart = Testing.chart();
    const params = [{ name: 'list', paramType: ParamType.ARRAY }, { name: 'one' }, { name: 'obj', paramType: ParamType.OBJECT, properties: ['k'] }];
    const task = new Task(chart, 'W', { parameters: params, steps: [{ ...step('a', 'echo $(params.one.k) $(params.one[0]) $(params.obj[0])'), args: ['$(params.one[*])', '$(params.list.k)'] }] });
    Testing.synth(chart);
    expect(deferredWarningsOf(task)).toEqual([
      'steps[0].args[0]: $(params.one[*]): param "one" is a string, with no keys or items; Tekton admits the reference but leaves it as written (only $(params.one) is substituted)',
      'steps[0].args[1]: $(params.list.k): array param "list" has no keys; Tekton admits the reference alone in an item but leaves it as written',
      'steps[0].script: $(params.one.k): param "one" is a string, with no keys or items; Tekton admits the reference but leaves it as written (only $(params.one) is substituted)',
      'steps[0].script: $(params.one[0]): param "one" is a string, with no keys or items; Tekton admits the reference but leaves it as written (only $(params.one) is substituted)',
      'steps[0].script: $(params.obj[0]): object param "obj" has no items; Tekton admits the reference but leaves it as written; read a key, $(params.obj.<key>)',
    ]);
  });

  test('undeclared params: rejected where Tekton checks them (step fields), warned elsewhere, read as Tekton\'s regex reads them', () => {
    const obj = [{ name: 'o', paramType: ParamType.OBJECT, properties: ['k'] }];
    // $(params["o"]["k"]) is one reference to a param named o"]["k (tektoncd/pipeline pkg/substitution)
    expect(() => new Task(Testing.chart(), 'A', { parameters: obj, steps: [step('a', 'echo $(params["o"]["k"])')] }))
      .toThrow(/steps\[0\]\.script: .* is not allowed; param "o"\]\["k" is not declared; declared params: o/);
    // env valueFrom is not a field Tekton checks; $(params["y"][0]) is not matched by Tekton's regex
    const chart = Testing.chart();
    const cm = ConfigMap.fromConfigMapName(chart, 'CM', '$(params.cm)');
    const task = new Task(chart, 'W', {
      steps: [{ ...step('a'), args: ['$(params["y"][0])'], env: { X: EnvValue.fromConfigMap(cm, 'k') } }],
    });
    Testing.synth(chart);
    expect(deferredWarningsOf(task)).toEqual([
      'steps[0].args[0]: $(params["y"][0]): param "y" is not declared; declared params: (none) (Tekton does not check this here at admission; the reference is left as written)',
      'steps[0].env[0].valueFrom.configMapKeyRef.name: $(params.cm): param "cm" is not declared; declared params: (none) (Tekton does not check this here at admission; the reference is left as written)',
    ]);
  });

  test('fails at synth when a step added later uses an undeclared param', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const task = new Task(chart, 'T');
    task.addStep(step('a', 'echo $(params.missing)'));
    expect(() => app.synth()).toThrow(/\[c\/T\] steps\[0\]\.script: "\$\(params\.missing\)" is not allowed; param "missing" is not declared/);
  });

  test('fails at synth when a Task has no step', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new Task(chart, 'T');
    expect(() => app.synth()).toThrow(/\[c\/T\] steps: \[\] is not allowed; a Task needs at least one step/);
  });

  test('fails when param names repeat or are invalid', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { parameters: [{ name: 'x' }, { name: 'x' }] })).toThrow(/parameters\[1\]\.name: "x" is not allowed; param names must be unique/);
    expect(() => new Task(chart, 'B', { parameters: [{ name: '1x' }] })).toThrow(/parameters\[0\]\.name: "1x" is not allowed; a param name must consist of/);
  });

  test('fails when a default does not match the param type', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { parameters: [{ name: 'x', paramType: ParamType.ARRAY, defaultValue: ParamValue.fromString('a') }] }))
      .toThrow(/parameters\[0\]\.defaultValue: "a" is not allowed; the default of param "x" must be of its type array/);
  });

  test('fails when an object param lists no keys or its default has others', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { parameters: [{ name: 'o', paramType: ParamType.OBJECT }] }))
      .toThrow(/parameters\[0\]\.properties: undefined is not allowed; object param "o" must list its keys in properties/);
    expect(() => new Task(chart, 'B', { parameters: [{ name: 'o', properties: ['a'], defaultValue: ParamValue.fromObject({ b: '1' }) }] }))
      .toThrow(/parameters\[0\]\.defaultValue\.b: "b" is not allowed; the default of object param "o" may only have the keys a/);
  });

  test('fails when an enum default is not in the enum', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'T', { parameters: [{ name: 'm', allowedValues: ['a'], defaultValue: ParamValue.fromString('b') }] }))
      .toThrow(/parameters\[0\]\.defaultValue: "b" is not allowed; must be one of a/);
  });

  test('fails when result or workspace names repeat, or a result name is invalid', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { results: [{ name: 'r' }, { name: 'r' }] })).toThrow(/results\[1\]\.name: "r" is not allowed; result names must be unique/);
    expect(() => new Task(chart, 'B', { results: [{ name: '-r' }] })).toThrow(/results\[0\]\.name: "-r" is not allowed; a result name must consist of/);
    expect(() => new Task(chart, 'C', { workspaces: [{ name: 'w' }, { name: 'w' }] })).toThrow(/workspaces\[1\]\.name: "w" is not allowed; workspace names must be unique/);
  });

  test('fails when a scratch volume name is not a DNS label or repeats, naming the volume', () => {
    expect(messageOf(() => new Task(Testing.chart(), 'A', { scratchVolumes: ['cache', 'Tmp_1'] })))
      .toBe('[test/A] scratchVolumes[1]: "Tmp_1" is not allowed; must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit');
    const task = new Task(Testing.chart(), 'B', { scratchVolumes: ['cache'] });
    expect(messageOf(() => task.addScratchVolume('cache'))).toBe('[test/B] scratchVolumes[1]: "cache" is not allowed; volume names must be unique');
  });

  test('fails when a step mounts an undeclared volume or a relative path', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { steps: [{ ...step('a'), volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }] }))
      .toThrow(/steps\[0\]\.volumeMounts\[0\]\.name: "tmp" is not allowed; the volume must be a scratch volume of the Task; declared: \(none\)/);
    expect(() => new Task(chart, 'B', { scratchVolumes: ['tmp'], steps: [{ ...step('a'), volumeMounts: [{ name: 'tmp', mountPath: 'tmp' }] }] }))
      .toThrow(/steps\[0\]\.volumeMounts\[0\]\.mountPath: "tmp" is not allowed; must be an absolute path/);
  });

  test('errors are KnativePropErrors naming path, field, value and what is allowed', () => {
    const chart = Testing.chart();
    let error: unknown;
    try {
      new Task(chart, 'T', { steps: [step('a'), step('a')] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnativePropError);
    expect(error).toMatchObject({ constructPath: 'test/T', field: 'steps[1].name', value: 'a' });
  });

  test('Task.fromTaskName refers to a Task outside the app and synthesizes nothing', () => {
    const chart = Testing.chart();
    const task = Task.fromTaskName(chart, 'Catalog', 'git-clone');
    expect(task.name).toBe('git-clone');
    expect(task.parameters).toBeUndefined();
    expect(task.workspaces).toBeUndefined();
    expect(task.results).toBeUndefined();
    expect(task.node.path).toBe('test/Catalog');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('Task.fromTaskName takes what the Task declares, when known', () => {
    const chart = Testing.chart();
    const task = Task.fromTaskName(chart, 'Catalog', 'git-clone', {
      parameters: [{ name: 'url' }], workspaces: [{ name: 'output' }], results: [{ name: 'commit' }],
    });
    expect(task.parameters?.map(p => p.name)).toEqual(['url']);
    expect(task.workspaces?.map(w => w.name)).toEqual(['output']);
    expect(task.results?.map(r => r.name)).toEqual(['commit']);
  });

  // found by test/property/build-task.test.ts
  test('fails when a step timeout is a fraction of a millisecond, and writes milliseconds otherwise', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'Bad', { steps: [{ ...step('a'), timeout: Duration.millis(0.5) }] }))
      .toThrow(/steps\[0\]\.timeout: .* whole number of milliseconds/);
    const ok = Testing.chart();
    new Task(ok, 'Ok', { metadata: { name: 'ok' }, steps: [{ ...step('a'), timeout: Duration.millis(1500) }, { ...step('b'), timeout: Duration.minutes(2) }] });
    const spec = Testing.synth(ok)[0].spec;
    expect(spec.steps.map((s: { timeout: string }) => s.timeout)).toEqual(['1500ms', '120s']);
  });

  test('fails when a step runs as a negative or fractional uid / gid', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { steps: [{ ...step('a'), securityContext: { runAsUser: -1 } }] }))
      .toThrow(KnativePropError);
    expect(() => new Task(chart, 'B', { steps: [{ ...step('a'), securityContext: { runAsGroup: 1.5 } }] }))
      .toThrow(/steps\[0\]\.securityContext\.runAsGroup/);
  });

  test('fails when two workspaces share a mount path (explicit, or another one\'s default /workspace/<name>)', () => {
    const chart = Testing.chart();
    expect(() => new Task(chart, 'A', { workspaces: [{ name: 'a', mountPath: '/src' }, { name: 'b', mountPath: '/src/' }], steps: [step('s')] }))
      .toThrow(/workspaces\[1\]\.mountPath: .*must be unique/);
    expect(() => new Task(chart, 'B', { workspaces: [{ name: 'source' }, { name: 'b', mountPath: '/workspace/source' }], steps: [step('s')] }))
      .toThrow(/workspace "source" is mounted there/);
  });
});
