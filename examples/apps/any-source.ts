/**
 * Event sources the library has no typed construct for, with the generic
 * `Source`: a GCP Pub/Sub subscription (`CloudPubSubSource`, knative-gcp) and a
 * RabbitMQ queue (`RabbitmqSource`, eventing-rabbitmq) feed one Broker. The
 * sink and the CloudEvent overrides are typed and checked as on every typed
 * source; the rest of each spec is the kind's own fields, written as given.
 */
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as kn from '../../src';

export class AnySourceChart extends Chart {
  /** The Broker both sources send to. */
  public readonly broker: kn.Broker;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'ingest' });
    this.broker = new kn.Broker(this, 'Broker', { metadata: { name: 'ingest' } });
    const gcpKey = kplus.Secret.fromSecretName(this, 'GcpKey', 'google-cloud-key');

    new kn.Source(this, 'PubSub', {
      metadata: { name: 'orders-pubsub' },
      apiVersion: 'events.cloud.google.com/v1',
      kind: 'CloudPubSubSource',
      spec: {
        topic: 'orders',
        project: 'acme-shop',
        secret: { name: gcpKey.name, key: 'key.json' },
      },
      sink: this.broker,
      ceOverrides: { origin: 'gcp' },
    });

    new kn.Source(this, 'Rabbit', {
      metadata: { name: 'payments-rabbitmq' },
      apiVersion: 'sources.knative.dev/v1alpha1',
      kind: 'RabbitmqSource',
      spec: {
        rabbitmqClusterReference: { connectionSecret: { name: 'rabbitmq-default-user' } },
        rabbitmqResourcesConfig: { exchangeName: 'payments', queueName: 'payments-knative', parallelism: 2 },
      },
      sink: kn.Sink.fromAddressable(this.broker),
      ceOverrides: { origin: 'rabbitmq' },
    });
    kplus.Secret.fromSecretName(this, 'RabbitUser', 'rabbitmq-default-user');
  }
}
