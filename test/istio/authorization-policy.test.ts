import { Chart, Testing } from 'cdk8s';
import { AuthorizationAction, AuthorizationPolicy } from '../../src/istio';

describe('AuthorizationPolicy', () => {
  test('ALLOW rules from namespaces and to paths', () => {
    const chart = Testing.chart();
    const policy = new AuthorizationPolicy(chart, 'Ap', {
      metadata: { name: 'allow', namespace: 'apps' },
      selector: { app: 'api' },
      rules: [{ source: { namespaces: ['knative-serving'] } }],
    });
    policy.addRule({ operation: { paths: ['/healthz'], methods: ['GET'], ports: [8080] }, when: [{ key: 'request.headers[x-env]', values: ['prod'] }] });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow', namespace: 'apps' },
      spec: {
        action: 'ALLOW',
        selector: { matchLabels: { app: 'api' } },
        rules: [
          { from: [{ source: { namespaces: ['knative-serving'] } }] },
          {
            to: [{ operation: { paths: ['/healthz'], methods: ['GET'], ports: ['8080'] } }],
            when: [{ key: 'request.headers[x-env]', values: ['prod'] }],
          },
        ],
      },
    }]);
  });

  test('an ALLOW policy without rules denies everything', () => {
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'Ap');
    expect(Testing.synth(chart)[0].spec).toEqual({ action: 'ALLOW' });
  });

  test('CUSTOM delegates to a provider', () => {
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'Ap', { action: AuthorizationAction.CUSTOM, provider: 'oauth2-proxy', rules: [{ operation: { hosts: ['admin.example.com'] } }] });
    expect(Testing.synth(chart)[0].spec.provider).toEqual({ name: 'oauth2-proxy' });
  });

  test('fails when a provider is set without CUSTOM', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { provider: 'x' }))
      .toThrow(/\[test\/Ap\] provider: "x" is not allowed; must be set with action CUSTOM and only then/);
  });

  test('fails when a path does not start with / or *', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ operation: { paths: ['healthz'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].operation.paths: "healthz" is not allowed; must start with "\/" or "\*"/);
  });

  test('fails when a method is lower case', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ operation: { methods: ['get'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].operation.methods: "get" is not allowed; must be an HTTP method in upper case/);
  });

  test('fails when a source is empty', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ source: { namespaces: [] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].source: \{"namespaces":\[\]\} is not allowed; must set at least one field/);
  });

  test('fails when a namespace is malformed', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ source: { namespaces: ['Apps!'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].source.namespaces: "Apps!" is not allowed; must be a namespace name/);
  });

  // found by the property tests (test/property/istio-security.test.ts)
  test('fails when a DENY policy has no rules, at synth (rules may come through addRule())', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const deny = new AuthorizationPolicy(chart, 'Deny', { action: AuthorizationAction.DENY });
    expect(() => app.synth()).toThrow(/\[test\/Deny\] rules: a DENY policy has no rules and would never trigger/);
    deny.addRule({});
    expect(() => app.synth()).not.toThrow();
  });

  test('fails when CUSTOM names an empty provider', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'A', { action: AuthorizationAction.CUSTOM, provider: '' }))
      .toThrow(/\[test\/A\] provider: "" is not allowed; must name an extension provider/);
  });

  test('fails when a list holds an empty string or ipBlocks a non-IP', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'A', { rules: [{ source: { principals: [''] } }] }))
      .toThrow(/\[test\/A\] rules\[0\].source.principals: "" is not allowed; must not hold an empty string/);
    expect(() => new AuthorizationPolicy(chart, 'B', { rules: [{ source: { ipBlocks: ['10.0.0.0/33'] } }] }))
      .toThrow(/\[test\/B\] rules\[0\].source.ipBlocks: "10.0.0.0\/33" is not allowed; must be an IP address or CIDR block/);
    expect(() => new AuthorizationPolicy(chart, 'C', { rules: [{ operation: { hosts: [''] } }] })).toThrow(/\[test\/C\] rules\[0\].operation.hosts: "" is not allowed/);
  });

  test('fails when a condition has an unknown key or values its key does not take', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'A', { rules: [{ when: [{ key: 'foo.bar', values: ['x'] }] }] }))
      .toThrow(/\[test\/A\] rules\[0\].when\[0\].key: "foo.bar" is not allowed/);
    expect(() => new AuthorizationPolicy(chart, 'B', { rules: [{ when: [{ key: 'source.ip', values: ['apps'] }] }] }))
      .toThrow(/\[test\/B\] rules\[0\].when\[0\].values: "apps" is not allowed; must be an IP address/);
    expect(() => new AuthorizationPolicy(chart, 'C', { rules: [{ when: [{ key: 'destination.port', notValues: ['http'] }] }] }))
      .toThrow(/\[test\/C\] rules\[0\].when\[0\].notValues: "http" is not allowed; must be a port number/);
    new AuthorizationPolicy(chart, 'D', { rules: [{ when: [{ key: 'request.headers[x-version]', values: ['v1'] }, { key: 'source.ip', values: ['2001:db8::/32'] }] }] });
  });
});
