import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { ITask, ParamValue, Pipeline, PipelineRun, PipelineTask, Task, When, WorkspaceBinding } from '../../src/builds';
import {
  checkBuildCase, DNS_LABEL, durations, goodParam, labelNames, makeParam, paramType, paramVerdict, PType, RawParam, rawParam, RESULT_NAME,
  uniqueVerdict,
} from './build-gen';
import { assertProperty, narrowed, runsFor, timeoutFor, Verdict, worst } from './harness';

// ---------------------------------------------------------------- the Tasks a Pipeline runs

/**
 * Three Tasks: `clone` (param url required, flags an array with a default,
 * workspace source required, result commit), `notify` (no params, optional
 * workspace cache, result digest), and `ext`, a Task outside the app.
 */
type TaskKind = 'clone' | 'notify' | 'ext';
const TASK_PARAMS: Record<TaskKind, Record<string, { type: PType; required: boolean }> | undefined> = {
  clone: { url: { type: 'string', required: true }, flags: { type: 'array', required: false } },
  notify: {},
  ext: undefined,
};
const TASK_WORKSPACES: Record<TaskKind, Record<string, boolean> | undefined> = { clone: { source: true }, notify: { cache: false }, ext: undefined };
const TASK_RESULTS: Record<TaskKind, string[] | undefined> = { clone: ['commit'], notify: ['digest'], ext: undefined };

function makeTasks(chart: Chart): Record<TaskKind, ITask> {
  return {
    clone: new Task(chart, 'Clone', {
      parameters: [{ name: 'url' }, { name: 'flags', defaultValue: ParamValue.fromArray([]) }],
      workspaces: [{ name: 'source' }],
      results: [{ name: 'commit' }],
      steps: [{ name: 'clone', image: 'alpine', args: ['$(params.flags[*])'], script: undefined, command: ['git', 'clone', '$(params.url)', '$(workspaces.source.path)'] }],
    }),
    notify: new Task(chart, 'Notify', {
      workspaces: [{ name: 'cache', optional: true }],
      results: [{ name: 'digest' }],
      steps: [{ name: 'notify', image: 'alpine', script: 'echo done > $(results.digest.path)' }],
    }),
    ext: Task.fromTaskName(chart, 'Ext', 'git-clone'),
  };
}

// ---------------------------------------------------------------- raw pipeline tasks

/** A param value a pipeline task passes. */
type RawValue =
  | { readonly v: 'literal' | 'array' }
  | { readonly v: 'param'; readonly name: string }
  | { readonly v: 'result'; readonly task: number; readonly result: string }
  | { readonly v: 'status'; readonly task: number };

const rawValue: fc.Arbitrary<RawValue> = fc.oneof(
  fc.constantFrom({ v: 'literal' as const }, { v: 'array' as const }),
  fc.record({ v: fc.constant('param' as const), name: fc.constantFrom('url', 'revision', 'flags', 'missing') }),
  fc.record({ v: fc.constant('result' as const), task: fc.nat(4), result: fc.constantFrom('commit', 'digest', 'other') }),
  fc.record({ v: fc.constant('status' as const), task: fc.nat(4) }),
);

interface RawPipelineTask {
  readonly name: string;
  readonly task: TaskKind;
  readonly params: ReadonlyArray<readonly [string, RawValue]>;
  readonly workspaces: ReadonlyArray<readonly [string, string]>;
  /** Earlier tasks by index; -1 a finally task; -2 a task of another Pipeline. */
  readonly runAfter: readonly number[];
  readonly when: readonly RawValue[];
  readonly retries?: number;
  readonly timeout?: { readonly d: import('cdk8s').Duration; readonly verdict: Verdict };
}

const rawPipelineTask: fc.Arbitrary<RawPipelineTask> = fc.record({
  name: labelNames,
  task: fc.constantFrom<TaskKind>('clone', 'clone', 'notify', 'ext'),
  params: fc.uniqueArray(fc.tuple(fc.constantFrom('url', 'flags', 'nope'), rawValue), { maxLength: 2, selector: ([k]) => k }),
  workspaces: fc.uniqueArray(fc.tuple(fc.constantFrom('source', 'cache', 'nope'), fc.constantFrom('shared', 'shared', 'missing')), { maxLength: 2, selector: ([k]) => k }),
  runAfter: fc.uniqueArray(fc.integer({ min: -2, max: 3 }), { maxLength: 2 }),
  when: fc.array(rawValue, { maxLength: 1 }),
  retries: fc.option(fc.constantFrom(0, 2, -1, 1.5), { nil: undefined }),
  timeout: durations,
});

/** A pipeline task that passes what its Task needs, bound to `shared`, after earlier tasks only. */
function goodPipelineTask(i: number): fc.Arbitrary<RawPipelineTask> {
  return fc.record({
    name: fc.constantFrom('clone', 'build', 'test', 'lint', 'push').map(n => `${n}-${i}`),
    task: fc.constantFrom<TaskKind>('clone', 'notify', 'ext'),
    url: fc.oneof({ arbitrary: fc.constantFrom<RawValue>({ v: 'literal' }, { v: 'param', name: 'url' }), weight: 4 },
      { arbitrary: i > 0 ? fc.nat(i - 1).map<RawValue>(task => ({ v: 'result', task, result: 'x' })) : fc.constant<RawValue>({ v: 'literal' }), weight: 2 },
      { arbitrary: rawValue, weight: 1 }),
    runAfter: i > 0 ? fc.uniqueArray(fc.nat(i - 1), { maxLength: 2 }) : fc.constant([]),
    retries: fc.option(fc.constantFrom(0, 2), { nil: undefined }),
  }).map(t => ({
    name: t.name,
    task: t.task,
    params: t.task === 'clone' ? [['url', t.url] as const] : [],
    workspaces: t.task === 'clone' ? [['source', 'shared'] as const] : [],
    runAfter: t.runAfter,
    when: [],
    retries: t.retries,
    timeout: undefined,
  }));
}

interface PipelineCase {
  readonly params: readonly RawParam[];
  readonly workspaces: ReadonlyArray<{ readonly name: string; readonly optional?: boolean; readonly mountPath?: string }>;
  readonly tasks: readonly RawPipelineTask[];
  readonly finallyTasks: readonly RawPipelineTask[];
  /** Pipeline results: which task (by index, 9 = none of them) and which result. */
  readonly results: ReadonlyArray<{ readonly name: string; readonly task: number; readonly result: string }>;
  readonly run?: {
    readonly params: ReadonlyArray<readonly [string, 'string' | 'array']>;
    readonly workspaces: readonly string[];
    readonly fsGroup?: number;
    readonly timeout?: { readonly d: import('cdk8s').Duration; readonly verdict: Verdict };
  };
}

const goodRun = fc.record({
  params: fc.constant([['url', 'string'] as const]),
  workspaces: fc.constant(['shared']),
  fsGroup: fc.option(fc.constantFrom(0, 1000, 65532), { nil: undefined }),
  timeout: durations.map(t => (t?.verdict === 'ok' ? t : undefined)),
});
const anyRun = fc.record({
  params: fc.uniqueArray(fc.tuple(fc.constantFrom('url', 'revision', 'flags', 'nope'), fc.constantFrom('string' as const, 'array' as const)), { maxLength: 3, selector: ([k]) => k }),
  workspaces: fc.uniqueArray(fc.constantFrom('shared', 'cache', 'nope'), { maxLength: 2 }),
  fsGroup: fc.option(fc.constantFrom(0, 1000, -1, 2.5), { nil: undefined }),
  timeout: durations,
});

const goodCase: fc.Arbitrary<PipelineCase> = fc.integer({ min: 1, max: 4 }).chain(n => fc.record({
  params: fc.constant([{ name: 'url', defExtraKey: false, enumMode: 'none' as const }, { name: 'revision', def: 'string' as const, defExtraKey: false, enumMode: 'none' as const }]),
  workspaces: fc.constant([{ name: 'shared' }]),
  tasks: fc.tuple(...Array.from({ length: n }, (_, i) => goodPipelineTask(i))),
  finallyTasks: fc.array(fc.constant<RawPipelineTask>({ name: 'report', task: 'notify', params: [], workspaces: [], runAfter: [], when: [{ v: 'status', task: 0 }] }), { maxLength: 1 }),
  results: fc.array(fc.record({ name: fc.constantFrom('commit', 'digest'), task: fc.nat(n - 1), result: fc.constant('x') }), { maxLength: 1 }),
  run: fc.option(goodRun, { nil: undefined }),
}));

const anyCase: fc.Arbitrary<PipelineCase> = fc.record({
  params: fc.array(fc.oneof(goodParam, rawParam), { maxLength: 3 }),
  workspaces: fc.array(fc.record({ name: fc.constantFrom('shared', 'cache', ''), optional: fc.option(fc.boolean(), { nil: undefined }), mountPath: fc.option(fc.constant('/src'), { nil: undefined }) }), { maxLength: 2 }),
  tasks: fc.array(rawPipelineTask, { minLength: 1, maxLength: 3 }),
  finallyTasks: fc.array(rawPipelineTask, { maxLength: 1 }),
  results: fc.array(fc.record({ name: fc.constantFrom('commit', 'digest', '-bad'), task: fc.constantFrom(0, 1, 9), result: fc.constantFrom('x', 'commit', 'digest', 'other') }), { maxLength: 2 }),
  run: fc.option(anyRun, { nil: undefined }),
});

const oneWrong: fc.Arbitrary<PipelineCase> = fc.tuple(goodCase, anyCase, rawPipelineTask, fc.constantFrom('params', 'workspaces', 'task', 'finallyTasks', 'results', 'run'), fc.nat())
  .map(([good, wrong, task, key, i]) => key === 'task'
    ? { ...good, tasks: good.tasks.map((t, j) => (j === i % good.tasks.length ? task : t)) }
    : { ...good, [key]: wrong[key as keyof PipelineCase] });

const pipelineCase = fc.oneof({ arbitrary: goodCase, weight: 2 }, { arbitrary: oneWrong, weight: 3 }, { arbitrary: anyCase, weight: 1 });

// ---------------------------------------------------------------- the model

/** The result a good task reads ('x' stands for "one the Task declares"). */
function resultOf(c: PipelineCase, task: number, result: string): string {
  if (result !== 'x') return result;
  const t = c.tasks[task];
  return t ? TASK_RESULTS[t.task]?.[0] ?? 'commit' : 'commit';
}

function valueVerdict(v: RawValue, c: PipelineCase, self: number, isFinally: boolean, expected: PType | undefined, declared: Map<string, PType>): Verdict {
  const type: PType = v.v === 'array' ? 'array' : 'string';
  const typeOk: Verdict = expected === undefined || expected === type ? 'ok' : 'bad';
  switch (v.v) {
    case 'literal':
    case 'array':
      return typeOk;
    case 'param': {
      const t = declared.get(v.name);
      // Tekton: a bare $(params.x) of an array or object param is rejected in a string value and a when input
      return t === undefined ? 'bad' : worst(typeOk, t === 'string' ? 'ok' : 'bad');
    }
    case 'result':
    case 'status': {
      // only non-finally tasks added before this one (a finally task may read all of them)
      const known = isFinally ? v.task < c.tasks.length : v.task < self;
      if (!known) return 'bad';
      if (v.v === 'status') return isFinally ? typeOk : 'bad'; // Tekton: only finally tasks read $(tasks.<t>.status)
      const results = TASK_RESULTS[c.tasks[v.task].task];
      return worst(typeOk, results === undefined || results.includes(resultOf(c, v.task, v.result)) ? 'ok' : 'bad');
    }
  }
}

function pipelineTaskVerdict(t: RawPipelineTask, i: number, c: PipelineCase, isFinally: boolean, declared: Map<string, PType>): Verdict {
  const params = TASK_PARAMS[t.task];
  const wss = TASK_WORKSPACES[t.task];
  const given = new Map(t.params);
  const bound = new Map(t.workspaces);
  const pipelineWs = new Set(c.workspaces.map(w => w.name));
  const v: Verdict[] = [
    DNS_LABEL.test(t.name) ? 'ok' : 'bad',
    t.retries === undefined || (Number.isInteger(t.retries) && t.retries >= 0) ? 'ok' : 'bad',
    t.timeout?.verdict ?? 'ok',
    ...t.runAfter.map(j => (isFinally ? 'bad' : j >= 0 && j < i ? 'ok' : 'bad')),
    ...t.params.map(([name, value]) => params && !params[name] ? 'bad' : valueVerdict(value, c, i, isFinally, params?.[name]?.type, declared)),
    ...Object.entries(params ?? {}).map(([name, p]) => (p.required && !given.has(name) ? 'bad' : 'ok')),
    ...t.workspaces.map(([name, to]) => (wss && wss[name] === undefined) || !pipelineWs.has(to) ? 'bad' : 'ok'),
    ...Object.entries(wss ?? {}).map(([name, required]) => (required && !bound.has(name) ? 'bad' : 'ok')),
    ...t.when.map(w => valueVerdict(w, c, i, isFinally, undefined, declared)),
  ];
  return worst(...v);
}

function pipelineFields(c: PipelineCase): Record<string, Verdict> {
  const declared = new Map<string, PType>();
  for (const p of c.params) if (!declared.has(p.name)) declared.set(p.name, paramType(p));
  const names = [...c.tasks, ...c.finallyTasks].map(t => t.name);
  const fields: Record<string, Verdict> = {
    parameters: worst(...c.params.map(paramVerdict), uniqueVerdict(c.params.map(p => p.name))),
    workspaces: worst(...c.workspaces.map(w => (w.name === '' || w.mountPath !== undefined ? 'bad' : 'ok')), uniqueVerdict(c.workspaces.map(w => w.name))),
    tasks: worst(...c.tasks.map((t, i) => pipelineTaskVerdict(t, i, c, false, declared)), uniqueVerdict(names)),
    // when a task's runAfter names a finally task, that one is added first, before the tasks it may read
    finally: c.tasks.some(t => t.runAfter.includes(-1)) && c.finallyTasks.length > 0 ? 'either'
      : worst(...c.finallyTasks.map(t => pipelineTaskVerdict(t, c.tasks.length, c, true, declared)), uniqueVerdict(names)),
    results: worst(uniqueVerdict(c.results.map(r => r.name)), ...c.results.map(r => {
      if (!RESULT_NAME.test(r.name)) return 'bad';
      const t = c.tasks[r.task];
      const results = t && TASK_RESULTS[t.task];
      return !t ? 'bad' : results === undefined || results.includes(resultOf(c, r.task, r.result)) ? 'ok' : 'bad';
    })),
  };
  if (c.run) {
    const given = new Map(c.run.params);
    const runParams: Verdict[] = [
      ...c.run.params.map(([name, type]) => (declared.has(name) && declared.get(name) === type ? 'ok' : 'bad')),
      ...c.params.map(p => (p.def === undefined && !given.has(p.name) ? 'bad' : 'ok')),
    ];
    fields.parameters = worst(fields.parameters, ...runParams);
    fields.workspaces = worst(fields.workspaces,
      ...c.run.workspaces.map(w => (c.workspaces.some(d => d.name === w) ? 'ok' : 'bad')),
      ...c.workspaces.map(w => (w.optional || c.run!.workspaces.includes(w.name) ? 'ok' : 'bad')));
    fields.fsGroup = c.run.fsGroup === undefined || (Number.isInteger(c.run.fsGroup) && c.run.fsGroup >= 0) ? 'ok' : 'bad';
    fields.timeout = c.run.timeout?.verdict ?? 'ok';
  }
  return fields;
}

// ---------------------------------------------------------------- building

function build(c: PipelineCase, chart: Chart): void {
  const tasks = makeTasks(chart);
  const other = new Pipeline(chart, 'Other', { metadata: { name: 'other' } });
  const foreign = other.addTask({ name: 'foreign', task: tasks.notify });
  const pipeline = new Pipeline(chart, 'Pipeline', {
    metadata: { name: 'pipeline' },
    parameters: c.params.map(makeParam),
    workspaces: c.workspaces.map(w => ({ name: w.name, optional: w.optional, mountPath: w.mountPath })),
  });
  const added: PipelineTask[] = [];
  const finals: PipelineTask[] = [];
  const value = (v: RawValue): ParamValue => {
    switch (v.v) {
      case 'literal': return ParamValue.fromString('v');
      case 'array': return ParamValue.fromArray(['a']);
      case 'param': return ParamValue.fromParam(v.name);
      case 'result': return added[v.task]?.result(resultOf(c, v.task, v.result)) ?? ParamValue.fromString(`$(tasks.t${v.task}.results.${v.result})`);
      case 'status': return ParamValue.fromString(added[v.task] ? `$(tasks.${added[v.task].name}.status)` : `$(tasks.t${v.task}.status)`);
    }
  };
  const options = (t: RawPipelineTask) => ({
    name: t.name,
    task: tasks[t.task],
    parameters: t.params.length ? Object.fromEntries(t.params.map(([k, v]) => [k, value(v)])) : undefined,
    workspaces: t.workspaces.length ? Object.fromEntries(t.workspaces) : undefined,
    runAfter: t.runAfter.length ? t.runAfter.map(j => (j === -2 ? foreign : j === -1 ? finals[0] ?? foreign : added[j] ?? foreign)) : undefined,
    when: t.when.length ? t.when.map(w => When.isIn(value(w).toJson() as string, ['a'])) : undefined,
    retries: t.retries,
    timeout: t.timeout?.d,
  });
  // a finally task first (when a task's runAfter names one), so that it exists
  const wantsFinal = c.tasks.some(t => t.runAfter.includes(-1));
  if (wantsFinal) c.finallyTasks.forEach(t => finals.push(pipeline.addFinally(options(t))));
  c.tasks.forEach(t => added.push(pipeline.addTask(options(t))));
  if (!wantsFinal) c.finallyTasks.forEach(t => finals.push(pipeline.addFinally(options(t))));
  c.results.forEach(r => pipeline.addResult({
    name: r.name,
    value: added[r.task]?.resultExpression(resultOf(c, r.task, r.result)) ?? `$(tasks.ghost.results.${r.result})`,
  }));
  if (c.run) {
    new PipelineRun(chart, 'Run', {
      pipeline,
      parameters: Object.fromEntries(c.run.params.map(([k, t]) => [k, t === 'string' ? ParamValue.fromString('v') : ParamValue.fromArray(['a'])])),
      workspaces: Object.fromEntries(c.run.workspaces.map(w => [w, WorkspaceBinding.volumeClaimTemplate()])),
      fsGroup: c.run.fsGroup,
      timeout: c.run.timeout?.d,
    });
  }
}

/** Open bugs in code this test does not own (see known-bugs.test.ts); none. */
function knownPipelineBug(_c: PipelineCase): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.05);

describe('property: Pipeline and PipelineRun props', () => {
  test(`${RUNS} generated Pipelines (with a run) either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(pipelineCase, knownPipelineBug), c => checkBuildCase(pipelineFields(c), chart => build(c, chart)), RUNS);
  }, timeoutFor(RUNS));
});
