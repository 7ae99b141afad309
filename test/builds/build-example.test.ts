import { Chart, Testing } from 'cdk8s';
import { ChartValue, isChartValueToken } from '../../src/helm/chart-value';
import { TEKTON_RULES } from '../../src/validation/rules/tekton';
import { Manifest } from '../../src/validation/types';
import { addBuildExample, BUILD_EXAMPLE_REPOSITORY } from '../../examples/stack/build';

const BUILD_EXAMPLE_IMAGE = `${BUILD_EXAMPLE_REPOSITORY}:main`;

describe('build example', () => {
  test('builds the repository and serves the built image', () => {
    const chart = new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
    const { build, service } = addBuildExample(chart);
    const manifests = Testing.synth(chart) as any[];
    expect(manifests.map(m => m.kind).sort()).toEqual(['ExternalSecret', 'ExternalSecret', 'Pipeline', 'PipelineRun', 'Service', 'ServiceAccount', 'Task', 'Task', 'Task']);
    expect(manifests.filter(m => m.apiVersion.startsWith('tekton.dev/') || m.kind === 'ServiceAccount').map(m => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Pipeline/helloworld-go-pipeline', 'PipelineRun/helloworld-go-build-main', 'ServiceAccount/helloworld-go-runner',
      'Task/helloworld-go-build', 'Task/helloworld-go-clone', 'Task/helloworld-go-test',
    ]);

    const run = manifests.find(m => m.kind === 'PipelineRun');
    const ksvc = manifests.find(m => m.kind === 'Service');
    expect(ksvc.apiVersion).toBe('serving.knative.dev/v1');
    expect(ksvc.spec.template.spec.containers[0].image).toBe(BUILD_EXAMPLE_IMAGE);
    expect(run.spec.params.find((p: any) => p.name === 'image').value).toBe(BUILD_EXAMPLE_IMAGE);
    expect(ksvc.spec.template.spec.imagePullSecrets).toEqual([{ name: 'helloworld-registry' }]);
    expect(service.name).toBe('helloworld-go');

    // The image and revision are chart values: tokens in the tree, their defaults in plain synth.
    expect(isChartValueToken(build.imageReference)).toBe(true);
    expect(isChartValueToken(build.revision)).toBe(true);
    expect(run.spec.params.find((p: any) => p.name === 'git-revision').value).toBe('main');
    expect(run.metadata.name).toBe('helloworld-go-build-main');
    expect(run.spec.taskRunTemplate.serviceAccountName).toBe(manifests.find(m => m.kind === 'ServiceAccount').metadata.name);
    expect(manifests.find(m => m.kind === 'ServiceAccount').secrets).toEqual([{ name: 'helloworld-git' }, { name: 'helloworld-registry' }]);

    const annotations = manifests.filter(m => m.kind === 'ExternalSecret').map(m => m.spec.target.template.metadata.annotations);
    expect(annotations).toEqual([{ 'tekton.dev/git-0': 'https://github.com' }, { 'tekton.dev/docker-0': 'https://registry.example.com' }]);
    expect(JSON.stringify(manifests)).not.toMatch(/stringData/);

    const pipeline = manifests.find(m => m.kind === 'Pipeline');
    expect(pipeline.spec.tasks.map((t: any) => t.name)).toEqual(['clone', 'test', 'build']);
    for (const m of manifests as Manifest[]) {
      const kind = `${m.apiVersion.split('/')[0]}/${m.kind}`;
      for (const rule of TEKTON_RULES.filter(r => r.kinds.includes(kind))) {
        expect(rule.check(m, { config: {} as any })).toEqual([]);
      }
    }
  });
});
