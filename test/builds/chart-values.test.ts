import { App, Chart } from 'cdk8s';
import { ParamValue, Pipeline, PipelineRun, SourceToImage, Task } from '../../src/builds';
import { ChartValue } from '../../src/helm';
import { messageOf } from '../core/thrown';

function chartWithValues(): Chart {
  return new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'test', { namespace: 'ci' });
}

const BUILD = { gitUrl: 'https://github.com/acme/shop.git', image: 'registry.example.com/acme/shop:1.0.0' };

describe('build constructs with chart values', () => {
  test('fails when a name value\'s default leaves no room for the generated suffixes', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'build.name', { defaultValue: 'a'.repeat(55) }).asString();
    expect(() => new SourceToImage(chart, 'Build', { ...BUILD, name }))
      .toThrow(/\[test\/Build\] name: "a{55}" is not allowed; must be a DNS-1123 label of at most 54 characters \(a chart value is not cut/);
  });

  test('fails when the default of a run name value makes no DNS subdomain, in the core words with the note', () => {
    const chart = chartWithValues();
    const revision = ChartValue.stringValue(chart, 'build.revision', { defaultValue: 'V_1' }).asString();
    expect(messageOf(() => new SourceToImage(chart, 'Build', { ...BUILD, runName: `shop-build-${revision}` })))
      .toBe('[test/Build] runName: "shop-build-V_1" is not allowed; must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (this is the default of a chart value)');
  });

  test('fails when the default of a context directory value leaves the repository', () => {
    const chart = chartWithValues();
    const contextDir = ChartValue.stringValue(chart, 'build.dir', { defaultValue: 'app/../..' }).asString();
    expect(() => new SourceToImage(chart, 'Build', { ...BUILD, contextDir }))
      .toThrow(/\[test\/Build\] contextDir: "app\/..\/.." is not allowed; must be a relative path inside the repository \(this is the default of a chart value\)/);
  });

  test('fails when the default of a step name value is not a DNS label', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'task.step', { defaultValue: 'Build_It' }).asString();
    expect(() => new Task(chart, 'Task', { steps: [{ name, image: 'bash' }] }))
      .toThrow(/\[test\/Task\] steps\[0\]\.name: "Build_It" is not allowed; must be a DNS-1123 label: .* \(this is the default of a chart value\)/);
  });

  test('fails when a step name value has the default of another step\'s name', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'task.step', { defaultValue: 'build' }).asString();
    expect(() => new Task(chart, 'Task', { steps: [{ name, image: 'bash' }, { name: 'build', image: 'bash' }] }))
      .toThrow(/\[test\/Task\] steps\[1\].name: "build" is not allowed; step names must be unique/);
  });

  test('fails when the default of a pipeline task name value is not a DNS label, with the note', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'pipeline.task', { defaultValue: 'Fetch' }).asString();
    const pipeline = new Pipeline(chart, 'Pipeline');
    expect(messageOf(() => pipeline.addTask({ name, task: Task.fromTaskName(chart, 'T', 't') })))
      .toBe('[test/Pipeline] tasks[0].name: "Fetch" is not allowed; must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit (this is the default of a chart value)');
  });

  test('fails when a pipeline task name value has the default of another task\'s name, printing the default', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'pipeline.task', { defaultValue: 'fetch' }).asString();
    const pipeline = new Pipeline(chart, 'Pipeline');
    const task = Task.fromTaskName(chart, 'T', 't');
    pipeline.addTask({ name: 'fetch', task });
    expect(messageOf(() => pipeline.addFinally({ name, task })))
      .toBe('[test/Pipeline] finally[0].name: "fetch" is not allowed; pipeline task names must be unique across tasks and finally; "fetch" is used twice (this is the default of a chart value)');
  });

  test('plain synth writes a pipeline task name value as its default', () => {
    const chart = chartWithValues();
    const name = ChartValue.stringValue(chart, 'pipeline.task', { defaultValue: 'fetch' }).asString();
    new Pipeline(chart, 'Pipeline').addTask({ name, task: Task.fromTaskName(chart, 'T', 't') });
    expect(chart.toJson()[0].spec.tasks[0].name).toBe('fetch');
  });

  test('fails when the default of a scratch volume name value is not a DNS label, or repeats another volume, with the note', () => {
    const chart = chartWithValues();
    const bad = ChartValue.stringValue(chart, 'task.volume', { defaultValue: 'Cache' }).asString();
    expect(messageOf(() => new Task(chart, 'A', { scratchVolumes: [bad] })))
      .toBe('[test/A] scratchVolumes[0]: "Cache" is not allowed; must be a DNS-1123 label: at most 63 characters, lower-case letters, digits and \'-\', starting and ending with a letter or digit (this is the default of a chart value)');
    const cache = ChartValue.stringValue(chart, 'task.cache', { defaultValue: 'cache' }).asString();
    expect(messageOf(() => new Task(chart, 'B', { scratchVolumes: ['cache', cache] })))
      .toBe('[test/B] scratchVolumes[1]: "cache" is not allowed; volume names must be unique (this is the default of a chart value)');
  });

  test('plain synth writes a scratch volume name value as its default, and a step mounts it by the same value', () => {
    const chart = chartWithValues();
    const cache = ChartValue.stringValue(chart, 'task.cache', { defaultValue: 'cache' }).asString();
    new Task(chart, 'Task', { scratchVolumes: [cache], steps: [{ name: 'a', image: 'bash', volumeMounts: [{ name: cache, mountPath: '/cache' }] }] });
    const spec = chart.toJson()[0].spec;
    expect(spec.volumes).toEqual([{ name: 'cache', emptyDir: {} }]);
    expect(spec.steps[0].volumeMounts).toEqual([{ name: 'cache', mountPath: '/cache' }]);
  });

  test('fails when a run passes a value outside the defaults of an allowed-values list, which stays one value', () => {
    const chart = chartWithValues();
    const allowedValues = ChartValue.listValue(chart, 'pipeline.modes', { defaultValue: ['fast', 'full'] }).asStringList();
    const pipeline = new Pipeline(chart, 'Pipeline', { parameters: [{ name: 'mode', allowedValues }] });
    pipeline.addTask({ name: 'run', task: Task.fromTaskName(chart, 'T', 't'), parameters: { mode: ParamValue.fromParam('mode') } });
    expect(() => new PipelineRun(chart, 'Bad', { pipeline, parameters: { mode: ParamValue.fromString('slow') } }))
      .toThrow(/\[test\/Bad\] parameters.mode: "slow" is not allowed; must be one of fast, full/);
    new PipelineRun(chart, 'Run', { pipeline, parameters: { mode: ParamValue.fromString('full') } });
    expect(chart.toJson()[0].spec.params[0].enum).toEqual(['fast', 'full']);
  });
});
