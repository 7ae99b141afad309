import { Testing } from 'cdk8s';
import { MtlsMode, PeerAuthentication } from '../../src/istio';

describe('PeerAuthentication', () => {
  test('STRICT by default for the whole namespace', () => {
    const chart = Testing.chart();
    new PeerAuthentication(chart, 'Pa', { metadata: { name: 'default', namespace: 'apps' } });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'apps' },
      spec: { mtls: { mode: 'STRICT' } },
    }]);
  });

  test('per-workload PERMISSIVE with a port-level override', () => {
    const chart = Testing.chart();
    new PeerAuthentication(chart, 'Pa', {
      mtlsMode: MtlsMode.PERMISSIVE, selector: { app: 'legacy' }, portLevelMtls: [{ port: 9090, mtlsMode: MtlsMode.DISABLE }],
    });
    expect(Testing.synth(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'legacy' } },
      mtls: { mode: 'PERMISSIVE' },
      portLevelMtls: { 9090: { mode: 'DISABLE' } },
    });
  });

  test('fails when the selector has a wildcard or an empty key: Istio matches labels exactly', () => {
    expect(() => new PeerAuthentication(Testing.chart(), 'P', { metadata: { name: 'p' }, selector: { app: '*' } }))
      .toThrow(/\[test\/P\] selector.app: "\*" is not allowed; must not hold "\*"/);
    expect(() => new PeerAuthentication(Testing.chart(), 'P', { metadata: { name: 'p' }, selector: { 'app*': 'api' } }))
      .toThrow(/\[test\/P\] selector: "app\*" is not allowed; label keys must not be empty or hold "\*"/);
    expect(() => new PeerAuthentication(Testing.chart(), 'P', { metadata: { name: 'p' }, selector: { '': 'api' } }))
      .toThrow(/selector: "" is not allowed; label keys must not be empty/);
  });

  test('fails when port-level modes have no selector', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'Pa', { portLevelMtls: [{ port: 9090, mtlsMode: MtlsMode.DISABLE }] }))
      .toThrow(/\[test\/Pa\] portLevelMtls: \[9090\] is not allowed; needs a selector/);
  });

  test('fails when a port-level port is invalid', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'Pa', { selector: { app: 'a' }, portLevelMtls: [{ port: 0, mtlsMode: MtlsMode.DISABLE }] }))
      .toThrow(/\[test\/Pa\] portLevelMtls\[0\].port: 0 is not allowed; must be a port number/);
  });

  test('fails when a port-level port is not a whole number or is listed twice', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'A', { selector: { app: 'web' }, portLevelMtls: [{ port: 80.5, mtlsMode: MtlsMode.DISABLE }] }))
      .toThrow(/\[test\/A\] portLevelMtls\[0\].port: 80.5 is not allowed; must be a port number/);
    expect(() => new PeerAuthentication(chart, 'B', {
      selector: { app: 'web' },
      portLevelMtls: [{ port: 9090, mtlsMode: MtlsMode.DISABLE }, { port: 9090, mtlsMode: MtlsMode.STRICT }],
    })).toThrow(/\[test\/B\] portLevelMtls\[1\].port: 9090 is not allowed; must be listed once/);
  });

  test('fails when a selector value is longer than 63 characters', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'A', { selector: { app: 'a'.repeat(64) } }))
      .toThrow(/\[test\/A\] selector.app: "a{64}" is not allowed; must be at most 63 characters/);
  });

  // found by the property tests (test/property/istio-knative-ingress.test.ts)
  test('fails when the mTLS mode is not an MtlsMode', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'A', { mtlsMode: 'BOGUS' as MtlsMode }))
      .toThrow(/\[test\/A\] mtlsMode: "BOGUS" is not allowed; must be one of STRICT, PERMISSIVE, DISABLE, UNSET/);
    expect(() => new PeerAuthentication(chart, 'B', { selector: { app: 'a' }, portLevelMtls: [{ port: 8080, mtlsMode: 'strict' as MtlsMode }] }))
      .toThrow(/\[test\/B\] portLevelMtls\[0\].mtlsMode: "strict" is not allowed/);
  });
});
