import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import {
  Broker, BrokerClass, Channel, ChartValue, EventPolicy, EventType, HelmChart, KafkaBrokerConfig, RequestReply, Sink, Subscription, InMemoryChannel, TriggerFilter,
} from '../../src';
import { followsRule } from '../../src/core/install-values';
import { deferredWarningsOf } from '../../src/core/warnings';
import { attributeNameRule } from '../../src/eventing/attributes';
import { helm, parseObjects, tmpdir } from '../helm/helm-cli';

/**
 * Issue 15 in eventing: sinks, filters, attribute names and the other
 * eventing props take chart values; a chart value's default is checked by the
 * construct's own rule at synth, and the chart refuses at install what the
 * construct refuses (values.schema.json for a whole value, a template `fail`
 * for a value inside a longer string).
 */

function valuesApp(): { app: App; chart: Chart } {
  const app = new App({ resolvers: [ChartValue.resolver()] });
  return { app, chart: new Chart(app, 'events', { namespace: 'shop' }) };
}

function str(chart: Chart, key: string, defaultValue: string): string {
  return ChartValue.stringValue(chart, key, { defaultValue }).asString();
}

function writeChart(app: App): string {
  return new HelmChart(app, { name: 'events' }).write(tmpdir());
}

function render(dir: string, ...sets: string[]) {
  return helm('template', 'rel', dir, '--namespace', 'shop', ...sets);
}

describe('Sink.fromUri with a chart value', () => {
  let dir: string;
  beforeAll(() => {
    const { app, chart } = valuesApp();
    const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
    broker.onEvent('whole', 'com.example.order', Sink.fromUri(str(chart, 'hooks.orders', 'https://hooks.example.com/orders')), { metadata: { name: 'whole' } });
    broker.onEvent('part', 'com.example.refund', Sink.fromUri(`https://${str(chart, 'hooks.host', 'refunds.example.com')}/events`), { metadata: { name: 'part' } });
    dir = writeChart(app);
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('the chart writes the defaults, and the values given at install', () => {
    const plain = parseObjects(render(dir).stdout);
    expect(plain.find(o => o.metadata.name === 'whole').spec.subscriber).toEqual({ uri: 'https://hooks.example.com/orders' });
    expect(plain.find(o => o.metadata.name === 'part').spec.subscriber).toEqual({ uri: 'https://refunds.example.com/events' });
    const run = render(dir, '--set', 'hooks.orders=http://orders.shop.svc.cluster.local', '--set', 'hooks.host=other.example.com');
    expect(run.stderr).toBe('');
    const objects = parseObjects(run.stdout);
    expect(objects.find(o => o.metadata.name === 'whole').spec.subscriber).toEqual({ uri: 'http://orders.shop.svc.cluster.local' });
    expect(objects.find(o => o.metadata.name === 'part').spec.subscriber).toEqual({ uri: 'https://other.example.com/events' });
  });

  test('fails at install when the whole URI is not absolute (values.schema.json)', () => {
    const run = render(dir, '--set', 'hooks.orders=/orders');
    expect(run.ok).toBe(false);
    expect(run.stderr).toMatch(/hooks\/orders'.*does not match pattern/);
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    expect(schema.properties.hooks.properties.orders.allOf[0].description)
      .toMatch(/subscriber\.uri of events\/broker\/whole: without a ref the uri must be an absolute URI with a scheme and a host/);
  });

  test('fails at install when a value inside the URI breaks it, with the construct\'s message', () => {
    const run = render(dir, '--set', 'hooks.host=bad host');
    expect(run.ok).toBe(false);
    expect(run.stderr).toContain('[events/broker/part] subscriber.uri: the chart values (hooks.host=bad host) make it not allowed; '
      + 'without a ref the uri must be an absolute URI with a scheme and a host');
  });

  test('fails when the default of the chart value is not an absolute URI, naming the construct and prop', () => {
    const { chart } = valuesApp();
    const broker = new Broker(chart, 'broker');
    const sink = Sink.fromUri(str(chart, 'hook', 'orders.shop'));
    expect(() => broker.onEvent('t', 'com.example.order', sink))
      .toThrow('[events/broker/t] subscriber.uri: "orders.shop" is not allowed; without a ref the uri must be an absolute URI with a scheme and a host (this is the default of a chart value)');
  });

  test('fails at once for a plain URI that is not absolute', () => {
    expect(() => Sink.fromUri('orders.shop')).toThrow(/Sink\.fromUri: uri "orders\.shop" is not allowed; must be an absolute URI/);
  });

  test('a path below an object takes a chart value, refused at install when it is not relative', () => {
    const { app, chart } = valuesApp();
    const channel = new InMemoryChannel(chart, 'channel', { metadata: { name: 'orders' } });
    const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
    new Subscription(chart, 'sub', {
      metadata: { name: 'sub' }, channel, subscriber: Sink.fromAddressable(broker, { path: str(chart, 'path', '/events') }),
    });
    const d = writeChart(app);
    try {
      const objects = parseObjects(render(d, '--set', 'path=/other').stdout);
      expect(objects.find(o => o.kind === 'Subscription').spec.subscriber.uri).toBe('/other');
      const run = render(d, '--set', 'path=https://example.com/x');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/\/path'.*does not match pattern/);
    } finally {
      fs.rmSync(path.dirname(d), { recursive: true, force: true });
    }
  });
});

describe('attribute names with chart values', () => {
  test('the install rule of an attribute name leaves out the reserved names, without look-ahead', () => {
    const reserved = ['id', 'type', 'specversion', 'source', 'i'];
    const rule = attributeNameRule('not reserved', reserved);
    expect(rule.pattern).not.toMatch(/\(\?[=!<]/);
    for (const name of ['', 'a', 'i', 'id', 'idx', 'in', 'typ', 'type', 'types', 'source', 'sources', 'spec', 'specversion', 'x9', '9x', 'Type', 'a-b', 'correlationid']) {
      expect([name, followsRule(rule, name)]).toEqual([name, /^[a-z][a-z0-9]*$/.test(name) && !reserved.includes(name)]);
    }
  });

  test('fails when the default of a Trigger filter name is not an attribute name', () => {
    const { chart } = valuesApp();
    const broker = new Broker(chart, 'broker');
    expect(() => broker.addTrigger('t', { subscriber: broker, filter: { [str(chart, 'attr', 'Region')]: 'eu' } }))
      .toThrow(/\[events\/broker\/t\] filter\.Region: "Region" is not allowed; a CloudEvents attribute name must be lower-case .* \(this is the default of a chart value\)/);
  });

  test('fails when the default of a TriggerFilter CESQL expression does not parse', () => {
    const { chart } = valuesApp();
    const broker = new Broker(chart, 'broker');
    expect(() => broker.addTrigger('t', { subscriber: broker, filters: [TriggerFilter.cesql(str(chart, 'sql', "type = 'a"))] }))
      .toThrow(/filters\[0\]\.cesql: .* is not allowed; must be a CloudEvents SQL expression \(.*\) \(this is the default of a chart value\)/);
  });

  test('a RequestReply attribute refuses the reserved names, and the reply attribute\'s name, at install; two equal defaults at synth', () => {
    const { app, chart } = valuesApp();
    const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
    new RequestReply(chart, 'rr', { metadata: { name: 'rr' }, broker, correlationAttribute: str(chart, 'correlation', 'requestid') });
    const d = writeChart(app);
    try {
      const run = render(d, '--set', 'correlation=source');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/\/correlation'.*does not match pattern/);
      expect(render(d, '--set', 'correlation=sourceid').ok).toBe(true);
      const same = render(d, '--set', 'correlation=replyid');
      expect(same.ok).toBe(false);
      expect(same.stderr).toContain('[events/rr] replyAttribute: the chart values (correlation=replyid) make it not allowed; must differ from correlationAttribute');
    } finally {
      fs.rmSync(path.dirname(d), { recursive: true, force: true });
    }
    const other = valuesApp();
    const b2 = new Broker(other.chart, 'broker');
    expect(() => new RequestReply(other.chart, 'rr', { broker: b2, correlationAttribute: str(other.chart, 'c', 'replyid') }))
      .toThrow(/replyAttribute: "replyid" is not allowed; must differ from correlationAttribute/);
  });

  test('Triggers compare their type filter with the default of an EventType\'s chart value', () => {
    const { chart } = valuesApp();
    new EventType(chart, 'type', { cloudEventType: str(chart, 'eventType', 'com.example.order') });
    const broker = new Broker(chart, 'broker');
    const ok = broker.onEvent('ok', 'com.example.order', broker);
    const other = broker.onEvent('other', 'com.example.refund', broker);
    expect(deferredWarningsOf(ok)).toEqual([]);
    expect(deferredWarningsOf(other)).toEqual([expect.stringContaining('declared: com.example.order')]);
  });

  test('fails when the default of an EventType extension name is a core attribute', () => {
    const { chart } = valuesApp();
    expect(() => new EventType(chart, 'type', { cloudEventType: 'com.example.order', extensions: { [str(chart, 'ext', 'subject')]: '' } }))
      .toThrow(/extensions\.subject: "subject" is not allowed; must not be a core CloudEvents attribute/);
  });
});

describe('other eventing props with chart values', () => {
  test('fails when the default of an EventPolicy subject has a "*" before its end', () => {
    const { chart } = valuesApp();
    expect(() => new EventPolicy(chart, 'policy', { fromSubjects: [str(chart, 'subject', 'system:*:payments')] }))
      .toThrow(/\[events\/policy\] fromSubjects\[0\]: "system:\*:payments" is not allowed; "\*" is only allowed as the last character .* \(this is the default of a chart value\)/);
  });

  test('fails when a KafkaBrokerConfig gets a list chart value, which a ConfigMap entry cannot join', () => {
    const { chart } = valuesApp();
    const servers = ChartValue.listValue(chart, 'servers', { defaultValue: ['k.kafka:9092'] });
    expect(() => new KafkaBrokerConfig(chart, 'config', { bootstrapServers: servers.asStringList() }))
      .toThrow(/bootstrapServers: "\(a list chart value\)" is not allowed; the ConfigMap holds the servers joined by commas/);
  });

  test('a KafkaBrokerConfig entry may hold several servers separated by commas, and each is checked', () => {
    const { app, chart } = valuesApp();
    new KafkaBrokerConfig(chart, 'config', { metadata: { name: 'kafka' }, bootstrapServers: [str(chart, 'servers', 'a.kafka:9092,b.kafka:9092')] });
    expect(parseObjects(app.synthYaml())[0].data['bootstrap.servers']).toBe('a.kafka:9092,b.kafka:9092');
    const bad = valuesApp();
    expect(() => new KafkaBrokerConfig(bad.chart, 'config', { bootstrapServers: [str(bad.chart, 'servers', 'a.kafka:9092,b.kafka')] }))
      .toThrow(/bootstrapServers\[0\]: "a\.kafka:9092,b\.kafka" is not allowed; must be "host:port" \(or several, separated by commas\)/);
  });
});

describe('maps take a chart value per key or value, not one for the whole map', () => {
  test('fails when a Trigger filter, EventType extensions, a KafkaBrokerConfig topicConfig or selector labels are one map chart value', () => {
    const { chart } = valuesApp();
    const map = ChartValue.objectValue(chart, 'map', { defaultValue: { type: 'com.example.order' } }).asAny();
    const broker = new Broker(chart, 'broker');
    const wholeMap = /"\(a map chart value\)" is not allowed; give a chart value for each value \(or key\) of the map, not one for the whole map/;
    expect(() => broker.addTrigger('t', { subscriber: broker, filter: map })).toThrow(wholeMap);
    expect(() => new EventType(chart, 'type', { cloudEventType: 'com.example.order', extensions: map })).toThrow(wholeMap);
    expect(() => new KafkaBrokerConfig(chart, 'config', { bootstrapServers: ['k.kafka:9092'], topicConfig: map })).toThrow(wholeMap);
    expect(() => new EventPolicy(chart, 'policy', { toSelectors: [{ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', matchLabels: map }] }))
      .toThrow(/toSelectors\[0\]\.matchLabels: .*an empty map, which would select every object of the kind/);
  });
});

test('fails when EventPolicy fromSubjects is one list chart value: each subject is its own entry', () => {
  const { chart } = valuesApp();
  const subjects = ChartValue.listValue(chart, 'subjects', { defaultValue: ['system:serviceaccount:shop:a'] });
  expect(() => new EventPolicy(chart, 'policy', { fromSubjects: subjects.asStringList() }))
    .toThrow(/fromSubjects: "\(a list chart value\)" is not allowed; each subject is written as its own entry of spec\.from/);
});

describe('imported Brokers and Channels with chart values', () => {
  test('a Broker imported by a chart value name and namespace takes Triggers; the chart refuses a name that is not DNS-1123', () => {
    const { app, chart } = valuesApp();
    const broker = Broker.fromBrokerName(chart, 'platform', str(chart, 'broker.name', 'default'), { namespaceName: str(chart, 'broker.namespace', 'shop') });
    broker.onEvent('t', 'com.example.order', Sink.fromUri('http://orders.shop.svc.cluster.local'), { metadata: { name: 'orders' } });
    const d = writeChart(app);
    try {
      const run = render(d, '--set', 'broker.name=events');
      expect(run.stderr).toBe('');
      expect(parseObjects(run.stdout).find(o => o.kind === 'Trigger').spec.broker).toBe('events');
      const bad = render(d, '--set', 'broker.name=Not_A_Name');
      expect(bad.ok).toBe(false);
      expect(bad.stderr).toMatch(/broker\/name'.*does not match pattern/);
    } finally {
      fs.rmSync(path.dirname(d), { recursive: true, force: true });
    }
  });

  test('fails when the default of an imported Channel\'s name is not a DNS-1123 subdomain', () => {
    const { chart } = valuesApp();
    expect(() => Channel.fromChannelName(chart, 'ch', str(chart, 'channel', 'Orders')))
      .toThrow(/\[events\/ch\] name: "Orders" is not allowed; must be a DNS-1123 subdomain.*\(this is the default of a chart value\)/);
  });

  test('fails when a Trigger\'s Broker is in another namespace by the default of a chart value', () => {
    const { chart } = valuesApp();
    const broker = Broker.fromBrokerName(chart, 'platform', 'default', { namespaceName: str(chart, 'ns', 'other') });
    expect(() => broker.onEvent('t', 'com.example.order', Sink.fromUri('http://x.shop.svc')))
      .toThrow(/broker: "other\/default" is not allowed; the Broker must be in the Trigger's namespace "shop"/);
  });
});

test('a custom BrokerClass takes a chart value, checked by its default where a Broker uses it', () => {
  const { app, chart } = valuesApp();
  new Broker(chart, 'broker', { metadata: { name: 'default' }, brokerClass: BrokerClass.custom(str(chart, 'brokerClass', 'Kafka')) });
  expect(parseObjects(app.synthYaml())[0].metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
  const bad = valuesApp();
  expect(() => new Broker(bad.chart, 'broker', { brokerClass: BrokerClass.custom(str(bad.chart, 'brokerClass', 'My Class')) }))
    .toThrow(/brokerClass: "My Class" is not allowed; must be a non-empty class name without spaces \(this is the default of a chart value\)/);
});
