import { Testing } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { ChartValue as CV, renderingMarkers } from '../../src/helm/chart-value';
import { renderTemplateDocs, scalarAction, textWithActions } from '../../src/helm/template';

function render(build: (chart: ReturnType<typeof Testing.chart>) => unknown): string {
  const chart = Testing.chart();
  const spec = build(chart);
  const deep = (v: any): any => (Array.isArray(v) ? v.map(deep)
    : v && typeof v === 'object' ? (typeof v.resolve === 'function' ? v.resolve() : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])))
      : v);
  const resolved = renderingMarkers(() => deep(spec));
  return renderTemplateDocs([{ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' }, spec: resolved }], { chartName: 'c', component: 'apps' });
}

describe('template rendering', () => {
  test('strings are quoted, integers unquoted through int64', () => {
    const chart = Testing.chart();
    const image = ChartValue.string(chart, 'api.image', { default: 'x' });
    expect(scalarAction(image)).toBe('{{ .Values.api.image | quote }}');
    const n = CV.of(ChartValue.integer(chart, 'api.replicas', { default: 1 }))!;
    expect(scalarAction(n.rawMarker)).toBe('{{ .Values.api.replicas | int64 }}');
    const b = CV.of(ChartValue.boolean(chart, 'api.debug', { default: true }))!;
    expect(scalarAction(b.rawMarker)).toBe('{{ .Values.api.debug }}');
  });

  test('a token inside a longer string becomes printf with % escaped', () => {
    const chart = Testing.chart();
    const d = ChartValue.string(chart, 'domain', { default: 'x' });
    expect(scalarAction(`https://${d}/100%`)).toBe('{{ printf "https://%v/100%%" .Values.domain | quote }}');
  });

  test('a literal {{ is kept literal', () => {
    expect(scalarAction('a {{ b }}')).toBe('{{ "a {{ b }}" | quote }}');
    expect(textWithActions('x {{ y')).toBe('x {{ "{{" }} y');
  });

  test('a secret is required', () => {
    const p = ChartValue.string(Testing.chart(), 'db.password', { secret: true });
    expect(scalarAction(p)).toMatch(/^\{\{ \(required ".*db.password.*" \.Values\.db\.password\) \| quote \}\}$/);
  });

  test('objects and lists render as toYaml blocks indented under their key', () => {
    const text = render(chart => ({
      tuning: ChartValue.object(chart, 'tuning', { default: { a: 1 } }),
      items: [{ zones: ChartValue.list(chart, 'zones', { default: ['a'] }) }],
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
    const chart = Testing.chart();
    const o = CV.of(ChartValue.object(chart, 'o', { default: {} }))!;
    expect(() => renderTemplateDocs([{ kind: 'X', metadata: { name: 'x' }, spec: { [o.rawMarker]: 1 } }], { chartName: 'c', component: 'a' }))
      .toThrow(/only string chart values can be used in a map key/);
  });
});
