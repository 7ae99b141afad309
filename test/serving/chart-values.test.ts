import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { HelmChart } from '../../src';
import { ChartValue } from '../../src/helm';
import { Service } from '../../src/serving';
import { helm, parseObjects, tmpdir } from '../helm/helm-cli';

jest.setTimeout(120_000);

const IMAGE = 'ghcr.io/acme/app:1.0';

function valuesApp(): { app: App; chart: Chart } {
  const app = Testing.app({ resolvers: [ChartValue.resolver()] });
  return { app, chart: new Chart(app, 'apps', { namespace: 'apps' }) };
}

describe('Service.revisionName takes a chart value (issue: it refused one)', () => {
  test('a whole value: the default is checked, the rule goes to values.schema.json', () => {
    const { app, chart } = valuesApp();
    new Service(chart, 'svc', {
      metadata: { name: 'shop' },
      container: { image: IMAGE },
      revisionName: ChartValue.stringValue(chart, 'shop.revision', { defaultValue: 'shop-v1' }).asString(),
    });
    const dir = new HelmChart(app, { name: 'rev' }).write(tmpdir());
    try {
      const ok = helm('template', 'rel', dir, '--set', 'shop.revision=shop-v2');
      expect(ok.stderr).toBe('');
      expect(parseObjects(ok.stdout)[0].spec.template.metadata.name).toBe('shop-v2');
      const other = helm('template', 'rel', dir, '--set', 'shop.revision=cart-v2');
      expect(other.ok).toBe(false);
      expect(other.stderr).toMatch(/shop\/revision'.*does not match pattern/);
      const upper = helm('template', 'rel', dir, '--set', 'shop.revision=shop-V2');
      expect(upper.ok).toBe(false);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  test('part of a longer name: a template fail names the Service and the prop', () => {
    const { app, chart } = valuesApp();
    const version = ChartValue.stringValue(chart, 'shop.version', { defaultValue: 'v1' });
    new Service(chart, 'svc', { metadata: { name: 'shop' }, container: { image: IMAGE }, revisionName: `shop-${version.asString()}` });
    const dir = new HelmChart(app, { name: 'rev' }).write(tmpdir());
    try {
      expect(parseObjects(helm('template', 'rel', dir, '--set', 'shop.version=v7').stdout)[0].spec.template.metadata.name).toBe('shop-v7');
      const bad = helm('template', 'rel', dir, '--set', 'shop.version=V_7');
      expect(bad.ok).toBe(false);
      expect(bad.stderr).toMatch(/\[apps\/svc\] revisionName: the chart values \(shop\.version=V_7\) make it not allowed; must be a DNS-1035 label/);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  test('fails at synth when the default breaks the rule', () => {
    const { chart } = valuesApp();
    expect(() => new Service(chart, 'svc', {
      metadata: { name: 'shop' },
      container: { image: IMAGE },
      revisionName: ChartValue.stringValue(chart, 'shop.revision', { defaultValue: 'cart-v1' }).asString(),
    })).toThrow(/revisionName: "cart-v1" is not allowed; must start with "shop-" .*\(this is the default of a chart value\)/);
  });
});

describe('autoscaling bounds over chart values', () => {
  let dir: string;
  beforeAll(() => {
    const { app, chart } = valuesApp();
    const int = (p: string, d: number) => ChartValue.integerValue(chart, p, { defaultValue: d }).asNumber();
    new Service(chart, 'svc', {
      metadata: { name: 'shop' },
      container: { image: IMAGE },
      autoscaling: { minScale: int('s.min', 1), maxScale: int('s.max', 10), initialScale: int('s.initial', 2), activationScale: int('s.activation', 3) },
    });
    dir = new HelmChart(app, { name: 'scale' }).write(tmpdir());
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('fails when a bound exceeds maxScale', () => {
    const run = helm('template', 'rel', dir, '--set', 's.initial=30');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/\[apps\/svc\] autoscaling\.initialScale: the chart values \(s\.initial=30, s\.max=10\) make it not allowed; must not exceed maxScale, unless maxScale is 0/);
  });

  test('fails when activationScale is below minScale', () => {
    const run = helm('template', 'rel', dir, '--set', 's.min=4');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/autoscaling\.activationScale: the chart values \(s\.min=4, s\.activation=3\) make it not allowed; must be at least minScale/);
  });

  test('maxScale 0 (no limit) takes any bound', () => {
    const run = helm('template', 'rel', dir, '--set', 's.max=0', '--set', 's.initial=30', '--set', 's.min=5', '--set', 's.activation=6');
    expect(run.stderr).toBe('');
    expect(parseObjects(run.stdout)[0].spec.template.metadata.annotations['autoscaling.knative.dev/max-scale']).toBe('0');
  });

  test('fails at synth when the defaults break a bound', () => {
    const { chart } = valuesApp();
    const int = (p: string, d: number) => ChartValue.integerValue(chart, p, { defaultValue: d }).asNumber();
    expect(() => new Service(chart, 'svc', {
      metadata: { name: 'shop' }, container: { image: IMAGE }, autoscaling: { minScale: int('a', 5), maxScale: int('b', 3) },
    })).toThrow(/autoscaling\.minScale: 5 is not allowed; must not exceed maxScale, unless maxScale is 0 \(no limit\) \(this is the default of a chart value\)/);
  });
});
