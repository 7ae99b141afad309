/**
 * The example apps under `examples/apps`, each synthesized as a whole app
 * (`app.synthYaml()` runs every validation layer, as `cdk8s synth` does).
 */
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { BlueGreenChart } from '../../examples/apps/blue-green';
import { helloApp, HelloChart } from '../../examples/apps/chart-with-values';
import { EventPipelineChart } from '../../examples/apps/event-pipeline';
import { IngressTlsChart } from '../../examples/apps/ingress-tls';
import { EXAMPLES } from '../../examples/apps/main';
import { ChartValue } from '../../src/helm';
import { BlueGreenSide } from '../../src/serving';

interface Manifest { readonly apiVersion: string; readonly kind: string; readonly metadata: { name: string; namespace?: string; [k: string]: any }; readonly spec?: any; readonly data?: any }

/** Synthesizes the whole app, validations included, and returns its objects. */
function synth(app: App): Manifest[] {
  return parseAllDocuments(app.synthYaml()).map(d => d.toJS() as Manifest).filter(o => o);
}

function one(objects: Manifest[], kind: string, name: string): Manifest {
  const found = objects.filter(o => o.kind === kind && o.metadata.name === name);
  expect(found.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([`${kind}/${name}`]);
  return found[0];
}

describe('blue-green deploy', () => {
  test('blue takes all traffic, green is reachable at its tag', () => {
    const app = Testing.app();
    new BlueGreenChart(app, 'web', { greenImage: 'ghcr.io/example/web:1.1.0' });
    const ksvc = one(synth(app), 'Service', 'web');
    expect(ksvc.metadata.namespace).toBe('web');
    expect(ksvc.spec.template.metadata.name).toBe('web-green');
    expect(ksvc.spec.template.spec.containers[0].image).toBe('ghcr.io/example/web:1.1.0');
    expect(ksvc.spec.traffic).toEqual([
      { revisionName: 'web-blue', latestRevision: false, percent: 100, tag: 'blue' },
      { revisionName: 'web-green', latestRevision: false, percent: 0, tag: 'green' },
    ]);
  });

  test('going live flips the traffic to green', () => {
    const app = Testing.app();
    new BlueGreenChart(app, 'web', { greenImage: 'ghcr.io/example/web:1.1.0', live: BlueGreenSide.GREEN });
    const ksvc = one(synth(app), 'Service', 'web');
    expect(ksvc.spec.traffic.map((t: any) => [t.tag, t.percent])).toEqual([['blue', 0], ['green', 100]]);
  });
});

describe('event pipeline', () => {
  const app = Testing.app();
  new EventPipelineChart(app, 'shop');
  const objects = synth(app);

  test('has a Broker, two Triggers, a PingSource and three Services', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Broker/shop',
      'PingSource/nightly-report',
      'Service/dead-letters',
      'Service/orders',
      'Service/reports',
      'Trigger/order-events',
      'Trigger/report-requests',
    ]);
    expect(objects.every(o => o.metadata.namespace === 'shop')).toBe(true);
  });

  test('the Broker retries, then sends to the dead-letter Service', () => {
    const broker = one(objects, 'Broker', 'shop');
    expect(broker.spec.delivery).toEqual({
      retry: 5,
      backoffPolicy: 'exponential',
      backoffDelay: 'PT2S',
      deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'dead-letters', namespace: 'shop' } },
    });
  });

  test('Triggers route by event type', () => {
    const orders = one(objects, 'Trigger', 'order-events');
    expect(orders.spec.broker).toBe('shop');
    expect(orders.spec.filters).toEqual([{ prefix: { type: 'shop.order.' } }]);
    expect(orders.spec.subscriber.ref).toMatchObject({ kind: 'Service', name: 'orders' });

    const reports = one(objects, 'Trigger', 'report-requests');
    expect(reports.spec.filter).toEqual({ attributes: { type: 'shop.report.requested' } });
    expect(reports.spec.subscriber).toEqual({
      ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'reports', namespace: 'shop' },
      uri: '/nightly',
    });
  });

  test('the PingSource feeds the Broker every night', () => {
    const ping = one(objects, 'PingSource', 'nightly-report');
    expect(ping.spec).toMatchObject({ schedule: '0 2 * * *', timezone: 'Europe/Paris', data: '{"report":"daily-sales"}' });
    expect(ping.spec.sink.ref).toMatchObject({ kind: 'Broker', name: 'shop' });
    expect(ping.spec.ceOverrides).toEqual({ extensions: { team: 'shop' } });
  });
});

describe('ingress with TLS', () => {
  const app = Testing.app();
  new IngressTlsChart(app, 'api', { domain: 'apps.example.com', apiDomain: 'api.example.com' });
  const objects = synth(app);

  test('certificates come from the secret store into istio-system, never as plaintext', () => {
    for (const name of ['wildcard-tls', 'api-tls']) {
      const es = one(objects, 'ExternalSecret', name);
      expect(es.metadata.namespace).toBe('istio-system');
      expect(es.spec.target.template.type).toBe('kubernetes.io/tls');
      expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'platform-secrets' });
    }
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test('the gateway terminates HTTPS for the wildcard and the custom domain and redirects HTTP', () => {
    const gateway = one(objects, 'Gateway', 'knative-ingress-gateway');
    const servers: any[] = gateway.spec.servers;
    const https = servers.filter(s => s.port.protocol === 'HTTPS');
    expect(https.map(s => [s.hosts, s.tls.mode, s.tls.credentialName])).toEqual(expect.arrayContaining([
      [['*.apps.example.com'], 'SIMPLE', 'wildcard-tls'],
      [['api.example.com'], 'SIMPLE', 'api-tls'],
    ]));
    expect(servers.find(s => s.port.protocol === 'HTTP').tls).toEqual({ httpsRedirect: true });
  });

  test('the app namespace runs with STRICT mTLS, the API has its custom domain', () => {
    const strict = objects.filter(o => o.kind === 'PeerAuthentication' && o.metadata.namespace === 'api');
    expect(strict.map(p => p.spec.mtls.mode)).toEqual(['STRICT']);
    const mapping = one(objects, 'DomainMapping', 'api.example.com');
    expect(mapping.spec.ref).toMatchObject({ kind: 'Service', name: 'api' });
    expect(one(objects, 'Service', 'api').spec.template.spec.containers[0].image).toBe('ghcr.io/example/api:3.2.0');
  });
});

describe('chart with values', () => {
  test('plain synth writes the defaults', () => {
    const chart = new HelloChart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'hello');
    const ksvc = (Testing.synth(chart as Chart) as Manifest[]).find(o => o.kind === 'Service')!;
    const container = ksvc.spec.template.spec.containers[0];
    expect(container.image).toBe('ghcr.io/example/hello:1.0.0');
    expect(container.env).toContainEqual({ name: 'LOG_LEVEL', value: 'info' });
  });

  test('the Helm chart reads the values, with a schema', () => {
    const files = helloApp().helm.synth();
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['Chart.yaml', 'values.yaml', 'values.schema.json']));
    const template = Object.entries(files).find(([f]) => f.startsWith('templates/') && f.endsWith('.yaml') && f.includes('hello'))![1];
    expect(template).toContain('.Values.hello.image');
    expect(template).toContain('.Values.hello.logLevel');
    expect(files['values.yaml']).toContain('ghcr.io/example/hello:1.0.0');
    const schema = JSON.parse(files['values.schema.json']);
    expect(JSON.stringify(schema)).toContain('"enum":["debug","info","warn","error"]');
  });
});

describe('examples/apps/main', () => {
  test.each(Object.keys(EXAMPLES))('%s synthesizes', name => {
    expect(EXAMPLES[name]().length).toBeGreaterThan(0);
  });
});
