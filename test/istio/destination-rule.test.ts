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
});
