import { ClusterConfig } from '../../src/validation/cluster-config';
import { DEFAULT_CLUSTER_CONFIG } from '../../src/validation/config';

describe('ClusterConfig', () => {
  test('DEFAULT is a stock Knative install', () => {
    expect(ClusterConfig.DEFAULT._settings).toEqual(DEFAULT_CLUSTER_CONFIG);
    expect(ClusterConfig.DEFAULT.feature('kubernetes.podspec-init-containers')).toBe('disabled');
    expect(ClusterConfig.DEFAULT.feature('multi-container')).toBe('enabled');
    expect(ClusterConfig.DEFAULT.feature('no-such-flag')).toBe('disabled');
  });

  test('withFeatures returns a new configuration and leaves the original as it was', () => {
    const config = ClusterConfig.DEFAULT.withFeatures({ 'kubernetes.podspec-init-containers': 'Enabled' });
    expect(config.feature('kubernetes.podspec-init-containers')).toBe('enabled');
    expect(ClusterConfig.DEFAULT.feature('kubernetes.podspec-init-containers')).toBe('disabled');
  });

  test('fails when a feature value is not a flag value', () => {
    expect(() => ClusterConfig.DEFAULT.withFeatures({ 'multi-container': 'on' }))
      .toThrow(/feature multi-container: "on" is not a flag value; use enabled, disabled or allowed/);
  });

  test('withSettings changes only the settings given', () => {
    const config = ClusterConfig.DEFAULT.withSettings({ maxScaleLimit: 5, maxRevisionTimeoutSeconds: 900 });
    expect(config._settings.autoscaler.maxScaleLimit).toBe(5);
    expect(config._settings.defaults.maxRevisionTimeoutSeconds).toBe(900);
    expect(config._settings.defaults.revisionTimeoutSeconds).toBe(300);
    expect(config._settings.features).toBe(ClusterConfig.DEFAULT._settings.features);
  });

  test('fails when a numeric setting is not a non-negative integer', () => {
    expect(() => ClusterConfig.DEFAULT.withSettings({ maxScaleLimit: -1 })).toThrow(/maxScaleLimit: -1 is not allowed; must be an integer 0 or more/);
    expect(() => ClusterConfig.DEFAULT.withSettings({ containerConcurrency: 1.5 })).toThrow(/containerConcurrency: 1.5/);
  });

  test('fromYaml reads the stock ConfigMaps', () => {
    const config = ClusterConfig.fromYaml([
      'apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: config-features }', 'data:', '  kubernetes.podspec-affinity: enabled',
      '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: { name: config-autoscaler }', 'data:', '  max-scale-limit: "10"',
    ].join('\n'));
    expect(config.feature('kubernetes.podspec-affinity')).toBe('enabled');
    expect(config._settings.autoscaler.maxScaleLimit).toBe(10);
  });
});
