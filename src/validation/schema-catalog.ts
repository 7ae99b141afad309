/**
 * The catalog of generated validators, `lib/schemas/catalog.json`, written by
 * `scripts/compile-schemas.js` beside the modules: every `apiVersion/kind` the
 * schema layer knows (by `group/kind`, in the order it serves them), which of
 * them have a generated module, which declare CEL rules (`x-kubernetes-validations`,
 * whose trees are in `cel-rules.json` beside it), and a hash of everything the
 * modules were generated from.
 *
 * When that hash matches the vendored CRD folder (its files' paths and
 * sizes) and the schema layer's own code, the layer trusts the catalog and loads modules without reading,
 * parsing or translating any schema (about 10 ms per process instead of about
 * 70 ms for the kinds of a typical stack). When it does not match, nothing
 * of the catalog is used.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CelNode } from './cel/tree';

/** The catalog's file name in the folder of generated validators. */
export const CATALOG_FILE = 'catalog.json';
/** The CEL trees' file name (`{ inputs, trees: { apiVersion/kind: CelNode } }`), beside the catalog. */
export const CEL_RULES_FILE = 'cel-rules.json';

/** Bump when the catalog's shape changes: older catalogs are then ignored. */
const CATALOG_FORMAT = 3;

/** What `catalog.json` holds. */
export interface CatalogData {
  /** {@link CATALOG_FORMAT} of the writer. */
  readonly format: number;
  /** {@link inputsHash} of the CRD folder and the schema layer's code at generation. */
  readonly inputs: string;
  /** `group/kind` → every apiVersion known for it, in the order the schema layer lists them. */
  readonly served: Record<string, string[]>;
  /** `apiVersion/kind` of every generated module, sorted. */
  readonly modules: string[];
  /** `apiVersion/kind` of the kinds with CEL rules (of those with a module), sorted. */
  readonly celKinds: string[];
}

/** A catalog read and checked: lookups by key. */
export interface Catalog {
  /** `group/kind` → apiVersions. */
  readonly served: ReadonlyMap<string, readonly string[]>;
  /** Every known `apiVersion/kind`. */
  readonly kinds: ReadonlySet<string>;
  /** `apiVersion/kind` with a generated module. */
  readonly modules: ReadonlySet<string>;
  /** `apiVersion/kind` with CEL rules: only these need {@link readCelTrees}. */
  readonly celKinds: ReadonlySet<string>;
  /** The {@link inputsHash} the catalog matched. */
  readonly inputs: string;
}

/**
 * The hash of what generated validators depend on: `code` (the schema
 * layer's own code, Ajv version and options) and every file under the CRD
 * folder, by relative path and size. The CRD files are not read: a process
 * checks them with one `stat` each (about 1 ms, where reading and hashing
 * their 4 MiB took 30 to 50 ms), as the CRD index (`index.json`) is checked.
 * An edit that keeps a file's size is not noticed; the build writes the
 * catalog again after any change.
 */
export function inputsHash(crdDir: string, code: string): string {
  const hash = createHash('sha256').update(`${CATALOG_FORMAT}\0`).update(code).update('\0');
  for (const rel of listFiles(crdDir)) hash.update(`${rel}\0${fs.statSync(path.join(crdDir, rel)).size}\0`);
  return hash.digest('hex');
}

/**
 * The catalog in `dir` when it exists, is well formed and was generated from
 * `inputs`; otherwise undefined.
 */
export function readCatalog(dir: string, inputs: () => string): Catalog | undefined {
  let data: Partial<CatalogData>;
  try {
    data = JSON.parse(fs.readFileSync(path.join(dir, CATALOG_FILE), 'utf8')) as Partial<CatalogData>;
  } catch {
    return undefined;
  }
  if (data.format !== CATALOG_FORMAT || typeof data.inputs !== 'string' || !isStringListMap(data.served)
    || !isStringList(data.modules) || !isStringList(data.celKinds)) {
    return undefined;
  }
  if (data.inputs !== inputs()) return undefined;
  const served = new Map(Object.entries(data.served));
  const kinds = new Set<string>();
  for (const [gk, versions] of served) for (const v of versions) kinds.add(`${v}/${gk.slice(gk.lastIndexOf('/') + 1)}`);
  return { served, kinds, modules: new Set(data.modules), celKinds: new Set(data.celKinds), inputs: data.inputs };
}

/**
 * The CEL trees written beside the catalog, when they were written with it
 * (same inputs hash); undefined otherwise.
 */
export function readCelTrees(dir: string, inputs: string): Record<string, CelNode> | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(dir, CEL_RULES_FILE), 'utf8')) as { inputs?: unknown; trees?: unknown };
    if (data.inputs !== inputs || typeof data.trees !== 'object' || data.trees === null) return undefined;
    return data.trees as Record<string, CelNode>;
  } catch {
    return undefined;
  }
}

/**
 * Writes `cel-rules.json` and then `catalog.json` into `dir` (each atomically;
 * keys sorted, so the bytes are stable). `celTrees` holds the CEL tree of each
 * kind of `modules` that has rules.
 */
export function writeCatalog(dir: string, inputs: string, served: ReadonlyMap<string, readonly string[]>, modules: readonly string[],
  celTrees: ReadonlyMap<string, CelNode> = new Map()): void {
  const celKinds = [...celTrees.keys()].sort();
  writeAtomically(path.join(dir, CEL_RULES_FILE), { inputs, trees: Object.fromEntries(celKinds.map(k => [k, celTrees.get(k)])) });
  const data: CatalogData = {
    format: CATALOG_FORMAT,
    inputs,
    served: Object.fromEntries([...served.keys()].sort().map(gk => [gk, [...served.get(gk)!]])),
    modules: [...modules].sort(),
    celKinds,
  };
  writeAtomically(path.join(dir, CATALOG_FILE), data);
}

function writeAtomically(file: string, data: unknown): void {
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(data)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** Every file under `dir`, relative with `/` separators, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

function isStringList(x: unknown): x is string[] {
  return Array.isArray(x) && x.every(s => typeof s === 'string');
}

function isStringListMap(x: unknown): x is Record<string, string[]> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    && Object.values(x).every(v => Array.isArray(v) && v.every(s => typeof s === 'string'));
}
