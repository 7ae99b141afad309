import { ClusterConfig } from '../../src/validation/cluster-config';
import { loadClusterConfigReport } from '../../src/validation/config';

/**
 * A bad setting in a cluster config file names where it was read: the
 * document, the object (`KnativeServing/<name>`, `ConfigMap/<name>`) and the
 * key path, then the value and what is allowed.
 */

/** The message of the error `ClusterConfig.fromYaml(text)` throws. */
function errorOf(text: string): string {
  try {
    ClusterConfig.fromYaml(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('fromYaml did not fail');
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: knative-serving}\n';

function operatorCr(kind: string, name: string, config: string): string {
  return `apiVersion: operator.knative.dev/v1beta1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: knative-serving}\nspec:\n  config:\n${config}`;
}

describe('ClusterConfig.fromYaml names the document, object and key of a bad setting', () => {
  test('fails when max-scale-limit of a KnativeServing is negative', () => {
    const text = [NAMESPACE, operatorCr('KnativeServing', 'ks', '    autoscaler: {max-scale-limit: "-1"}\n')].join('---\n');
    expect(errorOf(text)).toBe('cluster config: document 1 (KnativeServing/ks): spec.config.autoscaler.max-scale-limit: "-1" is not allowed; '
      + 'must be an integer 0 or more');
  });

  test('fails when a KnativeServing config-defaults key is no integer, naming the key as written', () => {
    const text = operatorCr('KnativeServing', 'knative-serving', '    config-defaults: {container-concurrency-max-limit: "many"}\n');
    expect(errorOf(text)).toBe('cluster config: document 0 (KnativeServing/knative-serving): spec.config.config-defaults.container-concurrency-max-limit: '
      + '"many" is not allowed; must be an integer 1 or more');
  });

  test('fails when a KnativeEventing feature is no flag value', () => {
    const text = [operatorCr('KnativeServing', 'ks', '    autoscaler: {max-scale-limit: "5"}\n'),
      operatorCr('KnativeEventing', 'ke', '    features: {kreference-group: "on"}\n')].join('---\n');
    expect(errorOf(text)).toBe('cluster config: document 1 (KnativeEventing/ke): spec.config.features.kreference-group: "on" is not a flag value; '
      + 'use enabled, disabled or allowed');
  });

  test('fails when a ConfigMap holds a bad boolean, naming the ConfigMap and data key', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-autoscaler}\ndata: {enable-scale-to-zero: "maybe"}\n';
    expect(errorOf(text)).toBe('cluster config: document 0 (ConfigMap/config-autoscaler): data.enable-scale-to-zero: "maybe" is not allowed; must be true or false');
  });

  test('fails when a plain map holds a bad number, naming the section key', () => {
    expect(errorOf('defaults: {}\n---\ndefaults:\n  max-revision-timeout-seconds: ten\n'))
      .toBe('cluster config: document 1: defaults.max-revision-timeout-seconds: "ten" is not allowed; must be an integer 0 or more');
  });

  test('fails when a timeout is above its maximum, naming both settings and where each came from', () => {
    expect(errorOf(operatorCr('KnativeServing', 'ks', '    defaults: {revision-timeout-seconds: "700"}\n')))
      .toBe('cluster config: document 0 (KnativeServing/ks): spec.config.defaults.revision-timeout-seconds (700) cannot be greater than '
        + 'max-revision-timeout-seconds (600, Knative\'s stock value)');
    expect(errorOf('defaults: {container-concurrency: "20"}\n---\n' + operatorCr('KnativeServing', 'ks', '    defaults: {container-concurrency-max-limit: "10"}\n')))
      .toBe('cluster config: document 0: defaults.container-concurrency (20) cannot be greater than '
        + 'document 1 (KnativeServing/ks): spec.config.defaults.container-concurrency-max-limit (10)');
  });

  test('names the document that set a key last, as the settings are merged', () => {
    const text = [operatorCr('KnativeServing', 'first', '    autoscaler: {max-scale-limit: "x"}\n'),
      operatorCr('KnativeServing', 'second', '    autoscaler: {max-scale-limit: "-3"}\n')].join('---\n');
    expect(errorOf(text)).toBe('cluster config: document 1 (KnativeServing/second): spec.config.autoscaler.max-scale-limit: "-3" is not allowed; '
      + 'must be an integer 0 or more');
  });

  test('withFeatures keeps naming the feature', () => {
    expect(() => ClusterConfig.DEFAULT.withFeatures({ 'kubernetes.podspec-affinity': 'on' }))
      .toThrow(/^cluster config: feature kubernetes\.podspec-affinity: "on" is not a flag value; use enabled, disabled or allowed$/);
  });
});

describe('an ignored key of a cluster config file is a warning naming where it was read', () => {
  test('an unknown feature and a mistyped key name the document, object and key path', () => {
    const { warnings } = loadClusterConfigReport([
      operatorCr('KnativeServing', 'ks', '    autoscaler: {max-scale-limt: "5"}\n'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-features}\ndata: {kubernetes.podspec-affinty: enabled}\n',
    ].join('---\n'));
    expect(warnings).toEqual([
      'document 1 (ConfigMap/config-features): data.kubernetes.podspec-affinty: unknown feature "kubernetes.podspec-affinty" '
        + '(did you mean "kubernetes.podspec-affinity"?); it is ignored (known features: see Knative\'s config-features)',
      'document 0 (KnativeServing/ks): spec.config.autoscaler.max-scale-limt: unknown key (did you mean "max-scale-limit"?); it is ignored',
    ]);
  });
});

describe('a setting given twice in one cluster config file', () => {
  test('warns, naming both places and the value that is checked, when the values differ', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-autoscaler, namespace: knative-serving}\ndata: {max-scale-limit: "-5"}\n',
      operatorCr('KnativeServing', 'ks', '    autoscaler: {max-scale-limit: "10"}\n'),
    ].join('---\n');
    const report = loadClusterConfigReport(text);
    expect(report.warnings).toEqual([
      'document 1 (KnativeServing/ks): spec.config.autoscaler.max-scale-limit: "10" replaces "-5" set at document 0 (ConfigMap/config-autoscaler): '
        + 'data.max-scale-limit; only the later value is checked (set each setting once: the cluster keeps one of them)',
    ]);
    expect(report.settings.autoscaler.maxScaleLimit).toBe(10);
  });

  test('says nothing when both places give the same value', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: config-autoscaler, namespace: knative-serving}\ndata: {max-scale-limit: "10"}\n',
      operatorCr('KnativeServing', 'ks', '    autoscaler: {max-scale-limit: "10"}\n'),
    ].join('---\n');
    expect(loadClusterConfigReport(text).warnings).toEqual([]);
  });
});
