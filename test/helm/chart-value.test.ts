import { ApiObject, Chart, Testing } from 'cdk8s';
import { ChartValue, ChartValueResolver, ChartValueType, chartValueToString, isChartValueToken } from '../../src/helm';

function synthSpec(build: (chart: Chart) => Record<string, unknown>): any {
  const chart = Testing.chart();
  new ApiObject(chart, 'obj', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: build(chart) });
  return Testing.synth(chart)[0].spec;
}

describe('ChartValue in plain synth', () => {
  test('every type resolves to its default', () => {
    const spec = synthSpec(chart => ({
      image: ChartValue.string(chart, 'api.image', { default: 'nginx:1.27' }),
      url: `https://${ChartValue.string(chart, 'api.domain', { default: 'example.com' })}/x`,
      replicas: ChartValue.integer(chart, 'api.replicas', { default: 3, minimum: 1 }),
      ratio: ChartValue.number(chart, 'api.ratio', { default: 0.5 }),
      debug: ChartValue.boolean(chart, 'api.debug', { default: false }),
      zones: ChartValue.list(chart, 'api.zones', { default: ['a'] }),
      tuning: ChartValue.object(chart, 'api.tuning', { default: { burst: 2 } }),
    }));
    expect(spec).toEqual({
      image: 'nginx:1.27', url: 'https://example.com/x', replicas: 3, ratio: 0.5, debug: false, zones: ['a'], tuning: { burst: 2 },
    });
  });

  test('a token in a map key resolves to its default', () => {
    const spec = synthSpec(chart => ({ domains: { [ChartValue.string(chart, 'domain', { default: 'example.com' })]: '' } }));
    expect(spec).toEqual({ domains: { 'example.com': '' } });
  });

  test('a secret writes its placeholder', () => {
    const spec = synthSpec(chart => ({
      password: ChartValue.string(chart, 'db.password', { secret: true }),
      token: ChartValue.string(chart, 'db.token', { secret: true, secretPlaceholder: 'REPLACE_ME' }),
    }));
    expect(spec).toEqual({ password: '', token: 'REPLACE_ME' });
  });

  test('chartValueToString keeps numbers and booleans tokens', () => {
    const spec = synthSpec(chart => ({
      max: chartValueToString(ChartValue.integer(chart, 'max', { default: 10 })),
      on: chartValueToString(ChartValue.boolean(chart, 'on', { default: true })),
      plain: chartValueToString(7),
    }));
    expect(spec).toEqual({ max: '10', on: 'true', plain: '7' });
  });

  test('the resolver is installed once on the app', () => {
    const chart = Testing.chart();
    ChartValue.string(chart, 'a', { default: 'x' });
    ChartValue.string(chart, 'b', { default: 'y' });
    const app = chart.node.root as any;
    expect(app.resolvers.filter((r: unknown) => r instanceof ChartValueResolver)).toHaveLength(1);
  });

  test('the same definition twice gives the same token', () => {
    const chart = Testing.chart();
    const a = ChartValue.integer(chart, 'n', { default: 1 });
    const b = ChartValue.integer(chart, 'n', { default: 1 });
    expect(a).toBe(b);
    expect(ChartValue.all(chart.node.root as any).map(v => v.path)).toEqual(['n']);
  });
});

describe('ChartValue.subtractFrom', () => {
  test('is arithmetic on plain numbers', () => {
    expect(ChartValue.subtractFrom(100, 30)).toBe(70);
  });

  test('derives a token from an integer chart value', () => {
    const spec = synthSpec(chart => {
      const canary = ChartValue.integer(chart, 'canary', { default: 20, minimum: 0, maximum: 100 });
      const stable = ChartValue.subtractFrom(100, canary);
      expect(isChartValueToken(stable)).toBe(true);
      expect(ChartValue.subtractFrom(100, canary)).toBe(stable);
      expect(ChartValue.all(chart.node.root as any).map(v => v.path)).toEqual(['canary']);
      return { stable, canary };
    });
    expect(spec).toEqual({ stable: 80, canary: 20 });
  });

  test('fails when the value is not an integer chart value', () => {
    const n = ChartValue.number(Testing.chart(), 'ratio', { default: 0.5 });
    expect(() => ChartValue.subtractFrom(1, n)).toThrow(/only integer chart values can be subtracted/);
  });
});

describe('isChartValueToken', () => {
  test('tells tokens from plain values', () => {
    const chart = Testing.chart();
    const s = ChartValue.string(chart, 's', { default: 'x' });
    const n = ChartValue.number(chart, 'n', { default: 1 });
    const b = ChartValue.boolean(chart, 'b', { default: true });
    expect([s, `pre-${s}`, n, b].map(isChartValueToken)).toEqual([true, true, true, true]);
    expect(['x', 1, 0, -1.5, true, undefined, null, {}].map(isChartValueToken)).toEqual(Array(8).fill(false));
    expect(ChartValue.of(n)?.path).toBe('n');
    expect(ChartValue.of(s)?.type).toBe(ChartValueType.STRING);
  });

  test('number tokens pass Number.isInteger but are far outside any range', () => {
    const n = ChartValue.integer(Testing.chart(), 'n', { default: 1 });
    expect(Number.isInteger(n)).toBe(true);
    expect(n < -1e100).toBe(true);
  });
});

describe('ChartValue definitions', () => {
  test('fails when the path is not a dotted identifier', () => {
    expect(() => ChartValue.string(Testing.chart(), 'api-image', { default: 'x' })).toThrow(/ChartValue path: "api-image" is not allowed/);
  });

  test('fails when the path is under global', () => {
    expect(() => ChartValue.string(Testing.chart(), 'global.region', { default: 'x' })).toThrow(/Helm reserves `global`/);
  });

  test('fails when there is no default', () => {
    expect(() => ChartValue.string(Testing.chart(), 'a', {})).toThrow(/needs a default/);
  });

  test('fails when a secret has a default', () => {
    expect(() => ChartValue.string(Testing.chart(), 'a', { secret: true, default: 'hunter2' })).toThrow(/<redacted>.*secret value has no default/);
  });

  test('fails when a non-string secret has no placeholder', () => {
    expect(() => ChartValue.integer(Testing.chart(), 'a', { secret: true })).toThrow(/needs a secretPlaceholder/);
  });

  test('fails when the default breaks a constraint', () => {
    const chart = Testing.chart();
    expect(() => ChartValue.integer(chart, 'a', { default: 0, minimum: 1 })).toThrow(/a.default: 0 is not allowed; must be at least 1/);
    expect(() => ChartValue.integer(chart, 'b', { default: 1.5 })).toThrow(/must be of type integer/);
    expect(() => ChartValue.number(chart, 'c', { default: 11, maximum: 10 })).toThrow(/must be at most 10/);
    expect(() => ChartValue.string(chart, 'd', { default: 'x', allowedValues: ['a', 'b'] })).toThrow(/must be one of "a", "b"/);
    expect(() => ChartValue.string(chart, 'e', { default: 'X', pattern: '^[a-z]+$' })).toThrow(/must match/);
    expect(() => ChartValue.list(chart, 'f', { default: [1], itemType: ChartValueType.STRING })).toThrow(/items must be of type string/);
  });

  test('fails when one path is defined twice differently', () => {
    const chart = Testing.chart();
    ChartValue.string(chart, 'a', { default: 'x' });
    expect(() => ChartValue.string(chart, 'a', { default: 'y' })).toThrow(/already defined/);
  });

  test('fails when a value is also a group', () => {
    const chart = Testing.chart();
    ChartValue.string(chart, 'api', { default: 'x' });
    expect(() => ChartValue.string(chart, 'api.image', { default: 'y' })).toThrow(/clashes with the chart value api/);
  });

  test('values of different apps do not clash', () => {
    ChartValue.string(Testing.chart(), 'same', { default: 'x' });
    expect(() => ChartValue.string(Testing.chart(), 'same', { default: 'y' })).not.toThrow();
  });
});
