import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kn from '../../src';

/** Domain of the example stack's Service URLs (the default of the `platform.domain` chart value). */
export const EXAMPLE_DOMAIN = 'knative.example.com';

/**
 * The Knative platform of the example stack, installed through the Knative
 * Operator: Serving with Istio ingress, a domain, autoscaler settings and
 * feature flags; Eventing with the channel-based broker on in-memory channels.
 * The domain and autoscaler knobs are chart values (`platform.*`).
 */
export function addPlatformExample(chart: Chart): { serving: kn.KnativeServing; eventing: kn.KnativeEventing } {
  const domain = platformDomain(chart);
  const scaleToZero = kn.ChartValue.booleanValue(chart, 'platform.scaleToZero', {
    defaultValue: true, description: 'Whether Knative Services may scale to zero replicas when idle.',
  });
  const serving = new kn.KnativeServing(chart, 'Serving', {
    domain,
    highAvailabilityReplicas: controlPlaneReplicas(chart).asNumber(),
    autoscaler: {
      maxScaleLimit: kn.ChartValue.integerValue(chart, 'platform.maxScaleLimit', {
        defaultValue: 100, minimum: 0, maximum: 1000,
        description: 'Largest max-scale a Knative Service may ask for; 0 means no limit.',
      }).asNumber(),
    },
    // a boolean prop has no room for a chart value; the config map entry takes its string form
    config: { autoscaler: { 'enable-scale-to-zero': scaleToZero.asString() } },
    features: {
      'kubernetes.podspec-init-containers': kn.FeatureState.ENABLED,
      'tag-header-based-routing': kn.FeatureState.ENABLED,
    },
  });
  // The Operator installs Eventing into the KnativeEventing's namespace, which must exist first
  // (knative-serving is created, labelled for the Istio sidecar, by the ingress component).
  new kplus.k8s.KubeNamespace(chart, 'EventingNamespace', { metadata: { name: 'knative-eventing' } });
  const eventing = new kn.KnativeEventing(chart, 'Eventing', {
    defaultChannel: kn.ChannelKind.IN_MEMORY,
    highAvailabilityReplicas: controlPlaneReplicas(chart).asNumber(),
  });
  return { serving, eventing };
}

/** The `platform.controlPlaneReplicas` chart value, shared by Serving and Eventing. */
function controlPlaneReplicas(chart: Chart): kn.ChartValue {
  return kn.ChartValue.integerValue(chart, 'platform.controlPlaneReplicas', {
    defaultValue: 1, minimum: 1, maximum: 5,
    description: 'Replicas of each Knative control-plane deployment (Serving and Eventing).',
  });
}

/** The `platform.domain` chart value (the same token wherever it is asked for). */
export function platformDomain(chart: Chart): string {
  return kn.ChartValue.stringValue(chart, 'platform.domain', {
    defaultValue: EXAMPLE_DOMAIN,
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$',
    description: 'Domain of the Knative Services\' URLs: <service>.<namespace>.<domain>.',
  }).asString();
}

/** Descriptions of the example stack's components, by cdk8s Chart id. */
export const STACK_COMPONENTS: Record<string, kn.HelmComponentOptions> = {
  platform: { description: 'The Knative platform (KnativeServing and KnativeEventing for the Knative Operator).' },
  ingress: { description: 'The Istio ingress for Knative: TLS gateway, Knative network settings, STRICT mTLS for the app namespaces.' },
  serving: { description: 'The getting-started app: a Configuration and Route, and the same app as a Knative Service with a canary split.' },
  eventing: { description: 'The event pipeline: PingSource to Broker to Trigger to the app, an ApiServerSource, and an InMemoryChannel with two Subscriptions.' },
  build: { description: 'A Tekton source-to-image build of helloworld-go (Kaniko) and the Knative Service that runs it.' },
};

/** Options of {@link writeStackHelmChart}. */
export interface StackHelmChartOptions {
  /**
   * Folder the chart folder is written into.
   * @default 'helm'
   */
  readonly outdir?: string;
  /**
   * Options of more components (ingress, apps...), by cdk8s Chart id; merged over {@link STACK_COMPONENTS}.
   * @default - STACK_COMPONENTS only
   */
  readonly components?: Record<string, kn.HelmComponentOptions>;
}

/**
 * Writes the Helm chart of the example stack to `<outdir>/knative-stack/`.
 * `platformChart` is the Chart that {@link addPlatformExample} filled; every
 * Chart of the app becomes a component.
 */
export function writeStackHelmChart(app: App, platformChart: Chart, options: StackHelmChartOptions = {}): string {
  const known = new Set(app.charts.map(c => c.node.id));
  const all = { ...STACK_COMPONENTS, ...options.components };
  const components = Object.fromEntries(Object.entries(all).filter(([id]) => known.has(id)));
  return new kn.HelmChart(app, {
    name: 'knative-stack',
    version: '0.1.0',
    appVersion: '1.23.0',
    description: 'The cdk8s-knative example stack: Knative platform, Istio ingress and apps.',
    domain: platformDomain(platformChart),
    components,
  }).write(options.outdir ?? 'helm');
}
