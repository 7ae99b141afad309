/**
 * The topology as a graph: sources → Brokers/Channels → Triggers (labelled
 * with their filters) and Subscriptions → subscribers, Sequences and
 * Parallels, dead-letter sinks, and the serving side (DomainMapping/Route →
 * Revisions with their traffic percentages).
 */
import { sourceEventTypes } from './analysis';
import { isChannel, Router, Target, TopoObject } from './engine';

/** What a node is, for shapes and colours. */
export type NodeCategory = 'source' | 'broker' | 'channel' | 'trigger' | 'subscription' | 'flow' | 'service' | 'revision' | 'route' | 'external';

export interface GraphNode {
  readonly id: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Lines of the label: the kind and name, then details (a Trigger's filter). */
  readonly lines: string[];
  readonly category: NodeCategory;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Dashed: depends on an answer (reply, filter service) or on a failure (dead letter). */
  readonly dashed: boolean;
}

export interface GraphModel {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

type Json = Record<string, unknown>;
const rec = (x: unknown): Json => (typeof x === 'object' && x !== null && !Array.isArray(x) ? x as Json : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

const MAX_LINE = 48;

function clip(s: string): string {
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s;
}

function categoryOf(kind: string, group: string): NodeCategory {
  if (kind === 'Broker') return 'broker';
  if (isChannel({ kind, group })) return 'channel';
  if (kind === 'Trigger') return 'trigger';
  if (kind === 'Subscription') return 'subscription';
  if (kind === 'Sequence' || kind === 'Parallel') return 'flow';
  if (kind === 'Revision') return 'revision';
  if (kind === 'Route' || kind === 'DomainMapping' || kind === 'Configuration') return 'route';
  if (group === 'sources.knative.dev' || kind.endsWith('Source') || kind === 'SinkBinding') return 'source';
  if (kind === 'Service') return 'service';
  return 'external';
}

/** The graph of a topology. */
export function buildGraph(router: Router): GraphModel {
  const topo = router.topo;
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();

  const addNode = (id: string, kind: string, namespace: string, name: string, group: string, extra: string[] = []) => {
    if (!nodes.has(id)) nodes.set(id, { id, kind, namespace, name, lines: [`${kind} ${name}`, ...extra.map(clip)], category: categoryOf(kind, group) });
    return id;
  };
  const addObject = (o: TopoObject, extra: string[] = []) => addNode(o.id, o.kind, o.namespace, o.name, o.group, extra);
  const addTarget = (t: Target): string => {
    if (t.object) return addObject(t.object);
    if (t.kind === undefined) return addNode(t.id, 'URI', '', t.id, '', []);
    const [kind, ns, name] = t.id.split('/');
    return addNode(t.id, kind, ns, name, t.group ?? '');
  };
  const addEdge = (from: string, to: string, label: string, dashed = false) => {
    const key = `${from}|${to}|${label}|${dashed}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, label, dashed });
  };
  const dest = (raw: unknown, ns: string) => topo.destination(raw, ns);
  const deadLetter = (o: TopoObject, delivery: unknown) => {
    const t = dest(rec(delivery).deadLetterSink, o.namespace);
    if (t) addEdge(o.id, addTarget(t), 'dead letter', true);
  };

  for (const o of topo.objects) {
    const s = o.spec;
    const cat = categoryOf(o.kind, o.group);
    if (cat === 'source' && s.sink !== undefined) {
      const t = dest(s.sink, o.namespace);
      const types = sourceEventTypes(o);
      addObject(o);
      if (t) addEdge(o.id, addTarget(t), types ? types.map(x => x.replace(/^dev\.knative\./, '')).join(', ') : '');
    } else if (o.kind === 'Broker' && o.group === 'eventing.knative.dev') {
      addObject(o);
      deadLetter(o, s.delivery);
    } else if (o.kind === 'Trigger') {
      const filter = router.filterOf(o).describe();
      addObject(o, [filter === '' ? 'all events' : filter]);
      const broker = topo.get(`Broker/${rec(s.brokerRef).namespace ?? o.namespace}/${rec(s.brokerRef).name ?? s.broker}`);
      const brokerId = broker ? addObject(broker) : addNode(`Broker/${o.namespace}/${String(s.broker)}`, 'Broker', o.namespace, String(s.broker), 'eventing.knative.dev');
      addEdge(brokerId, o.id, '');
      const sub = dest(s.subscriber, o.namespace);
      if (sub) addEdge(o.id, addTarget(sub), '');
      deadLetter(o, s.delivery);
    } else if (isChannel(o)) {
      addObject(o);
      deadLetter(o, s.delivery);
    } else if (o.kind === 'Subscription') {
      addObject(o);
      const ch = topo.channelRef(s.channel, o.namespace);
      if (ch) {
        const chObj = topo.get(ch);
        const [kind, ns, name] = ch.split('/');
        addEdge(chObj ? addObject(chObj) : addNode(ch, kind, ns, name, 'messaging.knative.dev'), o.id, '');
      }
      const sub = dest(s.subscriber, o.namespace);
      if (sub) addEdge(o.id, addTarget(sub), '');
      const reply = dest(s.reply, o.namespace);
      if (reply) addEdge(sub ? sub.id : o.id, addTarget(reply), 'reply', Boolean(sub));
      deadLetter(o, s.delivery);
    } else if (o.kind === 'Sequence') {
      addObject(o);
      let prev: string | undefined;
      arr(s.steps).forEach((step, i) => {
        const t = dest(step, o.namespace);
        if (!t) return;
        const id = addTarget(t);
        if (prev === undefined) addEdge(o.id, id, `step ${i}`);
        else addEdge(prev, id, `reply → step ${i}`, true);
        deadLetter(o, rec(step).delivery);
        prev = id;
      });
      const reply = dest(s.reply, o.namespace);
      if (reply) addEdge(prev ?? o.id, addTarget(reply), 'reply', prev !== undefined);
    } else if (o.kind === 'Parallel') {
      addObject(o);
      const parReply = dest(s.reply, o.namespace);
      arr(s.branches).map(rec).forEach((b, i) => {
        const filter = dest(b.filter, o.namespace);
        const sub = dest(b.subscriber, o.namespace);
        const reply = dest(b.reply, o.namespace) ?? parReply;
        const subId = sub ? addTarget(sub) : undefined;
        if (filter) {
          const f = addTarget(filter);
          addEdge(o.id, f, `branch ${i} filter`);
          if (subId) addEdge(f, subId, 'if it answers', true);
        } else if (subId) {
          addEdge(o.id, subId, `branch ${i}`);
        }
        if (subId && reply) addEdge(subId, addTarget(reply), 'reply', true);
        deadLetter(o, b.delivery);
      });
    } else if (o.kind === 'DomainMapping') {
      addObject(o);
      const t = dest({ ref: s.ref }, o.namespace);
      if (t) addEdge(o.id, addTarget(t), '');
    } else if ((o.kind === 'Service' || o.kind === 'Route') && o.group === 'serving.knative.dev') {
      addObject(o);
      for (const tr of arr(s.traffic).map(rec)) {
        const percent = typeof tr.percent === 'number' ? `${tr.percent}%` : '';
        const label = [percent, typeof tr.tag === 'string' ? `tag ${tr.tag}` : ''].filter(Boolean).join(' ');
        let target: string;
        if (typeof tr.revisionName === 'string') {
          target = addNode(`Revision/${o.namespace}/${tr.revisionName}`, 'Revision', o.namespace, tr.revisionName, 'serving.knative.dev');
        } else if (typeof tr.configurationName === 'string') {
          target = addNode(`Revision/${o.namespace}/${tr.configurationName}@latest`, 'Revision', o.namespace, `${tr.configurationName} (latest)`, 'serving.knative.dev');
        } else {
          target = addNode(`Revision/${o.namespace}/${o.name}@latest`, 'Revision', o.namespace, `${o.name} (latest)`, 'serving.knative.dev');
        }
        addEdge(o.id, target, label);
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}
