import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ChartValue, HelmChart } from '../../src/helm';
import { Service } from '../../src/serving';

/**
 * A Knative Service whose image, log level and public flag are Helm values:
 * plain synth writes their defaults, the Helm chart reads `.Values.hello.*`.
 */
export class HelloChart extends Chart {
  /** The Knative Service `hello`. */
  public readonly service: Service;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'hello' });
    const image = ChartValue.string(this, 'hello.image', {
      default: 'ghcr.io/example/hello:1.0.0',
      description: 'Image of the hello Service.',
      pattern: '^[^\\s]+$',
    });
    const logLevel = ChartValue.string(this, 'hello.logLevel', {
      default: 'info',
      description: 'Log level of the hello Service.',
      allowedValues: ['debug', 'info', 'warn', 'error'],
    });
    this.service = new Service(this, 'Hello', {
      metadata: { name: 'hello' },
      container: { image, envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue(logLevel) } },
    });
  }
}

/**
 * The app and its Helm chart: `new HelmChart(app, ...).synth()` returns the
 * chart's files (Chart.yaml, values.yaml, values.schema.json, templates...);
 * `writeHelmChart()` writes them to a folder.
 */
export function helloApp(): { app: App; helm: HelmChart } {
  const app = new App();
  new HelloChart(app, 'hello');
  const helm = new HelmChart(app, {
    name: 'hello',
    version: '1.0.0',
    description: 'The hello Knative Service.',
    components: { hello: { description: 'The hello Knative Service.' } },
  });
  return { app, helm };
}
