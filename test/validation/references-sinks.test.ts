import { checkReferences } from '../../src/validation/references';
import { Manifest } from '../../src/validation/types';

const ns = 'demo';
const obj = (apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}): Manifest =>
  ({ apiVersion, kind, metadata: { name, namespace: ns }, ...rest });
const secret = (name: string) => obj('v1', 'Secret', name);
const AUTH = { secret: { ref: { name: 'creds' } } };

function missing(manifests: Manifest[]): string[] {
  return checkReferences(manifests).map(v => `${v.rule} ${v.path}: ${v.message}`);
}

describe('references of sinks, integrations and Kafka brokers', () => {
  test('a KafkaSink needs its auth Secret', () => {
    const sink = obj('eventing.knative.dev/v1alpha1', 'KafkaSink', 'k', { spec: { topic: 't', bootstrapServers: ['k:9092'], auth: AUTH } });
    expect(missing([sink, secret('creds')])).toEqual([]);
    expect(missing([sink])).toEqual(['reference/secret spec.auth.secret.ref.name: refers to Secret "creds" in namespace "demo", which is not defined']);
  });

  test('an IntegrationSource and an IntegrationSink need their AWS Secret and ServiceAccount', () => {
    const source = obj('sources.knative.dev/v1alpha1', 'IntegrationSource', 's', { spec: { aws: { sqs: { arn: 'q', region: 'eu-west-1' }, auth: AUTH } } });
    const sink = obj('sinks.knative.dev/v1alpha1', 'IntegrationSink', 'i', { spec: { aws: { s3: { arn: 'b', region: 'eu-west-1' }, auth: { serviceAccountName: 'irsa' } } } });
    expect(missing([source, sink, secret('creds'), obj('v1', 'ServiceAccount', 'irsa')])).toEqual([]);
    expect(missing([source, sink])).toEqual([
      'reference/secret spec.aws.auth.secret.ref.name: refers to Secret "creds" in namespace "demo", which is not defined',
      'reference/service-account spec.aws.auth.serviceAccountName: refers to ServiceAccount "irsa" in namespace "demo", which is not defined',
    ]);
  });

  test('a JobSink\'s Job needs the Secrets its containers read', () => {
    const job = obj('sinks.knative.dev/v1alpha1', 'JobSink', 'j', { spec: { job: { spec: { template: { spec: {
      containers: [{ image: 'x', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'token', key: 't' } } }] }],
    } } } } } });
    expect(missing([job])).toEqual(['reference/secret spec.job.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: refers to Secret "token" in namespace "demo", which is not defined']);
  });

  test('a Kafka Broker needs its ConfigMap, which needs its auth Secret', () => {
    const broker = obj('eventing.knative.dev/v1', 'Broker', 'b', {
      metadata: { name: 'b', namespace: ns, annotations: { 'eventing.knative.dev/broker.class': 'Kafka' } },
      spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-config', namespace: ns } },
    });
    const config = obj('v1', 'ConfigMap', 'kafka-config', { data: { 'bootstrap.servers': 'k:9092', 'auth.secret.ref.name': 'kafka-auth' } });
    expect(missing([broker, config, secret('kafka-auth')])).toEqual([]);
    expect(missing([broker])).toEqual(['reference/config-map spec.config: refers to ConfigMap "kafka-config" in namespace "demo", which is not defined']);
    expect(missing([broker, config])).toEqual(['reference/secret data["auth.secret.ref.name"]: refers to Secret "kafka-auth" in namespace "demo", which is not defined']);
  });

  test('a Kafka Broker\'s ConfigMap in another namespace is the platform\'s: not looked up', () => {
    const broker = obj('eventing.knative.dev/v1', 'Broker', 'b', {
      metadata: { name: 'b', namespace: ns, annotations: { 'eventing.knative.dev/broker.class': 'Kafka' } },
      spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: 'knative-eventing' } },
    });
    expect(missing([broker])).toEqual([]);
  });

  test('a channel-based Broker\'s config is not looked up (it lives with the platform)', () => {
    const broker = obj('eventing.knative.dev/v1', 'Broker', 'b', { spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' } } });
    expect(missing([broker])).toEqual([]);
  });
});
