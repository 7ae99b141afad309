import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { BlueGreenSide, Configuration, Service, TrafficTarget, Visibility } from '../../src/serving';

function ksvc(chart = Testing.chart()) {
  return { chart, svc: new Service(chart, 'Hello', { metadata: { name: 'hello', namespace: 'apps' }, container: { image: 'ghcr.io/acme/hello:1.0' } }) };
}

function manifest(chart: ReturnType<typeof Testing.chart>, kind = 'Service') {
  return Testing.synth(chart).find(o => o.kind === kind && o.apiVersion.startsWith('serving.knative.dev'));
}

describe('Service', () => {
  test('synthesizes a serving.knative.dev/v1 Service with the container and secure defaults', () => {
    const { chart } = ksvc();
    const obj = manifest(chart);
    expect(obj.apiVersion).toBe('serving.knative.dev/v1');
    expect(obj.metadata).toEqual({ name: 'hello', namespace: 'apps' });
    const container = obj.spec.template.spec.containers[0];
    expect(container).toEqual({
      name: 'user-container',
      image: 'ghcr.io/acme/hello:1.0',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 25000,
        runAsGroup: 26000,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(obj.spec.traffic).toBeUndefined();
    expect(obj.spec.template.spec.enableServiceLinks).toBe(false);
    expect(obj).toMatchSnapshot();
  });

  test('exposes its reference and in-cluster URL for sinks', () => {
    const { svc } = ksvc();
    expect(svc.reference).toEqual({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespaceName: 'apps' });
    expect(svc.url).toBe('http://hello.apps.svc.cluster.local');
    expect(svc.toDestination()).toEqual({ reference: svc.reference });
  });

  test('writes the revision template props', () => {
    const chart = Testing.chart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'SA', 'runner');
    const pull = kplus.Secret.fromSecretName(chart, 'Pull', 'registry-creds');
    new Service(chart, 'Hello', {
      metadata: { name: 'hello' },
      container: { image: 'img' },
      containerConcurrency: 10,
      timeout: Duration.seconds(120),
      responseStartTimeout: Duration.seconds(30),
      idleTimeout: Duration.seconds(60),
      serviceAccount: sa,
      imagePullSecrets: [pull],
      revisionName: 'hello-v1',
      revisionLabels: { team: 'a' },
      revisionAnnotations: { 'example.com/note': 'x' },
    });
    const template = manifest(chart).spec.template;
    expect(template.metadata).toEqual({ name: 'hello-v1', labels: { team: 'a' }, annotations: { 'example.com/note': 'x' } });
    expect(template.spec).toMatchObject({
      containerConcurrency: 10,
      timeoutSeconds: 120,
      responseStartTimeoutSeconds: 30,
      idleTimeoutSeconds: 60,
      serviceAccountName: 'runner',
      imagePullSecrets: [{ name: 'registry-creds' }],
    });
  });

  test('cluster-local visibility is a label on the Service', () => {
    const chart = Testing.chart();
    new Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'img' }, visibility: Visibility.CLUSTER_LOCAL });
    expect(manifest(chart).metadata.labels).toEqual({ 'networking.knative.dev/visibility': 'cluster-local' });
  });

  test('a sidecar has no port and the serving container gets an explicit port', () => {
    const { chart, svc } = ksvc();
    svc.addSidecar({ name: 'proxy', image: 'envoy:1' });
    const containers = manifest(chart).spec.template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['user-container', 'proxy']);
    expect(containers[0].ports).toEqual([{ containerPort: 8080 }]);
    expect(containers[1].ports).toBeUndefined();
  });

  test('traffic: explicit split, tags and percents', () => {
    const chart = Testing.chart();
    new Service(chart, 'Hello', {
      metadata: { name: 'hello' },
      container: { image: 'img' },
      traffic: [TrafficTarget.toRevision('hello-v1', { percent: 70 }), TrafficTarget.toLatestRevision({ percent: 30, tag: 'next' })],
    });
    expect(manifest(chart).spec.traffic).toEqual([
      { revisionName: 'hello-v1', latestRevision: false, percent: 70 },
      { latestRevision: true, percent: 30, tag: 'next' },
    ]);
  });

  test('canary sends N % to the latest Revision and the rest to the stable one', () => {
    const { chart, svc } = ksvc();
    svc.canary('hello-v1', 10);
    expect(manifest(chart).spec.traffic).toEqual([
      { revisionName: 'hello-v1', latestRevision: false, percent: 90, tag: 'stable' },
      { latestRevision: true, percent: 10, tag: 'canary' },
    ]);
  });

  test('blue-green keeps the other side reachable at 0 % and can switch', () => {
    const { chart, svc } = ksvc();
    svc.blueGreen({ blue: 'hello-v1', green: 'hello-v2', live: BlueGreenSide.GREEN });
    expect(manifest(chart).spec.traffic).toEqual([
      { revisionName: 'hello-v1', latestRevision: false, percent: 0, tag: 'blue' },
      { revisionName: 'hello-v2', latestRevision: false, percent: 100, tag: 'green' },
    ]);
  });

  test('promote sends everything to the latest Revision and keeps tagged Revisions at 0 %', () => {
    const { chart, svc } = ksvc();
    svc.canary('hello-v1', 10);
    svc.promote();
    expect(manifest(chart).spec.traffic).toEqual([
      { latestRevision: true, percent: 100 },
      { revisionName: 'hello-v1', latestRevision: false, percent: 0, tag: 'stable' },
    ]);
  });

  describe('one owner of the traffic split', () => {
    const handSplit = () => [TrafficTarget.toRevision('hello-v1', { percent: 70 }), TrafficTarget.toLatestRevision({ percent: 30, tag: 'next' })];
    const withTrafficProp = () => {
      const chart = Testing.chart();
      const svc = new Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'img' }, traffic: handSplit() });
      return { chart, svc };
    };
    const handJson = [
      { revisionName: 'hello-v1', latestRevision: false, percent: 70 },
      { latestRevision: true, percent: 30, tag: 'next' },
    ];

    test('fails when canary() would replace the split of the traffic prop, and leaves it as it was', () => {
      const { chart, svc } = withTrafficProp();
      expect(() => svc.canary('hello-v1', 10)).toThrow(
        /^\[test\/Hello\] canary: "replacing the traffic split set by the traffic prop" is not allowed; canary\(\) writes the whole traffic split; remove the traffic prop, or write the split you want with replaceTraffic\(\) instead$/);
      expect(manifest(chart).spec.traffic).toEqual(handJson);
    });

    test('fails when blueGreen() would replace a split set with replaceTraffic()', () => {
      const { chart, svc } = ksvc();
      svc.replaceTraffic(...handSplit());
      expect(() => svc.blueGreen({ blue: 'hello-v1', green: 'hello-v2' })).toThrow(
        /^\[test\/Hello\] blueGreen: "replacing the traffic split set by replaceTraffic\(\)" is not allowed; .*remove the replaceTraffic\(\) call, or write the split you want with replaceTraffic\(\) instead$/);
      expect(manifest(chart).spec.traffic).toEqual(handJson);
    });

    test('fails when promote() would replace a split set by hand', () => {
      const { chart, svc } = withTrafficProp();
      expect(() => svc.promote()).toThrow(/\[test\/Hello\] promote: "replacing the traffic split set by the traffic prop" is not allowed; promote\(\) writes the whole traffic split/);
      svc.replaceTraffic(...handSplit());
      expect(() => svc.promote()).toThrow(/promote: "replacing the traffic split set by replaceTraffic\(\)" is not allowed/);
      expect(manifest(chart).spec.traffic).toEqual(handJson);
    });

    test('fails when a second release method would replace the first one\'s split', () => {
      const { chart, svc } = ksvc();
      svc.canary('hello-v1', 10);
      expect(() => svc.canary('hello-v1', 50)).toThrow(
        /\[test\/Hello\] canary: "replacing the traffic split set by canary\(\)" is not allowed; canary\(\) writes the whole traffic split; call one release method/);
      expect(() => svc.blueGreen({ blue: 'hello-v1', green: 'hello-v2' })).toThrow(/blueGreen: "replacing the traffic split set by canary\(\)" is not allowed/);
      svc.promote();
      expect(() => svc.canary('hello-v2', 10)).toThrow(/canary: "replacing the traffic split set by promote\(\)" is not allowed/);
      expect(manifest(chart).spec.traffic).toEqual([
        { latestRevision: true, percent: 100 },
        { revisionName: 'hello-v1', latestRevision: false, percent: 0, tag: 'stable' },
      ]);
    });

    test('promote() finishes a blueGreen() and may be repeated', () => {
      const { chart, svc } = ksvc();
      svc.blueGreen({ blue: 'hello-v1', green: 'hello-v2' });
      svc.promote();
      svc.promote();
      expect(manifest(chart).spec.traffic).toEqual([
        { latestRevision: true, percent: 100 },
        { revisionName: 'hello-v1', latestRevision: false, percent: 0, tag: 'blue' },
        { revisionName: 'hello-v2', latestRevision: false, percent: 0, tag: 'green' },
      ]);
    });

    test('promote() on the default split sends everything to the latest Revision', () => {
      const { chart, svc } = ksvc();
      svc.promote();
      expect(manifest(chart).spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
    });

    test('replaceTraffic() replaces any split, also a release method\'s, and with no targets restores the default', () => {
      const { chart, svc } = ksvc();
      svc.canary('hello-v1', 10);
      svc.replaceTraffic(...handSplit());
      expect(manifest(chart).spec.traffic).toEqual(handJson);
      expect(svc.trafficTargets.map(t => t.percent)).toEqual([70, 30]);
      svc.replaceTraffic();
      expect(manifest(chart).spec.traffic).toBeUndefined();
      expect(svc.trafficTargets).toEqual([]);
      svc.canary('hello-v1', 10); // the split is the default again, so a release may write it
      expect(manifest(chart).spec.traffic.map((t: any) => t.percent)).toEqual([90, 10]);
    });

    test('a rejected release leaves the split free for a correct one', () => {
      const { chart, svc } = ksvc();
      expect(() => svc.canary('Bad', 10)).toThrow(/traffic\[0\].revisionName: "Bad" is not allowed/);
      svc.canary('hello-v1', 10);
      expect(manifest(chart).spec.traffic.map((t: any) => t.percent)).toEqual([90, 10]);
    });
  });

  test('Service.fromServiceName refers to a Service outside the app', () => {
    const chart = Testing.chart();
    const ext = Service.fromServiceName(chart, 'Other', 'billing', { namespaceName: 'team-b' });
    expect(ext.name).toBe('billing');
    expect(ext.reference).toEqual({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'billing', namespaceName: 'team-b' });
    expect(ext.url).toBe('http://billing.team-b.svc.cluster.local');
    expect(ext.toDestination()).toEqual({ reference: ext.reference });
    expect(ext.node.path).toBe('test/Other');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('Service.fromServiceName takes the chart\'s namespace by default', () => {
    const chart = Testing.chart();
    const inNs = new Chart(Testing.app(), 'Apps', { namespace: 'apps' });
    expect(Service.fromServiceName(inNs, 'Other', 'billing').reference.namespaceName).toBe('apps');
    const noNs = Service.fromServiceName(chart, 'Other', 'billing');
    expect(noNs.reference.namespaceName).toBeUndefined();
    expect(noNs.url).toBeUndefined();
  });

  test('fails when an imported Service name is not a DNS-1035 label', () => {
    expect(() => Service.fromServiceName(Testing.chart(), 'Other', 'Billing'))
      .toThrow(/\[test\/Other\] name: "Billing" is not allowed; must be a DNS-1035 label/);
  });

  test('fails when the name is not a DNS-1035 label', () => {
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: '1hello' }, container: { image: 'img' } }))
      .toThrow(/\[test\/Bad\] metadata.name: "1hello" is not allowed; must be a DNS-1035 label/);
  });

  test('fails when the image is not an image reference', () => {
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: 'bad' }, container: { image: ' ' } }))
      .toThrow(/\[test\/Bad\] container.image: " " is not allowed; must be an image reference/);
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: 'bad' }, container: { image: 'Acme/App:1' } }))
      .toThrow(/container.image: "Acme\/App:1" is not allowed; must be an image reference .* with a lower-case repository/);
  });

  test('fails when containerConcurrency is outside 0-1000', () => {
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: 'bad' }, container: { image: 'img' }, containerConcurrency: 1001 }))
      .toThrow(/containerConcurrency: 1001 is not allowed; must be an integer from 0 to 1000/);
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: 'bad' }, container: { image: 'img' }, containerConcurrency: -1 }))
      .toThrow(/containerConcurrency: -1 is not allowed/);
  });

  test('fails when the revision name lacks the service prefix', () => {
    expect(() => new Service(Testing.chart(), 'Bad', { metadata: { name: 'hello' }, container: { image: 'img' }, revisionName: 'other-v1' }))
      .toThrow(/\[test\/Bad\] revisionName: "other-v1" is not allowed; must start with "hello-"/);
  });

  test('fails when traffic percents do not add up to 100', () => {
    const { svc } = ksvc();
    expect(() => svc.replaceTraffic(TrafficTarget.toRevision('hello-v1', { percent: 90 }), TrafficTarget.toLatestRevision({ percent: 20 })))
      .toThrow(/\[test\/Hello\] traffic\[\*\].percent: \[90,20\] is not allowed; the percents must add up to 100, not 110/);
  });

  test('a rejected traffic change leaves the synthesized traffic as it was', () => {
    const { chart, svc } = ksvc();
    svc.canary('hello-v1', 10);
    const before = manifest(chart).spec.traffic;
    expect(() => svc.replaceTraffic(TrafficTarget.toRevision('hello-v1', { percent: 90 }), TrafficTarget.toLatestRevision({ percent: 20 })))
      .toThrow(/percents must add up to 100/);
    expect(() => svc.canary('hello-v1', 120)).toThrow(/canary.percent/);
    expect(manifest(chart).spec.traffic).toEqual(before);
    expect(before.map((t: any) => t.percent)).toEqual([90, 10]);
  });

  test('changes made through methods after construction all reach the manifest, in any order', () => {
    const { chart, svc } = ksvc();
    svc.canary('hello-v1', 25);
    svc.addSidecar({ name: 'proxy', image: 'envoy:1' });
    const first = manifest(chart);
    expect(first.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['user-container', 'proxy']);
    expect(first.spec.traffic.map((t: any) => t.percent)).toEqual([75, 25]);
    svc.promote();
    svc.addSidecar({ name: 'logger', image: 'fluent-bit:3' });
    const second = manifest(chart);
    expect(second.spec.template.spec.containers.map((c: any) => c.name)).toEqual(['user-container', 'proxy', 'logger']);
    expect(second.spec.traffic.find((t: any) => t.latestRevision).percent).toBe(100);
  });

  test('fails when a canary percent is out of range', () => {
    const { svc } = ksvc();
    expect(() => svc.canary('hello-v1', 120)).toThrow(/canary.percent: 120 is not allowed; must be an integer from 0 to 100/);
  });

  test('fails when two traffic targets share a tag', () => {
    const { svc } = ksvc();
    expect(() => svc.replaceTraffic(
      TrafficTarget.toRevision('hello-v1', { percent: 50, tag: 'a' }),
      TrafficTarget.toLatestRevision({ percent: 50, tag: 'a' }),
    )).toThrow(/traffic\[1\].tag: "a" is not allowed; tags must be unique/);
  });

  test('fails when a Service traffic target names a Configuration', () => {
    const { chart, svc } = ksvc();
    expect(() => svc.replaceTraffic(TrafficTarget.toLatestOf(Configuration.fromConfigurationName(chart, 'Cfg', 'cfg'))))
      .toThrow(/traffic\[0\].configurationName: "cfg" is not allowed; a Service routes to its own Revisions/);
  });

  test('fails when a sidecar has a port', () => {
    const { svc } = ksvc();
    expect(() => svc.addSidecar({ image: 'xx', port: 9000 })).toThrow(/sidecars\[0\].port: 9000 is not allowed; only the serving container has a port/);
  });

  test('fails when addSidecar repeats a container name, and leaves the Service unchanged', () => {
    const { chart, svc } = ksvc();
    expect(() => svc.addSidecar({ name: 'user-container', image: 'ghcr.io/acme/proxy:2' }))
      .toThrow(/sidecars: "user-container" is not allowed; container names must be unique/);
    expect(manifest(chart).spec.template.spec.containers).toHaveLength(1);
  });

  test('fails when two containers share a name', () => {
    expect(() => new Service(Testing.chart(), 'Bad', {
      metadata: { name: 'bad' }, container: { image: 'img', name: 'app' }, sidecars: [{ image: 'xx', name: 'app' }],
    })).toThrow(/sidecars: "app" is not allowed; container names must be unique/);
  });

  test('fails when responseStartTimeout exceeds timeout', () => {
    expect(() => new Service(Testing.chart(), 'Bad', {
      metadata: { name: 'bad' }, container: { image: 'img' }, timeout: Duration.seconds(10), responseStartTimeout: Duration.seconds(20),
    })).toThrow(/responseStartTimeout: "20s" is not allowed; must not exceed timeout \(10s\)/);
  });
});
