import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { ClusterConfig, Configuration, HelmChart } from '../../src';
import { ChartValue } from '../../src/helm';
import { KnativeServing } from '../../src/platform';
import { Service } from '../../src/serving';
import { validateManifests } from '../../src/validation/engine';
import { helm, parseObjects, tmpdir } from '../helm/helm-cli';

jest.setTimeout(120_000);

const IMAGE = 'ghcr.io/acme/app:1.0';

/** An app whose KnativeServing and Service take their limit and max-scale from chart values (two charts, as a stack). */
function limitApp(options: { limit?: number; max?: number; maxScaleLimit?: number } = {}) {
  // a temporary outdir: the synth tests must not write dist/
  const app = Testing.app({ resolvers: [ChartValue.resolver()] });
  const platform = new Chart(app, 'platform');
  const serving = new Chart(app, 'serving', { namespace: 'apps' });
  new KnativeServing(platform, 'Serving', {
    autoscaler: {
      maxScaleLimit: options.maxScaleLimit
        ?? ChartValue.integerValue(platform, 'platform.maxScaleLimit', { defaultValue: options.limit ?? 20, minimum: 0 }).asNumber(),
    },
  });
  // the Service comes after the KnativeServing: the limit binds it all the same
  new Service(serving, 'svc', {
    metadata: { name: 'shop' },
    container: { image: IMAGE },
    autoscaling: { maxScale: ChartValue.integerValue(serving, 'serving.maxScale', { defaultValue: options.max ?? 10, minimum: 0 }).asNumber() },
  });
  return app;
}

function writeChart(app: App): string {
  return new HelmChart(app, { name: 'limits' }).write(tmpdir());
}

/** The message of the error `app.synth()` throws. */
function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('app.synth() did not fail');
}

function errorsFor(objects: any[], maxScaleLimit: number): string[] {
  return validateManifests(objects, { config: ClusterConfig.DEFAULT.withSettings({ maxScaleLimit })._settings })
    .filter(p => p.severity === 'error').map(p => p.message);
}

describe('a KnativeServing limits the Services of its app', () => {
  describe('max-scale-limit and max-scale both chart values', () => {
    let dir: string;
    beforeAll(() => {
      dir = writeChart(limitApp());
    });
    afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

    test('fails when the chart values put max-scale above the limit, with the validator\'s finding for the same objects', () => {
      const run = helm('template', 'rel', dir, '--set', 'serving.maxScale=100', '--set', 'platform.maxScaleLimit=5');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/\[serving\/svc\] autoscaling\.maxScale: the chart values \(serving\.maxScale=100, platform\.maxScaleLimit=5\) make it not allowed; must be an integer from 1 to the cluster's max-scale-limit \(autoscaler\.maxScaleLimit of KnativeServing platform\/Serving\)/);
      // the validator, told of a cluster with that limit, refuses the same Service (rendered here with no limit)
      const objects = parseObjects(helm('template', 'rel', dir, '--set', 'serving.maxScale=100', '--set', 'platform.maxScaleLimit=0').stdout);
      expect(errorsFor(objects, 5)).toEqual([expect.stringMatching(/max-scale=100 is above the cluster's max-scale-limit of 5/)]);
    });

    test('fails when max-scale is above the limit by less than its leading digit shows (numbers compared, not text)', () => {
      for (const [max, limit] of [[150, 120], [1000001, 1000000], [10, 9]]) {
        const run = helm('template', 'rel', dir, '--set', `serving.maxScale=${max}`, '--set', `platform.maxScaleLimit=${limit}`);
        expect([max, limit, run.ok]).toEqual([max, limit, false]);
        expect(run.stderr).toContain(`(serving.maxScale=${max}, platform.maxScaleLimit=${limit}) make it not allowed`);
      }
    });

    test('fails when max-scale is 0 (unlimited) and the cluster sets a limit', () => {
      const run = helm('template', 'rel', dir, '--set', 'serving.maxScale=0', '--set', 'platform.maxScaleLimit=5');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/serving\.maxScale=0, platform\.maxScaleLimit=5\) make it not allowed/);
    });

    test('renders max-scale within the limit, and any max-scale when the limit is 0 (no limit)', () => {
      for (const [max, limit] of [[5, 5], [3, 12], [99, 100], [1000, 0], [0, 0], [120, 150], [1000000, 1000000]]) {
        const run = helm('template', 'rel', dir, '--set', `serving.maxScale=${max}`, '--set', `platform.maxScaleLimit=${limit}`);
        expect([max, limit, run.stderr]).toEqual([max, limit, '']);
        expect(errorsFor(parseObjects(run.stdout), limit)).toEqual([]);
      }
    });
  });

  test('fails at install when a max-scale chart value is above a plain limit (values.schema.json)', () => {
    const dir = writeChart(limitApp({ maxScaleLimit: 5, max: 4 }));
    try {
      const run = helm('template', 'rel', dir, '--set', 'serving.maxScale=6');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/serving\/maxScale'.*maximum/);
      expect(helm('template', 'rel', dir, '--set', 'serving.maxScale=5').stderr).toBe('');
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  test('fails at synth when the defaults break the limit', () => {
    expect(() => limitApp({ limit: 5, max: 100 }).synth()).toThrow(
      /\[serving\/svc\] autoscaling\.maxScale: 100 is not allowed; must be an integer from 1 to the cluster's max-scale-limit .*, a chart value whose default is 5\)/);
    expect(() => limitApp({ maxScaleLimit: 5, max: 100 }).synth()).toThrow(/autoscaling\.maxScale: 100 is not allowed; must be an integer from 1 to 5, the cluster's max-scale-limit/);
    expect(() => limitApp({ limit: 0, max: 100 }).synth()).not.toThrow();
  });

  test('fails at synth with one construct path, the Service\'s, and the KnativeServing named in the words', () => {
    const message = synthError(limitApp({ limit: 5, max: 100 }));
    const lines = message.split('\n').filter(l => l.includes('autoscaling.maxScale'));
    expect(lines).toEqual(['  [serving/svc] autoscaling.maxScale: 100 is not allowed; must be an integer from 1 to the cluster\'s max-scale-limit '
      + '(autoscaler.maxScaleLimit of KnativeServing platform/Serving, a chart value whose default is 5), unless that limit is 0 (no limit): '
      + 'Knative refuses a max-scale above it, and max-scale=0 (unlimited) when the cluster sets one (this is the default of a chart value)']);
    expect(message).not.toContain('[platform/Serving]');
  });

  test('fails at synth with the path of the Configuration for containerConcurrency above the limit of a KnativeServing', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new Configuration(chart, 'cfg', { metadata: { name: 'cfg' }, container: { image: IMAGE }, containerConcurrency: 60 });
    new KnativeServing(chart, 'ks', { config: { defaults: { 'container-concurrency-max-limit': '50' } } });
    const message = synthError(app);
    expect(message.split('\n').filter(l => l.includes('containerConcurrency'))).toEqual([
      '  [c/cfg] containerConcurrency: 60 is not allowed; must be an integer from 0 (unlimited) to 50 '
      + '(config-defaults container-concurrency-max-limit of KnativeServing c/ks)',
    ]);
    expect(message).not.toContain('[c/ks]');
  });

  test('fails at synth when a plain max-scale is above a plain limit, and for a Configuration too', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new KnativeServing(chart, 'Serving', { autoscaler: { maxScaleLimit: 5 } });
    new Configuration(chart, 'cfg', { metadata: { name: 'cfg' }, container: { image: IMAGE }, autoscaling: { maxScale: 6 } });
    expect(() => app.synth()).toThrow(/\[c\/cfg\] autoscaling\.maxScale: 6 is not allowed; must be an integer from 1 to 5/);
  });

  test('fails when containerConcurrency is above the container-concurrency-max-limit of config-defaults', () => {
    const app = Testing.app({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    new KnativeServing(chart, 'Serving', { config: { defaults: { 'container-concurrency-max-limit': '50' } } });
    new Service(chart, 'svc', {
      metadata: { name: 'shop' },
      container: { image: IMAGE },
      containerConcurrency: ChartValue.integerValue(chart, 'serving.concurrency', { defaultValue: 40 }).asNumber(),
    });
    const dir = writeChart(app);
    try {
      const run = helm('template', 'rel', dir, '--set', 'serving.concurrency=60');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/serving\/concurrency'.*maximum/);
      expect(helm('template', 'rel', dir, '--set', 'serving.concurrency=50').stderr).toBe('');
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});

