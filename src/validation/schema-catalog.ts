/**
 * The catalog of generated validators, `lib/schemas/catalog.json`, written by
 * `scripts/compile-schemas.js` beside the modules: every `apiVersion/kind` the
 * schema layer knows (by `group/kind`, in the order it serves them), which of
 * them have a generated module, and a hash of everything the modules were
 * generated from.
 *
 * When that hash matches the vendored CRD folder and the schema layer's own
 * code, the layer trusts the catalog and loads modules without reading,
 * parsing or translating any schema (about 10 ms per process instead of about
 * 70 ms for the kinds of a typical stack). When it does not match, nothing
 * of the catalog is used.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The catalog's file name in the folder of generated validators. */
export const CATALOG_FILE = 'catalog.json';

/** Bump when the catalog's shape changes: older catalogs are then ignored. */
const CATALOG_FORMAT = 1;

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
}

/** A catalog read and checked: lookups by key. */
export interface Catalog {
  /** `group/kind` → apiVersions. */
  readonly served: ReadonlyMap<string, readonly string[]>;
  /** Every known `apiVersion/kind`. */
  readonly kinds: ReadonlySet<string>;
  /** `apiVersion/kind` with a generated module. */
  readonly modules: ReadonlySet<string>;
}

/**
 * The hash of what generated validators depend on: `code` (the schema
 * layer's own code, Ajv version and options) and every file under the CRD
 * folder, by relative path, size and content.
 */
export function inputsHash(crdDir: string, code: string): string {
  const hash = createHash('sha256').update(`${CATALOG_FORMAT}\0`).update(code).update('\0');
  for (const rel of listFiles(crdDir)) {
    const bytes = fs.readFileSync(path.join(crdDir, rel));
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
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
    || !Array.isArray(data.modules) || !data.modules.every(m => typeof m === 'string')) {
    return undefined;
  }
  if (data.inputs !== inputs()) return undefined;
  const served = new Map(Object.entries(data.served));
  const kinds = new Set<string>();
  for (const [gk, versions] of served) for (const v of versions) kinds.add(`${v}/${gk.slice(gk.lastIndexOf('/') + 1)}`);
  return { served, kinds, modules: new Set(data.modules) };
}

/** Writes `catalog.json` into `dir` (atomically; keys sorted, so the bytes are stable). */
export function writeCatalog(dir: string, inputs: string, served: ReadonlyMap<string, readonly string[]>, modules: readonly string[]): void {
  const data: CatalogData = {
    format: CATALOG_FORMAT,
    inputs,
    served: Object.fromEntries([...served.keys()].sort().map(gk => [gk, [...served.get(gk)!]])),
    modules: [...modules].sort(),
  };
  const file = path.join(dir, CATALOG_FILE);
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

function isStringListMap(x: unknown): x is Record<string, string[]> {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    && Object.values(x).every(v => Array.isArray(v) && v.every(s => typeof s === 'string'));
}
