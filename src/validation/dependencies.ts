/**
 * What each object of an app needs from the others before it can be applied
 * or work: its Namespace, the CRD (or the Knative Operator resource that
 * installs the CRD) of its kind, and the objects it refers to (the reference
 * layer's own extraction, {@link referencesIn}). Read by the apply order
 * (`ApplyOrder`, the offline order check) and by the Helm chart's component
 * dependencies; nothing here reaches back into constructs.
 */
import { definedKeys, groupOf, referencesIn } from './references';
import { Manifest } from './types';

/** Why one object needs another. */
export enum NeedKind {
  /** The object lives in a Namespace the app defines. */
  NAMESPACE = 'namespace',
  /** The object's kind is a CustomResourceDefinition the app defines. */
  CRD = 'crd',
  /** The object's CRD is installed by a Knative Operator resource of the app (KnativeServing / KnativeEventing). */
  PROVIDER = 'provider',
  /** The object refers to the other by name (a Broker, a sink, a Secret...). */
  REFERENCE = 'reference',
}

/** One object needing another, by their positions in the list given to {@link needsOf}. */
export interface Need {
  readonly from: number;
  readonly to: number;
  readonly kind: NeedKind;
  /** The needed object, e.g. `Namespace demo`, `KnativeServing knative-serving/knative-serving`. */
  readonly what: string;
  /** Why, when the kind does not say: the referring field (`spec.broker`), `installs the serving.knative.dev CRDs`. */
  readonly detail?: string;
  /** `what (detail)`. */
  readonly reason: string;
}

/** API group of the Knative Operator's resources. */
export const OPERATOR_GROUP = 'operator.knative.dev';

/**
 * API groups whose CRDs the Knative Operator installs when it reconciles a
 * KnativeServing or KnativeEventing (knative/operator installs the Serving
 * and Eventing release manifests, CRDs included); until then the API server
 * does not serve these kinds.
 */
const OPERATOR_PROVIDED: Record<string, string> = {
  'serving.knative.dev': 'KnativeServing',
  'autoscaling.internal.knative.dev': 'KnativeServing',
  'networking.internal.knative.dev': 'KnativeServing',
  'caching.internal.knative.dev': 'KnativeServing',
  'eventing.knative.dev': 'KnativeEventing',
  'messaging.knative.dev': 'KnativeEventing',
  'sources.knative.dev': 'KnativeEventing',
  'flows.knative.dev': 'KnativeEventing',
  'sinks.knative.dev': 'KnativeEventing',
};

/** The Knative Operator kind whose reconciliation installs the CRDs of `group`, if any. */
export function providerKindOf(group: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATOR_PROVIDED, group) ? OPERATOR_PROVIDED[group] : undefined;
}

/** `Kind namespace/name` (or `Kind name` for an object without namespace). */
export function describeObject(m: Manifest): string {
  const ns = m.metadata?.namespace;
  return `${m.kind} ${ns ? `${ns}/` : ''}${m.metadata?.name ?? '(no name)'}`;
}

/**
 * Apply tiers, in the order a cluster needs them:
 * 0 Namespaces and CustomResourceDefinitions; 1 the Knative Operator's
 * KnativeServing / KnativeEventing (they make the Knative CRDs exist);
 * 2 configuration (Secrets, ConfigMaps, ServiceAccounts, RBAC, Istio,
 * external-secrets, Tekton Tasks and Pipelines, anything else);
 * 3 Knative resources and Tekton runs.
 */
export function tierOf(m: Manifest): number {
  const group = groupOf(m.apiVersion ?? '');
  if ((group === '' && m.kind === 'Namespace') || (group === 'apiextensions.k8s.io' && m.kind === 'CustomResourceDefinition')) return 0;
  if (group === OPERATOR_GROUP) return 1;
  if (providerKindOf(group) !== undefined) return 3;
  if (group === 'tekton.dev' && (m.kind === 'PipelineRun' || m.kind === 'TaskRun')) return 3;
  return 2;
}

/**
 * Every need between the given objects: an object in a Namespace the list
 * defines needs that Namespace; an object whose kind a CRD of the list
 * defines needs the CRD; an object of a Knative group needs every
 * KnativeServing / KnativeEventing of the list that installs its CRDs
 * (unless the list defines the CRD itself); an object that refers to another
 * of the list (as the reference check reads references) needs it, unless
 * `references` is false. Sorted by
 * `from`, then `to`; no object needs itself.
 */
export function needsOf(manifests: readonly Manifest[], options: { readonly references?: boolean } = {}): Need[] {
  const namespaces = new Map<string, number>();
  const crds = new Map<string, number>();
  const providers = new Map<string, number[]>();
  const defined = new Map<string, number[]>();
  const anyGroup = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i); else map.set(key, [i]);
  };
  manifests.forEach((m, i) => {
    if (!isManifest(m)) return;
    const group = groupOf(m.apiVersion);
    const name = m.metadata?.name;
    if (group === '' && m.kind === 'Namespace' && typeof name === 'string') namespaces.set(name, i);
    if (group === 'apiextensions.k8s.io' && m.kind === 'CustomResourceDefinition') {
      const spec = m.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
      if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') crds.set(`${spec.group}/${spec.names.kind}`, i);
    }
    if (group === OPERATOR_GROUP) push(providers, m.kind, i);
    for (const key of definedKeys(m)) {
      push(defined, key, i);
      push(anyGroup, key.slice(key.indexOf('/') + 1), i);
    }
  });

  const out: Need[] = [];
  manifests.forEach((m, i) => {
    if (!isManifest(m)) return;
    const seen = new Set<string>();
    const add = (to: number, kind: NeedKind, what: string, detail?: string) => {
      const key = `${to}/${kind}`;
      if (to === i || seen.has(key)) return;
      seen.add(key);
      out.push({ from: i, to, kind, what, ...(detail !== undefined ? { detail } : {}), reason: detail === undefined ? what : `${what} (${detail})` });
    };
    const ns = m.metadata?.namespace;
    if (typeof ns === 'string' && namespaces.has(ns)) add(namespaces.get(ns)!, NeedKind.NAMESPACE, `Namespace ${ns}`);
    const group = groupOf(m.apiVersion);
    const crd = crds.get(`${group}/${m.kind}`);
    const provider = providerKindOf(group);
    if (crd !== undefined) {
      add(crd, NeedKind.CRD, `CustomResourceDefinition ${manifests[crd].metadata?.name ?? ''}`, `defines ${m.kind}`);
    } else if (provider !== undefined) {
      for (const p of providers.get(provider) ?? []) {
        add(p, NeedKind.PROVIDER, describeObject(manifests[p]), `installs the ${group} CRDs`);
      }
    }
    for (const r of options.references === false ? [] : referencesIn(m)) {
      const key = `${r.kind}/${r.namespace}/${r.name}`;
      const targets = r.group === '*' ? anyGroup.get(key) : defined.get(`${r.group}/${key}`);
      for (const t of targets ?? []) add(t, NeedKind.REFERENCE, `${r.kind} ${r.namespace}/${r.name}`, r.path);
    }
  });
  return out.sort((a, b) => a.from - b.from || a.to - b.to);
}

function isManifest(m: unknown): m is Manifest {
  return typeof m === 'object' && m !== null && typeof (m as Manifest).apiVersion === 'string' && typeof (m as Manifest).kind === 'string';
}
