import { Chart, Testing } from 'cdk8s';
import { ChannelKind, Parallel, Sink } from '../../src/eventing';

const a = Sink.fromUri('https://a.example.com');
const b = Sink.fromUri('https://b.example.com');

describe('Parallel', () => {
  test('writes branches, channel template and reply', () => {
    const chart = Testing.chart();
    const p = new Parallel(chart, 'P', {
      metadata: { name: 'fan' },
      branches: [{ filter: a, subscriber: b, reply: a, delivery: { retry: 2 } }],
      channelTemplate: ChannelKind.KAFKA,
      reply: b,
    });
    p.addBranch({ subscriber: a });
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'flows.knative.dev/v1',
      kind: 'Parallel',
      metadata: { name: 'fan' },
      spec: {
        branches: [
          { filter: { uri: 'https://a.example.com' }, subscriber: { uri: 'https://b.example.com' }, reply: { uri: 'https://a.example.com' }, delivery: { retry: 2 } },
          { subscriber: { uri: 'https://a.example.com' } },
        ],
        channelTemplate: { apiVersion: 'messaging.knative.dev/v1beta1', kind: 'KafkaChannel' },
        reply: { uri: 'https://b.example.com' },
      },
    });
  });

  test('is addressable at its ingress channel', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'ns' });
    const p = new Parallel(chart, 'P', { metadata: { name: 'fan' }, branches: [{ subscriber: a }] });
    expect(p.url).toBe('http://fan-kn-parallel-kn-channel.ns.svc.cluster.local');
  });

  test('fails when a branch filter is invalid', () => {
    const p = new Parallel(Testing.chart(), 'P');
    expect(() => p.addBranch({ subscriber: a, filter: { toDestination: () => ({ uri: 'x' }) } })).toThrow(/\[test\/P\] branches\[0\].filter.uri: "x" is not allowed/);
  });

  test('fails when there is no branch', () => {
    const app = Testing.app();
    new Parallel(new Chart(app, 'c'), 'P');
    // one construct path: cdk8s prefixes it, the message does not repeat it
    expect(() => app.synthYaml()).toThrow(/failed with the following errors:\n {2}\[c\/P\] branches: a Parallel needs at least one branch/);
  });
});
