/**
 * Cross-object checks of the reference layer that look at what two objects
 * say about each other, beyond "the named object exists": a route to a
 * subset no DestinationRule defines, a domain nobody claimed, a Trigger
 * filter on an attribute no event carries, an SSH clone without an SSH key.
 * The cluster accepts most of these and they cannot work, so they are
 * warnings; a missing ClusterDomainClaim is a missing object (an error in an
 * app), a claim owned by another namespace an error.
 */
import { appendPath } from './paths';
import { oneTypoAway, ReferenceViolation } from './references';
import { ClusterSettings, Manifest, ObjectRef } from './types';

type Json = Record<string, unknown>;

/**
 * Every cross-object problem of `manifests` (indices are positions in it).
 * `externals` are objects that exist outside them.
 */
export function crossObjectChecks(manifests: readonly Manifest[], externals: readonly ObjectRef[], config: ClusterSettings): ReferenceViolation[] {
  const out: ReferenceViolation[] = [];
  const byKind = new Map<string, { m: Manifest; index: number }[]>();
  manifests.forEach((m, index) => {
    const key = `${groupOf(m.apiVersion)}/${m.kind}`;
    const list = byKind.get(key);
    if (list) list.push({ m, index }); else byKind.set(key, [{ m, index }]);
  });
  const of = (key: string) => byKind.get(key) ?? [];
  subsets(of('networking.istio.io/VirtualService'), of('networking.istio.io/DestinationRule'), externals, out);
  domainClaims(of('serving.knative.dev/DomainMapping'), of('networking.internal.knative.dev/ClusterDomainClaim'), of('/ConfigMap'), externals, config, out);
  eventAttributes(manifests, of('eventing.knative.dev/Trigger'), of('eventing.knative.dev/EventType'), out);
  const runs = [...of('tekton.dev/PipelineRun'), ...of('tekton.dev/TaskRun')];
  if (runs.length > 0) sshCredentials(runs, of('/ServiceAccount'), of('/Secret'), out);
  return out;
}

// ---------------------------------------------------------------- Istio subsets

/**
 * A VirtualService route to a `subset` needs a DestinationRule of that host
 * defining the subset; Istio accepts the route and answers 503 (no healthy
 * upstream) for it. Hosts are compared as Istio does: a name without a dot
 * is short for `<name>.<namespace>.svc.cluster.local` in the namespace of
 * the object that says it (istio/istio `pkg/config/host`, `ResolveShortnameToFQDN`),
 * and a DestinationRule host may be a `*.` wildcard.
 */
function subsets(services: Entry[], rules: Entry[], externals: readonly ObjectRef[], out: ReferenceViolation[]): void {
  if (services.length === 0) return;
  const defined: { host: string; subsets: string[] }[] = rules.map(({ m }) => {
    const spec = rec(m.spec);
    const host = typeof spec.host === 'string' ? fqdn(spec.host, namespaceOf(m)) : '';
    return { host, subsets: arr(spec.subsets).map(s => rec(s).name).filter((n): n is string => typeof n === 'string') };
  });
  const externalRules = externals.some(e => e.kind === 'DestinationRule');
  for (const { m, index } of services) {
    const ns = namespaceOf(m);
    for (const { path, destination } of routeDestinations(rec(m.spec))) {
      const subset = destination.subset;
      if (typeof subset !== 'string' || subset === '' || typeof destination.host !== 'string') continue;
      const host = fqdn(destination.host, ns);
      const matching = defined.filter(d => hostMatches(d.host, host));
      if (matching.some(d => d.subsets.includes(subset))) continue;
      if (matching.length === 0 && externalRules) continue; // a DestinationRule of the cluster may define it
      const known = matching.flatMap(d => d.subsets);
      const near = oneTypoAway(subset, known);
      out.push({
        index,
        rule: 'reference/subset',
        path: `${path}.subset`,
        severity: 'warning',
        message: matching.length === 0
          ? `routes to subset ${JSON.stringify(subset)} of host ${JSON.stringify(host)}, but no DestinationRule for that host is defined: Istio answers 503 for this route`
          : `routes to subset ${JSON.stringify(subset)}, which the DestinationRule of host ${JSON.stringify(host)} does not define (it defines ${known.length ? known.map(k => JSON.stringify(k)).join(', ') : 'no subsets'})${near ? `; did you mean ${JSON.stringify(near)}?` : ''}: Istio answers 503 for this route`,
        hint: matching.length === 0
          ? `add a DestinationRule with host ${JSON.stringify(destination.host)} and a subset named ${JSON.stringify(subset)} (with the pod labels it selects), or drop the subset`
          : `add a subset named ${JSON.stringify(subset)} to that DestinationRule, or route to one it defines`,
      });
    }
  }
}

/** Every `destination` of a VirtualService's http, tcp and tls routes and mirrors, with its path. */
function routeDestinations(spec: Json): { path: string; destination: Json }[] {
  const out: { path: string; destination: Json }[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    arr(spec[section]).forEach((r, i) => {
      const route = rec(r);
      const at = `spec.${section}[${i}]`;
      arr(route.route).forEach((d, j) => {
        if (isRecord(rec(d).destination)) out.push({ path: `${at}.route[${j}].destination`, destination: rec(rec(d).destination) });
      });
      if (isRecord(route.mirror)) out.push({ path: `${at}.mirror`, destination: route.mirror });
      arr(route.mirrors).forEach((d, j) => {
        if (isRecord(rec(d).destination)) out.push({ path: `${at}.mirrors[${j}].destination`, destination: rec(rec(d).destination) });
      });
    });
  }
  return out;
}

/** A host as Istio resolves it in `namespace`: only a name without a dot is short. */
function fqdn(host: string, namespace: string): string {
  return host.includes('.') || host === '*' ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Whether a DestinationRule host (maybe `*.suffix` or `*`) covers a route's host. */
function hostMatches(ruleHost: string, host: string): boolean {
  if (ruleHost === host || ruleHost === '*') return true;
  return ruleHost.startsWith('*.') && host.endsWith(ruleHost.slice(1));
}

// ---------------------------------------------------------------- DomainMapping claims

/**
 * A DomainMapping is served only when its namespace owns the
 * ClusterDomainClaim named after the domain. Knative creates the claim only
 * when `autocreate-cluster-domain-claims` is true in `config-network` (false
 * in knative/networking at the version Serving knative-v1.23.0 pins);
 * otherwise the mapping stays not ready (`DomainClaimNotOwned`). Upstream:
 * knative/serving knative-v1.23.0 `pkg/reconciler/domainmapping/reconciler.go`,
 * `reconcileDomainClaim` / `createDomainClaim`.
 */
function domainClaims(mappings: Entry[], claims: Entry[], configMaps: Entry[], externals: readonly ObjectRef[], config: ClusterSettings,
  out: ReferenceViolation[]): void {
  if (mappings.length === 0) return;
  const autocreate = autocreateClaims(configMaps) ?? config.network?.autocreateClusterDomainClaims ?? false;
  const owners = new Map<string, string>();
  for (const { m } of claims) {
    const name = m.metadata?.name;
    if (typeof name === 'string') owners.set(name, typeof rec(m.spec).namespace === 'string' ? String(rec(m.spec).namespace) : '');
  }
  for (const { m, index } of mappings) {
    const domain = m.metadata?.name;
    if (typeof domain !== 'string' || domain === '') continue;
    const ns = namespaceOf(m);
    const owner = owners.get(domain);
    if (owner !== undefined) {
      if (owner !== ns) {
        out.push({
          index,
          rule: 'reference/cluster-domain-claim',
          path: 'metadata.name',
          severity: 'error',
          message: `the ClusterDomainClaim ${JSON.stringify(domain)} gives the domain to namespace ${JSON.stringify(owner)}, not ${JSON.stringify(ns)}: Knative marks this DomainMapping DomainClaimNotOwned and never serves it`,
          hint: `set the claim's spec.namespace to ${JSON.stringify(ns)}, or map the domain from namespace ${JSON.stringify(owner)}`,
        });
      }
      continue;
    }
    if (autocreate || externals.some(e => e.kind === 'ClusterDomainClaim' && e.name === domain)) continue;
    out.push({
      index,
      rule: 'reference/cluster-domain-claim',
      path: 'metadata.name',
      message: `no ClusterDomainClaim ${JSON.stringify(domain)} is defined and config-network's autocreate-cluster-domain-claims is false: Knative marks this DomainMapping DomainClaimNotOwned and never serves it`,
      hint: `add a ClusterDomainClaim (networking.internal.knative.dev/v1alpha1) named ${JSON.stringify(domain)} with spec.namespace ${JSON.stringify(ns)}, `
        + 'or let Knative create claims: autocreate-cluster-domain-claims: "true" in config-network (KnativeIngress autocreateClusterDomainClaims, '
        + 'ClusterConfig withSettings({ autocreateClusterDomainClaims: true }), or --config)',
    });
  }
}

/** `autocreate-cluster-domain-claims` of a `config-network` ConfigMap among the objects; undefined when there is none. */
function autocreateClaims(configMaps: Entry[]): boolean | undefined {
  for (const { m } of configMaps) {
    if (m.metadata?.name !== 'config-network') continue;
    if (m.metadata?.namespace !== undefined && m.metadata.namespace !== 'knative-serving') continue;
    const data = rec(m.data);
    const value = data['autocreate-cluster-domain-claims'] ?? data.autocreateClusterDomainClaims;
    // knative.dev/pkg configmap AsBool: strconv.ParseBool, anything unparseable leaves the default.
    if (typeof value === 'string' && /^(1|t|T|TRUE|true|True)$/.test(value)) return true;
    return false;
  }
  return undefined;
}

// ---------------------------------------------------------------- Trigger filter attributes

/** The CloudEvents v1.0 context attributes every event may carry. */
const CORE_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'datacontenttype', 'dataschema', 'subject', 'time'];
/**
 * Extensions documented by CloudEvents (cloudevents/spec `cloudevents/extensions/`)
 * and the ones Knative's own data plane adds, which no object declares.
 */
const WELL_KNOWN_EXTENSIONS = [
  'traceparent', 'tracestate', 'dataref', 'partitionkey', 'sequence', 'sequencetype', 'sampledrate', 'authtype', 'authid',
  'recordedtime', 'expirytime', 'severitytext', 'severitynumber', 'deprecation', 'deprecationfrom', 'deprecationsunset',
  'knativearrivaltime', 'knativeerrordest', 'knativeerrorcode', 'knativeerrordata',
];

/**
 * A Trigger filter on an attribute that is neither a CloudEvents core
 * attribute, a well-known extension, nor an extension the app declares (an
 * EventType's `spec.attributes`, a source's `ceOverrides.extensions`) most
 * likely never matches: Knative accepts it and delivers nothing (`sourse`).
 */
function eventAttributes(manifests: readonly Manifest[], triggers: Entry[], eventTypes: Entry[], out: ReferenceViolation[]): void {
  if (triggers.length === 0) return;
  const known = new Set([...CORE_ATTRIBUTES, ...WELL_KNOWN_EXTENSIONS]);
  for (const { m } of eventTypes) {
    for (const a of arr(rec(m.spec).attributes)) if (typeof rec(a).name === 'string') known.add(String(rec(a).name));
  }
  for (const m of manifests) {
    const overrides = rec(rec(m.spec).ceOverrides);
    for (const key of Object.keys(rec(overrides.extensions))) known.add(key);
  }
  const candidates = [...known];
  for (const { m, index } of triggers) {
    const spec = rec(m.spec);
    const seen = new Set<string>();
    const report = (attribute: string, path: string) => {
      if (known.has(attribute) || seen.has(path)) return;
      seen.add(path);
      const near = oneTypoAway(attribute, candidates);
      out.push({
        index,
        rule: 'reference/event-attribute',
        path,
        severity: 'warning',
        message: `filters on attribute ${JSON.stringify(attribute)}, which is neither a CloudEvents core attribute nor an extension an EventType or source of the app declares${near ? `; did you mean ${JSON.stringify(near)}?` : ''}: the Trigger may never match`,
        hint: near ? `fix the name (${JSON.stringify(near)})` : 'fix the name; for an extension of events from outside the app, declare it in an EventType\'s spec.attributes',
      });
    };
    for (const key of Object.keys(rec(rec(spec.filter).attributes))) report(key, appendPath('spec.filter.attributes', key));
    arr(spec.filters).forEach((f, i) => dialectAttributes(f, `spec.filters[${i}]`, report));
  }
}

/** The attribute names of a Subscriptions API filter (`exact`, `prefix`, `suffix`, nested `all`/`any`/`not`); CESQL is not read. */
function dialectAttributes(filter: unknown, path: string, report: (attribute: string, path: string) => void): void {
  const f = rec(filter);
  for (const dialect of ['exact', 'prefix', 'suffix']) {
    for (const key of Object.keys(rec(f[dialect]))) report(key, appendPath(appendPath(path, dialect), key));
  }
  for (const list of ['all', 'any']) arr(f[list]).forEach((g, i) => dialectAttributes(g, `${path}.${list}[${i}]`, report));
  if (isRecord(f.not)) dialectAttributes(f.not, `${path}.not`, report);
}

// ---------------------------------------------------------------- SSH git credentials

const SSH_URL = /^(?:ssh:\/\/(?:[^@/\s]+@)?([^/:\s]+)|[^@\s/]+@([^:\s/]+):)/;

/**
 * A Tekton run that clones `git@host:path` or `ssh://host/...` needs an SSH
 * key: a `kubernetes.io/ssh-auth` Secret annotated `tekton.dev/git-<n>: <host>`
 * on the run's ServiceAccount (Tekton's credential initialization), or an
 * `ssh-directory` workspace as the catalog's git-clone takes. Tekton accepts
 * the run; the clone fails. Checked when the ServiceAccount is in the app,
 * or when it is the namespace's `default` one.
 * @see https://tekton.dev/docs/pipelines/auth/#configuring-ssh-auth-authentication-for-git
 */
function sshCredentials(runs: Entry[], accounts: Entry[], secrets: Entry[], out: ReferenceViolation[]): void {
  for (const { m, index } of runs) {
    const spec = rec(m.spec);
    const ns = namespaceOf(m);
    if (arr(spec.workspaces).some(w => /ssh/.test(String(rec(w).name ?? '')))) continue;
    const sa = serviceAccountOf(m);
    const account = accounts.find(a => a.m.metadata?.name === sa && namespaceOf(a.m) === ns)?.m;
    if (!account && sa !== 'default') continue; // defined outside the app: its Secrets are not known
    arr(spec.params).forEach((p, i) => {
      const value = rec(p).value;
      const match = typeof value === 'string' ? SSH_URL.exec(value.trim()) : null;
      if (!match) return;
      const host = match[1] ?? match[2];
      const names = arr(account?.secrets).map(s => rec(s).name).filter((n): n is string => typeof n === 'string');
      const linked = names.map(n => secrets.find(s => s.m.metadata?.name === n && namespaceOf(s.m) === ns)?.m);
      // A linked Secret defined outside the app may be the key.
      if (linked.some(s => s === undefined)) return;
      const keys = linked.filter((s): s is Manifest => s !== undefined && isSshSecret(s));
      if (keys.some(s => gitHosts(s).some(h => h === host || h.startsWith(`${host}:`)))) return;
      out.push({
        index,
        rule: 'reference/git-ssh-credential',
        path: `spec.params[${i}].value`,
        severity: 'warning',
        message: keys.length === 0
          ? `clones ${JSON.stringify(value)} over SSH, but ServiceAccount ${JSON.stringify(sa)} carries no SSH key (a kubernetes.io/ssh-auth Secret annotated tekton.dev/git-<n>): the clone fails`
          : `clones ${JSON.stringify(value)} over SSH, but no SSH key Secret of ServiceAccount ${JSON.stringify(sa)} is annotated tekton.dev/git-<n>: ${host}: the clone fails`,
        hint: `attach a GitSshSecret for host ${JSON.stringify(host)} to the ServiceAccount (SourceToImage credentials, ServiceAccount buildCredentials), or clone over https`,
      });
    });
  }
}

/** The ServiceAccount a TaskRun or PipelineRun runs as (`default` when unset), in v1 and v1beta1. */
function serviceAccountOf(m: Manifest): string {
  const spec = rec(m.spec);
  const sa = spec.serviceAccountName ?? rec(spec.taskRunTemplate).serviceAccountName;
  return typeof sa === 'string' && sa !== '' ? sa : 'default';
}

function isSshSecret(s: Manifest): boolean {
  return s.type === 'kubernetes.io/ssh-auth' || 'ssh-privatekey' in rec(s.data) || 'ssh-privatekey' in rec(s.stringData);
}

/** The host of a `scheme://host/path` or `host/path` value (no regex: linear on any input). */
function hostOf(v: string): string {
  const scheme = /^[a-z]+:\/\//.exec(v);
  const rest = scheme ? v.slice(scheme[0].length) : v;
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

function gitHosts(s: Manifest): string[] {
  return Object.entries(rec(s.metadata?.annotations)).filter(([k]) => /^tekton\.dev\/git-/.test(k))
    .map(([, v]) => hostOf(String(v)));
}

// ---------------------------------------------------------------- helpers

interface Entry {
  readonly m: Manifest;
  readonly index: number;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function namespaceOf(m: Manifest): string {
  const ns = m.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function rec(x: unknown): Json {
  return isRecord(x) ? x : {};
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}
