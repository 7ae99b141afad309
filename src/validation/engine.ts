/**
 * The validation engine: runs the three layers (schema, Knative semantics,
 * cross-object references) over a set of manifests and returns every
 * problem, in a stable order.
 */
import { escapeControl } from '../core/text';
import { ObjectRef } from './types';
import { DEFAULT_CLUSTER_CONFIG } from './config';
import { checkReferences } from './references';
import { crossObjectChecks } from './cross-object';
import { checkCeOverrides, checkDestination } from './rules/destination';
import { ALL_RULES, ANY_KIND } from './rules';
import { ADMITTED_DUPLICATE_HINT, admittedDuplicate, apiServerFindings, groupKindOf, isClusterScoped, KUBERNETES_GROUPS } from './api-server';
import { CustomResourceSchemas, nearest, schemaRegistry } from './schema';
import { holdsSecretValues, redactSecretValues, secretValuesOf } from './secret-values';
import { ClusterSettings, Finding, Layer, Manifest, ManifestSource, Problem, SemanticRule } from './types';
import { metadataFindings } from './object-meta';

/** Options of {@link validateManifests}. */
export interface ValidateOptions {
  /**
   * The target cluster's settings (feature flags, defaults).
   * @default DEFAULT_CLUSTER_CONFIG - a stock Knative install
   */
  readonly config?: ClusterSettings;
  /**
   * Objects that exist outside the given manifests (declared external).
   * @default - none
   */
  readonly externals?: readonly ObjectRef[];
  /**
   * Whether a reference to an object that is neither given nor external is an
   * error; otherwise it is a warning ("unresolved").
   * @default true
   */
  readonly requireRefs?: boolean;
  /**
   * Where each manifest came from, by index, for messages.
   * @default - no source
   */
  readonly sources?: readonly (ManifestSource | undefined)[];
  /**
   * Whether an object whose kind has no known schema is an error; otherwise
   * it is a warning saying it was not checked.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * The semantic rules to run.
   * @default ALL_RULES
   */
  readonly rules?: readonly SemanticRule[];
  /**
   * The layers to run.
   * @default - all three
   */
  readonly layers?: readonly Layer[];
  /**
   * How to fix a reference to a missing object, shown as its hint.
   * @default - add it, or declare it external
   */
  readonly referenceHint?: string;
  /**
   * Schemas of custom resources registered by the user (`--crd`,
   * `Validation.configure({ crds })`): their kinds are schema-checked; a
   * registered kind the package also knows is checked with the given CRD.
   * @default - none
   */
  readonly customResources?: CustomResourceSchemas;
}

/** Rule id of the problem reported for an object whose kind has no known schema. */
export const NOT_CHECKED_RULE = 'schema/not-checked';

/**
 * API groups whose every kind the package knows: an unknown kind there is a
 * typo (`Servic`, `service`), an error with a "did you mean", not "not
 * checked". Every group of Kubernetes 1.34 itself ({@link KUBERNETES_GROUPS};
 * a test checks each group of the vendored definitions is there), and the
 * groups of the vendored CRDs that no other project adds kinds to (Knative's
 * `sources`, `messaging` and `eventing` groups, Tekton's and Istio's
 * networking group are extended by other projects, so their unknown kinds
 * stay "not checked").
 */
const FULLY_KNOWN_GROUPS = new Set([
  ...KUBERNETES_GROUPS,
  'serving.knative.dev', 'flows.knative.dev', 'operator.knative.dev', 'security.istio.io', 'bitnami.com',
]);

const LAYER_ORDER: Record<Layer, number> = { schema: 0, semantic: 1, reference: 2 };

/**
 * Validates manifests with all three layers and returns every problem,
 * sorted by manifest (input order), layer, path, rule and message.
 */
export function validateManifests(manifests: readonly Manifest[], options: ValidateOptions = {}): Problem[] {
  const layers = new Set<Layer>(options.layers ?? ['schema', 'semantic', 'reference']);
  const schemaLayer = layers.has('schema');
  const semanticLayer = layers.has('semantic');
  const config = options.config ?? DEFAULT_CLUSTER_CONFIG;
  const ctx = { config };
  const rulesByKind = indexRules(options.rules ?? ALL_RULES);
  const found: { index: number; problem: Problem }[] = [];
  // The secret values of each object (computed for the kinds that hold some): no problem text may contain one.
  const secrets = new Map<number, string[]>();
  const push = (index: number, layer: Layer, rule: string, f: Finding) => {
    const m = manifests[index];
    let hidden = secrets.get(index);
    if (hidden === undefined) secrets.set(index, hidden = isManifest(m) && holdsSecretValues(m) ? secretValuesOf(m) : []);
    const safe = hidden.length === 0 ? f : {
      ...f, message: redactSecretValues(f.message, hidden), ...(f.hint ? { hint: redactSecretValues(f.hint, hidden) } : {}),
    };
    found.push({ index, problem: problemOf(m, options.sources?.[index], layer, rule, safe) });
  };

  // Checked once: the reference layer below takes the same objects.
  const valid = manifests.map(isManifest);
  manifests.forEach((m, i) => {
    if (!valid[i]) {
      push(i, 'schema', 'schema/not-an-object', {
        path: '',
        message: 'is not a Kubernetes object',
        hint: 'an object needs a string apiVersion and kind',
      });
      return;
    }
    let schemaFailed = false;
    // Most objects pass the schema: the list of rejected paths is made only when one is rejected.
    let schemaPaths: string[] | undefined;
    if (schemaLayer) {
      const meta = isRecord(m.metadata) ? m.metadata : undefined;
      if (!named(meta?.name) && !named(meta?.generateName)) {
        push(i, 'schema', 'schema/name-required', { path: 'metadata.name', message: 'name is required' });
      }
      for (const f of metadataFindings(meta)) push(i, 'schema', f.rule, f);
      for (const f of apiServerFindings(m)) push(i, 'schema', f.rule, f);
      const result = options.customResources?.validate(m) ?? schemaRegistry().validate(m);
      if (!result.checked) {
        const unknown = unknownKind(m);
        push(i, 'schema', unknown ? 'schema/unknown-kind' : NOT_CHECKED_RULE, unknown ?? {
          path: '',
          message: `not checked: no schema is known for ${m.apiVersion} ${m.kind}`,
          severity: options.strict ? 'error' : 'warning',
        });
      }
      for (const v of result.violations) {
        if (admittedDuplicate(m, v.rule, v.path)) {
          push(i, 'schema', v.rule, { ...v, hint: ADMITTED_DUPLICATE_HINT, severity: 'warning' });
          continue;
        }
        push(i, 'schema', v.rule, v);
        (schemaPaths ??= []).push(v.path);
      }
      schemaFailed = schemaPaths !== undefined;
    }
    if (semanticLayer) {
      const anyKindRules = rulesByKind.get(ANY_KIND);
      const ownRules = rulesByKind.get(groupKindOf(m));
      if (!ownRules && !m.kind.endsWith('Source')) {
        // A kind no rule knows with a sink (the user's own): checked as Knative checks the Source
        // duck type. Custom `...Source` kinds get the same checks from the sources/duck-source rule.
        for (const f of duckSourceFindings(m, ctx)) if (!schemaPaths?.some(p => covers(p, f.path))) push(i, 'semantic', DUCK_SOURCE_RULE, f);
      }
      const kindRules = ownRules ?? NO_RULES;
      for (const rule of anyKindRules ? [...kindRules, ...anyKindRules] : kindRules) {
        let findings: Finding[];
        try {
          findings = rule.check(m, ctx);
        } catch (e) {
          // A rule may trip over a shape the schema already rejected; report only otherwise.
          if (!schemaFailed) {
            push(i, 'semantic', rule.id, { path: '', message: `could not be checked by this rule: ${(e as Error).message}` });
          }
          continue;
        }
        // A field the schema already rejected is reported once.
        for (const f of findings) if (!schemaPaths?.some(p => covers(p, f.path))) push(i, 'semantic', rule.id, f);
      }
    }
  });

  if (schemaLayer) for (const d of duplicates(manifests, valid, options.sources)) push(d.index, 'schema', 'schema/duplicate-object', d.finding);

  if (layers.has('reference')) {
    const positions: number[] = [];
    valid.forEach((ok, i) => { if (ok) positions.push(i); });
    const severity = options.requireRefs === false ? 'warning' : 'error';
    const checked = positions.map(i => manifests[i]);
    for (const v of checkReferences(checked, options.externals ?? [])) {
      push(positions[v.index], 'reference', v.rule, {
        path: v.path,
        message: severity === 'error' ? v.message : `unresolved: ${v.message}`,
        hint: options.referenceHint && !/did you mean/.test(v.message) ? options.referenceHint : v.hint,
        severity,
      });
    }
    for (const v of crossObjectChecks(checked, options.externals ?? [], config)) {
      const level = v.severity ?? severity;
      push(positions[v.index], 'reference', v.rule, {
        path: v.path,
        message: v.severity === undefined && level === 'warning' ? `unresolved: ${v.message}` : v.message,
        hint: v.hint,
        severity: level,
      });
    }
  }

  found.sort((a, b) => a.index - b.index
    || LAYER_ORDER[a.problem.layer] - LAYER_ORDER[b.problem.layer]
    || compare(a.problem.path, b.problem.path)
    || compare(a.problem.rule, b.problem.rule)
    || compare(a.problem.message, b.problem.message));
  return found.map(f => f.problem);
}

const NO_RULES: readonly SemanticRule[] = [];

/**
 * The problem of a kind that a group the package fully knows does not have
 * (see {@link FULLY_KNOWN_GROUPS}); undefined in any other group.
 */
function unknownKind(m: Manifest): Finding | undefined {
  const slash = m.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : m.apiVersion.slice(0, slash);
  if (!FULLY_KNOWN_GROUPS.has(group)) return undefined;
  const kinds = schemaRegistry().kindsOfGroup(group);
  if (kinds.length === 0) return undefined;
  const near = kinds.find(k => k.toLowerCase() === m.kind.toLowerCase()) ?? nearest(m.kind, kinds);
  return {
    path: 'kind',
    message: `${JSON.stringify(m.kind)} is not a kind of ${group === '' ? 'the core API group (v1)' : group}`,
    hint: near ? `did you mean ${JSON.stringify(near)}?` : `kinds of ${group === '' ? 'v1' : group}: ${kinds.slice(0, 12).join(', ')}${kinds.length > 12 ? ', ...' : ''}`,
  };
}

/**
 * Objects defined more than once: the same group, kind, namespace and name
 * (a cluster-scoped kind's namespace does not count; an object named only by
 * `generateName` is never a duplicate). Every later copy is an error naming
 * where the first is.
 */
function duplicates(manifests: readonly unknown[], valid: readonly boolean[], sources: ValidateOptions['sources']): { index: number; finding: Finding }[] {
  const first = new Map<string, number>();
  const out: { index: number; finding: Finding }[] = [];
  manifests.forEach((x, i) => {
    if (!valid[i]) return;
    const m = x as Manifest;
    const meta = isRecord(m.metadata) ? m.metadata : {};
    if (!named(meta.name)) return;
    const gk = groupKindOf(m);
    const ns = !isClusterScoped(gk) && typeof meta.namespace === 'string' ? meta.namespace : '';
    const key = JSON.stringify([gk, ns, meta.name]);
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, i);
      return;
    }
    // In an app, two constructs writing one object is a bug (one silently replaces the other): an
    // error. Among files, `kubectl apply` takes both and the later wins, while kustomize and GitOps
    // tools refuse or flag the pair: a warning.
    const fromApp = sources?.[i]?.constructPath !== undefined && sources?.[at]?.constructPath !== undefined;
    out.push({
      index: i,
      finding: {
        path: 'metadata.name',
        message: `${m.kind} ${JSON.stringify(meta.name)}${ns ? ` in namespace ${JSON.stringify(ns)}` : ''} is defined twice; the first is ${describeSource(sources?.[at], at)}`,
        hint: fromApp ? 'names are unique per kind and namespace: rename or remove one'
          : 'kubectl apply keeps the later one, kustomize and GitOps tools refuse the pair: rename or remove one',
        severity: fromApp ? 'error' : 'warning',
      },
    });
  });
  return out;
}

function describeSource(source: ManifestSource | undefined, index: number): string {
  if (source?.constructPath !== undefined) return `[${source.constructPath}]`;
  if (source?.file !== undefined) return `${source.file}${source.doc !== undefined ? `:${source.doc}` : ''}`;
  return `object #${index + 1}`;
}

/** True for a non-empty string (a name or generateName that is set). */
function named(x: unknown): boolean {
  return typeof x === 'string' && x !== '';
}

/** True when any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some(p => p.severity === 'error');
}

/** How {@link formatProblem} renders a problem. */
export type ProblemFormat = 'synth' | 'cli';

/**
 * One line for a problem:
 * - `synth`: `[constructPath] kind/name: path: message (hint)`
 * - `cli`: `file[:doc] kind/name: path: message (hint)`
 *
 * Warnings say `warning:` before the message; an empty path is left out.
 */
export function formatProblem(problem: Problem, format: ProblemFormat = 'synth'): string {
  const src = problem.source ?? {};
  let where: string;
  if (format === 'synth') {
    where = src.constructPath !== undefined ? `[${src.constructPath}] ` : '';
  } else {
    const file = src.file ?? '<input>';
    where = `${file}${src.doc !== undefined ? `:${src.doc}` : ''} `;
  }
  const path = problem.path ? `${problem.path}: ` : '';
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  const hint = problem.hint ? ` (${problem.hint})` : '';
  // one line whatever the names and messages hold: no control character can forge another line
  return escapeControl(`${where}${problem.object.kind}/${problem.object.name}: ${path}${level}${problem.message}${hint}`);
}

const ruleIndexes = new WeakMap<readonly SemanticRule[], Map<string, SemanticRule[]>>();

/** Rules by `group/Kind`, computed once per rule list. */
function indexRules(rules: readonly SemanticRule[]): Map<string, SemanticRule[]> {
  let index = ruleIndexes.get(rules);
  if (!index) {
    index = new Map();
    for (const rule of rules) {
      for (const kind of rule.kinds) {
        const list = index.get(kind) ?? [];
        list.push(rule);
        index.set(kind, list);
      }
    }
    ruleIndexes.set(rules, index);
  }
  return index;
}

function problemOf(m: unknown, source: ManifestSource | undefined, layer: Layer, rule: string, f: Finding): Problem {
  const obj = isRecord(m) ? m : {};
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name
    : typeof meta.generateName === 'string' ? `${meta.generateName}*` : '(unnamed)';
  return {
    severity: f.severity ?? 'error',
    layer,
    rule,
    object: {
      apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
      kind: typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : '(no kind)',
      name,
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
    },
    path: f.path,
    message: f.message,
    ...(f.hint ? { hint: f.hint } : {}),
    ...(source ? { source } : {}),
  };
}

/** True for an object with a string `apiVersion` and `kind`. */
export function isManifest(x: unknown): x is Manifest {
  return isRecord(x) && typeof x.apiVersion === 'string' && x.apiVersion !== '' && typeof x.kind === 'string' && x.kind !== '';
}

function isRecord(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `path` is `outer` or a field inside it. */
function covers(outer: string, path: string): boolean {
  return path === outer || (path.startsWith(outer) && (path[outer.length] === '.' || path[outer.length] === '['));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rule id of the Source duck-type checks of a kind no rule knows. */
export const DUCK_SOURCE_RULE = 'sources/duck-sink';

/**
 * An object of a kind no rule knows with a `spec.sink`: its sink is a
 * Destination and its `ceOverrides` extension names are CloudEvents
 * attribute names, as sources built on the Source duck type validate it
 * (knative.dev/pkg 521cb33b33dd, the version Serving knative-v1.23.0 pins,
 * `apis/duck/v1/source_types.go`: `SourceSpec.Validate`,
 * `CloudEventOverrides.Validate`). Its sink's ref is resolved by the
 * reference layer like any other.
 */
function duckSourceFindings(m: Manifest, ctx: { config: ClusterSettings }): Finding[] {
  const spec = isRecord(m.spec) ? m.spec : undefined;
  if (!spec || !('sink' in spec)) return [];
  return [
    ...checkDestination('spec.sink', spec.sink, ctx, true),
    ...(spec.ceOverrides !== undefined ? checkCeOverrides('spec.ceOverrides', spec.ceOverrides) : []),
  ];
}
