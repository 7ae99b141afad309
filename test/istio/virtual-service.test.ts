import { Duration, Testing } from 'cdk8s';
import { Gateway, HttpRoute, StringMatch, VirtualService } from '../../src/istio';

describe('VirtualService', () => {
  test('routes at a gateway with matches, weights, timeout and retries', () => {
    const chart = Testing.chart();
    const gw = Gateway.fromGatewayName(chart, 'Gw', 'public', { namespaceName: 'edge' });
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
      hosts: ['reviews.example.com'], gateways: [Gateway.fromGatewayName(chart, 'Gw', 'public')], includeMesh: true,
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

  // found by the property tests (test/property/istio-virtual-service.test.ts)
  test('fails when a timeout is finer than a millisecond', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['a'], http: [{ destinations: [{ host: 'a' }], timeout: Duration.millis(1.5) }] }))
      .toThrow(/\[test\/Vs\] http\[0\].timeout: "1.5ms" is not allowed; must be a whole number of milliseconds/);
    expect(() => new VirtualService(chart, 'Vs2', {
      hosts: ['a'], http: [{ destinations: [{ host: 'a' }], retries: { attempts: 2, perTryTimeout: Duration.seconds(0.0005) } }],
    })).toThrow(/\[test\/Vs2\] http\[0\].retries.perTryTimeout: "0.5ms" is not allowed; must be at least 1ms/);
  });

  test('fails when hosts overlap', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'Vs', { hosts: ['*.example.com', 'api.example.com'], http: [{ destinations: [{ host: 'a' }] }] }))
      .toThrow(/\[test\/Vs\] hosts\[1\]: "api.example.com" is not allowed; overlaps "\*.example.com"/);
  });

  test('fails when exportTo holds "~", a duplicate or "*" with others', () => {
    const chart = Testing.chart();
    const vs = (id: string, exportTo: string[]) => new VirtualService(chart, id, { hosts: ['a'], exportTo, http: [{ destinations: [{ host: 'a' }] }] });
    expect(() => vs('A', ['~'])).toThrow(/\[test\/A\] exportTo\[0\]: "~" is not allowed/);
    expect(() => vs('B', ['other', 'other'])).toThrow(/\[test\/B\] exportTo\[1\]: "other" is not allowed; must be listed once/);
    expect(() => vs('C', ['*', 'other'])).toThrow(/\[test\/C\] exportTo: .* is not allowed; "\*" \(all namespaces\) must stand alone/);
  });

  test('fails when a redirect is empty, has another scheme or goes with a rewrite', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'A', { hosts: ['a'], http: [{ redirect: {} }] }))
      .toThrow(/\[test\/A\] http\[0\].redirect: .* must set at least one of uri, authority and scheme/);
    expect(() => new VirtualService(chart, 'B', { hosts: ['a'], http: [{ redirect: { scheme: 'ftp' } }] }))
      .toThrow(/\[test\/B\] http\[0\].redirect.scheme: "ftp" is not allowed; must be "http" or "https"/);
    expect(() => new VirtualService(chart, 'C', { hosts: ['a'], http: [{ redirect: { uri: '/new' }, rewrite: { uri: '/' } }] }))
      .toThrow(/\[test\/C\] http\[0\].rewrite: .* cannot go with a redirect/);
  });

  test('fails when a rewrite is empty or sets the authority twice', () => {
    const chart = Testing.chart();
    expect(() => new VirtualService(chart, 'A', { hosts: ['a'], http: [{ destinations: [{ host: 'a' }], rewrite: {} }] }))
      .toThrow(/\[test\/A\] http\[0\].rewrite: .* must set uri or authority/);
    expect(() => new VirtualService(chart, 'B', {
      hosts: ['a'], http: [{ destinations: [{ host: 'a' }], rewrite: { authority: 'x.example.com' }, setRequestHeaders: { host: 'y.example.com' } }],
    })).toThrow(/\[test\/B\] http\[0\].setRequestHeaders: .* sets the authority \(host\) more than once/);
  });

  test('fails when a header name, a regex, a subset, retryOn or a destination host is malformed', () => {
    const chart = Testing.chart();
    const vs = (id: string, route: HttpRoute) => new VirtualService(chart, id, { hosts: ['a'], http: [route] });
    expect(() => vs('A', { destinations: [{ host: 'a' }], setRequestHeaders: { ':path': '/' } })).toThrow(/\[test\/A\] http\[0\].setRequestHeaders: ":path" is not allowed/);
    expect(() => vs('B', { match: [{ headers: { 'with space': StringMatch.exact('1') } }], destinations: [{ host: 'a' }] }))
      .toThrow(/\[test\/B\] http\[0\].match\[0\].headers: "with space" is not allowed/);
    expect(() => vs('C', { match: [{ uri: StringMatch.regex('(?=x)y') }], destinations: [{ host: 'a' }] }))
      .toThrow(/\[test\/C\] http\[0\].match\[0\].uri: "\(\?=x\)y" is not allowed; must be an RE2 regular expression/);
    expect(() => vs('D', { match: [{ uri: StringMatch.regex('') }], destinations: [{ host: 'a' }] })).toThrow(/\[test\/D\] http\[0\].match\[0\].uri: "" is not allowed/);
    expect(() => vs('E', { destinations: [{ host: 'a', subset: 'V1' }] })).toThrow(/\[test\/E\] http\[0\].destinations\[0\].subset: "V1" is not allowed/);
    expect(() => vs('F', { destinations: [{ host: 'a' }], retries: { attempts: 2, retryOn: '5xx,sometimes' } }))
      .toThrow(/\[test\/F\] http\[0\].retries.retryOn: "sometimes" is not allowed/);
    expect(() => vs('G', { destinations: [{ host: '10.0.0.1' }] })).toThrow(/\[test\/G\] http\[0\].destinations\[0\].host: "10.0.0.1" is not allowed/);
    expect(() => vs('H', { destinations: [{ host: 'a.123' }] })).toThrow(/\[test\/H\] http\[0\].destinations\[0\].host: "a.123" is not allowed/);
  });
});
