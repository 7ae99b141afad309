import { IConstruct } from 'constructs';
import { describeValue, withDefaultNote } from '../core/errors';
import { constrainAtInstall, holdsToken, plainValue, requireAtInstall } from '../core/install-values';
import { isUnresolved } from '../core/tokens';
import { addRevisionTemplateCheck } from '../serving/revision-template';

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
 * Binds every Service and Configuration of the app of the KnativeServing
 * `serving` (made before or after it) to the limits `limits()` returns when
 * the app is validated: each problem is reported at the path of the Service
 * or Configuration whose prop breaks the limit, and names the KnativeServing
 * in its words. The rules of chart values are recorded for install
 * (idempotent: a rule is recorded once).
 */
export function bindServingLimits(serving: IConstruct, limits: () => ServingLimits): void {
  addRevisionTemplateCheck(serving, {
    check: (owner, props) => {
      const l = limits();
      return [
        ...checkMaxScale(serving, owner, props.autoscaling?.maxScale, l.maxScaleLimit),
        ...checkConcurrency(serving, owner, props.containerConcurrency, l),
      ];
    },
  });
}

/** A validation message of the owner (cdk8s prefixes its path; the message does not repeat it). */
function problem(field: string, value: unknown, allowed: string, tokens: boolean): string {
  return `${field}: ${describeValue(value)} is not allowed; ${withDefaultNote(tokens, allowed)}`;
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
  if (ok) return [];
  // a limit from a chart value is checked by its default: the message says which
  const shown = isUnresolved(limit) ? allowed.replace(where, `${where.slice(0, -1)}, a chart value whose default is ${plainLimit})`) : allowed;
  return [problem(field, plainMax, shown, holdsToken(max))];
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
  return plain >= min && plain <= top ? [] : [problem(field, plain, allowed, holdsToken(value))];
}

