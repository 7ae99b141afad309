/**
 * Validation of a whole app on synth: the three layers of the engine run as
 * a validation of the app's root (`node.addValidation`), so `app.synth()`,
 * `app.synthYaml()`, `chart.toJson()` and `Testing.synth()` all fail with one
 * error listing every problem, before cdk8s writes a file. Nothing of the
 * App or of cdk8s is patched.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ImportedObject } from '../core/external';
import { plainValue } from '../core/install-values';
import { deferredWarningsOf, warningsOf } from '../core/warnings';
import { ClusterConfig } from './cluster-config';
import { readCrds } from './crd-files';
import { formatProblem, hasErrors, validateManifests } from './engine';
import { CustomResourceSchemas } from './schema';
import { Manifest, ManifestSource, ObjectRef, Problem } from './types';

/** How an app is validated on synth; see {@link Validation.configure}. */
export interface ValidationOptions {
  /**
   * Whether the app is validated at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The target cluster's settings (feature flags, defaults, autoscaler).
   * @default ClusterConfig.DEFAULT - a stock Knative install
   */
  readonly clusterConfig?: ClusterConfig;
  /**
   * Whether an object whose kind has no known schema fails synth.
   * @default false - a warning
   */
  readonly strict?: boolean;
  /**
   * Whether warnings are written to stderr when the app is validated.
   * @default true
   */
  readonly printWarnings?: boolean;
  /**
   * CustomResourceDefinitions to check custom kinds with: paths of YAML or
   * JSON files, or of folders searched for them (relative to the working
   * directory). Objects of their kinds (a RabbitmqSource, your own CRD) are
   * checked against the CRD's OpenAPI schema and CEL rules instead of being
   * "not checked", so `strict` passes for them.
   * @default - none: kinds the package does not know are not checked
   */
  readonly crds?: string[];
}

/** How bad a {@link ValidationProblem} is. */
export enum ProblemSeverity {
  /** Fails synth and the CLI. */
  ERROR = 'error',
  /** Only shown. */
  WARNING = 'warning',
}

/** Which layer of the engine found a {@link ValidationProblem}. */
export enum ValidationLayer {
  /** The CRD's or Kubernetes' OpenAPI schema and CEL rules. */
  SCHEMA = 'schema',
  /** Knative's (and Tekton's) admission rules. */
  SEMANTIC = 'semantic',
  /** Cross-object references. */
  REFERENCE = 'reference',
}

/** One thing wrong with one object. */
export interface ValidationProblem {
  /** Errors fail; warnings are shown. */
  readonly severity: ProblemSeverity;
  /** The layer that found it. */
  readonly layer: ValidationLayer;
  /** Stable id of the rule, e.g. `serving/container-concurrency-range`. */
  readonly rule: string;
  /** The object's apiVersion. */
  readonly apiVersion: string;
  /** The object's kind. */
  readonly kind: string;
  /** The object's name. */
  readonly name: string;
  /**
   * The object's namespace.
   * @default - not set on the object
   */
  readonly namespaceName?: string;
  /** Field path in the object, dotted with indices: `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
  /**
   * What is allowed, or how to fix it.
   * @default - no hint
   */
  readonly hint?: string;
  /**
   * The path of the construct that produced the object.
   * @default - not known (the object was read from a file)
   */
  readonly constructPath?: string;
  /** The problem as one line: `[construct path] Kind/name: path: message (hint)`. */
  readonly text: string;
}

/** The result of {@link Validation.validate}. */
export interface ValidationResult {
  /** Every problem, errors and warnings, in a stable order. */
  readonly problems: ValidationProblem[];
  /** True when no problem is an error. */
  readonly valid: boolean;
}

const ID = 'cdk8s-knative.Validation';

/**
 * The validation of one app. Every construct of this library turns it on for
 * its app; an app made only of other constructs turns it on with
 * `Validation.of(app)`.
 *
 * On synth every API object of the app is checked against its CRD or
 * Kubernetes schema, Knative's admission rules and the app's
 * cross-references; objects imported with `fromXxxName()` (and cdk8s-plus
 * imports such as `Secret.fromSecretName()`) count as existing. An invalid
 * app fails synth with one error listing every problem.
 */
export class Validation extends Construct {
  /**
   * The validation of the app that holds `scope`, created (and attached to
   * the app's root) the first time it is asked for.
   */
  public static of(scope: IConstruct): Validation {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(ID);
    if (existing instanceof Validation) return existing;
    if (existing) throw new Error(`[${root.node.path}] the construct id ${ID} is reserved for cdk8s-knative's validation`);
    return new Validation(root, ID);
  }

  private options: ValidationOptions = {};
  /** The problems of the last run, by a fingerprint of the manifests and options. */
  private last?: { key: string; collected: Collected; messages: string[] };
  /** The registered CRDs, read once per list of paths. */
  private custom?: { key: string; schemas: CustomResourceSchemas };
  /** The objects rendered in the current validation pass of cdk8s, shared by the validations of this package. */
  private passObjects?: Collected;
  /** The objects as the last pass of the running `app.synth()` left them, for its later passes. */
  private synthObjects?: Collected;
  /** Whether the current pass belongs to a running `app.synth()` / `app.synthYaml()`. */
  private inSynth = false;

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    // cdk8s validates the root first in every pass (its validations before any child's): a pass starts here
    scope.node.addValidation({ validate: () => {
      // App.synth() validates the app, then again in each chart's toJson() with nothing run in between
      // but cdk8s' own ordering: those passes take the objects as the first left them
      const pass = cdk8sPass();
      this.passObjects = pass === Cdk8sPass.CHART_OF_SYNTH ? this.synthObjects : undefined;
      if (pass !== Cdk8sPass.CHART_OF_SYNTH) this.synthObjects = undefined;
      this.inSynth = pass !== Cdk8sPass.OTHER;
      return [];
    } });
    this.node.addValidation({ validate: () => {
      try {
        return this.validateOnSynth();
      } finally {
        // this validation is the pass's last reader; a later call outside a pass renders afresh
        this.synthObjects = this.inSynth ? this.passObjects : undefined;
        this.passObjects = undefined;
        this.inSynth = false;
      }
    } });
  }

  /**
   * @internal The app's API objects rendered once for the current validation
   * pass, for the validations of this package that read them (the apply
   * order, then this validation). A validation that changes an object calls
   * {@link _objectsChanged}.
   */
  public _passObjects(): { readonly objects: readonly ApiObject[]; readonly manifests: readonly Manifest[] } {
    return this.passObjects ??= collect(this.node.root);
  }

  /** @internal An object changed after {@link _passObjects} rendered it: the next reader renders again. */
  public _objectsChanged(): void {
    this.passObjects = undefined;
  }

  /**
   * Sets how the app is validated; each call overrides the options it sets
   * and keeps the others.
   */
  public configure(options: ValidationOptions): void {
    this.options = { ...this.options, ...dropUndefined(options) };
  }

  /**
   * Validates every API object of the app with all three layers, as synth
   * does, and returns the problems instead of throwing.
   */
  public validate(): ValidationResult {
    const problems = this.run();
    return { problems: problems.map(toPublic), valid: !hasErrors(problems) };
  }

  private run(): Problem[] {
    const { manifests, sources, externals } = collect(this.node.root);
    const settings = (this.options.clusterConfig ?? ClusterConfig.DEFAULT)._settings;
    return validateManifests(manifests, {
      config: settings, strict: this.options.strict, externals, sources, requireRefs: true, customResources: this.customResources(),
    });
  }

  /**
   * The schemas of the CRDs of the `crds` option, read on first use.
   * @throws Error naming the path when a CRD cannot be read or compiled
   */
  private customResources(): CustomResourceSchemas | undefined {
    const paths = this.options.crds ?? [];
    if (paths.length === 0) return undefined;
    const key = JSON.stringify(paths);
    if (this.custom?.key !== key) {
      try {
        this.custom = { key, schemas: new CustomResourceSchemas(readCrds(paths)) };
      } catch (e) {
        throw new Error(`[${this.node.root.node.path || 'app'}] Validation crds: ${(e as Error).message}`);
      }
    }
    return this.custom.schemas;
  }

  private validateOnSynth(): string[] {
    if (this.options.enabled === false) return [];
    const root = this.node.root;
    const collected = this._passObjects() as Collected;
    // the same renders as the last check (a later pass of the same app.synth()): the same answer
    if (this.last !== undefined && this.last.collected === collected) return this.last.messages;
    // cdk8s runs the app's validations once per synth and again in every
    // chart.toJson(): the engine runs again only when the objects changed.
    const key = JSON.stringify([collected.manifests, collected.externals, this.options.strict, this.options.clusterConfig?._settings, this.options.crds]);
    if (this.last?.key === key) {
      this.last = { ...this.last, collected };
      return this.last.messages;
    }
    const settings = (this.options.clusterConfig ?? ClusterConfig.DEFAULT)._settings;
    let customResources: CustomResourceSchemas | undefined;
    try {
      customResources = this.customResources();
    } catch (e) {
      return [(e as Error).message];
    }
    const problems = validateManifests(collected.manifests, {
      config: settings, strict: this.options.strict, externals: collected.externals, sources: collected.sources, requireRefs: true, customResources,
    });
    if (this.options.printWarnings !== false) {
      for (const c of root.node.findAll()) {
        for (const message of [...warningsOf(c), ...deferredWarningsOf(c)]) {
          process.stderr.write(`cdk8s-knative: warning: [${c.node.path}] ${message}\n`);
        }
      }
      for (const w of problems.filter(p => p.severity === 'warning')) process.stderr.write(`cdk8s-knative: ${formatProblem(w, 'synth')}\n`);
    }
    const errors = problems.filter(p => p.severity === 'error');
    const messages = errors.length === 0 ? [] : [
      `cdk8s-knative found ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n${errors.map(p => `    ${formatProblem(p, 'synth')}`).join('\n')}`,
    ];
    this.last = { key, collected, messages };
    return messages;
  }
}

/** Who runs a validation pass of cdk8s. */
enum Cdk8sPass {
  /** `app.synth()` or `app.synthYaml()`, before it renders the charts. */
  SYNTH,
  /** A chart's `toJson()` called by `app.synth()` or `app.synthYaml()` (cdk8s validates the app again there). */
  CHART_OF_SYNTH,
  /** Anything else: `chart.toJson()` or `Testing.synth()` from user code, a direct `node.validate()`. */
  OTHER,
}

/**
 * Which pass of cdk8s is running, read from the call stack (V8's call sites,
 * not the text): cdk8s' `validate(app)` in `lib/app.js`, called by
 * `App.synth`/`App.synthYaml`, or by `App._synthChart` from `Chart.toJson`
 * called by them. A stack that does not read so (another cdk8s, a limit of 0
 * frames) is OTHER, and the pass renders the objects again.
 */
function cdk8sPass(): Cdk8sPass {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  let frames: NodeJS.CallSite[] = [];
  try {
    Error.stackTraceLimit = 24;
    Error.prepareStackTrace = (_e, callSites) => callSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, cdk8sPass);
    frames = Array.isArray(holder.stack) ? holder.stack as NodeJS.CallSite[] : [];
  } catch {
    frames = [];
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
  const is = (i: number, names: string[], file: string) => {
    const f = frames[i];
    const fileName = f?.getFileName() ?? '';
    return f !== undefined && names.includes(f.getFunctionName() ?? '')
      && (fileName.endsWith(`/cdk8s/lib/${file}`) || fileName.endsWith(`\\cdk8s\\lib\\${file}`));
  };
  const at = frames.findIndex((_f, i) => is(i, ['validate'], 'app.js'));
  if (at < 0) return Cdk8sPass.OTHER;
  if (is(at + 1, ['synth', 'synthYaml'], 'app.js')) return Cdk8sPass.SYNTH;
  if (is(at + 1, ['_synthChart'], 'app.js') && is(at + 2, ['toJson'], 'chart.js') && is(at + 3, ['synth', 'synthYaml'], 'app.js')) {
    return Cdk8sPass.CHART_OF_SYNTH;
  }
  return Cdk8sPass.OTHER;
}

interface Collected {
  objects: ApiObject[];
  manifests: Manifest[];
  sources: ManifestSource[];
  externals: ObjectRef[];
}

function collect(root: IConstruct): Collected {
  const objects: ApiObject[] = [];
  const manifests: Manifest[] = [];
  const sources: ManifestSource[] = [];
  const externals: ObjectRef[] = [];
  for (const c of root.node.findAll()) {
    if (ApiObject.isApiObject(c)) {
      objects.push(c);
      manifests.push(c.toJson() as Manifest);
      sources.push({ constructPath: constructPathOf(c) });
    } else if (ImportedObject.isImportedObject(c)) {
      // a chart value in the reference counts by its default, as in the manifests
      const r = plainValue(c, { ...c.reference });
      externals.push({ apiVersion: r.apiVersion, kind: r.kind, name: r.name, namespace: r.namespaceName });
    } else {
      const imported = importedResource(c);
      if (imported) externals.push(imported);
    }
  }
  return { objects, manifests, sources, externals };
}

/**
 * A cdk8s-plus import such as `Secret.fromSecretName()`: a construct with the
 * resource getters (`kind`, `apiVersion`, `name`, `resourceType`) but no API
 * object of its own. Its namespace is not known, so it matches any (`*`).
 */
function importedResource(c: IConstruct): ObjectRef | undefined {
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

function toPublic(p: Problem): ValidationProblem {
  return {
    severity: p.severity === 'error' ? ProblemSeverity.ERROR : ProblemSeverity.WARNING,
    layer: p.layer === 'schema' ? ValidationLayer.SCHEMA : p.layer === 'semantic' ? ValidationLayer.SEMANTIC : ValidationLayer.REFERENCE,
    rule: p.rule,
    apiVersion: p.object.apiVersion,
    kind: p.object.kind,
    name: p.object.name,
    ...(p.object.namespace !== undefined ? { namespaceName: p.object.namespace } : {}),
    path: p.path,
    message: p.message,
    ...(p.hint !== undefined ? { hint: p.hint } : {}),
    ...(p.source?.constructPath !== undefined ? { constructPath: p.source.constructPath } : {}),
    text: formatProblem(p, 'synth'),
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
