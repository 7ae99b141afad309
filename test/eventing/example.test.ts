import { Chart, Testing } from 'cdk8s';
import { ImportedObject } from '../../src/core/external';
import { deferredWarningsOf, warningsOf } from '../../src/core/warnings';
import { Service } from '../../src/serving';
import { addEventingExample } from '../../examples/stack/eventing';

describe('eventing example stack', () => {
  const ksvcRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'js-example-svc', namespaceName: 'js-event-example' };
  const ksvcManifestRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'js-example-svc', namespace: 'js-event-example' };

  test('synthesizes every object with the expected wiring', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'eventing');
    const ksvc = new ImportedObject(chart, 'Ksvc', ksvcRef);
    const { broker } = addEventingExample(chart, ksvc);
    app.synthYaml();
    const manifests = Testing.synth(chart);
    const kinds = manifests.map(m => `${m.kind}/${m.metadata.name}`);
    expect(kinds).toEqual(expect.arrayContaining([
      'Broker/default', 'EventType/ping', 'PingSource/heartbeat', 'Trigger/ping-to-service', 'ApiServerSource/kube-events',
      'InMemoryChannel/example-channel', 'Subscription/to-service', 'Subscription/to-service-with-dls',
    ]));
    expect(manifests.map(m => m.kind).sort()).toEqual([
      'ApiServerSource', 'Broker', 'EventType', 'InMemoryChannel', 'PingSource', 'Role', 'RoleBinding', 'ServiceAccount', 'Subscription', 'Subscription', 'Trigger',
    ]);
    for (const m of manifests) expect(m.metadata.namespace).toBe('js-event-example');

    const get = (kind: string, name?: string) => manifests.find(m => m.kind === kind && (!name || m.metadata.name === name));
    const brokerRef = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'js-event-example' };
    const subscriber = { ref: ksvcManifestRef };
    expect(get('PingSource').spec).toEqual({
      schedule: '*/1 * * * *', timezone: 'UTC', contentType: 'application/json',
      data: '{"message":"Hello from the PingSource"}', sink: { ref: brokerRef },
    });
    expect(get('Trigger').spec).toEqual({ broker: 'default', filter: { attributes: { type: 'dev.knative.sources.ping' } }, subscriber });
    const trigger = chart.node.findChild('DefaultBroker').node.findChild('PingTrigger');
    expect(warningsOf(trigger)).toEqual([]);
    expect(deferredWarningsOf(trigger)).toEqual([]);
    expect(get('ApiServerSource').spec.resources).toEqual([{ apiVersion: 'v1', kind: 'Event' }]);
    expect(get('ApiServerSource').spec.sink).toEqual({ ref: brokerRef });
    expect(get('Role').rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }]);
    expect(get('Subscription', 'to-service').spec).toEqual({
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'example-channel' }, subscriber,
    });
    expect(get('Subscription', 'to-service-with-dls').spec.delivery).toEqual({
      retry: 5, backoffPolicy: 'linear', backoffDelay: 'PT2S',
      deadLetterSink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'event-display', namespace: 'js-event-example' } },
    });
    expect(broker.url).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/js-event-example/default');
  });

  test('fails when the service is not part of the app', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'eventing');
    // a Knative Service of another app: this app's reference check does not know it
    const elsewhere = new Chart(Testing.app(), 'elsewhere', { namespace: 'js-event-example' });
    addEventingExample(chart, new Service(elsewhere, 'Ksvc', { metadata: { name: 'js-example-svc' }, container: { image: 'ghcr.io/example/svc:1' } }));
    expect(() => app.synthYaml()).toThrow(/refers to Service "js-example-svc" in namespace "js-event-example", which is not defined/);
  });
});
