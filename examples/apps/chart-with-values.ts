import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as kn from '../../src';

/**
 * A Knative Service whose image and log level are Helm values: plain synth
 * writes their defaults, the Helm chart reads `.Values.hello.*`. Each value is
 * a `ChartValue`, handed to the props through `asString()` (string props) or
 * `asNumber()` (number props). The app must carry `ChartValue.resolver()`.
 */
export class HelloChart extends Chart {
  /** The Knative Service `hello`. */
  public readonly service: kn.Service;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'hello' });
    const image = kn.ChartValue.stringValue(this, 'hello.image', {
      defaultValue: 'ghcr.io/example/hello:1.0.0',
      description: 'Image of the hello Service.',
      pattern: '^[^\\s]+$',
    }).asString();
    const logLevel = kn.ChartValue.stringValue(this, 'hello.logLevel', {
      defaultValue: 'info',
      description: 'Log level of the hello Service.',
      allowedValues: ['debug', 'info', 'warn', 'error'],
    }).asString();
    this.service = new kn.Service(this, 'Hello', {
      metadata: { name: 'hello' },
      container: { image, envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue(logLevel) } },
    });
  }
}

/**
 * The app and its Helm chart: `new HelmChart(app, ...).synth()` returns the
 * chart's files (Chart.yaml, values.yaml, values.schema.json, templates...);
 * `.write(outdir)` writes them to `<outdir>/hello/`.
 */
export function helloApp(): { app: App; helm: kn.HelmChart } {
  const app = new App({ resolvers: [kn.ChartValue.resolver()] });
  new HelloChart(app, 'hello');
  const helm = new kn.HelmChart(app, {
    name: 'hello',
    version: '1.0.0',
    description: 'The hello Knative Service.',
    components: { hello: { description: 'The hello Knative Service.' } },
  });
  return { app, helm };
}
