import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { messageOf } from '../core/thrown';
import * as errors from '../../src/core/errors';
import { AutoscalingClass, AutoscalingMetric, Configuration, ContainerProps, Service, Volume } from '../../src/serving';

/**
 * The revision-template props of a Service and a Configuration: every prop
 * family is checked (with the same words for both), and each check runs once
 * per construction.
 */

const IMAGE = 'ghcr.io/acme/hello:1.0';
const PATH = '[test/Hello]';

/** Untyped props, as a JavaScript caller may pass them. */
type AnyProps = Record<string, unknown>;

const KINDS: Array<[string, (props: AnyProps) => Service | Configuration]> = [
  ['Service', props => new Service(Testing.chart(), 'Hello', props as never)],
  ['Configuration', props => new Configuration(Testing.chart(), 'Hello', props as never)],
];

/** A template prop family, a bad value of it, and the whole error (after the construct path). */
const BAD_PROPS: Array<[string, AnyProps, string]> = [
  ['container image', { container: { image: 'Bad Image' } },
    'container.image: "Bad Image" is not allowed; must be an image reference [registry[:port]/]repository[:tag][@sha256:digest] with a lower-case repository of at least 2 characters, e.g. "ghcr.io/org/app:1.0"'],
  ['container image type', { container: { image: 42 } }, 'container.image: 42 is not allowed; must be a string'],
  ['missing container image', { container: {} }, 'container.image: undefined is not allowed; must be a string (required)'],
  ['container name', { container: { image: IMAGE, name: 'queue-proxy' } }, 'container.name: "queue-proxy" is not allowed; "queue-proxy" is reserved by Knative'],
  ['port range', { container: { image: IMAGE, port: 70000 } }, 'container.port: 70000 is not allowed; must be an integer from 1 to 65535'],
  ['reserved port', { container: { image: IMAGE, port: 8012 } },
    'container.port: 8012 is not allowed; ports 8008, 8012, 8013, 8022, 9090, 9091 are reserved by Knative'],
  ['port type', { container: { image: IMAGE, port: '80' } }, 'container.port: "80" is not allowed; must be a finite number (or left out)'],
  ['reserved env variable', { container: { image: IMAGE, envVariables: { PORT: kplus.EnvValue.fromValue('1') } } },
    'container.envVariables.PORT: "PORT" is not allowed; PORT, K_SERVICE, K_CONFIGURATION, K_REVISION are set by Knative and cannot be overridden'],
  ['env variable name', { container: { image: IMAGE, envVariables: { 'A=B': kplus.EnvValue.fromValue('1') } } },
    'container.envVariables.A=B: "A=B" is not allowed; must be a non-empty name without "=" or spaces'],
  ['env variable type', { container: { image: IMAGE, envVariables: { A: 'x' } } },
    'container.envVariables.A: "x" is not allowed; must be a kplus.EnvValue (EnvValue.fromValue("..."), secret.envValue(key)...)'],
  ['resources type', { container: { image: IMAGE, resources: 'big' } }, 'container.resources: "big" is not allowed; must be an object (or left out)'],
  ['readiness probe', { container: { image: IMAGE, readiness: kplus.Probe.fromHttpGet('/h', { failureThreshold: 5 }) } },
    'container.readiness.failureThreshold: 5 is not allowed; not allowed when periodSeconds is unset or 0 (Knative\'s aggressive readiness probing); set periodSeconds to use it'],
  ['liveness probe', { container: { image: IMAGE, liveness: kplus.Probe.fromHttpGet('/h', { successThreshold: 2 }) } },
    'container.liveness.successThreshold: 2 is not allowed; must be 1 for a liveness probe'],
  ['probe type', { container: { image: IMAGE, startup: 5 } }, 'container.startup: 5 is not allowed; must be an object (or left out)'],
  ['relative mount path', { container: { image: IMAGE, volumeMounts: [{ path: 'tmp', volume: Volume.fromEmptyDir('tmp') }] } },
    'container.volumeMounts[0].path: "tmp" is not allowed; must be an absolute path'],
  ['reserved mount path', { container: { image: IMAGE, volumeMounts: [{ path: '/dev', volume: Volume.fromEmptyDir('tmp') }] } },
    'container.volumeMounts[0].path: "/dev" is not allowed; /, /dev, /dev/log are reserved by Knative'],
  ['writable configMap mount', {
    container: {
      image: IMAGE,
      volumeMounts: [{ path: '/cfg', volume: Volume.fromConfigMap('cfg', kplus.ConfigMap.fromConfigMapName(Testing.chart(), 'Cfg', 'cfg')), readOnly: false }],
    },
  }, 'container.volumeMounts[0].readOnly: false is not allowed; Knative requires configMap volumes to be mounted read-only'],
  ['mount type', { container: { image: IMAGE, volumeMounts: [{ path: '/tmp' }] } },
    'container.volumeMounts[0].volume: undefined is not allowed; must be an object (required)'],
  ['volume name of two volumes', { container: { image: IMAGE, volumeMounts: [{ path: '/a', volume: Volume.fromEmptyDir('v') }, { path: '/b', volume: Volume.fromEmptyDir('v', { memory: true }) }] } },
    'volumeMounts: "v" is not allowed; each volume name must stand for one volume; give different volumes different names'],
  ['security context', { container: { image: IMAGE, securityContext: { runAsUser: 0 } } },
    'container.securityContext.runAsUser: 0 is not allowed; user 0 is root; set runAsNonRoot: false to run as root'],
  ['sidecar port', { container: { image: IMAGE }, sidecars: [{ image: IMAGE, port: 9000 }] },
    'sidecars[0].port: 9000 is not allowed; only the serving container has a port; remove it from the sidecar'],
  ['sidecar name', { container: { image: IMAGE }, sidecars: [{ image: IMAGE, name: 'user-container' }] },
    'sidecars: "user-container" is not allowed; container names must be unique within a Revision'],
  ['sidecar type', { container: { image: IMAGE }, sidecars: [{ image: 1 }] }, 'sidecars[0].image: 1 is not allowed; must be a string'],
  ['sidecars type', { container: { image: IMAGE }, sidecars: 'ab' },
    'sidecars: "ab" is not allowed; must be a list; each item must be ContainerProps ({ image, ... }) (or left out)'],
  ['autoscaling bounds', { container: { image: IMAGE }, autoscaling: { minScale: 5, maxScale: 2 } },
    'autoscaling.minScale: 5 is not allowed; must not exceed maxScale (2)'],
  ['autoscaling metric', { container: { image: IMAGE }, autoscaling: { autoscalingClass: AutoscalingClass.HPA, metric: AutoscalingMetric.CONCURRENCY } },
    'autoscaling.metric: "concurrency" is not allowed; the HPA class scales on "cpu", "memory" or a custom metric'],
  ['autoscaling window', { container: { image: IMAGE }, autoscaling: { window: Duration.seconds(2) } },
    'autoscaling.window: "2s" is not allowed; must be whole seconds from 6s to 3600s'],
  ['autoscaling type', { container: { image: IMAGE }, autoscaling: { target: 'high' } },
    'autoscaling.target: "high" is not allowed; must be a finite number (or left out)'],
  ['timeout', { container: { image: IMAGE }, timeout: Duration.millis(1500) }, 'timeout: "1500ms" is not allowed; must be a whole number of seconds, 0 or more'],
  ['responseStartTimeout', { container: { image: IMAGE }, timeout: Duration.seconds(10), responseStartTimeout: Duration.seconds(20) },
    'responseStartTimeout: "20s" is not allowed; must not exceed timeout (10s)'],
  ['idleTimeout', { container: { image: IMAGE }, idleTimeout: Duration.millis(10) }, 'idleTimeout: "10ms" is not allowed; must be a whole number of seconds, 0 or more'],
  ['timeout type', { container: { image: IMAGE }, timeout: 30 }, 'timeout: 30 is not allowed; must be a Duration, e.g. Duration.seconds(30) (or left out)'],
  ['containerConcurrency', { container: { image: IMAGE }, containerConcurrency: 1001 }, 'containerConcurrency: 1001 is not allowed; must be an integer from 0 to 1000'],
  ['containerConcurrency type', { container: { image: IMAGE }, containerConcurrency: '5' }, 'containerConcurrency: "5" is not allowed; must be a finite number (or left out)'],
  ['revisionName', { container: { image: IMAGE }, revisionName: 'other-v1' },
    'revisionName: "other-v1" is not allowed; must start with "hello-" (the name of its Service or Configuration)'],
  ['revisionLabels', { container: { image: IMAGE }, revisionLabels: { a: 'x'.repeat(64) } },
    `revisionLabels.a: "${'x'.repeat(64)}" is not allowed; must be a string of at most 63 characters`],
  ['revisionLabels type', { container: { image: IMAGE }, revisionLabels: { a: 1 } }, 'revisionLabels.a: 1 is not allowed; must be a string (or left out)'],
  ['serviceAccount type', { container: { image: IMAGE }, serviceAccount: 'sa' }, 'serviceAccount: "sa" is not allowed; must be a kplus.IServiceAccount (or left out)'],
  ['imagePullSecrets type', { container: { image: IMAGE }, imagePullSecrets: ['x'] }, 'imagePullSecrets[0]: "x" is not allowed; must be a kplus.ISecret'],
  ['enableServiceLinks type', { container: { image: IMAGE }, enableServiceLinks: 'yes' }, 'enableServiceLinks: "yes" is not allowed; must be true or false (or left out)'],
  ['value of several props', { container: { image: IMAGE, port: 8012 }, containerConcurrency: -1, timeout: Duration.millis(5) }, [
    '3 props are not allowed:',
    '    containerConcurrency: -1 is not allowed; must be an integer from 0 to 1000',
    '    timeout: "5ms" is not allowed; must be a whole number of seconds, 0 or more',
    '    container.port: 8012 is not allowed; ports 8008, 8012, 8013, 8022, 9090, 9091 are reserved by Knative',
  ].join('\n')],
  ['type of several props', { container: { image: 1 }, timeout: 'x', containerConcurrency: null }, [
    '3 props are not allowed:',
    '    container.image: 1 is not allowed; must be a string',
    '    containerConcurrency: null is not allowed; must be a finite number (or left out)',
    '    timeout: "x" is not allowed; must be a Duration, e.g. Duration.seconds(30) (or left out)',
  ].join('\n')],
];

describe.each(KINDS)('%s template props', (_kind, make) => {
  test.each(BAD_PROPS)('fails when the %s is bad, with the whole error, the same for both kinds', (_family, props, expected) => {
    expect(messageOf(() => make({ metadata: { name: 'hello' }, ...props }))).toBe(`${PATH} ${expected}`);
  });

  test('fails with a KnativePropError, not a TypeError, when an untyped caller passes no props or a number for sidecars', () => {
    expect(messageOf(() => make(undefined as never))).toBe(`${PATH} props: undefined is not allowed; must be an object of properties`);
    expect(messageOf(() => make({ metadata: { name: 'hello' }, container: { image: IMAGE }, sidecars: 5 as never })))
      .toMatch(/^\[test\/Hello\] sidecars: 5 is not allowed; must be a list/);
  });

  test('fails when addSidecar gets a sidecar of a wrong type, naming its index', () => {
    const owner = make({ metadata: { name: 'hello' }, container: { image: IMAGE }, sidecars: [{ image: IMAGE, name: 'a' }] });
    expect(messageOf(() => owner.addSidecar({ image: 7, port: 'x' } as never))).toBe([
      `${PATH} 2 props are not allowed:`,
      '    sidecars[1].image: 7 is not allowed; must be a string',
      '    sidecars[1].port: "x" is not allowed; must be a finite number (or left out)',
    ].join('\n'));
    expect(messageOf(() => owner.addSidecar(undefined as never)))
      .toBe(`${PATH} sidecars[1]: undefined is not allowed; must be ContainerProps ({ image, ... }) (required)`);
  });

  test('fails when addSidecar gets a bad sidecar value, and a later good one takes the next index', () => {
    const owner = make({ metadata: { name: 'hello' }, container: { image: IMAGE }, sidecars: [{ image: IMAGE, name: 'a' }] });
    expect(messageOf(() => owner.addSidecar({ image: IMAGE, port: 9000 })))
      .toBe(`${PATH} sidecars[1].port: 9000 is not allowed; only the serving container has a port; remove it from the sidecar`);
    expect(messageOf(() => owner.addSidecar({ image: IMAGE, name: 'a' })))
      .toBe(`${PATH} sidecars: "a" is not allowed; container names must be unique within a Revision`);
    owner.addSidecar({ image: IMAGE, name: 'b' });
    expect(messageOf(() => owner.addSidecar({ image: 'Bad Image' })))
      .toMatch(/^\[test\/Hello\] sidecars\[2\]\.image: "Bad Image" is not allowed; must be an image reference/);
  });
});

describe('template prop errors beside metadata errors', () => {
  const props = { metadata: { name: 'hello', labels: { 'bad key!': 'x' } }, container: { image: 1 }, containerConcurrency: 2000 };
  const LABEL = 'metadata.labels: "bad key!" is not allowed; label keys must be [prefix/]name: name at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit; prefix a DNS-1123 subdomain';

  test('fails when a Service has a wrong type: the types are checked first, alone', () => {
    expect(messageOf(() => new Service(Testing.chart(), 'Hello', props as never))).toBe(`${PATH} container.image: 1 is not allowed; must be a string`);
  });

  test('fails when a Configuration has a wrong type: the metadata problems come with it', () => {
    expect(messageOf(() => new Configuration(Testing.chart(), 'Hello', props as never)))
      .toBe(`${PATH} 2 props are not allowed:\n    ${LABEL}\n    container.image: 1 is not allowed; must be a string`);
  });

  test.each(KINDS)('fails when a %s has bad metadata and a bad value: both in one error', (_kind, make) => {
    expect(messageOf(() => make({ ...props, container: { image: IMAGE } })))
      .toBe(`${PATH} 2 props are not allowed:\n    ${LABEL}\n    containerConcurrency: 2000 is not allowed; must be an integer from 0 to 1000`);
  });
});

/**
 * How often each check runs, by the check: a prop type check counts each
 * field it is given (with its prefix); a value check counts its helper, the
 * field and the rule (two rules of one field are two checks).
 */
function countChecks(f: () => void): Map<string, number> {
  const spies = {
    checkPropTypes: jest.spyOn(errors, 'checkPropTypes'),
    check: jest.spyOn(errors, 'check'),
    checkValue: jest.spyOn(errors, 'checkValue'),
    checkIntegerRange: jest.spyOn(errors, 'checkIntegerRange'),
  };
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  try {
    f();
    for (const [, , spec, prefix] of spies.checkPropTypes.mock.calls) {
      for (const field of Object.keys(spec)) add(`type ${prefix ? `${prefix}.` : ''}${field}`);
    }
    for (const [, , field, , allowed] of spies.check.mock.calls) add(`check ${field}: ${allowed}`);
    for (const [, field, , rule] of spies.checkValue.mock.calls) add(`checkValue ${field}: ${rule.allowed}`);
    for (const [, field, , min, max] of spies.checkIntegerRange.mock.calls) add(`checkIntegerRange ${field}: ${min}-${max}`);
  } finally {
    Object.values(spies).forEach(s => s.mockRestore());
  }
  return counts;
}

/** The checks that ran more than once. */
function repeated(counts: Map<string, number>): string[] {
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} (${n} times)`);
}

const TEMPLATE_FIELDS = ['container', 'sidecars', 'containerConcurrency', 'timeout', 'responseStartTimeout', 'idleTimeout',
  'serviceAccount', 'imagePullSecrets', 'revisionName', 'revisionLabels', 'revisionAnnotations', 'autoscaling', 'enableServiceLinks'];

function fullProps(): AnyProps {
  return {
    metadata: { name: 'hello' },
    container: {
      image: IMAGE, port: 8081, envVariables: { A: kplus.EnvValue.fromValue('1') },
      volumeMounts: [{ path: '/tmp', volume: Volume.fromEmptyDir('tmp') }],
      readiness: kplus.Probe.fromHttpGet('/h', { periodSeconds: Duration.seconds(5) }),
    },
    sidecars: [{ image: 'ghcr.io/acme/side:1.0' }],
    containerConcurrency: 10, timeout: Duration.seconds(60), responseStartTimeout: Duration.seconds(10), idleTimeout: Duration.seconds(30),
    revisionName: 'hello-v1', revisionLabels: { a: 'b' },
    autoscaling: { minScale: 1, maxScale: 3, window: Duration.seconds(60) },
  };
}

describe.each(KINDS)('%s checks', (_kind, make) => {
  test('construction checks the type of each template prop once', () => {
    const counts = countChecks(() => make(fullProps()));
    for (const field of TEMPLATE_FIELDS) expect([field, counts.get(`type ${field}`)]).toEqual([field, 1]);
  });

  test('construction runs each value check once', () => {
    const counts = countChecks(() => make(fullProps()));
    expect(counts.get('checkIntegerRange containerConcurrency: 0-1000')).toBe(1);
    expect(counts.get('checkIntegerRange container.port: 1-65535')).toBe(1);
    expect(repeated(counts)).toEqual([]);
  });

  test('addSidecar checks the new sidecar\'s type once and re-runs each value check once', () => {
    const owner = make({ ...fullProps(), revisionName: undefined });
    const counts = countChecks(() => owner.addSidecar({ image: 'ghcr.io/acme/x:1' } as ContainerProps));
    const typed = [...counts.keys()].filter(k => k.startsWith('type '));
    expect(typed).toEqual(['type sidecars[1]']);
    expect(counts.get('checkIntegerRange containerConcurrency: 0-1000')).toBe(1);
    expect(repeated(counts)).toEqual([]);
  });
});

describe('Service release methods', () => {
  test('canary, replaceTraffic and promote re-check only the traffic, each check once', () => {
    const svc = new Service(Testing.chart(), 'Hello', fullProps() as never);
    for (const step of [() => svc.canary('hello-a', 10), () => svc.promote(), () => svc.replaceTraffic()]) {
      const counts = countChecks(step);
      expect([...counts.keys()].filter(k => !/ (traffic\[\d+\]|canary)\./.test(k))).toEqual([]);
    }
  });
});
