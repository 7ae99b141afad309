import { Testing } from 'cdk8s';
import { EXAMPLE_CA } from '../../examples/apps/secure-events';
import { Broker, Sink, Trigger } from '../../src/eventing';
import { Service } from '../../src/serving';
import { PingSource } from '../../src/sources';
import { validateManifests } from '../../src/validation/engine';

describe('sink audience and CACerts', () => {
  test('a URI sink carries its OIDC audience and CA certificates', () => {
    const chart = Testing.chart();
    new PingSource(chart, 'P', { metadata: { name: 'p' }, schedule: '* * * * *', sink: Sink.fromUri('https://hooks.example.com/e', { audience: 'hooks', caCerts: EXAMPLE_CA }) });
    expect(Testing.synth(chart)[0].spec.sink).toEqual({ uri: 'https://hooks.example.com/e', audience: 'hooks', CACerts: EXAMPLE_CA });
  });

  test('an object sink and a dead-letter sink carry them too', () => {
    const chart = Testing.chart();
    const svc = new Service(chart, 'S', { metadata: { name: 's' }, container: { image: 'ghcr.io/example/s:1' } });
    const broker = new Broker(chart, 'B', { metadata: { name: 'b' } });
    new Trigger(chart, 'T', {
      metadata: { name: 't' },
      broker,
      subscriber: Sink.fromAddressable(svc, { path: '/events', audience: 'svc-audience' }),
      delivery: { deadLetterSink: Sink.fromUri('https://dlq.example.com', { caCerts: EXAMPLE_CA }) },
    });
    const trigger = Testing.synth(chart).find(o => o.kind === 'Trigger');
    expect(trigger.spec.subscriber).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 's' }, uri: '/events', audience: 'svc-audience' });
    expect(trigger.spec.delivery.deadLetterSink.CACerts).toBe(EXAMPLE_CA);
  });

  test('fails when the CA certificates are not PEM', () => {
    expect(() => Sink.fromUri('https://x.example.com', { caCerts: 'not a cert' })).toThrow(/caCerts is not allowed; no PEM block found/);
  });

  test('fails when the PEM block is not a certificate', () => {
    const key = EXAMPLE_CA.replace(/CERTIFICATE/g, 'PRIVATE KEY');
    expect(() => Sink.fromUri('https://x.example.com', { caCerts: key })).toThrow(/the first PEM block is a "PRIVATE KEY", not a CERTIFICATE/);
  });

  test('fails when the certificate does not parse, without quoting it', () => {
    const broken = EXAMPLE_CA.replace('MIIB', 'AAAA');
    let message = '';
    try {
      Sink.fromUri('https://x.example.com', { caCerts: broken });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a valid X\.509 certificate/);
    expect(message).not.toContain('AAAA');
  });

  test('fails when the audience is empty', () => {
    expect(() => Sink.fromUri('https://x.example.com', { audience: '' })).toThrow(/audience "" is not allowed/);
  });

  test('the validator checks CACerts beside a uri, and only warns beside a ref alone (Knative skips it there)', () => {
    const ping = (sink: unknown) => ({ apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: 'p', namespace: 'd' }, spec: { schedule: '* * * * *', sink } });
    const withUri = validateManifests([ping({ uri: 'https://x.example.com', CACerts: 'junk' })], { layers: ['semantic'] });
    expect(withUri.map(p => [p.path, p.severity])).toEqual([['spec.sink.CACerts', 'error']]);
    const withRef = validateManifests([ping({ ref: { apiVersion: 'v1', kind: 'Service', name: 's' }, CACerts: 'junk' })], { layers: ['semantic'] });
    expect(withRef.map(p => [p.path, p.severity])).toEqual([['spec.sink.CACerts', 'warning']]);
    expect(validateManifests([ping({ uri: 'https://x.example.com', CACerts: EXAMPLE_CA, audience: 'a' })], { layers: ['semantic', 'schema'] })).toEqual([]);
  });
});
