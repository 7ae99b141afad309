import { IConstruct } from 'constructs';
import { describeValue } from '../core/errors';
import { constrainAtInstall, holdsToken, plainValue, requireAtInstall } from '../core/install-values';
import { isUnresolved } from '../core/tokens';
import { REVISION_TEMPLATES } from '../serving/revision-template';

/**
 * The limits a KnativeServing sets on every Service and Configuration of the
 * app, checked as the validator checks them against a cluster config: a
 * Revision's `max-scale` within `max-scale-limit`, its `containerConcurrency`
 * within config-defaults `container-concurrency-max-limit`. The plain values
 * (a chart value's default) are checked now; with chart values the rule is
 * recorded for install, so the chart refuses what the cluster would.
 */

/** What a KnativeServing states about the Services' limits. */
export interface ServingLimits {
  /** `autoscaler.maxScaleLimit` (0: no limit). */
  readonly maxScaleLimit?: number;
  /** config-defaults `container-concurrency-max-limit`, as written. */
  readonly containerConcurrencyMaxLimit?: string;
  /** config-defaults `allow-container-concurrency-zero`, as written. */
  readonly allowContainerConcurrencyZero?: string;
}

/**
 * Checks the Services and Configurations of the app against `limits` of the
 * KnativeServing `serving`; returns the problems as validation messages and
 * records the rules of chart values (idempotent: a rule is recorded once).
 */
export function checkServingLimits(serving: IConstruct, limits: ServingLimits): string[] {
  const errors: string[] = [];
  for (const c of serving.node.root.node.findAll()) {
    const props = REVISION_TEMPLATES.get(c);
    if (!props) continue;
    errors.push(...checkMaxScale(serving, c, props.autoscaling?.maxScale, limits.maxScaleLimit));
    errors.push(...checkConcurrency(serving, c, props.containerConcurrency, limits));
  }
  return errors;
}

function problem(scope: IConstruct, field: string, value: unknown, allowed: string, tokens: boolean): string {
  return `[${scope.node.path}] ${field}: ${describeValue(value)} is not allowed; ${allowed}${tokens ? ' (this is the default of a chart value)' : ''}`;
}

function checkMaxScale(serving: IConstruct, owner: IConstruct, max: number | undefined, limit: number | undefined): string[] {
  if (max === undefined || limit === undefined) return [];
  const field = 'autoscaling.maxScale';
  const where = `the cluster's max-scale-limit (autoscaler.maxScaleLimit of KnativeServing ${serving.node.path})`;
  const plainLimit = plainValue(serving, limit);
  const plainMax = plainValue(owner, max);
  let allowed: string;
  if (isUnresolved(limit)) {
    // 1 ≤ max ≤ limit, unless the limit is 0
    allowed = `must be an integer from 1 to ${where}, unless that limit is 0 (no limit): Knative refuses a max-scale above it, and max-scale=0 (unlimited) when the cluster sets one`;
    requireAtInstall(owner, { field, allowed, condition: { kind: 'atMost', left: max, right: limit, unless: limit } });
    requireAtInstall(owner, { field, allowed, condition: { kind: 'atMost', left: 1, right: max, unless: limit } });
  } else {
    if (limit === 0) return [];
    allowed = `must be an integer from 1 to ${limit}, ${where}: Knative refuses a max-scale above it, and max-scale=0 (unlimited) when the cluster sets one`;
    constrainAtInstall(owner, field, max, { integer: true, minimum: 1, maximum: limit, allowed });
  }
  const ok = plainLimit === 0 || (plainMax >= 1 && plainMax <= plainLimit);
  return ok ? [] : [problem(owner, field, plainMax, allowed, holdsToken(max) || holdsToken(limit))];
}

function checkConcurrency(serving: IConstruct, owner: IConstruct, value: number | undefined, limits: ServingLimits): string[] {
  if (value === undefined) return [];
  const text = limits.containerConcurrencyMaxLimit;
  // a limit that is a chart value (a string in the config map) cannot be compared at install: only a plain one is
  const max = text !== undefined && !isUnresolved(text) && /^[0-9]+$/.test(text.trim()) ? Number(text.trim()) : undefined;
  const zero = limits.allowContainerConcurrencyZero;
  const noZero = zero !== undefined && !isUnresolved(zero) && zero.trim().toLowerCase() === 'false';
  if (max === undefined && !noZero) return [];
  const field = 'containerConcurrency';
  const top = max ?? 1000;
  const min = noZero ? 1 : 0;
  const allowed = `must be an integer from ${noZero ? '1' : '0 (unlimited)'} to ${top} (config-defaults container-concurrency-max-limit`
    + `${noZero ? ', allow-container-concurrency-zero: "false"' : ''} of KnativeServing ${serving.node.path})`;
  constrainAtInstall(owner, field, value, { integer: true, minimum: min, maximum: top, allowed });
  const plain = plainValue(owner, value);
  return plain >= min && plain <= top ? [] : [problem(owner, field, plain, allowed, holdsToken(value))];
}

