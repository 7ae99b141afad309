/**
 * The admission rules of the sinks and integrations: IntegrationSource and
 * IntegrationSink (knative/eventing `pkg/apis/sources/v1alpha1/integration_validation.go`,
 * `pkg/apis/sinks/v1alpha1/integration_sink_validation.go`), JobSink
 * (`job_sink_validation.go`: a dry-run create of the Job, so the Job rules of
 * Kubernetes apply), KafkaSink and the Kafka Broker class
 * (knative-extensions/eventing-kafka-broker `control-plane/pkg/apis/eventing`),
 * and the Kafka broker ConfigMap the controller reads (`control-plane/pkg/kafka/topic.go`).
 */
import { describeValue } from '../../core/errors';
import { Finding } from '../types';
import { arr, finding, isInt, isRecord, join, rec, rule, str } from './util';

const SOURCES = 'sources.knative.dev';
const SINKS = 'sinks.knative.dev';
const EVENTING = 'eventing.knative.dev';
const CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';

/** True for a missing or empty string, as Go reads `""`. */
function blank(x: unknown): boolean {
  return typeof x !== 'string' || x === '';
}

/** The one-of-the-services rule both integrations share; `services` names the keys under `aws` besides the non-AWS one. */
function checkIntegration(spec: Record<string, unknown>, plain: string, services: string[], what: 'source' | 'sink'): Finding[] {
  const aws = isRecord(spec.aws) ? spec.aws : undefined;
  const set = [
    ...(spec[plain] !== undefined && spec[plain] !== null ? [plain] : []),
    ...services.filter(s => aws && aws[s] !== undefined && aws[s] !== null).map(s => `aws.${s}`),
  ];
  const choices = [plain, ...services.map(s => `aws.${s}`)].join(', ');
  if (set.length > 1) return [finding('spec', `several ${what} types are set (${set.join(', ')})`, `set exactly one of ${choices}`)];
  if (set.length === 0) return [finding('spec', `no ${what} type is set`, `set exactly one of ${choices}`)];
  if (!aws || set[0] === plain) return [];
  const out: Finding[] = [];
  const auth = rec(aws.auth);
  const hasAuth = !blank(rec(rec(rec(auth).secret).ref).name) || !blank(auth.serviceAccountName);
  if (!hasAuth) {
    out.push(finding('spec.aws.auth.secret.ref.name', 'AWS credentials are missing',
      'name a Secret with aws.accessKey and aws.secretKey (auth.secret.ref.name) or a ServiceAccount with an IAM role (auth.serviceAccountName)'));
  }
  const service = set[0].slice('aws.'.length);
  const body = rec(aws[service]);
  const required = service === 'ddbStreams' ? ['table', 'region'] : ['arn', 'region'];
  for (const key of required) {
    if (blank(body[key])) {
      out.push(finding(join(join('spec.aws', service), key), `${key} is missing`,
        key === 'region' ? 'name the AWS region, e.g. eu-west-1' : key === 'table' ? 'name the DynamoDB table' : 'give the name or ARN'));
    }
  }
  return out;
}

export const integrationSourceRule = rule(
  'sources/integration',
  'an IntegrationSource sets exactly one of timer, aws.s3, aws.sqs and aws.ddbStreams; an AWS one has credentials (a Secret or a ServiceAccount), a region and an arn (a table for DynamoDB Streams)',
  [`${SOURCES}/IntegrationSource`],
  (obj) => checkIntegration(rec(obj.spec), 'timer', ['s3', 'sqs', 'ddbStreams'], 'source'),
);

export const integrationSinkRule = rule(
  'sinks/integration',
  'an IntegrationSink sets exactly one of log, aws.s3, aws.sqs and aws.sns; an AWS one has credentials (a Secret or a ServiceAccount), a region and an arn',
  [`${SINKS}/IntegrationSink`],
  (obj) => checkIntegration(rec(obj.spec), 'log', ['s3', 'sqs', 'sns'], 'sink'),
);

export const jobSinkRule = rule(
  'sinks/job',
  'a JobSink has a job whose pod template has containers with images and restartPolicy Never or OnFailure (Knative dry-runs the Job, and Kubernetes refuses a Job whose pods restart Always)',
  [`${SINKS}/JobSink`],
  (obj) => {
    const job = rec(obj.spec).job;
    if (!isRecord(job)) return [finding('spec.job', 'job is missing', 'give the Job to start for each event')];
    const podSpec = rec(rec(rec(job.spec).template).spec);
    const base = 'spec.job.spec.template.spec';
    const out: Finding[] = [];
    const containers = arr(podSpec.containers);
    if (containers.length === 0) out.push(finding(join(base, 'containers'), 'the Job has no containers', 'add a container with an image'));
    containers.forEach((c, i) => {
      if (blank(rec(c).image)) out.push(finding(join(join(join(base, 'containers'), i), 'image'), 'image is missing', 'every container needs an image'));
    });
    const policy = podSpec.restartPolicy;
    if (policy !== 'Never' && policy !== 'OnFailure') {
      out.push(finding(join(base, 'restartPolicy'), policy === undefined ? 'restartPolicy is unset (Kubernetes defaults it to Always)' : `${describeValue(policy)} is not allowed for a Job`,
        'set restartPolicy to Never or OnFailure'));
    }
    return out;
  },
);

export const kafkaSinkRule = rule(
  'sinks/kafka',
  'a KafkaSink has a topic and bootstrapServers, contentMode binary or structured (unset: binary), numPartitions and replicationFactor above 0, and an auth Secret name when auth.secret.ref is set',
  [`${EVENTING}/KafkaSink`],
  (obj) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    if (spec.contentMode !== undefined && spec.contentMode !== '' && spec.contentMode !== 'binary' && spec.contentMode !== 'structured') {
      out.push(finding('spec.contentMode', `${describeValue(spec.contentMode)} is not a content mode`, 'use "binary" or "structured"'));
    }
    if (arr(spec.bootstrapServers).length === 0) out.push(finding('spec.bootstrapServers', 'bootstrapServers is empty', 'list the Kafka brokers, e.g. my-cluster-kafka-bootstrap.kafka:9092'));
    if (blank(spec.topic)) out.push(finding('spec.topic', 'topic is missing', 'name the topic events are written to'));
    for (const key of ['numPartitions', 'replicationFactor']) {
      const v = spec[key];
      if (v !== undefined && v !== null && (!isInt(v) || v <= 0)) out.push(finding(join('spec', key), `${describeValue(v)} is not allowed`, 'must be an integer of 1 or more (or unset)'));
    }
    const ref = rec(rec(spec.auth).secret).ref;
    if (isRecord(ref) && blank(ref.name)) out.push(finding('spec.auth.secret.ref.name', 'the auth Secret name is empty', 'name the Secret with the SASL/TLS settings, or drop auth'));
    return out;
  },
);

export const kafkaBrokerConfigRule = rule(
  'eventing/kafka-broker-config',
  'a Broker of class Kafka (or KafkaNamespaced) is configured by a ConfigMap; a KafkaNamespaced Broker\'s ConfigMap is in its own namespace',
  [`${EVENTING}/Broker`],
  (obj) => {
    const brokerClass = rec(rec(obj.metadata).annotations)[CLASS_ANNOTATION];
    if (brokerClass !== 'Kafka' && brokerClass !== 'KafkaNamespaced') return [];
    const config = rec(obj.spec).config;
    if (!isRecord(config)) return [];
    if (String(config.kind ?? '').toLowerCase() !== 'configmap') {
      return [finding('spec.config.kind', `${describeValue(config.kind)} is not allowed for a ${brokerClass} Broker`, 'a Kafka Broker is configured by a ConfigMap (kind: ConfigMap)')];
    }
    const ns = obj.metadata?.namespace;
    if (brokerClass === 'KafkaNamespaced' && !blank(config.namespace) && ns && config.namespace !== ns) {
      return [finding('spec.config.namespace', `${describeValue(config.namespace)} is not the Broker's namespace ${describeValue(ns)}`,
        'a KafkaNamespaced Broker reads its ConfigMap from its own namespace')];
    }
    return [];
  },
);

/** The keys that only a Kafka broker ConfigMap has. */
const KAFKA_TOPIC_KEYS = ['default.topic.partitions', 'default.topic.replication.factor'];

export const kafkaBrokerConfigMapRule = rule(
  'eventing/kafka-broker-configmap',
  'a Kafka broker ConfigMap (one with default.topic.* keys) has bootstrap.servers and default.topic.partitions and default.topic.replication.factor of 1 or more',
  ['/ConfigMap'],
  (obj) => {
    const data = rec(obj.data);
    if (!KAFKA_TOPIC_KEYS.some(k => k in data)) return [];
    const out: Finding[] = [];
    const servers = (str(data['bootstrap.servers']) ?? '').split(',').map(s => s.trim()).filter(s => s !== '');
    if (servers.length === 0) out.push(finding(join('data', 'bootstrap.servers'), 'no bootstrap servers', 'list the Kafka brokers, comma-separated host:port'));
    for (const key of KAFKA_TOPIC_KEYS) {
      const text = str(data[key]);
      const n = text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
      if (!(n >= 1 && n <= 2147483647)) {
        out.push(finding(join('data', key), text === undefined ? `${key} is missing (the Kafka controller reads it as 0)` : `${describeValue(text)} is not allowed`,
          'must be an integer of 1 or more'));
      }
    }
    return out;
  },
);
