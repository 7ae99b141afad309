import { Testing } from 'cdk8s';
import { Broker, EventType } from '../../src/eventing';

describe('EventType', () => {
  test('writes the v1beta3 attributes Knative requires', () => {
    const chart = Testing.chart();
    const eventType = new EventType(chart, 'E', { metadata: { name: 'created' }, cloudEventType: 'com.example.created' });
    expect(eventType.cloudEventType).toBe('com.example.created');
    expect(Testing.synth(chart)[0]).toEqual({
      apiVersion: 'eventing.knative.dev/v1beta3',
      kind: 'EventType',
      metadata: { name: 'created' },
      spec: {
        attributes: [
          { name: 'specversion', value: '1.0', required: true },
          { name: 'id', required: true },
          { name: 'type', value: 'com.example.created', required: true },
          { name: 'source', required: true },
        ],
      },
    });
  });

  test('writes source, schema, description, reference and extensions', () => {
    const chart = Testing.chart();
    const broker = new Broker(chart, 'B', { metadata: { name: 'default', namespace: 'shop' } });
    new EventType(chart, 'E', {
      cloudEventType: 'com.example.created',
      source: '/shop/{id}',
      schema: 'https://schemas.example.com/created.json',
      description: 'An order was created',
      reference: broker,
      extensions: { tenant: '', region: 'eu' },
    });
    expect(Testing.synth(chart)[1].spec).toEqual({
      reference: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: 'shop' },
      description: 'An order was created',
      attributes: [
        { name: 'specversion', value: '1.0', required: true },
        { name: 'id', required: true },
        { name: 'type', value: 'com.example.created', required: true },
        { name: 'source', value: '/shop/{id}', required: true },
        { name: 'dataschema', value: 'https://schemas.example.com/created.json', required: true },
        { name: 'tenant', required: true },
        { name: 'region', value: 'eu', required: true },
      ],
    });
  });

  test('fails when the type is empty', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: '' })).toThrow(/\[test\/E\] cloudEventType: "" is not allowed; must be a non-empty CloudEvents type/);
  });

  test('fails when an extension name is invalid', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: 'a', extensions: { 'my-ext': 'x' } })).toThrow(/\[test\/E\] extensions.my-ext: "my-ext" is not allowed; a CloudEvents attribute name/);
  });

  test('fails when an extension is a core attribute', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: 'a', extensions: { source: 'x' } })).toThrow(/extensions.source: "source" is not allowed; must not be a core CloudEvents attribute/);
  });

  test('declares any CloudEvents attribute with required chosen by the user', () => {
    const chart = Testing.chart();
    new EventType(chart, 'E', {
      metadata: { name: 'created' },
      cloudEventType: 'com.example.created',
      source: '/shop',
      sourceRequired: false,
      attributes: [
        { name: 'datacontenttype', value: 'application/json' },
        { name: 'dataschema', value: 'https://schemas.example.com/created.json', required: false },
        { name: 'subject', required: false },
        { name: 'time' },
        { name: 'tenant', value: '', required: false },
      ],
    });
    expect(Testing.synth(chart)[0].spec.attributes).toEqual([
      { name: 'specversion', value: '1.0', required: true },
      { name: 'id', required: true },
      { name: 'type', value: 'com.example.created', required: true },
      { name: 'source', value: '/shop', required: false },
      { name: 'datacontenttype', value: 'application/json', required: true },
      { name: 'dataschema', value: 'https://schemas.example.com/created.json', required: false },
      { name: 'subject', required: false },
      { name: 'time', required: true },
      { name: 'tenant', required: false },
    ]);
  });

  test('fails when an attribute repeats a prop-made one', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: 't', attributes: [{ name: 'source' }] }))
      .toThrow(/attributes\[0\]\.name: .*come from the props/);
  });

  test('fails when an attribute is declared twice', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: 't', schema: 'https://s.example.com', attributes: [{ name: 'dataschema' }] }))
      .toThrow(/attributes\[0\]\.name: .*already declared \(by the schema prop\)/);
    expect(() => new EventType(Testing.chart(), 'E2', { cloudEventType: 't', extensions: { tenant: '' }, attributes: [{ name: 'tenant' }] }))
      .toThrow(/already declared/);
  });

  test('fails when an attribute name is invalid or is data', () => {
    expect(() => new EventType(Testing.chart(), 'E', { cloudEventType: 't', attributes: [{ name: 'Tenant' }] })).toThrow(/attributes\[0\]\.name: .*lower-case/);
    expect(() => new EventType(Testing.chart(), 'E2', { cloudEventType: 't', attributes: [{ name: 'data' }] })).toThrow(/data is the event payload/);
  });
});
