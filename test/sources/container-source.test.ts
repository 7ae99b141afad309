import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../src/eventing';
import { ContainerSource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

describe('ContainerSource', () => {
  test('writes the pod template, sink and overrides', () => {
    const chart = Testing.chart();
    new ContainerSource(chart, 'C', {
      metadata: { name: 'heartbeats' },
      containers: [{ image: 'ghcr.io/knative/heartbeats:latest', args: ['--period=1'], envVariables: { POD_NAME: kplus.EnvValue.fromValue('x') } }],
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'beats'),
      sink,
      ceOverrides: { origin: 'beats' },
    });
    const [source] = Testing.synth(chart);
    expect(source.apiVersion).toBe('sources.knative.dev/v1');
    expect(source.kind).toBe('ContainerSource');
    expect(source.metadata).toEqual({ name: 'heartbeats' });
    expect(source.spec.sink).toEqual({ uri: 'https://sink.example.com' });
    expect(source.spec.ceOverrides).toEqual({ extensions: { origin: 'beats' } });
    expect(source.spec.template.spec.serviceAccountName).toBe('beats');
    const [container] = source.spec.template.spec.containers;
    expect(container.name).toBe('source');
    expect(container.image).toBe('ghcr.io/knative/heartbeats:latest');
    expect(container.args).toEqual(['--period=1']);
    expect(container.env).toEqual([{ name: 'POD_NAME', value: 'x' }]);
    expect(container.ports).toBeUndefined();
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('names further containers source-<n>', () => {
    const chart = Testing.chart();
    new ContainerSource(chart, 'C', { containers: [{ image: 'aa' }, { image: 'bb' }], sink });
    expect(Testing.synth(chart)[0].spec.template.spec.containers.map((c: any) => c.name)).toEqual(['source', 'source-1']);
  });

  test('fails when there is no container', () => {
    expect(() => new ContainerSource(Testing.chart(), 'C', { containers: [], sink })).toThrow(/\[test\/C\] containers: \[\] is not allowed; list at least one container/);
  });

  test('fails when K_SINK is set by hand', () => {
    expect(() => new ContainerSource(Testing.chart(), 'C', { containers: [{ image: 'aa', envVariables: { K_SINK: kplus.EnvValue.fromValue('x') } }], sink }))
      .toThrow(/\[test\/C\] containers\[0\].envVariables.K_SINK: "K_SINK" is not allowed; K_SINK and K_CE_OVERRIDES are set by Knative/);
  });

  test('fails when two containers share a name', () => {
    expect(() => new ContainerSource(Testing.chart(), 'C', { containers: [{ image: 'aa', name: 'x' }, { image: 'bb', name: 'x' }], sink }))
      .toThrow(/\[test\/C\] containers: \["x","x"\] is not allowed; each container needs a different name/);
  });

  test('fails when the image is empty', () => {
    expect(() => new ContainerSource(Testing.chart(), 'C', { containers: [{ image: '' }], sink })).toThrow(/\[test\/C\] containers\[0\].image: "" is not allowed/);
  });
});
