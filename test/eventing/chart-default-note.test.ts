import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Broker, Channel, ChartValue, EventPolicy, JobSink, KafkaBrokerConfig, KafkaSink, RequestReply, Sink, Subscription, Trigger } from '../../src';
import { messageOf } from '../core/thrown';

/**
 * An eventing construct's own checks of a chart value's default end as
 * `checkValue` ends every check of a default: "(this is the default of a
 * chart value)"; a plain value gets no such note.
 */

const NOTE = ' (this is the default of a chart value)';
const SERVER_RULE = 'must be "host:port", e.g. "my-cluster-kafka-bootstrap.kafka:9092"';

function valuesChart(): Chart {
  return new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'c', { namespace: 'shop' });
}

function str(chart: Chart, key: string, defaultValue: string): string {
  return ChartValue.stringValue(chart, key, { defaultValue }).asString();
}

describe('Kafka bootstrap servers from chart values', () => {
  test('fails when a KafkaSink server default is no host:port, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSink(chart, 'k', { topic: 'orders', bootstrapServers: ['kafka:9092', str(chart, 'kafka.server', 'kafka')] })))
      .toBe(`[c/k] bootstrapServers[1]: "kafka" is not allowed; ${SERVER_RULE}${NOTE}`);
  });

  test('fails when a KafkaBrokerConfig server default is no host:port, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaBrokerConfig(chart, 'k', { bootstrapServers: [str(chart, 'kafka.server', 'a:1,b')] })))
      .toBe(`[c/k] bootstrapServers[0]: "a:1,b" is not allowed; must be "host:port" (or several, separated by commas), e.g. "my-cluster-kafka-bootstrap.kafka:9092"${NOTE}`);
  });

  test('fails without the note when the server is plain', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSink(chart, 'k', { topic: 'orders', bootstrapServers: ['kafka'] })))
      .toBe(`[c/k] bootstrapServers[0]: "kafka" is not allowed; ${SERVER_RULE}`);
  });
});

describe('JobSink: names Knative keeps, from chart values', () => {
  test('fails when an env variable name default is K_EXECUTION_MODE, and says it is the default', () => {
    const chart = valuesChart();
    const name = str(chart, 'job.env', 'K_EXECUTION_MODE');
    expect(messageOf(() => new JobSink(chart, 'j', { containers: [{ image: 'ghcr.io/acme/job:1', envVariables: { [name]: kplus.EnvValue.fromValue('x') } }] })))
      .toBe(`[c/j] containers[0].envVariables.K_EXECUTION_MODE: "K_EXECUTION_MODE" is not allowed; K_EXECUTION_MODE is set by Knative${NOTE}`);
  });

  test('fails when two container names are the same by their defaults, and says so', () => {
    const chart = valuesChart();
    expect(messageOf(() => new JobSink(chart, 'j', { containers: [{ image: 'a', name: str(chart, 'job.name', 'x') }, { image: 'b', name: 'x' }] })))
      .toBe(`[c/j] containers: ["x","x"] is not allowed; each container needs a different name${NOTE}`);
  });
});

describe('RequestReply and EventPolicy: relations read from defaults', () => {
  test('fails when the reply attribute default equals the correlation attribute, and says it is the default', () => {
    const chart = valuesChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(messageOf(() => new RequestReply(chart, 'rr', { broker, replyAttribute: str(chart, 'rr.reply', 'correlationid') })))
      .toBe(`[c/rr] replyAttribute: "correlationid" is not allowed; must differ from correlationAttribute: a reply carries both${NOTE}`);
  });

  test('fails when a subject default repeats another subject, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new EventPolicy(chart, 'p', { fromSubjects: ['system:serviceaccount:shop:a', str(chart, 'policy.sub', 'system:serviceaccount:shop:a')] })))
      .toBe(`[c/p] fromSubjects[1]: "system:serviceaccount:shop:a" is not allowed; must be listed once: fromSubjects[0] is the same subject${NOTE}`);
  });

  test('fails without the note when both attributes are plain', () => {
    const chart = valuesChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(messageOf(() => new RequestReply(chart, 'rr', { broker, replyAttribute: 'correlationid' })))
      .toBe('[c/rr] replyAttribute: "correlationid" is not allowed; must differ from correlationAttribute: a reply carries both');
  });
});

describe('namespaces read from chart-value defaults', () => {
  test('fails when a Subscription\'s channel is in another namespace by its default, and says it is the default', () => {
    const chart = valuesChart();
    const channel = new Channel(chart, 'C', { metadata: { name: 'orders', namespace: str(chart, 'channel.ns', 'other') } });
    expect(messageOf(() => new Subscription(chart, 's', { channel, subscriber: Sink.fromUri('https://x.example.com') })))
      .toBe(`[c/s] channel: "other/orders" is not allowed; the channel must be in the Subscription's namespace "shop"${NOTE}`);
  });

  test('fails when a Trigger\'s Broker is in another namespace by its default, and says it is the default', () => {
    const chart = valuesChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default', namespace: str(chart, 'broker.ns', 'other') } });
    expect(messageOf(() => new Trigger(chart, 't', { broker, subscriber: Sink.fromUri('https://x.example.com') })))
      .toBe(`[c/t] broker: "other/default" is not allowed; the Broker must be in the Trigger's namespace "shop"${NOTE}`);
  });

  test('fails without the note when both namespaces are plain', () => {
    const chart = valuesChart();
    const channel = new Channel(chart, 'C', { metadata: { name: 'orders', namespace: 'other' } });
    expect(messageOf(() => new Subscription(chart, 's', { channel, subscriber: Sink.fromUri('https://x.example.com') })))
      .toBe('[c/s] channel: "other/orders" is not allowed; the channel must be in the Subscription\'s namespace "shop"');
  });
});
