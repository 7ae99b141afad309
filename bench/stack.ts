/**
 * The benchmark stack built with the library's constructs (checked props,
 * validation on synth). `raw-stack.ts` builds the same objects without them.
 *
 * For N Services: a shared Broker, and per Service an `ExternalSecret`-backed
 * Secret the Service reads an env var from, the Service (autoscaling, a canary
 * split) and a Trigger that delivers to it; one PingSource per 10 Services,
 * sending to the Broker.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
// from the package's entry point, as an app imports it
import { AutoscalingMetric, Broker, OpaqueSecret, PingSource, SecretSource, Service, Sink, Trigger } from '../src';
import { BENCH_NAMESPACE, eventType, IMAGE, pingData, pingSchedule, svcName } from './raw-stack';

/** Builds the stack with the library's constructs into `chart`. */
export function buildKnativeStack(chart: Chart, n: number): void {
  const broker = new Broker(chart, 'Broker', { metadata: { name: 'default', namespace: BENCH_NAMESPACE } });
  for (let i = 0; i < n; i++) {
    const name = svcName(i);
    const scope = new Construct(chart, `Svc${i}`);
    const secret = new OpaqueSecret(scope, 'Db', {
      metadata: { name: `${name}-db`, namespace: BENCH_NAMESPACE },
      keys: ['password'],
      source: SecretSource.fromExternalSecret({ store: 'vault', key: `shop/${name}/db` }),
    });
    const service = new Service(scope, 'Service', {
      metadata: { name, namespace: BENCH_NAMESPACE },
      container: {
        image: IMAGE,
        port: 8080,
        envVariables: { DB_PASSWORD: secret.envValue('password') },
      },
      containerConcurrency: 50,
      autoscaling: { metric: AutoscalingMetric.CONCURRENCY, target: 40, minScale: 1, maxScale: 20 },
    });
    service.canary(`${name}-v1`, 10);
    new Trigger(scope, 'Trigger', {
      metadata: { name: `${name}-trigger`, namespace: BENCH_NAMESPACE },
      broker,
      subscriber: Sink.fromAddressable(service),
      filter: { type: eventType(i) },
    });
  }
  for (let g = 0; g * 10 < n; g++) {
    new PingSource(chart, `Ping${g}`, {
      metadata: { name: `ping-${g}`, namespace: BENCH_NAMESPACE },
      schedule: pingSchedule(g),
      contentType: 'application/json',
      data: pingData(g),
      sink: Sink.fromAddressable(broker),
    });
  }
}

