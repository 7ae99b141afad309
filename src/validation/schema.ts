/**
 * Layer 1 of the validation engine: the OpenAPI v3 schema of each object's
 * kind, from the CRDs vendored under `imports/crds` and the Kubernetes
 * definitions under `imports/crds/kubernetes`.
 *
 * Schemas are found, translated and compiled lazily, each once per process:
 * validating a Knative Service reads and parses only the CRD document that
 * defines Service, found with `imports/crds/index.json` (written by
 * `scripts/index-crds.js`; without a matching index, a text scan of the files).
 *
 * A kind's validator is loaded from `lib/schemas/<apiVersion>_<kind>.js.gz`
 * when that gzipped module exists and was generated (by `scripts/compile-schemas.js`,
 * Ajv standalone code) from the same translated schema, Ajv options and Ajv
 * version; otherwise it is compiled at run time. Both give the same errors.
 *
 * When `lib/schemas/catalog.json` (see `schema-catalog.ts`) was generated from
 * this very code and CRD folder, the modules are used straight away: no CRD is
 * read, parsed or translated and Ajv itself is not loaded.
 *
 * The CEL rules a kind's schema declares (`x-kubernetes-validations`) are run
 * after the schema check (`cel/evaluate.ts`) and reported as `schema/cel`.
 * Their tree comes from the translated schema (`cel/tree.ts`) or, with the
 * catalog, from `lib/schemas/cel-rules.json`; a kind without rules costs nothing.
 */
import { typoDistance } from '../core/did-you-mean';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import type Ajv from 'ajv';
import type { Code, ErrorObject, KeywordCxt, Name, Options, ValidateFunction } from 'ajv';
import { describeValue as describeShownValue } from '../core/errors';
import { appendPath, pointerToPath } from './paths';
import { CelNode, celTreeOf } from './cel/tree';
import { Catalog, inputsHash, readCatalog, readCelTrees } from './schema-catalog';
import { touchesSecretValues } from './secret-values';
import { Manifest } from './types';

/** One schema violation of one object. */
export interface SchemaViolation {
  /** `schema/<keyword>`, e.g. `schema/required`, `schema/unknown-field`. */
  readonly rule: string;
  /** Dotted field path. */
  readonly path: string;
  /** What is wrong, with the bad value. */
  readonly message: string;
  /** What is allowed, when the schema tells. */
  readonly hint?: string;
}

/** The outcome of checking one object against its schema. */
export interface SchemaResult {
  /**
   * False when no schema is known for the object's group and kind; the
   * object was not checked.
   */
  readonly checked: boolean;
  /** Every violation, sorted by path; empty when valid or not checked. */
  readonly violations: readonly SchemaViolation[];
}

const K8S_DEFINITIONS = 'kubernetes/v1.34.0/_definitions.json';
const K8S_ID = 'k8s.json';
/** The index of the CRD folder, from `scripts/index-crds.js`. */
const CRD_INDEX = 'index.json';
const OBJECT_META = `${K8S_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;
const CRD_KINDS_OF_FILE = /\bnames:\s*\n(?:[ \t]+.*\n)*?[ \t]+kind:\s*["']?([A-Za-z0-9]+)/g;
const CRD_GROUP_OF_FILE = /^[ \t]+group:[ \t]*["']?([a-z0-9.-]+)["']?[ \t]*$/gm;
/** Our Ajv keyword for `x-kubernetes-list-type: map`: items are unique by their `x-kubernetes-list-map-keys`. */
const LIST_MAP_KEYS = 'k8sListMapKeys';
const AJV_FORMATS = new Set(['date', 'time', 'date-time', 'iso-time', 'iso-date-time', 'duration', 'uri', 'uri-reference',
  'uri-template', 'url', 'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer', 'json-pointer-uri-fragment',
  'relative-json-pointer', 'byte', 'int32', 'int64', 'float', 'double', 'password', 'binary']);

type Json = Record<string, any>;

/**
 * Modules only some processes need, loaded on first use: with a matching catalog a
 * process never loads Ajv's compiler or a YAML parser for schemas, and the CEL
 * evaluator is loaded when a schema with CEL rules first checks an object.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const lazy = {
  ajv: () => require('ajv') as typeof import('ajv'),
  addFormats: () => (require('ajv-formats') as typeof import('ajv-formats')).default,
  jsYaml: () => require('js-yaml') as typeof import('js-yaml'),
  yaml: () => require('yaml') as typeof import('yaml'),
  evaluateCel: () => (require('./cel/evaluate') as typeof import('./cel/evaluate')).evaluateCel,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The Ajv options of every validator, compiled here or generated ahead of time
 * (`code.source` is added for generation only: it does not change the checks).
 * Unoptimized code compiles in about half the time (each large CRD schema is
 * compiled once per process) and checks only slightly slower (~1 µs more per
 * Knative Service).
 */
const AJV_OPTIONS: Options = {
  allErrors: true, strict: false, verbose: true, unicodeRegExp: false, validateSchema: false, code: { optimize: false },
  // Every `$ref` is a call: the subschemas {@link splitSchema} hoists stay functions of their own.
  inlineRefs: false,
};
/**
 * A subschema below the root with more schema nodes than this (after its own
 * large subschemas are hoisted) becomes a function of its own: see {@link splitSchema}.
 */
const SPLIT_MIN_NODES = 24;
/** Keywords of the translated schemas that no check reads: {@link splitSchema} leaves them out. */
const UNCHECKED_KEYWORDS = new Set(['description', 'title', 'example', 'x-kubernetes-validations']);
/** The `definitions` key prefix of hoisted subschemas (no CRD or Kubernetes definition uses it). */
const SPLIT_PREFIX = 'cdk8s-knative-';
/**
 * Bump when something that shapes generated validators changes outside the
 * translated schema, the Ajv options and the Ajv version (e.g. the code of
 * {@link LIST_MAP_KEYS}): older generated modules are then ignored.
 */
const PRECOMPILED_FORMAT = 3;
/** Where `scripts/compile-schemas.js` writes the generated validators, relative to the CRD folder. */
const PRECOMPILED_FROM_CRDS = ['..', '..', 'lib', 'schemas'];

/** `group/kind` → `[file relative to the CRD folder, start, end]` of each defining document (character offsets). */
type CrdIndex = Map<string, Array<[string, number, number]>>;

interface Entry {
  /** The translated schema; compiled on first use. */
  readonly schema: Json;
  validate?: ValidateFunction;
  /** Where {@link validate} came from. */
  source?: 'precompiled' | 'compiled';
  /** The CEL rules' tree; null when the schema declares none; built on first use. */
  cel?: CelNode | null;
}

/** Options of a {@link SchemaRegistry}. */
export interface SchemaRegistryOptions {
  /**
   * The folder of generated validators (`lib/schemas` of the package by
   * default); `false` compiles every schema at run time.
   */
  readonly precompiled?: string | false;
  /** Keep the source code of compiled validators (for `scripts/compile-schemas.js`). @internal */
  readonly source?: boolean;
  /**
   * Compile each schema as one function, without hoisting its large
   * subschemas ({@link splitSchema}); for the tests that compare both. @internal
   */
  readonly unsplit?: boolean;
}

/**
 * Finds the vendored `imports/crds` folder by walking up from this file, so
 * it is found from `src/validation` (ts-jest), `lib/src/validation` (built)
 * and from an installed package.
 */
export function findCrdDirectory(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, 'imports', 'crds');
    if (fs.existsSync(path.join(candidate, K8S_DEFINITIONS))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cdk8s-knative: cannot find the vendored schemas (imports/crds) above ${from}; is the package installed completely?`);
    }
    dir = parent;
  }
}

/**
 * The schemas of every kind the package knows, loaded lazily. Use the
 * process-wide {@link schemaRegistry}; a separate instance is only useful
 * with another CRD folder.
 */
export class SchemaRegistry {
  private readonly crdDir: string;
  private ajvInstance?: Ajv;
  private readonly formats = new Set<string>();
  /** `apiVersion/kind` → schema. */
  private readonly entries = new Map<string, Entry>();
  /** `group/kind` → the apiVersions served for it. */
  private readonly versions = new Map<string, string[]>();
  /** `group/kind` → CRD files that appear to define it (a cheap text scan). */
  private candidates?: Map<string, string[]>;
  /** The CRD folder's index; null when it is missing or does not match the folder. */
  private index?: CrdIndex | null;
  private readonly loadedFiles = new Set<string>();
  /** `file#start` of documents loaded through the index. */
  private readonly loadedDocs = new Set<string>();
  private allFilesLoaded = false;
  private readonly precompiledDir: string | false;
  private readonly keepSource: boolean;
  private readonly unsplit: boolean;
  /** Hash of what every validator shares: Ajv version and options, the translated Kubernetes definitions. */
  private commonHash = '';
  /** The generated validators' catalog when it matches; null when it does not (checked once). */
  private catalogState?: Catalog | null;
  /** Validators loaded through the catalog; null when the module would not load. */
  private readonly catalogValidators = new Map<string, ValidateFunction | null>();
  /** The catalog's CEL trees (`cel-rules.json`), read when a kind with rules is first validated; null when unreadable. */
  private catalogCelTrees?: Record<string, CelNode> | null;
  /** Kinds by API group, for {@link kindsOfGroup}. */
  private groupKinds?: Map<string, string[]>;
  /** Compiled schemas of user CRD versions, by the schema's JSON text. */
  private readonly customCache = new Map<string, { validate: ValidateFunction; cel: CelNode | null }>();

  /**
   * @param crdDir the folder of vendored CRDs (with `kubernetes/v1.34.0/_definitions.json`)
   * @param options where generated validators are
   */
  constructor(crdDir: string = findCrdDirectory(), options: SchemaRegistryOptions = {}) {
    this.crdDir = crdDir;
    this.precompiledDir = options.precompiled ?? path.join(crdDir, ...PRECOMPILED_FROM_CRDS);
    this.keepSource = options.source ?? false;
    this.unsplit = options.unsplit ?? false;
  }

  /**
   * Checks `obj` against the schema of its `apiVersion` and `kind` and returns
   * every violation (not only the first).
   */
  public validate(original: Manifest): SchemaResult {
    const obj = tektonRoundTrip(pruneNullFields(original));
    const catalog = this.catalog();
    const fromCatalog = catalog && this.validateWithCatalog(catalog, obj);
    if (fromCatalog) return fromCatalog;
    const key = `${obj.apiVersion}/${obj.kind}`;
    const entry = this.lookup(obj.apiVersion, obj.kind);
    if (!entry) {
      const served = this.versions.get(groupKind(obj.apiVersion, obj.kind));
      if (served) return notServed(obj, served);
      return { checked: false, violations: [] };
    }
    if (entry.cel === undefined) entry.cel = celTreeOf(entry.schema) ?? null;
    return withCel(check(this.validatorOf(key, entry), obj), entry.cel, obj);
  }

  /**
   * Checks `obj` with what the catalog lists; undefined when the catalog
   * cannot tell (a module that will not load: the schema is compiled instead).
   */
  private validateWithCatalog(catalog: Catalog, obj: Manifest): SchemaResult | undefined {
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
    const key = `${obj.apiVersion}/${obj.kind}`;
    if (!catalog.kinds.has(key)) {
      const served = catalog.served.get(groupKind(obj.apiVersion, obj.kind));
      return served ? notServed(obj, served) : { checked: false, violations: [] };
    }
    if (!catalog.modules.has(key)) return undefined;
    let validate = this.catalogValidators.get(key);
    if (validate === undefined) {
      validate = this.loadModule(key) ?? null;
      this.catalogValidators.set(key, validate);
    }
    if (!validate) return undefined;
    const result = check(validate, obj);
    if (!catalog.celKinds.has(key)) return result;
    const tree = this.celTreesOfCatalog(catalog)?.[key];
    return tree ? withCel(result, tree, obj) : undefined;
  }

  /** The catalog's CEL trees, read once; undefined when the file is missing or not the catalog's. */
  private celTreesOfCatalog(catalog: Catalog): Record<string, CelNode> | undefined {
    if (this.catalogCelTrees === undefined) {
      this.catalogCelTrees = (this.precompiledDir !== false && readCelTrees(this.precompiledDir, catalog.inputs)) || null;
    }
    return this.catalogCelTrees ?? undefined;
  }

  /**
   * The catalog of {@link precompiledDir} when it was generated from this
   * code and CRD folder; computed once.
   */
  private catalog(): Catalog | undefined {
    if (this.catalogState === undefined) {
      this.catalogState = null;
      if (this.precompiledDir !== false) {
        this.catalogState = readCatalog(this.precompiledDir, () => this.catalogInputs()) ?? null;
      }
    }
    return this.catalogState ?? undefined;
  }

  /**
   * What the catalog's hash covers besides the CRD folder: the text of this
   * module (the translation of schemas, the Ajv options, the list-map keyword)
   * and the Ajv version. Empty when this file cannot be read (e.g. bundled):
   * no catalog then matches. @internal
   */
  public catalogInputs(): string {
    let code: string;
    try {
      code = [__filename, require.resolve('./cel/tree')].map(f => fs.readFileSync(f, 'utf8')).join('\0');
    } catch {
      return '';
    }
    return inputsHash(this.crdDir, `${PRECOMPILED_FORMAT}\0${ajvVersion()}\0${code}`);
  }

  /**
   * The kinds of an API group that the package knows, sorted (from the
   * catalog of generated validators when it matches, else from every vendored
   * schema, loaded once). @internal
   */
  public kindsOfGroup(group: string): string[] {
    if (!this.groupKinds) {
      const catalog = this.catalog();
      const gks = catalog ? [...catalog.served.keys()] : [...this.servedKinds().keys()];
      const byGroup = new Map<string, string[]>();
      for (const gk of gks) {
        const slash = gk.lastIndexOf('/');
        const list = byGroup.get(gk.slice(0, slash)) ?? [];
        list.push(gk.slice(slash + 1));
        byGroup.set(gk.slice(0, slash), list);
      }
      for (const list of byGroup.values()) list.sort();
      this.groupKinds = byGroup;
    }
    return [...this.groupKinds.get(group) ?? []];
  }

  /** `group/kind` → apiVersions, for every kind the index (or the file scan) lists and every Kubernetes kind; loads them all. @internal */
  public servedKinds(): Map<string, string[]> {
    this.indexedKinds();
    return new Map([...this.versions].map(([gk, versions]) => [gk, [...versions]]));
  }
  /** The hash a generated validator of `apiVersion/kind` must carry to be used. @internal */
  public schemaHashOf(apiVersion: string, kind: string): string | undefined {
    const entry = this.lookup(apiVersion, kind);
    return entry ? this.hashOf(entry.schema) : undefined;
  }

  /** The CEL rules' tree of `apiVersion/kind`; undefined when it declares none (for `scripts/compile-schemas.js`). @internal */
  public celTreeOf(apiVersion: string, kind: string): CelNode | undefined {
    const entry = this.lookup(apiVersion, kind);
    return entry ? celTreeOf(entry.schema) : undefined;
  }

  /** The validator of `apiVersion/kind` compiled now (for `scripts/compile-schemas.js`, with the `source` option). @internal */
  public compileForStandalone(apiVersion: string, kind: string): { validate: ValidateFunction } | undefined {
    const entry = this.lookup(apiVersion, kind);
    return entry ? { validate: this.compile(`${apiVersion}/${kind}`, entry) } : undefined;
  }

  /** The Ajv instance that compiled {@link compileForStandalone}'s validators. @internal */
  public ajvForStandalone(): Ajv {
    return this.ajv;
  }

  /** Every `apiVersion/kind` of the CRD kinds the index (or, without one, the file scan) lists; loads their documents. @internal */
  public indexedKinds(): string[] {
    // eslint-disable-next-line @typescript-eslint/no-unused-expressions
    this.ajv;
    const gks = new Set((this.crdIndex() ?? this.scan()).keys());
    for (const gk of gks) this.lookup(`${gk.slice(0, gk.lastIndexOf('/'))}/v0`, gk.slice(gk.lastIndexOf('/') + 1));
    return [...this.entries.keys()].filter(key => gks.has(groupKind(key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1))));
  }

  /** Whether the catalog of generated validators matched and is used (for tests). @internal */
  public usesCatalog(): boolean {
    return this.catalog() !== undefined;
  }

  /** Whether the validator of `apiVersion/kind` was loaded precompiled or compiled, once used (for tests). @internal */
  public validatorSource(apiVersion: string, kind: string): 'precompiled' | 'compiled' | undefined {
    if (this.catalogValidators.get(`${apiVersion}/${kind}`)) return 'precompiled';
    return this.entries.get(`${apiVersion}/${kind}`)?.source;
  }

  /** The validator of an entry: generated ahead of time when up to date, else compiled now. */
  private validatorOf(key: string, entry: Entry): ValidateFunction {
    if (entry.validate) return entry.validate;
    const loaded = this.loadPrecompiled(key, entry.schema);
    if (loaded) {
      entry.validate = loaded;
      entry.source = 'precompiled';
      return loaded;
    }
    return this.compile(key, entry);
  }

  private compile(key: string, entry: Entry): ValidateFunction {
    if (entry.validate && entry.source === 'compiled') return entry.validate;
    try {
      entry.validate = this.ajv.compile(this.unsplit ? entry.schema : splitSchema(entry.schema));
    } catch (e) {
      throw new Error(`cdk8s-knative: cannot compile the schema of ${key}: ${(e as Error).message}`);
    }
    entry.source = 'compiled';
    return entry.validate;
  }

  /**
   * The generated validator of `key`, when its module exists and starts with
   * the hash of the schema it would compile (a gzipped CommonJS module, run here).
   */
  private loadPrecompiled(key: string, schema: Json): ValidateFunction | undefined {
    return this.loadModule(key, `${PRECOMPILED_HASH_PREFIX}${this.hashOf(schema)}\n`);
  }

  /**
   * Runs the generated module of `key` (gzipped CommonJS) when it exists and,
   * if `firstLine` is given, starts with it; undefined otherwise.
   */
  private loadModule(key: string, firstLine?: string): ValidateFunction | undefined {
    if (this.precompiledDir === false) return undefined;
    const file = path.join(this.precompiledDir, precompiledModuleName(key));
    let bytes: Buffer;
    try {
      bytes = gunzipSync(fs.readFileSync(file));
    } catch {
      return undefined; // missing or unreadable: compiled instead
    }
    // Only the module itself is decoded now; each lazy function's bytes are decoded on its first call.
    const lazyAt = lazySourcesOffset(bytes);
    const code = bytes.toString('utf8', 0, lazyAt ?? bytes.length);
    if (firstLine !== undefined && !code.startsWith(firstLine)) return undefined;
    try {
      const mod: { exports: unknown } = { exports: {} };
      // The generated code requires Ajv's runtime and ajv-formats: this package's dependencies.
      const source = (start: number, end: number) => bytes.toString('utf8', lazyAt! + start, lazyAt! + end);
      new Function('module', 'exports', 'require', LAZY_SOURCES, code)(mod, mod.exports, require, source);
      return typeof mod.exports === 'function' ? mod.exports as ValidateFunction : undefined;
    } catch {
      return undefined;
    }
  }

  /** The hash a generated module of this translated schema carries. */
  private hashOf(schema: Json): string {
    return createHash('sha256').update(this.commonHash).update('\0').update(JSON.stringify(schema)).digest('hex');
  }

  /**
   * The validator and CEL tree of one version's schema of a user CRD
   * (see {@link CustomResourceSchemas}), translated as the vendored ones and
   * compiled once per process for the same schema. @internal
   */
  public customValidator(schema: Json | undefined): { validate: ValidateFunction; cel: CelNode | null } {
    const text = JSON.stringify(schema ?? null);
    let compiled = this.customCache.get(text);
    if (!compiled) {
      const ajv = this.ajv;
      const translated = prepareRoot(schema ? JSON.parse(text) : { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true }, this.formats);
      this.registerFormats(ajv);
      compiled = { validate: ajv.compile(this.unsplit ? translated : splitSchema(translated)), cel: celTreeOf(translated) ?? null };
      this.customCache.set(text, compiled);
    }
    return compiled;
  }

  /** True when a schema is known for this apiVersion and kind. */
  public has(apiVersion: string, kind: string): boolean {
    const catalog = this.catalog();
    if (catalog) return catalog.kinds.has(`${apiVersion}/${kind}`);
    return this.lookup(apiVersion, kind) !== undefined;
  }

  /** Every `apiVersion/kind` known after loading all vendored files (for tests and docs). */
  public knownKinds(): string[] {
    this.loadAllFiles();
    return [...this.entries.keys()].sort();
  }

  /** `group/kind` keys the cheap file scan finds; compared with {@link knownKinds} in tests. */
  public scannedKinds(): string[] {
    return [...this.scan().keys()].sort();
  }

  private get ajv(): Ajv {
    if (!this.ajvInstance) {
      const { default: AjvClass, _ } = lazy.ajv();
      const ajv = new AjvClass({ ...AJV_OPTIONS, code: { ...AJV_OPTIONS.code, source: this.keepSource } });
      lazy.addFormats()(ajv);
      ajv.addKeyword({
        keyword: LIST_MAP_KEYS,
        type: 'array',
        schemaType: 'array',
        code: uniqueByKeysCode,
        error: {
          message: 'duplicate key',
          params: ({ params }) => _`{first: ${params.first}, second: ${params.second}, keys: ${params.keys}}`,
        },
      });
      this.ajvInstance = ajv;
      this.loadKubernetes(ajv);
    }
    return this.ajvInstance;
  }

  private lookup(apiVersion: string, kind: string): Entry | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
    // eslint-disable-next-line @typescript-eslint/no-unused-expressions
    this.ajv; // the Kubernetes definitions are indexed with the Ajv instance
    const key = `${apiVersion}/${kind}`;
    const gk = groupKind(apiVersion, kind);
    if (this.entries.has(key) || this.versions.has(gk)) return this.entries.get(key);
    const index = this.crdIndex();
    if (index) {
      for (const [file, start, end] of index.get(gk) ?? []) this.loadDocument(file, start, end, gk);
    } else {
      // The scan is checked against a full parse of every vendored file in the tests,
      // so a kind it does not find is not defined by any vendored CRD.
      for (const file of this.scan().get(gk) ?? []) this.loadFile(file);
    }
    return this.entries.get(key);
  }

  private loadKubernetes(ajv: Ajv): void {
    const doc = JSON.parse(fs.readFileSync(path.join(this.crdDir, K8S_DEFINITIONS), 'utf8')) as { definitions: Record<string, Json> };
    // Kubernetes decodes its own types with Go's JSON rules: null means "not set".
    for (const def of Object.values(doc.definitions)) prepare(def, this.formats, true);
    this.commonHash = createHash('sha256')
      .update(`${PRECOMPILED_FORMAT}\0${SPLIT_MIN_NODES}\0${[...UNCHECKED_KEYWORDS].join()}\0${splitSchema.toString()}\0${ajvVersion()}\0${JSON.stringify(AJV_OPTIONS)}\0`)
      // the module's lazy form (functions and constants as text) is part of what a module holds
      .update(`${lazyValidatorModule.toString()}\0${lazyConstants.toString()}\0${jsonLiteralEnd.toString()}\0${LAZY_JSON_CODE}\0`)
      .update(JSON.stringify(doc.definitions))
      .digest('hex');
    this.registerFormats(ajv);
    ajv.addSchema({ $id: K8S_ID, definitions: doc.definitions });
    for (const [name, def] of Object.entries(doc.definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'];
      if (!Array.isArray(gvks) || gvks.length !== 1) continue;
      const { group, version, kind } = gvks[0] as { group: string; version: string; kind: string };
      const apiVersion = group ? `${group}/${version}` : version;
      this.add(apiVersion, kind, { $ref: `${K8S_ID}#/definitions/${name}` });
    }
  }

  private add(apiVersion: string, kind: string, schema: Json): void {
    const key = `${apiVersion}/${kind}`;
    if (this.entries.has(key)) return;
    this.entries.set(key, { schema });
    const gk = groupKind(apiVersion, kind);
    const served = this.versions.get(gk) ?? [];
    served.push(apiVersion);
    this.versions.set(gk, served);
  }

  /**
   * The CRD folder's `index.json`, when it lists exactly the YAML files there,
   * each with its current size; otherwise undefined (the files are scanned).
   */
  private crdIndex(): CrdIndex | undefined {
    if (this.index !== undefined) return this.index ?? undefined;
    this.index = null;
    let parsed: { files?: Record<string, unknown>; kinds?: Record<string, Array<[string, number, number]>> };
    try {
      parsed = JSON.parse(fs.readFileSync(path.join(this.crdDir, CRD_INDEX), 'utf8'));
    } catch {
      return undefined;
    }
    const sizes = new Map(Object.entries(parsed.files ?? {}));
    const files = listYamlFiles(this.crdDir);
    if (files.length !== sizes.size || typeof parsed.kinds !== 'object' || parsed.kinds === null) return undefined;
    for (const file of files) {
      if (sizes.get(path.relative(this.crdDir, file).split(path.sep).join('/')) !== fs.statSync(file).size) return undefined;
    }
    this.index = new Map(Object.entries(parsed.kinds));
    return this.index;
  }

  /**
   * Loads the CRD document at `start`-`end` of `file` (from the index); loads
   * the whole file instead when that range is not the CRD of `gk`.
   */
  private loadDocument(rel: string, start: number, end: number, gk: string): void {
    const file = path.join(this.crdDir, rel);
    const id = `${file}#${start}`;
    if (this.loadedFiles.has(file) || this.loadedDocs.has(id)) return;
    this.loadedDocs.add(id);
    let crd: Json | undefined;
    try {
      const { load, CORE_SCHEMA } = lazy.jsYaml();
      crd = load(fs.readFileSync(file, 'utf8').slice(start, end), { schema: CORE_SCHEMA }) as Json | undefined;
    } catch {
      crd = undefined;
    }
    if (!isCrd(crd) || `${crd.spec.group}/${crd.spec.names?.kind}` !== gk) {
      this.loadFile(file);
      return;
    }
    this.addCrd(crd);
    this.registerFormats(this.ajv);
  }

  /** Lists the YAML files under the CRD folder and the `group/kind`s each seems to define. */
  private scan(): Map<string, string[]> {
    if (this.candidates) return this.candidates;
    const map = new Map<string, string[]>();
    for (const file of listYamlFiles(this.crdDir)) {
      const text = fs.readFileSync(file, 'utf8');
      const groups = [...text.matchAll(CRD_GROUP_OF_FILE)].map(m => m[1]);
      const kinds = [...text.matchAll(CRD_KINDS_OF_FILE)].map(m => m[1]);
      for (const g of groups) {
        for (const k of kinds) {
          const gk = `${g}/${k}`;
          const files = map.get(gk) ?? [];
          if (!files.includes(file)) files.push(file);
          map.set(gk, files);
        }
      }
    }
    this.candidates = map;
    return map;
  }

  private loadAllFiles(): void {
    if (this.allFilesLoaded) return;
    // eslint-disable-next-line @typescript-eslint/no-unused-expressions
    this.ajv;
    for (const file of listYamlFiles(this.crdDir)) this.loadFile(file);
    this.allFilesLoaded = true;
  }

  private loadFile(file: string): void {
    if (this.loadedFiles.has(file)) return;
    this.loadedFiles.add(file);
    for (const doc of lazy.yaml().parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as Json | null;
      if (isCrd(crd)) this.addCrd(crd);
    }
    this.registerFormats(this.ajv);
  }

  /** Adds the schema of every version of a CustomResourceDefinition. */
  private addCrd(crd: Json): void {
    const group: string = crd.spec.group;
    const kind: string = crd.spec.names?.kind;
    const versions: Json[] = Array.isArray(crd.spec.versions) ? crd.spec.versions : [];
    for (const v of versions) {
      // A version the CRD does not serve is refused by the API server (`served: false`, e.g. ExternalSecret v1beta1).
      if (v.served === false) continue;
      const schema: Json | undefined = v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
      this.add(`${group}/${v.name}`, kind, schema ? prepareRoot(schema, this.formats) : { type: 'object' });
    }
  }

  private registerFormats(ajv: Ajv): void {
    for (const f of this.formats) {
      if (AJV_FORMATS.has(f)) continue;
      // Formats Kubernetes does not check (e.g. `int-or-string`, `quantity`) pass.
      ajv.addFormat(f, true);
      AJV_FORMATS.add(f);
    }
  }
}

let shared: SchemaRegistry | undefined;

/** The process-wide registry: every schema is translated and compiled at most once. */
export function schemaRegistry(): SchemaRegistry {
  shared ??= new SchemaRegistry();
  return shared;
}

/**
 * The schemas of CustomResourceDefinitions the user registers (`validate
 * --crd`, `Validation.configure({ crds })`): objects of their kinds are
 * checked against the CRD's OpenAPI schema and CEL rules as the API server
 * would, with the same translation as the vendored CRDs.
 */
export class CustomResourceSchemas {
  /** `apiVersion/kind` → the schema of that served version (undefined: the CRD gives none). */
  private readonly schemas = new Map<string, Json | undefined>();
  /** `group/kind` → served apiVersions. */
  private readonly served = new Map<string, string[]>();

  /**
   * @param crds CustomResourceDefinition objects (anything else is ignored)
   * @param registry the registry whose Kubernetes definitions the schemas refer to
   * @throws Error naming the CRD when one of its schemas does not compile
   */
  constructor(crds: readonly unknown[], private readonly registry: SchemaRegistry = schemaRegistry()) {
    for (const crd of crds) {
      if (!isCrd(crd) || typeof crd.spec.group !== 'string' || typeof crd.spec.names?.kind !== 'string') continue;
      const group: string = crd.spec.group;
      const kind: string = crd.spec.names.kind;
      const gk = groupKind(`${group}/v`, kind);
      const served = this.served.get(gk) ?? [];
      this.served.set(gk, served);
      for (const v of Array.isArray(crd.spec.versions) ? crd.spec.versions as Json[] : []) {
        if (typeof v?.name !== 'string' || v.served === false) continue;
        const apiVersion = `${group}/${v.name}`;
        if (!served.includes(apiVersion)) served.push(apiVersion);
        const schema = v.schema?.openAPIV3Schema ?? crd.spec.validation?.openAPIV3Schema;
        this.schemas.set(`${apiVersion}/${kind}`, schema);
        try {
          registry.customValidator(schema);
        } catch (e) {
          throw new Error(`CustomResourceDefinition ${crd.metadata?.name ?? gk}: the schema of version ${v.name} does not compile: ${(e as Error).message}`);
        }
      }
    }
  }

  /** `apiVersion/kind` of every registered served version, sorted. */
  public kinds(): string[] {
    return [...this.schemas.keys()].sort();
  }

  /**
   * Checks `obj` when its group and kind are registered; undefined otherwise
   * (the vendored schemas decide).
   */
  public validate(original: Manifest): SchemaResult | undefined {
    if (typeof original.apiVersion !== 'string' || typeof original.kind !== 'string') return undefined;
    const served = this.served.get(groupKind(original.apiVersion, original.kind));
    if (!served) return undefined;
    const obj = pruneNullFields(original);
    const key = `${obj.apiVersion}/${obj.kind}`;
    if (!this.schemas.has(key)) return notServed(obj, served);
    const { validate, cel } = this.registry.customValidator(this.schemas.get(key));
    return withCel(check(validate, obj), cel, obj);
  }
}

/** Checks one object against its schema with the process-wide registry. */
export function validateSchema(obj: Manifest): SchemaResult {
  return schemaRegistry().validate(obj);
}

/** Runs a validator on one object. */
function check(validate: ValidateFunction, obj: Manifest): SchemaResult {
  return { checked: true, violations: validate(obj) ? [] : toViolations(validate.errors ?? [], obj) };
}

/** Adds the failures of the CEL rules of `tree` (none when null) to a schema result, sorted by path as the rest. */
function withCel(result: SchemaResult, tree: CelNode | null, obj: Manifest): SchemaResult {
  if (!tree) return result;
  const failed = lazy.evaluateCel()(tree, obj, result.violations);
  if (failed.length === 0) return result;
  const violations = [...result.violations, ...failed].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { checked: true, violations };
}

/**
 * The object as the API server validates it: a field set to `null` is dropped first
 * (k8s.io/apiextensions-apiserver `schema/defaulting/prunenulls.go`,
 * `PruneNonNullableNullsWithoutDefaults`, for custom resources; Go's JSON decoding reads null as
 * "not set" for built-in kinds). Nulls in lists stay. Fields a CRD marks `nullable: true` keep
 * their null there, which changes a verdict only for a field both nullable and required (none of
 * the vendored CRDs has one). Returns `obj` itself when it holds no null field.
 */
export function pruneNullFields<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null) return obj;
  if (Array.isArray(obj)) {
    let copy: unknown[] | undefined;
    obj.forEach((v, i) => {
      const p = pruneNullFields(v);
      if (p !== v) (copy ??= [...obj])[i] = p;
    });
    return (copy ?? obj) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    if (v === null) {
      copy ??= { ...(obj as Record<string, unknown>) };
      delete copy[k];
      continue;
    }
    const p = pruneNullFields(v);
    if (p !== v) (copy ??= { ...(obj as Record<string, unknown>) })[k] = p;
  }
  return (copy ?? obj) as T;
}

/**
 * What Tekton's defaulting webhook does to a step or sidecar without a name before the API server
 * checks the schema: knative.dev/pkg `webhook/resourcesemantics/defaulting/defaulting.go`
 * (`roundTripPatch`) patches the object to its Go round trip, and tektoncd/pipeline v1.15.0
 * `pkg/apis/pipeline/v1/container_types.go` declares `Step.Name` and `Sidecar.Name` without
 * `omitempty`, so they come back as `name: ""` and the CRD's `required: [name]` holds (Tekton
 * names unnamed steps itself). Returns `obj` itself when nothing changes.
 */
export function tektonRoundTrip<T>(obj: T): T {
  const m = obj as unknown as Manifest;
  if (typeof m !== 'object' || m === null || typeof m.apiVersion !== 'string' || !m.apiVersion.startsWith('tekton.dev/')) return obj;
  return nameContainers(obj);
}

function nameContainers<T>(node: T, key?: string): T {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    let copy: unknown[] | undefined;
    node.forEach((v, i) => {
      let p = nameContainers(v);
      if ((key === 'steps' || key === 'sidecars') && typeof p === 'object' && p !== null && !Array.isArray(p) && !('name' in p)) {
        p = { name: '', ...(p as object) };
      }
      if (p !== v) (copy ??= [...node])[i] = p;
    });
    return (copy ?? node) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const p = nameContainers(v, k);
    if (p !== v) (copy ??= { ...(node as Record<string, unknown>) })[k] = p;
  }
  return (copy ?? node) as T;
}

/** The violation of an apiVersion that is not among the `served` ones of a known kind. */
function notServed(obj: Manifest, served: readonly string[]): SchemaResult {
  return {
    checked: true,
    violations: [{
      rule: 'schema/api-version',
      path: 'apiVersion',
      message: `${JSON.stringify(obj.apiVersion)} is not a served version of ${obj.kind}`,
      hint: `use ${served.join(' or ')}`,
    }],
  };
}

function isCrd(doc: unknown): doc is Json {
  return typeof doc === 'object' && doc !== null && (doc as Json).kind === 'CustomResourceDefinition'
    && typeof (doc as Json).spec === 'object' && (doc as Json).spec !== null;
}

function groupKind(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return `${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`;
}

function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(p));
    else if (/\.ya?ml$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Translates the root schema of a CRD version: `metadata` is Kubernetes' ObjectMeta. */
function prepareRoot(schema: Json, formats: Set<string>): Json {
  prepare(schema, formats);
  const props: Json = schema.properties ?? {};
  props.metadata = { $ref: OBJECT_META };
  props.apiVersion ??= { type: 'string' };
  props.kind ??= { type: 'string' };
  schema.properties = props;
  return schema;
}

/**
 * Translates the Kubernetes dialect of OpenAPI v3 into what Ajv checks, in
 * place (each schema is ours, read once):
 * - an object with `properties` rejects unknown fields (the API server's strict
 *   field validation), unless `x-kubernetes-preserve-unknown-fields` or
 *   `x-kubernetes-embedded-resource` says otherwise;
 * - `x-kubernetes-int-or-string` accepts an integer or a string;
 * - `x-kubernetes-list-type: set` means unique items;
 * - `nullable` without `type`, malformed `format`s and patterns JavaScript cannot
 *   compile are dropped; other formats are collected to be registered;
 * - with `nullable` set (Kubernetes' own types), every typed field accepts null,
 *   which Go decodes as "not set" (e.g. `creationTimestamp: null` from kubectl).
 */
function prepare(node: unknown, formats: Set<string>, nullable = false): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) prepare(n, formats, nullable);
    return;
  }
  const s = node as Json;
  if (nullable && typeof s.type === 'string') s.nullable = true;
  if (s['x-kubernetes-int-or-string'] === true && s.type === undefined && !s.anyOf && !s.oneOf) s.type = ['integer', 'string'];
  if (s.nullable !== undefined && (s.type === undefined || Array.isArray(s.type))) delete s.nullable;
  if (s.format !== undefined) {
    if (typeof s.format === 'string' && s.format !== '') formats.add(s.format);
    else delete s.format;
  }
  if (s.pattern !== undefined && !compiles(s.pattern)) delete s.pattern;
  if (s['x-kubernetes-list-type'] === 'set') s.uniqueItems = true;
  if (s['x-kubernetes-list-type'] === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) s[LIST_MAP_KEYS] = s['x-kubernetes-list-map-keys'];
  const open = s['x-kubernetes-preserve-unknown-fields'] === true || s['x-kubernetes-embedded-resource'] === true;
  if (typeof s.properties === 'object' && s.properties !== null && s.additionalProperties === undefined && !open) {
    s.additionalProperties = false;
  }
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    const map = s[key];
    if (typeof map === 'object' && map !== null) for (const child of Object.values(map)) prepare(child, formats, nullable);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']) prepare(s[key], formats, nullable);
}

/**
 * What Ajv compiles of the translated root schema `root` (a copy; `root` is
 * not changed): large subschemas are hoisted into `definitions` and replaced
 * by a `$ref` to them, and the keywords no check reads (`description`, CEL
 * rules, ...) are left out. With {@link AJV_OPTIONS}' `inlineRefs: false`,
 * Ajv emits each hoisted subschema as a function of its own, so that V8
 * compiles only the functions an object reaches instead of one function of up
 * to 1 MiB per kind, and the generated module holds less schema text. The
 * checks and the errors' instance paths, keywords and parameters are the same;
 * `schemaPath` is then relative to the hoisted subschema.
 *
 * Each node keeps at most `minNodes` schema nodes inline where it can: its
 * largest children (through `properties`, `patternProperties`,
 * `additionalProperties` and `items`) are hoisted until it fits. Nothing is
 * hoisted out of `allOf`/`anyOf`/`oneOf`/`not`: every error inside the
 * branches of a compound keyword comes from the same function as the
 * compound's own error, so {@link toViolations} folds the same errors (Ajv
 * keeps branch errors only when the compound fails, and then reports it too,
 * so an error whose relative path merely looks like a branch's is folded by
 * its own compound anyway). A root that is a
 * `$ref` (Kubernetes kinds) or already has `definitions` is returned as it is.
 */
export function splitSchema(root: Json, minNodes: number = SPLIT_MIN_NODES): Json {
  if (root.$ref !== undefined || root.definitions !== undefined) return root;
  const definitions: Json = {};
  let hoisted = 0;
  const visit = (node: unknown, hoist: boolean): { schema: unknown; nodes: number } => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return { schema: node, nodes: 0 };
    const copy: Json = {};
    for (const [k, v] of Object.entries(node)) if (!UNCHECKED_KEYWORDS.has(k)) copy[k] = v;
    let nodes = 1;
    const children: Array<{ schema: unknown; nodes: number; put: (s: Json) => void }> = [];
    const child = (schema: unknown, put: (s: unknown) => void) => {
      const r = visit(schema, hoist);
      put(r.schema);
      nodes += r.nodes;
      children.push({ schema: r.schema, nodes: r.nodes, put });
    };
    for (const key of ['properties', 'patternProperties']) {
      const map = copy[key];
      if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
      const out: Json = {};
      copy[key] = out;
      for (const [name, sub] of Object.entries(map)) child(sub, (x) => { out[name] = x; });
    }
    for (const key of ['additionalProperties', 'items']) {
      const sub = copy[key];
      if (Array.isArray(sub)) {
        const out: unknown[] = [...sub];
        copy[key] = out;
        sub.forEach((x, i) => child(x, (y) => { out[i] = y; }));
      } else if (typeof sub === 'object' && sub !== null) {
        child(sub, (x) => { copy[key] = x; });
      }
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      if (!Array.isArray(copy[key])) continue;
      copy[key] = (copy[key] as unknown[]).map((x) => {
        const r = visit(x, false);
        nodes += r.nodes;
        return r.schema;
      });
    }
    if (copy.not !== undefined) {
      const r = visit(copy.not, false);
      copy.not = r.schema;
      nodes += r.nodes;
    }
    if (hoist && nodes > minNodes) {
      children.sort((a, b) => b.nodes - a.nodes);
      for (const c of children) {
        if (nodes <= minNodes || c.nodes <= 1) break;
        const name = `${SPLIT_PREFIX}${++hoisted}`;
        definitions[name] = c.schema;
        c.put({ $ref: `#/definitions/${name}` });
        nodes -= c.nodes - 1;
      }
    }
    return { schema: copy, nodes };
  };
  const split = visit(root, true).schema as Json;
  return hoisted === 0 ? split : { ...split, definitions };
}

/** The first line of a generated validator module is this prefix and the schema's hash. */
export const PRECOMPILED_HASH_PREFIX = '// schemaHash ';

/** The second line of a generated module whose functions are compiled on first call: this prefix, then their offset. */
const LAZY_PREFIX = '// lazySources ';
/** Digits of that offset (fixed, so that the header's length does not depend on it). */
const LAZY_DIGITS = 12;
/** The name the lazy sources have in a generated module. */
const LAZY_SOURCES = 'lazySources$cdk8s';

/** Where the lazy function sources start in a generated module (a byte offset); undefined when it has none. */
function lazySourcesOffset(bytes: Buffer): number | undefined {
  const nl = bytes.indexOf(10);
  if (nl < 0) return undefined;
  const line = bytes.toString('latin1', nl + 1, nl + 1 + LAZY_PREFIX.length + LAZY_DIGITS);
  if (!line.startsWith(LAZY_PREFIX)) return undefined;
  const at = Number(line.slice(LAZY_PREFIX.length));
  return Number.isInteger(at) && at > nl && at <= bytes.length ? at : undefined;
}

/**
 * Rewrites the Ajv standalone module `code` (its first line, the hash, is
 * `firstLine`) so that only its exported function is compiled when the module
 * runs: every other top-level function becomes a stub that, on its first call,
 * compiles the function's own text (kept after the module, as text, which V8
 * only scans) in the module's scope, and then calls it. A kind's
 * validator then costs, when loaded, the parse of its schema constants and
 * of its root function, and, when used, the compilation of the functions the
 * object reaches. The checks are the same code. For `scripts/compile-schemas.js`. @internal
 */
export function lazyValidatorModule(firstLine: string, code: string): string {
  const root = /module\.exports = (validate\d+);/.exec(code)?.[1];
  const names = [...new Set([...code.matchAll(/function (validate\d+)\(/g)].map(m => m[1]))].filter(n => n !== root);
  const mod: { exports: unknown } = { exports: {} };
  // Top-level functions are reachable by name from the module's scope; nested ones are not.
  const found = new Function('module', 'exports', 'require',
    `${code}\n;return {${names.map(n => `${n}: typeof ${n} === 'function' ? ${n} : undefined`).join(', ')}};`,
  )(mod, mod.exports, require) as Record<string, ((...a: unknown[]) => unknown) | undefined>;
  const cuts: Array<{ name: string; at: number; text: string }> = [];
  for (const name of names) {
    const text = found[name]?.toString();
    const at = text === undefined ? -1 : code.indexOf(text);
    if (text !== undefined && at >= 0 && code.indexOf(text, at + 1) < 0) cuts.push({ name, at, text });
  }
  cuts.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  let from = 0;
  const sources: string[] = [];
  let sourceBytes = 0;
  cuts.forEach(({ name, at, text }, i) => {
    const start = sourceBytes;
    sources.push(text);
    sourceBytes += Buffer.byteLength(text);
    // The stub stays what callers hold (Ajv keeps some functions in wrapper objects), so it hands on `errors`.
    parts.push(code.slice(from, at), `function ${name}(){const f = lazy$cdk8s(${i}, ${start}, ${sourceBytes}); `
      + `const r = f.apply(this, arguments); ${name}.errors = f.errors; return r;}`);
    from = at + text.length;
  });
  parts.push(code.slice(from));
  let body = parts.join('');
  if (sources.length === 0) return `${firstLine}${code}\n`;
  // The schema constants (JSON, most of what is left) become text too, parsed when first read.
  const constants = lazyConstants(body, sourceBytes);
  body = constants.body;
  sources.push(...constants.texts);
  // Direct eval: the function is created in the module's scope and sees its schemas and helpers.
  body = `${body}\nvar compiled$cdk8s = [];\nfunction lazy$cdk8s(i, start, end) {\n`
    + `  return compiled$cdk8s[i] || (compiled$cdk8s[i] = eval(\`(\${${LAZY_SOURCES}(start, end)})\`));\n}\n`
    + LAZY_JSON_CODE;
  // The offset and the sources' positions are in bytes of the UTF-8 file.
  const header = (offset: number) => `${firstLine}${LAZY_PREFIX}${String(offset).padStart(LAZY_DIGITS, '0')}\n`;
  const offset = Buffer.byteLength(header(0)) + Buffer.byteLength(body);
  return `${header(offset)}${body}${sources.join('')}`;
}

/**
 * A schema constant held as text: `lazy$json(start, end, array, rebind)` gives
 * a stand-in that parses the text on its first read, rebinds the constant to
 * the parsed value (so code that runs later reads it directly) and forwards
 * to it (for what already holds the stand-in, such as an error's
 * `parentSchema`). Most constants are only read when an object is wrong.
 */
const LAZY_JSON_CODE = `function lazy$json(start, end, array, rebind) {
  let value;
  const load = () => {
    if (value === undefined) { value = JSON.parse(${LAZY_SOURCES}(start, end)); rebind(value); }
    return value;
  };
  return new Proxy(array ? [] : {}, {
    get: (t, k) => load()[k],
    has: (t, k) => k in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (t, k) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), k);
      return d && k !== 'length' ? { ...d, configurable: true } : d;
    },
    getPrototypeOf: () => Object.getPrototypeOf(load()),
    set: () => false, deleteProperty: () => false, defineProperty: () => false,
  });
}
`;

/**
 * Turns each top-level `const schemaN = <JSON>;` of a module's remaining code
 * into a lazy constant (see {@link LAZY_JSON_CODE}) whose text goes to the
 * sources after `sourceBytes`; a literal that is not plain JSON stays.
 */
function lazyConstants(code: string, sourceBytes: number): { body: string; texts: string[] } {
  const texts: string[] = [];
  const parts: string[] = [];
  let from = 0;
  let offset = sourceBytes;
  const decl = /(?:^|[;}\n])const (schema\d+) = ([[{])/g;
  for (let m = decl.exec(code); m; m = decl.exec(code)) {
    const open = m.index + m[0].length - 1;
    const end = jsonLiteralEnd(code, open);
    if (end === undefined || code[end] !== ';') continue;
    const literal = code.slice(open, end);
    try {
      JSON.parse(literal);
    } catch {
      continue;
    }
    const start = offset;
    offset += Buffer.byteLength(literal);
    texts.push(literal);
    const name = m[1];
    parts.push(code.slice(from, open - `const ${name} = `.length),
      `let ${name} = lazy$json(${start}, ${offset}, ${m[2] === '['}, function (v) { ${name} = v; })`);
    from = end;
    decl.lastIndex = end;
  }
  parts.push(code.slice(from));
  return { body: parts.join(''), texts };
}

/** The index just after the JSON object or array opening at `open`, undefined if it does not close. */
function jsonLiteralEnd(code: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      for (i++; i < code.length && code[i] !== '"'; i++) {
        if (code[i] === '\\') i++;
      }
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** The file name of the generated validator of `apiVersion/kind`. */
export function precompiledModuleName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9.-]/g, '_')}.js.gz`;
}

function ajvVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ajv/package.json') as { version: string }).version;
}

/**
 * Ajv code of {@link LIST_MAP_KEYS} (code, not a function, so that generated
 * standalone validators hold it): items that are objects must differ in their
 * keys' values; each repeated item is reported once, with the index of the first.
 */
function uniqueByKeysCode(cxt: KeywordCxt): void {
  const { gen, data } = cxt;
  const { _ } = lazy.ajv();
  const schemaValue = cxt.schemaValue as Code;
  const seen = gen.let('seen', _`new Map()`);
  gen.forRange('i', 0, _`${data}.length`, (i: Name) => {
    const item = gen.let('item', _`${data}[${i}]`);
    gen.if(_`typeof ${item} == "object" && ${item} !== null`, () => {
      const id = gen.let('id', _`JSON.stringify(${schemaValue}.map((k) => ${item}[k]))`);
      const first = gen.let('first', _`${seen}.get(${id})`);
      gen.if(_`${first} === undefined`, () => {
        gen.code(_`${seen}.set(${id}, ${i})`);
      }, () => {
        cxt.setParams({ first, second: i, keys: schemaValue });
        cxt.error();
      });
    });
  });
}

function compiles(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns Ajv errors into violations with dotted paths. Errors inside the
 * branches of a failed `anyOf`/`oneOf` are folded into that one error.
 */
function toViolations(errors: readonly ErrorObject[], doc: unknown): SchemaViolation[] {
  const compound = errors.filter(e => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inBranch = (e: ErrorObject) => compound.some(c => c !== e
    && e.schemaPath.startsWith(`${c.schemaPath}/`)
    && (e.instancePath === c.instancePath || e.instancePath.startsWith(`${c.instancePath}/`)));
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || inBranch(e)) continue;
    const v = describe(e, doc);
    const id = `${v.path}\0${v.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(v);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function describe(e: ErrorObject, doc: unknown): SchemaViolation {
  const at = pointerToPath(e.instancePath, doc);
  const p = e.params as Json;
  const parent = (e.parentSchema ?? {}) as Json;
  // A value at, inside or above a field that holds secret values is never quoted.
  const hidden = touchesSecretValues(doc as Json, at);
  const describeValue = hidden ? () => 'the value' : describeShownValue;
  switch (e.keyword) {
    case 'required':
      return { rule: 'schema/required', path: appendPath(at, p.missingProperty), message: 'required field is missing' };
    case 'additionalProperties': {
      const known = Object.keys(parent.properties ?? {}).sort();
      const near = nearest(String(p.additionalProperty), known);
      const list = known.length > 0 ? `known fields here: ${shortList(known)}` : undefined;
      return {
        rule: 'schema/unknown-field',
        path: appendPath(at, p.additionalProperty),
        message: `unknown field ${JSON.stringify(p.additionalProperty)}`,
        hint: near ? `did you mean ${JSON.stringify(near)}?` : list,
      };
    }
    case 'type':
      return {
        rule: 'schema/type',
        path: at,
        message: `${describeValue(e.data)} is ${typeName(e.data)}, must be ${String(p.type).split(',').join(' or ')}`,
      };
    case 'enum':
      return {
        rule: 'schema/enum',
        path: at,
        message: `${describeValue(e.data)} is not an allowed value`,
        hint: `allowed: ${shortList((p.allowedValues as unknown[]).map(v => JSON.stringify(v)))}`,
      };
    case 'pattern':
      return { rule: 'schema/pattern', path: at, message: `${describeValue(e.data)} does not match the pattern ${p.pattern}` };
    case 'format':
      return { rule: 'schema/format', path: at, message: `${describeValue(e.data)} is not ${p.format === 'byte' ? 'base64 (format byte)' : `a valid ${p.format}`}` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { rule: 'schema/range', path: at, message: `${describeValue(e.data)} is out of range`, hint: `must be ${p.comparison} ${p.limit}` };
    case 'minLength': case 'maxLength':
      return { rule: 'schema/length', path: at, message: `${describeValue(e.data)} is too ${e.keyword === 'minLength' ? 'short' : 'long'}`, hint: `${e.keyword === 'minLength' ? 'at least' : 'at most'} ${p.limit} characters` };
    case 'minItems': case 'maxItems':
      return { rule: 'schema/items', path: at, message: `has ${(e.data as unknown[]).length} items`, hint: `${e.keyword === 'minItems' ? 'at least' : 'at most'} ${p.limit} allowed` };
    case 'minProperties': case 'maxProperties':
      return { rule: 'schema/properties', path: at, message: `has ${Object.keys(e.data as object).length} fields`, hint: `${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${p.limit} allowed` };
    case 'uniqueItems':
      return { rule: 'schema/unique', path: at, message: `items ${p.j} and ${p.i} are identical`, hint: 'items must be unique' };
    case LIST_MAP_KEYS: {
      const keys = p.keys as string[];
      const item = (e.data as Json[])[p.second as number];
      const id = hidden ? keys.join(', ') : keys.map(k => `${k}=${JSON.stringify(item[k])}`).join(', ');
      return {
        rule: 'schema/duplicate-key',
        path: appendPath(at, p.second as number),
        message: `duplicate entry ${id}, already at index ${p.first}`,
        hint: `entries must be unique by ${keys.join(', ')}`,
      };
    }
    case 'oneOf':
      return {
        rule: 'schema/one-of',
        path: at,
        message: p.passingSchemas ? 'matches more than one of the allowed forms' : 'matches none of the allowed forms',
        hint: oneOfHint(e.schema),
      };
    case 'anyOf':
      return { rule: 'schema/any-of', path: at, message: 'matches none of the allowed forms', hint: oneOfHint(e.schema) };
    default:
      return { rule: `schema/${e.keyword}`, path: at, message: e.message ?? `violates ${e.keyword}` };
  }
}

/** Describes the alternatives of a `oneOf` that only differ in their required fields (Istio's usual shape). */
function oneOfHint(branches: unknown): string | undefined {
  if (!Array.isArray(branches)) return undefined;
  const fields = branches.flatMap(b => (Array.isArray(b?.required) ? b.required as string[] : []));
  return fields.length > 0 ? `set exactly one of: ${[...new Set(fields)].join(', ')}` : undefined;
}

/** The known name closest to a misspelt one, if it is close (case, a typo or two). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 4)) + 1;
  for (const k of known) {
    const d = typoDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}


function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'number') return Number.isInteger(x) ? 'an integer' : 'a number';
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}

function shortList(items: readonly string[], max = 12): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, ... (${items.length - max} more)`;
}

