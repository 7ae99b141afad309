/**
 * Runs the validation engine when an app is synthesized: an invalid app
 * makes `app.synth()` throw one error listing every problem, before any
 * manifest is written.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ExternalObject } from '../core/external';
import { KReference } from '../core/reference';
import { formatProblem, hasErrors, validateManifests } from './engine';
import { ClusterConfig, Layer, Manifest, ManifestSource, Problem } from './types';
import { warningsOf } from '../core/warnings';

/** How synth validates an app; see {@link configureValidation}. */
export interface AppValidationOptions {
  /**
   * Whether the app is validated at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The target cluster's settings.
   * @default DEFAULT_CLUSTER_CONFIG - a stock Knative install
   */
  readonly config?: ClusterConfig;
  /**
   * Whether an object whose kind has no known schema fails synth.
   * @default false - a warning
   */
  readonly strict?: boolean;
}

interface State {
  options: AppValidationOptions;
  /** True while `app.synth()` / `app.synthYaml()` runs: the whole app is being written. */
  fullSynth: boolean;
  running: boolean;
  /** The outcome of the validation of the current whole-app synth. */
  synthResult?: string[];
}

const STATE = Symbol.for('cdk8s-knative.validation');

/**
 * Turns validation on for the app that holds `scope` (idempotent): the root
 * construct gets a validation that runs the engine over every API object of
 * the app, with the app's `ExternalObject`s and cdk8s-plus imports
 * (`Secret.fromSecretName()`...) counting as existing.
 *
 * During `app.synth()` and `app.synthYaml()` all three layers run and a
 * missing reference is an error. When only a chart is synthesized
 * (`chart.toJson()`, `Testing.synth(chart)`) the chart is usually a piece of
 * an app under test, built for some cluster configuration the test does not
 * state: only the schema layer runs then, which no configuration changes.
 * Use {@link validateApp} to run every layer in a test.
 */
export function attachValidation(scope: IConstruct): void {
  stateOf(scope);
}

/**
 * Sets how the app that holds `scope` is validated on synth, e.g. the
 * target cluster's feature flags.
 */
export function configureValidation(scope: IConstruct, options: AppValidationOptions): void {
  const state = stateOf(scope);
  state.options = { ...state.options, ...options };
}

/** The result of {@link validateApp}. */
export interface AppValidationResult {
  /** Every problem, errors and warnings, in a stable order. */
  readonly problems: Problem[];
  /** True when no problem is an error. */
  readonly valid: boolean;
}

/**
 * Validates every API object of the app that holds `scope` with all three
 * layers, as `app.synth()` does, and returns the problems instead of
 * throwing.
 */
export function validateApp(scope: IConstruct, options: AppValidationOptions = {}): AppValidationResult {
  const root = scope.node.root;
  const own = (root as unknown as Record<symbol, State | undefined>)[STATE]?.options ?? {};
  const problems = run(root, { ...own, ...options }, ['schema', 'semantic', 'reference']);
  return { problems, valid: !hasErrors(problems) };
}

function stateOf(scope: IConstruct): State {
  const root = scope.node.root;
  const holder = root as unknown as Record<symbol, State | undefined>;
  const existing = holder[STATE];
  if (existing) return existing;
  const state: State = { options: {}, fullSynth: false, running: false };
  Object.defineProperty(root, STATE, { value: state, enumerable: false });
  for (const method of ['synth', 'synthYaml']) wrapSynth(root, method, state);
  root.node.addValidation({ validate: () => validateRoot(root, state) });
  return state;
}

/** Marks the time a whole-app synth method runs, so the validation knows to check references. */
function wrapSynth(root: IConstruct, method: string, state: State): void {
  const target = root as unknown as Record<string, unknown>;
  const original = target[method];
  if (typeof original !== 'function') return;
  target[method] = function wrapped(this: unknown, ...args: unknown[]) {
    const outer = state.fullSynth;
    const outerResult = state.synthResult;
    state.fullSynth = true;
    state.synthResult = undefined;
    const memoized = outer ? [] : memoizeToJson(root);
    try {
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      for (const obj of memoized) delete (obj as unknown as Record<string, unknown>).toJson;
      state.fullSynth = outer;
      state.synthResult = outerResult;
      // Construct warnings (e.g. a Trigger on an undeclared event type) are
      // added by node validations, which run during synth: print them after.
      if (!outer) printConstructWarnings(root);
    }
  };
}

function printConstructWarnings(root: IConstruct): void {
  for (const c of root.node.findAll()) {
    for (const message of warningsOf(c)) process.stderr.write(`cdk8s-knative: warning: [${c.node.path}] ${message}\n`);
  }
}

function validateRoot(root: IConstruct, state: State): string[] {
  if (state.running || state.options.enabled === false) return [];
  // cdk8s validates once for the app and again in every chart.toJson():
  // within one whole-app synth, run the engine once.
  if (state.fullSynth && state.synthResult) return state.synthResult;
  state.running = true;
  try {
    state.synthResult = validateOnce(root, state);
    return state.synthResult;
  } finally {
    state.running = false;
  }
}

function validateOnce(root: IConstruct, state: State): string[] {
  const layers: Layer[] = state.fullSynth ? ['schema', 'semantic', 'reference'] : ['schema'];
  const problems = run(root, state.options, layers);
  const warnings = problems.filter(p => p.severity === 'warning');
  if (state.fullSynth) {
    for (const w of warnings) process.stderr.write(`cdk8s-knative: ${formatProblem(w, 'synth')}\n`);
  }
  const errors = problems.filter(p => p.severity === 'error');
  if (errors.length === 0) return [];
  const lines = errors.map(p => `    ${formatProblem(p, 'synth')}`);
  return [`cdk8s-knative found ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${lines.join('\n')}`];
}

function run(root: IConstruct, options: AppValidationOptions, layers: Layer[]): Problem[] {
  if (options.enabled === false) return [];
  const manifests: Manifest[] = [];
  const sources: ManifestSource[] = [];
  const externals: KReference[] = [];
  for (const c of root.node.findAll()) {
    if (ApiObject.isApiObject(c)) {
      manifests.push(c.toJson() as Manifest);
      sources.push({ constructPath: constructPathOf(c) });
    } else if (ExternalObject.isExternalObject(c)) {
      externals.push(c.reference);
    } else {
      const imported = importedResource(c);
      if (imported) externals.push(imported);
    }
  }
  return validateManifests(manifests, { config: options.config, strict: options.strict, externals, sources, layers, requireRefs: true });
}

/**
 * A cdk8s-plus import such as `Secret.fromSecretName()`: a construct with the
 * resource getters (`kind`, `apiVersion`, `name`, `resourceType`) but no API
 * object of its own. Its namespace is not known, so it matches any (`*`).
 */
function importedResource(c: IConstruct): KReference | undefined {
  if (c.node.children.some(child => ApiObject.isApiObject(child))) return undefined;
  try {
    const r = c as unknown as Record<string, unknown>;
    if (typeof r.resourceType !== 'string' || typeof r.kind !== 'string' || typeof r.apiVersion !== 'string' || typeof r.name !== 'string') {
      return undefined;
    }
    return { apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: '*' };
  } catch {
    return undefined;
  }
}

/** The path of the construct a user wrote: the parent of the wrapped `Resource` child. */
function constructPathOf(obj: ApiObject): string {
  const parent = obj.node.scope;
  return obj.node.id === 'Resource' && parent ? parent.node.path : obj.node.path;
}

/**
 * For the length of one whole-app synth, makes every ApiObject compute its
 * JSON once: the validation and cdk8s' writing then share it. The tree does
 * not change while it is synthesized. Returns the objects to restore.
 */
function memoizeToJson(root: IConstruct): ApiObject[] {
  const objects = root.node.findAll().filter(ApiObject.isApiObject);
  for (const obj of objects) {
    let json: unknown;
    const compute = obj.toJson; // a generated subclass may override it
    Object.defineProperty(obj, 'toJson', {
      configurable: true,
      writable: true,
      value: function toJsonOnce(this: ApiObject) {
        json ??= compute.call(this);
        return json;
      },
    });
  }
  return objects;
}
