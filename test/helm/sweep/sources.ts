import { PingSource, Sink } from '../../../src';
import { ConstructSweep, VALUE } from './harness';

/** Sweep entries of the event sources (src/sources). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'PingSource',
    build: (chart, v) => {
      new PingSource(chart, 'ping', {
        metadata: { name: 'ping' },
        schedule: v.str('schedule', '*/5 * * * *', '0 3 * * *'),
        timezone: v.str('timezone', 'Europe/Paris', 'America/New_York'),
        data: v.str('data', '{"hello":"world"}', '{"hello":"helm"}'),
        contentType: v.str('contentType', 'application/json', 'text/plain'),
        ceOverrides: { team: v.str('team', 'shop', 'payments') },
        sink: Sink.fromUri('http://ping.sweep.svc.cluster.local'),
      });
    },
    props: {
      schedule: VALUE,
      timezone: VALUE,
      data: VALUE,
      contentType: VALUE,
      dataBase64: 'data and dataBase64 exclude each other: the entry sets data; dataBase64 takes a value the same way (base64 pattern)',
      ceOverrides: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.schedule=every day'], error: /sweep\/schedule'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.timezone=not a zone'], error: /sweep\/timezone'.*does not match pattern/ },
    ],
  },
];
