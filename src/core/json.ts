/**
 * A copy of `obj` without its undefined fields, the others in the same order.
 *
 * Rendered specs go through cdk8s' `resolve()`, which visits every key
 * (undefined ones included, each with a walk up the construct tree) before
 * `sanitizeValue()` drops the undefined ones: leaving them out of the render
 * makes synth cheaper and writes the same manifest.
 */
export function dropUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const value = (obj as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
