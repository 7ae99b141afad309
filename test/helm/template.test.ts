import { Chart, Testing } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { ChartValueRegistry } from '../../src/helm/chart-value';
import { renderTemplateDocs, scalarAction, textWithActions } from '../../src/helm/template';

function valuesChart(): Chart {
  return new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
}

function registryOf(chart: Chart): ChartValueRegistry {
  return ChartValueRegistry.find(chart)!;
}

/** Renders a Widget whose spec `build` makes, with tokens resolved as chart rendering resolves them. */
function render(build: (chart: Chart) => unknown): string {
  const chart = valuesChart();
  const spec = build(chart);
  const registry = registryOf(chart);
  const deep = (v: any): any => (Array.isArray(v) ? v.map(deep)
    : v && typeof v === 'object' ? (typeof v.resolve === 'function' ? v.resolve() : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])))
      : v);
  const resolved = registry._renderingMarkers(() => deep(spec));
  return renderTemplateDocs([{ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' }, spec: resolved }], { chartName: 'c', component: 'apps', registry });
}

describe('template rendering', () => {
  test('strings are quoted, integers unquoted through int64', () => {
    const chart = valuesChart();
    const image = ChartValue.stringValue(chart, 'api.image', { defaultValue: 'x' });
    const n = ChartValue.integerValue(chart, 'api.replicas', { defaultValue: 1 });
    const b = ChartValue.booleanValue(chart, 'api.debug', { defaultValue: true });
    const registry = registryOf(chart);
    expect(scalarAction(registry, image.asString())).toBe('{{ .Values.api.image | quote }}');
    expect(scalarAction(registry, n._rawMarker)).toBe('{{ .Values.api.replicas | int64 }}');
    expect(scalarAction(registry, n.asString())).toBe('{{ (.Values.api.replicas | int64) | quote }}');
    expect(scalarAction(registry, b._rawMarker)).toBe('{{ .Values.api.debug }}');
    expect(scalarAction(registry, image._rawMarker)).toBe('{{ .Values.api.image | quote }}');
  });

  test('a derived value subtracts in the template', () => {
    const chart = valuesChart();
    const stable = ChartValue.integerValue(chart, 'canary', { defaultValue: 20 }).subtractFrom(100);
    expect(scalarAction(registryOf(chart), stable._rawMarker)).toBe('{{ (sub 100 (.Values.canary | int64)) | int64 }}');
  });

  test('a token inside a longer string becomes printf with % escaped', () => {
    const chart = valuesChart();
    const d = ChartValue.stringValue(chart, 'domain', { defaultValue: 'x' });
    expect(scalarAction(registryOf(chart), `https://${d.asString()}/100%`)).toBe('{{ printf "https://%v/100%%" .Values.domain | quote }}');
  });

  test('a literal {{ is kept literal', () => {
    expect(scalarAction(undefined, 'a {{ b }}')).toBe('{{ "a {{ b }}" | quote }}');
    expect(textWithActions(undefined, 'x {{ y')).toBe('x {{ "{{" }} y');
  });

  test('a secret is required', () => {
    const chart = valuesChart();
    const p = ChartValue.stringValue(chart, 'db.password', { secret: true });
    expect(scalarAction(registryOf(chart), p.asString())).toMatch(/^\{\{ \(required ".*db.password.*" \.Values\.db\.password\) \| quote \}\}$/);
  });

  test('objects and lists render as toYaml blocks indented under their key', () => {
    const text = render(chart => ({
      tuning: ChartValue.objectValue(chart, 'tuning', { defaultValue: { a: 1 } }).asAny(),
      items: [{ zones: ChartValue.listValue(chart, 'zones', { defaultValue: ['a'] }).asAny() }],
    }));
    expect(text).toContain('  tuning: {{- toYaml .Values.tuning | nindent 4 }}');
    expect(text).toContain('    - zones: {{- toYaml .Values.zones | nindent 8 }}');
  });

  test('standard labels come from _helpers.tpl, own labels win', () => {
    const plain = renderTemplateDocs([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }], { chartName: 'c', component: 'apps' });
    expect(plain).toContain('  labels:\n    {{- include "c.labels" . | nindent 4 }}\n    app.kubernetes.io/component: apps\n');
    const own = renderTemplateDocs([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'mine' } } }], { chartName: 'c', component: 'apps' });
    expect(own).not.toContain('include "c.labels"');
    expect(own).toContain('app.kubernetes.io/name: mine');
    expect(own).toContain('helm.sh/chart: {{ include "c.chart" . }}');
  });

  test('fails when a list or object value is used as a map key', () => {
    const chart = valuesChart();
    const o = ChartValue.objectValue(chart, 'o', { defaultValue: {} });
    expect(() => renderTemplateDocs([{ kind: 'X', metadata: { name: 'x' }, spec: { [o._rawMarker]: 1 } }], { chartName: 'c', component: 'a', registry: registryOf(chart) }))
      .toThrow(/only string chart values can be used in a map key/);
  });

  test('fails when a list token is taken apart', () => {
    const chart = valuesChart();
    const [zone] = ChartValue.listValue(chart, 'zones', { defaultValue: ['a'] }).asStringList();
    expect(() => scalarAction(registryOf(chart), `${zone}.svc`)).toThrow(/the list chart value zones was taken apart/);
  });
});
