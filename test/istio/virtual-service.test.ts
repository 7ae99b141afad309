import { Duration, Testing } from 'cdk8s';
import { Gateway, StringMatch, VirtualService } from '../../src/istio';

describe('VirtualService', () => {
  test('routes at a gateway with matches, weights, timeout and retries', () => {
    const chart = Testing.chart();
    const gw = Gateway.fromName(chart, 'Gw', 'public', 'edge');
    new VirtualService(chart, 'Vs', {
      metadata: { name: 'shop', namespace: 'apps' },
      hosts: ['shop.example.com'],
      gateways: [gw],
      http: [
        {
          name: 'api',
          match: [{ uri: StringMatch.prefix('/api'), headers: { 'x-canary': StringMatch.exact('1') } }],
          destinations: [{ host: 'api-v1', weight: 90 }, { host: 'api-v2', port: 8080, weight: 10 }],
          timeout: Duration.seconds(5),
          retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: '5xx' },
        },
        { match: [{ uri: StringMatch.exact('/old') }], redirect: { uri: '/new', redirectCode: 308 } },
        { destinations: [{ host: 'web' }], rewrite: { uri: '/' }, setRequestHeaders: { 'x-env': 'prod' } },
      ],
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'shop', namespace: 'apps' },
      spec: {
        hosts: ['shop.example.com'],
        gateways: ['edge/public'],
        http: [
          {
            name: 'api',
            match: [{ uri: { prefix: '/api' }, headers: { 'x-canary': { exact: '1' } } }],
            route: [
              { destination: { host: 'api-v1' }, weight: 90 },
              { destination: { host: 'api-v2', port: { number: 8080 } }, weight: 10 },
            ],
            timeout: '5s',
            retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx' },
          },
          { match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', redirectCode: 308 } },
          { route: [{ destination: { host: 'web' } }], rewrite: { uri: '/' }, headers: { request: { set: { 'x-env': 'prod' } } } },
        ],
      },
    }]);
  });

  test('mesh-only routes have no gateways; includeMesh adds the mesh gateway', () => {
    const chart = Testing.chart();
    new VirtualService(chart, 'Mesh', { hosts: ['reviews'], http: [{ destinations: [{ host: 'reviews', subset: 'v2' }] }] });
    new VirtualService(chart, 'Both', {
      hosts: ['reviews.example.com'], gateways: [Gateway.fromName(chart, 'Gw', 'public')], includeMesh: true,
      http: [{ destinations: [{ host: 'reviews' }] }],
    });
    const [mesh, both] = Testing.synth(chart);
    expect(mesh.spec.gateways).toBeUndefined();
    expect(mesh.spec.http[0].route).toEqual([{ destination: { host: 'reviews', subset: 'v2' } }]);
    expect(both.spec.gateways).toEqual(['public', 'mesh']);
  });

  test('fails when weights do not add up to 100', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', {
      hosts: ['a'], http: [{ destinations: [{ host: 'a', weight: 50 }, { host: 'b', weight: 40 }] }],
    })).toThrow(/\[test\/Vs\] http\[0\].destinations\[\*\].weight: \[50,40\] is not allowed; with several destinations the weights must add up to 100/);
  });

  test('fails when a route has both destinations and a redirect', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', {
      hosts: ['a'], http: [{ destinations: [{ host: 'a' }], redirect: { uri: '/' } }],
    })).toThrow(/\[test\/Vs\] http\[0\]: .* is not allowed; a route needs exactly one of destinations \(at least one\) and redirect/);
  });

  test('fails when the mesh gets the wildcard host', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['*'], http: [{ destinations: [{ host: 'a' }] }] }))
      .toThrow(/\[test\/Vs\] hosts\[0\]: "\*" is not allowed; must be a DNS name/);
  });

  test('fails when the redirect code is not a redirect', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['a'], http: [{ redirect: { uri: '/', redirectCode: 200 } }] }))
      .toThrow(/\[test\/Vs\] http\[0\].redirect.redirectCode: 200 is not allowed; must be 301, 302, 303, 307 or 308/);
  });

  test('fails when a destination port is invalid', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['a'], http: [{ destinations: [{ host: 'a', port: 0 }] }] }))
      .toThrow(/\[test\/Vs\] http\[0\].destinations\[0\].port: 0 is not allowed; must be a port number from 1 to 65535/);
  });
});
