/**
 * Generators for the Tekton build constructs: param / workspace / result /
 * step names, `$(...)` references (declared and not), step images, durations.
 * Each raw value is judged by a model (`*Verdict`) of Tekton's admission rules.
 */
import { Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { ParamSpec, ParamType, ParamValue, resultPath, TaskStep, WorkspaceSpec } from '../../src/builds';
import { checkCase, namesField, Outcome, Verdict, worst } from './harness';

// ---------------------------------------------------------------- names

/** Tekton param names: letters, digits, `_`, `-`, `.`; a letter or `_` first. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Tekton result names: letters, digits, `-`, `_`, `.`; a letter or digit at both ends. */
export const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
/** DNS-1123 labels (step, pipeline task and volume names). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Param names: a small pool so that references often hit a declaration, plus odd and invalid ones. */
export const paramNames = fc.oneof(
  { arbitrary: fc.constantFrom('url', 'revision', 'flags', 'opts', 'mode', 'IMAGE', '_x', 'a.b'), weight: 8 },
  fc.constantFrom('', '1st', '-x', 'with space', 'a$b', 'x)', 'é'),
);
export const workspaceNames = fc.oneof(
  { arbitrary: fc.constantFrom('source', 'cache', 'output'), weight: 8 },
  fc.constantFrom('', 'UPPER', 'a.b', 'with space', 'a)b'),
);
export const resultNames = fc.oneof(
  { arbitrary: fc.constantFrom('digest', 'url', 'IMAGE_DIGEST', 'a.b', 'x'), weight: 8 },
  fc.constantFrom('', '-lead', 'trail-', '_x', 'with space', 'a[0]'),
);
export const labelNames = fc.oneof(
  { arbitrary: fc.constantFrom('build', 'test', 'clone', 'lint', 'push', 'a', 'x1', 'a'.repeat(63)), weight: 8 },
  fc.constantFrom('', 'Build', 'a_b', '-x', 'x-', 'a.b', '1' + 'a'.repeat(63), 'é'),
);

// ---------------------------------------------------------------- durations

/** Durations: whole seconds, zero, milliseconds (Go durations take `1500ms`), and fractions of a millisecond. */
export const durations = fc.option(fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 7200 }).map(s => ({ d: Duration.seconds(s), verdict: 'ok' as Verdict })), weight: 4 },
  fc.constant({ d: Duration.minutes(0), verdict: 'ok' as Verdict }),
  fc.constantFrom(1500, 250, 60_001).map(ms => ({ d: Duration.millis(ms), verdict: 'ok' as Verdict })),
  fc.constantFrom(0.5, 1000.25).map(ms => ({ d: Duration.millis(ms), verdict: 'bad' as Verdict })),
), { nil: undefined });

// ---------------------------------------------------------------- images

/** Step images: references, a param reference, and what no registry serves. */
export const images = fc.oneof(
  { arbitrary: fc.constantFrom('docker.io/library/alpine:3.20', 'ghcr.io/acme/tool@sha256:' + 'a'.repeat(64), 'alpine', 'localhost:5000/x/y:1'), weight: 6 },
  fc.constantFrom('', '   ', 'UPPER/Case:tag', '::', 'a b'),
);
export function imageVerdict(image: string): Verdict {
  if (image.trim() === '') return 'bad';
  if (/\s/.test(image) || image === '::' || /[A-Z]/.test(image.split('/').slice(-1)[0])) return 'either';
  return 'ok';
}

// ---------------------------------------------------------------- params

export type PType = 'string' | 'array' | 'object';
export interface RawParam {
  readonly name: string;
  readonly type?: PType;
  /** The type of the default, or none. */
  readonly def?: PType;
  /** object defaults: with a key outside `properties`. */
  readonly defExtraKey: boolean;
  /** `properties`: none, empty, or keys. */
  readonly properties?: readonly string[];
  /** `enum`: none, empty, with the default, without the default. */
  readonly enumMode: 'none' | 'empty' | 'with-default' | 'without-default';
}

const ptype = fc.constantFrom<PType>('string', 'array', 'object');

export const rawParam: fc.Arbitrary<RawParam> = fc.record({
  name: paramNames,
  type: fc.option(ptype, { nil: undefined }),
  def: fc.option(ptype, { nil: undefined }),
  defExtraKey: fc.boolean(),
  properties: fc.option(fc.constantFrom(['k'], ['k', 'v'], []), { nil: undefined }),
  enumMode: fc.constantFrom('none' as const, 'none' as const, 'none' as const, 'empty' as const, 'with-default' as const, 'without-default' as const),
});

/** A well-formed param: the model says ok. */
export const goodParam: fc.Arbitrary<RawParam> = fc.record({
  name: fc.constantFrom('url', 'revision', 'flags', 'opts', 'mode', 'IMAGE', '_x'),
  type: ptype,
  def: fc.boolean(),
}).map(({ name, type, def }) => ({
  name, type, def: def ? type : undefined, defExtraKey: false,
  properties: type === 'object' ? ['k', 'v'] : undefined, enumMode: 'none' as const,
}));

export function paramType(p: RawParam): PType {
  return p.type ?? p.def ?? 'string';
}

export function paramVerdict(p: RawParam): Verdict {
  const type = paramType(p);
  const v: Verdict[] = [PARAM_NAME.test(p.name) ? 'ok' : 'bad'];
  if (p.def && p.def !== type) v.push('bad');
  if (type === 'object') {
    if (!p.properties?.length) v.push('bad');
    if (p.def === 'object' && p.defExtraKey) v.push('bad');
    if (p.name.includes('.')) v.push('either'); // dotted object param names: not modelled
  } else if (p.properties !== undefined) {
    v.push('bad');
  }
  if (p.enumMode !== 'none') {
    if (type !== 'string' || p.enumMode === 'empty') v.push('bad');
    else if (p.enumMode === 'without-default' && p.def) v.push('bad');
    else v.push('either'); // behind Tekton's enable-param-enum flag
  }
  return worst(...v);
}

export function defaultOf(type: PType, extraKey = false): ParamValue {
  switch (type) {
    case 'string': return ParamValue.fromString('a');
    case 'array': return ParamValue.fromArray(['a', 'b']);
    case 'object': return ParamValue.fromObject(extraKey ? { k: 'a', zz: 'b' } : { k: 'a' });
  }
}

const TYPES: Record<PType, ParamType> = { string: ParamType.STRING, array: ParamType.ARRAY, object: ParamType.OBJECT };

export function makeParam(p: RawParam): ParamSpec {
  const withDefault = p.def !== undefined;
  return {
    name: p.name,
    paramType: p.type ? TYPES[p.type] : undefined,
    defaultValue: withDefault ? (p.enumMode === 'with-default' || p.enumMode === 'without-default') && p.def === 'string'
      ? ParamValue.fromString(p.enumMode === 'with-default' ? 'fast' : 'other') : defaultOf(p.def!, p.defExtraKey) : undefined,
    properties: p.properties ? [...p.properties] : undefined,
    allowedValues: p.enumMode === 'none' ? undefined : p.enumMode === 'empty' ? [] : ['fast', 'full'],
  };
}

/** Verdict of a list of names that must be unique. */
export function uniqueVerdict(names: readonly string[]): Verdict {
  return new Set(names).size === names.length ? 'ok' : 'bad';
}

// ---------------------------------------------------------------- workspaces

export interface RawWorkspace {
  readonly name: string;
  readonly mountPath?: string;
  readonly readOnly?: boolean;
  readonly optional?: boolean;
}

export const rawWorkspace: fc.Arbitrary<RawWorkspace> = fc.record({
  name: workspaceNames,
  mountPath: fc.option(fc.constantFrom('/src', '/cache', '/workspace/source', 'rel/dir'), { nil: undefined }),
  readOnly: fc.option(fc.boolean(), { nil: undefined }),
  optional: fc.option(fc.boolean(), { nil: undefined }),
});

export function makeWorkspace(w: RawWorkspace): WorkspaceSpec {
  return { name: w.name, mountPath: w.mountPath, readOnly: w.readOnly, optional: w.optional };
}

/** The mount path Tekton compares for uniqueness (`/workspace/<name>` by default). */
export function mountPathOf(w: RawWorkspace): string {
  return w.mountPath ?? `/workspace/${w.name}`;
}

export function taskWorkspacesVerdict(ws: readonly RawWorkspace[]): Verdict {
  const v: Verdict[] = ws.map(w => w.name === '' ? 'bad' : /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(w.name) ? 'ok' : 'either');
  v.push(uniqueVerdict(ws.map(w => w.name)));
  // Tekton: workspace mount paths are unique in a Task
  v.push(uniqueVerdict(ws.map(mountPathOf)));
  return worst(...v);
}

// ---------------------------------------------------------------- references in steps

/**
 * How a param is read: whole (`bare`, `bracket` for `$(params["x"])`, `star`
 * for `[*]`), one item (`index`, `[0]`), a key object params declare (`key`,
 * `.k`; generated object params declare k and v) or one they never declare
 * (`badkey`, `.zz`).
 */
export type ParamForm = 'bare' | 'star' | 'key' | 'badkey' | 'index' | 'bracket';

/** A `$(...)` reference a step writes, and where. */
export type RawRef =
  | { readonly kind: 'param'; readonly name: string; readonly form: ParamForm }
  | { readonly kind: 'workspace'; readonly name: string }
  | { readonly kind: 'result'; readonly name: string };

export const rawRef: fc.Arbitrary<RawRef> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('param' as const), name: fc.constantFrom('url', 'flags', 'opts', 'mode', 'a.b', 'missing'), form: fc.constantFrom<ParamForm>('bare', 'star', 'key', 'badkey', 'index', 'bracket') }), weight: 3 },
  fc.record({ kind: fc.constant('workspace' as const), name: fc.constantFrom('source', 'cache', 'missing') }),
  fc.record({ kind: fc.constant('result' as const), name: fc.constantFrom('digest', 'url', 'missing') }),
);

export function refText(r: RawRef): string {
  switch (r.kind) {
    case 'workspace': return `$(workspaces.${r.name}.path)`;
    case 'result': return resultPath(r.name);
    case 'param':
      switch (r.form) {
        case 'bare': return `$(params.${r.name})`;
        case 'star': return `$(params.${r.name}[*])`;
        case 'key': return `$(params.${r.name}.k)`;
        case 'badkey': return `$(params.${r.name}.zz)`;
        case 'index': return `$(params.${r.name}[0])`;
        case 'bracket': return `$(params["${r.name}"])`;
      }
  }
}

/** Where a reference sits in a step. */
export type RefPlace = 'arg-alone' | 'arg-inside' | 'script' | 'workingDir' | 'image';

/**
 * What Tekton makes of reference `r` at `place`, given the declarations
 * (tektoncd/pipeline pkg/apis/pipeline/v1/task_validation.go: validateArrayUsage,
 * validateObjectUsage; pkg/substitution). A string param read with a key,
 * index or `[*]`, an object param read by index, and an array param read by
 * key alone in an arg are admitted and left as written: the construct warns,
 * so they are `ok`; so are undeclared workspaces anywhere and undeclared
 * results outside a script (validateTaskResultsVariables checks scripts only). Indexing an array needs `enable-api-fields` beta (the
 * default), so it is `ok` too.
 */
export function refVerdict(r: RawRef, place: RefPlace, params: ReadonlyMap<string, PType>, _workspaces: ReadonlySet<string>, results: ReadonlySet<string>): Verdict {
  // Tekton's webhook checks no workspace reference, and result references in step scripts only; elsewhere an
  // undeclared one is admitted and left as written: the construct warns
  if (r.kind === 'workspace') return 'ok';
  if (r.kind === 'result') return results.has(r.name) || place !== 'script' ? 'ok' : 'bad';
  // `$(params.a.b)` reads key b of param a; only the bracket form names a dotted param
  const dotted = r.name.includes('.') && r.form !== 'bracket';
  const type = params.get(dotted ? r.name.split('.')[0] : r.name);
  if (type === undefined) return 'bad';
  if (dotted) return r.form === 'key' || r.form === 'badkey' ? 'bad' : 'either'; // three components; the rest: not modelled
  const alone = place === 'arg-alone';
  switch (type) {
    case 'string':
      return 'ok';
    case 'array':
      return r.form === 'index' || alone ? 'ok' : 'bad';
    case 'object':
      return r.form === 'key' || r.form === 'index' ? 'ok' : 'bad';
  }
}

// ---------------------------------------------------------------- steps

export interface RawStep {
  readonly name: string;
  readonly image: string;
  readonly body: 'script' | 'command' | 'both' | 'neither';
  readonly refs: ReadonlyArray<{ readonly ref: RawRef; readonly place: RefPlace }>;
  readonly mount?: { readonly volume: string; readonly path: string };
  readonly timeout?: { readonly d: Duration; readonly verdict: Verdict };
  readonly runAsUser?: number;
}

export const rawStep: fc.Arbitrary<RawStep> = fc.record({
  name: labelNames,
  image: images,
  body: fc.constantFrom('script' as const, 'command' as const, 'neither' as const, 'script' as const, 'both' as const),
  refs: fc.array(fc.record({ ref: rawRef, place: fc.constantFrom<RefPlace>('arg-alone', 'arg-inside', 'script', 'workingDir', 'image') }), { maxLength: 3 }),
  mount: fc.option(fc.record({ volume: fc.constantFrom('tmp', 'missing'), path: fc.constantFrom('/tmp', 'tmp') }), { nil: undefined }),
  timeout: durations,
  runAsUser: fc.option(fc.constantFrom(0, 1000, 65532, -1, 1.5), { nil: undefined }),
});

export function makeStep(s: RawStep): TaskStep {
  const inArgs = s.refs.filter(r => r.place === 'arg-alone' || r.place === 'arg-inside').map(r => r.place === 'arg-alone' ? refText(r.ref) : `--x=${refText(r.ref)}`);
  const inScript = s.refs.filter(r => r.place === 'script').map(r => `echo "${refText(r.ref)}"`);
  const inDir = s.refs.filter(r => r.place === 'workingDir').map(r => refText(r.ref));
  const inImage = s.refs.filter(r => r.place === 'image').map(r => refText(r.ref));
  const script = s.body === 'script' || s.body === 'both' || inScript.length > 0 ? ['#!/bin/sh', ...inScript, 'true'].join('\n') : undefined;
  return {
    name: s.name,
    image: inImage.length > 0 && s.image.trim() !== '' ? `${s.image.replace(/:.*$/, '')}:${inImage.join('')}` : s.image,
    script,
    command: s.body === 'command' || s.body === 'both' ? ['/bin/run'] : undefined,
    args: inArgs.length > 0 ? inArgs : undefined,
    workingDir: inDir.length > 0 ? inDir.join('/') : undefined,
    volumeMounts: s.mount ? [{ name: s.mount.volume, mountPath: s.mount.path }] : undefined,
    timeout: s.timeout?.d,
    securityContext: s.runAsUser !== undefined ? { runAsUser: s.runAsUser } : undefined,
  };
}

// ---------------------------------------------------------------- deferred checks

/**
 * {@link checkCase}, except that what a construct can only judge once the
 * whole tree is known (steps added with addStep(), Pipeline results, which
 * may name tasks added later) is reported by its `node.validate()` and fails
 * synth instead of the constructor. Such a case counts as rejected when
 * every `field:` its constructs' validations report is not `ok`.
 */
export function checkBuildCase(fields: Record<string, Verdict>, build: (chart: Chart) => void): Outcome | void {
  let deferred: string[] = [];
  const recording = (chart: Chart) => {
    build(chart);
    deferred = chart.node.findAll().flatMap(c => c.node.validate());
  };
  try {
    return checkCase(fields, recording);
  } catch (e) {
    if (deferred.length === 0 || worst(...Object.values(fields)) === 'ok') throw e;
    const suspects = Object.entries(fields).filter(([, v]) => v !== 'ok').map(([f]) => f);
    for (const message of deferred) {
      const field = /^([^:]+):/.exec(message)?.[1] ?? '';
      if (!suspects.some(s => namesField(field, s))) {
        throw new Error(`node.validate() reports "${message}", expected a field among ${suspects.join(', ')}`);
      }
    }
    return undefined;
  }
}
