import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ContainerProps, PortProtocol, ProjectedSource, SeccompProfile, Service, Volume } from '../../src/serving';
import { Validation } from '../../src/validation';

function containerOf(props: ContainerProps, sidecars: ContainerProps[] = []) {
  const chart = Testing.chart();
  new Service(chart, 'Svc', { metadata: { name: 'svc' }, container: props, sidecars });
  const obj = Testing.synth(chart).find(o => o.kind === 'Service');
  return obj.spec.template.spec;
}

describe('serving container', () => {
  test('writes command, args, working dir, port with protocol and pull policy', () => {
    const c = containerOf({
      image: 'img', name: 'app', command: ['/bin/app'], args: ['--serve'], workingDir: '/app',
      port: 9000, portProtocol: PortProtocol.H2C, imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    }).containers[0];
    expect(c).toMatchObject({
      name: 'app', image: 'img', command: ['/bin/app'], args: ['--serve'], workingDir: '/app',
      ports: [{ containerPort: 9000, name: 'h2c' }], imagePullPolicy: 'IfNotPresent',
    });
  });

  test('a port protocol without a port writes Knative\'s default port', () => {
    expect(containerOf({ image: 'img', portProtocol: PortProtocol.HTTP1 }).containers[0].ports).toEqual([{ containerPort: 8080, name: 'http1' }]);
  });

  test('env from literals, Secret keys and ConfigMap keys; envFrom', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'db');
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'C', 'settings');
    new Service(chart, 'Svc', {
      metadata: { name: 'svc' },
      container: {
        image: 'img',
        envVariables: {
          MODE: kplus.EnvValue.fromValue('prod'),
          PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }),
          COLOR: kplus.EnvValue.fromConfigMap(cm, 'color'),
        },
        envFrom: [kplus.Env.fromSecret(secret), kplus.Env.fromConfigMap(cm, 'CFG_')],
      },
    });
    const c = Testing.synth(chart).find(o => o.kind === 'Service').spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'settings', key: 'color' } } },
    ]);
    expect(c.envFrom).toEqual([{ secretRef: { name: 'db' } }, { configMapRef: { name: 'settings' }, prefix: 'CFG_' }]);
  });

  test('resources from Cpu and Size', () => {
    const c = containerOf({
      image: 'img',
      resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1) } },
    }).containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '1024Mi' } });
  });

  test('liveness, readiness and startup probes', () => {
    const c = containerOf({
      image: 'img', port: 8080,
      liveness: kplus.Probe.fromHttpGet('/healthz'),
      readiness: kplus.Probe.fromTcpSocket(),
      startup: kplus.Probe.fromCommand(['cat', '/ready']),
    }).containers[0];
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8080 } });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 8080 } });
    expect(c.startupProbe).toMatchObject({ exec: { command: ['cat', '/ready'] } });
  });

  test('volumes from Secret, ConfigMap, projected and emptyDir; listed once per pod', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'tls');
    const cm = kplus.ConfigMap.fromConfigMapName(chart, 'C', 'settings');
    const cache = Volume.fromEmptyDir('cache', { memory: true, sizeLimit: Size.mebibytes(64) });
    new Service(chart, 'Svc', {
      metadata: { name: 'svc' },
      container: {
        image: 'img',
        volumeMounts: [
          { path: '/etc/tls', volume: Volume.fromSecret('tls', secret, { items: { 'tls.crt': 'cert.pem' } }) },
          { path: '/etc/settings', volume: Volume.fromConfigMap('settings', cm) },
          { path: '/etc/all', volume: Volume.fromProjected('all', [ProjectedSource.fromSecret(secret), ProjectedSource.fromConfigMap(cm)]) },
          { path: '/cache', volume: cache },
        ],
      },
      sidecars: [{ image: 'side', name: 'side', volumeMounts: [{ path: '/cache', volume: cache }] }],
    });
    const spec = Testing.synth(chart).find(o => o.kind === 'Service').spec.template.spec;
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'settings', mountPath: '/etc/settings', readOnly: true },
      { name: 'all', mountPath: '/etc/all', readOnly: true },
      { name: 'cache', mountPath: '/cache' },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'tls', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'cert.pem' }] } },
      { name: 'settings', configMap: { name: 'settings' } },
      { name: 'all', projected: { sources: [{ secret: { name: 'tls' } }, { configMap: { name: 'settings' } }] } },
      { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
  });

  test('a projected volume with a service account token, and a read-only PersistentVolumeClaim volume', () => {
    const token = Volume.fromProjected('token', [
      ProjectedSource.fromServiceAccountToken('token', { audience: 'vault', expiration: Duration.hours(2) }),
    ], { defaultMode: 0o440 });
    expect(token.volumeType).toBe('projected');
    expect(token._toJson()).toEqual({
      name: 'token',
      projected: { defaultMode: 0o440, sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 7200 } }] },
    });
    const data = Volume.fromPersistentVolumeClaim('data', 'app-data', { readOnly: true });
    expect(data.volumeType).toBe('persistentVolumeClaim');
    expect(data._toJson()).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'app-data', readOnly: true } });
  });

  test('Volume.fromKplus brings in a cdk8s-plus volume', () => {
    const chart = Testing.chart();
    const v = Volume.fromKplus(kplus.Volume.fromEmptyDir(chart, 'V', 'scratch'));
    expect(v.name).toBe('scratch');
    expect(v.volumeType).toBe('emptyDir');
  });

  test('an emptyDir at /tmp gives a read-only container somewhere to write, and the app validates', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new Service(chart, 'S', { metadata: { name: 's' }, container: { image: 'img', volumeMounts: [{ path: '/tmp', volume: Volume.fromEmptyDir('tmp') }] } });
    const spec = (chart.toJson()[0] as any).spec.template.spec;
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(spec.containers[0].volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(Validation.of(app).validate().problems).toEqual([]);
  });

  test('runs as a non-root user and group by default (cdk8s-plus\'s 25000/26000), so root images start', () => {
    const c = containerOf({ image: 'img' }).containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 25000, runAsGroup: 26000 });
  });

  test('an explicit user or group replaces the default one; runAsNonRoot false uses the image\'s user', () => {
    expect(containerOf({ image: 'img', securityContext: { runAsUser: 1000 } }).containers[0].securityContext)
      .toMatchObject({ runAsUser: 1000, runAsGroup: 26000 });
    const root = containerOf({ image: 'img', securityContext: { runAsNonRoot: false } }).containers[0].securityContext;
    expect(root.runAsUser).toBeUndefined();
    expect(root.runAsGroup).toBeUndefined();
  });

  test('writes no empty env or envFrom', () => {
    const c = containerOf({ image: 'img', envVariables: {}, envFrom: [] }).containers[0];
    expect(c.env).toBeUndefined();
    expect(c.envFrom).toBeUndefined();
  });

  test('security context can be relaxed explicitly', () => {
    const c = containerOf({
      image: 'img',
      securityContext: {
        runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false, dropAllCapabilities: false,
        seccompProfile: SeccompProfile.UNCONFINED, allowPrivilegeEscalation: true,
      },
    }).containers[0];
    expect(c.securityContext).toEqual({
      runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false, allowPrivilegeEscalation: true,
      seccompProfile: { type: 'Unconfined' },
    });
  });

  test.each([
    [{ image: 'img', port: 8012 }, /container.port: 8012 is not allowed; ports 8008, 8012, 8013, 8022, 9090, 9091 are reserved/],
    [{ image: 'img', port: 70000 }, /container.port: 70000 is not allowed; must be an integer from 1 to 65535/],
    [{ image: 'img', name: 'queue-proxy' }, /container.name: "queue-proxy" is not allowed; "queue-proxy" is reserved/],
    [{ image: 'img', name: 'Bad_Name' }, /container.name: "Bad_Name" is not allowed; must be a DNS-1123 label/],
    [{ image: 'img', envVariables: { K_SERVICE: kplus.EnvValue.fromValue('x') } }, /container.envVariables.K_SERVICE: "K_SERVICE" is not allowed; PORT, K_SERVICE, K_CONFIGURATION, K_REVISION are set by Knative/],
    [{ image: 'img', securityContext: { runAsUser: 0 } }, /container.securityContext.runAsUser: 0 is not allowed; user 0 is root/],
    [{ image: 'img', volumeMounts: [{ path: '/dev', volume: Volume.fromEmptyDir('t') }] }, /container.volumeMounts\[0\].path: "\/dev" is not allowed; \/, \/dev, \/dev\/log are reserved/],
    [{ image: 'img', volumeMounts: [{ path: 'rel', volume: Volume.fromEmptyDir('t') }] }, /container.volumeMounts\[0\].path: "rel" is not allowed; must be an absolute path/],
    [{ image: 'img', volumeMounts: [{ path: '/a', volume: Volume.fromEmptyDir('t') }, { path: '/a', volume: Volume.fromEmptyDir('u') }] }, /container.volumeMounts: "\/a" is not allowed; duplicate; each mount path once/],
  ] as Array<[ContainerProps, RegExp]>)('fails when a container prop is invalid: %#', (props, message) => {
    expect(() => containerOf(props)).toThrow(message);
  });

  test('fails when a Secret volume is mounted writable', () => {
    const chart = Testing.chart();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'tls');
    expect(() => new Service(chart, 'Svc', {
      metadata: { name: 'svc' },
      container: { image: 'img', volumeMounts: [{ path: '/etc/tls', readOnly: false, volume: Volume.fromSecret('tls', secret) }] },
    })).toThrow(/volumeMounts\[0\].readOnly: false is not allowed; Knative requires secret volumes to be mounted read-only/);
  });

  test('fails when two different volumes share a name', () => {
    expect(() => containerOf({ image: 'img', volumeMounts: [{ path: '/a', volume: Volume.fromEmptyDir('t') }, { path: '/b', volume: Volume.fromEmptyDir('t') }] }))
      .toThrow(/volumeMounts: "t" is not allowed; each volume name must stand for one volume/);
  });

  test('K_SERVICE is reserved in sidecars too, PORT is not', () => {
    expect(() => containerOf({ image: 'img' }, [{ image: 'ss', envVariables: { PORT: kplus.EnvValue.fromValue('1') } }])).not.toThrow();
    expect(() => containerOf({ image: 'img' }, [{ image: 'ss', envVariables: { K_REVISION: kplus.EnvValue.fromValue('1') } }]))
      .toThrow(/sidecars\[0\].envVariables.K_REVISION/);
  });
});

describe('volume and label edge cases', () => {
  test('fails when a volume name is not a DNS-1123 label', () => {
    expect(() => containerOf({ image: 'img', volumeMounts: [{ path: '/data', volume: Volume.fromEmptyDir('Bad_Name') }] }))
      .toThrow(/container.volumeMounts\[0\].volume.name: "Bad_Name" is not allowed; must be a DNS-1123 label/);
  });

  test('revision labels given as a record without prototype still synthesize', () => {
    const chart = Testing.chart();
    new Service(chart, 'Svc', {
      metadata: { name: 'svc' }, container: { image: 'img' },
      revisionLabels: Object.assign(Object.create(null) as Record<string, string>, { app: 'web' }),
    });
    expect(Testing.synth(chart)[0].spec.template.metadata.labels).toEqual({ app: 'web' });
  });
});

describe('probe rules', () => {
  const withReadiness = (readiness: kplus.Probe) => () => containerOf({ image: 'img', readiness });

  test('a readiness probe with periodSeconds keeps its thresholds', () => {
    const c = containerOf({ image: 'img', readiness: kplus.Probe.fromHttpGet('/ready', { periodSeconds: Duration.seconds(10), failureThreshold: 5 }) }).containers[0];
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 5 });
  });

  test('fails when a readiness probe without periodSeconds sets failureThreshold or timeoutSeconds', () => {
    expect(withReadiness(kplus.Probe.fromTcpSocket({ failureThreshold: 5 })))
      .toThrow(/container.readiness.failureThreshold: 5 is not allowed; not allowed when periodSeconds is unset or 0/);
    expect(withReadiness(kplus.Probe.fromHttpGet('/', { timeoutSeconds: Duration.seconds(5) })))
      .toThrow(/container.readiness.timeoutSeconds: 5 is not allowed/);
  });

  test('fails when a threshold is below 1', () => {
    expect(withReadiness(kplus.Probe.fromHttpGet('/', { periodSeconds: Duration.seconds(10), successThreshold: 0 })))
      .toThrow(/container.readiness.successThreshold: 0 is not allowed; must be an integer 1 or more/);
  });

  test('fails when a liveness probe has successThreshold other than 1', () => {
    expect(() => containerOf({ image: 'img', liveness: kplus.Probe.fromHttpGet('/', { successThreshold: 2 }) }))
      .toThrow(/container.liveness.successThreshold: 2 is not allowed; must be 1 for a liveness probe/);
  });
});
