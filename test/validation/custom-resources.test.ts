import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { readCrds } from '../../src/validation/crd-files';
import { validateManifests } from '../../src/validation/engine';
import { CustomResourceSchemas } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';
import { Validation } from '../../src/validation/validation';

const fixture = path.join(__dirname, '../fixtures/validation/custom-sources');
const crdDir = path.join(fixture, 'crds');
const objects = (parseAllDocuments(fs.readFileSync(path.join(fixture, 'objects/sources.yaml'), 'utf8')).map(d => d.toJS())) as Manifest[];
const rabbit = objects.find(o => o.kind === 'RabbitmqSource')!;
const pubsub = objects.find(o => o.kind === 'CloudPubSubSource')!;
const custom = new CustomResourceSchemas(readCrds([crdDir]));

const withSpec = (m: Manifest, spec: Record<string, unknown>): Manifest => ({ ...m, spec });
const lines = (manifests: Manifest[], options: Parameters<typeof validateManifests>[1] = {}) =>
  validateManifests(manifests, options).map(p => `${p.severity} ${p.rule} ${p.object.kind}/${p.object.name} ${p.path}: ${p.message}`);

describe('registered CRDs', () => {
  test('lists the served versions of the registered kinds', () => {
    expect(custom.kinds()).toEqual(['events.cloud.google.com/v1/CloudPubSubSource', 'sources.knative.dev/v1alpha1/RabbitmqSource']);
  });

  test('valid objects of registered kinds pass the schema and --strict', () => {
    expect(custom.validate(rabbit)).toEqual({ checked: true, violations: [] });
    expect(lines(objects, { strict: true, customResources: custom })).toEqual([]);
  });

  test('fails with --strict when the CRDs are not registered', () => {
    expect(lines(objects, { strict: true })).toEqual([
      'error schema/not-checked RabbitmqSource/orders-queue : not checked: no schema is known for sources.knative.dev/v1alpha1 RabbitmqSource',
      'error schema/not-checked CloudPubSubSource/orders-topic : not checked: no schema is known for events.cloud.google.com/v1 CloudPubSubSource',
    ]);
  });

  test('fails when an object breaks its CRD\'s schema', () => {
    const bad = withSpec(rabbit, { rabbitmqResourcesConfig: { parallelism: 0 }, sink: (rabbit.spec as any).sink, queue: 'x' });
    expect(custom.validate(bad)!.violations.map(v => `${v.rule} ${v.path}`)).toEqual([
      'schema/unknown-field spec.queue',
      'schema/range spec.rabbitmqResourcesConfig.parallelism',
      'schema/required spec.rabbitmqResourcesConfig.queueName',
    ]);
    expect(custom.validate(withSpec(pubsub, { topic: '', sink: (pubsub.spec as any).sink }))!.violations.map(v => v.path)).toEqual(['spec.topic']);
  });

  test('fails when an object breaks its CRD\'s CEL rule', () => {
    const bad = withSpec(rabbit, { ...(rabbit.spec as any), rabbitmqResourcesConfig: { queueName: 'orders', parallelism: 2000 } });
    expect(custom.validate(bad)!.violations).toEqual([expect.objectContaining({ rule: 'schema/cel', path: 'spec', message: expect.stringMatching(/parallelism must be at most 1000/) })]);
  });

  test('fails when the version is not served', () => {
    expect(custom.validate({ ...rabbit, apiVersion: 'sources.knative.dev/v1alpha0' })!.violations).toEqual([
      expect.objectContaining({ rule: 'schema/api-version', message: '"sources.knative.dev/v1alpha0" is not a served version of RabbitmqSource', hint: 'use sources.knative.dev/v1alpha1' }),
    ]);
  });

  test('kinds not registered are left to the vendored schemas', () => {
    expect(custom.validate(objects[0])).toBeUndefined();
  });

  test('fails when a path holds no CRD or does not exist', () => {
    expect(() => readCrds([path.join(fixture, 'objects')])).toThrow(/objects: no CustomResourceDefinition found/);
    expect(() => readCrds([path.join(fixture, 'nope')])).toThrow(/nope: no such file or folder/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crds-'));
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: x}\nspec: {group: a.b}\n');
    expect(() => readCrds([dir])).toThrow(/bad.yaml:0: a CustomResourceDefinition needs spec.group, spec.names.kind and spec.versions/);
  });
});

describe('duck-typed sources without a CRD', () => {
  const other = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'sources.example.com/v1', kind: 'SqsSource', metadata: { name: 'q', namespace: 'shop' }, spec });

  test('a source-shaped object with a resolvable sink and good ceOverrides passes (only "not checked")', () => {
    const sink = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'orders' } };
    expect(lines([objects[0], other({ sink, ceOverrides: { extensions: { tenant: 'acme' } } })])).toEqual([
      'warning schema/not-checked SqsSource/q : not checked: no schema is known for sources.example.com/v1 SqsSource',
    ]);
  });

  test('fails when its sink ref is not defined (with did you mean)', () => {
    const sink = { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'order' } };
    expect(lines([objects[0], other({ sink })], { layers: ['reference'] })).toEqual([
      'error reference/destination SqsSource/q spec.sink.ref: refers to Service "order" in namespace "shop", which is not defined; did you mean "orders"?',
    ]);
  });

  test('fails when its sink is empty or its ceOverrides names are not CloudEvents names (a ...Source kind: the sources/duck-source rule)', () => {
    expect(lines([other({ sink: {}, ceOverrides: { extensions: { 'my-ext': 'x' } } })], { layers: ['semantic'] })).toEqual([
      expect.stringMatching(/^error sources\/duck-source SqsSource\/q spec.ceOverrides.extensions\["my-ext"\]: extension name "my-ext" is not allowed/),
      expect.stringMatching(/^error sources\/duck-source SqsSource\/q spec.sink: /),
    ]);
  });

  test('any other kind with a spec.sink gets the same checks (sources/duck-sink), and a kind without a sink none', () => {
    const listener = (spec: Record<string, unknown>): Manifest => ({ apiVersion: 'events.example.com/v1', kind: 'QueueListener', metadata: { name: 'l', namespace: 'shop' }, spec });
    expect(lines([listener({ sink: {}, ceOverrides: { extensions: { 'my-ext': 'x' } } })], { layers: ['semantic'] })).toEqual([
      expect.stringMatching(/^error sources\/duck-sink QueueListener\/l spec.ceOverrides.extensions\["my-ext"\]: extension name "my-ext" is not allowed/),
      expect.stringMatching(/^error sources\/duck-sink QueueListener\/l spec.sink: /),
    ]);
    expect(lines([listener({ queue: 'q' })], { layers: ['semantic'] })).toEqual([]);
  });

  test('a registered kind is also duck-checked', () => {
    const bad = withSpec(rabbit, { ...(rabbit.spec as any), ceOverrides: { extensions: { 'bad_name': 'x' } } });
    expect(lines([bad], { layers: ['semantic'], customResources: custom })).toEqual([
      expect.stringMatching(/^error sources\/duck-source RabbitmqSource\/orders-queue spec.ceOverrides.extensions.bad_name: /),
    ]);
  });
});

describe('Validation.configure({ crds })', () => {
  function app(spec: Record<string, unknown>): { app: App; chart: Chart } {
    const a = Testing.app();
    const chart = new Chart(a, 'shop', { namespace: 'shop' });
    for (const o of objects.filter(x => x.kind === 'Service' || x.kind === 'Broker')) new ApiObject(chart, `${o.kind}`, o as any);
    new ApiObject(chart, 'Rabbit', { apiVersion: rabbit.apiVersion, kind: rabbit.kind, metadata: { name: 'orders-queue' }, spec });
    return { app: a, chart };
  }

  test('strict passes for a custom kind whose CRD is registered', () => {
    const { app: a, chart } = app(rabbit.spec as Record<string, unknown>);
    Validation.of(a).configure({ strict: true, crds: [crdDir] });
    expect(Validation.of(a).validate().problems.filter(p => p.severity === 'error')).toEqual([]);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('fails on synth when a custom object breaks its CRD', () => {
    const { app: a, chart } = app({ rabbitmqResourcesConfig: { queueName: 'q', parallelism: 5000 }, sink: (rabbit.spec as any).sink });
    Validation.of(a).configure({ crds: [crdDir] });
    expect(() => Testing.synth(chart)).toThrow(/\[shop\/Rabbit\] RabbitmqSource\/orders-queue: spec: parallelism must be at most 1000/);
  });

  test('fails on synth, naming the path, when a CRD path does not exist', () => {
    const { app: a, chart } = app(rabbit.spec as Record<string, unknown>);
    Validation.of(a).configure({ crds: ['no/such/crds'] });
    expect(() => Testing.synth(chart)).toThrow(/Validation crds: CRDs: no\/such\/crds: no such file or folder/);
  });
});
