/**
 * Checks cron schedules the way Knative's PingSource does (robfig/cron's
 * standard parser, without `@every`), and time zones. Shared by the
 * PingSource construct and the `sources/ping-schedule` validation rule.
 */

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

/** What is wrong with a schedule, and whether it is the schedule or its time zone prefix. */
export interface CronProblem {
  /** `timezone` when the `CRON_TZ=`/`TZ=` prefix names an unknown zone. */
  readonly field: 'schedule' | 'timezone';
  /** What is wrong. */
  readonly message: string;
}

/**
 * Returns why `schedule` is not a schedule Knative accepts, or undefined when
 * it is one. A `CRON_TZ=<zone>` / `TZ=<zone>` prefix is accepted when the zone is valid.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  return cronError(schedule)?.message;
}

/** Like {@link cronScheduleProblem}, telling a bad time zone prefix from a bad schedule. */
export function cronError(schedule: string): CronProblem | undefined {
  const problem = (message: string): CronProblem => ({ field: 'schedule', message });
  let spec = schedule.trim();
  if (spec === '') return problem('the schedule is empty');
  if (spec.includes('@every')) return problem('@every is not supported by Knative');
  const tz = /^(CRON_TZ|TZ)=(\S+)\s+/.exec(spec);
  if (tz) {
    if (!isValidTimeZone(tz[2])) return { field: 'timezone', message: `unknown time zone "${tz[2]}"` };
    spec = spec.slice(tz[0].length).trim();
  }
  if (spec === '') return problem('the schedule is empty');
  if (spec.startsWith('@')) {
    return DESCRIPTORS.includes(spec) ? undefined : problem(`unknown descriptor "${spec}" (allowed: ${DESCRIPTORS.join(', ')})`);
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) return problem(`expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`);
  for (let i = 0; i < 5; i++) {
    const p = fieldProblem(fields[i], FIELDS[i]);
    if (p) return problem(`${FIELDS[i].name} "${fields[i]}": ${p}`);
  }
  return undefined;
}

function fieldProblem(field: string, spec: FieldSpec): string | undefined {
  for (const part of field.split(',')) {
    const problem = rangeProblem(part, spec);
    if (problem) return problem;
  }
  return undefined;
}

function rangeProblem(expr: string, spec: FieldSpec): string | undefined {
  const [range, step, ...rest] = expr.split('/');
  if (rest.length > 0) return 'too many slashes';
  let start: number;
  let end: number;
  if (range === '*' || range === '?') {
    start = spec.min;
    end = spec.max;
  } else {
    const bounds = range.split('-');
    if (bounds.length > 2) return 'too many hyphens';
    const lo = value(bounds[0], spec);
    if (lo === undefined) return `"${bounds[0]}" is not a number or name`;
    start = lo;
    if (bounds.length === 2) {
      const hi = value(bounds[1], spec);
      if (hi === undefined) return `"${bounds[1]}" is not a number or name`;
      end = hi;
    } else {
      end = step !== undefined ? spec.max : start;
    }
  }
  if (step !== undefined) {
    if (!/^\d+$/.test(step) || Number(step) === 0) return `step "${step}" must be a positive integer`;
  }
  if (start < spec.min) return `beginning of range (${start}) below minimum (${spec.min})`;
  if (end > spec.max) return `end of range (${end}) above maximum (${spec.max})`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end})`;
  return undefined;
}

function value(token: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const i = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (i < 0) return undefined;
  return spec.min + i;
}

/**
 * True when `zone` names an IANA time zone: one of
 * `Intl.supportedValuesOf('timeZone')`, an alias Node resolves (such as `UTC`),
 * or Go's `Local`.
 */
export function isValidTimeZone(zone: string): boolean {
  if (zone === 'Local' || supportedZones().has(zone)) return true;
  // aliases and links (UTC, Etc/UTC, US/Pacific...) are not listed but are IANA names too
  if (!/^[A-Za-z][A-Za-z0-9_]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let zones: Set<string> | undefined;
function supportedZones(): Set<string> {
  zones ??= new Set((Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone'));
  return zones;
}
