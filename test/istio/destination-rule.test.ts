import { Duration, Testing } from 'cdk8s';
import { ClientTlsMode, DestinationRule, LoadBalancerAlgorithm } from '../../src/istio';

describe('DestinationRule', () => {
  test('traffic policy and subsets', () => {
    const chart = Testing.chart();
    new DestinationRule(chart, 'Dr', {
      metadata: { name: 'reviews', namespace: 'apps' },
      host: 'reviews.apps.svc.cluster.local',
      tlsMode: ClientTlsMode.ISTIO_MUTUAL,
      loadBalancer: LoadBalancerAlgorithm.LEAST_REQUEST,
      maxConnections: 100,
      http2MaxRequests: 1000,
      connectTimeout: Duration.seconds(2),
      outlierDetection: { consecutive5xxErrors: 3 },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'apps' },
      spec: {
        host: 'reviews.apps.svc.cluster.local',
        trafficPolicy: {
          tls: { mode: 'ISTIO_MUTUAL' },
          loadBalancer: { simple: 'LEAST_REQUEST' },
          connectionPool: { tcp: { maxConnections: 100, connectTimeout: '2s' }, http: { http2MaxRequests: 1000 } },
          outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 10 },
        },
        subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
      },
    }]);
  });

  test('a host-only rule has no traffic policy', () => {
    const chart = Testing.chart();
    new DestinationRule(chart, 'Dr', { host: '*.local' });
    expect(Testing.synth(chart)[0].spec).toEqual({ host: '*.local' });
  });

  test('fails when subset names repeat', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'Dr', { host: 'a', subsets: [{ name: 'v1', labels: { v: '1' } }, { name: 'v1', labels: { v: '2' } }] }))
      .toThrow(/\[test\/Dr\] subsets\[1\].name: "v1" is not allowed; must be unique/);
  });

  test('fails when a duration is under 1ms, which Istio rejects', () => {
    const rule = (outlierDetection: Record<string, Duration>) => () => new DestinationRule(Testing.chart(), 'R', {
      metadata: { name: 'r' }, host: 'api', outlierDetection,
    });
    expect(rule({ interval: Duration.millis(0) })).toThrow(/\[test\/R\] outlierDetection.interval: "0ms" is not allowed; must be at least 1ms/);
    expect(rule({ baseEjectionTime: Duration.millis(0) })).toThrow(/outlierDetection.baseEjectionTime: "0ms" is not allowed/);
    expect(rule({ interval: Duration.millis(1) })).not.toThrow();
  });

  test('fails when maxEjectionPercent is over 100', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'Dr', { host: 'a', outlierDetection: { maxEjectionPercent: 150 } }))
      .toThrow(/\[test\/Dr\] outlierDetection.maxEjectionPercent: 150 is not allowed; must be an integer from 0 to 100/);
  });

  test('fails when the host is the bare wildcard', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'Dr', { host: '*' })).toThrow(/\[test\/Dr\] host\[0\]: "\*" is not allowed/);
  });

  // found by the property tests (test/property/istio-destination-rule.test.ts)
  test('fails when a duration is finer than a millisecond (not a plain Error from Duration)', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'A', { host: 'a', connectTimeout: Duration.millis(0.5) }))
      .toThrow(/\[test\/A\] connectTimeout: "0.5ms" is not allowed; must be at least 1ms/);
    expect(() => new DestinationRule(chart, 'B', { host: 'a', outlierDetection: { interval: Duration.millis(2.5) } }))
      .toThrow(/\[test\/B\] outlierDetection.interval: "2.5ms" is not allowed; must be a whole number of milliseconds/);
  });

  test('fails when MUTUAL has no credential', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'A', { host: 'a', tlsMode: ClientTlsMode.MUTUAL }))
      .toThrow(/\[test\/A\] credential: .* is required with tlsMode MUTUAL/);
  });

  test('fails when a limit overflows int32', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'A', { host: 'a', maxConnections: 2 ** 31 }))
      .toThrow(/\[test\/A\] maxConnections: 2147483648 is not allowed; must be an integer from 1 to 2147483647/);
    expect(() => new DestinationRule(chart, 'B', { host: 'a', outlierDetection: { consecutive5xxErrors: 2 ** 32 } }))
      .toThrow(/\[test\/B\] outlierDetection.consecutive5xxErrors: 4294967296 is not allowed/);
  });

  test('fails when exportTo holds "~" or a duplicate', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'A', { host: 'a', exportTo: ['~'] })).toThrow(/\[test\/A\] exportTo\[0\]: "~" is not allowed/);
    expect(() => new DestinationRule(chart, 'B', { host: 'a', metadata: { namespace: 'apps' }, exportTo: ['.', 'apps'] }))
      .toThrow(/\[test\/B\] exportTo\[1\]: "apps" is not allowed; must be listed once \("\." is the own namespace\)/);
  });

  test('fails when subset labels are not Kubernetes labels', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'A', { host: 'a', subsets: [{ name: 'v1', labels: { version: 'v*' } }] }))
      .toThrow(/\[test\/A\] subsets\[0\].labels.version: "v\*" is not allowed; must be a label value/);
    expect(() => new DestinationRule(chart, 'B', { host: 'a', subsets: [{ name: 'v1', labels: { 'bad key': 'x' } }] }))
      .toThrow(/\[test\/B\] subsets\[0\].labels: "bad key" is not allowed/);
  });
});
