import { IConstruct } from 'constructs';
import { check, checkDns1035Label, checkDns1123Label, checkIntegerRange, isUnresolved, KnativePropError } from '../core';
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
