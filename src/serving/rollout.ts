import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check } from '../core/errors';

/** The annotation that spreads a traffic shift over time. */
export const ROLLOUT_DURATION_ANNOTATION = 'serving.knative.dev/rollout-duration';

/**
 * `annotations` plus the rollout-duration annotation (`<seconds>s`) when
 * `duration` is set; a duration that is not whole seconds, or an annotation
 * set both ways, throws.
 * @internal
 */
export function withRolloutDuration(scope: IConstruct, annotations: { [key: string]: string } | undefined, duration: Duration | undefined): { [key: string]: string } | undefined {
  if (duration === undefined) return annotations;
  const ms = duration.toMilliseconds();
  check(ms % 1000 === 0 && ms >= 0, scope, 'rolloutDuration', `${ms}ms`, 'must be whole seconds, 0 or more (Knative reads it at second precision)');
  check(annotations?.[ROLLOUT_DURATION_ANNOTATION] === undefined, scope, `metadata.annotations.${ROLLOUT_DURATION_ANNOTATION}`,
    annotations?.[ROLLOUT_DURATION_ANNOTATION], 'is set by the rolloutDuration prop; set it one way');
  return { ...annotations, [ROLLOUT_DURATION_ANNOTATION]: `${ms / 1000}s` };
}
