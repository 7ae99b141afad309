import { Testing } from 'cdk8s';
import { Sink } from '../../src/eventing';
import { PingSource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

describe('PingSource', () => {
  test('writes schedule, timezone, data, content type, sink and overrides', () => {
    const chart = Testing.chart();
    new PingSource(chart, 'P', {
      metadata: { name: 'tick' },
      schedule: '*/5 * * * *',
      timezone: 'Europe/Paris',
      data: '{"msg":"hi"}',
      contentType: 'application/json',
      sink,
      ceOverrides: { team: 'shop' },
    });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'sources.knative.dev/v1',
      kind: 'PingSource',
      metadata: { name: 'tick' },
      spec: {
        schedule: '*/5 * * * *',
        timezone: 'Europe/Paris',
        data: '{"msg":"hi"}',
        contentType: 'application/json',
        sink: { uri: 'https://sink.example.com' },
        ceOverrides: { extensions: { team: 'shop' } },
      },
    });
  });

  test('writes base64 data', () => {
    const chart = Testing.chart();
    new PingSource(chart, 'P', { schedule: '@hourly', dataBase64: Buffer.from('{"a":1}').toString('base64'), contentType: 'application/json', sink });
    expect(Testing.synth(chart)[0].spec).toEqual({
      schedule: '@hourly', dataBase64: 'eyJhIjoxfQ==', contentType: 'application/json', sink: { uri: 'https://sink.example.com' },
    });
  });

  test('accepts 6 fields with seconds first, as Knative does', () => {
    const chart = Testing.chart();
    new PingSource(chart, 'P', { schedule: '0 * * * * *', sink });
    expect(Testing.synth(chart)[0].spec.schedule).toBe('0 * * * * *');
  });

  test('fails when the schedule has 7 fields', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '0 0 * * * * *', sink }))
      .toThrow(/\[test\/P\] schedule: "0 0 \* \* \* \* \*" is not allowed; expected 5 fields .*found 7.*use 5 cron fields/);
  });

  test('fails when the schedule uses @every', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@every 1m', sink })).toThrow(/\[test\/P\] schedule: "@every 1m" is not allowed; @every is not supported by Knative/);
  });

  test('fails when the time zone is unknown', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', timezone: 'Europe/Atlantis', sink }))
      .toThrow(/\[test\/P\] timezone: "Europe\/Atlantis" is not allowed; must be an IANA time zone name/);
  });

  test('fails when both data and dataBase64 are given', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', data: 'a', dataBase64: 'YQ==', sink }))
      .toThrow(/\[test\/P\] dataBase64: "YQ==" is not allowed; give data or dataBase64, not both/);
  });

  test('fails when dataBase64 is not base64', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', dataBase64: 'not base64!', sink })).toThrow(/\[test\/P\] dataBase64: "not base64!" is not allowed; must be standard base64/);
  });

  test('fails when JSON data is not a JSON object', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', data: 'hello', contentType: 'application/json', sink }))
      .toThrow(/\[test\/P\] data: "hello" is not allowed; with contentType application\/json the data must be a JSON object/);
  });

  test('fails when the content type is not a media type', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', contentType: 'json', sink })).toThrow(/\[test\/P\] contentType: "json" is not allowed; must be a media type/);
  });

  test('fails when a ceOverrides key is invalid', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', sink, ceOverrides: { 'My-Ext': 'x' } }))
      .toThrow(/\[test\/P\] ceOverrides.My-Ext: "My-Ext" is not allowed; a CloudEvents attribute name/);
  });

  test('fails when the sink is empty', () => {
    expect(() => new PingSource(Testing.chart(), 'P', { schedule: '@daily', sink: { toDestination: () => ({}) } })).toThrow(/\[test\/P\] sink: \{\} is not allowed/);
  });
});

describe('PingSource time zone in one place', () => {
  test('fails when the schedule has CRON_TZ= and timezone is set too', () => {
    expect(() => new PingSource(Testing.chart(), 'Ping', {
      metadata: { name: 'ping' }, schedule: 'CRON_TZ=UTC 0 * * * *', timezone: 'Europe/Paris', sink: Sink.fromUri('https://example.com/'),
    })).toThrow(/\[test\/Ping\] timezone: "Europe\/Paris" is not allowed; the schedule already names a time zone/);
  });
});
