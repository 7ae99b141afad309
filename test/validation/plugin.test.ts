import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validation, ValidationContext } from 'cdk8s-cli/plugins';
import { parseAllDocuments } from 'yaml';
import { KnativeValidation, PluginContext } from '../../src/validation/plugin';
import { ensureBuilt, ROOT } from '../cli/ensure-built';

const fixtures = path.resolve(__dirname, '../fixtures/validation');

/** A stand-in for cdk8s-cli's ValidationContext that records what the plugin reports. */
function context(manifests: string[]) {
  const violations: any[] = [];
  const logs: string[] = [];
  let status: string | undefined;
  const ctx: PluginContext = {
    manifests,
    report: {
      addViolation: v => violations.push(v),
      submit: s => { status = s; },
    },
    logger: { log: m => logs.push(m) },
    parseManifest: file => parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()),
  };
  return { ctx, violations, logs, status: () => status };
}

describe('cdk8s validation plugin', () => {
  test('valid manifests pass', async () => {
    const c = context([path.join(fixtures, 'valid/service.yaml')]);
    await new KnativeValidation().validate(c.ctx);
    expect(c.status()).toBe('success');
    expect(c.violations).toEqual([]);
    // the Secret comes from another file: an unresolved reference is only logged
    expect(c.logs).toEqual([expect.stringMatching(/Service\/hello: .*secretKeyRef: warning: unresolved: refers to Secret "hello-token"/)]);
  });

  test('fails with one violation per rule naming objects and fields', async () => {
    const file = path.join(fixtures, 'invalid.yaml');
    const c = context([file]);
    await new KnativeValidation().validate(c.ctx);
    expect(c.status()).toBe('failure');
    const byRule = Object.fromEntries(c.violations.map(v => [v.ruleName, v]));
    expect(Object.keys(byRule).sort()).toEqual(['schema/type', 'schema/unknown-field', 'serving/container-concurrency']);
    expect(byRule['schema/unknown-field'].violatingResources).toEqual([
      { resourceName: 'broken', locations: ['spec.template.spec.containers[0].colour'], manifestPath: file },
    ]);
    expect(byRule['schema/type'].recommendation).toBe('"http" is a string, must be integer');
    expect(byRule['schema/unknown-field'].fix).toMatch(/^known fields here: /);
  });

  test('properties set features and references', async () => {
    const init = context([path.join(fixtures, 'init-containers.yaml')]);
    await new KnativeValidation({ features: { 'kubernetes.podspec-init-containers': 'enabled' } }).validate(init.ctx);
    expect(init.status()).toBe('success');

    const withConfig = context([path.join(fixtures, 'init-containers.yaml')]);
    await new KnativeValidation({ config: path.join(fixtures, 'cluster-config.yaml') }).validate(withConfig.ctx);
    expect(withConfig.status()).toBe('success');

    const refs = context([path.join(fixtures, 'unresolved.yaml')]);
    await new KnativeValidation({ requireRefs: true }).validate(refs.ctx);
    expect(refs.status()).toBe('failure');
    expect(refs.violations.map(v => v.ruleName)).toEqual(['reference/broker']);
  });

  test('fails when strict and a kind is unknown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knative-plugin-'));
    const file = path.join(dir, 'widget.yaml');
    fs.copyFileSync(path.join(fixtures, 'unknown-kind.yaml'), file);
    const lenient = context([file]);
    await new KnativeValidation().validate(lenient.ctx);
    expect(lenient.status()).toBe('success');
    const strict = context([file]);
    await new KnativeValidation({ strict: true }).validate(strict.ctx);
    expect(strict.status()).toBe('failure');
  });

  test('works with the ValidationContext of cdk8s-cli', async () => {
    const file = path.join(fixtures, 'invalid.yaml');
    const ctx = new ValidationContext([file], 'cdk8s-knative', '0.0.0', { broken: { path: 'app/serving/Broken' } }, false);
    const plugin: Validation = new KnativeValidation();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await plugin.validate(ctx);
      expect(log).toHaveBeenCalledWith(expect.stringMatching(/Trigger\/orphan: spec.broker: warning: unresolved: refers to Broker "missing-broker"/));
    } finally {
      log.mockRestore();
    }
    expect(ctx.report.success).toBe(false);
    const report = ctx.report.toJson();
    const unknown = report.violations.find(v => v.ruleName === 'schema/unknown-field');
    expect(unknown?.violatingConstructs).toEqual([{
      resourceName: 'broken',
      constructPath: 'app/serving/Broken',
      locations: ['spec.template.spec.containers[0].colour'],
      manifestPath: file,
    }]);

    const valid = new ValidationContext([path.join(fixtures, 'valid/eventing.json')], 'cdk8s-knative', '0.0.0', {}, false);
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await plugin.validate(valid);
    } finally {
      quiet.mockRestore();
    }
    expect(valid.report.success).toBe(true);
  });

  test('cdk8s synth --validate runs the plugin from cdk8s.yaml', () => {
    const plugin = path.join(ROOT, 'lib/src/validation/plugin.js');
    ensureBuilt(plugin);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knative-plugin-app-'));
    const app = [
      `const { App, Chart, ApiObject } = require(${JSON.stringify(require.resolve('cdk8s'))});`,
      'const app = new App();',
      "const chart = new Chart(app, 'demo');",
      "new ApiObject(chart, 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' },",
      "  spec: { template: { spec: { containerConcurrency: 2000, containers: [{ image: 'example/hello' }] } } } });",
      'app.synth();',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'app.js'), app);
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: node app.js',
      'validations:',
      `  - package: ${plugin}`,
      '    version: 0.1.0',
      '    class: KnativeValidation',
      '',
    ].join('\n'));
    const cdk8s = path.join(ROOT, 'node_modules/.bin/cdk8s');
    const r = spawnSync(cdk8s, ['synth', '--validate'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/serving\/container-concurrency \(1 occurrences\)/);
    expect(r.stdout).toMatch(/Construct Path: demo\/Hello/);
    expect(r.stdout).toMatch(/> spec\.template\.spec\.containerConcurrency/);
  }, 120_000);
});
