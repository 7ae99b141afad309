/**
 * Field paths as the engine prints them: dotted, with indices in brackets
 * (`spec.template.spec.containers[0].image`) and keys that are not plain
 * identifiers quoted (`metadata.annotations["autoscaling.knative.dev/min-scale"]`).
 */

/**
 * True for a key printed after a dot: a plain identifier (`/^[A-Za-z_][A-Za-z0-9_]*$/`).
 * Tested by character codes: paths are built for every field the rules and
 * the reference walk visit, and this is cheaper than running the regex.
 */
export function isPlainKey(key: string): boolean {
  if (key === '') return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
    if (!letter && (i === 0 || c < 48 || c > 57)) return false; // 0-9 after the first
  }
  return true;
}

/** Appends one key or index to a dotted path. */
export function appendPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (isPlainKey(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Joins path segments: `['spec', 'containers', 0]` gives `spec.containers[0]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out = appendPath(out, s);
  return out;
}

/**
 * Turns a JSON pointer (`/spec/containers/0`) into a dotted path, using the
 * document to tell array indices from object keys that look like numbers.
 */
export function pointerToPath(pointer: string, doc: unknown): string {
  if (pointer === '') return '';
  let out = '';
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      const index = Number(key);
      out = appendPath(out, index);
      node = node[index];
    } else {
      out = appendPath(out, key);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}
