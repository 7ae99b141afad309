import { DEFAULT_CLUSTER_CONFIG, withFeatures } from '../../../src/validation/config';
import { ALL_RULES, ANY_KIND, kindKey } from '../../../src/validation/rules';
import { ClusterSettings, Manifest } from '../../../src/validation/types';

/** One table row: a manifest a rule must accept (`bad` unset) or reject at the listed paths. */
export interface RuleCase {
  readonly rule: string;
  readonly name: string;
  readonly obj: Manifest;
  /** Feature flags to set on the stock config. */
  readonly features?: Record<string, string>;
  /** A whole config instead of the stock one. */
  readonly config?: ClusterSettings;
  /** Paths the rule must report; unset or empty means the rule must report nothing. */
  readonly bad?: readonly string[];
  /** The severity expected at the `bad` paths. @default 'error' */
  readonly severity?: 'error' | 'warning';
}

/** Runs a table of cases with jest. */
export function runCases(title: string, cases: readonly RuleCase[]): void {
  describe(title, () => {
    test.each(cases.map(c => [`${c.rule} ${c.bad?.length ? 'rejects' : 'accepts'} ${c.name}`, c] as const))('%s', (_n, c) => {
      const r = ALL_RULES.find(x => x.id === c.rule);
      expect(r).toBeDefined();
      expect(r!.kinds.includes(kindKey(c.obj)) || r!.kinds.includes(ANY_KIND)).toBe(true);
      const config = withFeatures(c.config ?? DEFAULT_CLUSTER_CONFIG, c.features ?? {});
      const findings = r!.check(c.obj, { config });
      if (!c.bad?.length) {
        expect(findings).toEqual([]);
        return;
      }
      const paths = findings.map(f => f.path);
      for (const p of c.bad) expect(paths).toContain(p);
      const severities = findings.filter(f => c.bad!.includes(f.path)).map(f => f.severity ?? 'error');
      expect(new Set(severities)).toEqual(new Set([c.severity ?? 'error']));
      for (const f of findings) {
        expect(f.message.length).toBeGreaterThan(0);
        expect(f.hint?.length ?? 0).toBeGreaterThan(0);
      }
    });
  });
}

/** A Knative Service with one container, optionally patched. */
export function ksvc(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}, templateMeta?: Record<string, unknown>): Manifest {
  const { traffic, ...revSpec } = spec;
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', ...meta },
    spec: {
      template: {
        ...(templateMeta ? { metadata: templateMeta } : {}),
        spec: { containers: [{ image: 'ghcr.io/example/hello:1' }], ...revSpec },
      },
      ...(traffic !== undefined ? { traffic } : {}),
    },
  };
}

/** Any object of a kind with the given spec. */
export function obj(apiVersion: string, kind: string, spec: unknown, meta: Record<string, unknown> = {}): Manifest {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'default', ...meta }, spec };
}
