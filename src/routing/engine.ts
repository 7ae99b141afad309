/**
 * Routing over manifests with Knative's semantics (default broker class,
 * MTChannelBasedBroker): Broker → Triggers (filters) → subscribers; Channels
 * (any kind) → Subscriptions → subscribers; Sequences and Parallels through
 * the Channels and Subscriptions their reconcilers create; replies and
 * Parallel filters, which depend on what a service answers, are stated in a
 * note, not guessed; dead-letter sinks where a subscriber cannot exist.
 */
import { Manifest } from '../validation/types';
import { EventData } from './event-model';
import { CompiledFilter, compileTriggerFilter } from './filters';

/** One delivery: the path the event takes and who receives it. */
export interface RouteDelivery {
  readonly via: string[];
  /** `Kind/namespace/name` or a URI. */
  readonly to: string;
  /** What the path depends on (a reply, a filter service), or why it goes here (a dead-letter sink). */
  readonly note?: string;
}

/** An event that reaches no subscriber on some path, and why. */
export interface RouteUndelivered {
  readonly via: string[];
  readonly reason: string;
}

/** Every delivery of one event. */
export interface RouteResult {
  readonly deliveries: RouteDelivery[];
  readonly undelivered: RouteUndelivered[];
}

type Json = Record<string, unknown>;

/** An object of the topology. */
export interface TopoObject {
  readonly manifest: Manifest;
  readonly kind: string;
  readonly group: string;
  readonly namespace: string;
  readonly name: string;
  readonly id: string;
  readonly spec: Json;
}

/** Where a destination (`ref` and/or `uri`) points. */
export interface Target {
  /** `Kind/namespace/name` or the URI. */
  readonly id: string;
  readonly kind?: string;
  readonly group?: string;
  /** The object, when it is among the manifests. */
  readonly object?: TopoObject;
}

function rec(x: unknown): Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? x as Json : {};
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** The API group of an apiVersion (`""` for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export const ROUTING_KINDS = ['Broker', 'Sequence', 'Parallel'];

/** Kinds that can never receive an event (not Addressable). */
const NOT_ADDRESSABLE = new Set(['ConfigMap', 'Secret', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Job', 'CronJob', 'Trigger', 'Subscription', 'EventType', 'PingSource', 'ApiServerSource', 'ContainerSource', 'SinkBinding']);

/** Whether an object is a Channel of some kind (messaging.knative.dev, or a kind ending in Channel). */
export function isChannel(o: { kind: string; group: string }): boolean {
  return o.kind.endsWith('Channel') && (o.group === 'messaging.knative.dev' || o.group.endsWith('knative.dev'));
}

/** The objects of a set of manifests, by `Kind/namespace/name`. */
export class Topology {
  public readonly objects: TopoObject[] = [];
  private readonly byId = new Map<string, TopoObject>();

  constructor(manifests: readonly Manifest[], public readonly defaultNamespace = 'default') {
    for (const m of manifests) {
      const name = m.metadata?.name;
      if (typeof name !== 'string') continue;
      const namespace = m.metadata?.namespace ?? defaultNamespace;
      const o: TopoObject = { manifest: m, kind: m.kind, group: groupOf(m.apiVersion), namespace, name, id: `${m.kind}/${namespace}/${name}`, spec: rec(m.spec) };
      this.objects.push(o);
      // A Kubernetes Service and a Knative Service share a kind name: the Knative one wins the id.
      if (!this.byId.has(o.id) || o.group === 'serving.knative.dev') this.byId.set(o.id, o);
    }
  }

  public get(id: string): TopoObject | undefined {
    return this.byId.get(id);
  }

  public ofKind(kind: string): TopoObject[] {
    return this.objects.filter(o => o.kind === kind);
  }

  /** A destination (`{ ref, uri }`) written in an object of namespace `ns`. */
  public destination(raw: unknown, ns: string): Target | undefined {
    const d = rec(raw);
    const ref = rec(d.ref);
    const uri = str(d.uri);
    if (str(ref.kind) && str(ref.name)) {
      const kind = ref.kind as string;
      const id = `${kind}/${str(ref.namespace) ?? ns}/${ref.name as string}`;
      return { id, kind, group: groupOf(str(ref.apiVersion) ?? ''), object: this.get(id) };
    }
    return uri ? { id: uri } : undefined;
  }

  /** A `KReference` to a channel (`spec.channel` of a Subscription). */
  public channelRef(raw: unknown, ns: string): string | undefined {
    const r = rec(raw);
    return str(r.kind) && str(r.name) ? `${r.kind as string}/${str(r.namespace) ?? ns}/${r.name as string}` : undefined;
  }

  /** The Triggers of a Broker. */
  public triggersOf(broker: TopoObject): TopoObject[] {
    return this.ofKind('Trigger').filter(t => {
      const ref = rec(t.spec.brokerRef);
      const name = str(ref.name) ?? str(t.spec.broker);
      const ns = str(ref.namespace) ?? t.namespace;
      return name === broker.name && ns === broker.namespace;
    });
  }

  /** The Subscriptions of a Channel. */
  public subscriptionsOf(channel: TopoObject): TopoObject[] {
    return this.ofKind('Subscription').filter(s => this.channelRef(s.spec.channel, s.namespace) === channel.id);
  }

  /** The channel kind a Sequence or Parallel creates. */
  public channelKindOf(o: TopoObject): string {
    return str(rec(o.spec.channelTemplate).kind) ?? 'InMemoryChannel';
  }
}

/** A dead-letter sink and whose `delivery` it is. */
interface DeadLetter {
  readonly target: Target;
  readonly owner: string;
}

function deadLetter(topo: Topology, holders: TopoObject[]): DeadLetter | undefined {
  for (const h of holders) {
    const t = topo.destination(rec(h.spec.delivery).deadLetterSink, h.namespace);
    if (t) return { target: t, owner: h.id };
  }
  return undefined;
}

/** The broker's TTL extension: an event whose TTL is used up is dropped at the broker's ingress. */
const TTL = 'knativebrokerttl';

/** Routes one event. */
export class Router {
  private readonly filters = new Map<string, CompiledFilter>();

  constructor(public readonly topo: Topology) {}

  public filterOf(trigger: TopoObject): CompiledFilter {
    let f = this.filters.get(trigger.id);
    if (!f) {
      f = compileTriggerFilter(trigger.spec);
      this.filters.set(trigger.id, f);
    }
    return f;
  }

  /** Sends `event` to the Addressable `targetId` (`Kind/namespace/name` or a URI). */
  public send(event: EventData, targetId: string): RouteResult {
    const out: RouteResult = { deliveries: [], undelivered: [] };
    const object = this.topo.get(targetId);
    const target: Target = object ? { id: targetId, kind: object.kind, group: object.group, object } : { id: targetId, kind: targetId.includes('://') ? undefined : targetId.split('/')[0] };
    this.deliver(event, target, [], undefined, out);
    return out;
  }

  /** Delivers to a destination: routes through a routing object, or ends at a subscriber. */
  private deliver(event: EventData, target: Target, via: string[], dls: DeadLetter | undefined, out: RouteResult, note?: string): void {
    if (via.includes(target.id)) {
      out.undelivered.push({ via: [...via, target.id], reason: `loop: the event comes back to ${target.id}; Knative's broker drops it when its TTL (${TTL}, 255 hops by default) runs out` });
      return;
    }
    const o = target.object;
    if (!o) {
      if (target.kind !== undefined && NOT_ADDRESSABLE.has(target.kind)) {
        this.cannotDeliver(event, via, `${target.id} cannot receive events (a ${target.kind} is not Addressable)`, dls, out);
        return;
      }
      const missing = target.kind !== undefined
        ? `; ${target.id} is not in the given manifests: if it does not exist in the cluster, ${dls ? `the event goes to the dead-letter sink ${dls.target.id}` : 'the event is not delivered'}`
        : '';
      out.deliveries.push({ via, to: target.id, note: joinNotes(note, missing.slice(2) || undefined) });
      return;
    }
    if (o.kind === 'Broker' && o.group === 'eventing.knative.dev') return this.broker(event, o, via, out);
    if (isChannel(o)) return this.channel(event, o, [...via, o.id], out);
    if (o.kind === 'Sequence' && o.group === 'flows.knative.dev') return this.sequence(event, o, via, out);
    if (o.kind === 'Parallel' && o.group === 'flows.knative.dev') return this.parallel(event, o, via, out);
    if (NOT_ADDRESSABLE.has(o.kind)) {
      this.cannotDeliver(event, via, `${o.id} cannot receive events (a ${o.kind} is not Addressable)`, dls, out);
      return;
    }
    out.deliveries.push(note ? { via, to: o.id, note } : { via, to: o.id });
  }

  private cannotDeliver(event: EventData, via: string[], reason: string, dls: DeadLetter | undefined, out: RouteResult): void {
    if (dls) {
      this.deliver(event, dls.target, via, undefined, out, `dead-letter sink of ${dls.owner}: ${reason}`);
    } else {
      out.undelivered.push({ via, reason: `${reason}, and there is no dead-letter sink` });
    }
  }

  private broker(event: EventData, broker: TopoObject, via: string[], out: RouteResult): void {
    const path = [...via, broker.id];
    const ttl = event.extensions[TTL];
    if (ttl !== undefined && !(Number(ttl) > 0)) {
      out.undelivered.push({ via: path, reason: `the event's ${TTL} is ${JSON.stringify(ttl)}: the broker drops events whose TTL is used up` });
      return;
    }
    const triggers = this.topo.triggersOf(broker);
    if (triggers.length === 0) {
      out.undelivered.push({ via: path, reason: `${broker.id} has no Triggers` });
      return;
    }
    // The broker's filter sees the event without its TTL extension.
    const seen: EventData = { ...event, extensions: Object.fromEntries(Object.entries(event.extensions).filter(([k]) => k !== TTL)) };
    let matched = 0;
    for (const t of triggers) {
      const outcome = this.filterOf(t).evaluate(seen);
      if (outcome.verdict === 'fail') continue;
      matched++;
      const tpath = [...path, t.id];
      const dls = deadLetter(this.topo, [t, broker]);
      const subscriber = this.topo.destination(t.spec.subscriber, t.namespace);
      if (!subscriber) {
        this.cannotDeliver(event, tpath, `${t.id} has no subscriber`, dls, out);
        continue;
      }
      this.deliver(event, subscriber, tpath, dls, out, this.replyNote(subscriber, `back into ${broker.id}, where the Triggers filter it again`));
    }
    if (matched === 0) out.undelivered.push({ via: path, reason: `no Trigger of ${broker.id} matches the event (${triggers.map(t => t.id.split('/')[2]).join(', ')})` });
  }

  /** The note on a delivery to a subscriber whose answer goes somewhere. */
  private replyNote(subscriber: Target, where: string): string | undefined {
    const o = subscriber.object;
    if (o && (o.kind === 'Broker' || isChannel(o) || o.kind === 'Sequence' || o.kind === 'Parallel')) return undefined;
    return `depends on what ${subscriber.id} answers: an event in its response goes ${where}`;
  }

  private channel(event: EventData, channel: TopoObject, path: string[], out: RouteResult): void {
    const subs = this.topo.subscriptionsOf(channel);
    const inline = arr(channel.spec.subscribers).map(rec).filter(s => str(s.subscriberUri));
    if (subs.length === 0 && inline.length === 0) {
      out.undelivered.push({ via: path, reason: `${channel.id} has no Subscriptions` });
      return;
    }
    for (const s of subs) this.subscription(event, s, channel, path, out);
    for (const s of inline) out.deliveries.push({ via: path, to: s.subscriberUri as string });
  }

  private subscription(event: EventData, s: TopoObject, channel: TopoObject, path: string[], out: RouteResult): void {
    const spath = [...path, s.id];
    const dls = deadLetter(this.topo, [s, channel]);
    const subscriber = this.topo.destination(s.spec.subscriber, s.namespace);
    const reply = this.topo.destination(s.spec.reply, s.namespace);
    if (!subscriber) {
      // Without a subscriber the channel dispatcher sends the event straight to the reply.
      if (reply) this.deliver(event, reply, spath, dls, out);
      else this.cannotDeliver(event, spath, `${s.id} has neither subscriber nor reply`, dls, out);
      return;
    }
    const note = reply ? this.replyNote(subscriber, `to the reply ${reply.id}`) : undefined;
    this.deliver(event, subscriber, spath, dls, out, note);
  }

  private sequence(event: EventData, seq: TopoObject, via: string[], out: RouteResult): void {
    const steps = arr(seq.spec.steps);
    const ns = seq.namespace;
    const kind = this.topo.channelKindOf(seq);
    const path = [...via, seq.id, `${kind}/${ns}/${seq.name}-kn-sequence-0`, `Subscription/${ns}/${seq.name}-kn-sequence-0`];
    const first = this.topo.destination(steps[0], ns);
    if (!first) {
      out.undelivered.push({ via: [...via, seq.id], reason: `${seq.id} has no steps` });
      return;
    }
    const rest = steps.slice(1).map(s => this.topo.destination(s, ns)?.id ?? '?');
    const reply = this.topo.destination(seq.spec.reply, ns);
    const chain = [...rest.map((r, i) => `step ${i + 1} (${r})`), reply ? `the reply ${reply.id}` : undefined].filter(Boolean);
    const note = chain.length > 0
      ? `depends on what ${first.id} answers: an event in its response goes on to ${chain.join(', then ')}, each step's answer to the next`
      : undefined;
    const dls = deadLetter(this.topo, [{ ...seq, spec: rec(steps[0]) }]);
    this.deliver(event, first, path, dls, out, note);
  }

  private parallel(event: EventData, par: TopoObject, via: string[], out: RouteResult): void {
    const ns = par.namespace;
    const kind = this.topo.channelKindOf(par);
    const branches = arr(par.spec.branches).map(rec);
    const ingress = [...via, par.id, `${kind}/${ns}/${par.name}-kn-parallel`];
    if (branches.length === 0) {
      out.undelivered.push({ via: [...via, par.id], reason: `${par.id} has no branches` });
      return;
    }
    const parReply = this.topo.destination(par.spec.reply, ns);
    branches.forEach((b, i) => {
      const subscriber = this.topo.destination(b.subscriber, ns);
      const reply = this.topo.destination(b.reply, ns) ?? parReply;
      const filter = this.topo.destination(b.filter, ns);
      const branchPath = [`${kind}/${ns}/${par.name}-kn-parallel-${i}`, `Subscription/${ns}/${par.name}-kn-parallel-${i}`];
      const filterSub = `Subscription/${ns}/${par.name}-kn-parallel-filter-${i}`;
      const dls = deadLetter(this.topo, [{ ...par, spec: b }]);
      const replyNote = subscriber && reply ? this.replyNote(subscriber, `to the reply ${reply.id}`) : undefined;
      if (filter) {
        this.deliver(event, filter, [...ingress, filterSub], undefined, out,
          `branch ${i} filter: depends on what ${filter.id} answers: if it answers with an event, that event goes to ${subscriber?.id ?? 'the branch subscriber'} (via ${branchPath.join(' -> ')}); if not, the branch stops`);
        return;
      }
      if (!subscriber) {
        out.undelivered.push({ via: [...ingress, filterSub, ...branchPath], reason: `branch ${i} of ${par.id} has no subscriber` });
        return;
      }
      this.deliver(event, subscriber, [...ingress, filterSub, ...branchPath], dls, out, replyNote);
    });
  }
}

function joinNotes(a: string | undefined, b: string | undefined): string | undefined {
  return a && b ? `${a}; ${b}` : a ?? b;
}
