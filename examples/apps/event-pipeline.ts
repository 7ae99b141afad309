import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as kn from '../../src';

/**
 * An event pipeline: a PingSource emits a `shop.report.requested` event every
 * night into a Broker; Triggers route order events and report requests to two
 * Knative Services; what cannot be delivered after retries goes to a dead-letter
 * Service.
 *
 * ```
 * PingSource ──▶ Broker ──(type = shop.order.*)──────────▶ ksvc orders
 *                       └─(type = shop.report.requested)─▶ ksvc reports
 *                 undeliverable ─▶ ksvc dead-letters
 * ```
 */
export class EventPipelineChart extends Chart {
  /** The Broker all events go through. */
  public readonly broker: kn.Broker;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    const deadLetters = new kn.Service(this, 'DeadLetters', {
      metadata: { name: 'dead-letters' },
      container: { image: 'ghcr.io/example/event-display:1.0.0' },
      autoscaling: { minScale: 0, maxScale: 1 },
    });
    this.broker = new kn.Broker(this, 'Broker', {
      metadata: { name: 'shop' },
      delivery: {
        retry: 5,
        backoffPolicy: kn.BackoffPolicy.EXPONENTIAL,
        backoffDelay: Duration.seconds(2),
        deadLetterSink: kn.Sink.fromAddressable(deadLetters),
      },
    });

    const orders = new kn.Service(this, 'Orders', {
      metadata: { name: 'orders' },
      container: { image: 'ghcr.io/example/orders:1.4.0' },
      containerConcurrency: 20,
    });
    this.broker.addTrigger('OrderEvents', {
      metadata: { name: 'order-events' },
      subscriber: orders,
      filters: [kn.TriggerFilter.prefix('type', 'shop.order.')],
    });

    const reports = new kn.Service(this, 'Reports', {
      metadata: { name: 'reports' },
      container: { image: 'ghcr.io/example/reports:2.0.1' },
      timeout: Duration.minutes(5),
    });
    this.broker.addTrigger('ReportRequests', {
      metadata: { name: 'report-requests' },
      subscriber: kn.Sink.fromAddressable(reports, { path: '/nightly' }),
      filter: { type: 'shop.report.requested' },
    });

    new kn.PingSource(this, 'Nightly', {
      metadata: { name: 'nightly-report' },
      schedule: '0 2 * * *',
      timezone: 'Europe/Paris',
      contentType: 'application/json',
      data: '{"report":"daily-sales"}',
      sink: this.broker,
      ceOverrides: { team: 'shop' },
    });
  }
}
