import * as fc from 'fast-check';
import { Task } from '../../src/builds';
import {
  DNS_LABEL, imageVerdict, makeParam, makeStep, makeWorkspace, PType, paramType, paramVerdict, RawParam, rawParam, RawStep, rawStep,
  RawWorkspace, rawWorkspace, refVerdict, resultNames, RESULT_NAME, taskWorkspacesVerdict, uniqueVerdict, goodParam, checkBuildCase,
} from './build-gen';
import { assertProperty, narrowed, runsFor, timeoutFor, Verdict, worst } from './harness';

interface TaskCase {
  readonly params: readonly RawParam[];
  readonly workspaces: readonly RawWorkspace[];
  readonly results: readonly string[];
  readonly volumes: readonly string[];
  readonly steps: readonly RawStep[];
  /** Declare through addParam() / addStep()... instead of props. */
  readonly methods: boolean;
}

const volumes = fc.constantFrom<readonly string[]>([], ['tmp'], ['tmp', 'cache'], ['tmp', 'Bad_Name'], ['tmp', 'tmp']);

/** Anything: every field from the raw pools. */
const anyCase: fc.Arbitrary<TaskCase> = fc.record({
  params: fc.array(rawParam, { maxLength: 4 }),
  workspaces: fc.array(rawWorkspace, { maxLength: 3 }),
  results: fc.array(resultNames, { maxLength: 3 }),
  volumes,
  steps: fc.array(rawStep, { minLength: 1, maxLength: 3 }),
  methods: fc.boolean(),
});

/** Valid declarations and steps that only refer to what is declared, in the right form. */
const goodCase: fc.Arbitrary<TaskCase> = fc.record({
  params: fc.uniqueArray(goodParam, { maxLength: 4, selector: p => p.name }),
  workspaces: fc.uniqueArray(fc.constantFrom('source', 'cache', 'output'), { maxLength: 3 }).map(ns => ns.map(name => ({ name }))),
  results: fc.uniqueArray(fc.constantFrom('digest', 'url', 'IMAGE_DIGEST', 'a.b'), { maxLength: 3 }),
  volumes: fc.constantFrom<readonly string[]>([], ['tmp']),
  methods: fc.boolean(),
}).chain(c => fc.uniqueArray(rawStep.map(s => fixStep(s, c)), { minLength: 1, maxLength: 3, selector: s => s.name }).map(steps => ({ ...c, steps })));

/** A valid case with one field (or one step) drawn from the raw pools. */
const oneWrong: fc.Arbitrary<TaskCase> = fc.tuple(goodCase, anyCase, fc.constantFrom('params', 'workspaces', 'results', 'volumes', 'steps', 'step'), fc.nat())
  .map(([good, wrong, key, i]) => key === 'step'
    ? { ...good, steps: good.steps.map((s, j) => j === i % good.steps.length ? wrong.steps[0] : s) }
    : { ...good, [key]: wrong[key as keyof TaskCase] });

const taskCase = fc.oneof({ arbitrary: goodCase, weight: 2 }, { arbitrary: oneWrong, weight: 3 }, { arbitrary: anyCase, weight: 1 });

/** Points a step's references at declarations, in a form Tekton takes. */
function fixStep(s: RawStep, c: Omit<TaskCase, 'steps'>): RawStep {
  const refs = s.refs.flatMap(({ ref }): RawStep['refs'][number][] => {
    if (ref.kind === 'workspace') return c.workspaces.length ? [{ ref: { ...ref, name: c.workspaces[0].name }, place: 'workingDir' as const }] : [];
    if (ref.kind === 'result') return c.results.length ? [{ ref: { ...ref, name: c.results[0] }, place: 'script' as const }] : [];
    const p = c.params.find(x => x.name === ref.name) ?? c.params[0];
    if (!p) return [];
    const t = paramType(p);
    return [t === 'string' ? { ref: { kind: 'param' as const, name: p.name, form: 'bare' as const }, place: 'arg-inside' as const }
      : t === 'array' ? { ref: { kind: 'param' as const, name: p.name, form: 'star' as const }, place: 'arg-alone' as const }
        : { ref: { kind: 'param' as const, name: p.name, form: 'key' as const }, place: 'script' as const }];
  });
  return {
    ...s,
    name: DNS_LABEL.test(s.name) ? s.name : 'step',
    image: imageVerdict(s.image) === 'ok' ? s.image : 'docker.io/library/alpine:3.20',
    body: s.body === 'both' || (s.body === 'command' && refs.some(r => r.place === 'script')) ? 'script' : s.body,
    refs,
    mount: c.volumes.length && s.mount ? { volume: 'tmp', path: '/tmp' } : undefined,
    timeout: s.timeout?.verdict === 'ok' ? s.timeout : undefined,
    runAsUser: s.runAsUser !== undefined && Number.isInteger(s.runAsUser) && s.runAsUser >= 0 ? s.runAsUser : undefined,
  };
}

function stepVerdict(s: RawStep, c: TaskCase): Verdict {
  const params = new Map<string, PType>();
  for (const p of c.params) if (!params.has(p.name)) params.set(p.name, paramType(p));
  const workspaces = new Set(c.workspaces.map(w => w.name));
  const results = new Set(c.results);
  const made = makeStep(s);
  const v: Verdict[] = [
    DNS_LABEL.test(s.name) ? 'ok' : s.name === '' ? 'either' : 'bad',
    imageVerdict(s.image),
    made.script !== undefined && made.command !== undefined ? 'bad' : 'ok',
    s.timeout?.verdict ?? 'ok',
    s.runAsUser === undefined || (Number.isInteger(s.runAsUser) && s.runAsUser >= 0) ? 'ok' : 'bad',
    s.mount === undefined || (c.volumes.includes(s.mount.volume) && s.mount.path.startsWith('/')) ? 'ok' : 'bad',
    ...s.refs.map(r => r.place === 'image' && s.image.trim() === '' ? 'ok' : refVerdict(r.ref, r.place, params, workspaces, results)),
  ];
  return worst(...v);
}

function taskFields(c: TaskCase): Record<string, Verdict> {
  return {
    parameters: worst(...c.params.map(paramVerdict), uniqueVerdict(c.params.map(p => p.name))),
    workspaces: taskWorkspacesVerdict(c.workspaces),
    results: worst(...c.results.map(r => RESULT_NAME.test(r) ? 'ok' : 'bad'), uniqueVerdict(c.results)),
    scratchVolumes: worst(...c.volumes.map(v => DNS_LABEL.test(v) ? 'ok' : 'bad'), uniqueVerdict(c.volumes)),
    steps: worst(...c.steps.map(s => stepVerdict(s, c)), uniqueVerdict(c.steps.map(s => s.name))),
  };
}

/** Open bugs in code this test does not own (see known-bugs.test.ts); none. */
function knownTaskBug(_c: TaskCase): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.04);

describe('property: Task props', () => {
  test(`${RUNS} generated Tasks either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(taskCase, knownTaskBug), c => checkBuildCase(taskFields(c), chart => {
      if (!c.methods) {
        new Task(chart, 'Task', {
          parameters: c.params.map(makeParam),
          workspaces: c.workspaces.map(makeWorkspace),
          results: c.results.map(name => ({ name })),
          scratchVolumes: [...c.volumes],
          steps: c.steps.map(makeStep),
        });
        return;
      }
      const task = new Task(chart, 'Task');
      c.params.forEach(p => task.addParam(makeParam(p)));
      c.workspaces.forEach(w => task.addWorkspace(makeWorkspace(w)));
      c.results.forEach(name => task.addResult({ name }));
      c.volumes.forEach(v => task.addScratchVolume(v));
      c.steps.forEach(s => task.addStep(makeStep(s)));
    }), RUNS);
  }, timeoutFor(RUNS));
});
