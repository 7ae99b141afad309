import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { isUnresolved, tokenAwareString, tokenAwareSubtract } from '../../src/core/tokens';
import { ChartValue, ChartValueType } from '../../src/helm';
import { ChartValueRegistry, isChartValueToken } from '../../src/helm/chart-value';

/** A chart in an app that carries the chart value resolver. */
function valuesChart(): Chart {
  return new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
}

function synthSpec(build: (chart: Chart) => Record<string, unknown>, chart = valuesChart()): any {
  new ApiObject(chart, 'obj', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: build(chart) });
  return Testing.synth(chart)[0].spec;
}

describe('ChartValue in plain synth', () => {
  test('every kind resolves to its default through its accessor', () => {
    const spec = synthSpec(chart => ({
      image: ChartValue.stringValue(chart, 'api.image', { defaultValue: 'nginx:1.27' }).asString(),
      url: `https://${ChartValue.stringValue(chart, 'api.domain', { defaultValue: 'example.com' }).asString()}/x`,
      replicas: ChartValue.integerValue(chart, 'api.replicas', { defaultValue: 3, minimum: 1 }).asNumber(),
      ratio: ChartValue.numberValue(chart, 'api.ratio', { defaultValue: 0.5 }).asNumber(),
      debug: ChartValue.booleanValue(chart, 'api.debug', { defaultValue: false }).asAny(),
      zones: ChartValue.listValue(chart, 'api.zones', { defaultValue: ['a'] }).asAny(),
      hosts: ChartValue.listValue(chart, 'api.hosts', { defaultValue: ['x.io', 'y.io'], itemType: ChartValueType.STRING }).asStringList(),
      tuning: ChartValue.objectValue(chart, 'api.tuning', { defaultValue: { burst: 2 } }).asAny(),
    }));
    expect(spec).toEqual({
      image: 'nginx:1.27', url: 'https://example.com/x', replicas: 3, ratio: 0.5, debug: false, zones: ['a'],
      hosts: ['x.io', 'y.io'], tuning: { burst: 2 },
    });
  });

  test('asString writes every kind as text', () => {
    const spec = synthSpec(chart => ({
      max: ChartValue.integerValue(chart, 'max', { defaultValue: 10 }).asString(),
      on: `${ChartValue.booleanValue(chart, 'on', { defaultValue: true })}`,
      zones: ChartValue.listValue(chart, 'zones', { defaultValue: ['a', 'b'] }).asString(),
    }));
    expect(spec).toEqual({ max: '10', on: 'true', zones: '["a","b"]' });
  });

  test('a ChartValue in a raw field is written with its own type', () => {
    const spec = synthSpec(chart => ({ debug: ChartValue.booleanValue(chart, 'debug', { defaultValue: true }) }));
    expect(spec).toEqual({ debug: true });
  });

  test('a token in a map key resolves to its default', () => {
    const spec = synthSpec(chart => ({ domains: { [ChartValue.stringValue(chart, 'domain', { defaultValue: 'example.com' }).asString()]: '' } }));
    expect(spec).toEqual({ domains: { 'example.com': '' } });
  });

  test('a secret writes its placeholder', () => {
    const chart = valuesChart();
    new ApiObject(chart, 'obj', {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: {
        password: ChartValue.stringValue(chart, 'db.password', { secret: true }).asString(),
        token: ChartValue.stringValue(chart, 'db.token', { secret: true, secretPlaceholder: 'REPLACE_ME' }).asString(),
      },
    });
    expect(Testing.synth(chart)[0].stringData).toEqual({ password: '', token: 'REPLACE_ME' });
  });

  test('number tokens turned into strings by constructs keep the value', () => {
    const spec = synthSpec(chart => ({ max: tokenAwareString(ChartValue.integerValue(chart, 'max', { defaultValue: 10 }).asNumber()), plain: tokenAwareString(7) }));
    expect(spec).toEqual({ max: '10', plain: '7' });
  });

  test('the values live in a construct of the app, and the app resolvers are not touched', () => {
    const resolver = ChartValue.resolver();
    const app = Testing.app({ resolvers: [resolver] });
    const before = [...app.resolvers];
    const chart = new Chart(app, 'c');
    const a = ChartValue.stringValue(chart, 'a', { defaultValue: 'x' });
    ChartValue.stringValue(chart, 'b', { defaultValue: 'y' });
    expect(app.resolvers).toEqual(before);
    const registry = app.node.tryFindChild('cdk8s-knative.ChartValues');
    expect(registry).toBeInstanceOf(ChartValueRegistry);
    expect((registry as ChartValueRegistry)._all()).toEqual([a, ChartValue.stringValue(chart, 'b', { defaultValue: 'y' })]);
  });

  test('one resolver serves several apps', () => {
    const resolver = ChartValue.resolver();
    const specs = ['one', 'two'].map(d => {
      const chart = new Chart(Testing.app({ resolvers: [resolver] }), 'c');
      return synthSpec(c => ({ d: ChartValue.stringValue(c, 'd', { defaultValue: d }).asString() }), chart);
    });
    expect(specs).toEqual([{ d: 'one' }, { d: 'two' }]);
  });

  test('the same definition twice gives the same value', () => {
    const chart = valuesChart();
    const a = ChartValue.integerValue(chart, 'n', { defaultValue: 1 });
    const b = ChartValue.integerValue(chart, 'n', { defaultValue: 1 });
    expect(a).toBe(b);
    expect(a.asNumber()).toBe(b.asNumber());
    expect([a.path, a.valueType, a.defaultValue, a.secret]).toEqual(['n', ChartValueType.INTEGER, 1, false]);
  });

  test('fails when the app has no chart value resolver', () => {
    expect(() => ChartValue.stringValue(Testing.chart(), 'a', { defaultValue: 'x' }))
      .toThrow(/no chart value resolver; create it with `new App\(\{ resolvers: \[ChartValue.resolver\(\)\] \}\)`/);
  });

  test('fails when a token of another app is synthesized', () => {
    const other = ChartValue.stringValue(valuesChart(), 'a', { defaultValue: 'x' });
    const chart = new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'c');
    expect(() => synthSpec(() => ({ a: other.asString() }), chart)).toThrow(/another app/);
  });

  test('fails when a list token is taken apart', () => {
    const chart = valuesChart();
    const hosts = ChartValue.listValue(chart, 'hosts', { defaultValue: ['a'] }).asStringList();
    expect(() => synthSpec(() => ({ hosts: hosts.map(h => `${h}.svc`) }), chart)).toThrow(/the list chart value hosts was taken apart/);
  });
});

describe('ChartValue.subtractFrom', () => {
  test('derives a value from an integer chart value', () => {
    const spec = synthSpec(chart => {
      const canary = ChartValue.integerValue(chart, 'canary', { defaultValue: 20, minimum: 0, maximum: 100 });
      const stable = canary.subtractFrom(100);
      expect(canary.subtractFrom(100)).toBe(stable);
      expect(stable.defaultValue).toBe(80);
      expect((ChartValueRegistry.find(chart)!)._all().map(v => v.path)).toEqual(['canary']);
      return { stable: stable.asNumber(), canary: canary.asNumber(), viaToken: tokenAwareSubtract(100, canary.asNumber()), text: stable.asString() };
    });
    expect(spec).toEqual({ stable: 80, canary: 20, viaToken: 80, text: '80' });
  });

  test('is arithmetic on plain numbers', () => {
    expect(tokenAwareSubtract(100, 30)).toBe(70);
  });

  test('fails when the value is not an integer chart value', () => {
    const chart = valuesChart();
    const n = ChartValue.numberValue(chart, 'ratio', { defaultValue: 0.5 });
    expect(() => n.subtractFrom(1)).toThrow(/only integer chart values can be subtracted/);
    expect(() => tokenAwareSubtract(1, n.asNumber())).toThrow(/only integer chart values can be subtracted/);
    const derived = ChartValue.integerValue(chart, 'p', { defaultValue: 1 }).subtractFrom(100);
    expect(() => derived.subtractFrom(100)).toThrow(/derived value/);
  });

  test('fails when the total is out of range', () => {
    const p = ChartValue.integerValue(valuesChart(), 'p', { defaultValue: 1 });
    expect(() => p.subtractFrom(1.5)).toThrow(/must be a whole number from 0 to 32766/);
    expect(() => p.subtractFrom(40000)).toThrow(/must be a whole number/);
  });
});

describe('tokens', () => {
  test('are told from plain values', () => {
    const chart = valuesChart();
    const s = ChartValue.stringValue(chart, 's', { defaultValue: 'x' });
    const n = ChartValue.numberValue(chart, 'n', { defaultValue: 1 });
    const b = ChartValue.booleanValue(chart, 'b', { defaultValue: true });
    const tokens = [s.asString(), `pre-${s.asString()}`, n.asNumber(), n.asString(), b.asAny(), b.asString(), b];
    expect(tokens.map(isChartValueToken)).toEqual(Array(tokens.length).fill(true));
    expect(tokens.map(isUnresolved)).toEqual(Array(tokens.length).fill(true));
    expect(['x', 1, 0, -1.5, true, undefined, null, {}, '${other}'].map(isChartValueToken)).toEqual(Array(9).fill(false));
  });

  test('number tokens pass Number.isInteger but are far outside any range', () => {
    const n = ChartValue.integerValue(valuesChart(), 'n', { defaultValue: 1 }).asNumber();
    expect(Number.isInteger(n)).toBe(true);
    expect(n < -1e100).toBe(true);
  });

  test('fails when a kind has no such form', () => {
    const chart = valuesChart();
    expect(() => ChartValue.stringValue(chart, 's', { defaultValue: 'x' }).asNumber()).toThrow(/a string value has no number form/);
    expect(() => ChartValue.booleanValue(chart, 'b', { defaultValue: true }).asStringList()).toThrow(/a boolean value has no list form/);
  });
});

describe('ChartValue definitions', () => {
  test('fails when the path is not a dotted identifier', () => {
    expect(() => ChartValue.stringValue(valuesChart(), 'api-image', { defaultValue: 'x' })).toThrow(/ChartValue path: "api-image" is not allowed/);
  });

  test('fails when the path is under global', () => {
    expect(() => ChartValue.stringValue(valuesChart(), 'global.region', { defaultValue: 'x' })).toThrow(/Helm reserves `global`/);
  });

  test('fails when there is no default', () => {
    expect(() => ChartValue.stringValue(valuesChart(), 'a', {})).toThrow(/needs a default/);
  });

  test('fails when a secret has a default', () => {
    expect(() => ChartValue.stringValue(valuesChart(), 'a', { secret: true, defaultValue: 'hunter2' })).toThrow(/<redacted>.*secret value has no default/);
  });

  test('fails when a non-string secret has no placeholder', () => {
    expect(() => ChartValue.integerValue(valuesChart(), 'a', { secret: true })).toThrow(/needs a secretPlaceholder/);
  });

  test('fails when the default breaks a constraint', () => {
    const chart = valuesChart();
    expect(() => ChartValue.integerValue(chart, 'a', { defaultValue: 0, minimum: 1 })).toThrow(/a.defaultValue: 0 is not allowed; must be at least 1/);
    expect(() => ChartValue.integerValue(chart, 'b', { defaultValue: 1.5 })).toThrow(/must be of type integer/);
    expect(() => ChartValue.numberValue(chart, 'c', { defaultValue: 11, maximum: 10 })).toThrow(/must be at most 10/);
    expect(() => ChartValue.stringValue(chart, 'd', { defaultValue: 'x', allowedValues: ['a', 'b'] })).toThrow(/must be one of "a", "b"/);
    expect(() => ChartValue.stringValue(chart, 'e', { defaultValue: 'X', pattern: '^[a-z]+$' })).toThrow(/must match/);
    expect(() => ChartValue.listValue(chart, 'f', { defaultValue: [1], itemType: ChartValueType.STRING })).toThrow(/items must be of type string/);
  });

  test('fails when one path is defined twice differently', () => {
    const chart = valuesChart();
    ChartValue.stringValue(chart, 'a', { defaultValue: 'x' });
    expect(() => ChartValue.stringValue(chart, 'a', { defaultValue: 'y' })).toThrow(/already defined/);
  });

  test('fails when a value is also a group', () => {
    const chart = valuesChart();
    ChartValue.stringValue(chart, 'api', { defaultValue: 'x' });
    expect(() => ChartValue.stringValue(chart, 'api.image', { defaultValue: 'y' })).toThrow(/clashes with the chart value api/);
  });

  test('values of different apps do not clash', () => {
    ChartValue.stringValue(valuesChart(), 'same', { defaultValue: 'x' });
    expect(() => ChartValue.stringValue(valuesChart(), 'same', { defaultValue: 'y' })).not.toThrow();
  });
});
