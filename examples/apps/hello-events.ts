/**
 * A Knative Service that receives the events of a Broker through a Trigger,
 * its image a Helm chart value. `examples/python/hello_events.py` builds the
 * same app in Python through the jsii-generated package, and
 * `test/e2e/jsii.test.ts` checks that the two write the same YAML.
 */
import { App, Chart } from 'cdk8s';
import * as kn from '../../src';

/** Builds the app into `app` (created with `resolvers: [ChartValue.resolver()]`). */
export function buildHelloEvents(app: App): Chart {
  const chart = new Chart(app, 'hello-events', { namespace: 'hello' });
  const image = kn.ChartValue.stringValue(chart, 'hello.image', {
    defaultValue: 'ghcr.io/acme/hello:1.0.0',
    description: 'Image of the hello Service',
  });
  const hello = new kn.Service(chart, 'Hello', {
    metadata: { name: 'hello' },
    container: { image: image.asString(), port: 8080 },
    containerConcurrency: 50,
  });
  const broker = new kn.Broker(chart, 'Default', { metadata: { name: 'default' } });
  new kn.Trigger(chart, 'OnGreeting', {
    metadata: { name: 'on-greeting' },
    broker,
    subscriber: hello,
    filter: { type: 'dev.acme.greeting' },
  });
  return chart;
}

if (require.main === module) {
  const app = new App({ resolvers: [kn.ChartValue.resolver()] });
  buildHelloEvents(app);
  process.stdout.write(app.synthYaml());
}
