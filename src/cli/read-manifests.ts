/**
 * Reads Kubernetes objects from YAML and JSON files and folders for the
 * `validate` command, and says clearly what is wrong with an input that is
 * not one (unreadable, binary, malformed, empty, not Kubernetes).
 */
import * as fs from 'fs';
import * as path from 'path';
import { boolYaml11Tag, CORE_SCHEMA, floatCoreTag, loadAll, mapTag, NOT_RESOLVED } from 'js-yaml';
import type { Document } from 'yaml';
import { fileType, readRegularFile } from '../core/files';
import { Manifest, ManifestSource } from '../validation/types';

/** How to raise the size limit, in "file is too large (...)". */
const TOO_LARGE_HINT = 'see --max-file-size';
import { IgnoreList } from './glob';

/** `yaml`, loaded only for a file that needs the full parser (see {@link readDocuments}). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yamlModule = () => require('yaml') as typeof import('yaml');

/** The default of `--max-file-size`: larger files are refused, whatever their type. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
/** @deprecated the default size limit; kept for callers of the first release. */
export const MAX_FILE_BYTES = DEFAULT_MAX_FILE_BYTES;
/** The largest `--max-file-size` accepted (a JavaScript string holds at most ~512 MiB). */
export const MAX_FILE_BYTES_LIMIT = 256 * 1024 * 1024;
/** YAML documents per file (counted as `---` lines) beyond which a file is refused. */
export const MAX_DOCUMENTS = 10_000;
/**
 * YAML nodes per file beyond which it is refused, counted before parsing as
 * lines plus flow items (`,` `[` `{`) plus sequence dashes: a bound on the
 * parser's time and memory, far above what a manifest file holds.
 */
export const MAX_NODES = 1_000_000;
/** Nesting depth of collections beyond which a file is refused. */
export const MAX_DEPTH = 200;
/** Files up to this many nodes are read with `yaml`, which gives exact error positions; larger ones with `js-yaml` only. */
const FULL_PARSER_MAX_NODES = 50_000;
/** Aliases `yaml` expands per document (its `maxAliasCount`). */
const MAX_ALIAS_COUNT = 100;

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Text the fast reader leaves to `yaml`: directives (`%YAML 1.1` changes the
 * schema), tags and explicit keys. A string that merely contains one of these
 * takes the slow path too, which reads it the same.
 */
const NEEDS_FULL_PARSER = /(?:^|[\s[{,])[!?]|^%|^\.\.\.|:[,\]}]/m;

/** A number too large for a double, which `yaml` reads as ±Infinity and `js-yaml` as a string. */
const OVERFLOW = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/**
 * The booleans of go-yaml v2, which kubectl reads YAML with (YAML 1.1):
 * `y`, `yes`, `on`, `n`, `no`, `off` in their three spellings besides
 * `true`/`false`. A YAML 1.2 parser reads them as strings.
 */
const GO_YAML_TRUE = /^(?:[yY]|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const GO_YAML_BOOL = /^(?:[yY]|yes|Yes|YES|true|True|TRUE|on|On|ON|[nN]|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
/** @internal The `yaml` tag of {@link GO_YAML_BOOL}. */
export const GO_YAML_BOOL_TAG = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  test: GO_YAML_BOOL,
  resolve: (source: string) => GO_YAML_TRUE.test(source),
};

/**
 * `js-yaml`'s YAML 1.2 core schema, adjusted to read like `yaml`'s: a null key
 * is `""`, and numbers beyond a double are ±Infinity; booleans as go-yaml v2
 * reads them ({@link GO_YAML_BOOL}).
 */
const FAST_SCHEMA = CORE_SCHEMA.withTags(
  boolYaml11Tag,
  {
    ...floatCoreTag,
    resolve: (source: string, explicit: boolean, tag: string) => {
      const value = floatCoreTag.resolve(source, explicit, tag);
      return value === NOT_RESOLVED && source.length < 400 && OVERFLOW.test(source) ? Number(source) : value;
    },
  },
  {
    ...mapTag,
    addPair: (map, key, value) => mapTag.addPair(map, key === null ? '' : key, value),
    has: (map, key) => mapTag.has(map, key === null ? '' : key),
  },
);

/** An input the command could not read, or refused to. */
export interface InputIssue {
  /** The file or folder (with `:doc` for one document of a multi-document file). */
  readonly file: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** The objects read from the inputs, with where each came from. */
export interface ReadResult {
  /** Every object read, in file and document order. */
  readonly manifests: Manifest[];
  /** Where each object came from, by index. */
  readonly sources: ManifestSource[];
  /** Files read (skipped ones included, refused ones not). */
  readonly files: number;
  /** Inputs that could not be read or were refused; non-empty means exit 2. */
  readonly errors: InputIssue[];
  /** Files and documents that hold no Kubernetes objects, skipped with a warning. */
  readonly skipped: InputIssue[];
}

/** How {@link readManifests} reads. */
export interface ReadOptions {
  /** Files larger than this are refused. @default DEFAULT_MAX_FILE_BYTES */
  readonly maxFileBytes?: number;
  /** `--ignore` patterns (see {@link IgnoreList}). */
  readonly ignore?: readonly string[];
}

/**
 * Reads every input: a file (any name), or a folder searched recursively for
 * `.yaml`, `.yml` and `.json` files (hidden folders and `node_modules` skipped).
 *
 * Only regular files are read: a FIFO, socket or device is refused by its type
 * before it is opened (and opened non-blocking, checked again on the open file,
 * so a swap in between cannot make the read block). A symbolic link is followed
 * only when its real target lies inside the scope of the path it was found
 * through: for a path given on the command line, the folder that holds it; for
 * a path found in a given folder, that folder. Every file is read up to the
 * size limit plus one byte, so the limit holds whatever the file claims its
 * size is.
 */
export function readManifests(inputs: readonly string[], options: ReadOptions = {}): ReadResult {
  const reader = new Reader(options);
  for (const input of inputs) reader.readInput(input);
  return reader.result();
}

class Reader {
  private readonly manifests: Manifest[] = [];
  private readonly sources: ManifestSource[] = [];
  private readonly errors: InputIssue[] = [];
  private readonly skipped: InputIssue[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();
  private readonly maxBytes: number;
  private readonly ignore: IgnoreList;
  private files = 0;

  constructor(options: ReadOptions) {
    this.maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.ignore = new IgnoreList(options.ignore ?? []);
  }

  public result(): ReadResult {
    return { manifests: this.manifests, sources: this.sources, files: this.files, errors: this.errors, skipped: this.skipped };
  }

  public readInput(input: string): void {
    let link: fs.Stats;
    try {
      link = fs.lstatSync(input);
    } catch (e) {
      this.error(input, `cannot read: ${reason(e)}`);
      return;
    }
    if (this.ignore.ignores(path.basename(path.resolve(input)), input)) return;
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(input);
      stat = fs.statSync(real);
    } catch (e) {
      this.error(input, link.isSymbolicLink() ? 'is a symbolic link to a path that does not exist' : `cannot read: ${reason(e)}`);
      return;
    }
    if (link.isSymbolicLink() || real !== path.resolve(input)) {
      let scope: string;
      try {
        scope = fs.realpathSync(path.dirname(path.resolve(input)));
      } catch (e) {
        this.error(input, `cannot read: ${reason(e)}`);
        return;
      }
      if (!inside(real, scope)) {
        this.error(input, `is a symbolic link to a path outside ${scope}; links are followed only within the folder that holds the given path`);
        return;
      }
    }
    if (stat.isDirectory()) {
      const before = this.files + this.errors.length;
      this.walk(input, real, real, '');
      if (this.files + this.errors.length === before) this.error(input, 'folder has no .yaml, .yml or .json files');
    } else {
      this.readOne(input, real, stat);
    }
  }

  private walk(dir: string, realDir: string, root: string, rel: string): void {
    if (this.seenDirs.has(realDir)) return;
    this.seenDirs.add(realDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(realDir, { withFileTypes: true });
    } catch (e) {
      this.error(dir, `cannot read folder: ${reason(e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const shown = path.join(dir, entry.name);
      const relative = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (this.ignore.ignores(relative, shown)) continue;
      const manifestName = MANIFEST_FILE.test(entry.name);
      const folderName = !entry.name.startsWith('.') && entry.name !== 'node_modules';
      if (entry.isDirectory()) {
        if (folderName) this.walk(shown, path.join(realDir, entry.name), root, relative);
        continue;
      }
      if (entry.isSymbolicLink()) {
        let real: string;
        let stat: fs.Stats;
        try {
          real = fs.realpathSync(path.join(realDir, entry.name));
          stat = fs.statSync(real);
        } catch {
          if (manifestName) this.error(shown, 'is a symbolic link to a path that does not exist');
          continue;
        }
        if (!(stat.isDirectory() ? folderName : manifestName)) continue;
        if (!inside(real, root)) {
          this.error(shown, `is a symbolic link to a path outside the given folder ${root}; links are followed only within it (not followed)`);
          continue;
        }
        if (stat.isDirectory()) this.walk(shown, real, root, relative);
        else this.readOne(shown, real, stat);
        continue;
      }
      if (!manifestName) continue;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(path.join(realDir, entry.name));
      } catch (e) {
        this.error(shown, `cannot read: ${reason(e)}`);
        continue;
      }
      this.readOne(shown, path.join(realDir, entry.name), stat);
    }
  }

  private readOne(file: string, real: string, stat: fs.Stats): void {
    if (!stat.isFile()) {
      this.error(file, `is not a regular file (it is ${fileType(stat)}); only regular files are read`);
      return;
    }
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    const buf = this.readBytes(file, real, stat);
    if (buf === undefined) return;
    let text: string;
    try {
      if (buf.includes(0)) throw new Error('binary');
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      this.error(file, 'not a text file (binary data or not UTF-8); expected YAML or JSON');
      return;
    }
    this.files++;
    this.readText(file, text);
  }

  private readBytes(file: string, real: string, stat: fs.Stats): Buffer | undefined {
    const read = readRegularFile(real, stat, this.maxBytes, TOO_LARGE_HINT);
    if (typeof read === 'string') {
      this.error(file, read);
      return undefined;
    }
    return read;
  }

  private readText(file: string, text: string): void {
    const size = measure(text);
    if (size.documents > MAX_DOCUMENTS) {
      this.error(file, `has more than ${MAX_DOCUMENTS} YAML documents; split it into smaller files`);
      return;
    }
    if (size.nodes > MAX_NODES) {
      this.error(file, `has more than ${MAX_NODES} YAML nodes (lines and collection items); split it into smaller files`);
      return;
    }
    const docs = readDocuments(text, size.nodes);
    if (docs.length === 0) {
      this.skip(file, 'skipped: holds no Kubernetes objects (the file is empty or only comments)');
      return;
    }
    const multi = docs.length > 1;
    let objects = 0;
    let notKubernetes = 0;
    const before = this.errors.length;
    for (let i = 0; i < docs.length; i++) {
      const where = multi ? `${file}:${i}` : file;
      const doc = docs[i];
      if (doc.error !== undefined) {
        this.error(where, doc.error);
        continue;
      }
      const value = doc.value;
      if (value === null || value === undefined) continue;
      const source: ManifestSource = multi ? { file, doc: i } : { file };
      if (!isObject(value) && !Array.isArray(value)) {
        this.error(where, `not a Kubernetes object (a ${typeof value}, expected a mapping with apiVersion and kind)`);
        continue;
      }
      if (Array.isArray(value) || isList(value)) {
        // A JSON array of objects, or a Kubernetes List.
        for (const item of (Array.isArray(value) ? value : value.items) as unknown[]) {
          if (!isKubernetesObject(item)) {
            this.error(where, 'an item of the list is not a Kubernetes object (needs string apiVersion and kind)');
            continue;
          }
          this.manifests.push(item);
          this.sources.push(source);
          objects++;
        }
        continue;
      }
      if (!('apiVersion' in value) && !('kind' in value)) {
        notKubernetes++;
        if (multi) this.skip(where, 'skipped: a mapping with no apiVersion and no kind is not a Kubernetes object');
        continue;
      }
      if (!isKubernetesObject(value)) {
        this.error(where, 'not a Kubernetes object (needs string apiVersion and kind)');
        continue;
      }
      this.manifests.push(value);
      this.sources.push(source);
      objects++;
    }
    if (objects === 0 && this.errors.length === before) {
      const why = notKubernetes > 0 ? 'its mappings have no apiVersion and no kind (e.g. a Helm values file)' : 'the file is empty or only comments';
      this.skip(file, `skipped: holds no Kubernetes objects (${why})`);
    }
  }

  private error(file: string, message: string): void {
    this.errors.push({ file, message });
  }

  private skip(file: string, message: string): void {
    this.skipped.push({ file, message });
  }
}


/**
 * Reads one file given on the command line (e.g. `--config`, `--event`) by the
 * rules of {@link readManifests}: a regular file, a symbolic link only to a
 * path inside the folder that holds it, at most `maxBytes` bytes.
 * @returns the bytes, or an {@link InputIssue} saying why not
 */
export function readFileArgument(file: string, maxBytes: number): Buffer | InputIssue {
  let link: fs.Stats;
  let real: string;
  let stat: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (e) {
    return { file, message: `cannot read: ${reason(e)}` };
  }
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch (e) {
    return { file, message: link.isSymbolicLink() ? 'is a symbolic link to a path that does not exist' : `cannot read: ${reason(e)}` };
  }
  const scope = fs.realpathSync(path.dirname(path.resolve(file)));
  if (!inside(real, scope)) {
    return { file, message: `is a symbolic link to a path outside ${scope}; links are followed only within the folder that holds the given path` };
  }
  const buf = readRegularFile(real, stat, maxBytes, TOO_LARGE_HINT);
  return typeof buf === 'string' ? { file, message: buf } : buf;
}

/**
 * {@link readFileArgument} as UTF-8 text.
 * @returns the text, or an {@link InputIssue} saying why not
 */
export function readTextFile(file: string, maxBytes: number): string | InputIssue {
  const buf = readFileArgument(file, maxBytes);
  if (!Buffer.isBuffer(buf)) return buf;
  try {
    if (buf.includes(0)) throw new Error('binary');
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { file, message: 'not a text file (binary data or not UTF-8); expected YAML' };
  }
}

/** True when `p` is `dir` or below it (both real paths). */
function inside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}


/**
 * Counts, in one pass and before any parser runs, the documents (`---` at the
 * start of a line) and an upper estimate of the nodes: lines, flow items
 * (`,` `[` `{`) and sequence dashes (`- ` after a line start or a space), so
 * compact nesting such as `- - - x` counts each level.
 * @internal
 */
export function measure(text: string): { documents: number; nodes: number } {
  let documents = 1;
  let nodes = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      nodes++;
      if (text.charCodeAt(i + 1) === 45 && text.startsWith('---', i + 1)) {
        const after = text.charCodeAt(i + 4);
        if (i + 4 >= n || after === 10 || after === 13 || after === 32 || after === 9) documents++;
      }
    } else if (c === 44 || c === 91 || c === 123) {
      nodes++;
    } else if (c === 45) {
      const prev = i === 0 ? 10 : text.charCodeAt(i - 1);
      const next = text.charCodeAt(i + 1);
      if ((prev === 32 || prev === 10 || prev === 9) && (next === 32 || next === 10 || next === 9)) nodes++;
    }
  }
  return { documents, nodes };
}

/** One document of a file: its value, or why it cannot be read. */
type ReadDocument = { readonly value: unknown; readonly error?: undefined } | { readonly value?: undefined; readonly error: string };

/**
 * The documents of a YAML or JSON text. `js-yaml` (YAML 1.2 core schema, like
 * `yaml`'s default) reads well-formed input several times faster; whatever it
 * rejects (malformed YAML, duplicate keys, aliases) or may read differently
 * (see {@link NEEDS_FULL_PARSER}) is read again with `yaml`, which says where
 * each document is malformed and expands at most {@link MAX_ALIAS_COUNT}
 * aliases. `yaml` is ten times slower, so a file of more than
 * {@link FULL_PARSER_MAX_NODES} nodes is read by `js-yaml` alone (its error
 * positions, no aliases). Nesting deeper than {@link MAX_DEPTH} is refused.
 * @param nodes the estimate of {@link measure}, when known
 * @internal
 */
export function readDocuments(text: string, nodes: number = measure(text).nodes): ReadDocument[] {
  const small = nodes <= FULL_PARSER_MAX_NODES;
  const needsFull = NEEDS_FULL_PARSER.test(text);
  if (!needsFull || !small) {
    try {
      return loadAll(text, { schema: FAST_SCHEMA, maxAliases: 0, maxDepth: MAX_DEPTH }).map(value => ({ value }));
    } catch (e) {
      const message = reason(e);
      if (/maxDepth/.test(message)) return [{ error: tooDeep() }];
      if (!small) {
        if (/maxAliases/.test(message)) {
          return [{ error: `uses YAML aliases (*name), which are read only in files of at most ${FULL_PARSER_MAX_NODES} nodes; write the values out` }];
        }
        const mark = (e as { mark?: { line: number; column: number } }).mark;
        const at = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
        const why = (e as { reason?: string }).reason ?? firstLine(message);
        return [{ error: `malformed YAML${at}: ${firstLine(why)}` }];
      }
      // Read again below, for the error positions.
    }
  }
  let parsed: ReturnType<typeof import('yaml').parseAllDocuments>;
  try {
    parsed = yamlModule().parseAllDocuments(text, { prettyErrors: true, customTags: tags => [GO_YAML_BOOL_TAG, ...tags] });
  } catch (e) {
    return [{ error: e instanceof RangeError ? tooDeep() : `cannot read YAML: ${firstLine(reason(e))}` }];
  }
  return parsed.map((doc): ReadDocument => {
    if (doc.errors.length === 0) goYamlFlowScalars(doc, text);
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      const pos = err.linePos?.[0];
      const at = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      return { error: `malformed YAML${at}: ${firstLine(err.message).replace(/ at line \d+, column \d+:?$/, '')}` };
    }
    try {
      const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      return depthOf(value) > MAX_DEPTH ? { error: tooDeep() } : { value };
    } catch (e) {
      return { error: e instanceof RangeError ? tooDeep() : `cannot read YAML: ${firstLine(reason(e))}` };
    }
  });
}

/**
 * kubectl reads YAML with go-yaml v2, whose scanner ends a plain scalar in a
 * flow collection only at a flow indicator, a ": " (a blank after the colon)
 * or " #": `[1.2.3.4, 001:db8::]` holds the string "001:db8::". A YAML 1.2
 * parser reads a plain scalar that ends in ":" right before "," "]" or "}"
 * inside a flow sequence as a one-pair map with an empty value instead. This
 * turns each such pair back into the string kubectl reads.
 */
function goYamlFlowScalars(doc: Document, text: string): void {
  const { isScalar, isSeq, Scalar, visit } = yamlModule();
  visit(doc, {
    Map(_, map, path) {
      const parent = path[path.length - 1];
      if (!map.flow || map.items.length !== 1 || !isSeq(parent) || !parent.flow) return undefined;
      const { key, value } = map.items[0];
      if (!isScalar(key) || key.type !== Scalar.PLAIN || !key.range) return undefined;
      if (!isScalar(value) || value.value !== null || !value.range || value.range[0] !== value.range[1]) return undefined;
      const end = key.range[1];
      if (text[end] !== ':' || !',]}'.includes(text[end + 1] ?? '')) return undefined;
      return new Scalar(text.slice(key.range[0], end + 1));
    },
  });
}

function tooDeep(): string {
  return `nesting is deeper than ${MAX_DEPTH} levels; no Kubernetes object nests that deep`;
}

/** The nesting depth of collections in a value, without recursion (aliases may share objects, so each is visited once). */
function depthOf(value: unknown): number {
  let max = 0;
  const seen = new Set<object>();
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > MAX_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
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
