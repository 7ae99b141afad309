import { IConstruct } from 'constructs';
import { check, checkDns1035Label, checkDns1123Label, checkIntegerRange, isUnresolved, KnativePropError, tokenAwareSubtract } from '../core';
import { dropUndefined } from '../core/json';
import type { IConfiguration } from './configuration';

/** Options of one traffic target. */
export interface TrafficTargetOptions {
  /**
   * Share of the traffic, 0–100. The shares of all targets add up to 100.
   * @default 0 when other targets are given (a tag-only target); 100 for a single target
   */
  readonly percent?: number;
  /**
   * Tag: the target also gets its own URL, `<tag>-<name>.<namespace>.<domain>`.
   * @default - no tag
   */
  readonly tag?: string;
}

/**
 * Where part of the traffic of a Service or Route goes: the latest ready
 * Revision or a named one.
 * @see https://knative.dev/docs/serving/traffic-management/
 */
export class TrafficTarget {
  /** The latest ready Revision (of the Service itself). */
  public static toLatestRevision(options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ latestRevision: true, ...options });
  }

  /** A Revision by name; it keeps its share when newer Revisions appear. */
  public static toRevision(revisionName: string, options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ revisionName, latestRevision: false, ...options });
  }

  /**
   * The latest ready Revision of a Configuration (Route targets only): one of
   * the app, or one imported with `Configuration.fromConfigurationName()`.
   */
  public static toLatestOf(configuration: IConfiguration, options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ latestRevision: true, configurationName: configuration.name, ...options });
  }

  /** The latest ready Revision of the Configuration named `configurationName`. @internal */
  public static _toLatestOfName(configurationName: string, options: TrafficTargetOptions = {}): TrafficTarget {
    return new TrafficTarget({ latestRevision: true, configurationName, ...options });
  }

  /** `true` when the target follows the latest ready Revision. */
  public readonly latestRevision: boolean;
  /** The Revision the target pins, if any. */
  public readonly revisionName?: string;
  /** The Configuration whose latest Revision it follows (Route targets). */
  public readonly configurationName?: string;
  /** Its share of the traffic, if set. */
  public readonly percent?: number;
  /** Its tag, if set. */
  public readonly tag?: string;

  private constructor(spec: { latestRevision: boolean; revisionName?: string; configurationName?: string; percent?: number; tag?: string }) {
    this.latestRevision = spec.latestRevision;
    this.revisionName = spec.revisionName;
    this.configurationName = spec.configurationName;
    this.percent = spec.percent;
    this.tag = spec.tag;
  }

  /** @internal */
  public _toJson(percent: number | undefined): Record<string, unknown> {
    return dropUndefined({
      configurationName: this.configurationName,
      latestRevision: this.latestRevision,
      revisionName: this.revisionName,
      percent,
      tag: this.tag,
    });
  }
}

/** Who owns the traffic block: a Service (targets its own Revisions) or a Route. */
type TrafficOwner = 'service' | 'route';

/**
 * Checks a traffic block the way Knative's webhook does and renders it.
 * A single target without a percent gets 100.
 * @internal
 */
export function renderTraffic(scope: IConstruct, targets: TrafficTarget[], owner: TrafficOwner, field = 'traffic'): Record<string, unknown>[] | undefined {
  if (targets.length === 0) return undefined;
  const percents = targets.map(t => t.percent ?? (targets.length === 1 ? 100 : 0));
  const tags = new Set<string>();
  targets.forEach((t, i) => {
    const f = `${field}[${i}]`;
    checkIntegerRange(scope, `${f}.percent`, t.percent, 0, 100);
    if (t.revisionName !== undefined) checkDns1123Label(scope, `${f}.revisionName`, t.revisionName);
    if (owner === 'service') {
      check(t.configurationName === undefined, scope, `${f}.configurationName`, t.configurationName,
        'a Service routes to its own Revisions; use TrafficTarget.toLatestRevision() or toRevision()');
    } else {
      check(!t.latestRevision || t.configurationName !== undefined, scope, f, 'latestRevision without configuration',
        'a Route target follows a Configuration: use TrafficTarget.toLatestOf(configuration) or toRevision()');
    }
    if (t.tag !== undefined) {
      checkDns1035Label(scope, `${f}.tag`, t.tag);
      check(!tags.has(t.tag), scope, `${f}.tag`, t.tag, 'tags must be unique within the traffic block');
      tags.add(t.tag);
    }
  });
  const sum = percents.reduce((a, b) => a + b, 0);
  if (sum !== 100 && !percents.some(isUnresolved)) {
    throw new KnativePropError(scope, `${field}[*].percent`, percents, `the percents must add up to 100, not ${sum}`);
  }
  return targets.map((t, i) => t._toJson(percents[i]));
}

/** Options of the `canary()` release method of a Service or Route. */
export interface CanaryOptions {
  /**
   * Tag of the stable Revision's own URL.
   * @default 'stable'
   */
  readonly stableTag?: string;
  /**
   * Tag of the canary's own URL.
   * @default 'canary'
   */
  readonly canaryTag?: string;
}

/** Which side of a blue-green pair is live. */
export enum BlueGreenSide {
  /** The `blue` Revision takes all traffic. */
  BLUE = 'blue',
  /** The `green` Revision takes all traffic. */
  GREEN = 'green',
}

/** Options of the `blueGreen()` release method of a Service or Route. */
export interface BlueGreenOptions {
  /** The Revision currently serving (tagged `blue`). */
  readonly blue: string;
  /** The new Revision (tagged `green`, reachable at its tag URL before it goes live). */
  readonly green: string;
  /**
   * Which one takes the traffic.
   * @default BlueGreenSide.BLUE
   */
  readonly live?: BlueGreenSide;
}

type ReleaseMethod = 'canary' | 'blueGreen' | 'promote';
const TRAFFIC_PROP = 'traffic';
const SET_TRAFFIC = 'replaceTraffic';
type TrafficSetter = ReleaseMethod | typeof TRAFFIC_PROP | typeof SET_TRAFFIC;

function describeSetter(by: TrafficSetter): string {
  return by === TRAFFIC_PROP ? 'the traffic prop' : `${by}()`;
}

/**
 * The traffic split of a Service or Route and who set it: by hand (the
 * `traffic` prop or `replaceTraffic()`) or by one release method (`canary()`,
 * `blueGreen()`, then maybe `promote()`). A release method refuses to replace a
 * split set another way: one owner of the split.
 * @internal
 */
export class TrafficSplit {
  private current: TrafficTarget[];
  private setBy: TrafficSetter | undefined;
  private renderedTargets: Record<string, unknown>[] | undefined;

  constructor(private readonly scope: IConstruct, private readonly owner: TrafficOwner, fromProp: TrafficTarget[]) {
    this.current = [...fromProp];
    this.setBy = this.current.length > 0 ? TRAFFIC_PROP : undefined;
    this.renderedTargets = renderTraffic(scope, this.current, owner);
  }

  /** The current targets (a copy). */
  public get targets(): TrafficTarget[] {
    return [...this.current];
  }

  /** The checked, rendered split (undefined when empty). */
  public get rendered(): Record<string, unknown>[] | undefined {
    return this.renderedTargets;
  }

  /** Replaces the split (by hand); an empty list leaves it unset. A bad split throws and changes nothing. */
  public replace(targets: TrafficTarget[]): void {
    this.renderedTargets = renderTraffic(this.scope, targets, this.owner);
    this.current = [...targets];
    this.setBy = targets.length > 0 ? SET_TRAFFIC : undefined;
  }

  /** `percent` to `latest`, the rest to `stableRevision`, both tagged. */
  public canary(stableRevision: string, percent: number, options: CanaryOptions, latest: (o: TrafficTargetOptions) => TrafficTarget): void {
    checkIntegerRange(this.scope, 'canary.percent', percent, 0, 100);
    this.claim('canary');
    this.write('canary', [
      TrafficTarget.toRevision(stableRevision, { percent: tokenAwareSubtract(100, percent), tag: options.stableTag ?? 'stable' }),
      latest({ percent, tag: options.canaryTag ?? 'canary' }),
    ]);
  }

  /** One of two named Revisions takes all traffic; both tagged. */
  public blueGreen(options: BlueGreenOptions): void {
    check(options.blue !== options.green, this.scope, 'blueGreen.green', options.green, 'must differ from blue');
    this.claim('blueGreen');
    const live = options.live ?? BlueGreenSide.BLUE;
    this.write('blueGreen', [
      TrafficTarget.toRevision(options.blue, { percent: live === BlueGreenSide.BLUE ? 100 : 0, tag: BlueGreenSide.BLUE }),
      TrafficTarget.toRevision(options.green, { percent: live === BlueGreenSide.GREEN ? 100 : 0, tag: BlueGreenSide.GREEN }),
    ]);
  }

  /** All traffic to `latest`; the tagged Revisions of a release stay reachable with 0 %. */
  public promote(latest: TrafficTarget): void {
    this.claim('promote', ['canary', 'blueGreen', 'promote']);
    const kept = this.current
      .filter(t => t.tag !== undefined && !t.latestRevision && t.revisionName !== undefined)
      .map(t => TrafficTarget.toRevision(t.revisionName!, { percent: 0, tag: t.tag }));
    this.write('promote', [latest, ...kept]);
  }

  /** Throws unless release method `method` may write the split: nothing set it yet, or one of `after` did. */
  private claim(method: ReleaseMethod, after: TrafficSetter[] = []): void {
    const by = this.setBy;
    if (by === undefined || after.includes(by)) return;
    const fix = by === TRAFFIC_PROP || by === SET_TRAFFIC
      ? `remove ${by === TRAFFIC_PROP ? 'the traffic prop' : 'the replaceTraffic() call'}, or write the split you want with replaceTraffic() instead`
      : 'call one release method (canary() or blueGreen(), then promote() if you wish), or write the split you want with replaceTraffic()';
    throw new KnativePropError(this.scope, method, `replacing the traffic split set by ${describeSetter(by)}`,
      `${method}() writes the whole traffic split; ${fix}`);
  }

  private write(method: ReleaseMethod, targets: TrafficTarget[]): void {
    this.renderedTargets = renderTraffic(this.scope, targets, this.owner);
    this.current = targets;
    this.setBy = method;
  }
}
