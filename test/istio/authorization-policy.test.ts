import { Testing } from 'cdk8s';
import { AuthorizationAction, AuthorizationPolicy } from '../../src/istio';

describe('AuthorizationPolicy', () => {
  test('ALLOW rules from namespaces and to paths', () => {
    const chart = Testing.chart();
    const policy = new AuthorizationPolicy(chart, 'Ap', {
      metadata: { name: 'allow', namespace: 'apps' },
      selector: { app: 'api' },
      rules: [{ from: { namespaces: ['knative-serving'] } }],
    });
    policy.addRule({ to: { paths: ['/healthz'], methods: ['GET'], ports: [8080] }, when: [{ key: 'request.headers[x-env]', values: ['prod'] }] });
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
    new AuthorizationPolicy(chart, 'Ap', { action: AuthorizationAction.CUSTOM, provider: 'oauth2-proxy', rules: [{ to: { hosts: ['admin.example.com'] } }] });
    expect(Testing.synth(chart)[0].spec.provider).toEqual({ name: 'oauth2-proxy' });
  });

  test('fails when a provider is set without CUSTOM', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { provider: 'x' }))
      .toThrow(/\[test\/Ap\] provider: "x" is not allowed; must be set with action CUSTOM and only then/);
  });

  test('fails when a path does not start with / or *', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ to: { paths: ['healthz'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].to.paths: "healthz" is not allowed; must start with "\/" or "\*"/);
  });

  test('fails when a method is lower case', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ to: { methods: ['get'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].to.methods: "get" is not allowed; must be an HTTP method in upper case/);
  });

  test('fails when a source is empty', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ from: { namespaces: [] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].from: \{"namespaces":\[\]\} is not allowed; must set at least one field/);
  });

  test('fails when a namespace is malformed', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'Ap', { rules: [{ from: { namespaces: ['Apps!'] } }] }))
      .toThrow(/\[test\/Ap\] rules\[0\].from.namespaces: "Apps!" is not allowed; must be a namespace name/);
  });
});
