/**
 * Layer 3 of the validation engine: references between objects. Every
 * object one of ours names (a Trigger's Broker, a Subscription's Channel, a
 * sink, an env var's Secret, a ServiceAccount, an Istio Gateway...) must be
 * among the objects checked together, or be declared external.
 */
import { typoDistance } from '../core/did-you-mean';
import { ObjectRef } from './types';
import { appendPath, formatPath } from './paths';
import { Manifest } from './types';

/** One reference to an object that is neither defined nor declared external. */
export interface ReferenceViolation {
  /** Index of the referring object in the list given to {@link checkReferences}. */
  readonly index: number;
  /** `reference/<what>`, e.g. `reference/broker`. */
  readonly rule: string;
  /** Dotted path of the referring field. */
  readonly path: string;
  /** Which object is missing. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /**
   * Set for what the cluster accepts but cannot work (a warning whatever
   * `requireRefs` says) or must refuse; absent for a missing object, whose
   * severity the caller decides (error, or a warning when references outside
   * the input are allowed).
   */
  readonly severity?: 'error' | 'warning';
}

type Json = Record<string, unknown>;

/** Keys whose value is a Knative `Destination` (`ref` and/or `uri`). */
const DESTINATION_KEYS = new Set(['sink', 'subscriber', 'reply', 'deadLetterSink', 'filter']);
const CORE = '';
const RBAC = 'rbac.authorization.k8s.io';
const ISTIO = 'networking.istio.io';
const EVENTING = 'eventing.knative.dev';
const BROKER_CLASS = 'eventing.knative.dev/broker.class';
const HINT = 'add it, or import it as an object that exists outside the app (fromXxxName(), e.g. Broker.fromBrokerName())';
/** Gateways net-istio creates with Knative Serving: they exist wherever Knative runs on Istio. */
const KNATIVE_GATEWAYS = new Set(['knative-serving/knative-ingress-gateway', 'knative-serving/knative-local-gateway']);

/**
 * An index of the objects that exist: the given manifests, the objects they
 * produce (an ExternalSecret or SealedSecret produces a Secret) and the
 * external ones. Keys are `group/kind/namespace/name`; a missing namespace is
 * `default`.
 */
export class ObjectIndex {
  /** `group/kind/namespace/name` of every object. */
  private readonly keys = new Set<string>();
  /** The keys plus a `*`-group key (any group) of every object: built on the first lookup in any group. */
  private anyGroupKeys?: Set<string>;
  /** `group/kind/namespace` (and `*`-group) → names: built on the first {@link namesOf}. */
  private byKind?: Map<string, string[]>;
  private readonly manifests: readonly Manifest[];
  private readonly externals: readonly ObjectRef[];

  /**
   * @param manifests the objects that exist
   * @param externals objects declared to exist outside `manifests`
   */
  constructor(manifests: readonly Manifest[], externals: readonly ObjectRef[] = []) {
    this.manifests = [...manifests];
    this.externals = [...externals];
    this.forEachObject((group, kind, namespace, name) => this.keys.add(`${group}/${kind}/${namespace}/${name}`));
  }

  /**
   * True when an object of this group (`*`: any group), kind, namespace and
   * name exists. An external object with namespace `*` (an import whose
   * namespace is not known) matches every namespace.
   */
  public has(group: string, kind: string, namespace: string, name: string): boolean {
    return this.contains(`${group}/${kind}/${namespace}/${name}`) || this.contains(`${group}/${kind}/*/${name}`);
  }

  /**
   * The names of the objects of this group (`*`: any), kind and namespace
   * (externals of any namespace included), for "did you mean". The lists
   * are built on the first call.
   */
  public namesOf(group: string, kind: string, namespace: string): string[] {
    if (!this.byKind) {
      const byKind = new Map<string, string[]>();
      const add = (key: string, name: string) => {
        const list = byKind.get(key);
        if (list) list.push(name); else byKind.set(key, [name]);
      };
      this.forEachObject((g, k, ns, name) => {
        add(`${g}/${k}/${ns}`, name);
        add(`*/${k}/${ns}`, name);
      });
      this.byKind = byKind;
    }
    return [...this.byKind.get(`${group}/${kind}/${namespace}`) ?? [], ...this.byKind.get(`${group}/${kind}/*`) ?? []];
  }

  /**
   * Few references leave the group open, so the keys for those are made only
   * when one does: most lookups cost one key, and most objects add one.
   */
  private contains(key: string): boolean {
    if (!key.startsWith('*/')) return this.keys.has(key);
    if (!this.anyGroupKeys) {
      const all = new Set(this.keys);
      this.forEachObject((_group, kind, namespace, name) => all.add(`*/${kind}/${namespace}/${name}`));
      this.anyGroupKeys = all;
    }
    return this.anyGroupKeys.has(key);
  }

  /** Calls `f` for every object that exists: each manifest, the Secret it produces, each external. */
  private forEachObject(f: (group: string, kind: string, namespace: string, name: string) => void): void {
    for (const m of this.manifests) {
      if (!isRecord(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') continue;
      const ns = namespaceOf(m);
      const name = m.metadata?.name;
      if (typeof name === 'string') f(groupOf(m.apiVersion), m.kind, ns, name);
      const secret = producedSecret(m);
      if (secret) f(CORE, 'Secret', ns, secret);
    }
    for (const e of this.externals) f(groupOf(e.apiVersion ?? ''), e.kind, normalizeNs(e.namespace), e.name);
  }
}

/**
 * Finds every reference in `manifests` to an object that is neither among
 * them nor in `externals` (an external's namespace `*` matches any
 * namespace). Runs in time linear in the size of the input.
 */
export function checkReferences(manifests: readonly Manifest[], externals: readonly ObjectRef[] = []): ReferenceViolation[] {
  const index = new ObjectIndex(manifests, externals);
  const out: ReferenceViolation[] = [];
  manifests.forEach((m, i) => {
    if (!isRecord(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return;
    const found = (rule: string, path: string, target: Target) => {
      if (index.has(target.group, target.kind, target.namespace, target.name)) return;
      const near = oneTypoAway(target.name, index.namesOf(target.group, target.kind, target.namespace));
      const what = `${target.kind} ${JSON.stringify(target.name)} in namespace ${JSON.stringify(target.namespace)}`;
      out.push({
        index: i,
        rule,
        path,
        message: near === undefined ? `refers to ${what}, which is not defined`
          : `refers to ${what}, which is not defined; did you mean ${JSON.stringify(near)}?`,
        hint: near === undefined ? HINT : `the app defines ${target.kind} ${JSON.stringify(near)}: fix the name, or ${HINT}`,
      });
    };
    referencesOf(m, found);
  });
  return out;
}

/** One object a manifest refers to (by group, kind, namespace and name), wherever it is defined. */
export interface ReferencedObject {
  /** `reference/<what>`, e.g. `reference/broker`. */
  readonly rule: string;
  /** Dotted path of the referring field. */
  readonly path: string;
  /** API group of the target (`''` core, `*` any group). */
  readonly group: string;
  readonly kind: string;
  /** Namespace of the target (`default` when the referring object has none). */
  readonly namespace: string;
  readonly name: string;
}

/**
 * Every reference `m` makes, defined or not: the same fields the reference
 * check reads (Triggers' Brokers, sinks, Secrets, ServiceAccounts...).
 */
export function referencesIn(m: Manifest): ReferencedObject[] {
  const out: ReferencedObject[] = [];
  if (!isRecord(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') return out;
  referencesOf(m, (rule, path, t) => out.push({ rule, path, ...t }));
  return out;
}

/**
 * The objects `m` puts in the cluster, as `group/kind/namespace/name` keys
 * (namespace `default` when unset): itself, and the Secret an ExternalSecret
 * or SealedSecret writes.
 */
export function definedKeys(m: Manifest): string[] {
  if (!isRecord(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string' || typeof m.metadata?.name !== 'string') return [];
  const ns = namespaceOf(m);
  const keys = [`${groupOf(m.apiVersion)}/${m.kind}/${ns}/${m.metadata.name}`];
  const secret = producedSecret(m);
  if (secret) keys.push(`${CORE}/Secret/${ns}/${secret}`);
  return keys;
}

/**
 * The one name of `known` that is one typo away from `name` (one letter
 * added, dropped, changed, or two neighbours swapped; two typos for names of
 * 10 characters or more); undefined when there is none or several.
 */
export function oneTypoAway(name: string, known: readonly string[]): string | undefined {
  const max = name.length >= 10 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = max + 1;
  let ties = 0;
  for (const k of new Set(known)) {
    if (k === name || Math.abs(k.length - name.length) > max) continue;
    const d = typoDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
      ties = 0;
    } else if (d === bestDistance) {
      ties++;
    }
  }
  return ties === 0 ? best : undefined;
}

interface Target {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

type Found = (rule: string, path: string, target: Target) => void;

/** Reports every reference `m` makes. */
function referencesOf(m: Manifest, found: Found): void {
  const ns = namespaceOf(m);
  const group = groupOf(m.apiVersion);
  const spec = isRecord(m.spec) ? m.spec : undefined;
  if (!spec) {
    if (group === RBAC) rbacReferences(m, ns, found);
    if (group === CORE && m.kind === 'ConfigMap') kafkaConfigReferences(m, ns, found);
    return;
  }
  const kindKey = `${group}/${m.kind}`;
  switch (kindKey) {
    case `${EVENTING}/Trigger`:
      if (typeof spec.broker === 'string' && spec.broker !== '' && !isRecord(spec.brokerRef)) {
        found('reference/broker', 'spec.broker', { group: EVENTING, kind: 'Broker', namespace: ns, name: spec.broker });
      }
      kref(spec.brokerRef, 'spec.brokerRef', ns, 'reference/broker', found);
      break;
    case `${EVENTING}/EventPolicy`:
      // `to` names receivers of the policy's own namespace (Knative's reference has no namespace); `from` may name another.
      if (Array.isArray(spec.to)) {
        spec.to.forEach((t, i) => kref(isRecord(t) && isRecord(t.ref) ? { ...t.ref, namespace: undefined } : undefined, `spec.to[${i}].ref`, ns, 'reference/event-policy', found));
      }
      if (Array.isArray(spec.from)) {
        spec.from.forEach((f, i) => kref(isRecord(f) ? f.ref : undefined, `spec.from[${i}].ref`, ns, 'reference/event-policy', found));
      }
      break;
    case `${EVENTING}/RequestReply`:
      kref(isRecord(spec.brokerRef) ? { ...spec.brokerRef, namespace: undefined } : undefined, 'spec.brokerRef', ns, 'reference/broker', found);
      break;
    case 'messaging.knative.dev/Subscription':
      kref(spec.channel, 'spec.channel', ns, 'reference/channel', found);
      break;
    case 'serving.knative.dev/DomainMapping':
      kref(spec.ref, 'spec.ref', ns, 'reference/domain-mapping', found);
      // Knative hands the Secret to the ingress, which serves no TLS for the host without it.
      if (isRecord(spec.tls) && typeof spec.tls.secretName === 'string' && spec.tls.secretName !== '') {
        found('reference/secret', 'spec.tls.secretName', { group: CORE, kind: 'Secret', namespace: ns, name: spec.tls.secretName });
      }
      break;
    case `${EVENTING}/KafkaSink`:
      authSecretRef(spec.auth, 'spec.auth', ns, found);
      break;
    case 'sources.knative.dev/IntegrationSource':
    case 'sinks.knative.dev/IntegrationSink':
      authSecretRef(isRecord(spec.aws) ? spec.aws.auth : undefined, 'spec.aws.auth', ns, found);
      break;
    case `${EVENTING}/Broker`: {
      // A Kafka Broker's ConfigMap in its own namespace must exist; one elsewhere (kafka-broker-config in
      // knative-eventing) and the channel-based broker's config live with the platform
      const brokerClass = isRecord(m.metadata?.annotations) ? m.metadata!.annotations![BROKER_CLASS] : undefined;
      const config = isRecord(spec.config) ? spec.config : undefined;
      const sameNamespace = config !== undefined && (typeof config.namespace !== 'string' || config.namespace === '' || config.namespace === ns);
      if ((brokerClass === 'Kafka' || brokerClass === 'KafkaNamespaced') && config?.kind === 'ConfigMap' && sameNamespace) {
        kref({ apiVersion: 'v1', ...config }, 'spec.config', ns, 'reference/config-map', found);
      }
      break;
    }
    case 'flows.knative.dev/Sequence':
      if (Array.isArray(spec.steps)) {
        spec.steps.forEach((step, i) => kref(isRecord(step) ? step.ref : undefined, `spec.steps[${i}].ref`, ns, 'reference/destination', found));
      }
      break;
    default:
      break;
  }
  const gateways = group === ISTIO && m.kind === 'VirtualService';
  walk(spec, ['spec'], (key, value, at) => {
    if (DESTINATION_KEYS.has(key) && isRecord(value)) {
      kref(value.ref, appendPath(formatPath(at), 'ref'), ns, 'reference/destination', found);
    } else if (key === 'secretKeyRef' && isRecord(value) && at[at.length - 2] !== 'valueFrom') {
      // The credentials of sources (GitHubSource accessToken/secretToken,
      // KafkaSource net.sasl / net.tls...): every `{ name, key }` SecretKeySelector.
      secretKeyRef(value, formatPath(at), ns, found);
    } else if (key === 'env' && Array.isArray(value)) {
      envReferences(value, formatPath(at), ns, found);
    } else if (key === 'envFrom' && Array.isArray(value)) {
      envFromReferences(value, formatPath(at), ns, found);
    } else if (key === 'volumes' && Array.isArray(value)) {
      volumeReferences(value, formatPath(at), ns, found);
    } else if (key === 'serviceAccountName' && typeof value === 'string' && value !== '' && value !== 'default') {
      found('reference/service-account', formatPath(at), { group: CORE, kind: 'ServiceAccount', namespace: ns, name: value });
    } else if (gateways && key === 'gateways' && Array.isArray(value)) {
      gatewayReferences(value, formatPath(at), ns, found);
    }
  });
}

/** `auth.secret.ref.name` (KafkaSink, IntegrationSource/Sink): the Secret with the credentials. */
function authSecretRef(auth: unknown, path: string, ns: string, found: Found): void {
  const ref = isRecord(auth) && isRecord(auth.secret) && isRecord(auth.secret.ref) ? auth.secret.ref : undefined;
  if (ref && typeof ref.name === 'string' && ref.name !== '') {
    found('reference/secret', `${path}.secret.ref.name`, { group: CORE, kind: 'Secret', namespace: ns, name: ref.name });
  }
}

/** A Kafka broker ConfigMap's `auth.secret.ref.name` (and `.namespace`). */
function kafkaConfigReferences(m: Manifest, ns: string, found: Found): void {
  const data = isRecord(m.data) ? m.data : undefined;
  const name = data?.['auth.secret.ref.name'];
  if (typeof name !== 'string' || name === '') return;
  const secretNs = typeof data!['auth.secret.ref.namespace'] === 'string' && data!['auth.secret.ref.namespace'] !== '' ? data!['auth.secret.ref.namespace'] as string : ns;
  found('reference/secret', 'data["auth.secret.ref.name"]', { group: CORE, kind: 'Secret', namespace: secretNs, name });
}

function rbacReferences(m: Manifest, ns: string, found: Found): void {
  if (m.kind !== 'RoleBinding' && m.kind !== 'ClusterRoleBinding') return;
  const roleRef = m.roleRef;
  if (m.kind === 'RoleBinding' && isRecord(roleRef) && roleRef.kind === 'Role' && typeof roleRef.name === 'string') {
    found('reference/role', 'roleRef', { group: RBAC, kind: 'Role', namespace: ns, name: roleRef.name });
  }
  if (!Array.isArray(m.subjects)) return;
  m.subjects.forEach((s, i) => {
    if (!isRecord(s) || s.kind !== 'ServiceAccount' || typeof s.name !== 'string' || s.name === 'default') return;
    const subjectNs = typeof s.namespace === 'string' ? normalizeNs(s.namespace) : ns;
    found('reference/service-account', `subjects[${i}]`, { group: CORE, kind: 'ServiceAccount', namespace: subjectNs, name: s.name });
  });
}

/** A `KReference`-shaped value (`apiVersion`, `kind`, `name`, optional `namespace`). */
function kref(value: unknown, path: string, ns: string, rule: string, found: Found): void {
  if (!isRecord(value) || typeof value.kind !== 'string' || typeof value.name !== 'string' || value.name === '') return;
  const group = typeof value.apiVersion === 'string' ? groupOf(value.apiVersion) : typeof value.group === 'string' ? value.group : '*';
  const namespace = typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : ns;
  found(rule, path, { group, kind: value.kind, namespace, name: value.name });
}

function envReferences(env: unknown[], path: string, ns: string, found: Found): void {
  env.forEach((e, i) => {
    const from = isRecord(e) && isRecord(e.valueFrom) ? e.valueFrom : undefined;
    if (!from) return;
    const at = appendPath(appendPath(path, i), 'valueFrom');
    named(from.secretKeyRef, appendPath(at, 'secretKeyRef'), ns, 'Secret', found);
    named(from.configMapKeyRef, appendPath(at, 'configMapKeyRef'), ns, 'ConfigMap', found);
  });
}

function envFromReferences(envFrom: unknown[], path: string, ns: string, found: Found): void {
  envFrom.forEach((e, i) => {
    if (!isRecord(e)) return;
    named(e.secretRef, appendPath(appendPath(path, i), 'secretRef'), ns, 'Secret', found);
    named(e.configMapRef, appendPath(appendPath(path, i), 'configMapRef'), ns, 'ConfigMap', found);
  });
}

function volumeReferences(volumes: unknown[], path: string, ns: string, found: Found): void {
  volumes.forEach((v, i) => {
    if (!isRecord(v)) return;
    const at = appendPath(path, i);
    if (isRecord(v.secret) && v.secret.optional !== true && typeof v.secret.secretName === 'string') {
      found('reference/secret', appendPath(at, 'secret'), { group: CORE, kind: 'Secret', namespace: ns, name: v.secret.secretName });
    }
    named(v.configMap, appendPath(at, 'configMap'), ns, 'ConfigMap', found);
    const sources = isRecord(v.projected) && Array.isArray(v.projected.sources) ? v.projected.sources : [];
    sources.forEach((s, j) => {
      if (!isRecord(s)) return;
      const sat = appendPath(appendPath(appendPath(at, 'projected'), 'sources'), j);
      named(s.secret, appendPath(sat, 'secret'), ns, 'Secret', found);
      named(s.configMap, appendPath(sat, 'configMap'), ns, 'ConfigMap', found);
    });
  });
}

/** A SecretKeySelector `{ name, key, optional }` (a `namespace` beside them, as some CRDs allow, is honoured). */
function secretKeyRef(value: Json, path: string, ns: string, found: Found): void {
  if (value.optional === true || typeof value.name !== 'string' || value.name === '') return;
  const namespace = typeof value.namespace === 'string' && value.namespace !== '' ? value.namespace : ns;
  found('reference/secret', path, { group: CORE, kind: 'Secret', namespace, name: value.name });
}

/** A `{ name, optional }` reference to a Secret or ConfigMap; optional ones may be missing. */
function named(value: unknown, path: string, ns: string, kind: 'Secret' | 'ConfigMap', found: Found): void {
  if (!isRecord(value) || value.optional === true || typeof value.name !== 'string' || value.name === '') return;
  found(kind === 'Secret' ? 'reference/secret' : 'reference/config-map', path, { group: CORE, kind, namespace: ns, name: value.name });
}

/**
 * Istio gateway names: `mesh` (the sidecars), `name` (same namespace) or
 * `namespace/name`; Knative's own gateways always exist.
 */
function gatewayReferences(gateways: unknown[], path: string, ns: string, found: Found): void {
  gateways.forEach((g, i) => {
    if (typeof g !== 'string' || g === '' || g === 'mesh') return;
    const slash = g.indexOf('/');
    const namespace = slash < 0 ? ns : g.slice(0, slash);
    const name = slash < 0 ? g : g.slice(slash + 1);
    if (KNATIVE_GATEWAYS.has(`${namespace}/${name}`)) return;
    found('reference/gateway', appendPath(path, i), { group: ISTIO, kind: 'Gateway', namespace, name });
  });
}

/**
 * The path of the field being visited, as a stack of keys and indices. The
 * walk visits every field of every spec but few of them refer to anything,
 * so the dotted path is formatted only for those ({@link formatPath}).
 */
type PathStack = (string | number)[];

/** Calls `visit` for every key of every object below `node` (not for `node` itself); `at` ends with the key. */
function walk(node: unknown, at: PathStack, visit: (key: string, value: unknown, at: PathStack) => void): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      at.push(i);
      walk(node[i], at, visit);
      at.pop();
    }
  } else if (isRecord(node)) {
    for (const key of Object.keys(node)) {
      const value = node[key];
      at.push(key);
      visit(key, value, at);
      if (typeof value === 'object' && value !== null) walk(value, at, visit);
      at.pop();
    }
  }
}

/** The name of the Secret an ExternalSecret or SealedSecret writes. */
function producedSecret(m: Manifest): string | undefined {
  // The kind first: it rules out almost every object without computing its group.
  if (m.kind !== 'ExternalSecret' && m.kind !== 'SealedSecret') return undefined;
  const spec = isRecord(m.spec) ? m.spec : {};
  const own = m.metadata?.name;
  if (groupOf(m.apiVersion) === 'external-secrets.io' && m.kind === 'ExternalSecret') {
    const target = isRecord(spec.target) ? spec.target : {};
    return typeof target.name === 'string' && target.name !== '' ? target.name : own;
  }
  if (groupOf(m.apiVersion) === 'bitnami.com' && m.kind === 'SealedSecret') {
    const meta = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
    return typeof meta.name === 'string' && meta.name !== '' ? meta.name : own;
  }
  return undefined;
}

/** The API group of an apiVersion (`''` for the core group `v1`). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function namespaceOf(m: Manifest): string {
  return normalizeNs(m.metadata?.namespace);
}

function normalizeNs(ns: unknown): string {
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
