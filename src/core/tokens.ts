/**
 * Values that are not known until synth (Helm chart values, `src/helm`)
 * stand in props as tokens. Constructs skip their own checks for them and
 * turn them into strings with `tokenAwareString`. The token format lives
 * here, at the bottom, so every layer recognizes a token without importing
 * the layer that makes them, and without any registry.
 *
 * - A string token: `${ChartValue<kind>:<path>#<id>[-<total>]}`. Kind `Raw`
 *   marks a typed (non-string) position in chart rendering, `List` the one item
 *   of a list token; `-<total>` marks a value derived by `subtractFrom(total)`.
 *   The path is only for readability.
 * - A number token: a huge negative double whose high 16 bits are
 *   {@link NUMBER_MARKER}, holding the value's id, an integer flag and the
 *   `total` of a derived value.
 * - A token object (written with its own YAML type): tagged with a symbol.
 */

/** The value a token stands for: its id in its app, and the `total` of `total - value`. */
export interface TokenRef {
  readonly id: number;
  readonly total?: number;
}

/** Every string token in a string (global: use with `matchAll` / `replace`). */
export const STRING_TOKEN = /\$\{ChartValue(Raw|List)?:([a-zA-Z0-9.]*)#(\d+)(?:-(\d+))?\}/g;
/** High 16 bits of a number token (a huge negative double no real prop takes). */
const NUMBER_MARKER = 0xfbff;
/** Bit of a number token's high word set for integer values. */
const INTEGER_BIT = 0x8000;
/** Largest `total` a number token can hold (15 bits, stored + 1). */
export const MAX_TOKEN_TOTAL = 0x7ffe;

const TOKEN_OBJECT = Symbol.for('cdk8s-knative.tokenObject');

/** Tags `obj` as a token object (one that stands for a value known at synth). */
export function markTokenObject(obj: object): void {
  Object.defineProperty(obj, TOKEN_OBJECT, { value: true });
}

/** The reference a string token match holds. */
export function refOfMatch(m: RegExpMatchArray): TokenRef {
  return { id: Number(m[3]), total: m[4] === undefined ? undefined : Number(m[4]) };
}

/** The number token of `ref`. */
export function encodeNumberToken(ref: TokenRef, integer: boolean): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, ((NUMBER_MARKER << 16) | (integer ? INTEGER_BIT : 0) | (ref.total === undefined ? 0 : ref.total + 1)) >>> 0);
  view.setUint32(4, ref.id);
  return view.getFloat64(0);
}

/** The reference a number token holds, or undefined for a plain number. */
export function decodeNumberToken(x: number): (TokenRef & { integer: boolean }) | undefined {
  // every number token (high bits 0xfbff) is at most -1.88e289: any other number is plain, without a look at its bits
  if (!(x <= -1e289)) return undefined;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  if (high >>> 16 !== NUMBER_MARKER) return undefined;
  const total = high & 0x7fff;
  return { id: view.getUint32(4), total: total === 0 ? undefined : total - 1, integer: (high & INTEGER_BIT) !== 0 };
}

/** True when `x` is, or (for strings) contains, a token: its value is only known at synth, so it cannot be checked now. */
export function isUnresolved(x: unknown): boolean {
  if (typeof x === 'string') return x.includes('${ChartValue') && [...x.matchAll(STRING_TOKEN)].length > 0;
  if (typeof x === 'number') return decodeNumberToken(x) !== undefined;
  return typeof x === 'object' && x !== null && TOKEN_OBJECT in x;
}

/** `String(x)` that keeps a number token a token (the string token of the same value). */
export function tokenAwareString(x: number | boolean | string): string {
  const ref = typeof x === 'number' ? decodeNumberToken(x) : undefined;
  if (!ref) return String(x);
  return `\${ChartValue:#${ref.id}${ref.total === undefined ? '' : `-${ref.total}`}}`;
}

/** `total - x` that keeps an integer number token a token. */
export function tokenAwareSubtract(total: number, x: number): number {
  const ref = decodeNumberToken(x);
  if (!ref) return total - x;
  if (!ref.integer || ref.total !== undefined) {
    throw new Error(`ChartValue.subtractFrom: ${tokenAwareString(x)} is a ${ref.integer ? 'derived value' : 'number value'}; only integer chart values can be subtracted`);
  }
  if (!Number.isInteger(total) || total < 0 || total > MAX_TOKEN_TOTAL) {
    throw new Error(`ChartValue.subtractFrom: total ${total} must be a whole number from 0 to ${MAX_TOKEN_TOTAL}`);
  }
  return encodeNumberToken({ id: ref.id, total }, true);
}
