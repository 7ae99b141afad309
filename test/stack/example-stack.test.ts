import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { writeStackHelmChart } from '../../examples/stack/platform';
import { buildStack } from '../../main';
import { ChartValue } from '../../src/helm';
import { Service } from '../../src/serving';
import { helm } from '../helm/helm-cli';

const ROOT = path.resolve(__dirname, '..', '..');

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  visit(dir);
  return out;
}

describe('the example stack (main.ts)', () => {
  let tmp: string;
  let objects: any[];
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-'));
    const app = new App({ outdir: path.join(tmp, 'dist'), resolvers: [ChartValue.resolver()] });
    buildStack(app);
    app.synth();
    writeStackHelmChart(app, app.charts[0], { outdir: path.join(tmp, 'helm') });
    objects = Object.values(files(path.join(tmp, 'dist')))
      .flatMap(text => parseAllDocuments(text).map(d => d.toJS()));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const find = (kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata?.name === name);

  test('has one file per component, each object with apiVersion, kind and name', () => {
    expect(Object.keys(files(path.join(tmp, 'dist'))).sort())
      .toEqual(['build.k8s.yaml', 'eventing.k8s.yaml', 'ingress.k8s.yaml', 'platform.k8s.yaml', 'serving.k8s.yaml']);
    for (const o of objects) {
      expect(typeof o.apiVersion).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(typeof o.metadata.name).toBe('string');
    }
  });

  test('holds the getting-started Configuration, Route and canary ksvc in js-event-example', () => {
    const cfg = find('Configuration', 'js-example');
    expect(cfg.apiVersion).toBe('serving.knative.dev/v1');
    expect(cfg.metadata.namespace).toBe('js-event-example');
    expect(cfg.spec.template.spec.containers[0].image).toBe('docker.io/dbevenius/faas-js-example');
    expect(find('Route', 'js-example').spec.traffic).toEqual([{ configurationName: 'js-example', latestRevision: true, percent: 100 }]);
    const ksvc = find('Service', 'js-example-svc');
    expect(ksvc.apiVersion).toBe('serving.knative.dev/v1');
    expect(ksvc.spec.traffic.map((t: any) => t.percent)).toEqual([80, 20]);
  });

  test('wires PingSource -> Broker -> Trigger -> ksvc, an ApiServerSource and channel subscriptions', () => {
    expect(find('PingSource', 'heartbeat').spec.sink.ref).toMatchObject({ kind: 'Broker', name: 'default' });
    const trigger = objects.find(o => o.kind === 'Trigger');
    expect(trigger.spec.broker).toBe('default');
    expect(trigger.spec.filter.attributes.type).toBe('dev.knative.sources.ping');
    expect(trigger.spec.subscriber.ref).toMatchObject({ kind: 'Service', name: 'js-example-svc' });
    expect(find('ApiServerSource', 'kube-events').spec.resources).toEqual([{ apiVersion: 'v1', kind: 'Event' }]);
    const subs = objects.filter(o => o.kind === 'Subscription');
    expect(subs).toHaveLength(2);
    expect(subs.some(s => s.spec.delivery?.deadLetterSink)).toBe(true);
  });

  test('runs behind Istio with TLS and STRICT mTLS, and writes no plaintext Secret', () => {
    const serving = objects.find(o => o.kind === 'KnativeServing');
    const servers = serving.spec.ingress.istio['knative-ingress-gateway'].servers;
    expect(servers[0].tls).toEqual({ credentialName: 'knative-wildcard-tls', mode: 'SIMPLE' });
    expect(find('PeerAuthentication', 'default').spec.mtls.mode).toBe('STRICT');
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test('the committed dist/ and helm/ are what the code synthesizes (regenerating leaves git clean)', () => {
    expect(files(path.join(ROOT, 'dist'))).toEqual(files(path.join(tmp, 'dist')));
    expect(files(path.join(ROOT, 'helm'))).toEqual(files(path.join(tmp, 'helm')));
  });

  test('fails when the stack is broken: every problem listed, nothing written', () => {
    const out = path.join(tmp, 'broken');
    const app = new App({ outdir: out, resolvers: [ChartValue.resolver()] });
    buildStack(app);
    const chart = new Chart(app, 'broken', { namespace: 'js-event-example' });
    const svc = new Service(chart, 'Svc', { metadata: { name: 'broken-svc' }, container: { image: 'img' } });
    ApiObject.of(svc).addJsonPatch(JsonPatch.add('/spec/template/spec/containerConcurrency', 5000));
    new ApiObject(chart, 'Trigger', {
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 'orphan' },
      spec: { broker: 'missing', subscriber: { uri: 'relative/path' } },
    });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[broken\/Svc\] Service\/broken-svc: spec\.template\.spec\.containerConcurrency: /);
    expect(message).toMatch(/Trigger\/orphan: spec\.broker: .*missing/);
    expect(message).toMatch(/Trigger\/orphan: spec\.subscriber\.uri: /);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  });
});

describe('the committed Helm chart of the example stack', () => {
  test('helm template output passes the validate command under the cluster settings it installs, with defaults and with --set', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-'));
    try {
      const cli = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');
      const overrides = [
        '--set', 'serving.canaryPercent=35', '--set', 'platform.domain=apps.acme.org',
        '--set', 'platform.maxScaleLimit=20', '--set', 'serving.maxScale=20', '--set', 'platform.controlPlaneReplicas=3',
      ];
      for (const [name, extra] of [['defaults', []], ['set', overrides]] as const) {
        const rendered = helm('template', 'stack', path.join(ROOT, 'helm', 'knative-stack'), ...extra);
        expect(rendered.stderr).toBe('');
        const file = path.join(dir, `${name}.yaml`);
        fs.writeFileSync(file, rendered.stdout);
        // the cluster config the chart states: its own KnativeServing / KnativeEventing
        const run = spawnSync(process.execPath, [cli, 'validate', '--config', file, file], { encoding: 'utf8' });
        expect(`${run.stdout}${run.stderr}`).toMatch(/: 0 errors/);
        expect(run.status).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
