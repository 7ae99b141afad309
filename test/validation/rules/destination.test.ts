import { DEFAULT_CLUSTER_CONFIG } from '../../../src/validation/config';
import { checkDestination, isAbsoluteUri, parseGoUrl, parseIsoDuration } from '../../../src/validation/rules';

describe('ISO-8601 durations', () => {
  test.each([['PT1S', 1], ['PT0.5S', 0.5], ['PT2M', 120], ['P1DT2H', 93_600], ['PT0S', 0], ['-PT1S', -1], ['P1W', 604_800], ['P0', 0], ['PT0.55S', 0.5], ['P1D1W', 691_200]])('%s is %d s', (text, secs) => {
    expect(parseIsoDuration(text)).toBeCloseTo(secs);
  });
  test.each(['1s', 'P', 'PT', 'T1S', 'PT1', 'P1H', '', ' PT1S', 'pt1s', 'PT1S1S', 'PTT1S', 'P.5D', 'PT1.5M1.5S', 'P1Y1Y'])('%s is not a duration', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('destinations', () => {
  const ctx = { config: DEFAULT_CLUSTER_CONFIG };
  test('absolute URIs need a scheme and a host', () => {
    expect(isAbsoluteUri('https://example.com/x')).toBe(true);
    expect(isAbsoluteUri('http://svc.ns.svc.cluster.local')).toBe(true);
    expect(isAbsoluteUri('/events')).toBe(false);
    expect(isAbsoluteUri('mailto:someone@example.com')).toBe(false);
    expect(isAbsoluteUri('http:display')).toBe(false);
    expect(isAbsoluteUri('http:///path')).toBe(false);
    expect(isAbsoluteUri('//host/path')).toBe(false);
    expect(isAbsoluteUri('http://exa mple.com/')).toBe(false);
  });
  test('Go-style URI parsing', () => {
    expect(parseGoUrl('//host/x')).toEqual({ scheme: '', host: 'host' });
    expect(parseGoUrl('a:b/c')).toEqual({ scheme: 'a', host: '' });
    expect(parseGoUrl(':x')).toBeUndefined();
    expect(parseGoUrl('1a:x')).toBeUndefined();
    expect(parseGoUrl('/a b')).toEqual({ scheme: '', host: '' });
  });
  test('an optional destination may be absent, a required one may not', () => {
    expect(checkDestination('spec.reply', undefined, ctx, false)).toEqual([]);
    expect(checkDestination('spec.sink', undefined, ctx, true).map(f => f.path)).toEqual(['spec.sink']);
  });
  test('a ref in another namespace is reported only when the parent namespace is given', () => {
    const dest = { ref: { apiVersion: 'v1', kind: 'Service', name: 'a', namespace: 'other' } };
    expect(checkDestination('spec.sink', dest, ctx, true)).toEqual([]);
    expect(checkDestination('spec.sink', dest, ctx, true, { parentNamespace: 'default' }).map(f => f.path)).toEqual(['spec.sink.ref.namespace']);
  });
});
