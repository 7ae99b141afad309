/**
 * Field paths as the engine prints them: dotted, with indices in brackets
 * (`spec.template.spec.containers[0].image`) and keys that are not plain
 * identifiers quoted (`metadata.annotations["autoscaling.knative.dev/min-scale"]`).
 */

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one key or index to a dotted path. */
export function appendPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (PLAIN_KEY.test(key)) return base === '' ? key : `${base}.${key}`;
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
