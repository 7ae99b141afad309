/**
 * Cases converted from the upstream table-driven validation tests (`*_validation_test.go`) at the pinned
 * tags, each with the upstream verdict. An upstream case validates a Go object with the webhook's
 * `Validate`; here the same object, as a manifest, goes through the schema and semantic layers
 * (references are not part of a webhook's verdict). Objects are written as a user would write them: where
 * the Go test leaves out what the CRD schema requires (a sink's kind, say) and the case is not about it,
 * the manifest gives it, and the case says "adapted".
 */
import { DEFAULT_CLUSTER_CONFIG, withFeatures } from '../../../src/validation/config';
import { validateManifests } from '../../../src/validation/engine';
import { Manifest } from '../../../src/validation/types';

/** One upstream table row. */
export interface UpstreamCase {
  /** The upstream test function and the row's `name`. */
  readonly test: string;
  readonly name: string;
  readonly obj: Manifest;
  /** Feature flags the upstream case puts in its context. */
  readonly features?: Record<string, string>;
  /**
   * The field paths of the upstream errors (from the object's root); unset when upstream accepts.
   * Each must be one of our error paths, or inside one, or contain one.
   */
  readonly rejects?: readonly string[];
  /** What we changed from the upstream row, if anything. */
  readonly adapted?: string;
}

/** Runs one upstream test file's cases: `file` is `repo@tag path`. */
export function runUpstream(file: string, cases: readonly UpstreamCase[]): void {
  describe(file, () => {
    test.each(cases.map(c => [`${c.test} "${c.name}": ${c.rejects ? 'rejected' : 'admitted'}`, c] as const))('%s', (_title, c) => {
      const config = withFeatures(DEFAULT_CLUSTER_CONFIG, c.features ?? {});
      const errors = validateManifests([c.obj], { config, layers: ['schema', 'semantic'] }).filter(p => p.severity === 'error');
      if (!c.rejects) {
        expect(errors.map(e => `${e.path}: ${e.message}`)).toEqual([]);
        return;
      }
      expect(errors.length).toBeGreaterThan(0);
      const paths = errors.map(e => e.path);
      for (const want of c.rejects) {
        expect([want, ...paths].filter((p, i) => i > 0 && (p === want || p.startsWith(`${want}.`) || p.startsWith(`${want}[`)
          || want.startsWith(`${p}.`) || want.startsWith(`${p}[`) || p === ''))).not.toEqual([]);
      }
    });
  });
}

/** An object of `apiVersion`/`kind` named `x` in namespace `default`. */
export function obj(apiVersion: string, kind: string, spec: unknown, meta: Record<string, unknown> = {}): Manifest {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default', ...meta }, spec };
}
