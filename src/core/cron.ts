/**
 * Checks cron schedules the way Knative's PingSource does, and time zones.
 * Shared by the PingSource construct and the `sources/ping-schedule` validation rule.
 *
 * Upstream: knative/eventing knative-v1.22.2 `pkg/apis/sources/v1/ping_validation.go`
 * (`PingSourceSpec.Validate`) parses with robfig/cron v3.0.1
 * `NewParser(SecondOptional | Minute | Hour | Dom | Month | Dow | Descriptor)`
 * (`parser.go`: `Parse`, `normalizeFields`, `getRange`, `parseDescriptor`), after rejecting any
 * schedule that contains `@every`. An empty schedule is defaulted to `* * * * *` first
 * (`ping_defaults.go`, `PingSourceSpec.SetDefaults`).
 */

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECONDS: FieldSpec = { name: 'second', min: 0, max: 59 };
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

/**
 * Like {@link cronScheduleProblem}, telling a bad time zone prefix from a bad schedule.
 * The empty string is accepted: Knative defaults it to `* * * * *`.
 */
export function cronError(schedule: string): CronProblem | undefined {
  const problem = (message: string): CronProblem => ({ field: 'schedule', message });
  if (schedule === '') return undefined;
  if (schedule.includes('@every')) return problem('@every is not supported by Knative');
  let spec = schedule;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    // robfig/cron: the zone runs from the first '=' to the first space.
    const space = spec.indexOf(' ');
    const zone = space < 0 ? spec.slice(spec.indexOf('=') + 1) : spec.slice(spec.indexOf('=') + 1, space);
    if (space < 0 || !isValidTimeZone(zone)) return { field: 'timezone', message: `unknown time zone "${zone}"` };
    spec = spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    return DESCRIPTORS.includes(spec) ? undefined : problem(`unknown descriptor "${spec}" (allowed: ${DESCRIPTORS.join(', ')})`);
  }
  const fields = spec.split(/\s+/).filter(f => f !== '');
  if (fields.length < 5 || fields.length > 6) {
    return problem(`expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, found ${fields.length}`);
  }
  const specs = fields.length === 6 ? [SECONDS, ...FIELDS] : FIELDS;
  for (let i = 0; i < fields.length; i++) {
    const p = fieldProblem(fields[i], specs[i]);
    if (p) return problem(`${specs[i].name} "${fields[i]}": ${p}`);
  }
  return undefined;
}

function fieldProblem(field: string, spec: FieldSpec): string | undefined {
  for (const part of field.split(',')) {
    if (part === '') continue;
    const problem = rangeProblem(part, spec);
    if (problem) return problem;
  }
  return undefined;
}

function rangeProblem(expr: string, spec: FieldSpec): string | undefined {
  const rangeAndStep = expr.split('/');
  const bounds = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (bounds[0] === '*' || bounds[0] === '?') {
    // robfig/cron ignores anything after "*-".
    start = spec.min;
    end = spec.max;
  } else {
    const lo = value(bounds[0], spec);
    if (typeof lo === 'string') return lo;
    start = lo;
    if (bounds.length === 1) {
      end = start;
    } else if (bounds.length === 2) {
      const hi = value(bounds[1], spec);
      if (typeof hi === 'string') return hi;
      end = hi;
    } else {
      return 'too many hyphens';
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const s = int(rangeAndStep[1]);
    if (typeof s === 'string') return s;
    step = s;
    // "N/step" means "N-max/step"
    if (bounds.length === 1) end = spec.max;
  } else if (rangeAndStep.length > 2) {
    return 'too many slashes';
  }
  if (start < spec.min) return `beginning of range (${start}) below minimum (${spec.min})`;
  if (end > spec.max) return `end of range (${end}) above maximum (${spec.max})`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end})`;
  if (step === 0) return 'step of range should be a positive number';
  return undefined;
}

/** A number or (for months and days of week) a name; a message when it is neither. */
function value(token: string, spec: FieldSpec): number | string {
  const i = spec.names?.indexOf(token.toLowerCase()) ?? -1;
  if (i >= 0) return spec.min + i;
  return int(token);
}

/** Go's strconv.Atoi, then robfig/cron's non-negative check; a message when it fails. */
function int(token: string): number | string {
  if (!/^[+-]?\d+$/.test(token)) return `"${token}" is not a number${token === '' ? '' : ' or name'}`;
  const n = Number(token);
  if (n < 0) return `negative number (${n}) not allowed`;
  return n;
}

/**
 * True when `zone` names an IANA time zone: one of
 * `Intl.supportedValuesOf('timeZone')`, an alias Node resolves (such as `UTC`),
 * or Go's `Local`.
 */
export function isValidTimeZone(zone: string): boolean {
  // UTC is required of every ECMA-402 implementation: accepted without building a formatter (about 25 ms, once)
  if (zone === 'Local' || zone === 'UTC' || supportedZones().has(zone)) return true;
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
