import { obj, RuleCase } from '../harness';

const SINK = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };
const AUTH = { secret: { ref: { name: 'aws-credentials' } } };
const isrc = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1alpha1', 'IntegrationSource', { sink: SINK, ...spec });
const isink = (spec: Record<string, unknown>) => obj('sinks.knative.dev/v1alpha1', 'IntegrationSink', spec);
const job = (podSpec: Record<string, unknown>) => obj('sinks.knative.dev/v1alpha1', 'JobSink',
  { job: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'ghcr.io/example/job:1' }], ...podSpec } } } } });
const ksink = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1alpha1', 'KafkaSink',
  { topic: 'orders', bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], ...spec });
const broker = (cls: string, config: unknown, ns = 'default') => obj('eventing.knative.dev/v1', 'Broker', { config },
  { namespace: ns, annotations: { 'eventing.knative.dev/broker.class': cls } });
const cm = (data: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kafka', namespace: 'default' }, data });
const duck = (apiVersion: string, kind: string, spec: Record<string, unknown>) => obj(apiVersion, kind, spec);

export const SINKS_CASES: RuleCase[] = [
  { rule: 'sources/integration', name: 'a timer', obj: isrc({ timer: { period: 1000, message: 'hi' } }) },
  { rule: 'sources/integration', name: 'an SQS queue with a Secret', obj: isrc({ aws: { sqs: { arn: 'orders', region: 'eu-west-1' }, auth: AUTH } }) },
  { rule: 'sources/integration', name: 'an S3 bucket with a ServiceAccount', obj: isrc({ aws: { s3: { arn: 'arn:aws:s3:::b', region: 'eu-west-1' }, auth: { serviceAccountName: 'irsa' } } }) },
  { rule: 'sources/integration', name: 'a DynamoDB stream', obj: isrc({ aws: { ddbStreams: { table: 'orders', region: 'eu-west-1' }, auth: AUTH } }) },
  { rule: 'sources/integration', name: 'no source type', obj: isrc({}), bad: ['spec'] },
  { rule: 'sources/integration', name: 'a timer and an S3 bucket', obj: isrc({ timer: { message: 'x' }, aws: { s3: { arn: 'b', region: 'eu-west-1' }, auth: AUTH } }), bad: ['spec'] },
  { rule: 'sources/integration', name: 'SQS without credentials', obj: isrc({ aws: { sqs: { arn: 'orders', region: 'eu-west-1' } } }), bad: ['spec.aws.auth.secret.ref.name'] },
  { rule: 'sources/integration', name: 'S3 without arn and region', obj: isrc({ aws: { s3: {}, auth: AUTH } }), bad: ['spec.aws.s3.arn', 'spec.aws.s3.region'] },
  { rule: 'sources/integration', name: 'DynamoDB without a table', obj: isrc({ aws: { ddbStreams: { region: 'eu-west-1' }, auth: AUTH } }), bad: ['spec.aws.ddbStreams.table'] },

  { rule: 'sinks/integration', name: 'a log sink', obj: isink({ log: { level: 'INFO' } }) },
  { rule: 'sinks/integration', name: 'an SNS topic', obj: isink({ aws: { sns: { arn: 'alerts', region: 'eu-west-1' }, auth: AUTH } }) },
  { rule: 'sinks/integration', name: 'no sink type', obj: isink({}), bad: ['spec'] },
  { rule: 'sinks/integration', name: 'log and SQS', obj: isink({ log: {}, aws: { sqs: { arn: 'q', region: 'eu-west-1' }, auth: AUTH } }), bad: ['spec'] },
  { rule: 'sinks/integration', name: 'SNS without region and credentials', obj: isink({ aws: { sns: { arn: 'alerts' } } }), bad: ['spec.aws.sns.region', 'spec.aws.auth.secret.ref.name'] },

  { rule: 'sinks/job', name: 'a Job that never restarts', obj: job({}) },
  { rule: 'sinks/job', name: 'a Job that restarts on failure', obj: job({ restartPolicy: 'OnFailure' }) },
  { rule: 'sinks/job', name: 'no job', obj: obj('sinks.knative.dev/v1alpha1', 'JobSink', {}), bad: ['spec.job'] },
  { rule: 'sinks/job', name: 'restartPolicy Always', obj: job({ restartPolicy: 'Always' }), bad: ['spec.job.spec.template.spec.restartPolicy'] },
  { rule: 'sinks/job', name: 'restartPolicy unset', obj: job({ restartPolicy: undefined }), bad: ['spec.job.spec.template.spec.restartPolicy'] },
  { rule: 'sinks/job', name: 'no containers', obj: job({ containers: [] }), bad: ['spec.job.spec.template.spec.containers'] },
  { rule: 'sinks/job', name: 'a container without image', obj: job({ containers: [{ name: 'a' }] }), bad: ['spec.job.spec.template.spec.containers[0].image'] },

  { rule: 'sinks/kafka', name: 'a topic and servers', obj: ksink({}) },
  { rule: 'sinks/kafka', name: 'structured, partitions, replication and auth', obj: ksink({ contentMode: 'structured', numPartitions: 3, replicationFactor: 1, auth: { secret: { ref: { name: 'kafka-auth' } } } }) },
  { rule: 'sinks/kafka', name: 'an unknown content mode', obj: ksink({ contentMode: 'json' }), bad: ['spec.contentMode'] },
  { rule: 'sinks/kafka', name: 'no servers and no topic', obj: ksink({ bootstrapServers: [], topic: '' }), bad: ['spec.bootstrapServers', 'spec.topic'] },
  { rule: 'sinks/kafka', name: '0 partitions and replication -1', obj: ksink({ numPartitions: 0, replicationFactor: -1 }), bad: ['spec.numPartitions', 'spec.replicationFactor'] },
  { rule: 'sinks/kafka', name: 'an empty auth Secret name', obj: ksink({ auth: { secret: { ref: { name: '' } } } }), bad: ['spec.auth.secret.ref.name'] },

  { rule: 'eventing/kafka-broker-config', name: 'a Kafka Broker with a ConfigMap', obj: broker('Kafka', { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka', namespace: 'knative-eventing' }) },
  { rule: 'eventing/kafka-broker-config', name: 'a channel-based Broker with another config kind', obj: broker('MTChannelBasedBroker', { apiVersion: 'x/v1', kind: 'Config', name: 'c' }) },
  { rule: 'eventing/kafka-broker-config', name: 'a Kafka Broker configured by a Secret', obj: broker('Kafka', { apiVersion: 'v1', kind: 'Secret', name: 'kafka' }), bad: ['spec.config.kind'] },
  { rule: 'eventing/kafka-broker-config', name: 'a KafkaNamespaced Broker with a ConfigMap elsewhere', obj: broker('KafkaNamespaced', { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka', namespace: 'other' }, 'shop'),
    bad: ['spec.config.namespace'] },

  { rule: 'eventing/kafka-broker-configmap', name: 'a complete Kafka broker ConfigMap', obj: cm({ 'bootstrap.servers': 'k:9092', 'default.topic.partitions': '10', 'default.topic.replication.factor': '3' }) },
  { rule: 'eventing/kafka-broker-configmap', name: 'another ConfigMap', obj: cm({ 'bootstrap.servers': 'k:9092' }) },
  { rule: 'eventing/kafka-broker-configmap', name: 'no servers and 0 partitions', obj: cm({ 'default.topic.partitions': '0', 'default.topic.replication.factor': '1' }),
    bad: ['data["bootstrap.servers"]', 'data["default.topic.partitions"]'] },
  { rule: 'eventing/kafka-broker-configmap', name: 'no replication factor', obj: cm({ 'bootstrap.servers': 'k:9092', 'default.topic.partitions': '3' }), bad: ['data["default.topic.replication.factor"]'] },

  { rule: 'sources/duck-source', name: 'a CloudPubSubSource with a Broker sink', obj: duck('events.cloud.google.com/v1', 'CloudPubSubSource', { topic: 't', sink: SINK }) },
  { rule: 'sources/duck-source', name: 'a Deployment (not a source)', obj: duck('apps/v1', 'Deployment', {}) },
  { rule: 'sources/duck-source', name: 'a RabbitmqSource without sink', obj: duck('sources.knative.dev/v1alpha1', 'RabbitmqSource', {}), bad: ['spec.sink'] },
  { rule: 'sources/duck-source', name: 'a RabbitmqSource with a bad override name', obj: duck('sources.knative.dev/v1alpha1', 'RabbitmqSource', { sink: SINK, ceOverrides: { extensions: { 'my-team': 'a' } } }),
    bad: ['spec.ceOverrides.extensions["my-team"]'] },
];
