import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ClusterDomainClaim, Configuration, DomainMapping, Route, Service, TrafficTarget, Visibility } from '../../src/serving';
import { ClusterConfig } from '../../src/validation/cluster-config';
import { Validation } from '../../src/validation/validation';

/** A cluster where Knative creates each DomainMapping's ClusterDomainClaim (else a DomainMapping needs one). */
const autocreateClaims = (chart: Chart) =>
  Validation.of(chart).configure({ clusterConfig: ClusterConfig.DEFAULT.withSettings({ autocreateClusterDomainClaims: true }) });

describe('Configuration', () => {
  test('synthesizes a Configuration whose template is the Revision template', () => {
    const chart = Testing.chart();
    const cfg = new Configuration(chart, 'Cfg', { metadata: { name: 'js-example', namespace: 'demo' }, container: { image: 'img', port: 8080 }, containerConcurrency: 5 });
    const [obj] = Testing.synth(chart);
    expect(obj.apiVersion).toBe('serving.knative.dev/v1');
    expect(obj.kind).toBe('Configuration');
    expect(obj.spec.template.spec.containerConcurrency).toBe(5);
    expect(obj.spec.template.spec.containers[0]).toMatchObject({ image: 'img', ports: [{ containerPort: 8080 }] });
    expect(obj.spec.traffic).toBeUndefined();
    expect(cfg.latestRevision({ percent: 100 })).toMatchObject({ configurationName: 'js-example', latestRevision: true, percent: 100 });
  });

  test('addSidecar adds a container', () => {
    const chart = Testing.chart();
    const cfg = new Configuration(chart, 'Cfg', { metadata: { name: 'cfg' }, container: { image: 'img' } });
    cfg.addSidecar({ image: 'log-shipper' });
    expect(Testing.synth(chart)[0].spec.template.spec.containers[1]).toMatchObject({ name: 'sidecar-0', image: 'log-shipper' });
  });

  test('Configuration.fromConfigurationName refers to a Configuration outside the app, for Route targets', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Legacy', 'legacy', { namespaceName: 'team-b' });
    expect(cfg.name).toBe('legacy');
    expect(cfg.node.path).toBe('test/Legacy');
    expect(TrafficTarget.toLatestOf(cfg)).toMatchObject({ configurationName: 'legacy', latestRevision: true });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('fails when an imported Configuration name is not a DNS-1035 label', () => {
    expect(() => Configuration.fromConfigurationName(Testing.chart(), 'Legacy', 'legacy_v1'))
      .toThrow(/\[test\/Legacy\] name: "legacy_v1" is not allowed; must be a DNS-1035 label/);
  });

  test('fails when the revision name lacks the configuration prefix', () => {
    expect(() => new Configuration(Testing.chart(), 'Cfg', { metadata: { name: 'cfg' }, container: { image: 'img' }, revisionName: 'x-1' }))
      .toThrow(/\[test\/Cfg\] revisionName: "x-1" is not allowed; must start with "cfg-"/);
  });
});

describe('Route', () => {
  test('routes to the latest Revision of a Configuration and to named Revisions', () => {
    const chart = Testing.chart();
    const cfg = new Configuration(chart, 'Cfg', { metadata: { name: 'js-example' }, container: { image: 'img' } });
    const route = new Route(chart, 'Route', {
      metadata: { name: 'js-example' },
      traffic: [cfg.latestRevision({ percent: 60, tag: 'latest' }), TrafficTarget.toRevision('js-example-00001', { percent: 40 })],
      visibility: Visibility.CLUSTER_LOCAL,
    });
    const obj = Testing.synth(chart).find(o => o.kind === 'Route');
    expect(obj.metadata.labels).toEqual({ 'networking.knative.dev/visibility': 'cluster-local' });
    expect(obj.spec.traffic).toEqual([
      { configurationName: 'js-example', latestRevision: true, percent: 60, tag: 'latest' },
      { revisionName: 'js-example-00001', latestRevision: false, percent: 40 },
    ]);
    expect(route.reference.kind).toBe('Route');
    expect(route.url).toBe('http://js-example.default.svc.cluster.local');
  });

  test('a single target without percent takes 100 %', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Cfg', 'cfg');
    new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf(cfg)] });
    expect(Testing.synth(chart)[0].spec.traffic).toEqual([{ configurationName: 'cfg', latestRevision: true, percent: 100 }]);
  });

  test('replaceTraffic replaces the split of the traffic prop', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Cfg', 'cfg');
    const route = new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf(cfg)] });
    route.replaceTraffic(TrafficTarget.toLatestOf(cfg, { percent: 80 }), TrafficTarget.toRevision('cfg-00001', { percent: 20, tag: 'old' }));
    expect(route.trafficTargets.map(t => t.percent)).toEqual([80, 20]);
    expect(Testing.synth(chart)[0].spec.traffic).toEqual([
      { configurationName: 'cfg', latestRevision: true, percent: 80 },
      { revisionName: 'cfg-00001', latestRevision: false, percent: 20, tag: 'old' },
    ]);
  });

  test('fails when replaceTraffic gets no targets or a bad split, and leaves the Route as it was', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Cfg', 'cfg');
    const route = new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf(cfg)] });
    expect(() => route.replaceTraffic()).toThrow(/\[test\/Route\] traffic: \[\] is not allowed; a Route needs at least one traffic target/);
    expect(() => route.replaceTraffic(TrafficTarget.toLatestOf(cfg, { percent: 50 })))
      .toThrow(/traffic\[\*\].percent: \[50\] is not allowed; the percents must add up to 100, not 50/);
    expect(Testing.synth(chart)[0].spec.traffic).toEqual([{ configurationName: 'cfg', latestRevision: true, percent: 100 }]);
  });

  test('fails when a Route target follows the latest revision without a configuration', () => {
    expect(() => new Route(Testing.chart(), 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestRevision()] }))
      .toThrow(/\[test\/Route\] traffic\[0\]: "latestRevision without configuration" is not allowed; a Route target follows a Configuration/);
  });

  test('fails when a Route has no traffic', () => {
    expect(() => new Route(Testing.chart(), 'Route', { metadata: { name: 'r' }, traffic: [] }))
      .toThrow(/traffic: \[\] is not allowed; a Route needs at least one traffic target/);
  });

  test('fails at synth when no traffic prop or method set the split', () => {
    const chart = Testing.chart();
    new Route(chart, 'Route', { metadata: { name: 'r' } });
    // one construct path: cdk8s prefixes it, the message does not repeat it
    expect(() => Testing.synth(chart)).toThrow(/failed with the following errors:\n {2}\[test\/Route\] traffic: a Route needs at least one traffic target; set the traffic prop, or call canary\(\), blueGreen\(\) or replaceTraffic\(\)/);
  });

  test('canary() splits between a pinned Revision and the latest of a Configuration, and promote() finishes it', () => {
    const chart = Testing.chart();
    const config = new Configuration(chart, 'C', { metadata: { name: 'app' }, container: { image: 'img' } });
    const route = new Route(chart, 'Route', { metadata: { name: 'app' } });
    route.canary(config, 'app-v1', 20);
    expect(Testing.synth(chart)[1].spec.traffic).toEqual([
      { revisionName: 'app-v1', latestRevision: false, percent: 80, tag: 'stable' },
      { configurationName: 'app', latestRevision: true, percent: 20, tag: 'canary' },
    ]);
    route.promote();
    expect(Testing.synth(chart)[1].spec.traffic).toEqual([
      { configurationName: 'app', latestRevision: true, percent: 100 },
      { revisionName: 'app-v1', latestRevision: false, percent: 0, tag: 'stable' },
    ]);
  });

  test('blueGreen() pins two Revisions; promote(configuration) then moves to the latest', () => {
    const chart = Testing.chart();
    const config = new Configuration(chart, 'C', { metadata: { name: 'app' }, container: { image: 'img' } });
    const route = new Route(chart, 'Route', { metadata: { name: 'app' } });
    route.blueGreen({ blue: 'app-v1', green: 'app-v2' });
    expect(route.trafficTargets.map(t => [t.tag, t.percent])).toEqual([['blue', 100], ['green', 0]]);
    expect(() => route.promote()).toThrow(/promote: .*name the Configuration/);
    route.promote(config);
    expect(route.trafficTargets.map(t => [t.configurationName ?? t.revisionName, t.percent])).toEqual([['app', 100], ['app-v1', 0], ['app-v2', 0]]);
  });

  test('fails when a release method would replace the split of the traffic prop (one owner of the split)', () => {
    const chart = Testing.chart();
    const config = new Configuration(chart, 'C', { metadata: { name: 'app' }, container: { image: 'img' } });
    const route = new Route(chart, 'Route', { metadata: { name: 'app' }, traffic: [config.latestRevision()] });
    expect(() => route.canary(config, 'app-v1', 10)).toThrow(/canary: .*set by the traffic prop.*canary\(\) writes the whole traffic split/);
    expect(() => route.promote(config)).toThrow(/promote: .*set by the traffic prop/);
    route.replaceTraffic(TrafficTarget.toRevision('app-v1'));
    expect(() => route.blueGreen({ blue: 'a', green: 'b' })).toThrow(/blueGreen: .*replaceTraffic\(\)/);
  });

  test('fails when two release methods are combined', () => {
    const chart = Testing.chart();
    const config = new Configuration(chart, 'C', { metadata: { name: 'app' }, container: { image: 'img' } });
    const route = new Route(chart, 'Route', { metadata: { name: 'app' } });
    route.canary(config, 'app-v1', 10);
    expect(() => route.blueGreen({ blue: 'a', green: 'b' })).toThrow(/blueGreen: .*set by canary\(\)/);
  });

  test('writes rollout-duration on a Route and a Service', () => {
    const chart = Testing.chart();
    const config = new Configuration(chart, 'C', { metadata: { name: 'app' }, container: { image: 'img' } });
    new Route(chart, 'Route', { metadata: { name: 'app' }, traffic: [config.latestRevision()], rolloutDuration: Duration.minutes(2) });
    new Service(chart, 'S', { metadata: { name: 's' }, container: { image: 'img' }, rolloutDuration: Duration.seconds(30) });
    const [, route, svc] = Testing.synth(chart);
    expect(route.metadata.annotations).toEqual({ 'serving.knative.dev/rollout-duration': '120s' });
    expect(svc.metadata.annotations).toEqual({ 'serving.knative.dev/rollout-duration': '30s' });
  });

  test('fails when rollout-duration is not whole seconds or is also set as an annotation', () => {
    expect(() => new Service(Testing.chart(), 'S', { metadata: { name: 's' }, container: { image: 'img' }, rolloutDuration: Duration.millis(1500) }))
      .toThrow(/rolloutDuration: "1500ms" is not allowed; must be whole seconds/);
    expect(() => new Service(Testing.chart(), 'S', {
      metadata: { name: 's', annotations: { 'serving.knative.dev/rollout-duration': '10s' } }, container: { image: 'img' }, rolloutDuration: Duration.seconds(5),
    })).toThrow(/set it one way/);
  });

  test('fails when a tag starts with a digit (tags are DNS-1035 labels)', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Cfg', 'c');
    expect(() => new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf(cfg, { tag: '1st' })] }))
      .toThrow(/traffic\[0\].tag: "1st" is not allowed; must be a DNS-1035 label/);
  });

  test('fails when a tag is not a DNS label', () => {
    const chart = Testing.chart();
    const cfg = Configuration.fromConfigurationName(chart, 'Cfg', 'c');
    expect(() => new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf(cfg, { tag: 'Blue!' })] }))
      .toThrow(/traffic\[0\].tag: "Blue!" is not allowed; must be a DNS-1035 label/);
  });
});

describe('DomainMapping', () => {
  test('maps a domain to a Knative Service with TLS', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'apps' });
    autocreateClaims(chart);
    const svc = new Service(chart, 'Svc', { metadata: { name: 'api', namespace: 'apps' }, container: { image: 'img' } });
    const tls = kplus.Secret.fromSecretName(chart, 'Tls', 'api-tls');
    const dm = new DomainMapping(chart, 'Domain', { domain: 'api.example.com', target: svc, tlsSecret: tls, metadata: { namespace: 'apps' } });
    const obj = Testing.synth(chart).find(o => o.kind === 'DomainMapping');
    expect(obj).toEqual({
      apiVersion: 'serving.knative.dev/v1beta1',
      kind: 'DomainMapping',
      metadata: { name: 'api.example.com', namespace: 'apps' },
      spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'api', namespace: 'apps' }, tls: { secretName: 'api-tls' } },
    });
    expect(dm.url).toBe('https://api.example.com');
  });

  test('fails when the domain is not a domain', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'Svc', { metadata: { name: 'api' }, container: { image: 'img' } });
    expect(() => new DomainMapping(chart, 'D1', { domain: 'API_example', target: svc })).toThrow(/\[test\/D1\] domain: "API_example" is not allowed; must be a DNS-1123 subdomain/);
    expect(() => new DomainMapping(chart, 'D2', { domain: 'localhost', target: svc })).toThrow(/domain: "localhost" is not allowed; must be a fully qualified domain/);
  });

  test('fails when a label is longer than 63 characters or the domain is cluster-local', () => {
    const chart = Testing.chart();
    const svc = Service.fromServiceName(chart, 'Ext', 'api');
    expect(() => new DomainMapping(chart, 'D1', { domain: `${'x'.repeat(64)}.com`, target: svc })).toThrow(/domain: "x{64}\.com" is not allowed; must be a DNS-1123 subdomain/);
    expect(() => new DomainMapping(chart, 'D2', { domain: 'api.demo.svc.cluster.local', target: svc })).toThrow(/must not be a cluster-local domain/);
  });

  test('fails when metadata.name differs from the domain', () => {
    const chart = Testing.chart();
    autocreateClaims(chart);
    const svc = Service.fromServiceName(chart, 'Ext', 'api');
    expect(() => new DomainMapping(chart, 'D', { domain: 'api.example.com', target: svc, metadata: { name: 'api' } }))
      .toThrow(/\[test\/D\] metadata.name: "api" is not allowed; a DomainMapping is named after its domain \("api.example.com"\); leave metadata.name out/);
    new DomainMapping(chart, 'Same', { domain: 'api.example.com', target: svc, metadata: { name: 'api.example.com' } });
    expect(Testing.synth(chart).find(o => o.kind === 'DomainMapping').metadata.name).toBe('api.example.com');
  });

  test('fails on synth when no ClusterDomainClaim exists and Knative does not create claims (its default)', () => {
    const chart = Testing.chart();
    new DomainMapping(chart, 'D', { domain: 'api.example.com', target: Service.fromServiceName(chart, 'Ext', 'api') });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/D\] DomainMapping\/api.example.com: metadata.name: no ClusterDomainClaim "api.example.com" is defined/);
  });

  test('fails when the target lives in another namespace', () => {
    const chart = Testing.chart();
    const svc = Service.fromServiceName(chart, 'Ext', 'api', { namespaceName: 'other' });
    expect(() => new DomainMapping(chart, 'D', { domain: 'api.example.com', target: svc, metadata: { namespace: 'apps' } }))
      .toThrow(/target.namespace: "other" is not allowed; must be the DomainMapping's own namespace \(apps\)/);
  });
});

describe('ClusterDomainClaim', () => {
  test('is cluster-scoped: no namespace, whatever the chart\'s', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'apps' });
    const claim = new ClusterDomainClaim(chart, 'Claim', { domain: 'api.example.com', namespaceName: 'apps' });
    expect(claim.domain).toBe('api.example.com');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.internal.knative.dev/v1alpha1',
      kind: 'ClusterDomainClaim',
      metadata: { name: 'api.example.com' },
      spec: { namespace: 'apps' },
    }]);
  });

  test('domainMapping.claim() delegates the domain to the DomainMapping\'s namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'apps' });
    const svc = new Service(chart, 'S', { metadata: { name: 'api' }, container: { image: 'img' } });
    const dm = new DomainMapping(chart, 'DM', { domain: 'api.example.com', target: svc });
    const claim = dm.claim();
    expect(claim.namespaceName).toBe('apps');
    expect(Testing.synth(chart).find(o => o.kind === 'ClusterDomainClaim').spec).toEqual({ namespace: 'apps' });
    expect(() => dm.claim()).toThrow(/claim: .*call claim\(\) once/);
  });

  test('fails when the domain has one label or the namespace is not a label', () => {
    expect(() => new ClusterDomainClaim(Testing.chart(), 'C', { domain: 'api', namespaceName: 'apps' })).toThrow(/domain: "api" is not allowed; must be a fully qualified domain/);
    expect(() => new ClusterDomainClaim(Testing.chart(), 'C', { domain: 'a.example.com', namespaceName: 'Apps' })).toThrow(/namespaceName: "Apps" is not allowed/);
  });

  test('fails when claim() cannot know the namespace', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'S', { metadata: { name: 'api' }, container: { image: 'img' } });
    const dm = new DomainMapping(chart, 'DM', { domain: 'api.example.com', target: svc });
    expect(() => dm.claim()).toThrow(/claim: .*needs the DomainMapping's namespace/);
  });
});
