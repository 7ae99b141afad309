/**
 * What the Kubernetes API server checks in objects beyond their OpenAPI
 * schema, for Kubernetes 1.34 (the version of the vendored core schemas):
 * the name and namespace syntax of every object, the type and keys of
 * Secrets, the keys of ConfigMaps, and the environment variable names of
 * every pod spec the engine knows. Each check names the upstream function it
 * follows; reported in the schema layer, as the API server's own rejections.
 *
 * The `pkg/apis/core/validation` and `pkg/apis/rbac/validation` functions
 * cited below were read at kubernetes v1.27 and not re-read at 1.34. For
 * 1.34 the fields they reason about were compared in the 1.34 schema
 * definitions (descriptions of Secret, ConfigMap, EnvVar, EnvFromSource) and
 * the apimachinery helpers at v0.34.0 (`IsConfigMapKey`, `IsDNS1123Label`,
 * `IsDNS1035Label`, `IsDNS1123Subdomain`, `IsValidPathSegmentName` and
 * object-meta validation unchanged since v0.27); only env var names changed,
 * and follow 1.34 (see {@link envFindings}). The lists 1.34's definitions key
 * for server-side apply but the API server lets repeat are in
 * {@link admittedDuplicate}.
 *
 * Nothing here quotes a Secret's value: messages name the key and what is
 * wrong.
 */
import { describeValue } from '../core/errors';
import {
  CONFIG_MAP_KEY_RULE, DNS1035_LABEL_RULE, ENV_VAR_NAME_RULE, isConfigMapKey, isDns1035Label, isDns1123Label, isDns1123Subdomain,
  isEnvVarName, isPathSegmentName,
} from '../core/names';
import { appendPath } from './paths';
import { Finding, Manifest } from './types';

/** A finding of the API server checks, with its rule id. */
export interface ApiServerFinding extends Finding {
  /** `schema/name-format`, `schema/namespace-format`, `schema/data-key`, `schema/secret-type`, `schema/env-name`... */
  readonly rule: string;
}

type Json = Record<string, unknown>;

/** The name syntax a kind requires. */
type NameForm = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

/**
 * Kinds whose names are not DNS-1123 subdomains, by `group/Kind`
 * (kubernetes v1.27 `pkg/apis/core/validation/validation.go`:
 * `ValidateNamespaceName` is apimachinery's `NameIsDNSLabel`,
 * `ValidateServiceName` is `NameIsDNS1035Label`; `pkg/apis/rbac/validation`:
 * `ValidateRBACName` is `path.IsValidPathSegmentName`; Kubernetes 1.34's
 * `RelaxedServiceNameValidation` gate, which would let Service names be
 * DNS-1123 labels, is alpha and off by default). Every other built-in
 * kind, and every custom resource (apiextensions-apiserver's
 * `customresource` validator), takes `NameIsDNSSubdomain`.
 */
const NAME_FORMS: Readonly<Record<string, NameForm>> = {
  '/Namespace': 'dns1123-label',
  '/Service': 'dns1035-label',
  'rbac.authorization.k8s.io/Role': 'path-segment',
  'rbac.authorization.k8s.io/ClusterRole': 'path-segment',
  'rbac.authorization.k8s.io/RoleBinding': 'path-segment',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'path-segment',
};

const NAME_RULES: Readonly<Record<NameForm, { what: string; hint: string }>> = {
  'dns1123-subdomain': {
    what: 'a DNS-1123 subdomain',
    hint: 'use at most 253 lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
  },
  'dns1123-label': {
    what: 'a DNS-1123 label',
    hint: 'use at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit',
  },
  'dns1035-label': { what: 'a DNS-1035 label', hint: DNS1035_LABEL_RULE },
  'path-segment': { what: 'a valid path segment', hint: 'must not be \'.\' or \'..\' nor contain \'/\' or \'%\'' },
};

/**
 * Built-in cluster-scoped kinds: the API server ignores (clears) their
 * `metadata.namespace`, so a bad one is only a warning.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass', 'networking.k8s.io/IngressClass', 'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  // Kinds new since 1.27.
  'admissionregistration.k8s.io/MutatingAdmissionPolicy', 'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'certificates.k8s.io/ClusterTrustBundle', 'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice', 'resource.k8s.io/DeviceTaintRule',
  'storage.k8s.io/VolumeAttributesClass', 'storagemigration.k8s.io/StorageVersionMigration', 'internal.apiserver.k8s.io/StorageVersion',
]);

/**
 * The API groups of Kubernetes itself (those of the vendored 1.34 definitions'
 * `x-kubernetes-group-version-kind`; `''` is the core group). The API server
 * validates these kinds with its own Go code, not with their OpenAPI schema.
 */
export const KUBERNETES_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'internal.apiserver.k8s.io', 'resource.k8s.io',
  'storagemigration.k8s.io',
]);

/** List entries a built-in kind's schema keys (`x-kubernetes-list-type: map`) but whose duplicates the API server admits. */
const ADMITTED_DUPLICATES = /(?:^|\.)(?:env|imagePullSecrets|hostAliases)\[\d+\]$/;

/**
 * True when a `schema/duplicate-key` (or `schema/unique`) violation at `path`
 * of `m` is one the API server admits on create (`kubectl apply`). The 1.34
 * definitions mark more lists of built-in kinds as maps (for server-side
 * apply) than Kubernetes' validation requires unique: duplicate container or volume names and mount
 * paths are refused (`validateContainers`, `ValidateVolumes`,
 * `ValidateVolumeMounts`), while a repeated env var name only draws a warning
 * (`pkg/api/pod/warnings.go`: the later "hides previous definition"), and
 * repeated `imagePullSecrets`, `hostAliases` IPs, ServiceAccount `secrets`
 * and `ownerReferences` UIDs (of any kind: object meta is validated in Go for
 * custom resources too) are not checked. Custom resources keep the check:
 * the API server enforces list-map keys of a CRD's schema.
 */
export function admittedDuplicate(m: Manifest, rule: string, path: string): boolean {
  // 1.34 also marks `finalizers` a set; `ValidateFinalizers` (apimachinery v0.34.0) checks names, not repeats.
  if (rule === 'schema/unique') return path === 'metadata.finalizers';
  if (rule !== 'schema/duplicate-key') return false;
  if (/^metadata\.ownerReferences\[\d+\]$/.test(path)) return true;
  const gk = groupKindOf(m);
  if (!KUBERNETES_GROUPS.has(gk.slice(0, gk.lastIndexOf('/')))) return false;
  return ADMITTED_DUPLICATES.test(path) || (gk === '/ServiceAccount' && /^secrets\[\d+\]$/.test(path));
}

/** The hint of a duplicate the API server admits. */
export const ADMITTED_DUPLICATE_HINT = 'the API server admits it, but server-side apply refuses duplicates: keep one entry';

/** True for a built-in kind the API server stores without a namespace. */
export function isClusterScoped(groupKind: string): boolean {
  return CLUSTER_SCOPED.has(groupKind);
}

/** `group/Kind` of a manifest (`/Kind` for the core group). */
export function groupKindOf(m: Manifest): string {
  const slash = m.apiVersion.lastIndexOf('/');
  return `${slash < 0 ? '' : m.apiVersion.slice(0, slash)}/${m.kind}`;
}

/** Every problem the API server checks below would report for `m`. */
export function apiServerFindings(m: Manifest): ApiServerFinding[] {
  const gk = groupKindOf(m);
  const out = metaFindings(m, gk);
  if (gk === '/Secret') out.push(...secretFindings(m));
  if (gk === '/ConfigMap') out.push(...configMapFindings(m));
  out.push(...envFindings(m, gk));
  return out;
}

// ---------------------------------------------------------------- metadata

/**
 * `metadata.name`, `metadata.generateName` and `metadata.namespace`
 * (apimachinery v0.27.16 `pkg/api/validation/objectmeta.go`,
 * `ValidateObjectMetaAccessor`, with the kind's name function; the namespace
 * with `ValidateNamespaceName`, a DNS-1123 label). A missing name is reported
 * by the engine.
 */
function metaFindings(m: Manifest, gk: string): ApiServerFinding[] {
  const out: ApiServerFinding[] = [];
  const meta = isRecord(m.metadata) ? m.metadata : {};
  const form = NAME_FORMS[gk] ?? 'dns1123-subdomain';
  const rule = NAME_RULES[form];
  if (typeof meta.name === 'string' && meta.name !== '' && !nameOk(form, meta.name)) {
    out.push({ rule: 'schema/name-format', path: 'metadata.name', message: `name ${describeValue(meta.name)} is not ${rule.what}`, hint: rule.hint });
  }
  if (typeof meta.generateName === 'string' && meta.generateName !== '' && !nameOk(form, maskTrailingDash(meta.generateName), true)) {
    out.push({
      rule: 'schema/name-format',
      path: 'metadata.generateName',
      message: `generateName ${describeValue(meta.generateName)} is not the prefix of ${rule.what}`,
      hint: `${rule.hint}; a trailing '-' is allowed`,
    });
  }
  const ns = meta.namespace;
  if (typeof ns === 'string' && ns !== '' && !isDns1123Label(ns)) {
    const scoped = !isClusterScoped(gk);
    out.push({
      rule: 'schema/namespace-format',
      path: 'metadata.namespace',
      message: scoped ? `namespace ${describeValue(ns)} is not a DNS-1123 label`
        : `namespace ${describeValue(ns)} is not a DNS-1123 label (ignored: ${m.kind} is cluster-scoped)`,
      hint: NAME_RULES['dns1123-label'].hint,
      ...(scoped ? {} : { severity: 'warning' as const }),
    });
  }
  return out;
}

function nameOk(form: NameForm, name: string, prefix = false): boolean {
  switch (form) {
    case 'dns1123-label': return isDns1123Label(name);
    case 'dns1035-label': return isDns1035Label(name);
    case 'path-segment': return prefix ? !name.includes('/') && !name.includes('%') : isPathSegmentName(name);
    default: return isDns1123Subdomain(name);
  }
}

/** As apimachinery v0.27.16 `maskTrailingDash`: a prefix ending in '-' is checked without its last two characters and with an 'a'. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

// ---------------------------------------------------------------- Secrets and ConfigMaps

/** Most bytes the data of a Secret or a ConfigMap may take (`core.MaxSecretSize`, `core.MaxConfigMapSize`). */
export const MAX_DATA_SIZE = 1024 * 1024;

const SA_NAME_ANNOTATION = 'kubernetes.io/service-account.name';

/**
 * A Secret as the API server validates it (kubernetes v1.27
 * `pkg/apis/core/validation/validation.go`, `ValidateSecret`): `stringData`
 * is merged into `data` first; every key is a config key (`IsConfigMapKey`);
 * the data take at most 1 MiB; and the `type` requires its keys:
 * `kubernetes.io/tls` both `tls.crt` and `tls.key`, `kubernetes.io/dockerconfigjson`
 * a `.dockerconfigjson` holding a JSON object (`kubernetes.io/dockercfg`:
 * `.dockercfg`), `kubernetes.io/basic-auth` `username` or `password`,
 * `kubernetes.io/ssh-auth` a non-empty `ssh-privatekey`, and
 * `kubernetes.io/service-account-token` the annotation
 * `kubernetes.io/service-account.name`. A docker config without `auths`
 * passes upstream and gives no credentials: a warning.
 */
function secretFindings(m: Manifest): ApiServerFinding[] {
  const out: ApiServerFinding[] = [];
  const data = isRecord(m.data) ? m.data : {};
  const stringData = isRecord(m.stringData) ? m.stringData : {};
  out.push(...keyFindings('data', data), ...keyFindings('stringData', stringData));

  /** The bytes of each key after the merge; undefined where a data value is not base64 (the schema reports it). */
  const values = new Map<string, Buffer | undefined>();
  for (const [k, v] of Object.entries(data)) values.set(k, typeof v === 'string' ? base64Bytes(v) : undefined);
  for (const [k, v] of Object.entries(stringData)) values.set(k, typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined);
  let size = 0;
  for (const v of values.values()) size += v?.length ?? 0;
  if (size > MAX_DATA_SIZE) {
    out.push({ rule: 'schema/data-size', path: 'data', message: `the Secret's data take ${size} bytes`, hint: `at most ${MAX_DATA_SIZE} bytes (1 MiB) in all` });
  }

  const type = typeof m.type === 'string' ? m.type : 'Opaque';
  const where = (key: string) => appendPath(key in stringData ? 'stringData' : 'data', key);
  const missing = (key: string, why: string): ApiServerFinding => ({
    rule: 'schema/secret-type', path: appendPath('data', key), message: `the key ${JSON.stringify(key)} is missing`, hint: `a Secret of type ${type} ${why}`,
  });
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = isRecord(m.metadata?.annotations) ? m.metadata!.annotations : {};
      const sa = annotations[SA_NAME_ANNOTATION];
      if (typeof sa !== 'string' || sa === '') {
        out.push({
          rule: 'schema/secret-type', path: appendPath('metadata.annotations', SA_NAME_ANNOTATION), message: 'required annotation is missing',
          hint: `a Secret of type ${type} names its ServiceAccount in ${SA_NAME_ANNOTATION}`,
        });
      }
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!values.has(key)) {
        out.push(missing(key, `needs ${key}, a docker config (JSON)`));
        break;
      }
      const bytes = values.get(key);
      if (bytes === undefined) break;
      const config = jsonObject(bytes);
      if (config === undefined) {
        out.push({ rule: 'schema/secret-type', path: where(key), message: 'the value is not a JSON object', hint: `a Secret of type ${type} holds a docker config (JSON) in ${key}` });
      } else if (key === '.dockerconfigjson' && !isRecord(config.auths)) {
        out.push({
          rule: 'schema/secret-type', path: where(key), message: 'the docker config has no "auths" object: it gives no registry credentials',
          hint: 'write {"auths": {"<registry>": {"auth": "<base64 user:password>"}}}', severity: 'warning',
        });
      }
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!values.has('username') && !values.has('password')) {
        out.push({ rule: 'schema/secret-type', path: 'data', message: 'neither "username" nor "password" is set', hint: `a Secret of type ${type} needs the key username or password (or both)` });
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!values.has('ssh-privatekey')) out.push(missing('ssh-privatekey', 'needs a non-empty ssh-privatekey'));
      else if (values.get('ssh-privatekey')?.length === 0) {
        out.push({ rule: 'schema/secret-type', path: where('ssh-privatekey'), message: 'the value is empty', hint: `a Secret of type ${type} needs a non-empty ssh-privatekey` });
      }
      break;
    case 'kubernetes.io/tls':
      for (const key of ['tls.crt', 'tls.key']) if (!values.has(key)) out.push(missing(key, 'needs both tls.crt and tls.key'));
      break;
    default:
      break;
  }
  return out;
}

/**
 * A ConfigMap as the API server validates it (kubernetes v1.27
 * `pkg/apis/core/validation/validation.go`, `ValidateConfigMap`): every key
 * of `data` and `binaryData` is a config key, no key is in both, and they
 * take at most 1 MiB.
 */
function configMapFindings(m: Manifest): ApiServerFinding[] {
  const data = isRecord(m.data) ? m.data : {};
  const binary = isRecord(m.binaryData) ? m.binaryData : {};
  const out = [...keyFindings('data', data), ...keyFindings('binaryData', binary)];
  for (const key of Object.keys(binary)) {
    if (key in data) {
      out.push({ rule: 'schema/data-key', path: appendPath('binaryData', key), message: `the key ${JSON.stringify(key)} is also in data`, hint: 'a key may be in data or binaryData, not both' });
    }
  }
  let size = 0;
  for (const v of Object.values(data)) if (typeof v === 'string') size += Buffer.byteLength(v);
  for (const v of Object.values(binary)) if (typeof v === 'string') size += base64Bytes(v)?.length ?? 0;
  if (size > MAX_DATA_SIZE) {
    out.push({ rule: 'schema/data-size', path: 'data', message: `the ConfigMap's data take ${size} bytes`, hint: `at most ${MAX_DATA_SIZE} bytes (1 MiB) in all` });
  }
  return out;
}

function keyFindings(field: string, map: Json): ApiServerFinding[] {
  const out: ApiServerFinding[] = [];
  for (const key of Object.keys(map)) {
    if (!isConfigMapKey(key)) {
      out.push({ rule: 'schema/data-key', path: appendPath(field, key), message: `the key ${describeValue(key)} is not a valid key`, hint: CONFIG_MAP_KEY_RULE });
    }
  }
  return out;
}

/** The bytes of a base64 value; undefined when it is not base64 (the schema's `byte` format reports it). */
function base64Bytes(value: string): Buffer | undefined {
  return value.length % 4 === 0 && BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function jsonObject(bytes: Buffer): Json | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    // The parser's message may quote the text: it is never shown.
    return undefined;
  }
}

// ---------------------------------------------------------------- env var names

/** Where each kind keeps its pod specs, and who admits them. */
interface PodSpecAt {
  readonly path: string;
  readonly spec: Json;
  /** Who creates the pods (Knative, Tekton), for kinds whose webhook admits what Kubernetes then rejects; undefined for built-in kinds. */
  readonly owner?: string;
}

const CORE_POD_SPECS: Readonly<Record<string, readonly string[]>> = {
  '/Pod': ['spec'],
  '/PodTemplate': ['template', 'spec'],
  '/ReplicationController': ['spec', 'template', 'spec'],
  'apps/ReplicaSet': ['spec', 'template', 'spec'],
  'apps/Deployment': ['spec', 'template', 'spec'],
  'apps/StatefulSet': ['spec', 'template', 'spec'],
  'apps/DaemonSet': ['spec', 'template', 'spec'],
  'batch/Job': ['spec', 'template', 'spec'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  'serving.knative.dev/Service': ['spec', 'template', 'spec'],
  'serving.knative.dev/Configuration': ['spec', 'template', 'spec'],
  'serving.knative.dev/Revision': ['spec'],
  'sources.knative.dev/ContainerSource': ['spec', 'template', 'spec'],
  'sinks.knative.dev/JobSink': ['spec', 'job', 'spec', 'template', 'spec'],
};

/** The pod specs (Tekton: task specs) of a manifest. */
function podSpecsOf(m: Manifest, gk: string): PodSpecAt[] {
  const segments = CORE_POD_SPECS[gk];
  if (segments) {
    let node: unknown = m;
    for (const s of segments) node = isRecord(node) ? node[s] : undefined;
    if (!isRecord(node)) return [];
    const owner = gk.startsWith('serving.') ? 'Knative Serving' : gk.includes('knative.dev') ? 'Knative Eventing' : undefined;
    return [{ path: segments.join('.'), spec: node, owner }];
  }
  const spec = isRecord(m.spec) ? m.spec : {};
  const tekton = (path: string, s: unknown): PodSpecAt[] => (isRecord(s) ? [{ path, spec: s, owner: 'Tekton' }] : []);
  const pipeline = (path: string, p: unknown): PodSpecAt[] => (!isRecord(p) ? [] : ['tasks', 'finally'].flatMap(list =>
    (Array.isArray(p[list]) ? p[list] as unknown[] : []).flatMap((t, i) => tekton(`${path}.${list}[${i}].taskSpec`, isRecord(t) ? t.taskSpec : undefined))));
  switch (gk) {
    case 'tekton.dev/Task': return tekton('spec', spec);
    case 'tekton.dev/TaskRun': return tekton('spec.taskSpec', spec.taskSpec);
    case 'tekton.dev/Pipeline': return pipeline('spec', spec);
    case 'tekton.dev/PipelineRun': return pipeline('spec.pipelineSpec', spec.pipelineSpec);
    default: return [];
  }
}

const POD_CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const TASK_CONTAINER_LISTS = ['steps', 'sidecars'];

/**
 * Environment variable names of every container (kubernetes
 * `pkg/apis/core/validation/validation.go`, `ValidateEnv` and
 * `ValidateEnvFrom`; in 1.34, with `RelaxedEnvironmentVariableValidation` GA,
 * apimachinery's `IsRelaxedEnvVarName`: printable ASCII but '=', see
 * {@link isEnvVarName}): `env[].name` and a non-empty `envFrom[].prefix`.
 * An error in built-in kinds, which the API server rejects; a warning in
 * Knative and Tekton kinds, whose webhooks admit
 * them (Knative's `validateEnvVar` only rejects reserved names) but whose
 * pods Kubernetes then rejects. A Tekton name with a `$(...)` substitution is
 * checked only after substitution, at run time: skipped.
 */
function envFindings(m: Manifest, gk: string): ApiServerFinding[] {
  const out: ApiServerFinding[] = [];
  for (const { path, spec, owner } of podSpecsOf(m, gk)) {
    const containers: { path: string; c: Json }[] = [];
    const lists = owner === 'Tekton' ? TASK_CONTAINER_LISTS : POD_CONTAINER_LISTS;
    for (const list of lists) {
      const items = spec[list];
      if (Array.isArray(items)) items.forEach((c, i) => { if (isRecord(c)) containers.push({ path: `${path}.${list}[${i}]`, c }); });
    }
    if (owner === 'Tekton' && isRecord(spec.stepTemplate)) containers.push({ path: `${path}.stepTemplate`, c: spec.stepTemplate });
    const report = (at: string, name: string, what: string) => {
      if (owner === 'Tekton' && name.includes('$(')) return;
      out.push({
        rule: 'schema/env-name',
        path: at,
        message: owner === undefined ? `${describeValue(name)} is not a valid ${what}`
          : `${describeValue(name)} is not a valid ${what}: ${owner} admits it, but Kubernetes rejects the pods made from it`,
        hint: ENV_VAR_NAME_RULE,
        ...(owner === undefined ? {} : { severity: 'warning' as const }),
      });
    };
    for (const { path: cp, c } of containers) {
      if (Array.isArray(c.env)) {
        c.env.forEach((e, i) => {
          const name = isRecord(e) ? e.name : undefined;
          if (typeof name === 'string' && name !== '' && !isEnvVarName(name)) report(`${cp}.env[${i}].name`, name, 'environment variable name');
        });
      }
      if (Array.isArray(c.envFrom)) {
        c.envFrom.forEach((e, i) => {
          const prefix = isRecord(e) ? e.prefix : undefined;
          if (typeof prefix === 'string' && prefix !== '' && !isEnvVarName(prefix)) report(`${cp}.envFrom[${i}].prefix`, prefix, 'environment variable prefix');
        });
      }
    }
  }
  return out;
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
