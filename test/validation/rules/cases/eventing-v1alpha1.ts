import { obj, RuleCase } from '../harness';

const E = 'eventing.knative.dev/v1alpha1';
const OIDC = { 'authentication-oidc': 'enabled' };
const BROKER = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' };
const KSVC = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display' };
const policy = (spec: Record<string, unknown>) => obj(E, 'EventPolicy', spec);
const rr = (spec: Record<string, unknown>) => obj(E, 'RequestReply', { brokerRef: BROKER, ...spec });
const et = (spec: Record<string, unknown>) => obj(E, 'EventTransform', spec);

export const EVENTING_V1ALPHA1_CASES: RuleCase[] = [
  { rule: 'eventing/event-policy-feature', name: 'an EventPolicy with authentication-oidc enabled', obj: policy({}), features: OIDC },
  { rule: 'eventing/event-policy-feature', name: 'an EventPolicy on a stock cluster', obj: policy({}), bad: ['kind'] },

  { rule: 'eventing/event-policy', name: 'refs, a subject prefix, a selector and a filter', obj: policy({
    to: [{ ref: BROKER }, { selector: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', matchLabels: { a: 'b' } } }],
    from: [{ ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'p' } }, { sub: 'system:serviceaccount:ns:*' }, { sub: '*' }],
    filters: [{ exact: { type: 'x' } }],
  }) },
  { rule: 'eventing/event-policy', name: 'a from entry with neither ref nor sub', obj: policy({ from: [{}] }), bad: ['spec.from[0]'] },
  { rule: 'eventing/event-policy', name: 'a from entry with an empty sub', obj: policy({ from: [{ sub: '' }] }), bad: ['spec.from[0]'] },
  { rule: 'eventing/event-policy', name: 'a from entry with both ref and sub', obj: policy({ from: [{ ref: BROKER, sub: 'a' }] }), bad: ['spec.from[0]'] },
  { rule: 'eventing/event-policy', name: 'a "*" inside a subject', obj: policy({ from: [{ sub: 'system:*:x' }] }), bad: ['spec.from[0].sub'] },
  { rule: 'eventing/event-policy', name: 'a from ref without apiVersion', obj: policy({ from: [{ ref: { kind: 'PingSource', name: 'p' } }] }), bad: ['spec.from[0].ref.apiVersion'] },
  { rule: 'eventing/event-policy', name: 'a to entry with neither ref nor selector', obj: policy({ to: [{}] }), bad: ['spec.to[0]'] },
  { rule: 'eventing/event-policy', name: 'a to entry with both', obj: policy({ to: [{ ref: BROKER, selector: { matchLabels: { a: 'b' } } }] }), bad: ['spec.to[0]'] },
  { rule: 'eventing/event-policy', name: 'a to ref without name', obj: policy({ to: [{ ref: { apiVersion: 'v1', kind: 'Broker' } }] }), bad: ['spec.to[0].ref.name'] },
  { rule: 'eventing/event-policy', name: 'a filter with two dialects', obj: policy({ filters: [{ exact: { type: 'x' }, prefix: { type: 'y' } }] }), bad: ['spec.filters[0]'] },

  { rule: 'eventing/request-reply', name: 'a Broker, a timeout and attributes', obj: rr({ timeout: 'PT30S', correlationAttribute: 'cid', replyAttribute: 'rid', delivery: { retry: 1 } }) },
  { rule: 'eventing/request-reply', name: 'defaults left to Knative', obj: rr({}) },
  { rule: 'eventing/request-reply', name: 'a brokerRef of another kind', obj: rr({ brokerRef: { ...BROKER, kind: 'Channel' } }), bad: ['spec.brokerRef.kind'] },
  { rule: 'eventing/request-reply', name: 'a brokerRef with a namespace', obj: rr({ brokerRef: { ...BROKER, namespace: 'x' } }), bad: ['spec.brokerRef.namespace'] },
  { rule: 'eventing/request-reply', name: 'no brokerRef', obj: obj(E, 'RequestReply', {}), bad: ['spec.brokerRef'] },
  { rule: 'eventing/request-reply', name: 'a zero timeout', obj: rr({ timeout: 'PT0S' }), bad: ['spec.timeout'] },
  { rule: 'eventing/request-reply', name: 'a Go-style timeout', obj: rr({ timeout: '30s' }), bad: ['spec.timeout'] },
  { rule: 'eventing/request-reply', name: 'a core attribute to correlate', obj: rr({ correlationAttribute: 'id', replyAttribute: 'type' }), bad: ['spec.correlationAttribute', 'spec.replyAttribute'] },
  { rule: 'eventing/request-reply', name: 'source to correlate (Knative admits it)', obj: rr({ correlationAttribute: 'source' }), bad: ['spec.correlationAttribute'], severity: 'warning' },
  { rule: 'eventing/request-reply', name: 'a bad delivery', obj: rr({ delivery: { retry: -1 } }), bad: ['spec.delivery.retry'] },

  { rule: 'eventing/event-transform', name: 'jsonata with a sink and a reply', obj: et({ jsonata: { expression: '$' }, sink: { ref: KSVC }, reply: { jsonata: { expression: '$' } } }) },
  { rule: 'eventing/event-transform', name: 'jsonata alone', obj: et({ jsonata: { expression: '$' } }) },
  { rule: 'eventing/event-transform', name: 'no transformation', obj: et({ sink: { ref: KSVC } }), bad: ['spec'] },
  { rule: 'eventing/event-transform', name: 'an empty expression', obj: et({ jsonata: { expression: '' } }), bad: ['spec.jsonata.expression'], severity: 'warning' },
  { rule: 'eventing/event-transform', name: 'a reply without a sink', obj: et({ jsonata: { expression: '$' }, reply: { discard: true } }), bad: ['spec.reply'] },
  { rule: 'eventing/event-transform', name: 'a reply both transformed and discarded', obj: et({ jsonata: { expression: '$' }, sink: { ref: KSVC }, reply: { discard: true, jsonata: { expression: '$' } } }), bad: ['spec.reply'] },
  { rule: 'eventing/event-transform', name: 'CACerts on the sink', obj: et({ jsonata: { expression: '$' }, sink: { uri: 'https://x.example.com', CACerts: 'x' } }), bad: ['spec.sink.CACerts'] },
  { rule: 'eventing/event-transform', name: 'a relative sink uri', obj: et({ jsonata: { expression: '$' }, sink: { uri: '/x' } }), bad: ['spec.sink.uri'] },

  { rule: 'serving/cluster-domain-claim', name: 'a domain for a namespace', obj: { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ClusterDomainClaim', metadata: { name: 'api.example.com' }, spec: { namespace: 'apps' } } },
  { rule: 'serving/cluster-domain-claim', name: 'a single-label name and a bad namespace', obj: { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ClusterDomainClaim', metadata: { name: 'api' }, spec: { namespace: 'Apps' } },
    bad: ['metadata.name', 'spec.namespace'], severity: 'warning' },
];
