import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../src/eventing';
import { SinkBinding, SinkBindingSubject } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

describe('SinkBinding', () => {
  test('binds one object by name', () => {
    const chart = Testing.chart();
    new SinkBinding(chart, 'B', { metadata: { name: 'bind' }, subject: SinkBindingSubject.fromKindAndName('apps/v1', 'Deployment', 'producer'), sink, ceOverrides: { a: 'b' } });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'sources.knative.dev/v1',
      kind: 'SinkBinding',
      metadata: { name: 'bind' },
      spec: {
        subject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' },
        sink: { uri: 'https://sink.example.com' },
        ceOverrides: { extensions: { a: 'b' } },
      },
    });
  });

  test('binds objects by selector', () => {
    const chart = Testing.chart();
    new SinkBinding(chart, 'B', {
      subject: SinkBindingSubject.fromSelector('batch/v1', 'Job', kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.in('app', ['a', 'b'])] })),
      sink,
    });
    expect(Testing.synth(chart)[0].spec.subject).toEqual({
      apiVersion: 'batch/v1', kind: 'Job', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] },
    });
  });

  test('binds an object of the app', () => {
    const chart = Testing.chart();
    const deploy = new kplus.Deployment(chart, 'D', { metadata: { name: 'producer' }, containers: [{ image: 'x' }] });
    new SinkBinding(chart, 'B', { subject: SinkBindingSubject.fromResource(deploy), sink });
    const binding = Testing.synth(chart).find(m => m.kind === 'SinkBinding');
    expect(binding.spec.subject).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer' });
  });

  test('fails when the subject name is empty', () => {
    expect(() => new SinkBinding(Testing.chart(), 'B', { subject: SinkBindingSubject.fromKindAndName('apps/v1', 'Deployment', ''), sink }))
      .toThrow(/\[test\/B\] subject.name: "" is not allowed; must be a non-empty name/);
  });

  test('fails when the subject kind is empty', () => {
    expect(() => new SinkBinding(Testing.chart(), 'B', { subject: SinkBindingSubject.fromKindAndName('apps/v1', '', 'x'), sink }))
      .toThrow(/\[test\/B\] subject.kind: "" is not allowed/);
  });
});
