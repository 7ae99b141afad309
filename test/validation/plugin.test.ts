import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validation, ValidationContext } from 'cdk8s-cli/plugins';
import { parseAllDocuments } from 'yaml';
import { KnativeValidation, PluginContext } from '../../src/validation/plugin';

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
    await plugin.validate(ctx);
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
    await plugin.validate(valid);
    expect(valid.report.success).toBe(true);
  });
});
