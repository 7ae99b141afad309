/**
 * The integration sources and the sinks of Knative 1.22/1.23 in one app:
 * a Kafka Broker (its ConfigMap with the bootstrap servers, partitions and
 * replication factor), an IntegrationSource reading an SQS queue and another
 * ticking on a timer, a KafkaSink, a JobSink that runs a hardened Job per
 * event, an IntegrationSink that logs, and a GCP Pub/Sub source through the
 * generic `Source`. The Kafka servers, the topic and the queue are Helm values.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as kn from '../../src';

export class EventSinksChart extends Chart {
  /** @param namespace where the objects go (default `orders`) */
  constructor(scope: Construct, id: string, namespace = 'orders') {
    super(scope, id, { namespace });
    const servers = kn.ChartValue.stringValue(this, 'kafka.bootstrapServers', {
      defaultValue: 'my-cluster-kafka-bootstrap.kafka:9092',
      description: 'Kafka bootstrap servers (host:port)',
    }).asString();
    const topic = kn.ChartValue.stringValue(this, 'kafka.topic', {
      defaultValue: 'orders-archive',
      description: 'Topic the KafkaSink writes to',
      pattern: '^[a-zA-Z0-9._-]{1,249}$',
    }).asString();
    const partitions = kn.ChartValue.integerValue(this, 'kafka.partitions', {
      defaultValue: 6, minimum: 1, description: 'Partitions of each Broker topic',
    }).asNumber();
    const queue = kn.ChartValue.stringValue(this, 'aws.ordersQueue', {
      defaultValue: 'arn:aws:sqs:eu-west-1:123456789012:orders',
      description: 'The SQS queue the orders come from',
    }).asString();

    const kafkaAuth = new kn.OpaqueSecret(this, 'KafkaAuth', {
      metadata: { name: 'kafka-auth' },
      source: kn.SecretSource.fromExternalSecret({ store: 'platform-secrets', key: 'kafka/orders' }),
      keys: ['protocol', 'sasl.mechanism', 'user', 'password'],
    });
    const awsCreds = new kn.OpaqueSecret(this, 'AwsCreds', {
      metadata: { name: 'aws-credentials' },
      source: kn.SecretSource.fromExternalSecret({ store: 'platform-secrets', key: 'aws/orders' }),
      keys: ['aws.accessKey', 'aws.secretKey'],
    });

    const kafka = new kn.KafkaBrokerConfig(this, 'KafkaConfig', {
      metadata: { name: 'kafka-broker-config' },
      bootstrapServers: [servers],
      defaultTopicPartitions: partitions,
      defaultTopicReplicationFactor: 3,
      authSecret: kafkaAuth,
      topicConfig: { 'retention.ms': '604800000' },
    });
    const broker = kafka.addBroker('Broker', { metadata: { name: 'orders' } });

    new kn.IntegrationSource(this, 'OrdersQueue', {
      metadata: { name: 'orders-sqs' },
      input: kn.IntegrationInput.awsSqs({ arn: queue, region: 'eu-west-1', auth: kn.AwsAuth.fromSecret(awsCreds), waitTime: Duration.seconds(20) }),
      sink: broker,
      ceOverrides: { origin: 'sqs' },
    });
    new kn.IntegrationSource(this, 'Heartbeat', {
      metadata: { name: 'heartbeat' },
      input: kn.IntegrationInput.timer({ message: '{"ping":true}', contentType: 'application/json', period: Duration.minutes(1) }),
      sink: broker,
    });
    new kn.Source(this, 'PubSub', {
      metadata: { name: 'orders-pubsub' },
      apiVersion: 'events.cloud.google.com/v1',
      kind: 'CloudPubSubSource',
      spec: { topic: 'orders', project: 'acme-shop' },
      sink: broker,
    });

    const archive = new kn.KafkaSink(this, 'Archive', {
      metadata: { name: 'orders-archive' },
      topic,
      bootstrapServers: [servers],
      numPartitions: partitions,
      replicationFactor: 3,
      contentMode: kn.KafkaContentMode.STRUCTURED,
      authSecret: kafkaAuth,
    });
    const invoices = new kn.JobSink(this, 'Invoices', {
      metadata: { name: 'invoice-pdf' },
      containers: [{
        image: 'ghcr.io/acme/invoice-pdf:2.1.0',
        args: ['--event', '/etc/jobsink-event/event'],
        resources: { cpu: { request: kplus.Cpu.millis(200), limit: kplus.Cpu.millis(1000) } },
      }],
      backoffLimit: 2,
      ttlAfterFinished: Duration.hours(6),
    });
    const audit = new kn.IntegrationSink(this, 'Audit', {
      metadata: { name: 'audit-log' },
      output: kn.IntegrationOutput.log({ level: 'INFO', showHeaders: true }),
    });

    broker.onEvent('ToArchive', 'com.acme.order.placed', archive, { metadata: { name: 'archive-orders' } });
    broker.onEvent('ToInvoices', 'com.acme.order.paid', invoices, { metadata: { name: 'invoice-orders' } });
    broker.addTrigger('ToAudit', { metadata: { name: 'audit-everything' }, subscriber: audit });
  }
}

/** The app, with chart values, and its Helm chart. */
export function eventSinksApp(): { app: App; helm: kn.HelmChart } {
  const app = new App({ resolvers: [kn.ChartValue.resolver()] });
  new EventSinksChart(app, 'orders');
  const helm = new kn.HelmChart(app, { name: 'orders', version: '1.0.0', description: 'Order events: Kafka Broker, integration sources and sinks.' });
  return { app, helm };
}
