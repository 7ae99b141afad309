/**
 * Reads Kubernetes objects from YAML and JSON files and folders for the
 * `validate` command, and says clearly what is wrong with an input that is
 * not one (unreadable, binary, malformed, empty, not Kubernetes).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORE_SCHEMA, floatCoreTag, loadAll, mapTag, NOT_RESOLVED } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { Manifest, ManifestSource } from '../validation/types';

/** Files larger than this are refused (the whole file is parsed in memory). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Text the fast reader leaves to `yaml`: directives (`%YAML 1.1` changes the
 * schema), tags and explicit keys. A string that merely contains one of these
 * takes the slow path too, which reads it the same.
 */
const NEEDS_FULL_PARSER = /(?:^|[\s[{,])[!?]|^%|^\.\.\./m;

/** A number too large for a double, which `yaml` reads as ±Infinity and `js-yaml` as a string. */
const OVERFLOW = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * `js-yaml`'s YAML 1.2 core schema, adjusted to read like `yaml`'s: a null key
 * is `""`, and numbers beyond a double are ±Infinity.
 */
const FAST_SCHEMA = CORE_SCHEMA.withTags(
  {
    ...floatCoreTag,
    resolve: (source: string, explicit: boolean, tag: string) => {
      const value = floatCoreTag.resolve(source, explicit, tag);
      return value === NOT_RESOLVED && OVERFLOW.test(source) ? Number(source) : value;
    },
  },
  {
    ...mapTag,
    addPair: (map, key, value) => mapTag.addPair(map, key === null ? '' : key, value),
    has: (map, key) => mapTag.has(map, key === null ? '' : key),
  },
);

/** The objects read from the inputs, with where each came from. */
export interface ReadResult {
  /** Every object read, in file and document order. */
  readonly manifests: Manifest[];
  /** Where each object came from, by index. */
  readonly sources: ManifestSource[];
  /** Files read. */
  readonly files: number;
  /** Why some input could not be read; non-empty means a usage error. */
  readonly errors: string[];
}

/**
 * Reads every input: a file (any name), or a folder searched recursively for
 * `.yaml`, `.yml` and `.json` files (hidden folders and `node_modules` skipped).
 */
export function readManifests(inputs: readonly string[]): ReadResult {
  const manifests: Manifest[] = [];
  const sources: ManifestSource[] = [];
  const errors: string[] = [];
  let files = 0;
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      errors.push(`${input}: cannot read: ${reason(e)}`);
      continue;
    }
    const list = stat.isDirectory() ? listManifestFiles(input) : [input];
    if (stat.isDirectory() && list.length === 0) {
      errors.push(`${input}: folder has no .yaml, .yml or .json files`);
      continue;
    }
    for (const file of list) {
      files++;
      readFile(file, manifests, sources, errors);
    }
  }
  return { manifests, sources, files, errors };
}

function readFile(file: string, manifests: Manifest[], sources: ManifestSource[], errors: string[]): void {
  let buf: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      errors.push(`${file}: file is too large (${size} bytes; at most ${MAX_FILE_BYTES} are read); split it into smaller files`);
      return;
    }
    buf = fs.readFileSync(file);
  } catch (e) {
    errors.push(`${file}: cannot read: ${reason(e)}`);
    return;
  }
  let text: string;
  try {
    if (buf.includes(0)) throw new Error('binary');
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    errors.push(`${file}: not a text file (binary data or not UTF-8); expected YAML or JSON`);
    return;
  }
  const docs = readDocuments(text);
  if (docs.length === 0) {
    errors.push(`${file}: contains no Kubernetes objects (the file is empty)`);
    return;
  }
  const multi = docs.length > 1;
  let objects = 0;
  const before = errors.length;
  for (let i = 0; i < docs.length; i++) {
    const where = multi ? `${file}:${i}` : file;
    const doc = docs[i];
    if (doc.error !== undefined) {
      errors.push(`${where}: ${doc.error}`);
      continue;
    }
    const value = doc.value;
    if (value === null || value === undefined) continue;
    const source: ManifestSource = multi ? { file, doc: i } : { file };
    if (!isObject(value) && !Array.isArray(value)) {
      errors.push(`${where}: not a Kubernetes object (a ${typeof value}, expected a mapping with apiVersion and kind)`);
      continue;
    }
    if (Array.isArray(value) || isList(value)) {
      // A JSON array of objects, or a Kubernetes List.
      for (const item of (Array.isArray(value) ? value : value.items) as unknown[]) {
        if (!isKubernetesObject(item)) {
          errors.push(`${where}: an item of the list is not a Kubernetes object (needs string apiVersion and kind)`);
          continue;
        }
        manifests.push(item);
        sources.push(source);
        objects++;
      }
      continue;
    }
    if (!isKubernetesObject(value)) {
      errors.push(`${where}: not a Kubernetes object (needs string apiVersion and kind)`);
      continue;
    }
    manifests.push(value);
    sources.push(source);
    objects++;
  }
  if (objects === 0 && errors.length === before) {
    errors.push(`${file}: contains no Kubernetes objects`);
  }
}

/** One document of a file: its value, or why it cannot be read. */
type ReadDocument = { readonly value: unknown; readonly error?: undefined } | { readonly value?: undefined; readonly error: string };

/**
 * The documents of a YAML or JSON text. `js-yaml` (YAML 1.2 core schema, like
 * `yaml`'s default) reads well-formed input several times faster; whatever it
 * rejects (malformed YAML, duplicate keys, aliases, very deep nesting) or may
 * read differently (see {@link NEEDS_FULL_PARSER}) is read again with `yaml`,
 * which says where each document is malformed.
 * @internal
 */
export function readDocuments(text: string): ReadDocument[] {
  if (!NEEDS_FULL_PARSER.test(text)) {
    try {
      return loadAll(text, { schema: FAST_SCHEMA, maxAliases: 0 }).map(value => ({ value }));
    } catch {
      // Read again below, for the error positions.
    }
  }
  return parseAllDocuments(text, { prettyErrors: true }).map((doc): ReadDocument => {
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const pos = err.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      return { error: `malformed YAML${at}: ${firstLine(err.message).replace(/ at line \d+, column \d+:?$/, '')}` };
    }
    try {
      return { value: doc.toJS({ maxAliasCount: 100 }) };
    } catch (e) {
      return { error: `cannot read YAML: ${firstLine(reason(e))}` };
    }
  });
}

/** Manifest files below `dir`, sorted, so output order does not depend on the file system. */
function listManifestFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...listManifestFiles(p));
    } else if (MANIFEST_FILE.test(entry.name)) {
      out.push(p);
    }
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isKubernetesObject(x: unknown): x is Manifest {
  return isObject(x) && typeof x.apiVersion === 'string' && x.apiVersion !== '' && typeof x.kind === 'string' && x.kind !== '';
}

function isList(x: Record<string, unknown>): boolean {
  return typeof x.kind === 'string' && x.kind.endsWith('List') && x.apiVersion === 'v1' && Array.isArray(x.items);
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file or directory';
  if (err && err.code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(e);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
