import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeObject, Need, NeedKind, needsOf, tierOf } from '../validation/dependencies';
import { Manifest } from '../validation/types';
import { Validation } from '../validation/validation';

/** How {@link ApplyOrder} orders an app; see {@link ApplyOrder.configure}. */
export interface ApplyOrderOptions {
  /**
   * Whether every object gets an Argo CD sync wave (`argocd.argoproj.io/sync-wave`)
   * by tier: `0` Namespaces and CustomResourceDefinitions, `1` the Knative
   * Operator's KnativeServing / KnativeEventing, `2` configuration (Secrets,
   * ConfigMaps, ServiceAccounts, RBAC, Istio, ExternalSecrets, Tekton Tasks and
   * Pipelines...), `3` Knative resources and Tekton runs. Objects whose CRDs a
   * KnativeServing / KnativeEventing of the app installs also get
   * `argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true`, so
   * Argo CD does not refuse the sync before the Operator has installed them.
   * A sync wave or sync option you set on an object yourself is kept.
   * @default true
   * @see https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/
   */
  readonly argoCdSyncWaves?: boolean;
}

const ID = 'cdk8s-knative.ApplyOrder';
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/**
 * Orders an app's output so that it applies on an empty cluster: turn it on
 * with `ApplyOrder.of(app)` before `app.synth()` (or `cdk8s synth`).
 *
 * On synth, before cdk8s orders the charts, every object that needs another
 * object of the app gets a cdk8s dependency on it: an object on its
 * Namespace, a custom resource on its CustomResourceDefinition, a Knative
 * resource (Service, Broker, Trigger, sources...) on the KnativeServing /
 * KnativeEventing whose reconciliation installs its CRDs (references between
 * objects, such as a Trigger's sink, do not order anything: they resolve once
 * both exist). cdk8s then writes the charts in dependency order with numbered file names
 * (`0000-ingress.k8s.yaml`, `0001-platform.k8s.yaml`...), each chart's objects
 * in dependency order, and with `argoCdSyncWaves` every object carries an
 * Argo CD sync wave by tier.
 *
 * What no order can do: a Knative kind is served only once the Knative
 * Operator has reconciled the KnativeServing / KnativeEventing, so on an empty
 * cluster apply in two steps (the files up to the Operator resources, wait for
 * them to be Ready, then everything); Argo CD holds the later waves until its
 * built-in health checks find them healthy; Flux needs separate Kustomizations
 * with `dependsOn` (README, "Applying the output").
 *
 * Fails synth, naming the objects, when two charts need each other through
 * Namespaces or CRDs (no file order can apply them): move the Namespace or
 * the Operator resource to a chart of its own.
 */
export class ApplyOrder extends Construct {
  /**
   * The apply order of the app that holds `scope`, created (and attached to
   * the app's root) the first time it is asked for.
   */
  public static of(scope: IConstruct): ApplyOrder {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(ID);
    if (existing instanceof ApplyOrder) return existing;
    if (existing) throw new Error(`[${root.node.path}] the construct id ${ID} is reserved for cdk8s-knative's apply order`);
    return new ApplyOrder(root, ID);
  }

  private options: ApplyOrderOptions = {};
  /**
   * Annotations this construct wrote, with the value, by object: a later synth
   * may change them; one a user wrote (before or since) is never touched.
   */
  private readonly written = new WeakMap<ApiObject, Map<string, string>>();
  /** The problems of the last ordering. */
  private errors: string[] = [];
  /** The renders the last ordering read, when it changed nothing (they stay the pass's renders). */
  private ordered?: object;

  private readonly validation: Validation;

  private constructor(scope: IConstruct, id: string) {
    super(scope as Construct, id);
    // the objects are rendered once per validation pass, for the order and the validation;
    // the validation's own start of a pass must come first on the root
    this.validation = Validation.of(scope);
    // On the root itself: the root's validations run before any child's, so the
    // annotations are in place when the app's validation reads the objects.
    scope.node.addValidation({ validate: () => {
      this.errors = this.order();
      return [];
    } });
    // ...and its problems are reported under this construct's path
    this.node.addValidation({ validate: () => this.errors });
  }

  /** Sets how the app is ordered; each call overrides the options it sets and keeps the others. */
  public configure(options: ApplyOrderOptions): void {
    if (options.argoCdSyncWaves !== undefined) this.options = { ...this.options, argoCdSyncWaves: options.argoCdSyncWaves };
  }

  private order(): string[] {
    const pass = this.validation._passObjects();
    // the renders this order was made from (a later pass of the same app.synth()): nothing changed since
    if (pass === this.ordered) return this.errors;
    const { objects, manifests } = pass;
    const charts = objects.map(o => chartOf(o));
    const needs = needsOf(manifests, { references: false });
    const graph = new ChartGraph(this.node.root);
    const errors: string[] = [];

    // Namespaces and CRDs first: an object cannot be applied before them.
    for (const n of needs) {
      const from = charts[n.from];
      const to = charts[n.to];
      const back = from && to && from !== to ? graph.path(to, from) : undefined;
      if (from && to && back) {
        errors.push(cycleMessage(n, from, to, back, manifests));
        continue;
      }
      if (from && to && from !== to) {
        graph.add(from, to, `${describeObject(manifests[n.from])} needs ${n.reason}`);
        // on the charts too: synthYaml() orders the charts before it runs the validations that add these
        from.node.addDependency(to);
      }
      objects[n.from].node.addDependency(objects[n.to]);
    }
    if (errors.length > 0) return errors;
    this.ordered = pass;
    // References (a Trigger's sink, a Secret...) do not order charts: Knative and Kubernetes resolve them
    // once both objects exist, and every chart dependency makes cdk8s link each object of one chart to
    // each object of the other, which grows with the product of their sizes.
    if (this.options.argoCdSyncWaves !== false) this.annotate(objects, manifests, needs);
    return [];
  }

  private annotate(objects: readonly ApiObject[], manifests: readonly Manifest[], needs: Need[]): void {
    const needsProvider = new Set(needs.filter(n => n.kind === NeedKind.PROVIDER).map(n => n.from));
    let changed = false;
    objects.forEach((o, i) => {
      const annotations = manifests[i].metadata?.annotations ?? {};
      const mine = this.written.get(o) ?? new Map<string, string>();
      this.written.set(o, mine);
      // ours to (re)write: not set, or still the value this construct wrote
      const free = (key: string) => annotations[key] === undefined || mine.get(key) === annotations[key];
      const set = (key: string, value: string, own = true) => {
        if (own) mine.set(key, value);
        if (annotations[key] === value) return;
        o.metadata.addAnnotation(key, value);
        changed = true;
      };
      if (free(SYNC_WAVE)) set(SYNC_WAVE, String(tierOf(manifests[i])));
      if (needsProvider.has(i)) {
        const current = annotations[SYNC_OPTIONS];
        if (free(SYNC_OPTIONS)) {
          set(SYNC_OPTIONS, SKIP_DRY_RUN);
        } else if (!current.split(',').map(s => s.trim()).includes(SKIP_DRY_RUN)) {
          // the user's options, with ours added: still the user's
          set(SYNC_OPTIONS, `${current},${SKIP_DRY_RUN}`, false);
        }
      }
    });
    // the validation reads the objects after this: with new annotations it renders them again
    if (changed) this.validation._objectsChanged();
  }
}

/** The closest chart of `c`, if any. */
function chartOf(c: IConstruct): Chart | undefined {
  for (const s of [...c.node.scopes].reverse()) {
    if (Chart.isChart(s)) return s;
  }
  return undefined;
}

/**
 * Dependencies between the app's charts: the ones the app already has
 * (`chart.addDependency`, construct dependencies across charts) and the ones
 * added here, each with why.
 */
class ChartGraph {
  private readonly edges = new Map<Chart, Map<Chart, string>>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      const from = chartOf(c);
      if (!from) continue;
      for (const d of c.node.dependencies) {
        const to = chartOf(d);
        if (to && to !== from && !this.has(from, to)) {
          this.add(from, to, Chart.isChart(c) && Chart.isChart(d) ? `chart ${from.node.path} depends on chart ${to.node.path}`
            : `${c.node.path} depends on ${d.node.path}`);
        }
      }
    }
  }

  public has(from: Chart, to: Chart): boolean {
    return this.edges.get(from)?.has(to) ?? false;
  }

  public add(from: Chart, to: Chart, why: string): void {
    const m = this.edges.get(from) ?? new Map<Chart, string>();
    this.edges.set(from, m);
    if (!m.has(to)) m.set(to, why);
  }

  /** Why `from` depends on `to`, directly or through other charts: the reasons along one path; undefined when it does not. */
  public path(from: Chart, to: Chart): string[] | undefined {
    const seen = new Set<Chart>([from]);
    const queue: { chart: Chart; why: string[] }[] = [{ chart: from, why: [] }];
    while (queue.length > 0) {
      const { chart, why } = queue.shift()!;
      for (const [next, reason] of this.edges.get(chart) ?? []) {
        if (next === to) return [...why, reason];
        if (!seen.has(next)) {
          seen.add(next);
          queue.push({ chart: next, why: [...why, reason] });
        }
      }
    }
    return undefined;
  }
}

function cycleMessage(n: Need, from: Chart, to: Chart, back: string[], manifests: readonly Manifest[]): string {
  return `ApplyOrder: charts ${from.node.path} and ${to.node.path} need each other, so no file order applies them: `
    + `${describeObject(manifests[n.from])} (${from.node.path}) needs ${n.reason} (${to.node.path}), and ${back.join(', and ')}. `
    + 'Move the Namespace or the KnativeServing / KnativeEventing into a chart of its own (or into the chart that needs it), '
    + 'so each chart only needs charts written before it';
}

/** The objects of one file of the output, in the order `kubectl apply -f` reads them. */
export interface OrderedFile {
  readonly file: string;
  readonly objects: Manifest[];
}

/**
 * Checks the output of an app in the order `kubectl apply -f <dir>` applies it
 * (files sorted by path, objects in file order): no object comes before the
 * Namespace or the CustomResourceDefinition it needs, and no object is in the
 * same file as, or an earlier file than, the KnativeServing / KnativeEventing
 * that installs its CRDs (the file boundary is where one waits for the
 * Operator). Objects carrying Argo CD sync waves must not be in an earlier wave
 * than what they need, and must be in a later wave than an Operator resource.
 * Returns one line per problem.
 */
export function checkApplyOrder(files: readonly OrderedFile[]): string[] {
  const placed = files.flatMap((f, fileIndex) => f.objects.map(m => ({ m, file: f.file, fileIndex })));
  const problems: string[] = [];
  for (const n of needsOf(placed.map(p => p.m), { references: false })) {
    const from = placed[n.from];
    const to = placed[n.to];
    const where = `${describeObject(from.m)} (${from.file})`;
    if (n.kind === NeedKind.PROVIDER ? to.fileIndex >= from.fileIndex : n.to > n.from) {
      problems.push(`${where} is applied ${n.kind === NeedKind.PROVIDER && to.fileIndex === from.fileIndex ? 'in the same file as' : 'before'} ${n.reason} (${to.file})`);
    }
    const waveFrom = waveOf(from.m);
    const waveTo = waveOf(to.m);
    if (waveFrom !== undefined && waveTo !== undefined && (n.kind === NeedKind.PROVIDER ? waveTo >= waveFrom : waveTo > waveFrom)) {
      problems.push(`${where} has sync wave ${waveFrom}, not after ${n.reason} (wave ${waveTo})`);
    }
  }
  return problems;
}

function waveOf(m: Manifest): number | undefined {
  const w = m.metadata?.annotations?.[SYNC_WAVE];
  return w === undefined ? undefined : Number(w);
}
