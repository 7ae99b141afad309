import { Chart, Testing } from 'cdk8s';
import { InMemoryChannel, Sink } from '../../src/eventing';

describe('InMemoryChannel', () => {
  test('writes the delivery', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'dev' });
    const c = new InMemoryChannel(chart, 'C', { metadata: { name: 'events' }, delivery: { deadLetterSink: Sink.fromUri('https://dls.example.com') } });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'InMemoryChannel',
      metadata: { name: 'events', namespace: 'dev' },
      spec: { delivery: { deadLetterSink: { uri: 'https://dls.example.com' } } },
    });
    expect(c.url).toBe('http://events-kn-channel.dev.svc.cluster.local');
  });

  test('an empty spec by default', () => {
    const chart = Testing.chart();
    new InMemoryChannel(chart, 'C');
    expect(Testing.synth(chart)[0].spec).toEqual({});
  });

  test('fails when the name is invalid', () => {
    expect(() => new InMemoryChannel(Testing.chart(), 'C', { metadata: { name: 'A' } })).toThrow(/\[test\/C\] metadata.name: "A" is not allowed/);
  });
});
