import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kn from '../../src';

/** Namespace of the getting-started example. */
export const EXAMPLE_NAMESPACE = 'js-event-example';
/** Image of the getting-started example. */
export const EXAMPLE_IMAGE = 'docker.io/dbevenius/faas-js-example';

/**
 * What the js-example image needs to start under the hardened container
 * defaults (non-root user 25000, read-only root filesystem): it is a Node.js
 * app, and Node and npm write their caches under `$HOME`, which for a user
 * without a passwd entry is `/`. A writable emptyDir at `/tmp` as `HOME` gives
 * them a place to write; nothing else of the image is written at run time.
 */
function jsExampleRuntime(): Pick<kn.ContainerProps, 'volumeMounts' | 'envVariables'> {
  return {
    volumeMounts: [{ path: '/tmp', volume: kn.Volume.fromEmptyDir('tmp') }],
    envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') },
  };
}

/**
 * The classic Knative getting-started example: a Configuration `js-example`
 * with a Route to its latest Revision, and the same app as a Knative Service
 * with a canary split.
 */
export function addServingExample(chart: Chart): { service: kn.Service; configuration: kn.Configuration; route: kn.Route } {
  const configuration = new kn.Configuration(chart, 'JsExampleConfiguration', {
    metadata: { name: 'js-example', namespace: EXAMPLE_NAMESPACE },
    container: { image: EXAMPLE_IMAGE, port: 8080, ...jsExampleRuntime() },
  });

  const route = new kn.Route(chart, 'JsExampleRoute', {
    metadata: { name: 'js-example', namespace: EXAMPLE_NAMESPACE },
    traffic: [configuration.latestRevision({ percent: 100 })],
  });

  const image = kn.ChartValue.stringValue(chart, 'serving.image', {
    defaultValue: EXAMPLE_IMAGE,
    pattern: '^\\S+$',
    description: 'Image of the js-example Knative Service (the canary Revision js-example-svc-v2).',
  }).asString();
  const service = new kn.Service(chart, 'JsExampleService', {
    metadata: { name: 'js-example-svc', namespace: EXAMPLE_NAMESPACE },
    revisionName: 'js-example-svc-v2',
    container: {
      image,
      port: 8080,
      volumeMounts: jsExampleRuntime().volumeMounts,
      envVariables: { ...jsExampleRuntime().envVariables, LOG_LEVEL: kplus.EnvValue.fromValue('info') },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
      readiness: kplus.Probe.fromHttpGet('/', { periodSeconds: Duration.seconds(5) }),
    },
    containerConcurrency: 50,
    timeout: Duration.seconds(120),
    autoscaling: {
      metric: kn.AutoscalingMetric.CONCURRENCY,
      target: 40,
      minScale: 0,
      maxScale: kn.ChartValue.integerValue(chart, 'serving.maxScale', {
        defaultValue: 10, minimum: 1, maximum: 100, description: 'Most pods of the js-example Knative Service.',
      }).asNumber(),
    },
    visibility: kn.Visibility.EXTERNAL,
  });
  service.canary('js-example-svc-v1', kn.ChartValue.integerValue(chart, 'serving.canaryPercent', {
    defaultValue: 20, minimum: 0, maximum: 100,
    description: 'Share of the traffic (percent) for the canary Revision js-example-svc-v2; the rest stays on js-example-svc-v1.',
  }).asNumber());
  return { service, configuration, route };
}
