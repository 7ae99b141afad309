import * as fc from 'fast-check';
import { PingSource } from '../../src/sources';
import { attribute, makeSink, sink } from './eventing-gen';
import { caseOf, FieldGen, modelled, verdicts } from './gen';
import { assertProperty, badNames, checkCase, narrowed, runsFor, Tagged, timeoutFor, Verdict, worst } from './harness';

// ---------------------------------------------------------------- schedule

const t = (value: string, verdict: Verdict): Tagged<string> => ({ value, verdict });
const cronField = (good: string[], wrong: string[]) => fc.oneof(
  { arbitrary: fc.constantFrom(...good.map(g => t(g, 'ok'))), weight: 5 },
  { arbitrary: fc.constantFrom(...wrong.map(w => t(w, 'bad'))), weight: 1 },
);
/** Each of the five cron fields, with values robfig/cron's standard parser takes and rejects. */
const cronFields = [
  cronField(['*', '*/5', '0', '59', '0-30', '1,2,3', '10-50/10'], ['60', '*/0', '5-1', 'a', '-1', '1//2', '1-2-3', '*/x']),
  cronField(['*', '0', '23', '9-17', '*/2', '0,12'], ['24', '25', '12-1']),
  cronField(['*', '1', '31', '1-15', '?', '*/10'], ['0', '32', '15-1']),
  cronField(['*', '1', '12', 'jan', 'JAN-MAR', '*/3', 'dec'], ['0', '13', 'foo', 'janu']),
  cronField(['*', '0', '6', 'mon-fri', 'SUN', '1-5', 'sat'], ['7', '8', 'funday', '5-1']),
];
const fiveFields = fc.tuple(...cronFields).map(fs => t(fs.map(f => f.value).join(' '), worst(...fs.map(f => f.verdict))));
const wholeSchedules = fc.constantFrom(
  t('@hourly', 'ok'), t('@daily', 'ok'), t('@weekly', 'ok'), t('@monthly', 'ok'), t('@yearly', 'ok'), t('@annually', 'ok'), t('@midnight', 'ok'),
  t('CRON_TZ=Europe/Paris 0 9 * * 1-5', 'ok'), t('TZ=UTC */5 * * * *', 'ok'),
  t('', 'bad'), t('   ', 'bad'), t('@every 1h', 'bad'), t('@often', 'bad'), t('* * * *', 'bad'), t('* * * * * *', 'bad'),
  t('CRON_TZ=Mars/Base * * * * *', 'bad'), t('@hourly extra', 'bad'),
  // leading / trailing blanks: robfig/cron splits on whitespace
  t('  0 9 * * *  ', 'either'),
);
const schedule: FieldGen<string> = {
  good: fc.oneof({ arbitrary: fiveFields, weight: 3 }, wholeSchedules).filter(s => s.verdict === 'ok'),
  any: fc.oneof({ arbitrary: fiveFields, weight: 3 }, wholeSchedules),
};

const timezone: FieldGen<string | undefined> = {
  good: fc.constantFrom(undefined, 'UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+5').map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    fc.constantFrom(undefined, 'UTC', 'Europe/Paris', 'America/New_York').map(value => ({ value, verdict: 'ok' as Verdict })),
    fc.constantFrom('', 'Mars/Base', 'Europe/Pariss', '+02:00', 'UTC ', 'Europe/', '../etc/passwd').map(value => ({ value, verdict: 'bad' as Verdict })),
    // aliases and abbreviations: IANA links some Go builds know
    fc.constantFrom('utc', 'EST', 'US/Pacific', 'GMT').map(value => ({ value, verdict: 'either' as Verdict })),
  ),
};

// ---------------------------------------------------------------- data

interface RawData { data?: string; dataBase64?: string; contentType?: string }
const dataGen = fc.record<RawData>({
  data: fc.constantFrom('hello', '{"message":"hi"}', '', '[1,2]', '{"broken":', 'ünïcode'),
  dataBase64: fc.constantFrom(Buffer.from('hello').toString('base64'), Buffer.from('{"a":1}').toString('base64'), '', 'not base64!', 'abc', 'YQ'),
  contentType: fc.constantFrom('text/plain', 'application/json', 'application/cloudevents+json; charset=utf-8', 'json', '', 'text plain'),
}, { requiredKeys: [] });

const isStdBase64 = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
function jsonKind(text: string): 'object' | 'other' | 'invalid' {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? 'object' : 'other';
  } catch {
    return 'invalid';
  }
}
export function dataVerdict(d: RawData): Verdict {
  const out: Verdict[] = [];
  if (d.data !== undefined && d.dataBase64 !== undefined) out.push('bad');
  if (d.dataBase64 !== undefined && !isStdBase64(d.dataBase64)) out.push('bad');
  if (d.contentType !== undefined && !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(d.contentType)) out.push('bad');
  if (d.contentType === 'application/json') {
    const text = d.data ?? (d.dataBase64 !== undefined && isStdBase64(d.dataBase64) ? Buffer.from(d.dataBase64, 'base64').toString('utf8') : undefined);
    // invalid JSON is rejected; valid JSON that is not an object (an array) is a choice of ours as much as Knative's
    if (text !== undefined) out.push({ object: 'ok', other: 'either', invalid: 'bad' }[jsonKind(text)] as Verdict);
  }
  return worst(...out);
}
const data = modelled(dataGen.filter(d => dataVerdict(d) === 'ok'), dataGen, dataVerdict);

// ---------------------------------------------------------------- ceOverrides

const ceOverrides = modelled(
  fc.option(fc.uniqueArray(attribute.filter(a => a.verdict === 'ok'), { maxLength: 2, selector: a => a.value }), { nil: undefined }),
  fc.option(fc.uniqueArray(attribute, { maxLength: 3, selector: a => a.value }), { nil: undefined }),
  // overriding a CloudEvents context attribute (type, id...) is not an extension
  attrs => worst(...(attrs ?? []).map(a => (['type', 'source', 'id', 'subject', 'specversion'].includes(a.value) ? 'either' : a.verdict))),
);

// ---------------------------------------------------------------- the property

const pingName: FieldGen<string> = {
  good: fc.stringMatching(/^[a-z]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })), weight: 3 },
    badNames.map(value => ({ value, verdict: 'bad' as Verdict })),
  ),
};

const pingCase = caseOf({ name: pingName, schedule, timezone, data, ceOverrides, sink });

/**
 * Open bugs this property found in the constructs (files this test does not
 * own); each narrows the generator until fixed (see known-bugs.test.ts).
 * None is open: BUG-8 (PingSource names unchecked) and BUG-10 (a time zone in
 * the schedule and in timezone), found here, are fixed.
 */
function knownPingBug(_c: typeof pingCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.12);

describe('property: PingSource props', () => {
  test(`${RUNS} generated PingSources either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(pingCase, knownPingBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, {
        name: 'metadata.name', schedule: 'schedule', timezone: 'timezone', data: 'data', ceOverrides: 'ceOverrides', sink: 'sink',
      });
      fields.dataBase64 = fields.data;
      fields.contentType = fields.data;
      // a time zone in the schedule and in spec.timezone: Knative takes only one of them
      if (/^(CRON_TZ|TZ)=/.test(c.schedule.value) && c.timezone.value !== undefined) {
        fields.schedule = 'bad';
        fields.timezone = worst(fields.timezone, 'either');
      }
      return checkCase(fields, chart => {
        new PingSource(chart, 'Ping', {
          metadata: { name: c.name.value },
          schedule: c.schedule.value,
          timezone: c.timezone.value,
          ...c.data.value,
          ceOverrides: c.ceOverrides.value ? Object.fromEntries(c.ceOverrides.value.map(a => [a.value, 'x'])) : undefined,
          sink: makeSink(c.sink.value)(chart, 'Sink'),
        });
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
