import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Configuration, DomainMapping, Route, Service, TrafficTarget, Visibility } from '../../src/serving';

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
    new Route(chart, 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf({ name: 'cfg' })] });
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

  test('fails when a tag starts with a digit (tags are DNS-1035 labels)', () => {
    expect(() => new Route(Testing.chart(), 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf({ name: 'c' }, { tag: '1st' })] }))
      .toThrow(/traffic\[0\].tag: "1st" is not allowed; must be a DNS-1035 label/);
  });

  test('fails when a tag is not a DNS label', () => {
    expect(() => new Route(Testing.chart(), 'Route', { metadata: { name: 'r' }, traffic: [TrafficTarget.toLatestOf({ name: 'c' }, { tag: 'Blue!' })] }))
      .toThrow(/traffic\[0\].tag: "Blue!" is not allowed; must be a DNS-1035 label/);
  });
});

describe('DomainMapping', () => {
  test('maps a domain to a Knative Service with TLS', () => {
    const chart = Testing.chart({ namespace: 'apps' } as any);
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
    const svc = Service.fromName(chart, 'Ext', 'api');
    expect(() => new DomainMapping(chart, 'D1', { domain: `${'x'.repeat(64)}.com`, target: svc })).toThrow(/domain: "x{64}\.com" is not allowed; must be a DNS-1123 subdomain/);
    expect(() => new DomainMapping(chart, 'D2', { domain: 'api.demo.svc.cluster.local', target: svc })).toThrow(/must not be a cluster-local domain/);
  });

  test('fails when the target lives in another namespace', () => {
    const chart = Testing.chart();
    const svc = Service.fromName(chart, 'Ext', 'api', { namespace: 'other' });
    expect(() => new DomainMapping(chart, 'D', { domain: 'api.example.com', target: svc, metadata: { namespace: 'apps' } }))
      .toThrow(/target.namespace: "other" is not allowed; must be the DomainMapping's own namespace \(apps\)/);
  });
});
