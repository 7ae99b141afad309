/**
 * CEL rules reached through the Istio constructs: props the constructs
 * accept but whose output Istio's CRD rules reject fail synth with the
 * construct path and the field.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { AuthorizationPolicy, DestinationRule } from '../../src/istio';

function synthError(build: (chart: Chart) => void): string {
  const app = Testing.app();
  build(new Chart(app, 'mesh', { namespace: 'apps' }));
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

describe('CEL rules of Istio CRDs on construct output', () => {
  test('fails when a DestinationRule connectTimeout is under 1ms', () => {
    const message = synthError(chart => new DestinationRule(chart, 'Api', {
      metadata: { name: 'api' }, host: 'api.apps.svc.cluster.local', connectTimeout: Duration.millis(0),
    }));
    expect(message).toContain('[mesh/Api] DestinationRule/api: spec.trafficPolicy.connectionPool.tcp.connectTimeout: '
      + 'must be a valid duration greater than 1ms');
  });

  test('fails when an AuthorizationPolicy selector matches a label value with a wildcard', () => {
    const message = synthError(chart => new AuthorizationPolicy(chart, 'Allow', {
      metadata: { name: 'allow' }, selector: { app: 'api-*' },
    }));
    expect(message).toContain('[mesh/Allow] AuthorizationPolicy/allow: spec.selector.matchLabels.app: wildcard not allowed in label value match');
  });

  test('a valid DestinationRule and AuthorizationPolicy synthesize', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'mesh', { namespace: 'apps' });
    new DestinationRule(chart, 'Api', { metadata: { name: 'api' }, host: 'api.apps.svc.cluster.local', connectTimeout: Duration.millis(250) });
    new AuthorizationPolicy(chart, 'Allow', { metadata: { name: 'allow' }, selector: { app: 'api' } });
    expect(() => app.synth()).not.toThrow();
  });
});
