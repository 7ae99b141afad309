import { describeValue } from '../../core/errors';
import { featureFlag } from '../config';
import { Finding, Manifest } from '../types';
import { checkDelivery, checkDestination, checkKReference, isAbsoluteUri, parseGoUrl } from './destination';
import { arr, finding, isRecord, join, Json, rec, rule, str } from './util';
import { cesqlSyntaxError, cesqlWarnings } from '../../core/syntax';

const E = 'eventing.knative.dev';
const M = 'messaging.knative.dev';
const F = 'flows.knative.dev';

/** Lists whose items may carry their own `delivery`. */
const DELIVERY_LISTS = ['subscribers', 'steps', 'branches'];

/** Every `delivery` spec of an object, with its path. */
export function deliveryPaths(obj: Manifest): Array<{ path: string; delivery: unknown }> {
  const spec = rec(obj.spec);
  const out: Array<{ path: string; delivery: unknown }> = [];
  if (spec.delivery !== undefined) out.push({ path: 'spec.delivery', delivery: spec.delivery });
  for (const list of DELIVERY_LISTS) {
    arr(spec[list]).forEach((item, i) => {
      const d = rec(item).delivery;
      if (d !== undefined) out.push({ path: join(join(join('spec', list), i), 'delivery'), delivery: d });
    });
  }
  return out;
}

/**
 * Why Knative does not validate a delivery spec at `path` of `obj`, if it does
 * not: an InMemoryChannel's spec is checked for subscriber URIs only, and a
 * Parallel does not look at its branches' delivery (the Subscriptions it
 * creates from them do).
 */
function uncheckedDelivery(obj: Manifest, path: string): string | undefined {
  if (obj.kind === 'InMemoryChannel' && obj.apiVersion.startsWith(`${M}/`)) return 'Knative admits an InMemoryChannel\'s delivery unchecked; the dispatcher cannot use it';
  if (obj.kind === 'Parallel' && path.startsWith('spec.branches[')) return 'Knative admits a Parallel branch\'s delivery unchecked; the Subscription made from it is rejected';
  return undefined;
}

export const deliveryRule = rule(
  'eventing/delivery',
  'delivery: retry >= 0, backoffPolicy linear|exponential, backoffDelay/timeout/retryAfterMax ISO-8601 durations as Knative parses them, a valid deadLetterSink (in a Channel\'s namespace)',
  [
    `${E}/Broker`, `${E}/Trigger`, `${M}/Channel`, `${M}/InMemoryChannel`, `${M}/KafkaChannel`, `${M}/Subscription`, `${F}/Sequence`, `${F}/Parallel`,
    'sources.knative.dev/KafkaSource',
  ],
  (obj, ctx) => deliveryPaths(obj).flatMap(({ path, delivery }) => checkDelivery(path, delivery, ctx, {
    // A Channel validates its spec within its own metadata: a dead letter sink elsewhere is rejected.
    ...(obj.kind === 'Channel' && obj.apiVersion.startsWith(`${M}/`)
      ? { parentNamespace: obj.metadata?.namespace, crossNamespaceFlag: 'cross-namespace-event-links' } : {}),
    unchecked: uncheckedDelivery(obj, path),
  })),
);

// ---------------------------------------------------------------- Broker

export const brokerConfigRule = rule(
  'eventing/broker-config',
  'a Broker\'s spec.config, when set, is a reference with apiVersion, kind and name',
  [`${E}/Broker`],
  (obj, ctx) => {
    const config = rec(obj.spec).config;
    if (config === undefined || config === null) return [];
    return checkKReference('spec.config', config, ctx);
  },
);

/** The annotation naming a Broker's class. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';

export const brokerClassRule = rule(
  'eventing/broker-class',
  'a Broker\'s eventing.knative.dev/broker.class annotation, when present, is not empty (an absent one is defaulted)',
  [`${E}/Broker`],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    if (!(BROKER_CLASS_ANNOTATION in annotations) || (annotations[BROKER_CLASS_ANNOTATION] !== '' && annotations[BROKER_CLASS_ANNOTATION] !== null)) return [];
    return [finding(join('metadata.annotations', BROKER_CLASS_ANNOTATION), 'the broker class is empty',
      'name a class such as "MTChannelBasedBroker" or "Kafka", or drop the annotation to get the cluster default')];
  },
);

// ---------------------------------------------------------------- Trigger

/**
 * Upstream: knative/eventing knative-v1.22.2 `pkg/apis/eventing/v1/trigger_validation.go`,
 * `TriggerSpec.Validate`: exactly one of broker and brokerRef; brokerRef.namespace only with
 * cross-namespace-event-links. Without the flag the broker reconciler
 * (`pkg/reconciler/broker/trigger/trigger.go`) reads spec.broker only, so a brokerRef alone is admitted
 * and never becomes ready (a warning here).
 */
export const triggerBrokerRule = rule(
  'eventing/trigger-broker',
  'a Trigger names its broker: exactly one of spec.broker and spec.brokerRef; brokerRef.namespace needs cross-namespace-event-links, and without it only spec.broker is read',
  [`${E}/Trigger`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const broker = str(spec.broker) ?? '';
    const ref = spec.brokerRef;
    const hasRef = ref !== undefined && ref !== null;
    if (!hasRef) {
      return broker === '' ? [finding('spec.broker', 'broker is missing', 'name the Broker the Trigger subscribes to, e.g. "default"')] : [];
    }
    if (broker !== '') {
      return [finding('spec.broker', 'both broker and brokerRef are set', 'set exactly one of spec.broker, spec.brokerRef')];
    }
    if (!isRecord(ref)) return [finding('spec.brokerRef', `${describeValue(ref)} is not a reference`, 'set apiVersion, kind, name (and namespace with cross-namespace-event-links)')];
    const flag = featureFlag(ctx.config, 'cross-namespace-event-links');
    if (flag !== 'enabled') {
      if ((str(ref.namespace) ?? '') !== '') {
        return [finding('spec.brokerRef.namespace', `a brokerRef namespace needs the Eventing feature cross-namespace-event-links, which is ${flag}`,
          'only name, apiVersion and kind are allowed without the feature: drop the namespace (and use spec.broker), or enable cross-namespace-event-links')];
      }
      return [finding('spec.brokerRef', `brokerRef is read only with the Eventing feature cross-namespace-event-links, which is ${flag}: the Trigger has no broker and never becomes ready`,
        'use spec.broker with a Broker in the same namespace, or enable cross-namespace-event-links', 'warning')];
    }
    if ((str(ref.name) ?? '') === '') {
      return [finding('spec.brokerRef.name', 'the broker has no name', 'set brokerRef.name')];
    }
    return [];
  },
);

export const triggerSubscriberRule = rule(
  'eventing/trigger-subscriber',
  'a Trigger has a subscriber: a ref and/or uri (absolute without ref)',
  [`${E}/Trigger`],
  (obj, ctx) => checkDestination('spec.subscriber', rec(obj.spec).subscriber, ctx, true),
);

/** The Trigger annotation naming a source the Trigger waits for. */
export const DEPENDENCY_ANNOTATION = 'knative.dev/dependency';

export const triggerDependencyRule = rule(
  'eventing/trigger-dependency',
  'the knative.dev/dependency annotation of a Trigger is a JSON object reference with apiVersion, kind and name, in the Trigger\'s namespace',
  [`${E}/Trigger`],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    if (!(DEPENDENCY_ANNOTATION in annotations)) return [];
    const path = join('metadata.annotations', DEPENDENCY_ANNOTATION);
    let ref: unknown;
    try {
      ref = JSON.parse(String(annotations[DEPENDENCY_ANNOTATION]));
    } catch {
      ref = undefined;
    }
    if (!isRecord(ref)) {
      return [finding(path, `${describeValue(annotations[DEPENDENCY_ANNOTATION])} is not a JSON object reference`,
        'write {"kind":"PingSource","name":"...","apiVersion":"sources.knative.dev/v1"}')];
    }
    const out: Finding[] = [];
    for (const key of ['kind', 'name', 'apiVersion']) {
      if (typeof ref[key] !== 'string' || ref[key] === '') out.push(finding(path, `the dependency has no ${key}`, 'the dependency needs kind, name and apiVersion'));
    }
    const ns = ref.namespace;
    const own = obj.metadata?.namespace;
    if (typeof ns === 'string' && ns !== '' && own && ns !== own) {
      out.push(finding(path, `the dependency's namespace ${describeValue(ns)} is not the Trigger's ${describeValue(own)}`, 'leave namespace empty or use the Trigger\'s namespace'));
    }
    return out;
  },
);

/** The Trigger annotation asking for the default Broker to be created in the namespace. */
export const INJECTION_ANNOTATION = 'eventing.knative.dev/injection';

export const triggerInjectionRule = rule(
  'eventing/trigger-injection',
  'the eventing.knative.dev/injection annotation of a Trigger is "enabled" or "disabled", and only on a Trigger of the "default" Broker',
  [`${E}/Trigger`],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    if (!(INJECTION_ANNOTATION in annotations)) return [];
    const path = join('metadata.annotations', INJECTION_ANNOTATION);
    const value = annotations[INJECTION_ANNOTATION];
    if (value !== 'enabled' && value !== 'disabled') {
      return [finding(path, `${describeValue(value)} is not an injection setting`, 'use "enabled" or "disabled"')];
    }
    const broker = str(rec(obj.spec).broker) ?? '';
    return broker === 'default' ? [] : [finding(path, `the injection annotation is only for the default Broker, but the Trigger names ${describeValue(broker)}`,
      'drop the annotation, or subscribe to the Broker named "default"')];
  },
);

/** CloudEvents attribute names usable in filters: lower-case alphanumerics starting with a letter. */
export const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

/** Reports a CloudEvents attribute name a filter may not use. */
export function checkAttributeName(path: string, name: string): Finding[] {
  return ATTRIBUTE_NAME.test(name) ? [] : [finding(path, `invalid attribute name ${describeValue(name)}`,
    'attribute names are lower-case letters and digits, starting with a letter (e.g. type, source, myextension)')];
}

export const triggerFilterRule = rule(
  'eventing/trigger-filter',
  'spec.filter.attributes names are lower-case alphanumerics starting with a letter',
  [`${E}/Trigger`],
  (obj) => {
    const out: Finding[] = [];
    for (const name of Object.keys(rec(rec(rec(obj.spec).filter).attributes))) {
      // Most names are valid: the path is formatted only for one that is reported.
      if (!ATTRIBUTE_NAME.test(name)) out.push(...checkAttributeName(join('spec.filter.attributes', name), name));
    }
    return out;
  },
);

const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'];

/** Checks one Subscriptions API filter (the `filters` dialects), recursively. */
export function checkSubscriptionsFilter(path: string, raw: unknown): Finding[] {
  if (!isRecord(raw)) return [finding(path, `${describeValue(raw)} is not a filter`, `use an object with one of ${DIALECTS.join(', ')}`)];
  const f: Json = raw;
  const out: Finding[] = [];
  const present = DIALECTS.filter(d => {
    const v = f[d];
    if (v === undefined || v === null) return false;
    if (d === 'cesql') return v !== '';
    if (d === 'not') return true;
    return Array.isArray(v) ? v.length > 0 : Object.keys(rec(v)).length > 0;
  });
  if (present.length > 1) {
    out.push(finding(path, `multiple dialects found (${present.join(', ')}); a filter can have only one dialect`,
      `split it into several filters (they are ANDed) or nest them under all/any`));
  } else if (present.length === 0) {
    out.push(finding(path, 'the filter sets no dialect and matches every event', `set one of ${DIALECTS.join(', ')}`, 'warning'));
  }
  for (const d of ['exact', 'prefix', 'suffix']) {
    if (f[d] === undefined) continue;
    const keys = Object.keys(rec(f[d]));
    if (keys.length > 1) {
      out.push(finding(join(path, d), `${d} has ${keys.length} attributes (${keys.join(', ')}); it can have only one key-value`,
        `use one ${d} filter per attribute`));
      continue;
    }
    for (const k of keys) out.push(...checkAttributeName(join(join(path, d), k), k));
  }
  // An empty all/any is no dialect: Knative admits it, and the no-dialect warning above says so.
  for (const d of ['all', 'any']) {
    if (f[d] === undefined || f[d] === null) continue;
    const list = arr(f[d]);
    list.forEach((nested, i) => out.push(...checkSubscriptionsFilter(join(join(path, d), i), nested)));
  }
  if (f.not !== undefined && f.not !== null) out.push(...checkSubscriptionsFilter(join(path, 'not'), f.not));
  if (f.cesql !== undefined) out.push(...checkCesql(join(path, 'cesql'), f.cesql));
  return out;
}

/**
 * A CloudEvents SQL expression: parsing as CESQL v1 (an error otherwise);
 * what Knative admits but reads otherwise than written (skipped characters,
 * integers beyond 32 bits, unknown functions, wrong numbers of arguments,
 * upper-case or over-long attribute names) are warnings. An empty string is
 * not an expression (Knative skips it: the filter's no-dialect warning says so);
 * blanks are parsed, and fail, as Knative does.
 */
export function checkCesql(path: string, expr: unknown): Finding[] {
  if (expr === '') return [];
  if (typeof expr !== 'string' || expr.trim() === '') {
    return [finding(path, `cesql ${describeValue(expr)} is empty`, 'write a CloudEvents SQL expression such as "type = \'com.example.order\'"')];
  }
  const error = cesqlSyntaxError(expr);
  if (error !== undefined) {
    return [finding(path, `cesql ${describeValue(expr)} does not parse: ${error}`, 'fix the CloudEvents SQL expression')];
  }
  return cesqlWarnings(expr).map(w => finding(path, `cesql ${describeValue(expr)}: ${w}`, 'Knative admits it as written; correct it so the filter can match', 'warning'));
}

export const triggerFiltersRule = rule(
  'eventing/trigger-filters',
  'each of spec.filters uses at most one dialect (exact, prefix, suffix, all, any, not, cesql); exact/prefix/suffix have one valid attribute; cesql parses as CloudEvents SQL v1',
  [`${E}/Trigger`],
  obj => {
    const filters = rec(obj.spec).filters;
    // Knative 1.22 checks the filters unconditionally (trigger_validation.go, ValidateSubscriptionAPIFiltersList).
    if (filters === undefined || filters === null) return [];
    return arr(filters).flatMap((f, i) => checkSubscriptionsFilter(join('spec.filters', i), f));
  },
);

// ---------------------------------------------------------------- messaging

export const subscriptionChannelRule = rule(
  'messaging/subscription-channel',
  'a Subscription names its channel with apiVersion, kind and name; channel.namespace only with cross-namespace-event-links',
  [`${M}/Subscription`],
  (obj, ctx) => {
    const channel = rec(obj.spec).channel;
    if (channel === undefined || channel === null || (isRecord(channel) && Object.values(channel).every(v => v === '' || v === undefined || v === null))) {
      return [finding('spec.channel', 'channel is missing', 'refer to the Channel: {apiVersion: messaging.knative.dev/v1, kind: Channel, name: ...}')];
    }
    const out = checkKReference('spec.channel', channel, ctx);
    const ns = str(rec(channel).namespace) ?? '';
    const flag = featureFlag(ctx.config, 'cross-namespace-event-links');
    // Knative disallows channel.namespace altogether (even the Subscription's own) unless cross-namespace links are enabled.
    if (ns !== '' && flag !== 'enabled') {
      out.push(finding('spec.channel.namespace', `channel.namespace is not allowed (the Eventing feature cross-namespace-event-links is ${flag})`,
        'drop namespace: the channel is looked up in the Subscription\'s namespace; or enable cross-namespace-event-links'));
    }
    return out;
  },
);

/**
 * Upstream: knative/eventing knative-v1.22.2 `pkg/apis/messaging/v1/subscription_validation.go`,
 * `SubscriptionSpec.Validate`: the subscriber is required (`isDestinationNilOrEmpty`), a reply is optional.
 */
export const subscriptionDestinationsRule = rule(
  'messaging/subscription-destinations',
  'a Subscription has a subscriber, and an optional reply, each a valid destination',
  [`${M}/Subscription`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const empty = (d: unknown) => d === undefined || d === null || (isRecord(d) && Object.values(d).every(v => v === undefined || v === null));
    const out: Finding[] = [];
    if (empty(spec.subscriber)) {
      out.push(finding('spec.subscriber', 'subscriber is missing', 'the Subscription must reference a subscriber: a ref to an Addressable and/or a uri'));
    } else {
      out.push(...checkDestination('spec.subscriber', spec.subscriber, ctx, true));
    }
    if (!empty(spec.reply)) out.push(...checkDestination('spec.reply', spec.reply, ctx, true));
    return out;
  },
);

/** Checks a channelTemplate (Channel, Sequence, Parallel): when set, apiVersion and kind are required. */
export function checkChannelTemplate(path: string, template: unknown): Finding[] {
  if (template === undefined || template === null) return [];
  const t = rec(template);
  return ['apiVersion', 'kind'].filter(k => typeof t[k] !== 'string' || t[k] === '').map(k =>
    finding(join(path, k), `${k} is missing`, 'a channelTemplate names the channel kind, e.g. {apiVersion: messaging.knative.dev/v1, kind: InMemoryChannel}'));
}

export const channelTemplateRule = rule(
  'messaging/channel-template',
  'a channelTemplate, when set, has apiVersion and kind (the cluster default fills it in when omitted)',
  [`${M}/Channel`, `${F}/Sequence`, `${F}/Parallel`],
  (obj) => checkChannelTemplate('spec.channelTemplate', rec(obj.spec).channelTemplate),
);

export const channelSubscribersRule = rule(
  'messaging/channel-subscribers',
  'users do not write spec.subscribers of a Channel (Subscriptions do); an InMemoryChannel subscriber has a subscriberUri or a replyUri (absolute ones, to be usable)',
  [`${M}/Channel`, `${M}/InMemoryChannel`, `${M}/KafkaChannel`],
  (obj) => {
    const subscribers = arr(rec(obj.spec).subscribers);
    if (obj.kind === 'Channel') {
      return subscribers.length === 0 ? [] : [finding('spec.subscribers', `${subscribers.length} subscriber(s) written into a Channel`,
        'subscribers are managed by the eventing controller; create a Subscription per subscriber instead')];
    }
    return subscribers.flatMap((s, i) => {
      const out: Finding[] = [];
      const item = rec(s);
      const has = (key: string) => item[key] !== undefined && item[key] !== null;
      if (obj.kind === 'InMemoryChannel' && !has('subscriberUri') && !has('replyUri')) {
        out.push(finding(join('spec.subscribers', i), 'neither subscriberUri nor replyUri is set', 'use a Subscription instead of writing subscribers by hand'));
      }
      for (const key of ['subscriberUri', 'replyUri']) {
        const uri = item[key];
        // Knative only parses these URIs; one without scheme and host cannot be delivered to.
        if (has(key) && (typeof uri !== 'string' || !isAbsoluteUri(uri))) {
          const parses = typeof uri === 'string' && parseGoUrl(uri) !== undefined;
          out.push(finding(join(join('spec.subscribers', i), key), `${describeValue(uri)} is not an absolute URI${parses ? ' (Knative admits it; nothing can be delivered to it)' : ''}`,
            'use a Subscription instead of writing subscribers by hand, or an absolute http(s) URI', parses ? 'warning' : undefined));
        }
      }
      return out;
    });
  },
);

/** The annotation choosing an InMemoryChannel dispatcher's scope. */
export const SCOPE_ANNOTATION = 'eventing.knative.dev/scope';

export const channelScopeRule = rule(
  'messaging/channel-scope',
  'the eventing.knative.dev/scope annotation of an InMemoryChannel is "cluster" or "namespace"',
  [`${M}/InMemoryChannel`],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    if (!(SCOPE_ANNOTATION in annotations)) return [];
    const value = annotations[SCOPE_ANNOTATION];
    return value === 'cluster' || value === 'namespace' ? [] : [finding(join('metadata.annotations', SCOPE_ANNOTATION),
      `${describeValue(value)} is not a scope`, 'use "cluster" or "namespace"')];
  },
);

// ---------------------------------------------------------------- flows

export const sequenceStepsRule = rule(
  'flows/sequence',
  'a Sequence has at least one step, each step and the reply a valid destination',
  [`${F}/Sequence`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const steps = arr(spec.steps);
    const out: Finding[] = [];
    if (steps.length === 0) out.push(finding('spec.steps', 'a Sequence needs at least one step', 'add steps: [{ref: ...}]'));
    steps.forEach((s, i) => out.push(...checkDestination(join('spec.steps', i), stripDelivery(s), ctx, true)));
    out.push(...checkDestination('spec.reply', spec.reply, ctx, false));
    return out;
  },
);

export const parallelBranchesRule = rule(
  'flows/parallel',
  'a Parallel has at least one branch; each branch has a subscriber, and its filter/reply and the Parallel\'s reply are valid destinations',
  [`${F}/Parallel`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const branches = arr(spec.branches);
    const out: Finding[] = [];
    if (branches.length === 0) out.push(finding('spec.branches', 'a Parallel needs at least one branch', 'add branches: [{subscriber: {ref: ...}}]'));
    branches.forEach((b, i) => {
      const p = join('spec.branches', i);
      const branch = rec(b);
      out.push(...checkDestination(join(p, 'subscriber'), branch.subscriber, ctx, true));
      out.push(...checkDestination(join(p, 'filter'), branch.filter, ctx, false));
      out.push(...checkDestination(join(p, 'reply'), branch.reply, ctx, false));
    });
    out.push(...checkDestination('spec.reply', spec.reply, ctx, false));
    return out;
  },
);

/** A Sequence step is a destination plus a delivery; the delivery is checked by eventing/delivery. */
function stripDelivery(step: unknown): unknown {
  if (!isRecord(step)) return step;
  const { delivery: _delivery, ...dest } = step;
  return dest;
}

