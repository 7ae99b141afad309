/**
 * The pod side of a Knative Service: sidecars, volume mounts, security
 * context, revision labels, and the traffic helpers (`canary()`).
 */
import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { Chart, Duration, Size } from 'cdk8s';
import { ContainerProps, ContainerSecurityProps, SeccompProfile, Service, Volume, VolumeMount } from '../../src/serving';
import { caseOf, FieldGen, modelled, ok, verdicts, weirdNumbers } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict, worst } from './harness';

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// ---------------------------------------------------------------- sidecars

interface RawSidecar { name?: string; image: string; port?: number }
const rawSidecar = (names: fc.Arbitrary<string | undefined>, images: fc.Arbitrary<string>, ports: fc.Arbitrary<number | undefined>) =>
  fc.record<RawSidecar>({ name: names, image: images, port: ports }, { requiredKeys: ['image'] });
const goodSidecarNames = fc.constantFrom(undefined, 'proxy', 'log-agent', 'otel1');
const anySidecarNames = fc.constantFrom(undefined, 'proxy', 'log-agent', 'Proxy', 'queue-proxy', 'user-container', 'a_b', '', 'x'.repeat(64));
const goodSidecarImages = fc.constantFrom('ghcr.io/acme/proxy:2', 'envoyproxy/envoy:v1.30');
const anySidecarImages = fc.constantFrom('ghcr.io/acme/proxy:2', '', ' ', 'a b');

export function sidecarsVerdict(sidecars: RawSidecar[]): Verdict {
  const out: Verdict[] = [];
  const names = ['user-container', ...sidecars.map((s, i) => s.name ?? `sidecar-${i}`)];
  for (const s of sidecars) {
    if (s.name !== undefined && !(DNS1123.test(s.name) && s.name.length <= 63)) out.push('bad');
    if (s.name === 'queue-proxy') out.push('bad');
    if (s.image.trim() === '' || /\s/.test(s.image)) out.push('bad');
    // only the serving container has a port
    if (s.port !== undefined) out.push('bad');
  }
  if (new Set(names).size !== names.length) out.push('bad');
  return worst(...out);
}
const sidecars = modelled(
  fc.array(rawSidecar(goodSidecarNames, goodSidecarImages, fc.constant(undefined)), { maxLength: 2 }),
  fc.array(rawSidecar(anySidecarNames, anySidecarImages, fc.constantFrom(undefined, undefined, 9000)), { maxLength: 3 }),
  sidecarsVerdict,
);

// ---------------------------------------------------------------- volume mounts

type VolumeKind = 'emptyDir' | 'secret' | 'configMap' | 'pvc';
interface RawMount { path: string; kind: VolumeKind; volumeName: string; readOnly?: boolean }
const goodPaths = fc.constantFrom('/data', '/etc/config', '/cache/x', '/var/lib/app', '/tmp/app', '/workspace');
const anyPaths = fc.constantFrom('/data', '/etc/config', 'relative', '/', '/dev', '/dev/log', '/tmp', '/tmp/', '/var', '/var/log', '//');
const rawMount = (paths: fc.Arbitrary<string>, names: fc.Arbitrary<string>, readOnly: fc.Arbitrary<boolean | undefined>) =>
  fc.record<RawMount>({ path: paths, kind: fc.constantFrom<VolumeKind>('emptyDir', 'secret', 'configMap', 'pvc'), volumeName: names, readOnly },
    { requiredKeys: ['path', 'kind', 'volumeName'] });

const RESERVED_MOUNTS = ['/', '/dev', '/dev/log', '/tmp', '/var', '/var/log'];
export function mountsVerdict(mounts: RawMount[]): Verdict {
  const out: Verdict[] = [];
  for (const m of mounts) {
    if (!m.path.startsWith('/')) out.push('bad');
    if (RESERVED_MOUNTS.includes(m.path.replace(/\/+$/, '') || '/')) out.push('bad');
    if (m.readOnly === false && (m.kind === 'secret' || m.kind === 'configMap')) out.push('bad');
    if (!(DNS1123.test(m.volumeName) && m.volumeName.length <= 63)) out.push('either');
  }
  if (new Set(mounts.map(m => m.path)).size !== mounts.length) out.push('bad');
  // one volume per name: two mounts of one name are two volumes here (each mount makes its own)
  if (new Set(mounts.map(m => m.volumeName)).size !== mounts.length) out.push('bad');
  return worst(...out);
}
const mounts = modelled(
  fc.uniqueArray(rawMount(goodPaths, fc.constantFrom('data', 'config', 'cache'), fc.constantFrom(undefined, true)), {
    maxLength: 2, selector: m => m.path,
  }).map(ms => ms.filter((m, i) => ms.findIndex(o => o.volumeName === m.volumeName) === i)),
  fc.array(rawMount(anyPaths, fc.constantFrom('data', 'config', 'Bad_Name'), fc.constantFrom(undefined, true, false)), { maxLength: 3 }),
  mountsVerdict,
);

function makeMount(chart: Chart, m: RawMount, i: number): VolumeMount {
  let volume: Volume;
  switch (m.kind) {
    case 'emptyDir':
      volume = Volume.fromEmptyDir(m.volumeName);
      break;
    case 'secret':
      volume = Volume.fromSecret(m.volumeName, kplus.Secret.fromSecretName(chart, `Secret${i}`, 'app-secret'));
      break;
    case 'configMap':
      volume = Volume.fromConfigMap(m.volumeName, kplus.ConfigMap.fromConfigMapName(chart, `ConfigMap${i}`, 'app-config'));
      break;
    case 'pvc':
      volume = Volume.fromPersistentVolumeClaim(m.volumeName, 'app-data');
      break;
  }
  return { path: m.path, volume, readOnly: m.readOnly };
}

// ---------------------------------------------------------------- security context

const ids = fc.oneof(fc.integer({ min: 1, max: 65534 }), fc.constant(2147483647));
const anyIds = fc.oneof(ids, fc.constantFrom(0, -1, 2147483648), weirdNumbers);
interface RawSecurity extends ContainerSecurityProps { capability?: 'NET_BIND_SERVICE' | 'SYS_ADMIN' }
const security = (users: fc.Arbitrary<number>, caps: fc.Arbitrary<RawSecurity['capability']>) => fc.record<RawSecurity>({
  runAsNonRoot: fc.boolean(),
  runAsUser: users,
  runAsGroup: users,
  readOnlyRootFilesystem: fc.boolean(),
  allowPrivilegeEscalation: fc.boolean(),
  dropAllCapabilities: fc.boolean(),
  seccompProfile: fc.constantFrom(SeccompProfile.RUNTIME_DEFAULT, SeccompProfile.UNCONFINED),
  capability: caps,
}, { requiredKeys: [] });

export function securityVerdict(s: RawSecurity | undefined): Verdict {
  if (!s) return 'ok';
  const out: Verdict[] = [];
  for (const id of [s.runAsUser, s.runAsGroup]) {
    if (id !== undefined && !(Number.isInteger(id) && id >= 0 && id <= 2147483647)) out.push('bad');
  }
  if (s.runAsUser === 0 && s.runAsNonRoot !== false) out.push('bad');
  if (s.capability === 'SYS_ADMIN') out.push('bad');
  return worst(...out);
}
const securityContext = modelled(
  fc.option(security(ids, fc.constantFrom(undefined, 'NET_BIND_SERVICE' as const)), { nil: undefined }),
  fc.option(security(anyIds, fc.constantFrom(undefined, 'NET_BIND_SERVICE' as const, 'SYS_ADMIN' as const)), { nil: undefined }),
  securityVerdict,
);

// ---------------------------------------------------------------- labels and canary

const labelValue = fc.oneof(fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,20}[a-z0-9])?$/), fc.constant(''));
// fast-check draws some records without prototype (BUG-12, fixed: they used to crash synth)
const revisionLabels: FieldGen<Record<string, string> | undefined> = modelled(
  fc.option(fc.dictionary(fc.constantFrom('app', 'team', 'example.com/tier'), labelValue, { maxKeys: 2 }), { nil: undefined }),
  fc.option(fc.dictionary(fc.constantFrom('app', 'team'), fc.oneof(labelValue, fc.constant('x'.repeat(64))), { maxKeys: 2 }), { nil: undefined }),
  labels => (Object.values(labels ?? {}).some(v => v.length > 63) ? 'bad' : 'ok'),
);

interface RawCanary { stable: string; percent: number }
const canary = modelled(
  fc.option(fc.record<RawCanary>({ stable: fc.constantFrom('hello-00001', 'hello-v1'), percent: fc.integer({ min: 0, max: 100 }) }), { nil: undefined }),
  fc.option(fc.record<RawCanary>({
    stable: fc.constantFrom('hello-00001', 'Hello-1', '', '-x'),
    percent: fc.oneof(fc.integer({ min: -5, max: 105 }), weirdNumbers),
  }), { nil: undefined }),
  c => (!c ? 'ok' : worst(
    Number.isInteger(c.percent) && c.percent >= 0 && c.percent <= 100 ? 'ok' : 'bad',
    DNS1123.test(c.stable) ? 'ok' : 'bad',
  )),
);

// ---------------------------------------------------------------- probes and resources

interface RawProbe {
  handler: 'http' | 'tcp' | 'command';
  port?: number;
  period?: number;
  timeout?: number;
  initialDelay?: number;
  failureThreshold?: number;
  successThreshold?: number;
}
const rawProbe = fc.record<RawProbe>({
  handler: fc.constantFrom('http', 'tcp', 'command'),
  port: fc.constantFrom(8080, 9999),
  period: fc.constantFrom(0, 1, 10),
  timeout: fc.constantFrom(0, 1, 5),
  initialDelay: fc.constantFrom(0, 5),
  failureThreshold: fc.constantFrom(0, 1, 3),
  successThreshold: fc.constantFrom(0, 1, 2),
}, { requiredKeys: ['handler'] });
/** The model leaves probes to the core property: Kubernetes and Knative rules on them are many and interlocked. */
const probes = modelled(
  fc.record({ liveness: rawProbe, readiness: rawProbe, startup: rawProbe }, { requiredKeys: [] }),
  fc.record({ liveness: rawProbe, readiness: rawProbe, startup: rawProbe }, { requiredKeys: [] }),
  p => (Object.keys(p).length === 0 ? 'ok' : 'either'),
);
function makeProbe(p: RawProbe | undefined): kplus.Probe | undefined {
  if (!p) return undefined;
  const seconds = (n: number | undefined) => (n === undefined ? undefined : Duration.seconds(n));
  const options = {
    periodSeconds: seconds(p.period), timeoutSeconds: seconds(p.timeout), initialDelaySeconds: seconds(p.initialDelay),
    failureThreshold: p.failureThreshold, successThreshold: p.successThreshold,
  };
  switch (p.handler) {
    case 'http':
      return kplus.Probe.fromHttpGet('/healthz', { ...options, port: p.port });
    case 'tcp':
      return kplus.Probe.fromTcpSocket({ ...options, port: p.port });
    case 'command':
      return kplus.Probe.fromCommand(['cat', '/tmp/ready'], options);
  }
}

interface RawResources { cpuRequest?: number; cpuLimit?: number; memRequest?: number; memLimit?: number }
const resources = modelled(
  fc.option(fc.record<RawResources>({
    cpuRequest: fc.constantFrom(100, 250), cpuLimit: fc.constantFrom(500, 1000), memRequest: fc.constantFrom(64, 128), memLimit: fc.constantFrom(256, 512),
  }, { requiredKeys: [] }), { nil: undefined }),
  fc.option(fc.record<RawResources>({
    cpuRequest: fc.constantFrom(0, 100, 2000), cpuLimit: fc.constantFrom(0, 500, 1000), memRequest: fc.constantFrom(0, 64, 1024), memLimit: fc.constantFrom(0, 256),
  }, { requiredKeys: [] }), { nil: undefined }),
  // a request above its limit is rejected by Kubernetes; zero quantities are unusual but allowed
  r => (!r ? 'ok' : worst(
    r.cpuRequest !== undefined && r.cpuLimit !== undefined && r.cpuRequest > r.cpuLimit ? 'either' : 'ok',
    r.memRequest !== undefined && r.memLimit !== undefined && r.memRequest > r.memLimit ? 'either' : 'ok',
    Object.values(r).includes(0) ? 'either' : 'ok',
  )),
);
function makeResources(r: RawResources | undefined): kplus.ContainerResources | undefined {
  if (!r) return undefined;
  const cpu = r.cpuRequest !== undefined || r.cpuLimit !== undefined
    ? { request: r.cpuRequest === undefined ? undefined : kplus.Cpu.millis(r.cpuRequest), limit: r.cpuLimit === undefined ? undefined : kplus.Cpu.millis(r.cpuLimit) }
    : undefined;
  const memory = r.memRequest !== undefined || r.memLimit !== undefined
    ? { request: r.memRequest === undefined ? undefined : Size.mebibytes(r.memRequest), limit: r.memLimit === undefined ? undefined : Size.mebibytes(r.memLimit) }
    : undefined;
  return { cpu, memory };
}

// ---------------------------------------------------------------- the property

const podCase = caseOf({
  sidecars, mounts, securityContext, revisionLabels, canary, probes, resources,
  imagePullPolicy: { good: ok(fc.constantFrom(undefined, kplus.ImagePullPolicy.ALWAYS, kplus.ImagePullPolicy.IF_NOT_PRESENT)), any: ok(fc.constant(undefined)) },
});


const RUNS = runsFor(0.1);

describe('property: Knative Service pod props (sidecars, volumes, security context, labels, canary)', () => {
  test(`${RUNS} generated Services either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(podCase, c => {
      const fields: Record<string, Verdict> = verdicts(c, {
        sidecars: 'sidecars', mounts: 'container.volumeMounts', securityContext: 'container.securityContext',
        revisionLabels: 'revisionLabels', canary: 'canary', imagePullPolicy: 'container.imagePullPolicy',
        probes: 'container.probes', resources: 'container.resources',
      });
      // each probe is named after its prop
      fields['container.liveness'] = fields['container.readiness'] = fields['container.startup'] = fields['container.probes'];
      // the volume mounts are collected from every container under this name
      fields.volumeMounts = fields['container.volumeMounts'];
      // a canary's stable revision is a traffic target
      fields.traffic = fields.canary;
      // the target cluster enables what these cases use and a stock install gates: PVC volumes and NET_BIND_SERVICE
      const features: Record<string, string> = {};
      if (c.mounts.value.some(m => m.kind === 'pvc')) features['kubernetes.podspec-persistent-volume-claim'] = 'enabled';
      // a PVC volume that is not read-only (the claim's readOnly is not set) also needs the write flag
      if (c.mounts.value.some(m => m.kind === 'pvc')) features['kubernetes.podspec-persistent-volume-write'] = 'enabled';
      if (c.securityContext.value?.capability) features['kubernetes.containerspec-addcapabilities'] = 'enabled';
      return checkCase(fields, chart => {
        const s = c.securityContext.value;
        const container: ContainerProps = {
          image: 'ghcr.io/acme/app:1.0',
          imagePullPolicy: c.imagePullPolicy.value,
          liveness: makeProbe(c.probes.value.liveness),
          readiness: makeProbe(c.probes.value.readiness),
          startup: makeProbe(c.probes.value.startup),
          resources: makeResources(c.resources.value),
          volumeMounts: c.mounts.value.map((m, i) => makeMount(chart, m, i)),
          securityContext: s && { ...s, addCapabilities: s.capability ? [s.capability] : undefined },
        };
        const svc = new Service(chart, 'Svc', {
          metadata: { name: 'hello' },
          container,
          sidecars: c.sidecars.value.map(x => ({ name: x.name, image: x.image, port: x.port })),
          revisionLabels: c.revisionLabels.value,
        });
        if (c.canary.value) svc.canary(c.canary.value.stable, c.canary.value.percent);
      }, features);
    }, RUNS);
  }, timeoutFor(RUNS));
});
