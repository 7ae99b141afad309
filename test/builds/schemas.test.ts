import { Duration, Size, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-27';
import { Builder, ParamType, ParamValue, Pipeline, PipelineRun, SourceToImage, Task, WorkspaceBinding } from '../../src/builds';
import { validateManifests } from '../../src/validation';

// Task, Pipeline and PipelineRun (tekton.dev/v1) must pass the vendored Tekton CRD schemas.
test('every synthesized build object passes its schema', () => {
  const chart = Testing.chart();
  new SourceToImage(chart, 'Kaniko', {
    gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello:1', contextDir: 'app',
    testImage: 'docker.io/library/node:20', testScript: 'npm test', credentials: [Secret.fromSecretName(chart, 'Creds', 'creds')],
    timeout: Duration.minutes(30), workspaceSize: Size.gibibytes(2), storageClassName: 'standard',
  });
  new SourceToImage(chart, 'Cnb', { gitUrl: 'git@github.com:acme/hello.git', image: 'ghcr.io/acme/hello', builder: Builder.BUILDPACKS });
  const task = new Task(chart, 'Task', {
    parameters: [
      { name: 'o', paramType: ParamType.OBJECT, properties: ['k'], defaultValue: ParamValue.fromObject({ k: 'v' }) },
      { name: 'm', allowedValues: ['a', 'b'], defaultValue: ParamValue.fromString('a') },
    ],
    workspaces: [{ name: 'w', optional: true, readOnly: true, mountPath: '/w' }],
    steps: [{ name: 's', image: 'docker.io/library/alpine:3.20', script: 'echo $(params.o.k) $(params.m)', timeout: Duration.minutes(1) }],
  });
  const pipeline = new Pipeline(chart, 'Pipeline', { workspaces: [{ name: 'w', optional: true }] });
  pipeline.addTask({ name: 'a', task, workspaces: { w: 'w' }, retries: 1, timeout: Duration.minutes(5) });
  new PipelineRun(chart, 'Run', { pipeline, workspaces: { w: WorkspaceBinding.emptyDir() } });
  const out = Testing.synth(chart);
  const problems = validateManifests(out);
  expect(problems.filter(p => p.severity === 'error')).toEqual([]);
  // the one warning: the SSH clone of the Cnb build has no SSH key on its ServiceAccount
  expect(problems.filter(p => p.severity === 'warning').map(p => `${p.object.kind} ${p.rule}`)).toEqual(['PipelineRun reference/git-ssh-credential']);
  // ...and the Tekton schemas are really applied:
  const broken = { apiVersion: 'tekton.dev/v1', kind: 'Task', metadata: { name: 't' }, spec: { steps: [{ name: 's', image: 1 }] } };
  expect(validateManifests([broken]).map(p => [p.layer, p.path])).toContainEqual(['schema', 'spec.steps[0].image']);
});
