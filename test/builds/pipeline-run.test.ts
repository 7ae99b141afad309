import { Duration, Size, Testing } from 'cdk8s';
import { ConfigMap, PersistentVolumeClaim, Secret, ServiceAccount } from 'cdk8s-plus-27';
import { ParamType, ParamValue, Pipeline, PipelineRun, Task, WorkspaceBinding } from '../../src/builds';

function fixture() {
  const chart = Testing.chart();
  const task = new Task(chart, 'Echo', {
    metadata: { name: 'echo' },
    parameters: [{ name: 'msg' }],
    workspaces: [{ name: 'ws' }],
    steps: [{ name: 'echo', image: 'docker.io/library/alpine:3.20', script: 'echo $(params.msg) > $(workspaces.ws.path)/out' }],
  });
  const pipeline = new Pipeline(chart, 'Pipeline', {
    metadata: { name: 'hello' },
    parameters: [
      { name: 'msg' },
      { name: 'mode', allowedValues: ['fast', 'slow'], defaultValue: ParamValue.fromString('fast') },
      { name: 'flags', paramType: ParamType.ARRAY, defaultValue: ParamValue.fromArray([]) },
    ],
    workspaces: [{ name: 'data' }, { name: 'config', optional: true }, { name: 'creds', optional: true }],
  });
  pipeline.addTask({ name: 'echo', task, parameters: { msg: ParamValue.fromParam('msg') }, workspaces: { ws: 'data' } });
  return { chart, pipeline };
}

describe('PipelineRun', () => {
  test('synthesizes pipelineRef, params, workspace bindings, ServiceAccount, fsGroup and timeout', () => {
    const { chart, pipeline } = fixture();
    const sa = new ServiceAccount(chart, 'Builder', { metadata: { name: 'builder' } });
    const secret = Secret.fromSecretName(chart, 'Creds', 'registry-creds');
    const cm = ConfigMap.fromConfigMapName(chart, 'Cm', 'settings');
    new PipelineRun(chart, 'Run', {
      metadata: { name: 'hello-1' },
      pipeline,
      parameters: { msg: ParamValue.fromString('hi'), flags: ParamValue.fromArray(['-v']) },
      workspaces: {
        data: WorkspaceBinding.volumeClaimTemplate({ storage: Size.mebibytes(512), storageClassName: 'fast', accessModes: ['ReadWriteMany'] }),
        config: WorkspaceBinding.configMap(cm),
        creds: WorkspaceBinding.secret(secret),
      },
      serviceAccount: sa,
      fsGroup: 65532,
      timeout: Duration.hours(1),
    });
    const run = Testing.synth(chart).find(m => m.kind === 'PipelineRun');
    expect(run).toEqual({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'hello-1' },
      spec: {
        pipelineRef: { name: 'hello' },
        params: [{ name: 'msg', value: 'hi' }, { name: 'flags', value: ['-v'] }],
        workspaces: [
          { name: 'data', volumeClaimTemplate: { spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '512Mi' } }, storageClassName: 'fast' } } },
          { name: 'config', configMap: { name: 'settings' } },
          { name: 'creds', secret: { secretName: 'registry-creds' } },
        ],
        taskRunTemplate: { serviceAccountName: 'builder', podTemplate: { securityContext: { fsGroup: 65532 } } },
        timeouts: { pipeline: '3600s' },
      },
    });
  });

  test('binds emptyDir and existing claims', () => {
    const { chart, pipeline } = fixture();
    const claim = PersistentVolumeClaim.fromClaimName(chart, 'Claim', 'cache');
    new PipelineRun(chart, 'Run', {
      pipeline,
      parameters: { msg: ParamValue.fromString('hi') },
      workspaces: { data: WorkspaceBinding.persistentVolumeClaim(claim), config: WorkspaceBinding.emptyDir() },
    });
    const run = Testing.synth(chart).find(m => m.kind === 'PipelineRun');
    expect(run!.spec.workspaces).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'cache' } }, { name: 'config', emptyDir: {} }]);
    expect(run!.spec.taskRunTemplate).toBeUndefined();
    expect(WorkspaceBinding.volumeClaimTemplate().toJson('x')).toEqual({
      name: 'x', volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
  });

  test('runs a Pipeline from outside the app, unchecked', () => {
    const chart = Testing.chart();
    const pipeline = Pipeline.fromPipelineName(chart, 'Catalog', 'buildpacks');
    new PipelineRun(chart, 'Run', { pipeline, parameters: { anything: ParamValue.fromString('x') } });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'tekton.dev/v1', kind: 'PipelineRun', metadata: { name: 'test-run-c8f17539' },
      spec: { pipelineRef: { name: 'buildpacks' }, params: [{ name: 'anything', value: 'x' }] },
    }]);
  });

  test('fails when a param or workspace is not one an imported Pipeline declares (when its import options tell)', () => {
    const chart = Testing.chart();
    const pipeline = Pipeline.fromPipelineName(chart, 'Catalog', 'buildpacks', { parameters: [{ name: 'image' }], workspaces: [{ name: 'source' }] });
    expect(pipeline.parameters?.map(p => p.name)).toEqual(['image']);
    expect(() => new PipelineRun(chart, 'A', { pipeline, parameters: { img: ParamValue.fromString('x') }, workspaces: { source: WorkspaceBinding.emptyDir() } }))
      .toThrow(/\[test\/A\] parameters\.img: "x" is not allowed; Pipeline "buildpacks" declares no param "img"; it declares: image/);
    expect(() => new PipelineRun(chart, 'B', { pipeline, parameters: { image: ParamValue.fromString('x') } }))
      .toThrow(/\[test\/B\] workspaces: \[\] is not allowed; workspace "source" of Pipeline "buildpacks" is not optional and must be bound/);
  });

  test('fails when a param is not declared by the Pipeline', () => {
    const { chart, pipeline } = fixture();
    expect(() => new PipelineRun(chart, 'Run', { pipeline, parameters: { msg: ParamValue.fromString('a'), message: ParamValue.fromString('b') }, workspaces: { data: WorkspaceBinding.emptyDir() } }))
      .toThrow(/\[test\/Run\] parameters\.message: "b" is not allowed; Pipeline "hello" declares no param "message"; it declares: msg, mode, flags/);
  });

  test('fails when a param has the wrong type or is outside the enum', () => {
    const { chart, pipeline } = fixture();
    const workspaces = { data: WorkspaceBinding.emptyDir() };
    expect(() => new PipelineRun(chart, 'A', { pipeline, parameters: { msg: ParamValue.fromString('a'), flags: ParamValue.fromString('-v') }, workspaces }))
      .toThrow(/parameters\.flags: "-v" is not allowed; param "flags" of Pipeline "hello" is of type array/);
    expect(() => new PipelineRun(chart, 'B', { pipeline, parameters: { msg: ParamValue.fromString('a'), mode: ParamValue.fromString('warp') }, workspaces }))
      .toThrow(/parameters\.mode: "warp" is not allowed; must be one of fast, slow/);
  });

  test('fails when a required param is missing', () => {
    const { chart, pipeline } = fixture();
    expect(() => new PipelineRun(chart, 'Run', { pipeline, workspaces: { data: WorkspaceBinding.emptyDir() } }))
      .toThrow(/\[test\/Run\] parameters: \[\] is not allowed; param "msg" of Pipeline "hello" has no default and must be given/);
  });

  test('fails when a workspace binding names an undeclared workspace', () => {
    const { chart, pipeline } = fixture();
    expect(() => new PipelineRun(chart, 'Run', { pipeline, parameters: { msg: ParamValue.fromString('a') }, workspaces: { data: WorkspaceBinding.emptyDir(), source: WorkspaceBinding.emptyDir() } }))
      .toThrow(/workspaces\.source: "source" is not allowed; Pipeline "hello" declares no workspace "source"; it declares: data, config, creds/);
  });

  test('fails when a required workspace is not bound', () => {
    const { chart, pipeline } = fixture();
    expect(() => new PipelineRun(chart, 'Run', { pipeline, parameters: { msg: ParamValue.fromString('a') } }))
      .toThrow(/workspaces: \[\] is not allowed; workspace "data" of Pipeline "hello" is not optional and must be bound/);
  });

  test('fails when fsGroup is negative', () => {
    const { chart, pipeline } = fixture();
    expect(() => new PipelineRun(chart, 'Run', { pipeline, fsGroup: -1 })).toThrow(/fsGroup: -1 is not allowed; must be an integer 0 or more/);
  });

  // found by test/property/build-pipeline.test.ts: Duration.toSeconds() threw a plain Error at synth
  test('fails when the timeout is a fraction of a millisecond, and writes milliseconds otherwise', () => {
    const chart = Testing.chart();
    const task = new Task(chart, 'T', { steps: [{ name: 'a', image: 'alpine' }] });
    const pipeline = new Pipeline(chart, 'P', { metadata: { name: 'p' } });
    pipeline.addTask({ name: 'a', task });
    expect(() => new PipelineRun(chart, 'Bad', { pipeline, timeout: Duration.millis(0.5) })).toThrow(/\] timeout: .*whole number of milliseconds/);
    const ok = Testing.chart();
    const p2 = Pipeline.fromPipelineName(ok, 'P', 'p');
    new PipelineRun(ok, 'Run', { pipeline: p2, timeout: Duration.millis(90_500) });
    expect(Testing.synth(ok)[0].spec.timeouts).toEqual({ pipeline: '90500ms' });
  });
});
