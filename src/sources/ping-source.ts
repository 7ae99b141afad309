import { Construct } from 'constructs';
import type * as gen from '../../imports/sources-ping-sources.knative.dev';
import { KINDS } from '../core/kinds';
import { check, checkPropTypes, checkValue, KnativePropError, PropChecks, withDefaultNote } from '../core/errors';
import { constrainAtInstall, holdsToken, plainValue, ValueRule } from '../core/install-values';
import { cronScheduleProblem, isValidTimeZone } from '../core/cron';
import { MEDIA_TYPE_RULE } from '../core/syntax';
import { SourceBase } from './source-base';
import { SourceProps } from './source-props';

/** Properties of a {@link PingSource}. */
export interface PingSourceProps extends SourceProps {
  /**
   * When to send the event: a 5-field cron expression (`*\/5 * * * *`), 6 fields
   * with seconds first (`0 *\/5 * * * *`), or a descriptor such as `@hourly`
   * (`@every` is not supported). Knative reads an empty schedule as `* * * * *`.
   */
  readonly schedule: string;
  /**
   * The IANA time zone the schedule is read in, e.g. `Europe/Paris`.
   * @default - the time zone of the Knative controller (usually UTC)
   */
  readonly timezone?: string;
  /**
   * The event data, as text. Not together with `dataBase64`.
   * @default - no data
   */
  readonly data?: string;
  /**
   * The event data, base64-encoded binary. Not together with `data`.
   * @default - no data
   */
  readonly dataBase64?: string;
  /**
   * The media type of the data; with `application/json` the data must be a JSON object.
   * @default - none
   */
  readonly contentType?: string;
}

/**
 * A PingSource (`sources.knative.dev/v1`): sends an event with fixed data on a
 * cron schedule.
 *
 * @see https://knative.dev/docs/eventing/sources/ping-source/
 */
export class PingSource extends SourceBase {
  public readonly resourceType = 'pingsources';
  private readonly props: PingSourceProps;

  constructor(scope: Construct, id: string, props: PingSourceProps) {
    super(scope, id, KINDS.PingSource, props);
    checkPropTypes(this, props, {
      schedule: 'string', timezone: 'string', data: 'string', dataBase64: 'string', contentType: 'string',
    });
    const checks = PropChecks.gather(this);
    this.props = props;
    this.check();
    checks.done();
  }

  private check(): void {
    const raw = this.props;
    constrainAtInstall(this, 'schedule', raw.schedule, CRON_RULE);
    if (raw.timezone !== undefined) constrainAtInstall(this, 'schedule', raw.schedule, CRON_WITHOUT_TIME_ZONE_RULE);
    constrainAtInstall(this, 'timezone', raw.timezone, TIME_ZONE_RULE);
    checkValue(this, 'contentType', raw.contentType, MEDIA_TYPE_RULE);
    checkValue(this, 'dataBase64', raw.dataBase64, BASE64_RULE);
    // JSON cannot be parsed at install: a data value under a fixed JSON content type must at least be braced
    if (raw.contentType === 'application/json') constrainAtInstall(this, 'data', raw.data, JSON_OBJECT_RULE);
    // the checks read what plain synth writes: a chart value's default (and say so)
    const p = plainValue(this, raw);
    const problem = cronScheduleProblem(p.schedule ?? '');
    check(!problem, this, 'schedule', p.schedule, withDefaultNote(holdsToken(raw.schedule),
      `${problem}; use 5 cron fields "minute hour day-of-month month day-of-week" (6 with seconds first) or one of @yearly, @monthly, @weekly, @daily, @hourly`));
    if (p.timezone !== undefined) {
      check(!/^(CRON_TZ|TZ)=/.test(p.schedule ?? ''), this, 'timezone', p.timezone, withDefaultNote(holdsToken([raw.schedule, raw.timezone]),
        'the schedule already names a time zone (CRON_TZ=/TZ=); give the time zone in one place only'));
      check(isValidTimeZone(p.timezone), this, 'timezone', p.timezone,
        withDefaultNote(holdsToken(raw.timezone), 'must be an IANA time zone name such as "Europe/Paris" or "UTC"'));
    }
    check(!(p.data !== undefined && p.dataBase64 !== undefined), this, 'dataBase64', p.dataBase64, 'give data or dataBase64, not both');
    if (p.contentType === 'application/json') {
      const text = p.data ?? (p.dataBase64 !== undefined ? Buffer.from(p.dataBase64, 'base64').toString('utf8') : undefined);
      if (text !== undefined && !isJsonObject(text)) {
        const field = p.data !== undefined ? 'data' : 'dataBase64';
        throw new KnativePropError(this, field, p.data ?? p.dataBase64,
          withDefaultNote(holdsToken([raw[field], raw.contentType]), 'with contentType application/json the data must be a JSON object'));
      }
    }
  }

  /** @internal */
  protected _sourceFields(): Partial<gen.PingSourceSpec> {
    const p = this.props;
    return {
      schedule: p.schedule,
      timezone: p.timezone,
      contentType: p.contentType,
      data: p.data,
      dataBase64: p.dataBase64,
    };
  }
}

/** The cron schedules Knative takes, as far as a pattern can tell (the default is checked in full). */
const CRON_RULE: ValueRule = {
  pattern: '^((CRON_TZ|TZ)=[^ ]+ +)?(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*?/,-]+( +[0-9A-Za-z*?/,-]+){4,5})$',
  allowed: 'must be a cron schedule: 5 fields "minute hour day-of-month month day-of-week" (6 with seconds first) or one of @yearly, @monthly, @weekly, @daily, @hourly',
};
/** A schedule beside the timezone prop: no CRON_TZ=/TZ= prefix (cron fields hold no '='). */
const CRON_WITHOUT_TIME_ZONE_RULE: ValueRule = {
  pattern: '^[^=]*$',
  allowed: 'the schedule already names a time zone (CRON_TZ=/TZ=); give the time zone in one place only',
};
/** A JSON object, as far as a pattern tells (the default is parsed in full). */
const JSON_OBJECT_RULE: ValueRule = {
  pattern: '^[ \\t\\n\\r]*\\{[\\s\\S]*\\}[ \\t\\n\\r]*$',
  allowed: 'with contentType application/json the data must be a JSON object',
};
const TIME_ZONE_RULE: ValueRule = {
  pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
  allowed: 'must be an IANA time zone name such as "Europe/Paris" or "UTC"',
};
const BASE64_RULE: ValueRule = {
  pattern: '^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$',
  allowed: 'must be standard base64 (A-Z a-z 0-9 + /, padded with =)',
};

function isJsonObject(text: string): boolean {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}
