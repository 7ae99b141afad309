import { obj, RuleCase } from '../harness';

const KSVC = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display' };
const trigger = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC }, ...spec });
const broker = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1', 'Broker', spec);
const sub = (spec: Record<string, unknown>) => obj('messaging.knative.dev/v1', 'Subscription',
  { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders' }, subscriber: { ref: KSVC }, ...spec });
const seq = (spec: Record<string, unknown>) => obj('flows.knative.dev/v1', 'Sequence', spec);
const par = (spec: Record<string, unknown>) => obj('flows.knative.dev/v1', 'Parallel', spec);
const channel = (spec: Record<string, unknown>) => obj('messaging.knative.dev/v1', 'Channel', spec);

export const EVENTING_CASES: RuleCase[] = [
  { rule: 'eventing/delivery', name: 'a full delivery spec', obj: broker({ delivery: {
    retry: 3, backoffPolicy: 'exponential', backoffDelay: 'PT0.5S', timeout: 'PT10S', deadLetterSink: { uri: 'https://dlq.example.com/' } } }) },
  { rule: 'eventing/delivery', name: 'retryAfterMax with its flag', obj: trigger({ delivery: { retry: 1, retryAfterMax: 'PT2M' } }), features: { 'delivery-retryafter': 'enabled' } },
  { rule: 'eventing/delivery', name: 'retry -1', obj: broker({ delivery: { retry: -1 } }), bad: ['spec.delivery.retry'] },
  { rule: 'eventing/delivery', name: 'a quadratic backoff', obj: trigger({ delivery: { backoffPolicy: 'quadratic' } }), bad: ['spec.delivery.backoffPolicy'] },
  { rule: 'eventing/delivery', name: 'a Go-style backoffDelay', obj: sub({ delivery: { backoffDelay: '2s' } }), bad: ['spec.delivery.backoffDelay'] },
  { rule: 'eventing/delivery', name: 'a zero timeout', obj: broker({ delivery: { timeout: 'PT0S' } }), bad: ['spec.delivery.timeout'] },
  { rule: 'eventing/delivery', name: 'timeout when delivery-timeout is disabled', obj: broker({ delivery: { timeout: 'PT1S' } }), features: { 'delivery-timeout': 'disabled' },
    bad: ['spec.delivery.timeout'] },
  { rule: 'eventing/delivery', name: 'retryAfterMax under stock flags', obj: broker({ delivery: { retryAfterMax: 'PT1S' } }), bad: ['spec.delivery.retryAfterMax'] },
  { rule: 'eventing/delivery', name: 'a relative dead letter uri', obj: broker({ delivery: { deadLetterSink: { uri: '/dlq' } } }), bad: ['spec.delivery.deadLetterSink.uri'] },
  { rule: 'eventing/delivery', name: 'a bad step delivery in a Sequence', obj: seq({ steps: [{ ref: KSVC, delivery: { retry: -2 } }] }), bad: ['spec.steps[0].delivery.retry'] },
  // rickb777/date period.Parse: P0, any order of date designators, a trailing '.', a week with days.
  { rule: 'eventing/delivery', name: 'durations period.Parse accepts', obj: broker({ delivery: { backoffDelay: 'P0', timeout: 'P1D2Y' } }) },
  { rule: 'eventing/delivery', name: 'more period.Parse forms', obj: trigger({ delivery: { backoffDelay: 'PT1.S', timeout: '+P1W2DT1H' } }) },
  { rule: 'eventing/delivery', name: 'a lower-case duration', obj: broker({ delivery: { backoffDelay: 'pt1s' } }), bad: ['spec.delivery.backoffDelay'] },
  { rule: 'eventing/delivery', name: 'a duration with a blank', obj: broker({ delivery: { backoffDelay: ' PT1S' } }), bad: ['spec.delivery.backoffDelay'] },
  { rule: 'eventing/delivery', name: 'two fractional components', obj: broker({ delivery: { backoffDelay: 'PT1.5M1.5S' } }), bad: ['spec.delivery.backoffDelay'] },
  { rule: 'eventing/delivery', name: 'a timeout below the one decimal Knative keeps', obj: broker({ delivery: { timeout: 'PT0.05S' } }), bad: ['spec.delivery.timeout'] },
  { rule: 'eventing/delivery', name: 'a negative retryAfterMax', obj: broker({ delivery: { retryAfterMax: '-PT1S' } }), features: { 'delivery-retryafter': 'enabled' },
    bad: ['spec.delivery.retryAfterMax'] },
  { rule: 'eventing/delivery', name: 'a Channel dead letter sink in another namespace', obj: channel({ delivery: { deadLetterSink: { ref: { ...KSVC, namespace: 'other' } } } }),
    bad: ['spec.delivery.deadLetterSink.ref.namespace'] },
  { rule: 'eventing/delivery', name: 'a Broker dead letter sink in another namespace (Brokers allow it)', obj: broker({ delivery: { deadLetterSink: { ref: { ...KSVC, namespace: 'other' } } } }) },
  { rule: 'eventing/delivery', name: 'a bad InMemoryChannel delivery (a warning: Knative does not check it)',
    obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { delivery: { retry: -1 } }), bad: ['spec.delivery.retry'], severity: 'warning' },
  { rule: 'eventing/delivery', name: 'a bad Parallel branch delivery (a warning: Knative does not check it)',
    obj: par({ branches: [{ subscriber: { ref: KSVC }, delivery: { backoffPolicy: 'x' } }] }), bad: ['spec.branches[0].delivery.backoffPolicy'], severity: 'warning' },
  { rule: 'eventing/delivery', name: 'a dead letter uri with a ref (its ref is not checked: a warning)',
    obj: broker({ delivery: { deadLetterSink: { ref: { kind: 'Service', name: 'dlq' }, uri: '/dlq' } } }), bad: ['spec.delivery.deadLetterSink.ref.apiVersion'], severity: 'warning' },

  { rule: 'eventing/broker-class', name: 'a class', obj: obj('eventing.knative.dev/v1', 'Broker', {}, { annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' } }) },
  { rule: 'eventing/broker-class', name: 'no class (defaulted)', obj: broker({}) },
  { rule: 'eventing/broker-class', name: 'an empty class', obj: obj('eventing.knative.dev/v1', 'Broker', {}, { annotations: { 'eventing.knative.dev/broker.class': '' } }),
    bad: ['metadata.annotations["eventing.knative.dev/broker.class"]'] },

  { rule: 'eventing/broker-config', name: 'a ConfigMap config', obj: broker({ config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' } }) },
  { rule: 'eventing/broker-config', name: 'a config without kind', obj: broker({ config: { apiVersion: 'v1', name: 'x' } }), bad: ['spec.config.kind'] },

  { rule: 'eventing/trigger-broker', name: 'a broker name', obj: trigger({}) },
  { rule: 'eventing/trigger-broker', name: 'a brokerRef with cross-namespace links', obj: trigger({ broker: undefined, brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespace: 'platform' } }),
    features: { 'cross-namespace-event-links': 'enabled' } },
  { rule: 'eventing/trigger-broker', name: 'no broker', obj: trigger({ broker: '' }), bad: ['spec.broker'] },
  // knative/eventing knative-v1.22.2 pkg/apis/eventing/v1/trigger_validation.go TriggerSpec.Validate
  { rule: 'eventing/trigger-broker', name: 'only a brokerRef without namespace under stock flags (admitted; never ready: a warning)',
    obj: trigger({ broker: undefined, brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b' } }), bad: ['spec.brokerRef'], severity: 'warning' },
  { rule: 'eventing/trigger-broker', name: 'a brokerRef with a namespace under stock flags',
    obj: trigger({ broker: undefined, brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespace: 'platform' } }), bad: ['spec.brokerRef.namespace'] },
  { rule: 'eventing/trigger-broker', name: 'both broker and brokerRef under stock flags',
    obj: trigger({ brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespace: 'platform' } }), bad: ['spec.broker'] },
  { rule: 'eventing/trigger-broker', name: 'both broker and brokerRef with cross-namespace links', obj: trigger({ brokerRef: { name: 'default', namespace: 'platform' } }),
    features: { 'cross-namespace-event-links': 'enabled' }, bad: ['spec.broker'] },
  { rule: 'eventing/trigger-broker', name: 'a brokerRef without any name', obj: trigger({ broker: undefined, brokerRef: { namespace: 'platform' } }),
    features: { 'cross-namespace-event-links': 'enabled' }, bad: ['spec.brokerRef.name'] },

  { rule: 'eventing/trigger-injection', name: 'injection on the default Broker', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC } },
    { annotations: { 'eventing.knative.dev/injection': 'enabled' } }) },
  { rule: 'eventing/trigger-injection', name: 'injection on another Broker', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'orders', subscriber: { ref: KSVC } },
    { annotations: { 'eventing.knative.dev/injection': 'enabled' } }), bad: ['metadata.annotations["eventing.knative.dev/injection"]'] },
  { rule: 'eventing/trigger-injection', name: 'an injection value that is not enabled/disabled', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC } },
    { annotations: { 'eventing.knative.dev/injection': 'true' } }), bad: ['metadata.annotations["eventing.knative.dev/injection"]'] },

  { rule: 'eventing/trigger-subscriber', name: 'a ref with a relative uri', obj: trigger({ subscriber: { ref: KSVC, uri: '/events' } }) },
  { rule: 'eventing/trigger-subscriber', name: 'an absolute uri', obj: trigger({ subscriber: { uri: 'https://example.com/hook' } }) },
  { rule: 'eventing/trigger-subscriber', name: 'no subscriber', obj: trigger({ subscriber: undefined }), bad: ['spec.subscriber'] },
  { rule: 'eventing/trigger-subscriber', name: 'an empty subscriber', obj: trigger({ subscriber: {} }), bad: ['spec.subscriber'] },
  { rule: 'eventing/trigger-subscriber', name: 'a ref with an absolute uri', obj: trigger({ subscriber: { ref: KSVC, uri: 'https://example.com' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a relative uri alone', obj: trigger({ subscriber: { uri: 'display/events' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a ref without name', obj: trigger({ subscriber: { ref: { apiVersion: 'v1', kind: 'Service' } } }), bad: ['spec.subscriber.ref.name'] },
  { rule: 'eventing/trigger-subscriber', name: 'an opaque uri with a ref (Go reads a scheme)', obj: trigger({ subscriber: { ref: KSVC, uri: 'mailto:ops' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a uri with a scheme and no host', obj: trigger({ subscriber: { uri: 'http:display' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'an empty uri alone', obj: trigger({ subscriber: { uri: '' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a ref in another namespace (a Trigger does not check it)', obj: trigger({ subscriber: { ref: { ...KSVC, namespace: 'other' } } }) },

  { rule: 'eventing/trigger-dependency', name: 'a PingSource dependency', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC } },
    { annotations: { 'knative.dev/dependency': '{"kind":"PingSource","name":"tick","apiVersion":"sources.knative.dev/v1"}' } }) },
  { rule: 'eventing/trigger-dependency', name: 'a dependency that is not JSON', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC } },
    { annotations: { 'knative.dev/dependency': 'PingSource/tick' } }), bad: ['metadata.annotations["knative.dev/dependency"]'] },
  { rule: 'eventing/trigger-dependency', name: 'a dependency in another namespace', obj: obj('eventing.knative.dev/v1', 'Trigger', { broker: 'default', subscriber: { ref: KSVC } },
    { annotations: { 'knative.dev/dependency': '{"kind":"PingSource","name":"tick","apiVersion":"sources.knative.dev/v1","namespace":"other"}' } }),
  bad: ['metadata.annotations["knative.dev/dependency"]'] },

  { rule: 'eventing/trigger-filter', name: 'type and an extension', obj: trigger({ filter: { attributes: { type: 'dev.example.order', myext: 'x' } } }) },
  { rule: 'eventing/trigger-filter', name: 'an upper-case attribute', obj: trigger({ filter: { attributes: { Type: 'x' } } }), bad: ['spec.filter.attributes.Type'] },
  { rule: 'eventing/trigger-filter', name: 'a dashed attribute', obj: trigger({ filter: { attributes: { 'my-ext': 'x' } } }), bad: ['spec.filter.attributes["my-ext"]'] },

  { rule: 'eventing/trigger-filters', name: 'one dialect per filter, nested', obj: trigger({ filters: [
    { exact: { type: 'a' } }, { any: [{ prefix: { source: 'x' } }, { not: { suffix: { subject: '.tmp' } } }] }, { cesql: "type = 'a' AND (source LIKE 'x%')" }] }) },
  { rule: 'eventing/trigger-filters', name: 'two dialects in one filter', obj: trigger({ filters: [{ exact: { type: 'a' }, prefix: { source: 'x' } }] }), bad: ['spec.filters[0]'] },
  { rule: 'eventing/trigger-filters', name: 'two attributes in exact', obj: trigger({ filters: [{ exact: { type: 'a', source: 'b' } }] }), bad: ['spec.filters[0].exact'] },
  { rule: 'eventing/trigger-filters', name: 'a bad nested attribute', obj: trigger({ filters: [{ all: [{ exact: { Type: 'a' } }] }] }), bad: ['spec.filters[0].all[0].exact.Type'] },
  { rule: 'eventing/trigger-filters', name: 'an empty cesql (a warning: Knative skips it, the filter matches every event)', obj: trigger({ filters: [{ cesql: '' }] }),
    bad: ['spec.filters[0]'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a blank cesql', obj: trigger({ filters: [{ cesql: '  ' }] }), bad: ['spec.filters[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'an unbalanced cesql', obj: trigger({ filters: [{ cesql: "(type = 'a'" }] }), bad: ['spec.filters[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'a cesql with a dangling operator', obj: trigger({ filters: [{ all: [{ cesql: "type = 'a' AND" }] }] }), bad: ['spec.filters[0].all[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'a cesql with an integer beyond 32 bits (the sdk-go parser Knative pins rejects it)', obj: trigger({ filters: [{ cesql: 'sequence > 2147483648' }] }),
    bad: ['spec.filters[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'a cesql with the smallest 32-bit integer', obj: trigger({ filters: [{ cesql: 'sequence > -2147483648' }] }) },
  { rule: 'eventing/trigger-filters', name: 'a cesql with an integer beyond 64 bits', obj: trigger({ filters: [{ cesql: 'sequence > 99999999999999999999' }] }), bad: ['spec.filters[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'a cesql with a stray character (a warning: Knative skips it)', obj: trigger({ filters: [{ cesql: "type = 'a' $" }] }),
    bad: ['spec.filters[0].cesql'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a cesql calling an unknown function (a warning: Knative admits it)', obj: trigger({ filters: [{ cesql: "MYFN(type) = 'a'" }] }),
    bad: ['spec.filters[0].cesql'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a cesql using every construct', obj: trigger({ filters: [{ cesql:
    "(type = 'a' OR NOT EXISTS subject) AND LOWER(source) NOT LIKE '%.test' AND sequence * 2 + 1 >= -10 AND id NOT IN ('x', \"y\") XOR SUBSTRING(type, 1, 3) <> 'com'" }] }) },
  { rule: 'eventing/trigger-filters', name: 'a filter without dialect (warning)', obj: trigger({ filters: [{}] }), bad: ['spec.filters[0]'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'an empty all (a warning: Knative admits it as no dialect)', obj: trigger({ filters: [{ all: [] }] }),
    bad: ['spec.filters[0]'], severity: 'warning' },

  { rule: 'messaging/subscription-channel', name: 'a Channel in the same namespace', obj: sub({}) },
  { rule: 'messaging/subscription-channel', name: 'no channel', obj: sub({ channel: undefined }), bad: ['spec.channel'] },
  { rule: 'messaging/subscription-channel', name: 'a channel in another namespace', obj: sub({ channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c', namespace: 'other' } }),
    bad: ['spec.channel.namespace'] },
  { rule: 'messaging/subscription-channel', name: 'a channel namespace equal to its own (still disallowed)',
    obj: sub({ channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c', namespace: 'default' } }), bad: ['spec.channel.namespace'] },
  { rule: 'messaging/subscription-channel', name: 'a channel in another namespace with cross-namespace links',
    obj: sub({ channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c', namespace: 'other' } }), features: { 'cross-namespace-event-links': 'enabled' } },
  { rule: 'messaging/subscription-channel', name: 'a channel without apiVersion', obj: sub({ channel: { kind: 'Channel', name: 'c' } }), bad: ['spec.channel.apiVersion'] },

  { rule: 'messaging/subscription-destinations', name: 'a subscriber and a reply', obj: sub({ reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } } }) },
  // knative/eventing knative-v1.22.2 pkg/apis/messaging/v1/subscription_validation_test.go TestSubscriptionSpecValidation: "missing Subscriber"
  { rule: 'messaging/subscription-destinations', name: 'only a reply', obj: sub({ subscriber: undefined, reply: { uri: 'http://sink.default.svc.cluster.local' } }), bad: ['spec.subscriber'] },
  { rule: 'messaging/subscription-destinations', name: 'an empty subscriber', obj: sub({ subscriber: {} }), bad: ['spec.subscriber'] },
  { rule: 'messaging/subscription-destinations', name: 'neither', obj: sub({ subscriber: undefined }), bad: ['spec.subscriber'] },
  { rule: 'messaging/subscription-destinations', name: 'a bad reply uri', obj: sub({ reply: { uri: 'not a uri' } }), bad: ['spec.reply.uri'] },

  { rule: 'messaging/channel-template', name: 'an InMemoryChannel template', obj: channel({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } }) },
  { rule: 'messaging/channel-template', name: 'a defaulted template (none)', obj: channel({}) },
  { rule: 'messaging/channel-template', name: 'a template without kind', obj: seq({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1' }, steps: [{ ref: KSVC }] }),
    bad: ['spec.channelTemplate.kind'] },

  { rule: 'messaging/channel-subscribers', name: 'absolute subscriber URIs', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { subscribers: [{ subscriberUri: 'http://a.default.svc' }] }) },
  { rule: 'messaging/channel-subscribers', name: 'a relative subscriberUri (a warning: Knative only parses it)',
    obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { subscribers: [{ subscriberUri: '/a' }] }), bad: ['spec.subscribers[0].subscriberUri'], severity: 'warning' },
  { rule: 'messaging/channel-subscribers', name: 'a subscriber without URIs', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { subscribers: [{ uid: 'x' }] }),
    bad: ['spec.subscribers[0]'] },

  { rule: 'messaging/channel-scope', name: 'a namespace scope', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', {}, { annotations: { 'eventing.knative.dev/scope': 'namespace' } }) },
  { rule: 'messaging/channel-scope', name: 'an unknown scope', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', {}, { annotations: { 'eventing.knative.dev/scope': 'global' } }),
    bad: ['metadata.annotations["eventing.knative.dev/scope"]'] },
  { rule: 'messaging/channel-subscribers', name: 'subscribers written into a Channel', obj: channel({ subscribers: [{ subscriberUri: 'http://a.default.svc' }] }),
    bad: ['spec.subscribers'] },

  { rule: 'flows/sequence', name: 'two steps and a reply', obj: seq({ steps: [{ ref: KSVC }, { uri: 'https://example.com/' }], reply: { ref: KSVC } }) },
  { rule: 'flows/sequence', name: 'no steps', obj: seq({ steps: [] }), bad: ['spec.steps'] },
  { rule: 'flows/sequence', name: 'an empty step', obj: seq({ steps: [{}] }), bad: ['spec.steps[0]'] },

  { rule: 'flows/parallel', name: 'a branch with a filter', obj: par({ branches: [{ filter: { ref: KSVC }, subscriber: { ref: KSVC } }] }) },
  { rule: 'flows/parallel', name: 'no branches', obj: par({ branches: [] }), bad: ['spec.branches'] },
  { rule: 'flows/parallel', name: 'a branch without subscriber', obj: par({ branches: [{ filter: { ref: KSVC } }] }), bad: ['spec.branches[0].subscriber'] },

  { rule: 'eventing/eventtype', name: 'a v1beta3 EventType with the four attributes', obj: obj('eventing.knative.dev/v1beta3', 'EventType', {
    reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' },
    attributes: [{ name: 'specversion', value: '1.0', required: true }, { name: 'id', required: true },
      { name: 'type', value: 'com.example.order.created', required: true }, { name: 'source', value: '/orders/{region}', required: true }] }) },
  { rule: 'eventing/eventtype', name: 'a v1beta3 EventType without attributes', obj: obj('eventing.knative.dev/v1beta3', 'EventType', { description: 'orders' }),
    bad: ['spec.attributes'] },
  { rule: 'eventing/eventtype', name: 'a v1beta3 EventType without id and specversion', obj: obj('eventing.knative.dev/v1beta3', 'EventType', {
    attributes: [{ name: 'type', value: 't' }, { name: 'source', value: 's' }] }), bad: ['spec.attributes'] },
  { rule: 'eventing/eventtype', name: 'a v1beta3 attribute listed twice', obj: obj('eventing.knative.dev/v1beta3', 'EventType', {
    attributes: [{ name: 'specversion' }, { name: 'id' }, { name: 'type', value: 'a' }, { name: 'source' }, { name: 'type', value: 'b' }] }),
  bad: ['spec.attributes[4].name'], severity: 'warning' },
  { rule: 'eventing/eventtype', name: 'a v1beta2 EventType with a type', obj: obj('eventing.knative.dev/v1beta2', 'EventType', {
    type: 'com.example.order.created', source: 'https://example.com/orders', schema: '/schemas/order.json', reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } }) },
  // v1beta1 defaults broker to "default" when neither broker nor reference is set.
  { rule: 'eventing/eventtype', name: 'a v1beta1 EventType with a type only', obj: obj('eventing.knative.dev/v1beta1', 'EventType', { type: 'com.example.order.created' }) },
  { rule: 'eventing/eventtype', name: 'a v1beta2 EventType without a type', obj: obj('eventing.knative.dev/v1beta2', 'EventType', { source: '/orders' }), bad: ['spec.type'] },
  { rule: 'eventing/eventtype', name: 'a v1beta1 EventType with an empty type', obj: obj('eventing.knative.dev/v1beta1', 'EventType', { type: '' }), bad: ['spec.type'] },
  { rule: 'eventing/eventtype', name: 'a v1beta2 source Go cannot parse', obj: obj('eventing.knative.dev/v1beta2', 'EventType', { type: 't', source: ':orders' }), bad: ['spec.source'] },
];

