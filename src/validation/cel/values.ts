/**
 * JSON values as Kubernetes hands them to CEL (`UnstructuredToVal`), typed by
 * the schema: `integer` fields are CEL ints (bigint), `number` fields doubles
 * (even when the JSON holds an integer), objects and maps CEL maps, arrays
 * lists, `format: byte` strings bytes. An object shows only the fields its
 * schema declares, under their CEL names (`x-prop` is `x__dash__prop`), and a
 * null field is absent, so `has(self.f)` is false for it.
 *
 * Not modelled: `format: date-time`/`duration` strings stay strings (Kubernetes
 * makes them timestamps and durations; a rule comparing them as such fails to
 * find an overload here and is skipped), and lists of `x-kubernetes-list-type`
 * set or map compare in order.
 */
import { CelNode } from './tree';

/** Thrown when a value does not have its schema's type: the rule is not evaluated. */
export class ValueMismatch extends Error {}

/** CEL's reserved words: a field of that name is `__<word>__` in a rule. */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return']);
const ESCAPABLE = /^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/;
const PLAIN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** JSON name → CEL name, or null when CEL cannot name the field. */
const escapes = new Map<string, string | null>();

/**
 * The CEL name of an object field (Kubernetes' `cel.Escape`): `__` is
 * `__underscores__`, `.` `__dot__`, `-` `__dash__`, `/` `__slash__`, a reserved
 * word `__word__`; null when the name cannot be escaped.
 */
export function celFieldName(name: string): string | null {
  let out = escapes.get(name);
  if (out !== undefined) return out;
  if (RESERVED.has(name)) out = `__${name}__`;
  else if (PLAIN.test(name) && !name.includes('__')) out = name;
  else if (!ESCAPABLE.test(name)) out = null;
  else {
    out = name.replace(/__|[.\-/]/g, m => (m === '__' ? '__underscores__' : m === '.' ? '__dot__' : m === '-' ? '__dash__' : '__slash__'));
  }
  escapes.set(name, out);
  return out;
}

/** `value` as CEL sees it at a node of type `node`; throws {@link ValueMismatch} on a type the schema does not allow. */
export function toCel(value: unknown, node: CelNode): unknown {
  switch (node.type) {
    case 'object': {
      if (!isObject(value)) throw new ValueMismatch();
      const out = new Map<string, unknown>();
      const fields = node.fields ?? {};
      for (const name of Object.keys(value)) {
        const v = value[name];
        if (v === null || v === undefined || !Object.prototype.hasOwnProperty.call(fields, name)) continue;
        const field = fields[name];
        const key = celFieldName(name);
        if (key !== null) out.set(key, toCel(v, field));
      }
      return out;
    }
    case 'map': {
      if (!isObject(value)) throw new ValueMismatch();
      const out = new Map<string, unknown>();
      for (const key of Object.keys(value)) {
        const v = value[key];
        out.set(key, v === null ? null : toCel(v, node.element!));
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) throw new ValueMismatch();
      return value.map(v => (v === null ? null : toCel(v, node.element!)));
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ValueMismatch();
      return BigInt(value);
    case 'int-or-string':
      if (typeof value === 'string') return value;
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new ValueMismatch();
      return BigInt(value);
    case 'double':
      if (typeof value !== 'number') throw new ValueMismatch();
      return value;
    case 'string':
      if (typeof value !== 'string') throw new ValueMismatch();
      return value;
    case 'bytes':
      if (typeof value !== 'string') throw new ValueMismatch();
      return new Uint8Array(Buffer.from(value, 'base64'));
    case 'bool':
      if (typeof value !== 'boolean') throw new ValueMismatch();
      return value;
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
