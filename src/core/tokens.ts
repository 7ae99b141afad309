/**
 * Values that are not known until synth (for example Helm chart values)
 * stand in props as tokens. Constructs skip their range checks for them and
 * turn them into strings through the owning mechanism. The mechanism (see
 * `src/helm`) registers itself here, so lower layers never import it.
 */
export interface ITokenSupport {
  /** True when `x` is (or contains) a token of this mechanism. */
  isToken(x: unknown): boolean;
  /** A string that stands for the token `x` where a string field takes it. */
  toStringToken(x: number | boolean | string): string;
  /** A number token for `total - x`, `x` being a number token. */
  subtractFrom(total: number, x: number): number;
}

const supports: ITokenSupport[] = [];

/** Registers a token mechanism (once per mechanism). */
export function registerTokenSupport(support: ITokenSupport): void {
  if (!supports.includes(support)) supports.push(support);
}

/** True when `x` is a token resolved only at synth, so it cannot be checked now. */
export function isUnresolved(x: unknown): boolean {
  return supports.some(s => s.isToken(x));
}

/** `String(x)` that keeps tokens tokens. */
export function tokenAwareString(x: number | boolean | string): string {
  const owner = supports.find(s => s.isToken(x));
  return owner ? owner.toStringToken(x) : String(x);
}

/** `total - x` that keeps a number token a token. */
export function tokenAwareSubtract(total: number, x: number): number {
  const owner = supports.find(s => s.isToken(x));
  return owner ? owner.subtractFrom(total, x) : total - x;
}
