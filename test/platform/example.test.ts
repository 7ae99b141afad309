import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { addPlatformExample, writeStackHelmChart } from '../../examples/stack/platform';
import { addServingExample } from '../../examples/stack/serving';
import { ChartValue } from '../../src/helm/chart-value';
import { NOT_CHECKED_RULE, formatProblem, hasErrors, validateManifests } from '../../src/validation/engine';
import { byKey, helm, keyOf, plainObjects, template, tmpdir } from '../helm/helm-cli';

jest.setTimeout(60_000);

describe('platform example in the stack chart', () => {
  const app = Testing.app({ resolvers: [ChartValue.resolver()] });
  const platform = new Chart(app, 'platform');
  addPlatformExample(platform);
  addServingExample(new Chart(app, 'serving'));
  let dir: string;

  beforeAll(() => {
    dir = writeStackHelmChart(app, platform, { outdir: tmpdir(), components: { serving: { description: 'The serving examples.' } } });
  });

  test('plain synth writes the defaults', () => {
    const serving = plainObjects(app).find(o => o.kind === 'KnativeServing');
    expect(serving.spec.config.domain).toEqual({ 'knative.example.com': '' });
    expect(serving.spec.config.autoscaler).toEqual({ 'enable-scale-to-zero': 'true', 'max-scale-limit': '100' });
    expect(serving.spec['high-availability']).toEqual({ replicas: 1 });
  });

  test('components carry their descriptions', () => {
    const values = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
    expect(values).toMatch(/^serving:\n(.*\n)*?  # Install the serving examples\. Needs platform\.enabled=true\.\n  # \(boolean\)\n  enabled: true$/m);
    expect(values).toContain('platform:\n');
  });

  test('helm lint --strict passes', () => {
    const run = helm('lint', '--strict', dir);
    expect(run.stderr).toBe('');
    expect(run.ok).toBe(true);
  });

  test('helm template renders the same objects, and --set reaches both operator objects', () => {
    const rendered = byKey(template(dir, '--set', 'platform.controlPlaneReplicas=3', '--set', 'platform.domain=apps.acme.org'));
    const plain = plainObjects(app);
    expect(Object.keys(rendered).sort()).toEqual(plain.map(keyOf).sort());
    const serving = rendered['KnativeServing/knative-serving/knative-serving'];
    expect(serving.spec['high-availability']).toEqual({ replicas: 3 });
    expect(serving.spec.config.domain).toEqual({ 'apps.acme.org': '' });
    expect(rendered['KnativeEventing/knative-eventing/knative-eventing'].spec['high-availability']).toEqual({ replicas: 3 });
  });

  test('what helm template renders passes the validation engine', () => {
    const problems = validateManifests(template(dir, '--set', 'platform.maxScaleLimit=0', '--set', 'platform.scaleToZero=false'));
    expect(problems.filter(p => p.severity === 'error').map(p => formatProblem(p))).toEqual([]);
    expect(hasErrors(problems)).toBe(false);
    expect(problems.filter(p => p.rule === NOT_CHECKED_RULE).map(p => p.object.kind)).not.toContain('KnativeServing');
  });

  test('fails when serving.maxScale is above platform.maxScaleLimit, as the validator refuses it for that cluster', () => {
    const run = helm('template', 'r', dir, '--set', 'serving.maxScale=100', '--set', 'platform.maxScaleLimit=5');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/autoscaling\.maxScale: the chart values \(serving\.maxScale=100, platform\.maxScaleLimit=5\) make it not allowed; must be an integer from 1 to the cluster's max-scale-limit/);
    expect(helm('template', 'r', dir, '--set', 'serving.maxScale=5', '--set', 'platform.maxScaleLimit=5').stderr).toBe('');
    expect(helm('template', 'r', dir, '--set', 'serving.maxScale=100', '--set', 'platform.maxScaleLimit=0').stderr).toBe('');
  });

  test('fails when the domain breaks the schema', () => {
    const run = helm('template', 'r', dir, '--set', 'platform.domain=-bad-');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/platform\/domain/);
  });
});
