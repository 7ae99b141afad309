import { App, Chart, Testing } from 'cdk8s';
import { Broker, Channel, EventPolicy, Sink, TriggerFilter } from '../../src/eventing';
import { PingSource } from '../../src/sources';
import { ClusterConfig, Validation } from '../../src/validation';
import { validateManifests } from '../../src/validation/engine';
import { messageOf } from '../core/thrown';

const OIDC = ClusterConfig.DEFAULT.withFeatures({ 'authentication-oidc': 'enabled' });

function oidcChart(): { app: App; chart: Chart } {
  const app = Testing.app();
  Validation.of(app).configure({ clusterConfig: OIDC });
  return { app, chart: new Chart(app, 'c', { namespace: 'shop' }) };
}

describe('EventPolicy', () => {
  test('writes to refs, selectors, from refs and subjects, and filters', () => {
    const { chart } = oidcChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    const ping = new PingSource(chart, 'P', { metadata: { name: 'tick' }, schedule: '* * * * *', sink: broker });
    new EventPolicy(chart, 'Policy', {
      metadata: { name: 'orders-policy' },
      to: [broker],
      toSelectors: [{ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', matchLabels: { team: 'shop' } }],
      fromResources: [ping],
      fromReferences: [{ apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'audit', namespaceName: 'ops' }],
      fromSubjects: ['system:serviceaccount:payments:*'],
      filters: [TriggerFilter.exact('type', 'dev.example.order')],
    });
    const policy = Testing.synth(chart).find(o => o.kind === 'EventPolicy');
    expect(policy).toEqual({
      apiVersion: 'eventing.knative.dev/v1alpha1',
      kind: 'EventPolicy',
      metadata: { name: 'orders-policy', namespace: 'shop' },
      spec: {
        to: [
          { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'orders' } },
          { selector: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', matchLabels: { team: 'shop' } } },
        ],
        from: [
          { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'tick', namespace: 'shop' } },
          { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'audit', namespace: 'ops' } },
          { sub: 'system:serviceaccount:payments:*' },
        ],
        filters: [{ exact: { type: 'dev.example.order' } }],
      },
    });
  });

  test('broker.allowFrom() and allowSubject() extend one policy named <broker>-allow', () => {
    const { chart } = oidcChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    const ping = new PingSource(chart, 'P', { metadata: { name: 'tick' }, schedule: '* * * * *', sink: broker });
    const first = broker.allowFrom(ping);
    const second = broker.allowSubject('system:serviceaccount:shop:checkout');
    expect(second).toBe(first);
    const policies = Testing.synth(chart).filter(o => o.kind === 'EventPolicy');
    expect(policies).toHaveLength(1);
    expect(policies[0].metadata.name).toBe('orders-allow');
    expect(policies[0].spec.to).toEqual([{ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'orders' } }]);
    expect(policies[0].spec.from).toEqual([
      { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'tick', namespace: 'shop' } },
      { sub: 'system:serviceaccount:shop:checkout' },
    ]);
  });

  test('channel.allowFrom() governs the Channel', () => {
    const { chart } = oidcChart();
    const channel = new Channel(chart, 'Ch', { metadata: { name: 'events' } });
    const ping = new PingSource(chart, 'P', { metadata: { name: 'tick' }, schedule: '* * * * *', sink: channel });
    channel.allowFrom(ping);
    const policy = Testing.synth(chart).find(o => o.kind === 'EventPolicy');
    expect(policy.metadata.name).toBe('events-allow');
    expect(policy.spec.to[0].ref.kind).toBe('Channel');
  });

  test('fails when a sender is allowed twice', () => {
    const { chart } = oidcChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    const ping = new PingSource(chart, 'P', { metadata: { name: 'tick' }, schedule: '* * * * *', sink: broker });
    broker.allowFrom(ping);
    expect(messageOf(() => broker.allowFrom(ping))).toBe('[c/B/AllowFrom] fromResources[1]: "PingSource tick" is not allowed; must be listed once: fromResources[0] is the same sender');
    broker.allowSubject('a:b');
    expect(messageOf(() => broker.allowSubject('a:b'))).toBe('[c/B/AllowFrom] fromSubjects[1]: "a:b" is not allowed; must be listed once: fromSubjects[0] is the same subject');
  });

  test('fails when a subject has "*" before its last character', () => {
    const { chart } = oidcChart();
    expect(messageOf(() => new EventPolicy(chart, 'P', { fromSubjects: ['system:*:x'] })))
      .toBe('[c/P] fromSubjects[0]: "system:*:x" is not allowed; "*" is only allowed as the last character (a prefix match), e.g. "system:serviceaccount:payments:*"');
  });

  test('fails when a subject is empty', () => {
    const { chart } = oidcChart();
    expect(messageOf(() => new EventPolicy(chart, 'P', { fromSubjects: [''] })))
      .toBe('[c/P] fromSubjects[0]: "" is not allowed; must be a non-empty OIDC subject, e.g. "system:serviceaccount:payments:checkout"');
  });

  test('fails when a subject is repeated, naming it under fromSubjects and where it was first', () => {
    const { chart } = oidcChart();
    expect(messageOf(() => new EventPolicy(chart, 'P', { fromSubjects: ['system:serviceaccount:shop:a', 'system:serviceaccount:shop:b', 'system:serviceaccount:shop:a'] })))
      .toBe('[c/P] fromSubjects[2]: "system:serviceaccount:shop:a" is not allowed; must be listed once: fromSubjects[0] is the same subject');
  });

  test('fails when a sender is both a resource and a reference, naming it under the prop that repeats it', () => {
    const { chart } = oidcChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    const ping = new PingSource(chart, 'Ping', { metadata: { name: 'tick' }, schedule: '* * * * *', sink: broker });
    const other = { apiVersion: 'sources.knative.dev/v1', kind: 'ApiServerSource', name: 'audit', namespaceName: 'ops' };
    expect(messageOf(() => new EventPolicy(chart, 'P', {
      fromResources: [ping], fromReferences: [other, { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'tick' }],
    }))).toBe('[c/P] fromReferences[1]: "PingSource tick" is not allowed; must be listed once: fromResources[0] is the same sender');
  });

  test('fails when a receiver is in another namespace', () => {
    const { chart } = oidcChart();
    const other = new Broker(chart, 'B', { metadata: { name: 'orders', namespace: 'other' } });
    expect(() => new EventPolicy(chart, 'P', { to: [other] })).toThrow(/to\[0\]\.namespace: .*must be the EventPolicy's namespace/);
  });

  test('fails when a receiver is listed twice', () => {
    const { chart } = oidcChart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    expect(messageOf(() => new EventPolicy(chart, 'P', { to: [broker, broker] }))).toBe('[c/P] to[1]: "Broker orders" is not allowed; must be listed once: to[0] is the same receiver');
  });

  test('fails when a selector has no labels', () => {
    const { chart } = oidcChart();
    expect(() => new EventPolicy(chart, 'P', { toSelectors: [{ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', matchLabels: {} }] }))
      .toThrow(/toSelectors\[0\]\.matchLabels: .*at least one label/);
  });

  test('fails when a from reference has no name', () => {
    const { chart } = oidcChart();
    expect(messageOf(() => new EventPolicy(chart, 'P', { fromReferences: [{ apiVersion: 'v1', kind: 'X', name: '' }] })))
      .toBe('[c/P] fromReferences[0].name: "" is not allowed; must be a non-empty string');
  });

  test('fails when a filter is invalid', () => {
    const { chart } = oidcChart();
    expect(() => new EventPolicy(chart, 'P', { filters: [TriggerFilter.cesql('type =')] })).toThrow(/filters\[0\]\.cesql/);
  });

  test('fails validation when the cluster does not enable authentication-oidc', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'orders' } });
    broker.allowSubject('system:serviceaccount:x:y');
    const result = Validation.of(chart).validate();
    expect(result.valid).toBe(false);
    expect(result.problems.map(p => `${p.kind} ${p.message}`)).toContain(
      'EventPolicy an EventPolicy needs the Eventing feature authentication-oidc, which is disabled');
  });

  test('fails validation when a from ref or a to ref names an object that does not exist', () => {
    const problems = validateManifests([{
      apiVersion: 'eventing.knative.dev/v1alpha1', kind: 'EventPolicy', metadata: { name: 'p', namespace: 'shop' },
      spec: {
        to: [{ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'ghost' } }],
        from: [{ ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'ghost' } }],
      },
    }], { config: OIDC._settings, requireRefs: true });
    expect(problems.filter(p => p.severity === 'error').map(p => `${p.rule} ${p.path}`).sort()).toEqual([
      'reference/event-policy spec.from[0].ref', 'reference/event-policy spec.to[0].ref',
    ]);
  });

  test('a sender given by reference counts as existing', () => {
    const { app, chart } = oidcChart();
    new EventPolicy(chart, 'P', { metadata: { name: 'p' }, fromReferences: [{ apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'ops-tick', namespaceName: 'ops' }] });
    expect(Validation.of(app).validate().valid).toBe(true);
  });

  test('a receiver of another app comes in with Sink.fromRef() and counts as existing', () => {
    const { app, chart } = oidcChart();
    const external = Sink.fromRef(chart, 'Ext', { apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink', name: 'jobs' });
    expect(external.toDestination().reference?.name).toBe('jobs');
    new EventPolicy(chart, 'P', { metadata: { name: 'p' }, fromSubjects: ['a'] });
    expect(Validation.of(app).validate().valid).toBe(true);
  });
});
