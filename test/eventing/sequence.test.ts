import { Chart, Testing } from 'cdk8s';
import { ChannelKind, InMemoryChannel, Sequence, Sink } from '../../src/eventing';

describe('Sequence', () => {
  test('writes steps, channel template and reply', () => {
    const chart = Testing.chart();
    const channel = new InMemoryChannel(chart, 'C', { metadata: { name: 'out' } });
    const seq = new Sequence(chart, 'S', {
      metadata: { name: 'pipeline' },
      steps: [{ subscriber: Sink.fromUri('https://a.example.com'), delivery: { retry: 1 } }],
      channelTemplate: ChannelKind.IN_MEMORY,
      reply: channel,
    });
    seq.addStep({ subscriber: Sink.fromAddressable(channel, { path: '/b' }) });
    expect(Testing.synth(chart)[1]).toEqual({
      apiVersion: 'flows.knative.dev/v1',
      kind: 'Sequence',
      metadata: { name: 'pipeline' },
      spec: {
        steps: [
          { uri: 'https://a.example.com', delivery: { retry: 1 } },
          { ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'out' }, uri: '/b' },
        ],
        channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' },
        reply: { ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'out' } },
      },
    });
  });

  test('is addressable at its first channel', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ns' });
    const seq = new Sequence(chart, 'S', { metadata: { name: 'p' }, steps: [{ subscriber: Sink.fromUri('https://a.example.com') }] });
    expect(seq.url).toBe('http://p-kn-sequence-0-kn-channel.ns.svc.cluster.local');
    expect(seq.toDestination()).toEqual({ reference: { apiVersion: 'flows.knative.dev/v1', kind: 'Sequence', name: 'p', namespaceName: 'ns' } });
  });

  test('fails when a step is empty', () => {
    const seq = new Sequence(Testing.chart(), 'S');
    expect(() => seq.addStep({ subscriber: { toDestination: () => ({}) } })).toThrow(/\[test\/S\] steps\[0\]: \{\} is not allowed/);
  });

  test('fails when there is no step', () => {
    const app = Testing.app();
    new Sequence(new Chart(app, 'c'), 'S');
    // one construct path: cdk8s prefixes it, the message does not repeat it
    expect(() => app.synthYaml()).toThrow(/failed with the following errors:\n {2}\[c\/S\] steps: a Sequence needs at least one step/);
  });
});
