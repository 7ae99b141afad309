import { IConstruct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import { k8s } from 'cdk8s-plus-27';
import { check, checkIntegerRange, checkValue, checkDns1123Label, isImageReference, noneOfPattern, tokenAwareString } from '../core';
import { constrainAtInstall, plainValue, ValueRule } from '../core/install-values';
import { SECRET_CHART_VALUE_FIX, secretTokenPaths } from '../core/secret-tokens';
import { dropUndefined } from '../core/json';
import { Volume } from './volume';

/**
 * The protocol of the serving port, written as the port's name: Knative
 * negotiates HTTP/1 or HTTP/2 cleartext from it.
 * @see https://knative.dev/docs/serving/services/http-protocol/
 */
export enum PortProtocol {
  /** HTTP/1.1 (Knative's default). */
  HTTP1 = 'http1',
  /** HTTP/2 without TLS, for gRPC and other HTTP/2 servers. */
  H2C = 'h2c',
}

/** The seccomp profile a container runs with. */
export enum SeccompProfile {
  /** The container runtime's default profile (what the restricted Pod Security Standard asks for). */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. */
  UNCONFINED = 'Unconfined',
}

/**
 * The security settings of a container. The defaults are the hardened ones
 * Knative accepts (the Kubernetes "restricted" profile), with a non-root
 * user and group as cdk8s-plus sets them (25000/26000), so that images whose
 * `USER` is root (most public images) still start. What the defaults break,
 * and the opt-out per container:
 * - an image that needs to run as root: `runAsNonRoot: false` (then no user
 *   is set and the image's `USER` applies);
 * - an image that needs its own user id (files owned by it):
 *   `runAsUser`/`runAsGroup` with that id;
 * - an image that writes into its own folders (caches, PID or lock files,
 *   `npm`/`pip` at start-up): mount an emptyDir there (or at `/tmp` and set
 *   `HOME=/tmp`), or `readOnlyRootFilesystem: false`;
 * - an image that binds a port below 1024: use a higher port (Knative's default is 8080).
 * @see https://knative.dev/docs/serving/configuration/secure-pod-defaults/
 */
export interface ContainerSecurityProps {
  /**
   * Refuse to start the container as root.
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * The user id to run as. The default is a non-root user as in
   * cdk8s-plus, so the container starts whatever the image's `USER`; files
   * the image owns under another user may then not be writable.
   * @default 25000, or the image's user when `runAsNonRoot` is false
   */
  readonly runAsUser?: number;
  /**
   * The group id to run as.
   * @default 26000, or the image's group when `runAsNonRoot` is false
   */
  readonly runAsGroup?: number;
  /**
   * Mount the container's root filesystem read-only. It breaks images that
   * write into their own folders at start-up or at run time (caches, PID
   * files, package managers). An app that writes
   * scratch files can keep this on and mount an emptyDir where it writes, e.g.
   * `volumeMounts: [{ path: '/tmp', volume: Volume.fromEmptyDir('tmp') }]`
   * (Knative enables emptyDir volumes by default).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Allow a process to gain more privileges than its parent.
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Drop every Linux capability.
   * @default true
   */
  readonly dropAllCapabilities?: boolean;
  /**
   * Capabilities to add back. Knative accepts them with the
   * `kubernetes.containerspec-addcapabilities` feature flag; without it, only
   * `NET_BIND_SERVICE` and only when `secure-pod-defaults` is on (synth
   * validation checks this against the target cluster's flags).
   * @default - none
   */
  readonly addCapabilities?: string[];
  /**
   * The seccomp profile.
   * @default SeccompProfile.RUNTIME_DEFAULT
   */
  readonly seccompProfile?: SeccompProfile;
}

/** A volume mounted into a container. */
export interface VolumeMount {
  /** Absolute path in the container. Knative reserves `/`, `/dev` and `/dev/log`. */
  readonly path: string;
  /** The volume to mount. */
  readonly volume: Volume;
  /**
   * Mount it read-only. Knative requires Secret, ConfigMap and projected volumes to be read-only.
   * @default - true for Secret, ConfigMap and projected volumes, false otherwise
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

/**
 * A container of a Knative Revision.
 * @see https://knative.dev/docs/serving/services/
 */
export interface ContainerProps {
  /** The image, e.g. `ghcr.io/knative/helloworld-go:latest` or pinned by digest. */
  readonly image: string;
  /**
   * The container name.
   * @default 'user-container' for the serving container, `sidecar-<n>` for sidecars
   */
  readonly name?: string;
  /**
   * Entrypoint (replaces the image's ENTRYPOINT).
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments (replace the image's CMD).
   * @default - the image's arguments
   */
  readonly args?: string[];
  /**
   * Working directory.
   * @default - the image's working directory
   */
  readonly workingDir?: string;
  /**
   * The port the app listens on; Knative passes it as `$PORT`. Only the
   * serving container has one.
   * @default - Knative's default, 8080 (written explicitly when the revision has sidecars)
   */
  readonly port?: number;
  /**
   * The protocol spoken on `port`.
   * @default - HTTP/1 (Knative's default; no port name is written)
   */
  readonly portProtocol?: PortProtocol;
  /**
   * Environment variables: literals (`EnvValue.fromValue`), Secret keys
   * (`EnvValue.fromSecretValue`), ConfigMap keys (`EnvValue.fromConfigMap`)...
   * `PORT`, `K_SERVICE`, `K_CONFIGURATION` and `K_REVISION` are set by Knative.
   * @default - none
   */
  readonly envVariables?: { [name: string]: kplus.EnvValue };
  /**
   * Whole Secrets or ConfigMaps as environment variables.
   * @default - none
   */
  readonly envFrom?: kplus.EnvFrom[];
  /**
   * CPU and memory requests and limits.
   * @default - the cluster's defaults (config-defaults)
   */
  readonly resources?: kplus.ContainerResources;
  /**
   * Liveness probe.
   * @default - none (Knative's queue-proxy still checks the port)
   */
  readonly liveness?: kplus.Probe;
  /**
   * Readiness probe.
   * @default - Knative's default TCP check of the serving port
   */
  readonly readiness?: kplus.Probe;
  /**
   * Startup probe.
   * @default - none
   */
  readonly startup?: kplus.Probe;
  /**
   * Volumes to mount.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];
  /**
   * When to pull the image.
   * @default - Kubernetes' default for the image (Knative resolves tags to digests)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;
  /**
   * Security settings; unset fields keep the hardened defaults.
   * @default - run as non-root, read-only root filesystem, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault
   */
  readonly securityContext?: ContainerSecurityProps;
}

/** Ports Knative's queue-proxy and system components use inside every Revision pod. */
export const RESERVED_PORTS: readonly number[] = [8008, 8012, 8013, 8022, 9090, 9091];
/** Environment variables Knative sets in the serving container. */
export const RESERVED_ENV_VARS: readonly string[] = ['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];
/** Paths Knative does not let volumes be mounted at. */
export const RESERVED_MOUNT_PATHS: readonly string[] = ['/', '/dev', '/dev/log'];
/** The user a container runs as by default (cdk8s-plus's choice: above the ids images and distributions use). */
export const DEFAULT_RUN_AS_USER = 25000;
/** The group a container runs as by default (cdk8s-plus's choice). */
export const DEFAULT_RUN_AS_GROUP = 26000;
/** Knative's default serving port. */
export const DEFAULT_PORT = 8080;

/**
 * Image references as far as a pattern tells (the default is checked in full):
 * `[registry/]repository[:tag][@sha256:digest]`.
 */
const IMAGE_RULE: ValueRule = {
  pattern: '^([^/@ ]*[.:][^/@ ]*/)?[a-z0-9_./-]{2,255}(:[A-Za-z0-9_.-]{1,128})?(@sha256:[a-f0-9]{64})?$',
  allowed: 'must be an image reference [registry[:port]/]repository[:tag][@sha256:digest] with a lower-case repository of at least 2 characters, e.g. "ghcr.io/org/app:1.0"',
};

const ABSOLUTE_PATH_RULE: ValueRule = { pattern: '^/', allowed: 'must be an absolute path' };

/** The name of Knative's own sidecar, which a container cannot take. */
const QUEUE_PROXY = 'queue-proxy';

/** The install rules of the reserved names, ports and mount paths, built on first use (see {@link reservedRules}). */
let reservedRulesCache: { readonly name: ValueRule; readonly port: ValueRule; readonly mountPath: ValueRule } | undefined;

/**
 * The rules of the names, ports and mount paths Knative reserves, as chart
 * value rules: built once, on first use (not when the module loads), then
 * shared by every container.
 */
function reservedRules(): NonNullable<typeof reservedRulesCache> {
  return reservedRulesCache ??= {
    name: { pattern: noneOfPattern([QUEUE_PROXY]), allowed: `"${QUEUE_PROXY}" is reserved by Knative` },
    // a number value gets a pattern through its decimal text
    port: { pattern: noneOfPattern(RESERVED_PORTS.map(String)), allowed: `ports ${RESERVED_PORTS.join(', ')} are reserved by Knative` },
    // at install, the reserved paths with at most one trailing "/" (and "//")
    mountPath: {
      pattern: noneOfPattern([...RESERVED_MOUNT_PATHS, ...RESERVED_MOUNT_PATHS.map(p => `${p}/`)]),
      allowed: `${RESERVED_MOUNT_PATHS.join(', ')} are reserved by Knative`,
    },
  };
}

const READ_ONLY_VOLUME_TYPES = new Set(['secret', 'configMap', 'projected']);

/** Whether a container serves traffic (has the port) or runs beside it. */
type ContainerRole = 'serving' | 'sidecar';

/**
 * Renders container props into the Kubernetes container shape Knative takes,
 * checking each prop. `field` names the prop path in error messages.
 * @internal
 */
export function renderContainer(scope: IConstruct, props: ContainerProps, field: string, role: ContainerRole, defaultName: string, explicitPort: boolean): Record<string, unknown> {
  const f = (name: string) => `${field}.${name}`;
  // the checks read what plain synth writes (a chart value's default); the output keeps the values as given
  checkValue(scope, f('image'), props.image, IMAGE_RULE, v => typeof v === 'string' && isImageReference(v));
  check(typeof props.image === 'string', scope, f('image'), props.image, IMAGE_RULE.allowed);
  const name = props.name ?? defaultName;
  checkDns1123Label(scope, f('name'), name);
  checkValue(scope, f('name'), name, reservedRules().name, plain => typeof plain === 'string' && plain !== QUEUE_PROXY);

  let port: number | undefined;
  if (role === 'sidecar') {
    check(props.port === undefined, scope, f('port'), props.port, 'only the serving container has a port; remove it from the sidecar');
    check(props.portProtocol === undefined, scope, f('portProtocol'), props.portProtocol, 'only the serving container has a port protocol');
  } else {
    checkIntegerRange(scope, f('port'), props.port, 1, 65535);
    const plainPort = plainValue(scope, props.port);
    const reserved = reservedRules().port;
    check(plainPort === undefined || !RESERVED_PORTS.includes(plainPort), scope, f('port'), plainPort, reserved.allowed);
    // a number value gets a pattern through its decimal text (a template fail)
    if (props.port !== undefined) constrainAtInstall(scope, f('port'), tokenAwareString(props.port), reserved);
    port = props.port ?? (explicitPort || props.portProtocol ? DEFAULT_PORT : undefined);
  }

  const env = renderEnv(scope, props.envVariables, f('envVariables'), role);
  const mounts = (props.volumeMounts ?? []).map((m, i) => renderMount(scope, m, `${f('volumeMounts')}[${i}]`));
  checkUnique(scope, f('volumeMounts'), mounts.map(m => m.mountPath as string), 'each mount path once');

  const probe = (p: kplus.Probe | undefined, kind: ProbeKind) => p
    ? checkProbe(scope, p, k8s.toJson_Probe(p._toKube({ portNumber: port ?? DEFAULT_PORT } as unknown as kplus.Container)) ?? {}, f(kind), kind)
    : undefined;

  return dropUndefined({
    name,
    image: props.image,
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    imagePullPolicy: props.imagePullPolicy,
    ports: port !== undefined ? [dropUndefined({ containerPort: port, name: props.portProtocol })] : undefined,
    env,
    envFrom: props.envFrom && props.envFrom.length > 0 ? props.envFrom.map(e => k8s.toJson_EnvFromSource(e._toKube())) : undefined,
    resources: renderResources(props.resources),
    livenessProbe: probe(props.liveness, 'liveness'),
    readinessProbe: probe(props.readiness, 'readiness'),
    startupProbe: probe(props.startup, 'startup'),
    securityContext: renderSecurityContext(scope, props.securityContext ?? {}, f('securityContext')),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
  });
}

type ProbeKind = 'liveness' | 'readiness' | 'startup';

/**
 * Knative's and Kubernetes' probe rules. A readiness probe without
 * periodSeconds (or with 0) makes Knative probe aggressively, and then
 * failureThreshold and timeoutSeconds are not allowed: cdk8s-plus always
 * writes failureThreshold 3, so that default is dropped, a user's value is
 * rejected. Liveness and startup probes need successThreshold 1.
 */
function checkProbe(scope: IConstruct, p: kplus.Probe, json: Record<string, any>, field: string, kind: ProbeKind): Record<string, any> {
  const userSet = (p as unknown as { probeOptions?: Record<string, unknown> }).probeOptions ?? {};
  if (kind === 'readiness' && !json.periodSeconds) {
    check(userSet.failureThreshold === undefined, scope, `${field}.failureThreshold`, json.failureThreshold,
      'not allowed when periodSeconds is unset or 0 (Knative\'s aggressive readiness probing); set periodSeconds to use it');
    check(json.timeoutSeconds === undefined, scope, `${field}.timeoutSeconds`, json.timeoutSeconds,
      'not allowed when periodSeconds is unset or 0 (Knative\'s aggressive readiness probing); set periodSeconds to use it');
    checkIntegerRange(scope, `${field}.successThreshold`, json.successThreshold, 1);
    const { failureThreshold: _default, ...rest } = json;
    json = rest;
  } else {
    for (const key of ['timeoutSeconds', 'failureThreshold', 'successThreshold']) {
      checkIntegerRange(scope, `${field}.${key}`, json[key], 1);
    }
  }
  if (kind !== 'readiness' && json.successThreshold !== undefined) {
    check(json.successThreshold === 1, scope, `${field}.successThreshold`, json.successThreshold, `must be 1 for a ${kind} probe`);
  }
  return json;
}

/** The volumes the containers mount, once each, in the order first mounted. @internal */
export function collectVolumes(scope: IConstruct, containers: ContainerProps[], field: string): Record<string, unknown>[] | undefined {
  const byName = new Map<string, Volume>();
  for (const c of containers) {
    for (const m of c.volumeMounts ?? []) {
      const seen = byName.get(m.volume.name);
      check(seen === undefined || seen === m.volume, scope, field, m.volume.name,
        'each volume name must stand for one volume; give different volumes different names');
      byName.set(m.volume.name, m.volume);
    }
  }
  return byName.size > 0 ? [...byName.values()].map(v => v._toJson()) : undefined;
}

function renderEnv(scope: IConstruct, vars: { [name: string]: kplus.EnvValue } | undefined, field: string, role: ContainerRole): Record<string, unknown>[] | undefined {
  if (!vars || Object.keys(vars).length === 0) return undefined;
  const reserved = role === 'serving' ? RESERVED_ENV_VARS : RESERVED_ENV_VARS.filter(v => v !== 'PORT');
  return Object.keys(vars).map(name => {
    check(name.length > 0 && !/[=\s]/.test(name), scope, `${field}.${name}`, name, 'must be a non-empty name without "=" or spaces');
    check(!reserved.includes(name), scope, `${field}.${name}`, name, `${reserved.join(', ')} are set by Knative and cannot be overridden`);
    const value = vars[name];
    const secrets = secretTokenPaths(scope, value?.value);
    check(secrets.length === 0, scope, `${field}.${name}`, `<secret chart value ${secrets[0]}>`,
      `a secret chart value must not be a plain env value, which anyone who can read the Service reads: ${SECRET_CHART_VALUE_FIX}`);
    return k8s.toJson_EnvVar({ name, value: value.value, valueFrom: value.valueFrom }) as Record<string, unknown>;
  });
}

function renderMount(scope: IConstruct, mount: VolumeMount, field: string): Record<string, unknown> {
  checkDns1123Label(scope, `${field}.volume.name`, mount.volume.name);
  checkValue(scope, `${field}.path`, mount.path, ABSOLUTE_PATH_RULE);
  const path = plainValue(scope, mount.path);
  const reserved = reservedRules().mountPath;
  check(!RESERVED_MOUNT_PATHS.includes(path.replace(/(?<!\/)\/+$/, '') || '/'), scope, `${field}.path`, path, reserved.allowed);
  constrainAtInstall(scope, `${field}.path`, mount.path, reserved);
  const mustBeReadOnly = READ_ONLY_VOLUME_TYPES.has(mount.volume.volumeType);
  check(!(mustBeReadOnly && mount.readOnly === false), scope, `${field}.readOnly`, mount.readOnly,
    `Knative requires ${mount.volume.volumeType} volumes to be mounted read-only`);
  return dropUndefined({
    name: mount.volume.name,
    mountPath: mount.path,
    readOnly: mount.readOnly ?? (mustBeReadOnly ? true : undefined),
    subPath: mount.subPath,
  });
}

function renderResources(resources: kplus.ContainerResources | undefined): Record<string, unknown> | undefined {
  if (!resources) return undefined;
  const limits: Record<string, string> = {};
  const requests: Record<string, string> = {};
  if (resources.cpu?.limit) limits.cpu = resources.cpu.limit.amount;
  if (resources.cpu?.request) requests.cpu = resources.cpu.request.amount;
  if (resources.memory?.limit) limits.memory = `${resources.memory.limit.toMebibytes()}Mi`;
  if (resources.memory?.request) requests.memory = `${resources.memory.request.toMebibytes()}Mi`;
  if (resources.ephemeralStorage?.limit) limits['ephemeral-storage'] = `${resources.ephemeralStorage.limit.toMebibytes()}Mi`;
  if (resources.ephemeralStorage?.request) requests['ephemeral-storage'] = `${resources.ephemeralStorage.request.toMebibytes()}Mi`;
  return dropUndefined({
    limits: Object.keys(limits).length > 0 ? limits : undefined,
    requests: Object.keys(requests).length > 0 ? requests : undefined,
  });
}

function renderSecurityContext(scope: IConstruct, props: ContainerSecurityProps, field: string): Record<string, unknown> {
  checkIntegerRange(scope, `${field}.runAsUser`, props.runAsUser, 0, 2147483647);
  checkIntegerRange(scope, `${field}.runAsGroup`, props.runAsGroup, 0, 2147483647);
  if (props.runAsNonRoot !== false) {
    checkValue(scope, `${field}.runAsUser`, props.runAsUser, { integer: true, minimum: 1, allowed: 'user 0 is root; set runAsNonRoot: false to run as root' });
  }
  const drop = props.dropAllCapabilities ?? true;
  const add = props.addCapabilities && props.addCapabilities.length > 0 ? [...props.addCapabilities] : undefined;
  const nonRoot = props.runAsNonRoot ?? true;
  return dropUndefined({
    runAsNonRoot: nonRoot,
    runAsUser: props.runAsUser ?? (nonRoot ? DEFAULT_RUN_AS_USER : undefined),
    runAsGroup: props.runAsGroup ?? (nonRoot ? DEFAULT_RUN_AS_GROUP : undefined),
    readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
    allowPrivilegeEscalation: props.allowPrivilegeEscalation ?? false,
    capabilities: drop || add ? dropUndefined({ drop: drop ? ['ALL'] : undefined, add }) : undefined,
    seccompProfile: { type: props.seccompProfile ?? SeccompProfile.RUNTIME_DEFAULT },
  });
}

function checkUnique(scope: IConstruct, field: string, values: string[], allowed: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    check(!seen.has(v), scope, field, v, `duplicate; ${allowed}`);
    seen.add(v);
  }
}
