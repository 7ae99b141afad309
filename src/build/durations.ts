import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check } from '../core/errors';

/**
 * Checks that a Tekton timeout is a whole number of milliseconds, so that
 * {@link tektonDuration} can write it.
 * @internal
 */
export function checkTektonDuration(scope: IConstruct, field: string, d: Duration | undefined): void {
  if (d === undefined) return;
  const ms = d.toMilliseconds({ integral: false });
  check(Number.isInteger(ms) && ms >= 0, scope, field, `${ms} ms`, 'must be a whole number of milliseconds');
}

/**
 * A Duration as Tekton's timeouts read it (Go's `time.ParseDuration`):
 * whole seconds as `90s`, anything finer as `1500ms`.
 * @internal
 */
export function tektonDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
