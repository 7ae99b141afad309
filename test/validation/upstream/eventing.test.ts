import { obj, runUpstream } from './harness';

const E = 'knative/eventing@knative-v1.22.2';
const BROKER_SINK = { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } };

// ---------------------------------------------------------------- PingSource
const ping = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1', 'PingSource', { sink: BROKER_SINK, ...spec });
const P = 'TestPingSourceValidation';
const SINK_ADAPTED = 'sink ref with apiVersion eventing.knative.dev/v1, kind Broker (upstream: v1, broker)';
runUpstream(`${E} pkg/apis/sources/v1/ping_validation_test.go`, [
  { test: P, name: 'valid spec', obj: ping({ schedule: '*/2 * * * *' }), adapted: SINK_ADAPTED },
  { test: P, name: 'valid spec with schedule every 5 seconds', obj: ping({ schedule: '0/5 * * * * *' }), adapted: SINK_ADAPTED },
  { test: P, name: 'valid spec with schedule including seconds', obj: ping({ schedule: '10 0/5 * * * ?' }), adapted: SINK_ADAPTED },
  { test: P, name: 'valid spec with timezone', obj: ping({ schedule: '*/2 * * * *', timezone: 'Europe/Paris' }), adapted: SINK_ADAPTED },
  { test: P, name: 'valid spec with invalid timezone', obj: ping({ schedule: '*/2 * * * *', timezone: 'Knative/Land' }), rejects: ['spec.timezone'] },
  { test: P, name: 'empty sink', obj: ping({ schedule: '*/2 * * * *', sink: {} }), rejects: ['spec.sink'] },
  { test: P, name: 'invalid schedule', obj: ping({ schedule: '2' }), rejects: ['spec.schedule'] },
  { test: P, name: 'valid spec with data', obj: ping({ schedule: '*/2 * * * *', contentType: 'application/json', data: '{"msg": "Hello World"}' }) },
  { test: P, name: 'valid spec with dataBase64', obj: ping({ schedule: '*/2 * * * *', contentType: 'text/plain', dataBase64: 'SGVsbG8gV29ybGQu' }) },
  { test: P, name: 'invalid spec with data and dataBase64 both set', obj: ping({ schedule: '*/2 * * * *', contentType: 'text/plain', data: 'Hello world', dataBase64: 'SGVsbG8gV29ybGQu' }),
    rejects: ['spec'] },
  { test: P, name: 'invalid spec: dataBase64 is invalid base64 string', obj: ping({ schedule: '*/2 * * * *', contentType: 'text/plain', dataBase64: '$$$ invalid base64 string $$$' }),
    rejects: ['spec.dataBase64'] },
  { test: P, name: 'invalid spec: contentType=application/json, data is invalid JSON format', obj: ping({ schedule: '*/2 * * * *', contentType: 'application/json', data: 'Invalid JSON' }),
    rejects: ['spec.data'] },
  { test: P, name: 'invalid spec: contentType=application/json, decoded dataBase64 is invalid JSON format',
    obj: ping({ schedule: '*/2 * * * *', contentType: 'application/json', dataBase64: Buffer.from('Invalid JSON').toString('base64') }), rejects: ['spec.dataBase64'] },
  { test: P, name: 'invalid schedule: @every', obj: ping({ schedule: '@every 2h' }), rejects: ['spec.schedule'] },
  // ping_defaults.go PingSourceSpec.SetDefaults runs first (the defaulting webhook): an empty schedule is "* * * * *"
  { test: 'TestPingSourceSetDefaults', name: 'schedule defaulted', obj: ping({}) },
]);

// ---------------------------------------------------------------- Trigger
const SUBSCRIBER = { ref: { namespace: 'namespace', name: 'subscriber_test', kind: 'Service', apiVersion: 'serving.knative.dev/v1' } };
const FILTER = { attributes: { type: 'other_type', source: 'other_source' } };
const trigger = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1', 'Trigger', { filter: FILTER, subscriber: SUBSCRIBER, ...spec });
const T = 'TestTriggerSpecValidation';
const TX = 'TestTriggerSpecValidationWithCrossNamespaceEventLinksFeatureEnabled';
const XNS = { 'cross-namespace-event-links': 'enabled' };
const BROKER_REF_ADAPTED = 'brokerRef with apiVersion and kind (upstream: name and namespace only)';
const brokerRef = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'test-broker', namespace: 'test-broker-ns' };
runUpstream(`${E} pkg/apis/eventing/v1/trigger_validation_test.go`, [
  { test: T, name: 'invalid trigger spec', obj: trigger({ filter: undefined, subscriber: undefined }), rejects: ['spec.broker', 'spec.subscriber'] },
  { test: T, name: 'missing broker', obj: trigger({ broker: '' }), rejects: ['spec.broker'] },
  { test: T, name: 'missing attributes keys, match all', obj: trigger({ broker: 'test_broker', filter: {} }) },
  { test: T, name: 'invalid attribute name, start with number', obj: trigger({ broker: 'test_broker', filter: { attributes: { '0invalid': 'my-value' } } }),
    rejects: ['spec.filter.attributes'] },
  { test: T, name: 'invalid attribute name, capital letters', obj: trigger({ broker: 'test_broker', filter: { attributes: { invALID: 'my-value' } } }),
    rejects: ['spec.filter.attributes'] },
  { test: T, name: 'missing subscriber', obj: trigger({ broker: 'test_broker', subscriber: undefined }), rejects: ['spec.subscriber'] },
  { test: T, name: 'missing subscriber.ref.name', obj: trigger({ broker: 'test_broker', subscriber: { ref: { namespace: 'namespace', kind: 'Service', apiVersion: 'serving.knative.dev/v1' } } }),
    rejects: ['spec.subscriber.ref.name'] },
  { test: T, name: 'valid empty filter', obj: trigger({ broker: 'test_broker', filter: {} }) },
  { test: T, name: 'valid SourceAndType filter', obj: trigger({ broker: 'test_broker' }) },
  { test: T, name: 'invalid delivery, invalid delay string', obj: trigger({ broker: 'test_broker', filter: {}, delivery: { backoffDelay: 'invalid' } }),
    rejects: ['spec.delivery.backoffDelay'] },
  { test: T, name: 'empty Broker and empty BrokerRef', obj: trigger({ broker: '' }), rejects: ['spec.broker'] },
  { test: T, name: 'BrokerRef has different namespace', obj: trigger({ brokerRef }), rejects: ['spec.brokerRef.namespace'], adapted: `${BROKER_REF_ADAPTED}; upstream reports the path "spec.namespace"` },
  { test: TX, name: 'using BrokerRef', obj: trigger({ brokerRef }), features: XNS, adapted: BROKER_REF_ADAPTED },
  { test: TX, name: 'non-empty Broker and BrokerRef', obj: trigger({ broker: 'test-broker', brokerRef }), features: XNS, rejects: ['spec.broker'], adapted: BROKER_REF_ADAPTED },
  { test: TX, name: 'missing broker', obj: trigger({ broker: '' }), features: XNS, rejects: ['spec.broker'] },
]);

// ---------------------------------------------------------------- Subscription
const CHANNEL = { name: 'subscription', kind: 'InMemoryChannel', apiVersion: 'messaging.knative.dev/v1' };
const DEST = { ref: { name: 'subscriber', kind: 'Service', apiVersion: 'serving.knative.dev/v1' } };
const REPLY = { ref: { name: 'reply', kind: 'InMemoryChannel', apiVersion: 'messaging.knative.dev/v1' } };
const sub = (spec: Record<string, unknown>) => obj('messaging.knative.dev/v1', 'Subscription', spec);
const S = 'TestSubscriptionSpecValidation';
runUpstream(`${E} pkg/apis/messaging/v1/subscription_validation_test.go`, [
  { test: S, name: 'valid minimal spec', obj: sub({ channel: CHANNEL, subscriber: DEST }) },
  { test: S, name: 'valid with reply', obj: sub({ channel: CHANNEL, subscriber: DEST, reply: REPLY }) },
  { test: S, name: 'valid with delivery', obj: sub({ channel: CHANNEL, subscriber: DEST, delivery: { deadLetterSink: { uri: 'http://example.com' } } }),
    adapted: 'a dead letter sink uri as the delivery' },
  { test: S, name: 'empty Channel', obj: sub({ channel: {} }), rejects: ['spec.channel'] },
  { test: S, name: 'missing name in Channel', obj: sub({ channel: { kind: 'InMemoryChannel', apiVersion: 'messaging.knative.dev/v1' }, subscriber: DEST }), rejects: ['spec.channel.name'] },
  { test: S, name: 'missing Subscriber and Reply', obj: sub({ channel: CHANNEL }), rejects: ['spec.subscriber'] },
  { test: S, name: 'empty Subscriber and Reply', obj: sub({ channel: CHANNEL, subscriber: {}, reply: {} }), rejects: ['spec.subscriber'] },
  { test: S, name: 'empty Reply', obj: sub({ channel: CHANNEL, subscriber: DEST, reply: {} }) },
  { test: S, name: 'missing Subscriber', obj: sub({ channel: CHANNEL, reply: REPLY }), rejects: ['spec.subscriber'] },
  { test: S, name: 'empty Subscriber', obj: sub({ channel: CHANNEL, subscriber: {}, reply: REPLY }), rejects: ['spec.subscriber'] },
  { test: S, name: 'missing name in channel, and missing subscriber', obj: sub({ channel: { kind: 'InMemoryChannel', apiVersion: 'messaging.knative.dev/v1' } }),
    rejects: ['spec.channel.name', 'spec.subscriber'] },
  { test: S, name: 'missing name in Subscriber.Ref', obj: sub({ channel: CHANNEL, subscriber: { ref: { kind: 'Service', apiVersion: 'serving.knative.dev/v1' } } }),
    rejects: ['spec.subscriber.ref.name'] },
]);

// ---------------------------------------------------------------- ApiServerSource
const api = (spec: Record<string, unknown>) => obj('sources.knative.dev/v1', 'ApiServerSource', { sink: BROKER_SINK, ...spec });
const A = 'TestAPIServerValidation';
runUpstream(`${E} pkg/apis/sources/v1/apiserver_validation_test.go`, [
  { test: A, name: 'valid spec', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1', kind: 'Foo' }] }), adapted: SINK_ADAPTED },
  { test: A, name: 'empty sink', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1', kind: 'Foo' }], sink: {} }), rejects: ['spec.sink'] },
  { test: A, name: 'invalid mode', obj: api({ mode: 'Test', resources: [{ apiVersion: 'v1', kind: 'Foo' }] }), rejects: ['spec.mode'] },
  { test: A, name: 'invalid apiVersion', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1/v2/v3', kind: 'Foo' }] }), rejects: ['spec.resources[0].apiVersion'] },
  { test: A, name: 'missing kind', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1' }] }), rejects: ['spec.resources[0].kind'] },
  { test: A, name: 'owner - invalid apiVersion', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1', kind: 'Bar' }], owner: { apiVersion: 'v1/v2/v3', kind: 'Foo' } }),
    rejects: ['spec.owner.apiVersion'] },
  { test: A, name: 'missing kind (owner)', obj: api({ mode: 'Resource', resources: [{ apiVersion: 'v1', kind: 'Bar' }], owner: { apiVersion: 'v1' } }), rejects: ['spec.owner.kind'] },
  { test: A, name: 'empty resources', obj: api({ mode: 'Resource', resources: [] }), rejects: ['spec.resources'] },
]);
const AF = 'TestAPIServerFiltersValidation';
const apiFilters = (filters: unknown[]) => api({ mode: 'Resource', resources: [{ apiVersion: 'v1', kind: 'Foo' }], filters });
const FILTERS_ON = { 'new-apiserversource-filters': 'enabled' };
runUpstream(`${E} pkg/apis/sources/v1/apiserver_validation_test.go (filters)`, [
  { test: AF, name: 'an error is raised if the feature is disabled but filters are specified', obj: apiFilters([{ prefix: { invALID: 'abc' } }]),
    features: { 'new-apiserversource-filters': 'disabled' }, rejects: ['spec.filters'] },
  { test: AF, name: 'filters are validated when the feature is enabled', obj: apiFilters([{ prefix: { invALID: 'abc' } }]), features: FILTERS_ON,
    rejects: ['spec.filters[0].prefix'] },
  { test: AF, name: 'validation works for valid filters', obj: apiFilters([{ exact: { myattr: 'myval' } }]), features: FILTERS_ON },
  { test: AF, name: 'validation works for empty filters', obj: apiFilters([]), features: FILTERS_ON },
  { test: AF, name: 'validation does not work for empty filters', obj: apiFilters([]), features: { 'new-apiserversource-filters': 'disabled' } },
]);
