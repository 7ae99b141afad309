import * as fs from 'fs';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ImportedObject } from '../../src/core/external';
import { deferWarnings } from '../../src/core/warnings';
import { ClusterConfig } from '../../src/validation/cluster-config';
import { KnativeResource } from '../../src/validation/knative-resource';
import { ProblemSeverity, Validation, ValidationLayer } from '../../src/validation/validation';
import { messageOf } from '../core/thrown';

/** A minimal construct of ours: any API object wrapped the KnativeResource way. */
class Wrapped extends KnativeResource {
  public readonly resourceType = 'things';
  protected readonly apiObject: ApiObject;
  constructor(scope: Construct, id: string, apiVersion: string, kind: string, name: string, spec?: Record<string, unknown>) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', { apiVersion, kind, metadata: { name }, ...(spec ? { spec } : {}) });
  }
}

const broker = (scope: Construct, id: string, name = 'default') => new Wrapped(scope, id, 'eventing.knative.dev/v1', 'Broker', name);
const trigger = (scope: Construct, id: string, brokerName: string) =>
  new Wrapped(scope, id, 'eventing.knative.dev/v1', 'Trigger', id.toLowerCase(), { broker: brokerName, subscriber: { uri: 'https://example.com/' } });
const service = (scope: Construct, id: string, podSpec: Record<string, unknown> = {}) =>
  new Wrapped(scope, id, 'serving.knative.dev/v1', 'Service', id.toLowerCase(), { template: { spec: { containers: [{ image: 'example/app' }], ...podSpec } } });

describe('validation on synth', () => {
  test('a valid app synthesizes', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'events', { namespace: 'demo' });
    broker(chart, 'Broker');
    trigger(chart, 'Trigger', 'default');
    service(chart, 'Hello');
    app.synth();
    expect(fs.readdirSync(app.outdir)).toEqual(['events.k8s.yaml']);
  });

  test('fails when the app is invalid: one error lists every problem and nothing is written', () => {
    const app = Testing.app();
    const serving = new Chart(app, 'serving');
    const events = new Chart(app, 'events');
    service(serving, 'Hello', { containerConcurrency: 5000, containers: [{ image: 'xx', colour: 'blue' }] });
    trigger(events, 'Orphan', 'nowhere');
    const message = messageOf(() => app.synth());
    expect(message).toMatch(/^Validation failed with the following errors:/);
    expect(message).toMatch(/cdk8s-knative found 3 problems:/);
    expect(message).toContain('[serving/Hello] Service/hello: spec.template.spec.containers[0].colour: unknown field "colour"');
    expect(message).toContain('[serving/Hello] Service/hello: spec.template.spec.containerConcurrency: 5000');
    expect(message).toContain('[events/Orphan] Trigger/orphan: spec.broker: refers to Broker "nowhere" in namespace "default", which is not defined');
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('fails on synthYaml too', () => {
    const app = Testing.app();
    trigger(new Chart(app, 'events'), 'Orphan', 'nowhere');
    expect(() => app.synthYaml()).toThrow(/Trigger\/orphan: spec.broker: refers to Broker "nowhere"/);
  });

  test('objects declared external count as existing', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'events', { namespace: 'demo' });
    new ImportedObject(chart, 'Platform', { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'platform' });
    trigger(chart, 'Trigger', 'platform');
    expect(() => app.synth()).not.toThrow();
  });

  test('cdk8s-plus imports count as existing', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'serving', { namespace: 'demo' });
    service(chart, 'Hello', {
      serviceAccountName: 'runner',
      containers: [{ image: 'xx', envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'settings' } }] }],
    });
    expect(() => app.synth()).toThrow(/Secret "db"[\s\S]*ConfigMap "settings"[\s\S]*ServiceAccount "runner"/);
    kplus.Secret.fromSecretName(chart, 'Db', 'db');
    kplus.ConfigMap.fromConfigMapName(chart, 'Settings', 'settings');
    kplus.ServiceAccount.fromServiceAccountName(chart, 'Runner', 'runner');
    expect(() => app.synth()).not.toThrow();
  });

  test('the validation is attached once however many constructs turn it on', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'events');
    trigger(chart, 'Orphan', 'nowhere');
    expect(Validation.of(chart)).toBe(Validation.of(app));
    const message = messageOf(() => app.synth());
    expect(message.match(/cdk8s-knative found/g)).toHaveLength(1);
    expect(message.match(/Trigger\/orphan/g)).toHaveLength(1);
  });

  test('plain cdk8s objects are validated once the app is attached', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'plain');
    new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 1 } });
    expect(() => app.synth()).not.toThrow();
    Validation.of(chart);
    expect(() => app.synth()).toThrow(/\[plain\/Cm\] ConfigMap\/cm: data.a: 1 is an integer, must be string/);
  });

  test('Testing.synth of a chart runs every layer, as app.synth() does', () => {
    const chart = Testing.chart();
    service(chart, 'Hello');
    expect(() => Testing.synth(chart)).not.toThrow();
    trigger(chart, 'Orphan', 'nowhere');
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Orphan\] Trigger\/orphan: spec.broker: refers to Broker "nowhere"/);
    service(chart, 'Bad', { containers: [{ image: 'xx', colour: 'blue' }] });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Bad\] Service\/bad: spec.template.spec.containers\[0\].colour: unknown field "colour"/);
  });

  test('validate() runs every layer and returns the problems', () => {
    const chart = Testing.chart();
    trigger(chart, 'Orphan', 'nowhere');
    const result = Validation.of(chart).validate();
    expect(result.valid).toBe(false);
    expect(result.problems.map(p => [p.constructPath, p.rule, p.severity, p.layer, p.kind, p.name])).toEqual([
      ['test/Orphan', 'reference/broker', ProblemSeverity.ERROR, ValidationLayer.REFERENCE, 'Trigger', 'orphan'],
    ]);
    expect(result.problems[0].text).toMatch(/^\[test\/Orphan\] Trigger\/orphan: spec.broker: refers to Broker "nowhere"/);
  });

  test('a change after a synth is validated on the next synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'events');
    broker(chart, 'Broker');
    trigger(chart, 'Trigger', 'default');
    expect(() => app.synthYaml()).not.toThrow();
    trigger(chart, 'Orphan', 'nowhere');
    expect(() => app.synthYaml()).toThrow(/Trigger\/orphan/);
  });

  test('nothing of the App or of cdk8s is replaced', () => {
    const app = Testing.app();
    const resolvers = [...app.resolvers];
    const chart = new Chart(app, 'events');
    broker(chart, 'Broker');
    trigger(chart, 'Trigger', 'default');
    app.synth();
    expect(Object.getOwnPropertyNames(app)).not.toContain('synth');
    expect(Object.getOwnPropertyNames(app)).not.toContain('synthYaml');
    expect(app.resolvers).toEqual(resolvers);
    for (const obj of app.node.findAll().filter(ApiObject.isApiObject)) {
      expect(Object.getOwnPropertyNames(obj)).not.toContain('toJson');
    }
    // the validation is one construct below the app, found by its id
    expect(app.node.children.filter(c => c instanceof Validation)).toHaveLength(1);
  });

  test('deferred construct warnings are printed on synth, with the construct path', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'misc');
    const hello = service(chart, 'Hello');
    deferWarnings(hello, () => ['computed from the whole tree']);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      expect(write).toHaveBeenCalledWith('cdk8s-knative: warning: [misc/Hello] computed from the whole tree\n');
    } finally {
      write.mockRestore();
    }
  });

  test('warnings are not printed when printWarnings is off', () => {
    const app = Testing.app();
    new Wrapped(new Chart(app, 'misc'), 'Widget', 'example.com/v1', 'Widget', 'gizmo');
    Validation.of(app).configure({ printWarnings: false });
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });

  test('the cluster configuration can be stated for the app', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'serving');
    service(chart, 'Hello', { initContainers: [{ name: 'setup', image: 'example/setup' }] });
    expect(() => app.synth()).toThrow(/initContainers/);
    Validation.of(app).configure({ clusterConfig: ClusterConfig.DEFAULT.withFeatures({ 'kubernetes.podspec-init-containers': 'enabled' }) });
    expect(() => app.synth()).not.toThrow();
  });

  test('validation can be turned off', () => {
    const app = Testing.app();
    trigger(new Chart(app, 'events'), 'Orphan', 'nowhere');
    Validation.of(app).configure({ enabled: false });
    expect(() => app.synth()).not.toThrow();
    // an explicit validate() still checks
    expect(Validation.of(app).validate().valid).toBe(false);
  });

  test('warnings go to stderr and do not fail synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'misc');
    new Wrapped(chart, 'Widget', 'example.com/v1', 'Widget', 'gizmo');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      expect(write).toHaveBeenCalledWith('cdk8s-knative: [misc/Widget] Widget/gizmo: warning: not checked: no schema is known for example.com/v1 Widget\n');
    } finally {
      write.mockRestore();
    }
  });

  test('fails on synth when strict and a kind is not known', () => {
    const app = Testing.app();
    new Wrapped(new Chart(app, 'misc'), 'Widget', 'example.com/v1', 'Widget', 'gizmo');
    Validation.of(app).configure({ strict: true });
    expect(() => app.synth()).toThrow(/Widget\/gizmo: not checked/);
  });
});

describe('problem lines', () => {
  test('a name or value with control characters cannot forge another line of a synth error', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'misc');
    new Wrapped(chart, 'Forged', 'v1', 'ConfigMap', 'x\n[misc/Other] ConfigMap/ok: all good\u001b[2K');
    const message = messageOf(() => app.synth());
    const lines = message.split('\n');
    expect(lines.some(l => l.startsWith('[misc/Other]'))).toBe(false);
    expect(message).not.toContain('\u001b');
    expect(message).toContain('ConfigMap/x\\n[misc/Other] ConfigMap/ok: all good\\x1b[2K');
  });
});
