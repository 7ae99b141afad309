import { describeValue } from '../../core/errors';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';
import { featureAllowed, featureFlag, securePodDefaultsOn } from '../config';
import { ClusterSettings, Finding } from '../types';
import { RevisionTemplate, revisionRule } from './revision';
import { arr, finding, isInt, isRecord, join, Json, rec, str } from './util';
import { isImageReference } from '../../core/syntax';

/** How Knative treats a container of a revision. */
export type ContainerRole = 'serving' | 'sidecar' | 'init';

/** A container of a revision with its path and role. */
export interface RevisionContainer {
  readonly path: string;
  readonly container: Json;
  readonly role: ContainerRole;
}

/**
 * The containers of a revision: the serving container is the only one, or
 * the one that declares a port; the others are sidecars; `initContainers`
 * are init containers.
 */
export function revisionContainers(t: RevisionTemplate): RevisionContainer[] {
  const containers = arr(t.spec.containers);
  const out = containers.map((c, i): RevisionContainer => {
    const container = rec(c);
    const role = containers.length === 1 || arr(container.ports).length > 0 ? 'serving' : 'sidecar';
    return { path: itemPath(t.specPath, 'containers', i), container, role };
  });
  arr(t.spec.initContainers).forEach((c, i) => out.push({ path: itemPath(t.specPath, 'initContainers', i), container: rec(c), role: 'init' }));
  return out;
}

/**
 * `<specPath>.<list>[i]`, formatted once per spec path, list and index: six
 * rules walk the containers of every revision and each needs their paths.
 * Spec paths and list names come from a fixed set, indices stay small.
 */
const ITEM_PATHS = new Map<string, Record<'containers' | 'initContainers', string[]>>();
function itemPath(specPath: string, list: 'containers' | 'initContainers', i: number): string {
  let lists = ITEM_PATHS.get(specPath);
  if (!lists) ITEM_PATHS.set(specPath, lists = { containers: [], initContainers: [] });
  return lists[list][i] ??= join(join(specPath, list), i);
}

/** Reports every key of `value` not in `allowed`. */
export function disallowedKeys(path: string, value: unknown, allowed: readonly string[], what: string): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(value)) return out;
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) out.push(finding(join(path, k), `${k} is not allowed in a Knative ${what}`, `Knative allows only: ${allowed.join(', ')}`));
  }
  return out;
}

/** Reports a field that a `config-features` flag gates, when the flag is off. */
export function gatedField(path: string, present: boolean, config: ClusterSettings, flag: string, needEnabled = false): Finding[] {
  if (!present) return [];
  const value = featureFlag(config, flag);
  if (needEnabled ? value === 'enabled' : value !== 'disabled') return [];
  return [finding(path, `this field needs the feature flag ${flag}, which is ${value} on the target cluster`,
    `remove it, or set ${flag}: enabled in config-features (CLI: --feature ${flag}=enabled)`)];
}

// ---------------------------------------------------------------- pod spec

const POD_FIELDS = [
  'containers', 'volumes', 'serviceAccountName', 'imagePullSecrets', 'enableServiceLinks', 'automountServiceAccountToken',
  'containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds',
];

/** Pod spec fields allowed behind a flag (allowed unless the flag is disabled). */
export const GATED_POD_FIELDS: Readonly<Record<string, string>> = {
  affinity: 'kubernetes.podspec-affinity',
  dnsConfig: 'kubernetes.podspec-dnsconfig',
  dnsPolicy: 'kubernetes.podspec-dnspolicy',
  hostAliases: 'kubernetes.podspec-hostaliases',
  hostIPC: 'kubernetes.podspec-hostipc',
  hostNetwork: 'kubernetes.podspec-hostnetwork',
  hostPID: 'kubernetes.podspec-hostpid',
  nodeSelector: 'kubernetes.podspec-nodeselector',
  priorityClassName: 'kubernetes.podspec-priorityclassname',
  runtimeClassName: 'kubernetes.podspec-runtimeclassname',
  schedulerName: 'kubernetes.podspec-schedulername',
  securityContext: 'kubernetes.podspec-securitycontext',
  shareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  tolerations: 'kubernetes.podspec-tolerations',
  topologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
};

export const podFieldsRule = revisionRule(
  'serving/pod-fields',
  'a revision\'s pod spec has only the fields Knative allows; affinity, nodeSelector, tolerations, initContainers... need their feature flag',
  (t, ctx) => {
    const out: Finding[] = [];
    for (const key of Object.keys(t.spec)) {
      // The path is formatted only for a field that may be reported, not for every allowed one.
      const flag = GATED_POD_FIELDS[key];
      if (key === 'initContainers') {
        out.push(...gatedField(join(t.specPath, key), arr(t.spec.initContainers).length > 0, ctx.config, 'kubernetes.podspec-init-containers', true));
      } else if (flag) {
        // With secure-pod-defaults on, the pod securityContext may opt out of its defaults without the flag.
        const sc = key === 'securityContext' && securePodDefaultsOn(ctx.config) && isRecord(t.spec.securityContext)
          && Object.keys(t.spec.securityContext).every(k => SECURE_DEFAULTS_POD_FIELDS.includes(k));
        if (!sc) out.push(...gatedField(join(t.specPath, key), true, ctx.config, flag));
      } else if (!POD_FIELDS.includes(key)) {
        out.push(finding(join(t.specPath, key), `${key} is not allowed in a Knative revision's pod spec`,
          `Knative allows: ${POD_FIELDS.join(', ')}; behind feature flags: ${Object.keys(GATED_POD_FIELDS).join(', ')}, initContainers`));
      }
    }
    const automount = t.spec.automountServiceAccountToken;
    if (automount !== undefined && automount !== false) {
      out.push(finding(join(t.specPath, 'automountServiceAccountToken'), `${describeValue(automount)} is not allowed`,
        'Knative only accepts false (do not mount the token); leave it unset for the default'));
    }
    const sa = t.spec.serviceAccountName;
    if (sa !== undefined && (typeof sa !== 'string' || !isDns1123Subdomain(sa))) {
      out.push(finding(join(t.specPath, 'serviceAccountName'), `${describeValue(sa)} is not a valid ServiceAccount name`,
        'must be a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\''));
    }
    return out;
  },
);

// ---------------------------------------------------------------- containers

const CONTAINER_FIELDS = [
  'name', 'args', 'command', 'env', 'envFrom', 'image', 'imagePullPolicy', 'livenessProbe', 'ports', 'readinessProbe',
  'startupProbe', 'resources', 'securityContext', 'terminationMessagePath', 'terminationMessagePolicy', 'volumeMounts', 'workingDir',
];
const CONTAINER_SECURITY_FIELDS = [
  'allowPrivilegeEscalation', 'capabilities', 'privileged', 'readOnlyRootFilesystem', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'seccompProfile',
];
const POD_SECURITY_FIELDS = ['fsGroup', 'runAsGroup', 'runAsNonRoot', 'runAsUser', 'supplementalGroups', 'seccompProfile'];
/** Pod securityContext fields allowed without kubernetes.podspec-securitycontext when secure-pod-defaults is on. */
const SECURE_DEFAULTS_POD_FIELDS = ['runAsNonRoot', 'seccompProfile'];
/** The only capability a container may add without kubernetes.containerspec-addcapabilities, when secure-pod-defaults is on. */
const SECURE_DEFAULTS_CAPABILITY = 'NET_BIND_SERVICE';
const MAX_ID = 2147483647;
/** The env var sources behind kubernetes.podspec-fieldref. */
const ENV_FIELD_REFS = ['fieldRef', 'resourceFieldRef'];

export const containerFieldsRule = revisionRule(
  'serving/container-fields',
  'containers have only the fields Knative allows (no lifecycle, stdin, tty...), an image, and a name other than queue-proxy',
  (t, ctx) => revisionContainers(t).flatMap(({ path, container, role }) => {
    const out = disallowedKeys(path, container, CONTAINER_FIELDS, 'container');
    if (role === 'init') {
      for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container[key] !== undefined) out.push(finding(join(path, key), `${key} is not allowed in an init container`, 'remove it'));
      }
    }
    if (typeof container.image !== 'string' || container.image === '') {
      out.push(finding(join(path, 'image'), `image is ${describeValue(container.image)}`, 'every container needs an image reference'));
    } else if (!isImageReference(container.image)) {
      out.push(finding(join(path, 'image'), `${describeValue(container.image)} is not an image reference`,
        'use [registry/]repository[:tag][@sha256:digest] with a lower-case repository of at least 2 characters (Knative parses it with go-containerregistry\'s weak validation)'));
    }
    if (container.name === 'queue-proxy') {
      out.push(finding(join(path, 'name'), '"queue-proxy" is a reserved container name', 'choose another name'));
    }
    const tmp = container.terminationMessagePolicy;
    if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
      out.push(finding(join(path, 'terminationMessagePolicy'), `${describeValue(tmp)} is not a termination message policy`, 'use File or FallbackToLogsOnError'));
    }
    // Paths are formatted only for the gated fields that are set, not for every mount and env var.
    const mounts = arr(container.volumeMounts);
    for (let i = 0; i < mounts.length; i++) {
      const propagation = rec(mounts[i]).mountPropagation;
      if (propagation === undefined) continue;
      const mp = join(join(join(path, 'volumeMounts'), i), 'mountPropagation');
      out.push(...gatedField(mp, true, ctx.config, 'kubernetes.podspec-volumes-mount-propagation', true));
      if (propagation !== 'None' && propagation !== 'HostToContainer') {
        out.push(finding(mp, `${describeValue(propagation)} is not allowed`, 'use None or HostToContainer'));
      }
    }
    const env = arr(container.env);
    for (let i = 0; i < env.length; i++) {
      const from = rec(rec(env[i]).valueFrom);
      for (const ref of ENV_FIELD_REFS) {
        if (from[ref] === undefined) continue;
        out.push(...gatedField(join(join(join(join(path, 'env'), i), 'valueFrom'), ref), true, ctx.config, 'kubernetes.podspec-fieldref'));
      }
    }
    return out;
  }),
);

// The image syntax is shared with the constructs (src/core/syntax.ts).
export { isImageReference };

/** Checks user and group ids of a security context. */
function checkIds(path: string, sc: Json, keys: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const key of keys) {
    const v = sc[key];
    if (v !== undefined && (!isInt(v) || v < 0 || v > MAX_ID)) {
      out.push(finding(join(path, key), `${describeValue(v)} is out of range`, `must be an integer from 0 to ${MAX_ID}`));
    }
  }
  return out;
}

const CONTAINER_IDS = ['runAsUser', 'runAsGroup'];
const CAPABILITY_FIELDS = ['add', 'drop'];

export const securityContextRule = revisionRule(
  'serving/security-context',
  'container and pod securityContext use only the fields Knative allows, privileged only false, capabilities.add needs a flag (NET_BIND_SERVICE also under secure-pod-defaults), ids are 0..2^31-1',
  (t, ctx) => {
    const out: Finding[] = [];
    for (const { path, container } of revisionContainers(t)) {
      if (container.securityContext === undefined) continue;
      const sp = join(path, 'securityContext');
      const sc = rec(container.securityContext);
      out.push(...disallowedKeys(sp, sc, CONTAINER_SECURITY_FIELDS, 'container securityContext'));
      out.push(...checkIds(sp, sc, CONTAINER_IDS));
      if (sc.privileged !== undefined && sc.privileged !== false) {
        out.push(finding(join(sp, 'privileged'), `${describeValue(sc.privileged)} is not allowed`, 'Knative only accepts privileged: false; leave it unset or false'));
      }
      const caps = rec(sc.capabilities);
      out.push(...disallowedKeys(join(sp, 'capabilities'), caps, CAPABILITY_FIELDS, 'capabilities'));
      const add = arr(caps.add);
      if (add.length > 0 && !featureAllowed(ctx.config, 'kubernetes.containerspec-addcapabilities')
        && !(securePodDefaultsOn(ctx.config) && add.every(c => c === SECURE_DEFAULTS_CAPABILITY))) {
        const flag = 'kubernetes.containerspec-addcapabilities';
        out.push(finding(join(join(sp, 'capabilities'), 'add'), `adding capabilities needs the feature flag ${flag}, which is disabled on the target cluster`,
          `remove it, or set ${flag}: enabled in config-features (CLI: --feature ${flag}=enabled); `
          + `with secure-pod-defaults enabled or AllowRootBounded, add: [${SECURE_DEFAULTS_CAPABILITY}] is accepted without it`));
      }
    }
    if (isRecord(t.spec.securityContext) && featureAllowed(ctx.config, 'kubernetes.podspec-securitycontext')) {
      const sp = join(t.specPath, 'securityContext');
      const sc = t.spec.securityContext;
      out.push(...disallowedKeys(sp, sc, POD_SECURITY_FIELDS, 'pod securityContext'));
      out.push(...checkIds(sp, sc, ['runAsUser', 'runAsGroup', 'fsGroup']));
      arr(sc.supplementalGroups).forEach((g, i) => {
        if (!isInt(g) || g < 0 || g > MAX_ID) out.push(finding(join(join(sp, 'supplementalGroups'), i), `${describeValue(g)} is out of range`, `must be an integer from 0 to ${MAX_ID}`));
      });
    }
    return out;
  },
);

// ---------------------------------------------------------------- env

/** Environment variables Knative sets itself in the serving container. */
export const RESERVED_ENV_VARS = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];

export const reservedEnvRule = revisionRule(
  'serving/reserved-env',
  'containers do not set PORT, K_SERVICE, K_CONFIGURATION or K_REVISION (PORT is allowed in sidecars and init containers)',
  (t) => revisionContainers(t).flatMap(({ path, container, role }) => {
    const reserved = role === 'serving' ? RESERVED_ENV_VARS : RESERVED_ENV_VARS.filter(n => n !== 'PORT');
    const out: Finding[] = [];
    arr(container.env).forEach((e, i) => {
      const name = rec(e).name;
      // The path is formatted only for a name that is reported, not for every env var.
      if (typeof name !== 'string' || name === '') {
        out.push(finding(envNamePath(path, i), 'an env var has no name', 'give every env var a name'));
      } else if (reserved.includes(name)) {
        out.push(finding(envNamePath(path, i), `${describeValue(name)} is a reserved environment variable`,
          name === 'PORT' ? 'Knative sets PORT from the container port; set ports[0].containerPort instead' : `Knative sets ${reserved.join(', ')} itself; use another name`));
      }
    });
    arr(container.envFrom).forEach((e, i) => {
      const src = rec(e);
      const n = ['configMapRef', 'secretRef'].filter(k => src[k] !== undefined).length;
      if (n !== 1) {
        out.push(finding(join(join(path, 'envFrom'), i), n === 0 ? 'envFrom sets neither configMapRef nor secretRef' : 'envFrom sets both configMapRef and secretRef',
          'set exactly one of configMapRef, secretRef'));
      }
    });
    return out;
  }),
);

function envNamePath(containerPath: string, i: number): string {
  return join(join(join(containerPath, 'env'), i), 'name');
}

// ---------------------------------------------------------------- ports

/** Ports the queue-proxy and Knative's sidecars listen on. */
export const RESERVED_PORTS = [8008, 8012, 8013, 8022, 9090, 9091];
const PORT_FIELDS = ['containerPort', 'name', 'protocol'];

export const containerPortsRule = revisionRule(
  'serving/container-ports',
  'the serving port is TCP, named "", h2c or http1, within 1..65535 and not one of Knative\'s reserved ports (8008, 8012, 8013, 8022, 9090, 9091)',
  (t) => revisionContainers(t).flatMap(({ path, container, role }) => {
    const out: Finding[] = [];
    arr(container.ports).forEach((raw, i) => {
      const p = join(join(path, 'ports'), i);
      const port = rec(raw);
      if (role !== 'init' && i > 0) return; // reported by serving/one-port
      out.push(...disallowedKeys(p, port, PORT_FIELDS, 'container port'));
      const n = port.containerPort;
      // 0 is accepted: Knative then uses 8080.
      if (n !== undefined && (!isInt(n) || n < 0 || n > 65535)) {
        out.push(finding(join(p, 'containerPort'), `${describeValue(n)} is out of range`, 'must be an integer from 0 (Knative\'s default, 8080) to 65535'));
      } else if (isInt(n) && RESERVED_PORTS.includes(n)) {
        out.push(finding(join(p, 'containerPort'), `${n} is a reserved port`, `Knative uses ${RESERVED_PORTS.join(', ')}; use another port, e.g. 8080`));
      }
      if (role === 'init') return;
      if (port.protocol !== undefined && port.protocol !== 'TCP') {
        out.push(finding(join(p, 'protocol'), `${describeValue(port.protocol)} is not allowed`, 'the serving port must be TCP (or leave protocol unset)'));
      }
      if (port.name !== undefined && !['', 'h2c', 'http1'].includes(String(port.name))) {
        out.push(finding(join(p, 'name'), `port name ${describeValue(port.name)} is not allowed`,
          'the port name selects the protocol: leave it empty, or use "h2c" (HTTP/2, gRPC) or "http1"'));
      }
    });
    return out;
  }),
);

export const onePortRule = revisionRule(
  'serving/one-port',
  'exactly one container port across all containers when there are several containers (at most one otherwise); multi-container needs its flag; container names are unique',
  (t, ctx) => {
    const containers = arr(t.spec.containers).map(rec);
    const cpath = join(t.specPath, 'containers');
    const out: Finding[] = [];
    if (containers.length === 0) {
      return [finding(cpath, 'a revision needs a container', 'add one container with an image')];
    }
    const withPorts = containers.map((c, i) => [i, arr(c.ports).length] as const).filter(([, n]) => n > 0);
    const count = withPorts.reduce((s, [, n]) => s + n, 0);
    if (containers.length > 1) {
      out.push(...gatedField(cpath, true, ctx.config, 'multi-container', true));
      if (count === 0) {
        out.push(finding(cpath, `none of the ${containers.length} containers declares a port`,
          'declare ports: [{containerPort: N}] on the one container that serves requests'));
      }
    }
    if (count > 1) {
      for (const [i, n] of withPorts) {
        out.push(finding(join(join(cpath, i), 'ports'), `more than one container port is set (${count} in all, ${n} here)`,
          'only a single port is allowed across all containers: the serving container\'s'));
      }
    }
    const seen = new Map<string, number>();
    const all = [...containers, ...arr(t.spec.initContainers).map(rec)];
    all.forEach((c, i) => {
      const name = str(c.name) ?? '';
      // Knative names unnamed containers itself, avoiding the names in use.
      if (name === '') return;
      const p = i < containers.length ? join(join(cpath, i), 'name') : join(join(join(t.specPath, 'initContainers'), i - containers.length), 'name');
      if (seen.has(name)) {
        out.push(finding(p, `duplicate container name ${describeValue(name)}`, 'give every container a unique name'));
      }
      seen.set(name, i);
    });
    return out;
  },
);

// ---------------------------------------------------------------- probes

const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'];
const PROBE_FIELDS = [...PROBE_HANDLERS, 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/**
 * Checks one probe of a serving or sidecar container as Knative does after
 * its defaults: the serving container's readiness probe gets a tcpSocket
 * handler when it has none, and every readiness probe gets successThreshold 1
 * when it is 0, and failureThreshold 3 and timeoutSeconds 1 when they are 0
 * and periodSeconds is not.
 * @param portName the serving port's name ("http" when unnamed) for the
 * serving container; undefined for a sidecar, whose probe must name its port
 */
export function checkProbe(path: string, probe: Json, portName: string | undefined, readiness: boolean): Finding[] {
  const out = disallowedKeys(path, probe, PROBE_FIELDS, 'probe');
  const serving = portName !== undefined;
  const handlers = PROBE_HANDLERS.filter(h => probe[h] !== undefined);
  if (handlers.length === 0 && !(readiness && serving)) {
    out.push(finding(path, 'the probe has no handler', `set exactly one of ${PROBE_HANDLERS.join(', ')}`));
  } else if (handlers.length > 1) {
    out.push(finding(path, `the probe sets ${handlers.length} handlers (${handlers.join(', ')})`, `set exactly one of ${PROBE_HANDLERS.join(', ')}`));
  }
  for (const h of ['httpGet', 'tcpSocket']) {
    if (probe[h] === undefined) continue;
    const port = rec(probe[h]).port;
    if (serving && typeof port === 'string' && port !== '' && port !== portName) {
      out.push(finding(join(join(path, h), 'port'), `probe port ${describeValue(port)} does not match the container port name ${describeValue(portName)}`,
        'leave the probe port unset (Knative probes the serving port) or use the container port number'));
    } else if (!serving && (port === undefined || port === '' || port === 0)) {
      out.push(finding(join(join(path, h), 'port'), 'a sidecar\'s probe has no port', 'set the port the sidecar listens on (Knative only fills in the serving container\'s port)'));
    }
  }
  if (!readiness) {
    if (probe.successThreshold !== undefined && probe.successThreshold !== 1) {
      out.push(finding(join(path, 'successThreshold'), `${describeValue(probe.successThreshold)} is not allowed`, 'must be 1 for liveness and startup probes'));
    }
    return out;
  }
  const n = (k: string) => (isInt(probe[k]) ? probe[k] as number : 0);
  if (n('periodSeconds') < 0) out.push(finding(join(path, 'periodSeconds'), `${n('periodSeconds')} is out of range`, 'must be 0 or more'));
  if (n('initialDelaySeconds') < 0) out.push(finding(join(path, 'initialDelaySeconds'), `${n('initialDelaySeconds')} is out of range`, 'must be 0 or more'));
  // 0 (or unset) is defaulted to 1.
  if (n('successThreshold') < 0) {
    out.push(finding(join(path, 'successThreshold'), `${describeValue(probe.successThreshold)} is out of range`, 'must be 1 or more (0 or unset means 1)'));
  }
  if (n('periodSeconds') === 0) {
    for (const k of ['failureThreshold', 'timeoutSeconds']) {
      if (probe[k] !== undefined && probe[k] !== 0) {
        out.push(finding(join(path, k), `${k} is not allowed when periodSeconds is 0`,
          'periodSeconds 0 (the default) selects Knative\'s aggressive probing; set periodSeconds to use ' + k));
      }
    }
  } else {
    // 0 (or unset) is defaulted to Kubernetes' 3 and 1.
    for (const k of ['failureThreshold', 'timeoutSeconds']) {
      if (n(k) < 0) out.push(finding(join(path, k), `${describeValue(probe[k])} is out of range`, 'must be 1 or more (0 or unset takes Kubernetes\' default)'));
    }
  }
  return out;
}

const PROBE_KEYS = ['livenessProbe', 'readinessProbe', 'startupProbe'];

export const probesRule = revisionRule(
  'serving/probes',
  'probes set exactly one handler, name no other port than the serving port, readiness thresholds are in range; sidecar probes need multi-container-probing and a port',
  (t, ctx) => revisionContainers(t).filter(c => c.role !== 'init').flatMap(({ path, container, role }) => {
    const portName = str(rec(arr(container.ports)[0]).name) || 'http';
    const probing = featureFlag(ctx.config, 'multi-container-probing') === 'enabled';
    const out: Finding[] = [];
    for (const key of PROBE_KEYS) {
      const probe = container[key];
      if (!isRecord(probe)) continue;
      if (role === 'sidecar' && !probing) {
        // Without the flag a sidecar's probe may only be empty.
        out.push(...gatedField(join(path, key), Object.keys(probe).length > 0, ctx.config, 'multi-container-probing', true));
        continue;
      }
      out.push(...checkProbe(join(path, key), probe, role === 'serving' ? portName : undefined, key === 'readinessProbe'));
    }
    return out;
  }),
);

// ---------------------------------------------------------------- volumes

/** Volume sources Knative accepts and the flag each needs (undefined: always). */
export const VOLUME_SOURCES: Readonly<Record<string, string | undefined>> = {
  secret: undefined,
  configMap: undefined,
  projected: undefined,
  emptyDir: 'kubernetes.podspec-volumes-emptydir',
  persistentVolumeClaim: 'kubernetes.podspec-persistent-volume-claim',
  hostPath: 'kubernetes.podspec-volumes-hostpath',
  csi: 'kubernetes.podspec-volumes-csi',
  ephemeral: 'kubernetes.podspec-volumes-ephemeral',
  image: 'kubernetes.podspec-volumes-image',
};
const RESERVED_PATHS = ['/', '/dev', '/dev/log'];

export const volumesRule = revisionRule(
  'serving/volumes',
  'volumes are secret, configMap, projected, or behind flags emptyDir/persistentVolumeClaim/hostPath/csi; each is mounted, mounts are absolute, unique, read-only for secret/configMap/projected in init containers',
  (t, ctx) => {
    const out: Finding[] = [];
    const vpath = join(t.specPath, 'volumes');
    const volumes = new Map<string, Json>();
    const containers = revisionContainers(t);
    const mounted = new Set(containers.flatMap(c => arr(c.container.volumeMounts).map(m => String(rec(m).name))));
    arr(t.spec.volumes).forEach((raw, i) => {
      const p = join(vpath, i);
      const v = rec(raw);
      const name = str(v.name);
      if (!name || !isDns1123Label(name)) {
        out.push(finding(join(p, 'name'), `volume name ${describeValue(v.name)} is not a DNS-1123 label`, 'lower-case letters, digits and \'-\', at most 63 characters'));
      } else if (volumes.has(name)) {
        out.push(finding(join(p, 'name'), `duplicate volume name ${describeValue(name)}`, 'give every volume a unique name'));
      } else if (!mounted.has(name)) {
        out.push(finding(join(p, 'name'), `volume ${describeValue(name)} is not mounted`, 'mount it in a container (volumeMounts) or remove it'));
      }
      if (name) volumes.set(name, v);
      const sources = Object.keys(v).filter(k => k !== 'name');
      for (const s of sources) {
        if (!(s in VOLUME_SOURCES)) {
          out.push(finding(join(p, s), `${s} volumes are not allowed in Knative`, `use one of ${Object.keys(VOLUME_SOURCES).join(', ')} (some behind feature flags)`));
          continue;
        }
        const flag = VOLUME_SOURCES[s];
        if (flag) out.push(...gatedField(join(p, s), true, ctx.config, flag, true));
      }
      if (sources.length === 0) out.push(finding(p, 'the volume has no source', 'set one of secret, configMap, projected (or emptyDir)'));
      if (sources.length > 1) out.push(finding(p, `the volume sets ${sources.length} sources (${sources.join(', ')})`, 'set exactly one source'));
      const pvc = rec(v.persistentVolumeClaim);
      if (v.persistentVolumeClaim !== undefined && pvc.readOnly !== true) {
        out.push(...gatedField(join(join(p, 'persistentVolumeClaim'), 'readOnly'), true, ctx.config, 'kubernetes.podspec-persistent-volume-write', true));
      }
      const medium = rec(v.emptyDir).medium;
      if (medium !== undefined && medium !== '' && medium !== 'Memory') {
        out.push(finding(join(join(p, 'emptyDir'), 'medium'), `${describeValue(medium)} is not an emptyDir medium`, 'use "Memory" or leave it empty'));
      }
      arr(rec(v.projected).sources).forEach((src, j) => {
        const kinds = Object.keys(rec(src));
        if (kinds.length !== 1) {
          out.push(finding(join(join(join(p, 'projected'), 'sources'), j), `a projection sets ${kinds.length} sources`,
            'set exactly one of secret, configMap, serviceAccountToken, downwardAPI'));
        }
      });
    });
    for (const { path, container, role } of containers) {
      const seen = new Set<string>();
      arr(container.volumeMounts).forEach((raw, i) => {
        const p = join(join(path, 'volumeMounts'), i);
        const m = rec(raw);
        const vol = volumes.get(String(m.name));
        if (!vol) out.push(finding(join(p, 'name'), `volumeMount ${describeValue(m.name)} has no matching volume`, `declare it under ${vpath}`));
        const mp = str(m.mountPath);
        const clean = mp === undefined ? undefined : cleanPath(mp);
        if (!mp) {
          out.push(finding(join(p, 'mountPath'), 'mountPath is missing', 'set an absolute path'));
        } else if (RESERVED_PATHS.includes(clean!)) {
          out.push(finding(join(p, 'mountPath'), `mountPath ${describeValue(clean)} is a reserved path`, `do not mount over ${RESERVED_PATHS.join(', ')}`));
        } else if (!mp.startsWith('/')) {
          out.push(finding(join(p, 'mountPath'), `mountPath ${describeValue(mp)} is not absolute`, 'start it with /'));
        } else if (seen.has(clean!)) {
          out.push(finding(join(p, 'mountPath'), `mountPath ${describeValue(mp)} is mounted twice in this container`, 'use a unique mountPath per mount'));
        }
        if (clean) seen.add(clean);
        // Knative sets readOnly on the mounts of containers (not init containers) itself.
        if (role === 'init' && vol && vol.emptyDir === undefined && vol.persistentVolumeClaim === undefined && vol.ephemeral === undefined && m.readOnly !== true) {
          out.push(finding(join(p, 'readOnly'), 'an init container\'s mount of a secret/configMap/projected volume must be read-only',
            'set readOnly: true (Knative sets it for the other containers, not for init containers)'));
        }
        if (vol && rec(vol.persistentVolumeClaim).readOnly === true && m.readOnly !== true) {
          out.push(finding(join(p, 'readOnly'), 'the volume claim is read-only but its mount is not', 'set readOnly: true'));
        }
      });
    }
    return out;
  },
);

function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/') || (p.startsWith('/') ? '/' : '.');
}
