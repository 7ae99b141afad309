import { Chart, Duration, Testing } from 'cdk8s';
import { ChartValue } from '../../src/helm';
import { IngressTls, KnativeIngress, KnativeIngressMode } from '../../src/istio';
import { FeatureState, KnativeServing } from '../../src/platform';

describe('KnativeServing', () => {
  test('defaults: Istio ingress in knative-serving', () => {
    const chart = Testing.chart();
    new KnativeServing(chart, 'serving');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: {
        config: { network: { 'ingress-class': 'istio.ingress.networking.knative.dev' } },
        ingress: { istio: { enabled: true } },
      },
    }]);
  });

  test('domain, autoscaler, features, HA and extra config', () => {
    const chart = Testing.chart();
    const serving = new KnativeServing(chart, 'serving', {
      version: '1.23',
      domain: 'example.com',
      highAvailabilityReplicas: 2,
      autoscaler: {
        enableScaleToZero: false, scaleToZeroGracePeriod: Duration.seconds(45), stableWindow: Duration.minutes(2),
        containerConcurrencyTargetDefault: 50, targetUtilizationPercentage: 80, maxScaleLimit: 100, initialScale: 0,
      },
      features: { 'kubernetes.podspec-init-containers': FeatureState.ENABLED },
      config: { 'config-gc': { 'max-non-active-revisions': '5' } },
    });
    serving.addFeature('tag-header-based-routing', FeatureState.ALLOWED);
    serving.addConfig('deployment', 'registries-skipping-tag-resolving', 'kind.local');
    const spec = Testing.synth(chart)[0].spec;
    expect(spec).toEqual({
      version: '1.23',
      'high-availability': { replicas: 2 },
      ingress: { istio: { enabled: true } },
      config: {
        autoscaler: {
          'enable-scale-to-zero': 'false', 'scale-to-zero-grace-period': '45s', 'stable-window': '120s',
          'container-concurrency-target-default': '50', 'container-concurrency-target-percentage': '80',
          'max-scale-limit': '100', 'initial-scale': '0',
        },
        deployment: { 'registries-skipping-tag-resolving': 'kind.local' },
        domain: { 'example.com': '' },
        features: { 'kubernetes.podspec-init-containers': 'enabled', 'tag-header-based-routing': 'allowed' },
        gc: { 'max-non-active-revisions': '5' },
        network: { 'ingress-class': 'istio.ingress.networking.knative.dev' },
      },
    });
    expect(serving.domain).toBe('example.com');
  });

  test('without Istio ingress', () => {
    const chart = Testing.chart();
    new KnativeServing(chart, 'serving', { istioIngress: false, metadata: { namespace: 'kn' } });
    const [obj] = Testing.synth(chart);
    expect(obj.metadata.namespace).toBe('kn');
    expect(obj.spec).toEqual({});
  });

  test('accepts chart values and skips their checks', () => {
    const chart = new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
    new KnativeServing(chart, 'serving', {
      domain: ChartValue.stringValue(chart, 'platform.domain', { defaultValue: 'example.org' }).asString(),
      autoscaler: { maxScaleLimit: ChartValue.integerValue(chart, 'platform.maxScaleLimit', { defaultValue: 20, minimum: 0 }).asNumber() },
      highAvailabilityReplicas: ChartValue.integerValue(chart, 'platform.replicas', { defaultValue: 3, minimum: 1 }).asNumber(),
    });
    const spec = Testing.synth(chart)[0].spec;
    expect(spec.config.domain).toEqual({ 'example.org': '' });
    expect(spec.config.autoscaler).toEqual({ 'max-scale-limit': '20' });
    expect(spec['high-availability']).toEqual({ replicas: 3 });
  });

  test('fails when the domain is not a DNS name', () => {
    expect(() => new KnativeServing(Testing.chart(), 's', { domain: 'Example_COM' })).toThrow(/domain: "Example_COM" is not allowed/);
    expect(() => new KnativeServing(Testing.chart(), 's', { domain: 'localhost' })).toThrow(/at least two labels/);
    // an all-numeric top-level label, as KnativeIngress rejects it as a host
    expect(() => new KnativeServing(Testing.chart(), 's', { domain: 'apps.123' })).toThrow(/domain: "apps.123" is not allowed; .*not all digits/);
    expect(() => new KnativeServing(Testing.chart(), 's', { domain: 'apps.123a' })).not.toThrow();
  });

  test('fails when the version is malformed', () => {
    expect(() => new KnativeServing(Testing.chart(), 's', { version: 'one' })).toThrow(/version: "one" is not allowed/);
  });

  test('fails when autoscaler settings are out of range', () => {
    expect(() => new KnativeServing(Testing.chart(), 's', { autoscaler: { targetUtilizationPercentage: 120 } })).toThrow(/targetUtilizationPercentage: 120 is not allowed/);
    expect(() => new KnativeServing(Testing.chart(), 's', { autoscaler: { scaleToZeroGracePeriod: Duration.seconds(2) } })).toThrow(/at least 6 seconds/);
    expect(() => new KnativeServing(Testing.chart(), 's', { autoscaler: { stableWindow: Duration.hours(2) } })).toThrow(/6 seconds to 1 hour/);
    expect(() => new KnativeServing(Testing.chart(), 's', { highAvailabilityReplicas: 0 })).toThrow(/highAvailabilityReplicas: 0/);
  });

  test('fails when a feature flag is malformed', () => {
    expect(() => new KnativeServing(Testing.chart(), 's', { features: { 'Bad Key': FeatureState.ENABLED } })).toThrow(/features.Bad Key/);
    expect(() => new KnativeServing(Testing.chart(), 's', { features: { x: 'on' as FeatureState } })).toThrow(/must be "enabled", "disabled" or "allowed"/);
  });

  test('fails when a config map name is malformed', () => {
    const serving = new KnativeServing(Testing.chart(), 's');
    expect(() => serving.addConfig('Config GC', 'a', 'b')).toThrow(/config: "Config GC" is not allowed/);
  });

  // found by the property tests (test/property/istio-knative-ingress.test.ts)
  test('fails when useIngress gets the settings of a KnativeIngress for another namespace', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', {
      domain: 'apps.example.com', tls: IngressTls.autoTls(), mode: KnativeIngressMode.OPERATOR, knativeServingNamespace: 'kn',
    });
    const serving = new KnativeServing(chart, 'serving');
    expect(() => serving.useIngress(ingress))
      .toThrow(/\[test\/serving\] metadata.namespace: "knative-serving" is not allowed; must be "kn", the knativeServingNamespace of the KnativeIngress/);
    new KnativeServing(chart, 'kn', { metadata: { namespace: 'kn' } }).useIngress(ingress);
  });

  test('useIngress takes the domain and the ingress class once, however often they are given', () => {
    const chart = Testing.chart();
    const ingress = new KnativeIngress(chart, 'Ingress', { domain: 'apps.example.com', tls: IngressTls.autoTls(), mode: KnativeIngressMode.OPERATOR });
    new KnativeServing(chart, 'serving', { domain: 'apps.example.com' }).useIngress(ingress);
    const config = Testing.synth(chart).find(o => o.kind === 'KnativeServing').spec.config;
    expect(config.domain).toEqual({ 'apps.example.com': '' });
    expect(config.network['ingress-class']).toBe('istio.ingress.networking.knative.dev');
    expect(config.network['external-domain-tls']).toBe('Enabled');
  });

  test('fails when useIngress gets an ingress that emits its own ConfigMaps, a second ingress or another domain', () => {
    const chart = Testing.chart();
    const manifests = new KnativeIngress(chart, 'Manifests', { domain: 'apps.example.com', tls: IngressTls.autoTls(), createNamespaces: false });
    expect(() => new KnativeServing(chart, 'a').useIngress(manifests))
      .toThrow(/\[test\/a\] useIngress: "test\/Manifests" is not allowed; needs a KnativeIngress with mode KnativeIngressMode.OPERATOR/);
    const operator = new KnativeIngress(chart, 'Operator', { domain: 'apps.example.com', tls: IngressTls.autoTls(), mode: KnativeIngressMode.OPERATOR });
    const b = new KnativeServing(chart, 'b');
    b.useIngress(operator);
    expect(() => b.useIngress(operator)).toThrow(/\[test\/b\] useIngress: "test\/Operator" is not allowed; is already called with "test\/Operator"/);
    expect(() => new KnativeServing(chart, 'c', { domain: 'example.org' }).useIngress(operator))
      .toThrow(/\[test\/c\] domain: "example.org" is not allowed; must be the domain of the KnativeIngress \("apps.example.com"\)/);
  });

  test('fails when a config entry or a feature flag is added twice or is set by a prop', () => {
    const serving = new KnativeServing(Testing.chart(), 's', {
      domain: 'example.com', features: { 'multi-container': FeatureState.ENABLED }, autoscaler: { initialScale: 0 },
    });
    serving.addConfig('gc', 'max-non-active-revisions', '5');
    expect(() => serving.addConfig('config-gc', 'max-non-active-revisions', '6'))
      .toThrow(/\[test\/s\] config.gc.max-non-active-revisions: "6" is not allowed; is already set to "5"; each entry may be added once/);
    expect(() => serving.addConfig('autoscaler', 'initial-scale', '1'))
      .toThrow(/config.autoscaler.initial-scale: "1" is not allowed; is already set to "0" by a prop of the construct; set it there/);
    expect(() => serving.addConfig('features', 'multi-container', 'disabled')).toThrow(/is already set to "enabled" by a prop/);
    expect(() => serving.addFeature('multi-container', FeatureState.DISABLED))
      .toThrow(/\[test\/s\] features.multi-container: "disabled" is not allowed; is already set to "enabled"; each feature flag may be added once/);
    serving.addConfig('features', 'kubernetes.podspec-affinity', 'enabled');
    expect(() => serving.addFeature('kubernetes.podspec-affinity', FeatureState.ENABLED)).toThrow(/is already set to "enabled"/);
    expect(() => new KnativeServing(Testing.chart(), 't', { config: { domain: { 'example.org': '' } }, domain: 'example.org' }))
      .toThrow(/config.domain.example.org: "" is not allowed; is already set to "" by a prop/);
  });

  test('writes revision GC (config-gc) and the default rollout duration (config-network)', () => {
    const chart = Testing.chart();
    new KnativeServing(chart, 'S', {
      revisionGc: { retainSinceCreateTime: Duration.hours(24), retainSinceLastActiveTime: Duration.hours(2), minNonActiveRevisions: 2, maxNonActiveRevisions: 10 },
      rolloutDuration: Duration.minutes(3),
    });
    const config = Testing.synth(chart)[0].spec.config;
    expect(config.gc).toEqual({
      'retain-since-create-time': '86400s', 'retain-since-last-active-time': '7200s', 'min-non-active-revisions': '2', 'max-non-active-revisions': '10',
    });
    expect(config.network).toEqual({ 'ingress-class': 'istio.ingress.networking.knative.dev', 'rollout-duration': '180' });
  });

  test('fails when minNonActiveRevisions is above maxNonActiveRevisions', () => {
    expect(() => new KnativeServing(Testing.chart(), 'S', { revisionGc: { minNonActiveRevisions: 1001 } }))
      .toThrow(/revisionGc\.minNonActiveRevisions: 1001 is not allowed; must be at most maxNonActiveRevisions \(1000\)/);
    expect(() => new KnativeServing(Testing.chart(), 'S2', { revisionGc: { minNonActiveRevisions: 5, maxNonActiveRevisions: 4 } }))
      .toThrow(/must be at most maxNonActiveRevisions \(4\)/);
  });

  test('fails when a GC count is negative or the rollout duration is not whole seconds', () => {
    expect(() => new KnativeServing(Testing.chart(), 'S', { revisionGc: { maxNonActiveRevisions: -1 } })).toThrow(/revisionGc\.maxNonActiveRevisions: -1 is not allowed/);
    expect(() => new KnativeServing(Testing.chart(), 'S2', { rolloutDuration: Duration.millis(500) })).toThrow(/rolloutDuration: "500ms" is not allowed/);
  });
});
