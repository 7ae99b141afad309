import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { Broker, Trigger } from '../../src/eventing';
import { ApplyOrder, checkApplyOrder, KnativeEventing, KnativeServing, OrderedFile } from '../../src/platform';
import { Service } from '../../src/serving';

/** The files of `dir` (recursively) in the order `kubectl apply -R -f dir` reads them, with their objects. */
function readOrdered(dir: string): OrderedFile[] {
  const out: OrderedFile[] = [];
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.ya?ml$/.test(e.name)) {
        out.push({ file: path.relative(dir, p), objects: parseAllDocuments(fs.readFileSync(p, 'utf8')).map(x => x.toJS()).filter(Boolean) });
      }
    }
  };
  visit(dir);
  return out;
}

function namespace(scope: Chart, name: string): ApiObject {
  return new kplus.k8s.KubeNamespace(scope, `Ns-${name}`, { metadata: { name } });
}

/**
 * A user-like app whose charts are created in the worst order: the apps first,
 * then their Namespace, then the Knative platform.
 */
function userApp(outdir: string, ordered: boolean, yamlOutputType?: YamlOutputType): App {
  const app = new App({ outdir, yamlOutputType });
  if (ordered) ApplyOrder.of(app);
  const apps = new Chart(app, 'apps', { namespace: 'demo' });
  const hello = new Service(apps, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1.0' } });
  const broker = new Broker(apps, 'Default', { metadata: { name: 'default' } });
  new Trigger(apps, 'ToHello', { metadata: { name: 'to-hello' }, broker, subscriber: hello });
  namespace(new Chart(app, 'namespaces'), 'demo');
  const platform = new Chart(app, 'platform');
  namespace(platform, 'knative-eventing');
  new KnativeEventing(platform, 'Eventing');
  new KnativeServing(platform, 'Serving');
  namespace(platform, 'knative-serving');
  return app;
}

describe('ApplyOrder', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-order-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('writes the charts of a user-like app in dependency order, which the offline check passes', () => {
    const app = userApp(tmp, true);
    app.synth();
    expect(fs.readdirSync(tmp).sort()).toEqual(['0000-namespaces.k8s.yaml', '0001-platform.k8s.yaml', '0002-apps.k8s.yaml']);
    const files = readOrdered(tmp);
    expect(checkApplyOrder(files)).toEqual([]);
    // within the platform chart each Operator resource follows its Namespace
    expect(files[1].objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/knative-eventing', 'KnativeEventing/knative-eventing', 'Namespace/knative-serving', 'KnativeServing/knative-serving',
    ]);
  });

  test('with one folder per chart (the Flux layout) the folders are numbered in the same order, each needing only earlier ones', () => {
    userApp(tmp, true, YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE).synth();
    expect(fs.readdirSync(tmp).sort()).toEqual(['0000-namespaces', '0001-platform', '0002-apps']);
    // one Flux Kustomization per folder: Flux applies a folder's Namespaces and CRDs first, then the rest
    const first = (o: any) => (o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition' ? 0 : 1);
    const folders: OrderedFile[] = fs.readdirSync(tmp).sort().map(folder => ({
      file: folder,
      objects: readOrdered(path.join(tmp, folder)).flatMap(f => f.objects).sort((a, b) => first(a) - first(b)),
    }));
    expect(checkApplyOrder(folders)).toEqual([]);
  });

  test('the offline check finds what a plain synth of the same app gets wrong', () => {
    userApp(tmp, false).synth();
    expect(fs.readdirSync(tmp).sort()).toEqual(['apps.k8s.yaml', 'namespaces.k8s.yaml', 'platform.k8s.yaml']);
    const problems = checkApplyOrder(readOrdered(tmp));
    expect(problems).toContain('Service demo/hello (apps.k8s.yaml) is applied before Namespace demo (namespaces.k8s.yaml)');
    expect(problems).toContain('Service demo/hello (apps.k8s.yaml) is applied before KnativeServing knative-serving/knative-serving (installs the serving.knative.dev CRDs) (platform.k8s.yaml)');
    expect(problems).toContain('Broker demo/default (apps.k8s.yaml) is applied before KnativeEventing knative-eventing/knative-eventing (installs the eventing.knative.dev CRDs) (platform.k8s.yaml)');
    expect(problems).toContain('KnativeServing knative-serving/knative-serving (platform.k8s.yaml) is applied before Namespace knative-serving (platform.k8s.yaml)');
  });

  test('puts a Namespace before the objects in it within one chart', () => {
    const app = Testing.app();
    ApplyOrder.of(app);
    const chart = new Chart(app, 'apps');
    new Service(chart, 'Hello', { metadata: { name: 'hello', namespace: 'demo' }, container: { image: 'img' } });
    new kplus.k8s.KubeConfigMap(chart, 'Settings', { metadata: { name: 'settings', namespace: 'demo' }, data: { a: 'b' } });
    namespace(chart, 'demo');
    expect(Testing.synth(chart).map(o => o.kind)).toEqual(['Namespace', 'Service', 'ConfigMap']);
  });

  test('orders a chart after the chart that defines the CRD of its objects', () => {
    const app = Testing.app();
    ApplyOrder.of(app);
    const users = new Chart(app, 'users');
    new ApiObject(users, 'Widget', { apiVersion: 'acme.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } });
    const crds = new Chart(app, 'crds');
    new ApiObject(crds, 'WidgetCrd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.acme.example.com' },
      spec: {
        group: 'acme.example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    app.synthYaml();
    expect(app.charts.map(c => c.node.id)).toEqual(['crds', 'users']);
  });

  test('leaves charts that only refer to each other in the order they were created', () => {
    const app = Testing.app();
    ApplyOrder.of(app);
    const events = new Chart(app, 'events', { namespace: 'demo' });
    const services = new Chart(app, 'services', { namespace: 'demo' });
    const hello = new Service(services, 'Hello', { metadata: { name: 'hello' }, container: { image: 'img' } });
    const broker = new Broker(events, 'Default', { metadata: { name: 'default' } });
    new Trigger(events, 'ToHello', { metadata: { name: 'to-hello' }, broker, subscriber: hello });
    app.synthYaml();
    // a Trigger may be applied before its subscriber: Knative resolves the reference once both exist
    expect(app.charts.map(c => c.node.id)).toEqual(['events', 'services']);
  });

  test('writes Argo CD sync waves by tier, and SkipDryRunOnMissingResource where the Operator installs the CRDs', () => {
    const app = userApp(tmp, true);
    const objects = parseAllDocuments(app.synthYaml()).map(d => d.toJS());
    const wave = (kind: string) => objects.find(o => o.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave'];
    expect(['Namespace', 'KnativeServing', 'KnativeEventing', 'Service', 'Broker', 'Trigger'].map(wave)).toEqual(['0', '1', '1', '3', '3', '3']);
    const options = (kind: string) => objects.find(o => o.kind === kind).metadata.annotations?.['argocd.argoproj.io/sync-options'];
    expect(options('Service')).toBe('SkipDryRunOnMissingResource=true');
    expect(options('Trigger')).toBe('SkipDryRunOnMissingResource=true');
    expect(options('KnativeServing')).toBeUndefined();
    expect(options('Namespace')).toBeUndefined();
  });

  test('keeps a sync wave or sync option set by the user, and writes none when argoCdSyncWaves is false', () => {
    const app = Testing.app();
    const order = ApplyOrder.of(app);
    expect(ApplyOrder.of(app)).toBe(order);
    const chart = new Chart(app, 'apps', { namespace: 'demo' });
    const hello = new Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'img' } });
    ApiObject.of(hello).metadata.addAnnotation('argocd.argoproj.io/sync-wave', '7');
    ApiObject.of(hello).metadata.addAnnotation('argocd.argoproj.io/sync-options', 'Prune=false');
    new KnativeServing(new Chart(app, 'platform'), 'Serving');
    const annotations = () => Testing.synth(chart)[0].metadata.annotations;
    // and again on a second synth, where the options already hold the one added
    for (let i = 0; i < 2; i++) {
      expect(annotations()).toMatchObject({
        'argocd.argoproj.io/sync-wave': '7',
        'argocd.argoproj.io/sync-options': 'Prune=false,SkipDryRunOnMissingResource=true',
      });
    }

    const plain = Testing.app();
    ApplyOrder.of(plain).configure({ argoCdSyncWaves: false });
    const c2 = new Chart(plain, 'apps', { namespace: 'demo' });
    new Service(c2, 'Hello', { metadata: { name: 'hello' }, container: { image: 'img' } });
    new KnativeServing(new Chart(plain, 'platform'), 'Serving');
    expect(Testing.synth(c2)[0].metadata.annotations).toBeUndefined();
  });

  test('fails when two charts need each other through a Namespace and the Operator', () => {
    const app = Testing.app();
    ApplyOrder.of(app);
    const apps = new Chart(app, 'apps');
    namespace(apps, 'knative-serving');
    new Service(apps, 'Hello', { metadata: { name: 'hello', namespace: 'default' }, container: { image: 'img' } });
    new KnativeServing(new Chart(app, 'platform'), 'Serving');
    expect(() => app.synthYaml()).toThrow(/ApplyOrder: charts (apps and platform|platform and apps) need each other, so no file order applies them: .*Namespace knative-serving.*KnativeServing knative-serving\/knative-serving.*Move the Namespace or the KnativeServing/);
  });

  test('the offline check wants a file boundary before objects whose CRDs the Operator installs', () => {
    const files: OrderedFile[] = [{
      file: 'all.yaml',
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'knative-serving' } },
        { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'knative-serving', namespace: 'knative-serving' } },
        { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default', annotations: { 'argocd.argoproj.io/sync-wave': '0' } } },
      ],
    }];
    files[0].objects[1].metadata!.annotations = { 'argocd.argoproj.io/sync-wave': '1' };
    expect(checkApplyOrder(files)).toEqual([
      'Service default/hello (all.yaml) is applied in the same file as KnativeServing knative-serving/knative-serving (installs the serving.knative.dev CRDs) (all.yaml)',
      'Service default/hello (all.yaml) has sync wave 0, not after KnativeServing knative-serving/knative-serving (installs the serving.knative.dev CRDs) (wave 1)',
    ]);
  });

  test('renders the objects for the order and the validation once per synth, not in every pass', () => {
    const app = userApp(tmp, true);
    const objects = app.node.findAll().filter(ApiObject.isApiObject).length;
    expect(app.charts.length).toBeGreaterThan(2);
    const render = jest.spyOn(ApiObject.prototype, 'toJson');
    try {
      // cdk8s validates once per synth and again in each chart's toJson(), then renders each chart:
      // the first pass renders twice (the order adds its annotations in between); the passes of the
      // charts take those renders (nothing but cdk8s ran since); cdk8s renders each object once to write it
      app.synth();
      expect(render).toHaveBeenCalledTimes(objects * 2 + objects);
      render.mockClear();
      // the annotations are in place now: one render for the checks, one to write
      app.synthYaml();
      expect(render).toHaveBeenCalledTimes(objects + objects);
      render.mockClear();
      // a chart rendered by the user's own code is a pass of its own: rendered again
      Testing.synth(app.node.findChild('apps') as Chart);
      expect(render).toHaveBeenCalledTimes(objects + app.node.findChild('apps').node.findAll().filter(ApiObject.isApiObject).length);
    } finally {
      render.mockRestore();
    }
  });

  test('a change between two synths is seen by the order and the validation', () => {
    const app = new App({ outdir: tmp });
    ApplyOrder.of(app);
    const chart = new Chart(app, 'apps');
    const hello = new Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1.0' } });
    app.synth();
    // the object changes between two synths in the same tick: neither reuses the renders of the first
    hello.metadata.addAnnotation('argocd.argoproj.io/sync-wave', '9');
    hello.metadata.addLabel('tier', 'not a label value!');
    expect(() => app.synth()).toThrow(/Service\/hello: metadata\.labels\.tier/);
    hello.metadata.addLabel('tier', 'web');
    const service = Testing.synth(chart).find(o => o.kind === 'Service');
    expect(service.metadata.labels).toMatchObject({ tier: 'web' });
    expect(service.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/sync-wave': '9' });
  });
});
