import { validateManifests } from '../../../src/validation/engine';
import { DEFAULT_CLUSTER_CONFIG, featureAllowed, featureFlag, loadClusterConfig, securePodDefaultsOn, withFeatures } from '../../../src/validation/config';

describe('cluster config', () => {
  test('stock values', () => {
    expect(DEFAULT_CLUSTER_CONFIG.defaults.maxRevisionTimeoutSeconds).toBe(600);
    expect(DEFAULT_CLUSTER_CONFIG.defaults.containerConcurrencyMaxLimit).toBe(1000);
    expect(featureFlag(DEFAULT_CLUSTER_CONFIG, 'kubernetes.podspec-init-containers')).toBe('disabled');
    expect(featureFlag(DEFAULT_CLUSTER_CONFIG, 'multi-container')).toBe('enabled');
    expect(featureAllowed(DEFAULT_CLUSTER_CONFIG, 'kubernetes.podspec-dryrun')).toBe(true);
    expect(featureFlag(DEFAULT_CLUSTER_CONFIG, 'no-such-flag')).toBe('disabled');
  });

  test('withFeatures sets flags case-insensitively and leaves the input alone', () => {
    const c = withFeatures(DEFAULT_CLUSTER_CONFIG, { 'kubernetes.podspec-nodeselector': 'Enabled' });
    expect(featureFlag(c, 'kubernetes.podspec-nodeselector')).toBe('enabled');
    expect(featureFlag(DEFAULT_CLUSTER_CONFIG, 'kubernetes.podspec-nodeselector')).toBe('disabled');
  });

  test('secure-pod-defaults also takes AllowRootBounded (and only that flag does)', () => {
    const c = withFeatures(DEFAULT_CLUSTER_CONFIG, { 'secure-pod-defaults': 'AllowRootBounded' });
    expect(featureFlag(c, 'secure-pod-defaults')).toBe('allowrootbounded');
    expect(securePodDefaultsOn(c)).toBe(true);
    expect(securePodDefaultsOn(DEFAULT_CLUSTER_CONFIG)).toBe(false);
    expect(securePodDefaultsOn(withFeatures(DEFAULT_CLUSTER_CONFIG, { 'secure-pod-defaults': 'allowed' }))).toBe(false);
    expect(() => withFeatures(DEFAULT_CLUSTER_CONFIG, { 'multi-container': 'AllowRootBounded' })).toThrow(/is not a flag value/);
  });

  test('fails when a flag value is unknown', () => {
    expect(() => withFeatures(DEFAULT_CLUSTER_CONFIG, { 'multi-container': 'yes' })).toThrow(/multi-container: "yes" is not a flag value; use enabled, disabled or allowed/);
  });

  test('reads Knative ConfigMaps', () => {
    const c = loadClusterConfig([
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: config-features, namespace: knative-serving}',
      'data: {kubernetes.podspec-init-containers: enabled}', '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: config-defaults}',
      'data: {max-revision-timeout-seconds: "3600", container-concurrency-max-limit: "50", allow-container-concurrency-zero: "false"}', '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: config-autoscaler}',
      'data: {enable-scale-to-zero: "false", max-scale-limit: "20"}',
    ].join('\n'));
    expect(featureFlag(c, 'kubernetes.podspec-init-containers')).toBe('enabled');
    expect(c.defaults).toEqual({ revisionTimeoutSeconds: 300, maxRevisionTimeoutSeconds: 3600, containerConcurrency: 0, containerConcurrencyMaxLimit: 50, allowContainerConcurrencyZero: false });
    expect(c.autoscaler).toEqual({ enableScaleToZero: false, maxScaleLimit: 20, allowZeroInitialScale: false });
  });

  test('reads the Knative Operator\'s KnativeServing and KnativeEventing, skipping the other objects of the file', () => {
    const c = loadClusterConfig([
      'apiVersion: v1', 'kind: Namespace', 'metadata: {name: knative-serving}', '---',
      'apiVersion: operator.knative.dev/v1beta1', 'kind: KnativeServing', 'metadata: {name: knative-serving, namespace: knative-serving}',
      'spec:', '  config:', '    autoscaler: {max-scale-limit: "5"}', '    config-defaults: {container-concurrency-max-limit: "50"}',
      '    logging: {loglevel.controller: debug}', '---',
      'apiVersion: operator.knative.dev/v1beta1', 'kind: KnativeEventing', 'metadata: {name: knative-eventing, namespace: knative-eventing}',
      'spec: {config: {features: {kreference-group: enabled}}}',
    ].join('\n'));
    expect(c.autoscaler.maxScaleLimit).toBe(5);
    expect(c.defaults.containerConcurrencyMaxLimit).toBe(50);
    expect(featureFlag(c, 'kreference-group')).toBe('enabled');
    const svc = {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'a', namespace: 'd' },
      spec: { template: { metadata: { annotations: { 'autoscaling.knative.dev/max-scale': '10' } }, spec: { containers: [{ image: 'example/app' }] } } },
    };
    expect(validateManifests([svc], { config: c }).map(p => p.message)).toEqual([expect.stringMatching(/max-scale=10 is above the cluster's max-scale-limit of 5/)]);
  });

  test('fails when a KnativeServing holds no settings, or its spec.config is not a mapping', () => {
    expect(() => loadClusterConfig('apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nmetadata: {name: ks}\nspec: {}\n')).toThrow(/no settings found/);
    expect(() => loadClusterConfig('apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nspec: {config: [a]}\n')).toThrow(/spec\.config of KnativeServing must be a mapping/);
    expect(() => loadClusterConfig('apiVersion: operator.knative.dev/v1beta1\nkind: KnativeServing\nspec: {config: {autoscaler: 5}}\n'))
      .toThrow(/spec\.config\.autoscaler of KnativeServing must be a mapping/);
  });

  test('reads a plain map', () => {
    const c = loadClusterConfig('features:\n  multi-container: disabled\ndefaults:\n  revision-timeout-seconds: 100\n');
    expect(featureFlag(c, 'multi-container')).toBe('disabled');
    expect(c.defaults.revisionTimeoutSeconds).toBe(100);
    expect(c.autoscaler).toEqual(DEFAULT_CLUSTER_CONFIG.autoscaler);
  });

  test.each([
    ['malformed YAML', 'features: [', /malformed YAML/],
    ['a scalar', 'hello', /expected a mapping/],
    ['an unknown section', 'flags: {}', /unknown key "flags"/],
    ['another ConfigMap', 'kind: ConfigMap\nmetadata: {name: config-domain}\ndata: {}', /"config-domain" is not one of/],
    ['an empty file', '', /no settings found/],
    ['a bad integer', 'defaults: {max-revision-timeout-seconds: ten}', /max-revision-timeout-seconds: "ten" is not allowed/],
    ['a bad boolean', 'autoscaler: {enable-scale-to-zero: maybe}', /enable-scale-to-zero: "maybe" is not allowed; must be true or false/],
    ['a timeout above the max', 'defaults: {revision-timeout-seconds: 700}', /cannot be greater than max-revision-timeout-seconds/],
    ['a bad flag', 'features: {multi-container: on}', /is not a flag value/],
  ])('fails on %s', (_name, text, error) => {
    expect(() => loadClusterConfig(text)).toThrow(error);
  });
});

describe('allow-zero-initial-scale', () => {
  const svc = {
    apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'a', namespace: 'd' },
    spec: { template: { metadata: { annotations: { 'autoscaling.knative.dev/initial-scale': '0' } }, spec: { containers: [{ image: 'example/app' }] } } },
  };
  test('stock clusters reject initial-scale 0; a cluster that allows it accepts it', () => {
    expect(validateManifests([svc], {}).map(p => p.rule)).toEqual(['autoscaling/scale-bounds']);
    const config = loadClusterConfig('kind: ConfigMap\napiVersion: v1\nmetadata: {name: config-autoscaler}\ndata:\n  allow-zero-initial-scale: "true"\n');
    expect(config.autoscaler.allowZeroInitialScale).toBe(true);
    expect(validateManifests([svc], { config })).toEqual([]);
  });
});
