/**
 * Counterexamples the property tests found, one per bug, in code the
 * property tests do not own. Each states the behaviour we want (the construct
 * rejects the prop with a KnativePropError naming the field, or synthesizes).
 *
 * A bug still open is a `test.failing` (it fails today) and narrows the
 * generators (search test/property for its id, e.g. `BUG-2`). When it is
 * fixed its test turns red: make it a plain `test` (a regression test) and
 * drop the narrowing. `PROPERTY_UNNARROWED=1 npm run test:property` shows
 * which narrowed bugs are still there.
 *
 * Open: none. Fixed: BUG-1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17. By design (cluster-dependent limits,
 * judged at synth by the engine against the stated cluster config): BUG-2, 5.
 */
import { App, Chart, Duration } from 'cdk8s';
import { ClusterConfig, ProblemSeverity, Validation } from '../../src/validation';
import * as kplus from 'cdk8s-plus-27';
import { Broker, InMemoryChannel, Sink, Subscription, Trigger, TriggerFilter } from '../../src/eventing';
import { AutoscalingProps, DomainMapping, Service, ServiceProps, TrafficTarget, Volume } from '../../src/serving';
import { OpaqueSecret, SecretSource } from '../../src/secrets';
import { PingSource } from '../../src/sources';
import { namesField, runCase } from './harness';
import { sealedValue } from '../secrets/sealed-value';

/** The case must end in a KnativePropError naming `field` (runCase throws for an escape or another error). */
function expectRejected(field: string, build: (chart: Chart) => void): void {
  const outcome = runCase(build);
  if (outcome.kind !== 'rejected') throw new Error(`expected a KnativePropError for ${field}, but the manifests are valid`);
  expect(namesField(outcome.error.field, field)).toBe(true);
}

/** The case must synthesize valid manifests (runCase throws for an escape or another error). */
function expectValid(build: (chart: Chart) => void): void {
  expect(runCase(build).kind).toBe('valid');
}

const service = (props: Partial<ServiceProps>) => (chart: Chart) =>
  new Service(chart, 'Svc', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/app:1.0' }, ...props });
const scaled = (autoscaling: AutoscalingProps) => service({ autoscaling });
const uri = () => Sink.fromUri('https://hooks.example.com/events');

/** The validation errors of an app built by `build`, on a cluster with `config`. */
function errorsOn(build: (chart: Chart) => void, config: ClusterConfig = ClusterConfig.DEFAULT): string[] {
  const app = new App();
  Validation.of(app).configure({ clusterConfig: config, printWarnings: false });
  build(new Chart(app, 'case', { namespace: 'default' }));
  return Validation.of(app).validate().problems.filter(p => p.severity === ProblemSeverity.ERROR).map(p => `${p.path}: ${p.message}`);
}

describe('bugs found by the property tests (open ones are test.failing)', () => {
  // BUG-1 src/serving/autoscaling.ts: activationScale must be >= 2 and within [minScale, maxScale]
  test('BUG-1 activationScale 1 is rejected', () => expectRejected('autoscaling.activationScale', scaled({ activationScale: 1 })));
  test('BUG-1 activationScale below minScale is rejected', () =>
    expectRejected('autoscaling', scaled({ minScale: 3, activationScale: 2 })));
  test('BUG-1 activationScale above maxScale is rejected', () =>
    expectRejected('autoscaling', scaled({ maxScale: 3, activationScale: 6 })));

  // BUG-2, by design: initial-scale 0 is allowed or not by the cluster (allow-zero-initial-scale), which a construct
  // does not know; the engine judges it at synth against the cluster config the app states.
  test('BUG-2 initialScale 0 fails synth on a stock cluster and passes where the cluster allows it', () => {
    expect(() => runCase(scaled({ initialScale: 0 }))).toThrow(/initial-scale/);
    const config = ClusterConfig.DEFAULT.withSettings({ allowZeroInitialScale: true });
    expect(errorsOn(scaled({ initialScale: 0 }), config)).toEqual([]);
  });

  // BUG-3 src/serving/autoscaling.ts: Knative's autoscaling target is at least 0.01
  test('BUG-3 target 0.005 is rejected', () => expectRejected('autoscaling.target', scaled({ target: 0.005 })));

  // BUG-4 src/serving/autoscaling.ts checkDuration(): Duration.toSeconds() throws a plain Error for a fraction of a second
  test('BUG-4 window of 6.5 s is rejected with a KnativePropError', () =>
    expectRejected('autoscaling.window', scaled({ window: Duration.millis(6500) })));
  test('BUG-4 scaleDownDelay of 500 ms is rejected with a KnativePropError', () =>
    expectRejected('autoscaling.scaleDownDelay', scaled({ scaleDownDelay: Duration.millis(500) })));

  // BUG-5, by design: the upper bound of the timeouts is the cluster's max-revision-timeout-seconds (600 by default),
  // which a construct does not know; the engine judges it at synth against the cluster config the app states.
  test('BUG-5 a 601 s timeout fails synth on a stock cluster and passes where the cluster allows it', () => {
    expect(() => runCase(service({ timeout: Duration.seconds(601) }))).toThrow(/timeoutSeconds/);
    const config = ClusterConfig.DEFAULT.withSettings({ maxRevisionTimeoutSeconds: 3600 });
    expect(errorsOn(service({ timeout: Duration.seconds(601) }), config)).toEqual([]);
  });

  // BUG-6 src/serving/container.ts: only empty / whitespace images are rejected; the engine wants an image reference
  test('BUG-6 image "::" is rejected', () => expectRejected('container.image', service({ container: { image: '::' } })));
  test('BUG-6 image "UPPER/Case:tag" is rejected', () => expectRejected('container.image', service({ container: { image: 'UPPER/Case:tag' } })));

  // BUG-7 src/serving/traffic.ts: a tag is part of a host name, a DNS-1035 label (not DNS-1123: no digit first)
  test('BUG-7 traffic tag "1v" is rejected', () =>
    expectRejected('traffic', service({ traffic: [TrafficTarget.toLatestRevision({ tag: '1v' })] })));

  // BUG-8 Trigger, PingSource and Subscription do not check metadata.name, and no validation layer does
  test('BUG-8 a Trigger named "Hello" is rejected', () => expectRejected('metadata.name', chart => {
    const broker = new Broker(chart, 'Broker', { metadata: { name: 'default' } });
    new Trigger(chart, 'Trigger', { metadata: { name: 'Hello' }, broker, subscriber: uri() });
  }));
  test('BUG-8 a PingSource named "a_b" is rejected', () => expectRejected('metadata.name', chart => {
    new PingSource(chart, 'Ping', { metadata: { name: 'a_b' }, schedule: '@hourly', sink: uri() });
  }));
  test('BUG-8 a Subscription named "" is rejected', () => expectRejected('metadata.name', chart => {
    const channel = new InMemoryChannel(chart, 'Channel', { metadata: { name: 'orders' } });
    new Subscription(chart, 'Subscription', { metadata: { name: '' }, channel, subscriber: uri() });
  }));

  // BUG-9 src/eventing/trigger-filter.ts: cesql was only screened (empty, quotes, parentheses); it is now parsed as CESQL v1
  test('BUG-9 an unparsable cesql filter is rejected', () => expectRejected('filters', chart => {
    const broker = new Broker(chart, 'Broker', { metadata: { name: 'default' } });
    new Trigger(chart, 'Trigger', { metadata: { name: 'orders' }, broker, subscriber: uri(), filters: [TriggerFilter.cesql('type = (((')] });
  }));
  test('BUG-9 a cesql filter with balanced quotes and parentheses that still does not parse is rejected', () => expectRejected('filters', chart => {
    const broker = new Broker(chart, 'Broker', { metadata: { name: 'default' } });
    new Trigger(chart, 'Trigger', { metadata: { name: 'orders' }, broker, subscriber: uri(), filters: [TriggerFilter.cesql("type = 'a' AND")] });
  }));

  // BUG-10 src/sources/ping-source.ts: a CRON_TZ= / TZ= schedule prefix and timezone together
  test('BUG-10 a TZ= schedule prefix with timezone is rejected', () => expectRejected('timezone', chart => {
    new PingSource(chart, 'Ping', { metadata: { name: 'tick' }, schedule: 'TZ=UTC */5 * * * *', timezone: 'Europe/Paris', sink: uri() });
  }));

  // BUG-11 src/serving/container.ts renderMount() / collectVolumes(): a volume's name is not checked (the engine wants a DNS-1123 label)
  test('BUG-11 a volume named "Bad_Name" is rejected', () => expectRejected('container.volumeMounts', chart => service({
    container: { image: 'ghcr.io/acme/app:1.0', volumeMounts: [{ path: '/data', volume: Volume.fromEmptyDir('Bad_Name') }] },
  })(chart)));

  // BUG-12 src/serving/revision-template.ts: revisionLabels is handed to cdk8s as is; a record without prototype
  // (Object.create(null), as some parsers return) makes synth throw "TypeError: Cannot read properties of undefined (reading 'name')"
  test('BUG-12 revisionLabels without a prototype synthesize', () => expectValid(service({
    revisionLabels: Object.assign(Object.create(null) as Record<string, string>, { app: 'web' }),
  })));

  // BUG-13 src/serving/container.ts readinessProbe(): Knative's readiness rules are not checked at construct time
  test('BUG-13 a readiness probe with periodSeconds 0 synthesizes (cdk8s-plus\' default failureThreshold is dropped)', () =>
    expectValid(service({ container: { image: 'ghcr.io/acme/app:1.0', readiness: kplus.Probe.fromHttpGet('/healthz', { periodSeconds: Duration.seconds(0) }) } })));
  test('BUG-13 readiness timeoutSeconds without periodSeconds is rejected', () => expectRejected('container.readiness', service({
    container: { image: 'ghcr.io/acme/app:1.0', readiness: kplus.Probe.fromHttpGet('/healthz', { timeoutSeconds: Duration.seconds(5) }) },
  })));
  test('BUG-13 readiness successThreshold 0 is rejected', () => expectRejected('container.readiness', service({
    container: { image: 'ghcr.io/acme/app:1.0', readiness: kplus.Probe.fromHttpGet('/healthz', { periodSeconds: Duration.seconds(10), successThreshold: 0 }) },
  })));
  test('BUG-13 readiness failureThreshold without periodSeconds is rejected, not dropped', () => expectRejected('container.readiness', service({
    container: { image: 'ghcr.io/acme/app:1.0', readiness: kplus.Probe.fromTcpSocket({ failureThreshold: 5 }) },
  })));

  // BUG-14 src/validation/rules/pod.ts checkProbe() (and the construct): Kubernetes wants successThreshold 1 on liveness and
  // startup probes; every layer lets 2 through
  test('BUG-14 liveness successThreshold 2 is rejected', () => expectRejected('container.liveness', service({
    container: { image: 'ghcr.io/acme/app:1.0', liveness: kplus.Probe.fromHttpGet('/healthz', { successThreshold: 2 }) },
  })));

  // BUG-15 src/serving/service.ts addSidecar(): a name the Service already has is accepted; synth then fails
  test('BUG-15 addSidecar() with a name the Service has is rejected', () => expectRejected('sidecars', chart => {
    const svc = service({})(chart);
    svc.addSidecar({ name: 'user-container', image: 'ghcr.io/acme/proxy:2' });
  }));

  // BUG-16 src/serving/domain-mapping.ts: labels longer than 63 characters and domains under cluster.local pass the construct
  test('BUG-16 a domain with a 64-character label is rejected', () => expectRejected('domain', chart => {
    new DomainMapping(chart, 'Domain', { domain: `${'x'.repeat(64)}.com`, target: Service.fromServiceName(chart, 'Svc', 'hello') });
  }));
  test('BUG-16 a domain under svc.cluster.local is rejected', () => expectRejected('domain', chart => {
    new DomainMapping(chart, 'Domain', { domain: 'hello.demo.svc.cluster.local', target: Service.fromServiceName(chart, 'Svc', 'hello') });
  }));

  // BUG-17 src/validation (no rule checked label syntax) and the constructs: a label key or value Kubernetes rejects
  // ("bad key!", a value with spaces) passed every layer, here on a SealedSecret / ExternalSecret and its template
  test('BUG-17 a secret labelled "bad key!" is rejected', () => expectRejected('metadata', chart => {
    new OpaqueSecret(chart, 'Secret', { metadata: { labels: { 'bad key!': 'x' } }, source: SecretSource.fromSealedSecret({ encryptedData: { token: sealedValue('token') } }) });
  }));
});
