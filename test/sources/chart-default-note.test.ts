import { App, Chart } from 'cdk8s';
import { ChartValue, KafkaSource, PingSource, Sink } from '../../src';
import { messageOf } from '../core/thrown';

/**
 * A source's own checks of a chart value's default end as `checkValue` ends
 * every check of a default: "(this is the default of a chart value)", so the
 * reader knows to look at the chart value, not at the prop; a plain value
 * gets no such note.
 */

const sink = Sink.fromUri('http://events.shop.svc.cluster.local');
const NOTE = ' (this is the default of a chart value)';

function valuesChart(): Chart {
  return new Chart(new App({ resolvers: [ChartValue.resolver()] }), 'c', { namespace: 'shop' });
}

function str(chart: Chart, key: string, defaultValue: string): string {
  return ChartValue.stringValue(chart, key, { defaultValue }).asString();
}

function list(chart: Chart, key: string, defaultValue: string[]): string[] {
  return ChartValue.listValue(chart, key, { defaultValue }).asStringList();
}

describe('KafkaSource: a bad chart-value default', () => {
  test('fails when a bootstrap server default is no host:port, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSource(chart, 'k', { bootstrapServers: [str(chart, 'kafka.server', 'kafka')], topics: ['orders'], sink })))
      .toBe(`[c/k] bootstrapServers[0]: "kafka" is not allowed; must be "host:port", e.g. "my-cluster-kafka-bootstrap.kafka:9092"${NOTE}`);
  });

  test('fails when a topic default is no Kafka topic name, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSource(chart, 'k', { bootstrapServers: ['kafka:9092'], topics: ['orders', str(chart, 'kafka.topic', 'my topic')], sink })))
      .toBe(`[c/k] topics[1]: "my topic" is not allowed; a Kafka topic name is 1-249 characters of letters, digits, '.', '_' and '-'${NOTE}`);
  });

  test('fails when a list chart value defaults to no topic, or to a bad one, and says it is the default', () => {
    const empty = valuesChart();
    expect(messageOf(() => new KafkaSource(empty, 'k', { bootstrapServers: ['kafka:9092'], topics: list(empty, 'kafka.topics', []), sink })))
      .toBe(`[c/k] topics: [] is not allowed; list at least one topic${NOTE}`);
    const bad = valuesChart();
    expect(messageOf(() => new KafkaSource(bad, 'k', { bootstrapServers: list(bad, 'kafka.servers', ['kafka:9092', 'kafka:x']), topics: ['t'], sink })))
      .toBe(`[c/k] bootstrapServers[1]: "kafka:x" is not allowed; must be "host:port", e.g. "my-cluster-kafka-bootstrap.kafka:9092"${NOTE}`);
  });

  test('fails without the note when the bad item is plain, beside a chart value', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSource(chart, 'k', { bootstrapServers: ['kafka:9092'], topics: [str(chart, 'kafka.topic', 'orders'), 'my topic'], sink })))
      .toBe('[c/k] topics[1]: "my topic" is not allowed; a Kafka topic name is 1-249 characters of letters, digits, \'.\', \'_\' and \'-\'');
  });

  test('fails when a list prop is no list or is left out, naming the prop (untyped callers)', () => {
    const chart = valuesChart();
    expect(messageOf(() => new KafkaSource(chart, 'a', { bootstrapServers: 'kafka:9092' as any, topics: ['t'], sink })))
      .toBe('[c/a] bootstrapServers: "kafka:9092" is not allowed; list at least one "host:port"');
    expect(messageOf(() => new KafkaSource(chart, 'b', { bootstrapServers: ['kafka:9092'], topics: undefined as any, sink })))
      .toBe('[c/b] topics: undefined is not allowed; list at least one topic');
  });
});

describe('PingSource: a bad chart-value default', () => {
  test('fails when the schedule default is no cron schedule, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new PingSource(chart, 'p', { schedule: str(chart, 'ping.schedule', '61 * * * *'), sink })))
      .toMatch(/^\[c\/p\] schedule: "61 \* \* \* \*" is not allowed; .*; use 5 cron fields .* @hourly \(this is the default of a chart value\)$/);
  });

  test('fails when the time zone default is no IANA name, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new PingSource(chart, 'p', { schedule: '0 * * * *', timezone: str(chart, 'ping.tz', 'Mars/Olympus'), sink })))
      .toBe(`[c/p] timezone: "Mars/Olympus" is not allowed; must be an IANA time zone name such as "Europe/Paris" or "UTC"${NOTE}`);
  });

  test('fails when the JSON data default is no JSON object, and says it is the default', () => {
    const chart = valuesChart();
    expect(messageOf(() => new PingSource(chart, 'p', { schedule: '0 * * * *', contentType: 'application/json', data: str(chart, 'ping.data', '[1]'), sink })))
      .toBe(`[c/p] data: "[1]" is not allowed; with contentType application/json the data must be a JSON object${NOTE}`);
  });

  test('fails without the note for plain values', () => {
    const chart = valuesChart();
    expect(messageOf(() => new PingSource(chart, 'p', { schedule: '0 * * * *', timezone: 'Mars/Olympus', sink })))
      .toBe('[c/p] timezone: "Mars/Olympus" is not allowed; must be an IANA time zone name such as "Europe/Paris" or "UTC"');
  });
});
