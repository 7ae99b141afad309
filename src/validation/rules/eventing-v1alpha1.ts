/**
 * Knative Eventing's v1alpha1 kinds of the `eventing.knative.dev` group, as
 * their webhooks check them at knative-v1.22.2: EventPolicy (who may send to a
 * receiver), RequestReply and EventTransform.
 */
import { describeValue } from '../../core/errors';
import { featureFlag } from '../config';
import { Finding } from '../types';
import { checkDelivery, checkDestination, parseIsoPeriod } from './destination';
import { checkSubscriptionsFilter } from './eventing';
import { arr, finding, isRecord, join, Json, rec, rule, str } from './util';

const E = 'eventing.knative.dev';

function missingRefFields(path: string, ref: Json): Finding[] {
  return ['apiVersion', 'kind', 'name'].filter(k => typeof ref[k] !== 'string' || ref[k] === '')
    .map(k => finding(join(path, k), `${k} is missing`, 'a reference needs apiVersion, kind and name'));
}

const set = (v: unknown) => v !== undefined && v !== null;

export const eventPolicyFeatureRule = rule(
  'eventing/event-policy-feature',
  'an EventPolicy is accepted only with the Eventing feature authentication-oidc enabled',
  [`${E}/EventPolicy`],
  (_obj, ctx) => {
    const flag = featureFlag(ctx.config, 'authentication-oidc');
    if (flag === 'enabled') return [];
    return [finding('kind', `an EventPolicy needs the Eventing feature authentication-oidc, which is ${flag}`,
      'enable authentication-oidc in config-features (KnativeEventing authenticationOidc: true) and say so to the validation '
      + '(ClusterConfig.DEFAULT.withFeatures({ "authentication-oidc": "enabled" }), or --feature authentication-oidc=enabled)')];
  },
);

export const eventPolicySpecRule = rule(
  'eventing/event-policy',
  'an EventPolicy\'s from entries have a ref (apiVersion, kind, name) or a sub (a "*" only as its last character), not both; its to entries a ref or a selector, not both; its filters are valid Subscriptions API filters',
  [`${E}/EventPolicy`],
  (obj) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    arr(spec.from).forEach((raw, i) => {
      const path = join('spec.from', i);
      const f = rec(raw);
      const hasRef = set(f.ref);
      const sub = f.sub;
      if (!hasRef && (!set(sub) || sub === '')) {
        out.push(finding(path, 'neither ref nor sub is set', 'set ref (an object that sends events, e.g. a PingSource) or sub (an OIDC subject)'));
      }
      if (hasRef && set(sub)) out.push(finding(path, 'both ref and sub are set', 'set only one of ref, sub (use two entries to allow both)'));
      if (hasRef) out.push(...missingRefFields(join(path, 'ref'), rec(f.ref)));
      const s = str(sub);
      if (s !== undefined && s.length > 1) {
        const star = s.indexOf('*');
        if (star >= 0 && star <= s.length - 2) {
          out.push(finding(join(path, 'sub'), `${describeValue(s)}: '*' is only allowed as suffix`, 'put the "*" last (a prefix match), e.g. "system:serviceaccount:payments:*"'));
        }
      }
    });
    arr(spec.to).forEach((raw, i) => {
      const path = join('spec.to', i);
      const t = rec(raw);
      const hasRef = set(t.ref);
      const hasSelector = set(t.selector);
      if (!hasRef && !hasSelector) out.push(finding(path, 'neither ref nor selector is set', 'set ref (a Broker, Channel or sink) or selector'));
      if (hasRef && hasSelector) out.push(finding(path, 'both ref and selector are set', 'set only one of ref, selector'));
      if (hasRef) out.push(...missingRefFields(join(path, 'ref'), rec(t.ref)));
    });
    if (set(spec.filters)) {
      arr(spec.filters).forEach((f, i) => out.push(...checkSubscriptionsFilter(join('spec.filters', i), f)));
    }
    return out;
  },
);

/** Correlation attributes Knative rejects (its list has `course` where the message says `source`). */
const REJECTED_ATTRIBUTES = ['id', 'course', 'specversion', 'type'];

function checkCorrelationAttribute(path: string, field: string, value: unknown, fallback: string): Finding[] {
  // Knative defaults an empty attribute before it validates.
  const name = value === undefined || value === null || value === '' ? fallback : value;
  if (typeof name !== 'string') return [finding(path, `${describeValue(name)} is not an attribute name`, 'use a CloudEvents extension name such as "correlationid"')];
  if (REJECTED_ATTRIBUTES.includes(name)) {
    return [finding(path, `${field} ${describeValue(name)} is a core CloudEvents attribute`, 'use an extension attribute name such as "correlationid"')];
  }
  if (name === 'source') {
    return [finding(path, `${field} "source" is a core CloudEvents attribute: Knative admits it, but the RequestReply overwrites every request's source`,
      'use an extension attribute name such as "correlationid"', 'warning')];
  }
  return [];
}

export const requestReplyRule = rule(
  'eventing/request-reply',
  'a RequestReply names a Broker of its own namespace (brokerRef kind Broker, no namespace), a positive ISO-8601 timeout, a valid delivery, and correlation and reply attributes that are not core CloudEvents attributes',
  [`${E}/RequestReply`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    const ref = spec.brokerRef;
    if (!isRecord(ref)) {
      out.push(finding('spec.brokerRef', 'brokerRef is missing', 'set brokerRef to the Broker the requests go through: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}'));
    } else {
      out.push(...missingRefFields('spec.brokerRef', ref).filter(f => !f.path.endsWith('.kind')));
      if (typeof ref.kind !== 'string' || ref.kind.toLowerCase() !== 'broker') {
        out.push(finding('spec.brokerRef.kind', `${describeValue(ref.kind)}: brokerRef kind must be Broker`, 'refer to a Broker'));
      }
      if (set(ref.namespace) && ref.namespace !== '') {
        out.push(finding('spec.brokerRef.namespace', 'namespace is not allowed in brokerRef', 'leave it out: the Broker is in the RequestReply\'s namespace'));
      }
    }
    out.push(...checkDelivery('spec.delivery', spec.delivery, ctx));
    // Knative defaults an empty timeout from requestreply-default-timeout before it validates.
    if (set(spec.timeout) && spec.timeout !== '') {
      const p = typeof spec.timeout === 'string' ? parseIsoPeriod(spec.timeout) : undefined;
      if (p === undefined) {
        out.push(finding('spec.timeout', `${describeValue(spec.timeout)} is not an ISO-8601 duration`, 'use a duration such as "PT30S" or "PT2M"'));
      } else if (p.zero || p.negative) {
        out.push(finding('spec.timeout', `${describeValue(spec.timeout)}: timeout must be a positive duration`, 'use a duration such as "PT30S"'));
      }
    }
    out.push(...checkCorrelationAttribute('spec.correlationAttribute', 'correlationAttribute', spec.correlationAttribute, 'correlationid'));
    out.push(...checkCorrelationAttribute('spec.replyAttribute', 'replyAttribute', spec.replyAttribute, 'replyid'));
    return out;
  },
);

export const eventTransformRule = rule(
  'eventing/event-transform',
  'an EventTransform has a jsonata transformation, a valid sink (no CACerts with jsonata), and a reply only with a sink, either transformed or discarded',
  [`${E}/EventTransform`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    const hasJsonata = set(spec.jsonata);
    if (!hasJsonata) out.push(finding('spec', 'no transformation is set', 'set spec.jsonata.expression (a JSONata expression)'));
    else if (!str(rec(spec.jsonata).expression)?.trim()) {
      out.push(finding('spec.jsonata.expression', 'the JSONata expression is empty', 'Knative admits it, but the transformation then produces no event; write an expression', 'warning'));
    }
    if (set(spec.sink)) {
      out.push(...checkDestination('spec.sink', spec.sink, ctx, false));
      if (hasJsonata && set(rec(spec.sink).CACerts)) {
        out.push(finding('spec.sink.CACerts', 'CACerts for the sink is not supported for JSONata transformations',
          'propagate CA trust bundles with labelled ConfigMaps (https://knative.dev/docs/eventing/features/transport-encryption/)'));
      }
    }
    if (set(spec.reply)) {
      const reply = rec(spec.reply);
      if (!set(spec.sink)) {
        out.push(finding('spec.reply', 'reply is set without spec.sink', 'set spec.sink, or remove reply (without a sink the transformed event is the reply)'));
      } else if (set(reply.jsonata) && reply.discard === true) {
        out.push(finding('spec.reply', 'both jsonata and discard are set', 'either transform the reply (jsonata) or discard it, not both'));
      }
    }
    return out;
  },
);

/** The rules of EventPolicy, RequestReply and EventTransform. */
export const EVENTING_V1ALPHA1_RULES = [eventPolicyFeatureRule, eventPolicySpecRule, requestReplyRule, eventTransformRule];
