import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ChartValue, HelmChart } from '../../src/helm';
import { KnativeServing } from '../../src/platform';
import { Service } from '../../src/serving';
import { helm, parseObjects, tmpdir } from './helm-cli';

jest.setTimeout(60_000);

/**
 * Four components: `platform` holds the Namespace demo and the KnativeServing;
 * `config` a ConfigMap in demo; `apps` a Knative Service in demo reading that
 * ConfigMap; `extra` a ConfigMap in demo and an explicit cdk8s dependency on `apps`.
 */
function buildApp(): App {
  const app = Testing.app({ resolvers: [ChartValue.resolver()] });
  const platform = new Chart(app, 'platform');
  new kplus.k8s.KubeNamespace(platform, 'Demo', { metadata: { name: 'demo' } });
  new KnativeServing(platform, 'Serving');
  const config = new Chart(app, 'config', { namespace: 'demo' });
  const settings = new kplus.ConfigMap(config, 'Settings', { metadata: { name: 'settings' }, data: { greeting: 'hi' } });
  const apps = new Chart(app, 'apps', { namespace: 'demo' });
  new Service(apps, 'Hello', {
    metadata: { name: 'hello' },
    container: { image: 'ghcr.io/acme/hello:1.0', envVariables: { GREETING: kplus.EnvValue.fromConfigMap(settings, 'greeting') } },
  });
  const extra = new Chart(app, 'extra', { namespace: 'demo' });
  new ApiObject(extra, 'Note', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'note' }, data: { a: 'b' } });
  extra.addDependency(apps);
  return app;
}

describe('HelmChart component dependencies', () => {
  let dir: string;
  beforeAll(() => {
    dir = new HelmChart(buildApp(), { name: 'deps', version: '0.1.0' }).write(tmpdir());
  });

  const NS_MESSAGE = 'apps.enabled=true needs platform.enabled=true: component apps uses Namespace demo from platform '
    + '(Service demo/hello is in it); set platform.enabled=true or apps.enabled=false';

  test('helm lint --strict passes on the defaults', () => {
    const run = helm('lint', '--strict', dir);
    expect(run.stderr).toBe('');
    expect(run.ok).toBe(true);
  });

  test('fails when platform is disabled while the components in its Namespace are enabled: the schema refuses it', () => {
    const run = helm('template', 'rel', dir, '--set', 'platform.enabled=false');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain("at '/platform/enabled': value must be true");
  });

  test('fails when platform is disabled, with the message naming the value to change (the template guard, without the schema)', () => {
    const run = helm('template', 'rel', dir, '--set', 'platform.enabled=false', '--skip-schema-validation');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('templates/component-dependencies.yaml');
    expect(run.stderr).toMatch(/needs platform\.enabled=true: component (config|apps|extra) uses Namespace demo from platform/);
  });

  test('fails when config is disabled while apps reads its ConfigMap', () => {
    const run = helm('template', 'rel', dir, '--set', 'config.enabled=false', '--skip-schema-validation');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('apps.enabled=true needs config.enabled=true: component apps uses ConfigMap demo/settings from config '
      + '(Service demo/hello refers to it in spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef); '
      + 'set config.enabled=true or apps.enabled=false');
    expect(helm('template', 'rel', dir, '--set', 'config.enabled=false').ok).toBe(false);
  });

  test('fails when apps is disabled while extra depends on it with chart.addDependency', () => {
    const run = helm('template', 'rel', dir, '--set', 'apps.enabled=false', '--skip-schema-validation');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('extra.enabled=true needs apps.enabled=true: component extra uses the objects of chart apps from apps '
      + '(chart extra depends on it with addDependency); set apps.enabled=true or extra.enabled=false');
  });

  test('disabling a component together with every component that needs it passes template and lint', () => {
    for (const off of [['apps', 'extra'], ['extra'], ['platform', 'config', 'apps', 'extra']]) {
      const sets = off.flatMap(c => ['--set', `${c}.enabled=false`]);
      const run = helm('template', 'rel', dir, ...sets);
      expect({ off, ok: run.ok, stderr: run.stderr }).toEqual({ off, ok: true, stderr: '' });
      const kinds = parseObjects(run.stdout).map(o => o.kind);
      if (off.includes('apps')) expect(kinds).not.toContain('Service');
      const lint = helm('lint', '--strict', dir, ...sets);
      expect({ off, ok: lint.ok }).toEqual({ off, ok: true });
    }
  });

  test('values.schema.json has one draft-07 if/then rule per dependency, described by the message', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const pairs = schema.allOf.map((r: any) => `${Object.keys(r.if.properties)[0]}>${Object.keys(r.then.properties)[0]}`);
    expect(pairs).toEqual(['config>platform', 'apps>platform', 'apps>config', 'extra>platform', 'extra>apps']);
    const rule = schema.allOf[1];
    expect(rule.description).toBe(NS_MESSAGE);
    expect(rule.if).toEqual({ properties: { apps: { properties: { enabled: { const: true } }, required: ['enabled'] } }, required: ['apps'] });
    expect(rule.then).toEqual({ properties: { platform: { properties: { enabled: { const: true } }, required: ['enabled'] } }, required: ['platform'] });
  });

  test('the guards, values.yaml and the chart README say which component needs which', () => {
    const guards = fs.readFileSync(path.join(dir, 'templates', 'component-dependencies.yaml'), 'utf8');
    expect(guards).toContain(`{{- if and .Values.apps.enabled (not .Values.platform.enabled) }}\n{{- fail ${JSON.stringify(NS_MESSAGE)} }}\n{{- end }}`);
    const values = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
    expect(values).toMatch(/^apps:\n {2}# Install the apps component\. Needs platform\.enabled=true and config\.enabled=true\.\n/m);
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('## Component dependencies');
    expect(readme).toContain('- `apps` needs `platform`: it uses Namespace demo (Service demo/hello is in it)');
    expect(readme).toContain('- `extra` needs `apps`: it uses the objects of chart apps (chart extra depends on it with addDependency)');
  });

  test('a CRD of another component is no dependency: Helm installs crds/ whatever is enabled', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'crds'), 'WidgetCrd', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.acme.example.com' },
      spec: {
        group: 'acme.example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    new ApiObject(new Chart(app, 'users'), 'Widget', { apiVersion: 'acme.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'x' } });
    const files = new HelmChart(app, { name: 'widgets' }).synth();
    expect(Object.keys(files)).toContain('crds/crds.yaml');
    expect(JSON.parse(files['values.schema.json']).allOf).toBeUndefined();
    expect(files['templates/component-dependencies.yaml']).toBeUndefined();
  });

  test('a chart whose components need nothing from each other has no rules and no guard file', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'one'), 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' }, data: {} });
    new ApiObject(new Chart(app, 'two'), 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'x' }, data: {} });
    const files = new HelmChart(app, { name: 'plain' }).synth();
    expect(JSON.parse(files['values.schema.json']).allOf).toBeUndefined();
    expect(files['templates/component-dependencies.yaml']).toBeUndefined();
    expect(files['README.md']).not.toContain('## Component dependencies');
  });
});
