/**
 * Reads the CustomResourceDefinitions a user registers (`validate --crd`,
 * `Validation.configure({ crds })`) from files and folders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from '../core/files';

const EXTENSIONS = /\.(ya?ml|json)$/i;
/** The largest CRD file read (the CLI's default limit for any input). */
const MAX_CRD_BYTES = 16 * 1024 * 1024;

/**
 * Every CustomResourceDefinition in `paths` (files, or folders searched for
 * .yaml, .yml and .json files), in order; other documents are skipped.
 * @throws Error naming the path when it cannot be read, is malformed, holds
 *   a CustomResourceDefinition without group, kind or versions, or holds no
 *   CustomResourceDefinition at all
 */
export function readCrds(paths: readonly string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new Error(`CRDs: ${p}: no such file or folder`);
    }
    const files = stat.isDirectory() ? listFiles(p) : [p];
    const before = out.length;
    for (const file of files) out.push(...crdsOfFile(file));
    if (out.length === before) throw new Error(`CRDs: ${p}: no CustomResourceDefinition found`);
  }
  return out;
}

function crdsOfFile(file: string): Record<string, unknown>[] {
  const text = readText(file);
  const out: Record<string, unknown>[] = [];
  // `yaml` is loaded only when CRD files are given.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('yaml') as typeof import('yaml')).parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) throw new Error(`CRDs: ${file}:${i}: malformed YAML: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const items = isRecord(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      if (!isRecord(item) || item.kind !== 'CustomResourceDefinition') continue;
      const spec = isRecord(item.spec) ? item.spec : {};
      const names = isRecord(spec.names) ? spec.names : {};
      if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || !Array.isArray(spec.versions) || spec.versions.length === 0) {
        throw new Error(`CRDs: ${file}:${i}: a CustomResourceDefinition needs spec.group, spec.names.kind and spec.versions`);
      }
      out.push(item);
    }
  });
  return out;
}

/** The text of a regular file of at most {@link MAX_CRD_BYTES}, read without blocking (core/files). */
function readText(file: string): string {
  let real: string;
  let stat: fs.Stats;
  try {
    real = fs.realpathSync(file);
    stat = fs.statSync(real);
  } catch (e) {
    throw new Error(`CRDs: ${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const buf = readRegularFile(real, stat, MAX_CRD_BYTES);
  if (typeof buf === 'string') throw new Error(`CRDs: ${file}: ${buf}`);
  return buf.toString('utf8');
}

/** Files under `dir` with a YAML or JSON extension, sorted, recursively. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile() && EXTENSIONS.test(e.name)) out.push(full);
  }
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
