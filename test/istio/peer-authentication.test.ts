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
      mtlsMode: MtlsMode.PERMISSIVE, selector: { app: 'legacy' }, portLevelMtls: { 9090: MtlsMode.DISABLE },
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
    expect(() => new PeerAuthentication(chart, 'Pa', { portLevelMtls: { 9090: MtlsMode.DISABLE } }))
      .toThrow(/\[test\/Pa\] portLevelMtls: \{"9090":"DISABLE"\} is not allowed; needs a selector/);
  });

  test('fails when a port-level port is invalid', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'Pa', { selector: { app: 'a' }, portLevelMtls: { 0: MtlsMode.DISABLE } }))
      .toThrow(/\[test\/Pa\] portLevelMtls.0: 0 is not allowed; must be a port number/);
  });

  // found by the property tests (test/property/istio-security.test.ts)
  test('fails when a port-level key is not a plain port number', () => {
    const chart = Testing.chart();
    expect(() => new PeerAuthentication(chart, 'A', { selector: { app: 'web' }, portLevelMtls: { ['1e3' as unknown as number]: MtlsMode.DISABLE } }))
      .toThrow(/\[test\/A\] portLevelMtls.1e3: NaN is not allowed; must be a port number/);
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
    expect(() => new PeerAuthentication(chart, 'B', { selector: { app: 'a' }, portLevelMtls: { 8080: 'strict' as MtlsMode } }))
      .toThrow(/\[test\/B\] portLevelMtls.8080: "strict" is not allowed/);
  });
});
