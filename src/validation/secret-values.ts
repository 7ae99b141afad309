/**
 * Where secret values sit in the objects the engine checks, so that no
 * problem ever quotes one: messages about a Secret name the key and what is
 * wrong, never the value (as the API server itself writes
 * `<secret contents redacted>` in `ValidateSecret`).
 *
 * Two guards: the layers do not describe a value at (or above) a secret
 * location ({@link touchesSecretValues}); and the engine removes from every
 * problem of such an object any text equal to one of its secret values
 * ({@link secretValuesOf}, {@link redactSecretValues}), whatever produced it
 * (a CEL `messageExpression`, a rule that threw).
 */
import { Manifest } from './types';

/**
 * The fields that hold secret values, by `group/Kind`:
 * - a Secret's `data` and `stringData`;
 * - a SealedSecret's `encryptedData` (meant to be ciphertext, but a value
 *   pasted unencrypted by mistake must not reach a CI log either), the
 *   legacy `data` and the `template.data` written into the Secret;
 * - an ExternalSecret's target template (`data` and the literal templates
 *   of `templateFrom`), which may embed literal credentials.
 */
const SECRET_FIELDS: Readonly<Record<string, readonly string[][]>> = {
  '/Secret': [['data'], ['stringData']],
  'bitnami.com/SealedSecret': [['spec', 'encryptedData'], ['spec', 'data'], ['spec', 'template', 'data']],
  'external-secrets.io/ExternalSecret': [['spec', 'target', 'template', 'data'], ['spec', 'target', 'template', 'templateFrom']],
};

/** The text that stands for a hidden value. */
export const HIDDEN = '***';

/** Values shorter than this are not searched for in problem text (they would match ordinary words). */
const MIN_REDACTED_LENGTH = 4;

function fieldsOf(m: { apiVersion?: unknown; kind?: unknown }): readonly string[][] | undefined {
  if (typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return undefined;
  const slash = m.apiVersion.lastIndexOf('/');
  return SECRET_FIELDS[`${slash < 0 ? '' : m.apiVersion.slice(0, slash)}/${m.kind}`];
}

/** True when the kind of `m` holds secret values. */
export function holdsSecretValues(m: { apiVersion?: unknown; kind?: unknown }): boolean {
  return fieldsOf(m) !== undefined;
}

/**
 * True when the field at `path` (dotted, as the engine prints paths) is a
 * secret location of `m`, lies inside one, or contains one (`''`, `spec`...):
 * a message about it must not describe its value.
 */
export function touchesSecretValues(m: { apiVersion?: unknown; kind?: unknown }, path: string): boolean {
  const fields = fieldsOf(m);
  if (!fields) return false;
  return fields.some(segments => {
    const root = segments.join('.');
    return path === '' || path === root || isInside(path, root) || isInside(root, path);
  });
}

/** True when `path` is a field inside `outer`. */
function isInside(path: string, outer: string): boolean {
  return path.startsWith(outer) && (path[outer.length] === '.' || path[outer.length] === '[');
}

/**
 * Every secret value of `m` as text, longest first: each string (and each
 * number or boolean) under a secret location, the base64-decoded form of a
 * Secret's `data` values, and the JSON-escaped form of each.
 */
export function secretValuesOf(m: Manifest): string[] {
  const fields = fieldsOf(m);
  if (!fields) return [];
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length < MIN_REDACTED_LENGTH) return;
    out.add(s);
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out.add(escaped);
  };
  const isCoreData = m.apiVersion === 'v1' && m.kind === 'Secret';
  for (const segments of fields) {
    let node: unknown = m;
    for (const s of segments) node = isObject(node) ? node[s] : undefined;
    collect(node, (leaf, top) => {
      add(leaf);
      if (isCoreData && top && segments[0] === 'data') {
        const decoded = decodeBase64(leaf);
        if (decoded !== undefined) add(decoded);
      }
    }, true);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Calls `visit` with every leaf value under `node` as text (`top`: a direct value of the map). */
function collect(node: unknown, visit: (leaf: string, top: boolean) => void, top: boolean, depth = 0): void {
  if (depth > 64) return;
  if (typeof node === 'string') visit(node, top);
  else if (typeof node === 'number' || typeof node === 'boolean') visit(String(node), top);
  else if (Array.isArray(node)) for (const x of node) collect(x, visit, false, depth + 1);
  else if (isObject(node)) {
    for (const x of Object.values(node)) collect(x, visit, depth === 0, depth + 1);
  }
}

/** The text a base64 value stands for, when it is base64 and decodes to UTF-8 text. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}

/** `text` with every occurrence of each of `secrets` (longest first) replaced by {@link HIDDEN}. */
export function redactSecretValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(HIDDEN);
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
