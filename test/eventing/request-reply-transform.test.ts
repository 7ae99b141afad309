import { Duration, Testing } from 'cdk8s';
import { EXAMPLE_CA } from '../../examples/apps/secure-events';
import { BackoffPolicy, Broker, EventTransform, RequestReply, Sink } from '../../src/eventing';
import { Service } from '../../src/serving';

describe('RequestReply', () => {
  test('writes the Broker reference, attributes, timeout and delivery', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    const rr = new RequestReply(chart, 'RR', {
      metadata: { name: 'quote' },
      broker,
      correlationAttribute: 'requestid',
      replyAttribute: 'answerid',
      timeout: Duration.seconds(10),
      delivery: { retry: 2, backoffPolicy: BackoffPolicy.LINEAR },
    });
    expect(rr.toDestination().reference?.kind).toBe('RequestReply');
    expect(Testing.synth(chart)[1]).toEqual({
      apiVersion: 'eventing.knative.dev/v1alpha1',
      kind: 'RequestReply',
      metadata: { name: 'quote' },
      spec: {
        brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' },
        correlationAttribute: 'requestid',
        replyAttribute: 'answerid',
        timeout: 'PT10S',
        delivery: { retry: 2, backoffPolicy: 'linear' },
      },
    });
  });

  test('leaves Knative\'s defaults to Knative', () => {
    const chart = Testing.chart();
    new RequestReply(chart, 'RR', { metadata: { name: 'quote' }, broker: new Broker(chart, 'B', { metadata: { name: 'default' } }) });
    expect(Testing.synth(chart)[1].spec).toEqual({ brokerRef: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } });
  });

  test.each(['id', 'type', 'specversion', 'source'])('fails when the correlation attribute is the core attribute %s', (name) => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => new RequestReply(chart, 'RR', { broker, correlationAttribute: name })).toThrow(/correlationAttribute: .*core CloudEvents attribute/);
  });

  test('fails when the reply attribute is not a CloudEvents attribute name', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => new RequestReply(chart, 'RR', { broker, replyAttribute: 'Reply-Id' })).toThrow(/replyAttribute: .*lower-case/);
  });

  test('fails when both attributes are the same', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => new RequestReply(chart, 'RR', { broker, replyAttribute: 'correlationid' })).toThrow(/replyAttribute: .*must differ from correlationAttribute/);
  });

  test('fails when the timeout is under 100 ms', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => new RequestReply(chart, 'RR', { broker, timeout: Duration.millis(50) })).toThrow(/timeout: .*positive duration/);
  });

  test('fails when the Broker is in another namespace', () => {
    const chart = Testing.chart();
    const broker = Broker.fromBrokerName(chart, 'B', 'default', { namespaceName: 'other' });
    expect(() => new RequestReply(chart, 'RR', { metadata: { namespace: 'shop' }, broker })).toThrow(/broker\.namespace: .*RequestReply's namespace/);
  });

  test('fails when the delivery is invalid', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default' } });
    expect(() => new RequestReply(chart, 'RR', { broker, delivery: { retry: -1 } })).toThrow(/delivery\.retry/);
  });
});

describe('EventTransform', () => {
  const display = (chart: any) => new Service(chart, 'Display', { metadata: { name: 'display' }, container: { image: 'ghcr.io/example/display:1' } });

  test('writes the expression, sink and reply transformation', () => {
    const chart = Testing.chart();
    const t = new EventTransform(chart, 'T', {
      metadata: { name: 'enrich' },
      jsonata: '{ "id": id }',
      sink: display(chart),
      replyJsonata: '{ "ok": true }',
    });
    expect(t.toDestination().reference?.kind).toBe('EventTransform');
    expect(Testing.synth(chart)[1]).toEqual({
      apiVersion: 'eventing.knative.dev/v1alpha1',
      kind: 'EventTransform',
      metadata: { name: 'enrich' },
      spec: {
        sink: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display' } },
        jsonata: { expression: '{ "id": id }' },
        reply: { jsonata: { expression: '{ "ok": true }' } },
      },
    });
  });

  test('discards replies', () => {
    const chart = Testing.chart();
    new EventTransform(chart, 'T', { metadata: { name: 'x' }, jsonata: '$', sink: display(chart), discardReply: true });
    expect(Testing.synth(chart)[1].spec.reply).toEqual({ discard: true });
  });

  test('without a sink the transformed event is the reply', () => {
    const chart = Testing.chart();
    new EventTransform(chart, 'T', { metadata: { name: 'x' }, jsonata: '$' });
    expect(Testing.synth(chart)[0].spec).toEqual({ jsonata: { expression: '$' } });
  });

  test('fails when the expression is empty', () => {
    expect(() => new EventTransform(Testing.chart(), 'T', { jsonata: ' ' })).toThrow(/jsonata: .*non-empty JSONata expression/);
  });

  test('fails when a reply is set without a sink', () => {
    expect(() => new EventTransform(Testing.chart(), 'T', { jsonata: '$', replyJsonata: '$' })).toThrow(/replyJsonata: .*only allowed with a sink/);
    expect(() => new EventTransform(Testing.chart(), 'T2', { jsonata: '$', discardReply: true })).toThrow(/discardReply: .*only allowed with a sink/);
  });

  test('fails when the reply is both transformed and discarded', () => {
    const chart = Testing.chart();
    expect(() => new EventTransform(chart, 'T', { jsonata: '$', sink: display(chart), replyJsonata: '$', discardReply: true }))
      .toThrow(/discardReply: .*not both/);
  });

  test('fails when the sink carries CA certificates', () => {
    const chart = Testing.chart();
    expect(() => new EventTransform(chart, 'T', { jsonata: '$', sink: Sink.fromUri('https://x.example.com', { caCerts: EXAMPLE_CA }) }))
      .toThrow(/sink\.CACerts: .*not supported for JSONata/);
  });
});
