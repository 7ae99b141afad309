/**
 * Static analysis of event routing: which producers send into each Broker,
 * with which event types where Knative documents them, and the Triggers
 * whose filter no such event can pass; Brokers that receive events but have
 * no Trigger.
 */
import { isChannel, Router, TopoObject, Topology } from './engine';

/** Something that sends events into a Broker. */
export interface Producer {
  readonly id: string;
  /** The event types it sends; undefined when they are not known (replies, ContainerSource...). */
  readonly types?: string[];
}

/** A finding of the analysis. */
export interface RoutingFinding {
  /** `Kind/namespace/name` of the object. */
  readonly object: string;
  readonly message: string;
}

type Json = Record<string, unknown>;
const rec = (x: unknown): Json => (typeof x === 'object' && x !== null && !Array.isArray(x) ? x as Json : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const API_SERVER_VERBS = ['add', 'update', 'delete'];

/** The event types a source sends, as Knative documents them; undefined when they depend on the source's code. */
export function sourceEventTypes(o: TopoObject): string[] | undefined {
  switch (o.kind) {
    case 'PingSource':
      return ['dev.knative.sources.ping'];
    case 'ApiServerSource': {
      const mode = o.spec.mode === 'Reference' ? 'ref' : 'resource';
      return API_SERVER_VERBS.map(v => `dev.knative.apiserver.${mode}.${v}`);
    }
    case 'GitHubSource':
      return arr(o.spec.eventTypes).filter((t): t is string => typeof t === 'string').map(t => `dev.knative.source.github.${t}`);
    case 'KafkaSource':
      return ['dev.knative.kafka.event'];
    default:
      return undefined;
  }
}

/** The destinations an object sends events to, with what the edge means. */
export function outgoing(o: TopoObject): Array<{ raw: unknown; role: 'sink' | 'subscriber' | 'reply' | 'filter' | 'step' | 'dead-letter' }> {
  const out: Array<{ raw: unknown; role: 'sink' | 'subscriber' | 'reply' | 'filter' | 'step' | 'dead-letter' }> = [];
  const s = o.spec;
  if (s.sink !== undefined) out.push({ raw: s.sink, role: 'sink' });
  if (o.kind === 'Trigger' || o.kind === 'Subscription') {
    if (s.subscriber !== undefined) out.push({ raw: s.subscriber, role: 'subscriber' });
  }
  if (s.reply !== undefined) out.push({ raw: s.reply, role: 'reply' });
  for (const step of arr(s.steps)) out.push({ raw: step, role: 'step' });
  for (const b of arr(s.branches).map(rec)) {
    if (b.filter !== undefined) out.push({ raw: b.filter, role: 'filter' });
    if (b.subscriber !== undefined) out.push({ raw: b.subscriber, role: 'subscriber' });
    if (b.reply !== undefined) out.push({ raw: b.reply, role: 'reply' });
  }
  return out;
}

/** Who sends events into `broker`. */
export function producersOf(topo: Topology, broker: TopoObject): Producer[] {
  const out: Producer[] = [];
  for (const o of topo.objects) {
    if (o.kind === 'EventType') {
      const ref = topo.destination({ ref: o.spec.reference }, o.namespace)?.id
        ?? (typeof o.spec.broker === 'string' ? `Broker/${o.namespace}/${o.spec.broker}` : undefined);
      const type = typeof o.spec.type === 'string' ? o.spec.type
        : arr(o.spec.attributes).map(rec).find(a => a.name === 'type')?.value;
      if (ref === broker.id) out.push({ id: o.id, types: typeof type === 'string' ? [type] : undefined });
      continue;
    }
    for (const d of outgoing(o)) {
      if (d.role === 'filter') continue;
      if (topo.destination(d.raw, o.namespace)?.id !== broker.id) continue;
      const isSource = d.role === 'sink' && (o.group === 'sources.knative.dev' || o.kind.endsWith('Source'));
      out.push({ id: o.id, types: isSource ? sourceEventTypes(o) : undefined });
    }
  }
  return out;
}

/** The findings about every Broker of the topology. */
export function analyze(router: Router): RoutingFinding[] {
  const topo = router.topo;
  const out: RoutingFinding[] = [];
  for (const broker of topo.ofKind('Broker')) {
    const producers = producersOf(topo, broker);
    const triggers = topo.triggersOf(broker);
    const senders = producers.filter(p => !p.id.startsWith('EventType/'));
    if (senders.length > 0 && triggers.length === 0) {
      out.push({ object: broker.id, message: `${senders.map(p => p.id).join(', ')} send${senders.length === 1 ? 's' : ''} events into ${broker.id}, which has no Trigger: every event is dropped` });
    }
    if (producers.length === 0 || producers.some(p => p.types === undefined)) continue;
    const types = [...new Set(producers.flatMap(p => p.types ?? []))].sort();
    for (const t of triggers) {
      const filter = router.filterOf(t);
      if (types.every(type => filter.possible({ known: { type, specversion: '1.0' } }) === 'no')) {
        out.push({
          object: t.id,
          message: `the filter (${filter.describe()}) matches no event the known producers send into ${broker.id} (${producers.map(p => p.id).join(', ')}: types ${types.join(', ')})`,
        });
      }
    }
  }
  for (const ch of topo.objects.filter(isChannel)) {
    if (topo.subscriptionsOf(ch).length === 0 && arr(ch.spec.subscribers).length === 0) {
      const senders = topo.objects.filter(o => outgoing(o).some(d => topo.destination(d.raw, o.namespace)?.id === ch.id));
      if (senders.length > 0) out.push({ object: ch.id, message: `${senders.map(s => s.id).join(', ')} send${senders.length === 1 ? 's' : ''} events into ${ch.id}, which has no Subscription` });
    }
  }
  return out;
}
