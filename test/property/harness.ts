/**
 * Shared pieces of the property-based tests: how many cases to run, the
 * fixed seed, tagged generators, and the one property every construct must
 * satisfy.
 *
 * The property (issue 4, "Robustness"): whatever props a user passes, a
 * construct either synthesizes manifests that pass all three validation
 * layers, or throws a `KnativePropError` naming its construct path and the
 * field. Never a TypeError, never an invalid manifest that slips past the
 * construct-time checks.
 *
 * On top of that, every generated value is tagged with what Knative makes of
 * it: `ok` (accepted), `bad` (rejected) or `either` (depends on other values
 * or on a rule we do not model). A case with a `bad` value must be rejected
 * by the construct; a case whose values are all `ok` must synthesize.
 *
 * Environment:
 * - `PROPERTY_RUNS`: total cases over all properties (2,000 in `npm test`;
 *   `npm run test:property` runs 10,000), shared out by `runsFor()`.
 * - `PROPERTY_SEED`: the seed (fixed by default; fast-check prints seed and
 *   path of a failure, to replay it with `PROPERTY_SEED`).
 * - `PROPERTY_EXPLORE=1`: run every case, list each distinct failure and the
 *   outcomes (`PROPERTY_EXPLORE_CHARS` sets how much of each example is shown).
 * - `PROPERTY_UNNARROWED=1`: keep the cases that hit known bugs.
 */
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import { KnativePropError } from '../../src/core';
import { ChartValue } from '../../src/helm/chart-value';
import { ClusterConfig, ProblemSeverity, Validation } from '../../src/validation';

/** What Knative makes of a generated value. */
export type Verdict = 'ok' | 'bad' | 'either';

/** A generated value with its verdict. */
export interface Tagged<T> {
  readonly value: T;
  readonly verdict: Verdict;
}

/** Total number of cases across all property tests: `PROPERTY_RUNS`, or 2,000 in `npm test`. */
export const TOTAL_RUNS = positiveInt(process.env.PROPERTY_RUNS) ?? 2000;

/** The seed: `PROPERTY_SEED`, or a fixed one so `npm test` is reproducible. */
export const SEED = integer(process.env.PROPERTY_SEED) ?? 20261125;

/** Cases for one property: its share of {@link TOTAL_RUNS}. */
export function runsFor(share: number): number {
  return Math.max(1, Math.ceil(TOTAL_RUNS * share));
}

/** A jest timeout that grows with the number of cases (about 25 ms a case, at least 30 s). */
export function timeoutFor(runs: number): number {
  return Math.max(30_000, runs * 25);
}

/** fast-check parameters: the fixed seed (printed by fast-check on failure with the path to replay). */
export function params(runs: number): fc.Parameters<unknown> {
  return { numRuns: runs, seed: SEED, endOnFailure: false };
}

function positiveInt(s: string | undefined): number | undefined {
  const n = integer(s);
  return n !== undefined && n > 0 ? n : undefined;
}

function integer(s: string | undefined): number | undefined {
  return s !== undefined && /^-?\d+$/.test(s.trim()) ? Number(s) : undefined;
}

// ---------------------------------------------------------------- tagging

/** Values Knative accepts. */
export function ok<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Tagged<T>> {
  return arb.map(value => ({ value, verdict: 'ok' as Verdict }));
}

/** Values Knative rejects. */
export function bad<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Tagged<T>> {
  return arb.map(value => ({ value, verdict: 'bad' as Verdict }));
}

/** Values whose fate we do not model (the core property still holds for them). */
export function either<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Tagged<T>> {
  return arb.map(value => ({ value, verdict: 'either' as Verdict }));
}

/** An absent optional prop (accepted). */
export function absent<T>(): fc.Arbitrary<Tagged<T | undefined>> {
  return fc.constant({ value: undefined, verdict: 'ok' as Verdict });
}

/** Mostly valid values: `weightOk` parts valid to one part invalid. */
export function mix<T>(good: fc.Arbitrary<Tagged<T>>, wrong: fc.Arbitrary<Tagged<T>>, weightOk = 3): fc.Arbitrary<Tagged<T>> {
  return fc.oneof({ arbitrary: good, weight: weightOk }, { arbitrary: wrong, weight: 1 });
}

/** The worst verdict of several. */
export function worst(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('bad')) return 'bad';
  if (verdicts.includes('either')) return 'either';
  return 'ok';
}

// ---------------------------------------------------------------- common values

/** DNS-1035 labels (Service names): a letter first, at most 63 characters. */
export const dns1035Label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);

/** Names Kubernetes and Knative reject everywhere (not DNS-1123 subdomains either). */
export const badNames = fc.constantFrom(
  '', ' ', 'Hello', 'UPPER', 'a_b', '-lead', 'trail-', 'with space', 'tab\there', 'héllo', 'a/b', 'x'.repeat(254), 'name\n',
);

/** Names that are DNS-1123 labels but not DNS-1035 ones (a digit first) or too long a label. */
export const dns1123NotDns1035 = fc.constantFrom('1abc', '0', '9-lives', 'a'.repeat(64));

/** A name for a Knative Service / Broker / Trigger..., tagged for a DNS-1035 rule. */
export const serviceName: fc.Arbitrary<Tagged<string>> = mix(
  ok(fc.oneof({ arbitrary: dns1035Label, weight: 8 }, fc.constant('a'), fc.constant(`a${'b'.repeat(62)}`))),
  fc.oneof(bad(badNames), bad(dns1123NotDns1035), bad(fc.constant('a.b'))),
);

// ---------------------------------------------------------------- the property

/** A fresh app with one namespaced chart; nothing is ever written to `outdir`. */
export function newApp(): { app: App; chart: Chart } {
  // the resolver lets any case use Helm chart values
  const app = new App({ outdir: path.join(os.tmpdir(), 'cdk8s-knative-property-never-written'), resolvers: [ChartValue.resolver()] });
  const chart = new Chart(app, 'prop', { namespace: 'demo' });
  return { app, chart };
}

/** How one case ended. */
export type Outcome =
  | { readonly kind: 'valid'; readonly yaml: string }
  | { readonly kind: 'rejected'; readonly error: KnativePropError };

/**
 * Builds one case and checks the core property; returns how it ended.
 * Throws (failing the property) for any other error, for a KnativePropError
 * that does not name an existing construct and a field, and for manifests
 * that fail any validation layer.
 */
export function runCase(build: (chart: Chart) => void, features: Record<string, string> = {}): Outcome {
  const { app, chart } = newApp();
  // the cluster the case targets: stock Knative, plus the feature flags the case says it turned on
  // synth prints the warnings (also in the result of validate()); keep the test output readable
  Validation.of(app).configure({ printWarnings: false });
  if (Object.keys(features).length > 0) Validation.of(app).configure({ clusterConfig: ClusterConfig.DEFAULT.withFeatures(features) });
  try {
    build(chart);
  } catch (e) {
    if (!(e instanceof KnativePropError)) {
      throw new Error(`expected a KnativePropError or valid manifests, got ${describeError(e)}`);
    }
    checkPropError(app, e);
    return { kind: 'rejected', error: e };
  }
  const result = Validation.of(app).validate();
  const errors = result.problems.filter(p => p.severity === ProblemSeverity.ERROR);
  if (errors.length > 0) {
    throw new Error(`the constructs accepted the props but the manifests are invalid (escaped construct-time checks):\n${
      errors.map(p => `  ${p.text} [${p.rule}]`).join('\n')}`);
  }
  let yaml: string;
  try {
    // the real synth path: construct validations + all three layers, as `cdk8s synth` does
    yaml = app.synthYaml();
  } catch (e) {
    throw new Error(`Validation.validate() found no error but app.synthYaml() threw ${describeError(e)}`);
  }
  return { kind: 'valid', yaml };
}

function checkPropError(app: App, e: KnativePropError): void {
  const paths = new Set(app.node.findAll().map((c: IConstruct) => c.node.path));
  if (!paths.has(e.constructPath)) {
    throw new Error(`KnativePropError names construct path "${e.constructPath}", which is not in the app: ${e.message}`);
  }
  if (typeof e.field !== 'string' || e.field.trim() === '') {
    throw new Error(`KnativePropError names no field: ${e.message}`);
  }
  // one bad prop: `[path] field: ...`; several (gathered per construct): `[path] N props are not allowed:` and a line each
  const problems = e.problems ?? [];
  const ok = problems.length <= 1
    ? e.message.startsWith(`[${e.constructPath}] ${e.field}: `)
    : e.message.startsWith(`[${e.constructPath}] ${problems.length} props are not allowed:\n`)
      && problems.every(p => e.message.includes(`\n    ${p.field}: `));
  if (!ok) throw new Error(`KnativePropError message does not name the construct path and each field: ${e.message}`);
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `a thrown ${typeof e}: ${String(e)}`;
}

/**
 * The core property plus the verdicts: `fields` maps each generated field
 * (as the construct names it in errors, a prefix is enough) to its verdict.
 * A case with a `bad` field must be rejected, and the error must name a
 * field that is `bad` or `either`; a case with only `ok` fields must be valid.
 * `features` are the Knative feature flags the target cluster enables.
 */
export function checkCase(fields: Record<string, Verdict>, build: (chart: Chart) => void, features: Record<string, string> = {}): Outcome {
  const outcome = runCase(build, features);
  const verdict = worst(...Object.values(fields));
  if (outcome.kind === 'valid' && verdict === 'bad') {
    const wrong = Object.entries(fields).filter(([, v]) => v === 'bad').map(([f]) => f);
    throw new Error(`expected a KnativePropError for ${wrong.join(', ')}, but the case synthesized valid manifests`);
  }
  if (outcome.kind === 'rejected') {
    if (verdict === 'ok') {
      throw new Error(`every prop was valid, yet the construct threw: ${outcome.error.message}`);
    }
    const suspects = Object.entries(fields).filter(([, v]) => v !== 'ok').map(([f]) => f);
    if (!suspects.some(f => namesField(outcome.error.field, f))) {
      throw new Error(`the error names field "${outcome.error.field}", expected one of ${suspects.join(', ')}: ${outcome.error.message}`);
    }
  }
  return outcome;
}

/** True when the error field `actual` is `expected` or below it (`traffic[1].tag` is below `traffic`). */
export function namesField(actual: string, expected: string): boolean {
  return actual === expected || actual.startsWith(`${expected}.`) || actual.startsWith(`${expected}[`);
}

/**
 * Runs a property with the fixed seed. With `PROPERTY_EXPLORE=1` it does not
 * stop at the first failure: it runs every case and fails with one line per
 * distinct failure (first line of each message), to see all bugs at once.
 */
export function assertProperty<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => Outcome | void, runs: number): void {
  if (!process.env.PROPERTY_EXPLORE) {
    fc.assert(fc.property(arb, value => { predicate(value); }), params(runs));
    return;
  }
  const seen = new Map<string, { count: number; example: string }>();
  const outcomes = new Map<string, number>();
  for (const value of fc.sample(arb, { numRuns: runs, seed: SEED })) {
    try {
      const outcome = predicate(value);
      const key = outcome ? (outcome.kind === 'valid' ? 'valid' : `rejected ${outcome.error.field.replace(/\[\d+\]/g, '[]').split('.').slice(0, 2).join('.')}`) : 'no outcome';
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    } catch (e) {
      const lines = (e as Error).message.split('\n');
      const key = lines.slice(0, 3).join(' ').replace(/[A-Za-z]+\/[-a-z0-9]+: /g, '').replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 240);
      const entry = seen.get(key) ?? { count: 0, example: `${lines.slice(0, 3).join(' | ')}\n      ${fc.stringify(value).slice(0, Number(process.env.PROPERTY_EXPLORE_CHARS ?? 600))}` };
      entry.count++;
      seen.set(key, entry);
    }
  }
  console.log([...outcomes.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join('\n'));
  if (seen.size > 0) {
    throw new Error([...seen.values()].map(e => `${e.count}x ${e.example}`).join('\n'));
  }
}

/**
 * Leaves out the cases that hit a known bug (`knownBug` returns its id), so
 * the property stays green until the bug is fixed. `PROPERTY_UNNARROWED=1`
 * keeps them, to check which known bugs are still there.
 */
export function narrowed<T>(arb: fc.Arbitrary<T>, knownBug: (value: T) => string | undefined): fc.Arbitrary<T> {
  return process.env.PROPERTY_UNNARROWED ? arb : arb.filter(value => knownBug(value) === undefined);
}
