import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ChartValue, HelmChart, KafkaSource, PingSource, Sink, VirtualService } from '../../src';
import { helm, template, tmpdir } from './helm-cli';

/**
 * Issue 15: constructs take chart values where a Helm user sets them, and the
 * construct's own rules travel into the chart: into values.schema.json for a
 * whole value, into a template `fail` for a value inside a longer string or a
 * rule over several values. The chart is checked with the real helm.
 */

function kafkaApp(): { app: App; chart: Chart } {
  const app = new App({ resolvers: [ChartValue.resolver()] });
  const chart = new Chart(app, 'events', { namespace: 'shop' });
  const servers = ChartValue.listValue(chart, 'kafka.bootstrapServers', {
    defaultValue: ['my-cluster-kafka-bootstrap.kafka:9092'], description: 'Kafka bootstrap servers',
  });
  const host = ChartValue.stringValue(chart, 'kafka.host', { defaultValue: 'backup-kafka.kafka', description: 'A second Kafka host' });
  const topic = ChartValue.stringValue(chart, 'kafka.topic', { defaultValue: 'orders', description: 'Topic of orders' });
  const sink = Sink.fromUri('http://orders.shop.svc.cluster.local');
  new KafkaSource(chart, 'orders', { metadata: { name: 'orders' }, bootstrapServers: servers.asStringList(), topics: [topic.asString(), 'refunds'], sink });
  new KafkaSource(chart, 'backup', { metadata: { name: 'backup' }, bootstrapServers: [`${host}:9092`], topics: ['orders'], sink });
  const schedule = ChartValue.stringValue(chart, 'ping.schedule', { defaultValue: '*/5 * * * *', description: 'Ping schedule' });
  new PingSource(chart, 'ping', { metadata: { name: 'ping' }, schedule: schedule.asString(), sink });
  const canary = ChartValue.integerValue(chart, 'shop.canaryWeight', { defaultValue: 10, description: 'Share of the canary' });
  const stable = ChartValue.integerValue(chart, 'shop.stableWeight', { defaultValue: 90, description: 'Share of the stable version' });
  new VirtualService(chart, 'split', {
    metadata: { name: 'split' },
    hosts: ['shop'],
    http: [{ destinations: [{ host: 'shop-v1', weight: stable.asNumber() }, { host: 'shop-v2', weight: canary.asNumber() }] }],
  });
  return { app, chart };
}

function writeChart(app: App): string {
  return new HelmChart(app, { name: 'shop' }).write(tmpdir());
}

describe('construct rules carried into the chart', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeChart(kafkaApp().app);
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('plain synth writes the defaults, and the chart passes helm lint --strict', () => {
    const { app } = kafkaApp();
    const yaml = app.synthYaml();
    expect(yaml).toContain('- my-cluster-kafka-bootstrap.kafka:9092');
    expect(yaml).toContain('- backup-kafka.kafka:9092');
    expect(yaml).toContain('schedule: "*/5 * * * *"');
    const lint = helm('lint', '--strict', dir);
    expect(lint.stderr).toBe('');
    expect(lint.ok).toBe(true);
  });

  test('values.schema.json carries the constructs\' rules on whole values and list items', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    const servers = schema.properties.kafka.properties.bootstrapServers;
    expect(servers.allOf).toEqual([expect.objectContaining({ minItems: 1, items: { pattern: '^[^\\s:/,]+:[0-9]{1,5}$' } })]);
    expect(servers.allOf[0].description).toMatch(/^bootstrapServers of events\/orders: list at least one/);
    expect(schema.properties.kafka.properties.topic.allOf[0].pattern).toBe('^[a-zA-Z0-9._-]{1,249}$');
    expect(schema.properties.ping.properties.schedule.allOf[0].pattern).toMatch(/^\^/);
    expect(schema.properties.shop.properties.canaryWeight.allOf[0]).toEqual(expect.objectContaining({ minimum: 0, maximum: 100 }));
    const values = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
    expect(values).toMatch(/# topics of events\/orders: a Kafka topic name is 1-249 characters/);
  });

  test('helm template --set renders other values where the defaults stood', () => {
    const objects = template(dir,
      '--set', 'kafka.bootstrapServers={a.kafka:9092,b.kafka:9093}', '--set', 'kafka.topic=payments', '--set', 'kafka.host=other',
      '--set', 'ping.schedule=0 3 * * *', '--set', 'shop.canaryWeight=50', '--set', 'shop.stableWeight=50');
    const orders = objects.find(o => o.kind === 'KafkaSource' && o.metadata.name === 'orders');
    expect(orders.spec.bootstrapServers).toEqual(['a.kafka:9092', 'b.kafka:9093']);
    expect(orders.spec.topics).toEqual(['payments', 'refunds']);
    expect(objects.find(o => o.metadata.name === 'backup').spec.bootstrapServers).toEqual(['other:9092']);
    expect(objects.find(o => o.kind === 'PingSource').spec.schedule).toBe('0 3 * * *');
    expect(objects.find(o => o.kind === 'VirtualService').spec.http[0].route.map((r: any) => r.weight)).toEqual([50, 50]);
  });

  test('fails when a value breaks a rule the schema states (a topic, a list item, a weight)', () => {
    const topic = helm('template', 'rel', dir, '--set', 'kafka.topic=bad topic!');
    expect(topic.ok).toBe(false);
    expect(topic.stderr).toMatch(/kafka\/topic/);
    const servers = helm('template', 'rel', dir, '--set', 'kafka.bootstrapServers={no-port}');
    expect(servers.ok).toBe(false);
    expect(servers.stderr).toMatch(/bootstrapServers/);
    const weight = helm('template', 'rel', dir, '--set', 'shop.canaryWeight=150', '--set', 'shop.stableWeight=-50');
    expect(weight.ok).toBe(false);
    expect(weight.stderr).toMatch(/canaryWeight/);
  });

  test('fails when a value inside a longer string breaks the rule, with the construct\'s message', () => {
    const run = helm('template', 'rel', dir, '--set', 'kafka.host=bad host');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('[events/backup] bootstrapServers: the chart values (kafka.host=bad host) make it not allowed; must be "host:port"');
  });

  test('fails when the weights no longer add up to 100, naming both values', () => {
    const run = helm('template', 'rel', dir, '--set', 'shop.canaryWeight=20');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('[events/split] http[0].destinations[*].weight: the chart values (shop.stableWeight=90, shop.canaryWeight=20) make it not allowed; '
      + 'with several destinations the weights must add up to 100');
  });

  test('a switched-off component does not check its rules', () => {
    const run = helm('template', 'rel', dir, '--set', 'events.enabled=false', '--set', 'kafka.host=bad host', '--set', 'shop.canaryWeight=20');
    expect(run.stderr).toBe('');
    expect(run.ok).toBe(true);
  });
});

describe('defaults are checked by the construct\'s own rule', () => {
  test('fails when a chart value\'s default is not a Kafka topic, naming the construct and prop', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    const topic = ChartValue.stringValue(chart, 'topic', { defaultValue: 'no spaces allowed' });
    expect(() => new KafkaSource(chart, 'k', { bootstrapServers: ['k:9092'], topics: [topic.asString()], sink: Sink.fromUri('http://x') }))
      .toThrow(/\[c\/k\] topics\[0\]: "no spaces allowed" is not allowed; a Kafka topic name/);
  });

  test('fails when the default weights do not add up to 100, showing the defaults, not tokens', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    const w = ChartValue.integerValue(chart, 'w', { defaultValue: 30 });
    expect(() => new VirtualService(chart, 'vs', { hosts: ['a'], http: [{ destinations: [{ host: 'a', weight: w.asNumber() }, { host: 'b', weight: 40 }] }] }))
      .toThrow(/weight: \[30,40\] is not allowed; with several destinations the weights must add up to 100/);
  });

  test('fails when a schedule default is not a cron schedule', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    const schedule = ChartValue.stringValue(chart, 's', { defaultValue: 'every day' });
    expect(() => new PingSource(chart, 'p', { schedule: schedule.asString(), sink: Sink.fromUri('http://x') })).toThrow(/\[c\/p\] schedule: "every day" is not allowed/);
  });
});

describe('rules the value already states', () => {
  test('add nothing to the schema: a 0-100 value used as a percent, a value with the same pattern', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    const a = ChartValue.integerValue(chart, 'a', { defaultValue: 50, minimum: 0, maximum: 100 });
    const b = ChartValue.integerValue(chart, 'b', { defaultValue: 50 });
    new VirtualService(chart, 'vs', { hosts: ['x'], http: [{ destinations: [{ host: 'x', weight: a.asNumber() }, { host: 'y', weight: b.asNumber() }] }] });
    const schema = JSON.parse(new HelmChart(app, { name: 'c' }).synth()['values.schema.json']);
    expect(schema.properties.a.allOf).toBeUndefined();
    expect(schema.properties.b.allOf).toEqual([expect.objectContaining({ minimum: 0, maximum: 100 })]);
  });
});

describe('rules that always hold', () => {
  test('are not written: the two shares of a canary split, 100 - p and p, always add up to 100', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'c');
    const p = ChartValue.integerValue(chart, 'p', { defaultValue: 10, minimum: 0, maximum: 100 });
    const q = ChartValue.integerValue(chart, 'q', { defaultValue: 10, minimum: 0, maximum: 100 });
    new VirtualService(chart, 'split', { hosts: ['x'], http: [{ destinations: [{ host: 'a', weight: p.subtractFrom(100).asNumber() }, { host: 'b', weight: p.asNumber() }] }] });
    new VirtualService(chart, 'loose', { hosts: ['y'], http: [{ destinations: [{ host: 'a', weight: q.subtractFrom(100).asNumber() }, { host: 'b', weight: p.asNumber() }] }] });
    const template = new HelmChart(app, { name: 'c' }).synth()['templates/c.yaml'];
    expect(template).not.toContain('[c/split]');
    expect(template).toContain('[c/loose] http[0].destinations[*].weight');
  });
});

describe('a value inside a longer string, checked at install', () => {
  test('fails at helm template when the text is longer than the rule allows, though it matches the pattern', () => {
    const app = new App({ resolvers: [ChartValue.resolver()] });
    const chart = new Chart(app, 'mesh', { namespace: 'shop' });
    const sub = ChartValue.stringValue(chart, 'shop.subdomain', { defaultValue: 'shop', description: 'Subdomain of the shop' });
    new VirtualService(chart, 'vs', { metadata: { name: 'vs' }, hosts: [`${sub}.example.com`], http: [{ destinations: [{ host: 'shop-v1' }] }] });
    const dir = writeChart(app);
    try {
      expect(template(dir).find(o => o.kind === 'VirtualService').spec.hosts).toEqual(['shop.example.com']);
      // 130 one-letter labels: every label is fine, the host (271 characters) is not
      const long = Array.from({ length: 130 }, () => 'a').join('.');
      const r = helm('template', dir, '--set', `shop.subdomain=${long}`);
      expect(r.ok).toBe(false);
      expect(r.stderr).toContain(`[mesh/vs] hosts: the chart values (shop.subdomain=${long}) make it not allowed; `);
      // the rule's words do not give its length: the check adds it
      expect(r.stderr).toMatch(/or an IP address \(at most 255 characters\)/);
      // within the length, the same labels pass
      const fits = Array.from({ length: 100 }, () => 'a').join('.');
      expect(template(dir, '--set', `shop.subdomain=${fits}`).find(o => o.kind === 'VirtualService').spec.hosts).toEqual([`${fits}.example.com`]);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
