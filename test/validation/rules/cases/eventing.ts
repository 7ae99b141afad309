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

  { rule: 'eventing/broker-config', name: 'a ConfigMap config', obj: broker({ config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' } }) },
  { rule: 'eventing/broker-config', name: 'a config without kind', obj: broker({ config: { apiVersion: 'v1', name: 'x' } }), bad: ['spec.config.kind'] },

  { rule: 'eventing/trigger-broker', name: 'a broker name', obj: trigger({}) },
  { rule: 'eventing/trigger-broker', name: 'a brokerRef with cross-namespace links', obj: trigger({ broker: undefined, brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespace: 'platform' } }),
    features: { 'cross-namespace-event-links': 'enabled' } },
  { rule: 'eventing/trigger-broker', name: 'no broker', obj: trigger({ broker: '' }), bad: ['spec.broker'] },
  { rule: 'eventing/trigger-broker', name: 'a brokerRef under stock flags', obj: trigger({ broker: undefined, brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b' } }),
    bad: ['spec.brokerRef'] },

  { rule: 'eventing/trigger-subscriber', name: 'a ref with a relative uri', obj: trigger({ subscriber: { ref: KSVC, uri: '/events' } }) },
  { rule: 'eventing/trigger-subscriber', name: 'an absolute uri', obj: trigger({ subscriber: { uri: 'https://example.com/hook' } }) },
  { rule: 'eventing/trigger-subscriber', name: 'no subscriber', obj: trigger({ subscriber: undefined }), bad: ['spec.subscriber'] },
  { rule: 'eventing/trigger-subscriber', name: 'an empty subscriber', obj: trigger({ subscriber: {} }), bad: ['spec.subscriber'] },
  { rule: 'eventing/trigger-subscriber', name: 'a ref with an absolute uri', obj: trigger({ subscriber: { ref: KSVC, uri: 'https://example.com' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a relative uri alone', obj: trigger({ subscriber: { uri: 'display/events' } }), bad: ['spec.subscriber.uri'] },
  { rule: 'eventing/trigger-subscriber', name: 'a ref without name', obj: trigger({ subscriber: { ref: { apiVersion: 'v1', kind: 'Service' } } }), bad: ['spec.subscriber.ref.name'] },

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
  { rule: 'eventing/trigger-filters', name: 'a cesql with an integer beyond 32 bits (a warning: Knative truncates it)', obj: trigger({ filters: [{ cesql: 'sequence > 2147483648' }] }),
    bad: ['spec.filters[0].cesql'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a cesql with an integer beyond 64 bits', obj: trigger({ filters: [{ cesql: 'sequence > 99999999999999999999' }] }), bad: ['spec.filters[0].cesql'] },
  { rule: 'eventing/trigger-filters', name: 'a cesql with a stray character (a warning: Knative skips it)', obj: trigger({ filters: [{ cesql: "type = 'a' $" }] }),
    bad: ['spec.filters[0].cesql'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a cesql calling an unknown function (a warning: Knative admits it)', obj: trigger({ filters: [{ cesql: "MYFN(type) = 'a'" }] }),
    bad: ['spec.filters[0].cesql'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'a cesql using every construct', obj: trigger({ filters: [{ cesql:
    "(type = 'a' OR NOT EXISTS subject) AND LOWER(source) NOT LIKE '%.test' AND sequence * 2 + 1 >= -10 AND id NOT IN ('x', \"y\") XOR SUBSTRING(type, 1, 3) <> 'com'" }] }) },
  { rule: 'eventing/trigger-filters', name: 'a filter without dialect (warning)', obj: trigger({ filters: [{}] }), bad: ['spec.filters[0]'], severity: 'warning' },
  { rule: 'eventing/trigger-filters', name: 'an empty all', obj: trigger({ filters: [{ all: [] }] }), bad: ['spec.filters[0].all'] },

  { rule: 'messaging/subscription-channel', name: 'a Channel in the same namespace', obj: sub({}) },
  { rule: 'messaging/subscription-channel', name: 'no channel', obj: sub({ channel: undefined }), bad: ['spec.channel'] },
  { rule: 'messaging/subscription-channel', name: 'a channel in another namespace', obj: sub({ channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'c', namespace: 'other' } }),
    bad: ['spec.channel.namespace'] },
  { rule: 'messaging/subscription-channel', name: 'a channel without apiVersion', obj: sub({ channel: { kind: 'Channel', name: 'c' } }), bad: ['spec.channel.apiVersion'] },

  { rule: 'messaging/subscription-destinations', name: 'a subscriber and a reply', obj: sub({ reply: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } } }) },
  { rule: 'messaging/subscription-destinations', name: 'only a reply', obj: sub({ subscriber: undefined, reply: { uri: 'http://sink.default.svc.cluster.local' } }) },
  { rule: 'messaging/subscription-destinations', name: 'neither', obj: sub({ subscriber: undefined }), bad: ['spec.subscriber'] },
  { rule: 'messaging/subscription-destinations', name: 'a bad reply uri', obj: sub({ reply: { uri: 'not a uri' } }), bad: ['spec.reply.uri'] },

  { rule: 'messaging/channel-template', name: 'an InMemoryChannel template', obj: channel({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } }) },
  { rule: 'messaging/channel-template', name: 'a defaulted template (none)', obj: channel({}) },
  { rule: 'messaging/channel-template', name: 'a template without kind', obj: seq({ channelTemplate: { apiVersion: 'messaging.knative.dev/v1' }, steps: [{ ref: KSVC }] }),
    bad: ['spec.channelTemplate.kind'] },

  { rule: 'messaging/channel-subscribers', name: 'absolute subscriber URIs', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { subscribers: [{ subscriberUri: 'http://a.default.svc' }] }) },
  { rule: 'messaging/channel-subscribers', name: 'a relative subscriberUri', obj: obj('messaging.knative.dev/v1', 'InMemoryChannel', { subscribers: [{ subscriberUri: '/a' }] }),
    bad: ['spec.subscribers[0].subscriberUri'] },
  { rule: 'messaging/channel-subscribers', name: 'subscribers written into a Channel', obj: channel({ subscribers: [{ subscriberUri: 'http://a.default.svc' }] }),
    bad: ['spec.subscribers'] },

  { rule: 'flows/sequence', name: 'two steps and a reply', obj: seq({ steps: [{ ref: KSVC }, { uri: 'https://example.com/' }], reply: { ref: KSVC } }) },
  { rule: 'flows/sequence', name: 'no steps', obj: seq({ steps: [] }), bad: ['spec.steps'] },
  { rule: 'flows/sequence', name: 'an empty step', obj: seq({ steps: [{}] }), bad: ['spec.steps[0]'] },

  { rule: 'flows/parallel', name: 'a branch with a filter', obj: par({ branches: [{ filter: { ref: KSVC }, subscriber: { ref: KSVC } }] }) },
  { rule: 'flows/parallel', name: 'no branches', obj: par({ branches: [] }), bad: ['spec.branches'] },
  { rule: 'flows/parallel', name: 'a branch without subscriber', obj: par({ branches: [{ filter: { ref: KSVC } }] }), bad: ['spec.branches[0].subscriber'] },
];
