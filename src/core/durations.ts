/**
 * Durations as the manifests that hold Go duration strings want them:
 * Tekton timeouts, Istio durations and ExternalSecret refresh intervals are
 * all read with Go's `time.ParseDuration`, which has no unit finer than what
 * cdk8s' `Duration` can hold in whole milliseconds.
 */
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { check } from './errors';

/**
 * Throws unless `d` (when given) is a whole number of milliseconds, at least
 * `minMs`; `why` says why the minimum holds.
 */
export function checkMilliseconds(scope: IConstruct, field: string, d: Duration | undefined, minMs = 0, why?: string): void {
  if (d === undefined) return;
  const ms = d.toMilliseconds({ integral: false });
  check(ms >= minMs, scope, field, `${ms}ms`, `must be at least ${minMs}ms${why ? `; ${why}` : ''}`);
  check(Number.isInteger(ms), scope, field, `${ms}ms`, 'must be a whole number of milliseconds');
}

/**
 * A Duration as a Go duration string in seconds, or in milliseconds when it
 * is not whole seconds: `300s`, `1500ms` (what Tekton and Istio manifests
 * conventionally show). Check it with {@link checkMilliseconds} first.
 */
export function goSeconds(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * A Duration as a Go duration string in its largest whole unit: `1h`, `90m`, `45s`,
 * `250ms`. Check it with {@link checkMilliseconds} first.
 */
export function goDuration(d: Duration): string {
  const ms = d.toMilliseconds({ integral: false });
  if (ms % 1000 !== 0) return `${ms}ms`;
  const seconds = ms / 1000;
  if (seconds !== 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds !== 0 && seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
