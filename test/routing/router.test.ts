/**
 * Routing over manifests with Knative's semantics: every routing kind
 * (Broker, Channels of any kind, Subscriptions, Sequence, Parallel, Service),
 * replies, dead-letter sinks, loops and the broker TTL; the library API on a
 * cdk8s app; static analysis; the topology graph.
 */
import { App, Chart } from 'cdk8s';
import * as kn from '../../src';
import { CloudEvent, EventRouter } from '../../src/routing';

const NS = 'demo';
const meta = (name: string) => ({ name, namespace: NS });
const ksvc = (name: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: meta(name), spec: {} });
const ref = (kind: string, name: string, apiVersion = 'serving.knative.dev/v1') => ({ ref: { apiVersion, kind, name } });
const broker = (name: string, spec: object = {}) => ({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: meta(name), spec });
const trigger = (name: string, brokerName: string, subscriber: object, extra: object = {}) => ({
  apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: meta(name), spec: { broker: brokerName, subscriber, ...extra },
});
const channel = (kind: string, name: string, spec: object = {}) => ({ apiVersion: 'messaging.knative.dev/v1', kind, metadata: meta(name), spec });
const subscription = (name: string, ch: { kind: string; name: string }, spec: object) => ({
  apiVersion: 'messaging.knative.dev/v1', kind: 'Subscription', metadata: meta(name),
  spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: ch.kind, name: ch.name }, ...spec },
});

const order = CloudEvent.of({ id: '1', source: '/shop', eventType: 'com.example.order.created', extensions: { region: 'eu' } });
const payment = CloudEvent.of({ id: '2', source: '/shop', eventType: 'com.example.payment.done' });

const paths = (r: kn.RoutingResult) => r.deliveries.map(d => [...d.via, d.to].join(' -> '));

describe('Broker and Triggers', () => {
  const router = EventRouter.fromManifests([
    broker('default', { delivery: { deadLetterSink: ref('Service', 'dls') } }),
    trigger('orders', 'default', ref('Service', 'billing'), { filter: { attributes: { type: 'com.example.order.created' } } }),
    trigger('eu', 'default', ref('Service', 'eu-audit'), { filters: [{ cesql: "region = 'eu'" }] }),
    trigger('everything', 'default', { uri: 'https://audit.example.com/events' }),
    trigger('other-broker', 'other', ref('Service', 'billing')),
    trigger('to-configmap', 'default', ref('ConfigMap', 'cm', 'v1'), { filters: [{ prefix: { type: 'com.example.payment' } }] }),
    ksvc('billing'), ksvc('eu-audit'), ksvc('dls'),
  ]);

  test('an event goes to every Trigger of the Broker whose filter passes, in manifest order', () => {
    const r = router.send(order, `Broker/${NS}/default`);
    expect(paths(r)).toEqual([
      'Broker/demo/default -> Trigger/demo/orders -> Service/demo/billing',
      'Broker/demo/default -> Trigger/demo/eu -> Service/demo/eu-audit',
      'Broker/demo/default -> Trigger/demo/everything -> https://audit.example.com/events',
    ]);
    expect(r.undelivered).toEqual([]);
    expect(r.eventAttributes).toEqual({ specversion: '1.0', id: '1', source: '/shop', type: 'com.example.order.created', region: 'eu' });
  });

  test('a reply depends on what the service answers, and says so', () => {
    const r = router.send(order, `Broker/${NS}/default`);
    expect(r.deliveries[0].note).toBe('depends on what Service/demo/billing answers: an event in its response goes back into Broker/demo/default, where the Triggers filter it again');
    expect(r.deliveries[2].note).toMatch(/^depends on what https:\/\/audit\.example\.com\/events answers/);
  });

  test('a subscriber that cannot exist (not Addressable) sends the event to the dead-letter sink of the Broker', () => {
    const r = router.send(payment, `Broker/${NS}/default`);
    expect(r.deliveries.map(d => ({ to: d.to, note: d.note }))).toContainEqual({
      to: 'Service/demo/dls',
      note: 'dead-letter sink of Broker/demo/default: ConfigMap/demo/cm cannot receive events (a ConfigMap is not Addressable)',
    });
  });

  test('a subscriber missing from the manifests is named, with what happens if it does not exist', () => {
    const r = EventRouter.fromManifests([broker('b'), trigger('t', 'b', ref('Service', 'ghost'))]).send(order, `Broker/${NS}/b`);
    expect(r.deliveries).toEqual([{ via: ['Broker/demo/b', 'Trigger/demo/t'], to: 'Service/demo/ghost', note: expect.stringContaining('Service/demo/ghost is not in the given manifests: if it does not exist in the cluster, the event is not delivered') }]);
  });

  test('an event no Trigger matches is undelivered, and a Broker without Triggers drops everything', () => {
    const r = EventRouter.fromManifests([broker('b'), trigger('t', 'b', ref('Service', 's'), { filter: { attributes: { type: 'x' } } }), ksvc('s')]).send(order, `Broker/${NS}/b`);
    expect(r.deliveries).toEqual([]);
    expect(r.undelivered).toEqual([{ via: ['Broker/demo/b'], reason: 'no Trigger of Broker/demo/b matches the event (t)' }]);
    expect(EventRouter.fromManifests([broker('b')]).send(order, `Broker/${NS}/b`).undelivered[0].reason).toBe('Broker/demo/b has no Triggers');
  });

  test('the broker drops an event whose TTL is used up, and its filters do not see the TTL', () => {
    const manifests = [broker('b'), trigger('t', 'b', ref('Service', 's'), { filters: [{ cesql: 'NOT EXISTS knativebrokerttl' }] }), ksvc('s')];
    const r = EventRouter.fromManifests(manifests);
    expect(paths(r.send(CloudEvent.of({ id: '1', source: '/s', eventType: 't', extensions: { knativebrokerttl: 5 } }), `Broker/${NS}/b`))).toEqual(['Broker/demo/b -> Trigger/demo/t -> Service/demo/s']);
    expect(r.send(CloudEvent.of({ id: '1', source: '/s', eventType: 't', extensions: { knativebrokerttl: 0 } }), `Broker/${NS}/b`).undelivered[0].reason).toMatch(/TTL is used up/);
  });

  test('a Trigger that sends back into its Broker is a loop, which the TTL ends', () => {
    const r = EventRouter.fromManifests([broker('b'), trigger('t', 'b', ref('Broker', 'b', 'eventing.knative.dev/v1'))]).send(order, `Broker/${NS}/b`);
    expect(r.undelivered).toEqual([{ via: ['Broker/demo/b', 'Trigger/demo/t', 'Broker/demo/b'], reason: expect.stringMatching(/^loop: the event comes back to Broker\/demo\/b/) }]);
  });

  test('fails when the target is not among the objects or is malformed', () => {
    expect(() => router.send(order, 'Broker/demo/nope')).toThrow('target Broker/demo/nope is not among the objects; the Addressables are: Broker/demo/default, Service/demo/billing, Service/demo/eu-audit, Service/demo/dls');
    expect(() => router.send(order, 'default')).toThrow(/expected Kind\/namespace\/name/);
  });
});

describe('Channels and Subscriptions', () => {
  test.each(['InMemoryChannel', 'KafkaChannel', 'Channel'])('a %s delivers to each Subscription', kind => {
    const r = EventRouter.fromManifests([
      channel(kind, 'orders'),
      subscription('a', { kind, name: 'orders' }, { subscriber: ref('Service', 'a'), reply: ref('Service', 'r') }),
      subscription('b', { kind, name: 'orders' }, { subscriber: ref('Service', 'b') }),
      ksvc('a'), ksvc('b'), ksvc('r'),
    ]).send(order, `${kind}/${NS}/orders`);
    expect(paths(r)).toEqual([`${kind}/demo/orders -> Subscription/demo/a -> Service/demo/a`, `${kind}/demo/orders -> Subscription/demo/b -> Service/demo/b`]);
    expect(r.deliveries[0].note).toBe('depends on what Service/demo/a answers: an event in its response goes to the reply Service/demo/r');
    expect(r.deliveries[1].note).toBeUndefined();
  });

  test('a Subscription without subscriber sends the event to its reply; one to a Broker routes on', () => {
    const r = EventRouter.fromManifests([
      channel('InMemoryChannel', 'c'),
      subscription('fwd', { kind: 'InMemoryChannel', name: 'c' }, { reply: ref('Broker', 'b', 'eventing.knative.dev/v1') }),
      broker('b'), trigger('t', 'b', ref('Service', 's')), ksvc('s'),
    ]).send(order, `InMemoryChannel/${NS}/c`);
    expect(paths(r)).toEqual(['InMemoryChannel/demo/c -> Subscription/demo/fwd -> Broker/demo/b -> Trigger/demo/t -> Service/demo/s']);
  });

  test('a subscriber that cannot exist goes to the Subscription\'s dead-letter sink, else the Channel\'s', () => {
    const manifests = [
      channel('InMemoryChannel', 'c', { delivery: { deadLetterSink: { uri: 'https://dls.example.com' } } }),
      subscription('own', { kind: 'InMemoryChannel', name: 'c' }, { subscriber: ref('Secret', 'x', 'v1'), delivery: { deadLetterSink: ref('Service', 'dls') } }),
      subscription('inherited', { kind: 'InMemoryChannel', name: 'c' }, { subscriber: ref('Secret', 'x', 'v1') }),
      ksvc('dls'),
    ];
    const r = EventRouter.fromManifests(manifests).send(order, `InMemoryChannel/${NS}/c`);
    expect(r.deliveries.map(d => d.to)).toEqual(['Service/demo/dls', 'https://dls.example.com']);
    expect(r.deliveries[1].note).toMatch(/^dead-letter sink of InMemoryChannel\/demo\/c: Secret\/demo\/x cannot receive events/);
  });

  test('fails when nothing can receive the event and there is no dead-letter sink', () => {
    const r = EventRouter.fromManifests([channel('InMemoryChannel', 'c'), subscription('s', { kind: 'InMemoryChannel', name: 'c' }, { subscriber: ref('Secret', 'x', 'v1') })])
      .send(order, `InMemoryChannel/${NS}/c`);
    expect(r.undelivered).toEqual([{ via: ['InMemoryChannel/demo/c', 'Subscription/demo/s'], reason: 'Secret/demo/x cannot receive events (a Secret is not Addressable), and there is no dead-letter sink' }]);
  });
});

describe('Sequence and Parallel', () => {
  const flow = (kind: string, name: string, spec: object) => ({ apiVersion: 'flows.knative.dev/v1', kind, metadata: meta(name), spec });

  test('a Sequence delivers to its first step through the Channel and Subscription it creates; the rest depends on the answers', () => {
    const r = EventRouter.fromManifests([
      flow('Sequence', 'checkout', {
        channelTemplate: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' },
        steps: [ref('Service', 'validate'), ref('Service', 'charge')],
        reply: ref('Broker', 'default', 'eventing.knative.dev/v1'),
      }),
      ksvc('validate'), ksvc('charge'), broker('default'),
    ]).send(order, `Sequence/${NS}/checkout`);
    expect(r.deliveries).toEqual([{
      via: ['Sequence/demo/checkout', 'KafkaChannel/demo/checkout-kn-sequence-0', 'Subscription/demo/checkout-kn-sequence-0'],
      to: 'Service/demo/validate',
      note: 'depends on what Service/demo/validate answers: an event in its response goes on to step 1 (Service/demo/charge), then the reply Broker/demo/default, each step\'s answer to the next',
    }]);
  });

  test('a Parallel delivers to each branch without a filter, and to each filter service, saying the branch depends on its answer', () => {
    const r = EventRouter.fromManifests([
      flow('Parallel', 'fanout', {
        branches: [
          { subscriber: ref('Service', 'a') },
          { filter: ref('Service', 'only-eu'), subscriber: ref('Service', 'b'), reply: ref('Service', 'r') },
        ],
      }),
      ksvc('a'), ksvc('b'), ksvc('only-eu'), ksvc('r'),
    ]).send(order, `Parallel/${NS}/fanout`);
    expect(paths(r)).toEqual([
      'Parallel/demo/fanout -> InMemoryChannel/demo/fanout-kn-parallel -> Subscription/demo/fanout-kn-parallel-filter-0 -> InMemoryChannel/demo/fanout-kn-parallel-0 -> Subscription/demo/fanout-kn-parallel-0 -> Service/demo/a',
      'Parallel/demo/fanout -> InMemoryChannel/demo/fanout-kn-parallel -> Subscription/demo/fanout-kn-parallel-filter-1 -> Service/demo/only-eu',
    ]);
    expect(r.deliveries[1].note).toMatch(/^branch 1 filter: depends on what Service\/demo\/only-eu answers: if it answers with an event, that event goes to Service\/demo\/b/);
  });

  test('a Service receives the event directly', () => {
    expect(EventRouter.fromManifests([ksvc('s')]).send(order, `Service/${NS}/s`).deliveries).toEqual([{ via: [], to: 'Service/demo/s' }]);
  });
});

describe('EventRouter.of(app)', () => {
  test('routes the objects of a cdk8s app built with the constructs', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: NS });
    const b = new kn.Broker(chart, 'B', { metadata: { name: 'default', namespace: NS } });
    const billing = new kn.Service(chart, 'Billing', { metadata: { name: 'billing', namespace: NS }, container: { image: 'ghcr.io/example/billing:1' } });
    const audit = new kn.Service(chart, 'Audit', { metadata: { name: 'audit', namespace: NS }, container: { image: 'ghcr.io/example/audit:1' } });
    b.onEvent('Orders', 'com.example.order.created', billing, { metadata: { name: 'orders', namespace: NS } });
    b.onEvent('Payments', 'com.example.payment.done', audit, { metadata: { name: 'payments', namespace: NS } });
    const router = EventRouter.of(app);
    expect(paths(router.send(order, 'Broker/demo/default'))).toEqual(['Broker/demo/default -> Trigger/demo/orders -> Service/demo/billing']);
    expect(paths(router.send(payment, 'Broker/demo/default'))).toEqual(['Broker/demo/default -> Trigger/demo/payments -> Service/demo/audit']);
  });
});

describe('static analysis', () => {
  const ping = { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: meta('ping'), spec: { schedule: '* * * * *', sink: ref('Broker', 'b', 'eventing.knative.dev/v1') } };

  test('warns about a Trigger whose filter matches no event the known producers send', () => {
    const warnings = EventRouter.fromManifests([
      broker('b'), ping,
      { apiVersion: 'eventing.knative.dev/v1beta3', kind: 'EventType', metadata: meta('orders'), spec: { reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b' }, attributes: [{ name: 'type', value: 'com.example.order.created' }] } },
      trigger('typo', 'b', ref('Service', 's'), { filter: { attributes: { type: 'dev.knative.source.ping' } } }),
      trigger('ok', 'b', ref('Service', 's'), { filters: [{ prefix: { type: 'com.example.' } }] }),
      ksvc('s'),
    ]).warnings();
    expect(warnings).toEqual([{
      objectId: 'Trigger/demo/typo',
      message: 'the filter (type = dev.knative.source.ping) matches no event the known producers send into Broker/demo/b (PingSource/demo/ping, EventType/demo/orders: types com.example.order.created, dev.knative.sources.ping)',
    }]);
  });

  test('says nothing about filters when a producer\'s types are unknown (a ContainerSource)', () => {
    const container = { apiVersion: 'sources.knative.dev/v1', kind: 'ContainerSource', metadata: meta('c'), spec: { sink: ref('Broker', 'b', 'eventing.knative.dev/v1') } };
    expect(EventRouter.fromManifests([broker('b'), ping, container, trigger('t', 'b', ref('Service', 's'), { filter: { attributes: { type: 'x' } } }), ksvc('s')]).warnings()).toEqual([]);
  });

  test('warns about a Broker with producers but no Trigger', () => {
    expect(EventRouter.fromManifests([broker('b'), ping]).warnings()).toEqual([{ objectId: 'Broker/demo/b', message: 'PingSource/demo/ping sends events into Broker/demo/b, which has no Trigger: every event is dropped' }]);
  });
});

describe('graph', () => {
  const router = EventRouter.fromManifests([
    broker('b'),
    { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: meta('ping'), spec: { sink: ref('Broker', 'b', 'eventing.knative.dev/v1') } },
    trigger('t', 'b', ref('Service', 's'), { filters: [{ cesql: "type = 'a\"b'" }], delivery: { deadLetterSink: ref('Service', 'dls') } }),
    { ...ksvc('s'), spec: { traffic: [{ revisionName: 's-1', percent: 90, tag: 'stable' }, { latestRevision: true, percent: 10 }] } },
    { apiVersion: 'serving.knative.dev/v1beta1', kind: 'DomainMapping', metadata: meta('shop.example.com'), spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 's' } } },
  ]);

  test('nodes and edges: sources, Broker, Trigger with its filter, subscriber, dead letter, DomainMapping, revisions with percentages', () => {
    const g = router.graph();
    expect(g.nodes.find(n => n.id === 'Trigger/demo/t')!.labelLines).toEqual(['Trigger t', 'type = \'a"b\'']);
    expect(g.edges.map(e => `${e.fromNode} -> ${e.toNode} [${e.label}]${e.conditional ? ' dashed' : ''}`)).toEqual([
      'PingSource/demo/ping -> Broker/demo/b [sources.ping]',
      'Broker/demo/b -> Trigger/demo/t []',
      'Trigger/demo/t -> Service/demo/s []',
      'Trigger/demo/t -> Service/demo/dls [dead letter] dashed',
      'Service/demo/s -> Revision/demo/s-1 [90% tag stable]',
      'Service/demo/s -> Revision/demo/s@latest [10%]',
      'DomainMapping/demo/shop.example.com -> Service/demo/s []',
    ]);
  });

  test('Mermaid escapes quotes and marks dashed edges', () => {
    const m = router.graph().toMermaid();
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).toContain('["Trigger t<br/>type = \'a#quot;b\'"]');
    expect(m).toMatch(/n\d+ -\.->\|"dead letter"\| n\d+/);
  });

  test('DOT quotes ids and labels', () => {
    const d = router.graph().toDot();
    expect(d).toContain('"Trigger/demo/t" [label="Trigger t\\ntype = \'a\\"b\'", shape=box');
    expect(d).toContain('"Service/demo/s" -> "Revision/demo/s-1" [label="90% tag stable"];');
  });

  test('SVG is laid out offline, escapes text and is the same on every run', () => {
    const svg = router.graph().toSvg();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    expect(svg).toContain('type = \'a&quot;b\'');
    expect(svg.match(/<g><title>/g)!.length).toBe(router.graph().nodes.length);
    expect(router.graph().toSvg()).toBe(svg);
  });
});
