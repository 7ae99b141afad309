/**
 * CEL rules reached through the Istio constructs. The constructs reject the
 * props Istio's CRD rules would reject, where they are written; a value that
 * reaches the manifest another way (a JSON patch, an escape hatch) still fails
 * synth on the CEL rule, with the construct path and the field.
 */
import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
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
  test('the constructs reject a connectTimeout under 1ms and a wildcard selector where they are written', () => {
    const chart = Testing.chart();
    expect(() => new DestinationRule(chart, 'Api', { metadata: { name: 'api' }, host: 'api.apps.svc.cluster.local', connectTimeout: Duration.millis(0) }))
      .toThrow(/\[test\/Api\] connectTimeout: "0ms" is not allowed; must be at least 1ms/);
    expect(() => new AuthorizationPolicy(chart, 'Allow', { metadata: { name: 'allow' }, selector: { app: 'api-*' } }))
      .toThrow(/\[test\/Allow\] selector.app: "api-\*" is not allowed; must not hold "\*"/);
  });

  test('fails when a DestinationRule connectTimeout under 1ms reaches the manifest through a patch', () => {
    const message = synthError(chart => {
      const rule = new DestinationRule(chart, 'Api', { metadata: { name: 'api' }, host: 'api.apps.svc.cluster.local', connectTimeout: Duration.millis(250) });
      ApiObject.of(rule).addJsonPatch(JsonPatch.replace('/spec/trafficPolicy/connectionPool/tcp/connectTimeout', '0ms'));
    });
    expect(message).toContain('[mesh/Api] DestinationRule/api: spec.trafficPolicy.connectionPool.tcp.connectTimeout: '
      + 'must be a valid duration greater than 1ms');
  });

  test('fails when an AuthorizationPolicy selector with a wildcard reaches the manifest through a patch', () => {
    const message = synthError(chart => {
      const policy = new AuthorizationPolicy(chart, 'Allow', { metadata: { name: 'allow' }, selector: { app: 'api' } });
      ApiObject.of(policy).addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels/app', 'api-*'));
    });
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
