import { Chart, Duration, Testing } from 'cdk8s';
import { deferredWarningsOf, warningsOf } from '../../src/core/warnings';
import { Broker, EventType, Sink, Trigger, TriggerFilter } from '../../src/eventing';
import { Service } from '../../src/serving';

const subscriber = Sink.fromUri('https://sub.example.com');

describe('Trigger', () => {
  test('writes broker, subscriber, filter, filters and delivery', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    new Trigger(chart, 'T', {
      metadata: { name: 'orders' },
      broker,
      subscriber: Sink.fromAddressable(broker, { path: '/loop' }),
      filter: { type: 'com.example.order', source: '' },
      filters: [TriggerFilter.prefix('type', 'com.example.'), TriggerFilter.cesql("subject = 'x'")],
      delivery: { retry: 3, deadLetterSink: subscriber, timeout: Duration.seconds(5) },
    });
    const trigger = Testing.synth(chart)[1];
    expect(trigger).toEqual({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'orders' },
      spec: {
        broker: 'default',
        subscriber: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' }, uri: '/loop' },
        filter: { attributes: { type: 'com.example.order', source: '' } },
        filters: [{ prefix: { type: 'com.example.' } }, { cesql: "subject = 'x'" }],
        delivery: { retry: 3, deadLetterSink: { uri: 'https://sub.example.com' }, timeout: 'PT5S' },
      },
    });
  });

  test('addTrigger writes only what is set', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    const t = broker.addTrigger('All', { subscriber });
    expect(t.broker).toBe(broker);
    expect(Testing.synth(chart)[1].spec).toEqual({ broker: 'default', subscriber: { uri: 'https://sub.example.com' } });
  });

  test('fails when a filter attribute name has upper-case letters', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    expect(() => broker.addTrigger('T', { subscriber, filter: { Type: 'x' } }))
      .toThrow(/\[test\/B\/T\] filter.Type: "Type" is not allowed; a CloudEvents attribute name must be lower-case letters a-z and digits 0-9, starting with a letter/);
  });

  test('fails when a filter attribute name starts with a digit', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    expect(() => broker.addTrigger('T', { subscriber, filter: { '1x': 'x' } })).toThrow(/filter.1x: "1x" is not allowed/);
  });

  test('fails when a nested filter is invalid, naming its path', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    expect(() => broker.addTrigger('T', { subscriber, filters: [TriggerFilter.all(TriggerFilter.exact('ok', 'a'), TriggerFilter.suffix('my-attr', 'b'))] }))
      .toThrow(/\[test\/B\/T\] filters\[0\].all\[1\].suffix: "my-attr" is not allowed/);
  });

  test('fails when the subscriber is empty', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    expect(() => broker.addTrigger('T', { subscriber: { toDestination: () => ({}) } })).toThrow(/\[test\/B\/T\] subscriber: \{\} is not allowed/);
  });

  test('fails when the broker is in another namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'a' });
    const broker = Broker.fromBrokerName(chart, 'Ext', 'default', { namespaceName: 'b' });
    expect(() => broker.addTrigger('T', { subscriber })).toThrow(/\[c\/Ext\/T\] broker: "b\/default" is not allowed; the Broker must be in the Trigger's namespace "a"/);
  });

  describe('declared event types', () => {
    // synth prints these warnings to stderr (tested in test/validation/construct-warnings.test.ts); keep the output clean
    let stderr: jest.SpyInstance;
    beforeEach(() => { stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true); });
    afterEach(() => stderr.mockRestore());

    function setup(): { app: ReturnType<typeof Testing.app>; broker: Broker } {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      return { app, broker: new Broker(chart, 'B', { metadata: { name: 'default' } }) };
    }

    test('warns when a trigger filters on a type no EventType declares', () => {
      const { app, broker } = setup();
      new EventType(broker, 'Created', { cloudEventType: 'com.example.created' });
      const t = broker.onEvent('T', 'com.example.deleted', subscriber);
      app.synthYaml();
      expect(deferredWarningsOf(t)).toEqual([
        'filters on type "com.example.deleted" but no EventType of the app declares such a type (declared: com.example.created)',
      ]);
    });

    test('warns on a prefix no declared type has', () => {
      const { app, broker } = setup();
      new EventType(broker, 'Created', { cloudEventType: 'com.example.created' });
      const ok = broker.addTrigger('Ok', { subscriber, filters: [TriggerFilter.prefix('type', 'com.example.')] });
      const bad = broker.addTrigger('Bad', { subscriber, filters: [TriggerFilter.any(TriggerFilter.suffix('type', '.deleted'))] });
      app.synthYaml();
      expect(deferredWarningsOf(ok)).toEqual([]);
      expect(deferredWarningsOf(bad)).toEqual([expect.stringMatching(/filters on type suffix "\.deleted"/)]);
    });

    test('does not warn for a declared type', () => {
      const { app, broker } = setup();
      new EventType(broker, 'Created', { cloudEventType: 'com.example.created' });
      const t = broker.onEvent('T', 'com.example.created', subscriber);
      app.synthYaml();
      expect(deferredWarningsOf(t)).toEqual([]);
    });

    test('does not warn when the app declares no EventType', () => {
      const { app, broker } = setup();
      const t = broker.onEvent('T', 'com.example.anything', subscriber);
      app.synthYaml();
      expect(deferredWarningsOf(t)).toEqual([]);
    });
  });
});

describe('Trigger attribute names', () => {
  test('warns when an attribute name is longer than 20 characters', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B');
    const t = broker.addTrigger('T', { subscriber, filter: { averyveryverylongattribute: 'x', short: 'y' } });
    expect(warningsOf(t)).toEqual([
      'filter.averyveryverylongattribute: attribute name "averyveryverylongattribute" is longer than 20 characters, which CloudEvents 1.0 advises against (some transports may not carry it)',
    ]);
  });
});

describe('Trigger with a Knative Service', () => {
  test('a serving Service plugs in as the subscriber', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const ksvc = new Service(chart, 'Svc', { metadata: { name: 'orders' }, container: { image: 'ghcr.io/example/orders:1' } });
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    broker.onEvent('T', 'com.example.order', ksvc);
    const trigger = Testing.synth(chart).find(m => m.kind === 'Trigger');
    expect(trigger.spec.subscriber).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'orders', namespace: 'shop' } });
  });
});

describe('Trigger names', () => {
  test('fails when metadata.name is not a DNS-1123 subdomain', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'Broker', { metadata: { name: 'default' } });
    expect(() => broker.onEvent('Bad', 'com.example.t', Sink.fromUri('https://example.com/'), { metadata: { name: 'Bad_Name' } }))
      .toThrow(/\[test\/Broker\/Bad\] metadata.name: "Bad_Name" is not allowed; must be a DNS-1123 subdomain/);
  });
});
