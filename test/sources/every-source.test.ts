/**
 * The sink and ceOverrides behaviour every source shares (through the
 * internal SourceBase), run against every typed source and the generic Source.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Broker, Sink } from '../../src/eventing';
import { Service } from '../../src/serving';
import { ISink } from '../../src/core/reference';
import {
  ApiServerSource, ContainerSource, GitHubEventType, GitHubSource, IntegrationInput, IntegrationSource, KafkaSource, PingSource, SinkBinding,
  SinkBindingSubject, Source,
} from '../../src/sources';

type Make = (scope: Construct, id: string, sink: ISink, ceOverrides?: { [key: string]: string }) => void;

const SOURCES: [string, Make][] = [
  ['PingSource', (s, id, sink, ceOverrides) => new PingSource(s, id, { schedule: '@hourly', sink, ceOverrides })],
  ['ApiServerSource', (s, id, sink, ceOverrides) => new ApiServerSource(s, id, { resources: [{ apiVersion: 'v1', kind: 'Event' }], sink, ceOverrides })],
  ['ContainerSource', (s, id, sink, ceOverrides) => new ContainerSource(s, id, { containers: [{ image: 'ghcr.io/example/beats:1' }], sink, ceOverrides })],
  ['SinkBinding', (s, id, sink, ceOverrides) => new SinkBinding(s, id, { subject: SinkBindingSubject.fromKindAndName('apps/v1', 'Deployment', 'web'), sink, ceOverrides })],
  ['KafkaSource', (s, id, sink, ceOverrides) => new KafkaSource(s, id, { bootstrapServers: ['k:9092'], topics: ['t'], sink, ceOverrides })],
  ['GitHubSource', (s, id, sink, ceOverrides) => {
    const secret = kplus.Secret.fromSecretName(s, `${id}-gh`, 'gh');
    new GitHubSource(s, id, {
      ownerAndRepository: 'org/repo', eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'token' }, secretToken: { secret, key: 'secret' }, sink, ceOverrides,
    });
  }],
  ['IntegrationSource', (s, id, sink, ceOverrides) => new IntegrationSource(s, id, { input: IntegrationInput.timer({ message: 'tick' }), sink, ceOverrides })],
  ['Source (CloudPubSubSource)', (s, id, sink, ceOverrides) => new Source(s, id, {
    apiVersion: 'events.cloud.google.com/v1', kind: 'CloudPubSubSource', spec: { topic: 'orders' }, sink, ceOverrides,
  })],
  ['Source (RabbitmqSource)', (s, id, sink, ceOverrides) => new Source(s, id, {
    apiVersion: 'sources.knative.dev/v1alpha1', kind: 'RabbitmqSource', spec: { rabbitmqResourcesConfig: { queueName: 'q' } }, sink, ceOverrides,
  })],
];

function chart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'shop' });
}

/** The spec of the one source object `make` adds. */
function specOf(c: Chart, kind?: string): any {
  const objects = Testing.synth(c).filter((o: any) => o.spec?.sink !== undefined && (kind === undefined || o.kind === kind));
  expect(objects).toHaveLength(1);
  return objects[0].spec;
}

describe.each(SOURCES)('%s', (_name, make) => {
  test('writes a URI sink', () => {
    const c = chart();
    make(c, 'S', Sink.fromUri('https://events.example.com/in'));
    expect(specOf(c).sink).toEqual({ uri: 'https://events.example.com/in' });
  });

  test('writes a Broker of the app as sink (an ISink itself)', () => {
    const c = chart();
    const broker = new Broker(c, 'B', { metadata: { name: 'default' } });
    make(c, 'S', broker);
    expect(specOf(c).sink).toEqual({ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'shop' } });
  });

  test('writes an addressable with a path (GitHubSource: fails, its CRD takes a ref or a uri)', () => {
    const c = chart();
    const svc = new Service(c, 'K', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/example/hello:1' } });
    if (_name === 'GitHubSource') {
      expect(() => make(c, 'S', Sink.fromAddressable(svc, { path: '/events' }))).toThrow(/\[c\/S\] sink\.uri: "\/events" is not allowed; the GitHubSource CRD takes a ref or a uri, not both/);
      return;
    }
    make(c, 'S', Sink.fromAddressable(svc, { path: '/events' }));
    expect(specOf(c).sink).toEqual({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespace: 'shop' }, uri: '/events' });
  });

  test('writes a Kubernetes Service and an imported object', () => {
    const c = chart();
    const svc = new kplus.Service(c, 'Svc', { metadata: { name: 'web' }, ports: [{ port: 80 }] });
    make(c, 'S', Sink.fromKubeService(svc));
    expect(specOf(c).sink.ref).toEqual({ apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop' });
    const c2 = chart();
    make(c2, 'S', Sink.fromRef(c2, 'Ext', { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders' }));
    expect(specOf(c2).sink).toEqual({ ref: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'orders', namespace: 'shop' } });
  });

  test('writes ceOverrides as extensions, and none when empty', () => {
    const c = chart();
    make(c, 'S', Sink.fromUri('https://e.example.com'), { team: 'shop', region2: 'eu' });
    expect(specOf(c).ceOverrides).toEqual({ extensions: { team: 'shop', region2: 'eu' } });
    const c2 = chart();
    make(c2, 'S', Sink.fromUri('https://e.example.com'), {});
    expect(specOf(c2).ceOverrides).toBeUndefined();
  });

  test('exposes its sink', () => {
    const c = chart();
    const sink = Sink.fromUri('https://e.example.com');
    make(c, 'S', sink);
    const source = c.node.findChild('S') as unknown as { sink: ISink };
    expect(source.sink).toBe(sink);
  });

  test('fails when a ceOverrides name is not a CloudEvents attribute name', () => {
    expect(() => make(chart(), 'S', Sink.fromUri('https://e.example.com'), { 'my-team': 'a' }))
      .toThrow(/\[c\/S\] ceOverrides\.my-team: "my-team" is not allowed; a CloudEvents attribute name must be lower-case/);
  });

  test('fails when the sink refers to another namespace', () => {
    const c = chart();
    expect(() => make(c, 'S', Sink.fromRef(c, 'Ext', { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'b', namespaceName: 'other' })))
      .toThrow(/\[c\/S\] sink\.ref\.namespace: "other" is not allowed; must be the namespace of the object that holds the sink \("shop"\)/);
  });

  test('fails when the sink has neither ref nor uri', () => {
    expect(() => make(chart(), 'S', { toDestination: () => ({}) })).toThrow(/\[c\/S\] sink: \{\} is not allowed; a sink needs a ref, a uri or both/);
  });

  test('fails when a sink ref has an absolute uri', () => {
    expect(() => make(chart(), 'S', { toDestination: () => ({ reference: { apiVersion: 'v1', kind: 'Service', name: 'x' }, uri: 'https://x.example.com' }) }))
      .toThrow(/\[c\/S\] sink\.uri: "https:\/\/x\.example\.com" is not allowed; with a ref the uri must be a relative URI/);
  });
});
