import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ChartValue, ChartValueType, HelmChart } from '../../src/helm';
import { IngressTls, KnativeIngress } from '../../src/istio';
import { SecretSource, TlsSecret } from '../../src/secrets';
import { Service, Visibility } from '../../src/serving';
import { byKey, helm, keyOf, parseObjects, plainObjects, template, tmpdir } from './helm-cli';

jest.setTimeout(60_000);

const STANDARD_LABELS = [
  'helm.sh/chart', 'app.kubernetes.io/name', 'app.kubernetes.io/instance',
  'app.kubernetes.io/version', 'app.kubernetes.io/managed-by', 'app.kubernetes.io/component',
];

/** A small stack: a platform chart with a CRD and a custom object, an apps chart with a Deployment and a Secret. */
/** An app that carries the chart value resolver. */
function valuesApp(): App {
  return Testing.app({ resolvers: [ChartValue.resolver()] });
}

function buildApp(): App {
  const app = valuesApp();
  const platform = new Chart(app, 'platform');
  new ApiObject(platform, 'crd', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets', singular: 'widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  });
  const domain = platformDomain(platform);
  const canary = ChartValue.integerValue(platform, 'platform.canaryPercent', { defaultValue: 20, minimum: 0, maximum: 100, description: 'Canary share.' });
  new ApiObject(platform, 'widget', {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'widget', namespace: 'platform', annotations: { 'example.com/url': `https://${domain}/100%` } },
    spec: {
      domains: { [domain]: '' },
      ratio: ChartValue.numberValue(platform, 'platform.ratio', { defaultValue: 0.5, minimum: 0, maximum: 1, description: 'A ratio.' }).asNumber(),
      mode: ChartValue.stringValue(platform, 'platform.mode', { defaultValue: 'fast', allowedValues: ['fast', 'safe'], description: 'Mode.' }).asString(),
      debug: ChartValue.booleanValue(platform, 'platform.debug', { defaultValue: false, description: 'Debug logging.' }).asAny(),
      zones: ChartValue.listValue(platform, 'platform.zones', { defaultValue: ['a', 'b'], itemType: ChartValueType.STRING, description: 'Zones.' }).asStringList(),
      tuning: ChartValue.objectValue(platform, 'platform.tuning', { defaultValue: { burst: 10, labels: { tier: 'gold' } }, description: 'Tuning.' }).asAny(),
      literal: 'a {{ not a template }} string',
      traffic: [{ tag: 'stable', percent: canary.subtractFrom(100).asNumber() }, { tag: 'canary', percent: canary.asNumber() }],
    },
  });

  const apps = new Chart(app, 'apps', { namespace: 'apps' });
  const replicas = ChartValue.integerValue(apps, 'api.replicas', { defaultValue: 2, minimum: 1, maximum: 20, description: 'Replicas of the API.' }).asNumber();
  const image = ChartValue.stringValue(apps, 'api.image', { defaultValue: 'ghcr.io/acme/api:1.0', description: 'Image of the API.' }).asString();
  new kplus.Deployment(apps, 'api', {
    replicas,
    containers: [{ image, portNumber: 8080, securityContext: { ensureNonRoot: false } }],
  });
  new kplus.Secret(apps, 'db', {
    stringData: { password: ChartValue.stringValue(apps, 'api.dbPassword', { secret: true, secretPlaceholder: 'changeme', description: 'Database password.' }).asString() },
  });
  return app;
}

/** The `platform.domain` value (the same value each time it is asked for). */
function platformDomain(platform: Chart): string {
  return ChartValue.stringValue(platform, 'platform.domain', {
    defaultValue: 'example.com', pattern: '^[a-z0-9.-]+$', description: 'Domain of the Services\' URLs.',
  }).asString();
}

/** Removes the labels the chart adds (checking they are there) so objects compare with plain synth. */
function withoutChartLabels(o: any, plain: any): any {
  const labels = { ...(o.metadata?.labels ?? {}) };
  for (const key of STANDARD_LABELS) {
    if (plain?.metadata?.labels?.[key] === undefined) {
      expect(labels[key]).toBeDefined();
      delete labels[key];
    }
  }
  const metadata = { ...o.metadata, labels };
  if (Object.keys(labels).length === 0 && plain?.metadata?.labels === undefined) delete metadata.labels;
  return { ...o, metadata };
}

describe('HelmChart with the real helm', () => {
  let chartDir: string;
  let app: App;
  const secret = ['--set', 'api.dbPassword=changeme'];

  beforeAll(() => {
    app = buildApp();
    chartDir = new HelmChart(app, { name: 'stack', version: '1.2.3', appVersion: '1.23.0', domain: platformDomain(app.charts[0]) }).write(tmpdir());
  });

  test('writes the chart layout', () => {
    const files = fs.readdirSync(chartDir, { recursive: true }).map(String).sort();
    expect(files).toEqual(expect.arrayContaining([
      '.helmignore', 'Chart.yaml', 'README.md', 'crds', path.join('crds', 'platform.yaml'), 'templates',
      path.join('templates', 'NOTES.txt'), path.join('templates', '_helpers.tpl'), path.join('templates', 'apps.yaml'),
      path.join('templates', 'platform.yaml'), 'values.schema.json', 'values.yaml',
    ]));
    const chartYaml = parseObjects(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'))[0];
    expect(chartYaml).toMatchObject({ apiVersion: 'v2', name: 'stack', version: '1.2.3', appVersion: '1.23.0', kubeVersion: '>=1.34.0-0' });
  });

  test('values.yaml has the defaults with descriptions, and no secret', () => {
    const text = fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8');
    expect(text).toContain('# Replicas of the API.');
    expect(text).toContain('# SECRET');
    expect(text).not.toContain('changeme');
    const values = parseObjects(text)[0];
    expect(values).toEqual({
      api: { image: 'ghcr.io/acme/api:1.0', replicas: 2 },
      apps: { enabled: true },
      platform: {
        enabled: true, canaryPercent: 20, domain: 'example.com', ratio: 0.5, mode: 'fast', debug: false, zones: ['a', 'b'],
        tuning: { burst: 10, labels: { tier: 'gold' } },
      },
    });
  });

  test('helm lint --strict passes', () => {
    const run = helm('lint', '--strict', chartDir, ...secret);
    expect(run.stderr).toBe('');
    expect(run.ok).toBe(true);
  });

  test('helm template with default values yields the objects of plain synth', () => {
    const plain = plainObjects(app).filter(o => o.kind !== 'CustomResourceDefinition');
    const rendered = template(chartDir, ...secret);
    const plainByKey = byKey(plain);
    expect(rendered.map(keyOf).sort()).toEqual(plain.map(keyOf).sort());
    for (const o of rendered) {
      expect(withoutChartLabels(o, plainByKey[keyOf(o)])).toEqual(plainByKey[keyOf(o)]);
    }
    const crds = template(chartDir, ...secret, '--include-crds').filter(o => o.kind === 'CustomResourceDefinition');
    expect(crds).toEqual(plainObjects(app).filter(o => o.kind === 'CustomResourceDefinition'));
  });

  test('helm template --set changes exactly the intended fields', () => {
    const defaults = byKey(template(chartDir, ...secret));
    const changed = byKey(template(chartDir, ...secret,
      '--set', 'api.replicas=7', '--set', 'platform.domain=acme.org', '--set', 'platform.debug=true',
      '--set-json', 'platform.ratio=0.25', '--set-json', 'platform.zones=["z"]', '--set', 'api.dbPassword=s3cr%t',
      '--set-json', 'platform.tuning={"burst":1}', '--set', 'platform.canaryPercent=35'));
    const expected = structuredClone(defaults);
    const deployment = Object.keys(expected).find(k => k.startsWith('Deployment/'))!;
    expected[deployment].spec.replicas = 7;
    const widget = expected['Widget/platform/widget'];
    widget.metadata.annotations['example.com/url'] = 'https://acme.org/100%';
    widget.spec.domains = { 'acme.org': '' };
    widget.spec.debug = true;
    widget.spec.ratio = 0.25;
    widget.spec.zones = ['z'];
    widget.spec.traffic = [{ tag: 'stable', percent: 65 }, { tag: 'canary', percent: 35 }];
    widget.spec.tuning = { burst: 1, labels: { tier: 'gold' } }; // helm merges maps given with --set-json into the defaults
    const secretKey = Object.keys(expected).find(k => k.startsWith('Secret/'))!;
    expected[secretKey].stringData.password = 's3cr%t';
    expect(changed).toEqual(expected);
    expect(typeof changed[deployment].spec.replicas).toBe('number');
    expect(defaults['Widget/platform/widget'].spec.traffic).toEqual([{ tag: 'stable', percent: 80 }, { tag: 'canary', percent: 20 }]);
    expect(widget.spec.literal).toBe('a {{ not a template }} string');
  });

  test('a component switched off renders nothing', () => {
    const rendered = template(chartDir, ...secret, '--set', 'apps.enabled=false');
    expect(rendered.map(o => o.kind).sort()).toEqual(['Widget']);
  });

  test('fails when values break the schema', () => {
    for (const bad of [['api.replicas=0'], ['platform.mode=slow'], ['platform.domain=Not_A_Domain'], ['api.replcas=3'], ['platform.debug=maybe']]) {
      const run = helm('template', 'rel', chartDir, ...secret, '--set', bad[0]);
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/schema/);
    }
    expect(helm('template', 'rel', chartDir, ...secret, '--set', 'global.region=eu').ok).toBe(true);
    const missing = helm('template', 'rel', chartDir);
    expect(missing.ok).toBe(false);
    expect(missing.stderr).toMatch(/dbPassword/);
  });

  test('NOTES.txt lists the components', () => {
    const notes = fs.readFileSync(path.join(chartDir, 'templates', 'NOTES.txt'), 'utf8');
    expect(notes).toContain('- platform: {{ if .Values.platform.enabled }}installed');
    expect(fs.readFileSync(path.join(chartDir, 'README.md'), 'utf8')).toContain('| `api.replicas` | integer, minimum 1, maximum 20 | `2` | Replicas of the API. |');
  });
});

describe('HelmChart', () => {
  test('output is deterministic', () => {
    const a = new HelmChart(buildApp(), { name: 'stack' }).synth();
    const b = new HelmChart(buildApp(), { name: 'stack' }).synth();
    expect(a).toEqual(b);
    expect(Object.keys(a)).toEqual([...Object.keys(a)].sort());
  });

  test('lists Knative Services in NOTES.txt with the domain', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'demo' });
    new ApiObject(chart, 'hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' }, spec: {} });
    new ApiObject(chart, 'internal', {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service',
      metadata: { name: 'internal', labels: { 'networking.knative.dev/visibility': 'cluster-local' } }, spec: {},
    });
    const files = new HelmChart(app, { name: 'stack', domain: 'example.com' }).synth();
    expect(files['templates/NOTES.txt']).toContain([
      '{{- if or .Values.apps.enabled }}', '', 'Knative Services:',
      '{{- if .Values.apps.enabled }}', '- hello: http://hello.demo.example.com', '{{- end }}',
      '{{- if .Values.apps.enabled }}', '- internal: http://internal.demo.svc.cluster.local (cluster-local)', '{{- end }}',
      '{{- end }}',
    ].join('\n'));
  });

  test('the default kubeVersion is the minimum Kubernetes of Knative 1.23 and helm accepts every supported minor', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'demo' });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: 'b' } });
    const dir = new HelmChart(app, { name: 'stack' }).write(tmpdir());
    expect(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')).toContain('kubeVersion: ">=1.34.0-0"');
    // Knative 1.23 supports Kubernetes 1.34 and later; managed clusters report pre-release suffixes
    for (const v of ['1.34.0', '1.34.2-eks-1', '1.35.0', '1.36.1']) {
      expect(template(dir, '--kube-version', v).map(o => o.kind)).toEqual(['ConfigMap']);
    }
  });

  test('fails when the cluster is older than Knative 1.23 supports', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'apps'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    const dir = new HelmChart(app, { name: 'stack' }).write(tmpdir());
    const run = helm('template', 'rel', dir, '--kube-version', '1.33.5');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/kube-?version|kubeVersion|incompatible/i);
  });

  test('NOTES.txt and README show the URLs from the app\'s KnativeIngress (domain template, https, cluster-local)', () => {
    const app = valuesApp();
    const platform = new Chart(app, 'platform');
    const domain = ChartValue.stringValue(platform, 'ingress.domain', { defaultValue: 'apps.example.com' });
    const cert = new TlsSecret(platform, 'Cert', { metadata: { namespace: 'istio-system' }, source: SecretSource.fromExisting('wildcard') });
    new KnativeIngress(platform, 'Ingress', { domain: domain.asString(), tls: IngressTls.wildcardCertificate(cert), appNamespaces: ['demo'] });
    const apps = new Chart(app, 'apps', { namespace: 'demo' });
    new Service(apps, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1' } });
    new Service(apps, 'Internal', { metadata: { name: 'internal' }, visibility: Visibility.CLUSTER_LOCAL, container: { image: 'ghcr.io/acme/hello:1' } });
    const files = new HelmChart(app, { name: 'stack' }).synth();
    expect(files['templates/NOTES.txt']).toContain([
      '{{- if .Values.apps.enabled }}', '- hello: https://hello-demo.{{ .Values.ingress.domain }}', '{{- end }}',
      '{{- if .Values.apps.enabled }}', '- internal: http://internal.demo.svc.cluster.local (cluster-local)', '{{- end }}',
    ].join('\n'));
    expect(files['README.md']).toContain([
      '## URLs', '',
      'Where the cluster serves the Knative Services of the chart (the domain template and scheme of the app\'s ingress settings):', '',
      '- `hello` (apps): `https://hello-demo.<ingress.domain>`',
      '- `internal` (apps): `http://internal.demo.svc.cluster.local`, cluster-local: reachable only inside the cluster',
      '', '`<key>` stands for the value of that key (see Values).',
    ].join('\n'));
  });

  test('URLs follow a custom domain template and stay http without TLS', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new KnativeIngress(platform, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.unsafeHttpOnly(), domainTemplate: '{{.Name}}.{{.Namespace}}.svc.{{.Domain}}',
    });
    new Service(new Chart(app, 'apps', { namespace: 'demo' }), 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1' } });
    const files = new HelmChart(app, { name: 'stack' }).synth();
    expect(files['templates/NOTES.txt']).toContain('- hello: http://hello.demo.svc.apps.example.com\n');
    expect(files['README.md']).toContain('- `hello` (apps): `http://hello.demo.svc.apps.example.com`\n');
    expect(files['README.md']).not.toContain('stands for the value');
  });

  test('a template with other fields than Name, Namespace and Domain falls back to kubectl', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new KnativeIngress(platform, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.autoTls(), domainTemplate: '{{.Name}}.{{index .Annotations "team"}}.{{.Domain}}',
    });
    new Service(new Chart(app, 'apps', { namespace: 'demo' }), 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1' } });
    const files = new HelmChart(app, { name: 'stack' }).synth();
    expect(files['templates/NOTES.txt']).toContain("- hello: kubectl get ksvc hello -n demo -o jsonpath='{.status.url}'");
    expect(files['README.md']).toContain("- `hello` (apps): `kubectl get ksvc hello -n demo -o jsonpath='{.status.url}'`");
  });

  test('a failed write leaves the previous chart intact', () => {
    const outdir = tmpdir();
    const app = buildApp();
    const dir = new HelmChart(app, { name: 'stack' }).write(outdir);
    const before = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
    app.charts[1].node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => new HelmChart(app, { name: 'stack' }).write(outdir)).toThrow(/broken on purpose/);
    expect(fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8')).toBe(before);
    expect(fs.readdirSync(outdir)).toEqual(['stack']);
  });

  test('rewriting replaces the folder', () => {
    const outdir = tmpdir();
    const dir = new HelmChart(buildApp(), { name: 'stack' }).write(outdir);
    fs.writeFileSync(path.join(dir, 'templates', 'stale.yaml'), 'x: 1\n');
    new HelmChart(buildApp(), { name: 'stack' }).write(outdir);
    expect(fs.existsSync(path.join(dir, 'templates', 'stale.yaml'))).toBe(false);
    expect(fs.readdirSync(outdir)).toEqual(['stack']);
  });

  test('fails when the chart name is invalid', () => {
    expect(() => new HelmChart(Testing.app(), { name: 'My_Chart' })).toThrow(/HelmChart name: "My_Chart" is not allowed/);
  });

  test('fails when the version is not SemVer', () => {
    expect(() => new HelmChart(Testing.app(), { name: 'x', version: '1.2' })).toThrow(/SemVer/);
  });

  test('fails when a component option names no chart', () => {
    const app = Testing.app();
    new Chart(app, 'apps');
    expect(() => new HelmChart(app, { name: 'x', components: { nope: {} } }).synth()).toThrow(/no cdk8s Chart with id "nope"/);
  });

  test('fails when a chart value path collides with a component toggle', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps');
    ChartValue.booleanValue(chart, 'apps.enabled', { defaultValue: true });
    expect(() => new HelmChart(app, { name: 'x' }).synth()).toThrow(/apps.enabled is defined twice/);
  });

  test('fails when a CRD holds a chart value', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'platform');
    new ApiObject(chart, 'crd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      metadata: { name: ChartValue.stringValue(chart, 'crdName', { defaultValue: 'a.b.c' }).asString() },
    });
    expect(() => new HelmChart(app, { name: 'x' }).synth()).toThrow(/CustomResourceDefinition holds a chart value/);
  });

  test('component options set the default toggle and description', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'my-apps'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    const files = new HelmChart(app, { name: 'x', components: { 'my-apps': { enabled: false, description: 'The demo apps.' } } }).synth();
    expect(files['values.yaml']).toContain('myApps:\n  # Install the demo apps.\n  # (boolean)\n  enabled: false');
    expect(files['templates/my-apps.yaml']).toContain('{{- if .Values.myApps.enabled }}');
  });
});
