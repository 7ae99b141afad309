import { Testing } from 'cdk8s';
import { Pipeline, PipelineRun, SourceToImage, Task } from '../../src/builds';
import { errorOf } from '../core/thrown';

/**
 * The builds given wrong JavaScript types by an untyped caller (JavaScript,
 * or `as any`): a KnativePropError naming the construct, the prop and what it
 * must be, never a TypeError from inside ("forEach is not a function").
 */

const IMAGE = 'docker.io/library/alpine:3.20';

describe('Task: wrong prop types', () => {
  test('fails when steps is a string, not a list', () => {
    expect(errorOf(() => new Task(Testing.chart(), 'T', { steps: 'echo hi' as any }))).toEqual({
      name: 'KnativePropError',
      message: '[test/T] steps: "echo hi" is not allowed; must be a list; each item must be a TaskStep ({ name, image, script?, command?, ... }) (or left out)',
    });
  });

  test('fails when a step\'s image is a number and its command a string, naming each field', () => {
    expect(errorOf(() => new Task(Testing.chart(), 'T', { steps: [{ name: 'a', image: 3 as any, command: 'ls -l' as any }] })).message)
      .toBe('[test/T] 2 props are not allowed:\n'
        + '    steps[0].image: 3 is not allowed; must be a string\n'
        + '    steps[0].command: "ls -l" is not allowed; must be a list of strings (or left out)');
  });

  test('fails when addStep() is given a step with a name that is a number', () => {
    const task = new Task(Testing.chart(), 'T', { steps: [{ name: 'a', image: IMAGE }] });
    expect(errorOf(() => task.addStep({ name: 7 as any, image: IMAGE })).message)
      .toBe('[test/T] steps[1].name: 7 is not allowed; must be a string');
  });

  test('fails when scratchVolumes is a string, not a list', () => {
    expect(errorOf(() => new Task(Testing.chart(), 'T', { scratchVolumes: 'cache' as any, steps: [{ name: 'a', image: IMAGE }] })).message)
      .toBe('[test/T] scratchVolumes: "cache" is not allowed; must be a list of strings (or left out)');
  });
});

describe('Pipeline: wrong prop types', () => {
  test('fails when parameters is a string, not a list', () => {
    expect(errorOf(() => new Pipeline(Testing.chart(), 'P', { parameters: 'msg' as any })).message)
      .toBe('[test/P] parameters: "msg" is not allowed; must be a list; each item must be a ParamSpec ({ name, paramType?, defaultValue?, ... }) (or left out)');
  });

  test('fails when addTask() gets a task name as a string and retries as a string', () => {
    const pipeline = new Pipeline(Testing.chart(), 'P');
    expect(errorOf(() => pipeline.addTask({ name: 'build', task: 'kaniko' as any, retries: '2' as any })).message)
      .toBe('[test/P] 2 props are not allowed:\n'
        + '    tasks[0].task: "kaniko" is not allowed; must be an ITask (a Task, or Task.fromTaskName())\n'
        + '    tasks[0].retries: "2" is not allowed; must be a finite number (or left out)');
  });

  test('fails when a result value is a number', () => {
    const pipeline = new Pipeline(Testing.chart(), 'P');
    expect(errorOf(() => pipeline.addResult({ name: 'digest', value: 42 as any })).message)
      .toBe('[test/P] results[0].value: 42 is not allowed; must be a string');
  });
});

describe('PipelineRun and SourceToImage: wrong prop types', () => {
  test('fails when a PipelineRun param is a plain string, not a ParamValue', () => {
    const chart = Testing.chart();
    const pipeline = new Pipeline(chart, 'P', { parameters: [{ name: 'msg' }] });
    expect(errorOf(() => new PipelineRun(chart, 'R', { pipeline, parameters: { msg: 'hi' as any } })).message)
      .toBe('[test/R] parameters.msg: "hi" is not allowed; must be a ParamValue, e.g. ParamValue.fromString("main")');
  });

  test('fails when a PipelineRun fsGroup is a string', () => {
    const chart = Testing.chart();
    const pipeline = new Pipeline(chart, 'P');
    expect(errorOf(() => new PipelineRun(chart, 'R', { pipeline, fsGroup: '65532' as any })).message)
      .toBe('[test/R] fsGroup: "65532" is not allowed; must be a finite number (or left out)');
  });

  test('fails when SourceToImage credentials is one secret name, not a list, and image is a number', () => {
    expect(errorOf(() => new SourceToImage(Testing.chart(), 'B', {
      gitUrl: 'https://github.com/acme/app.git', image: 1 as any, credentials: 'registry' as any,
    })).message).toBe('[test/B] 2 props are not allowed:\n'
      + '    image: 1 is not allowed; must be a string\n'
      + '    credentials: "registry" is not allowed; must be a list; each item must be an ISecret, e.g. a DockerConfigSecret (or left out)');
  });
});
