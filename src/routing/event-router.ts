/**
 * `EventRouter`: where an event goes, computed offline from the app's (or
 * any) manifests with Knative's routing semantics, and the topology drawn.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Manifest } from '../validation/types';
import { analyze } from './analysis';
import { CloudEvent } from './cloud-event';
import { isChannel, Router, Topology } from './engine';
import { attributesOf } from './event-model';
import { buildGraph, GraphModel } from './graph-model';
import { toDot, toMermaid, toSvg } from './render';

/** One delivery of an event. */
export interface EventDelivery {
  /** The objects the event passes through, as `Kind/namespace/name`, in order. */
  readonly via: string[];
  /** Who receives it: `Kind/namespace/name` or a URI. */
  readonly to: string;
  /**
   * What happens next depends on an answer (a reply, a Parallel filter
   * service), or why the event goes here (a dead-letter sink).
   * @default - nothing to add
   */
  readonly note?: string;
}

/** A path on which the event reaches no subscriber. */
export interface UndeliveredEvent {
  /** The objects the event passes through. */
  readonly via: string[];
  /** Why it goes no further. */
  readonly reason: string;
}

/** Where one event goes. */
export interface RoutingResult {
  /** The event's context attributes. */
  readonly eventAttributes: { [name: string]: any };
  /** Every delivery, in the order of the manifests. */
  readonly deliveries: EventDelivery[];
  /** Paths on which the event is dropped. */
  readonly undelivered: UndeliveredEvent[];
}

/** Something the static analysis of the routing found. */
export interface RoutingWarning {
  /** `Kind/namespace/name` of the object. */
  readonly objectId: string;
  /** What is wrong. */
  readonly message: string;
}

/** A node of the topology graph. */
export interface TopologyNode {
  /** `Kind/namespace/name`, or the URI. */
  readonly id: string;
  /** The kind. */
  readonly kind: string;
  /** The namespace (empty for a URI). */
  readonly namespaceName: string;
  /** The name. */
  readonly name: string;
  /** The label, line by line: kind and name, then details (a Trigger's filter). */
  readonly labelLines: string[];
}

/** An edge of the topology graph. */
export interface TopologyEdge {
  /** The id of the node the events leave. */
  readonly fromNode: string;
  /** The id of the node the events reach. */
  readonly toNode: string;
  /** The label: event types, a traffic percentage, `reply`, `dead letter`... (may be empty). */
  readonly label: string;
  /** Whether the edge is taken only on an answer (reply, filter) or a failure (dead letter). */
  readonly conditional: boolean;
}

/** The topology of an app's eventing and serving objects, and its drawings. */
export class TopologyGraph {
  /** The nodes. */
  public readonly nodes: TopologyNode[];
  /** The edges. */
  public readonly edges: TopologyEdge[];
  private readonly model: GraphModel;

  /** @internal */
  public static _of(model: GraphModel): TopologyGraph {
    return new TopologyGraph(model);
  }

  private constructor(model: GraphModel) {
    this.model = model;
    this.nodes = model.nodes.map(n => ({ id: n.id, kind: n.kind, namespaceName: n.namespace, name: n.name, labelLines: n.lines }));
    this.edges = model.edges.map(e => ({ fromNode: e.from, toNode: e.to, label: e.label, conditional: e.dashed }));
  }

  /** A Mermaid flowchart (renders inside pull requests on the common Git hosts). */
  public toMermaid(): string {
    return toMermaid(this.model);
  }

  /** A Graphviz DOT digraph. */
  public toDot(): string {
    return toDot(this.model);
  }

  /** An SVG picture, laid out offline. */
  public toSvg(): string {
    return toSvg(this.model);
  }
}

/** Kinds an event can be sent to. */
const ADDRESSABLE = (kind: string, group: string) => kind === 'Broker' || kind === 'Sequence' || kind === 'Parallel' || isChannel({ kind, group }) || kind === 'Service';

/**
 * Computes where CloudEvents go, with the semantics of Knative's default
 * broker class: Trigger filters (`filter.attributes` and the `filters`
 * dialects, CESQL included), Channel subscriptions, Sequence steps, Parallel
 * branches, replies and dead-letter sinks. Where the path depends on what a
 * service answers, the delivery's note says so.
 *
 * ```ts
 * const router = EventRouter.of(app);
 * const event = CloudEvent.of({ id: '1', source: '/orders', eventType: 'com.example.order.created' });
 * expect(router.send(event, 'Broker/demo/default').deliveries.map(d => d.to)).toEqual(['Service/demo/billing']);
 * ```
 */
export class EventRouter {
  /** The routing of every API object in the app (or chart) that holds `scope`. */
  public static of(scope: IConstruct): EventRouter {
    const manifests: Manifest[] = [];
    for (const c of scope.node.root.node.findAll()) {
      if (ApiObject.isApiObject(c)) manifests.push(c.toJson() as Manifest);
    }
    return new EventRouter(manifests);
  }

  /**
   * The routing of Kubernetes objects as written to YAML (objects with
   * `apiVersion`, `kind` and `metadata`); objects without a namespace are in
   * `default`.
   */
  public static fromManifests(manifests: any[]): EventRouter {
    return new EventRouter(manifests.filter(m => typeof m === 'object' && m !== null && typeof m.kind === 'string') as Manifest[]);
  }

  private readonly router: Router;

  private constructor(manifests: Manifest[]) {
    this.router = new Router(new Topology(manifests));
  }

  /**
   * Sends `cloudEvent` to the Addressable named `target`, as
   * `Kind/namespace/name` (`Broker/demo/default`, `InMemoryChannel/demo/orders`,
   * `Sequence/demo/checkout`, `Service/demo/billing`), and returns every delivery.
   */
  public send(cloudEvent: CloudEvent, target: string): RoutingResult {
    const parts = target.split('/');
    if (parts.length !== 3 || parts.some(p => p === '')) {
      throw new Error(`target ${JSON.stringify(target)}: expected Kind/namespace/name, e.g. Broker/demo/default`);
    }
    if (!this.router.topo.get(target)) {
      const known = this.addressables();
      throw new Error(`target ${target} is not among the objects${known.length ? `; the Addressables are: ${known.join(', ')}` : ' (there are no Addressables)'}`);
    }
    const result = this.router.send(cloudEvent._data, target);
    return {
      eventAttributes: attributesOf(cloudEvent._data),
      deliveries: result.deliveries.map(d => (d.note ? { via: d.via, to: d.to, note: d.note } : { via: d.via, to: d.to })),
      undelivered: result.undelivered.map(u => ({ via: u.via, reason: u.reason })),
    };
  }

  /** The objects events can be sent to, as `Kind/namespace/name`. */
  public addressables(): string[] {
    return this.router.topo.objects.filter(o => ADDRESSABLE(o.kind, o.group)).map(o => o.id);
  }

  /** The topology: sources, Brokers, Triggers, Channels, Subscriptions, flows, services and revisions. */
  public graph(): TopologyGraph {
    return TopologyGraph._of(buildGraph(this.router));
  }

  /**
   * Static analysis: Triggers whose filter matches no event the known
   * producers send into their Broker (PingSource, ApiServerSource,
   * GitHubSource and KafkaSource types, declared EventTypes), and Brokers or
   * Channels that receive events but have no Trigger or Subscription.
   */
  public warnings(): RoutingWarning[] {
    return analyze(this.router).map(f => ({ objectId: f.object, message: f.message }));
  }
}
