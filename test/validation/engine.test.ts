import { DEFAULT_CLUSTER_CONFIG, withFeatures } from '../../src/validation/config';
import { formatProblem, hasErrors, NOT_CHECKED_RULE, validateManifests } from '../../src/validation/engine';
import { Manifest, Problem, SemanticRule } from '../../src/validation/types';

const ksvc = (name: string, podSpec: Record<string, unknown> = {}): Manifest => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name, namespace: 'demo' },
  spec: { template: { spec: { containers: [{ image: 'example/app' }], ...podSpec } } },
});
const trigger = (name: string, broker: string): Manifest => ({
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Trigger',
  metadata: { name, namespace: 'demo' },
  spec: { broker, subscriber: { uri: 'https://example.com/' } },
});

const line = (p: Problem) => `${p.severity} ${p.layer} ${p.rule} ${p.object.kind}/${p.object.name} ${p.path}`;

describe('validation engine', () => {
  test('valid manifests have no problems', () => {
    const broker: Manifest = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: 'demo' } };
    expect(validateManifests([ksvc('hello'), broker, trigger('t', 'default')])).toEqual([]);
  });

  test('runs all three layers and sorts by object, layer and path', () => {
    const problems = validateManifests([
      trigger('t', 'missing'),
      ksvc('hello', { containerConcurrency: 5000, containers: [{ image: 'xx', colour: 'blue' }] }),
    ]);
    expect(problems.map(line)).toEqual([
      'error reference reference/broker Trigger/t spec.broker',
      'error schema schema/unknown-field Service/hello spec.template.spec.containers[0].colour',
      'error semantic serving/container-concurrency Service/hello spec.template.spec.containerConcurrency',
    ]);
    expect(hasErrors(problems)).toBe(true);
  });

  test('a field the schema rejects is not reported again by a Knative rule', () => {
    const problems = validateManifests([ksvc('hello', { containers: [{ image: 'xx', ports: [{ containerPort: 'http' }] }] })]);
    expect(problems.map(p => p.path)).toEqual(['spec.template.spec.containers[0].ports[0].containerPort']);
    expect(problems[0].layer).toBe('schema');
  });

  test('semantic rules run for the kinds they list, with the cluster config', () => {
    const seen: string[] = [];
    const rule: SemanticRule = {
      id: 'test/flag',
      description: 'reports the flag',
      kinds: ['serving.knative.dev/Service'],
      check: (obj, ctx) => {
        seen.push(obj.kind);
        return ctx.config.features['kubernetes.podspec-init-containers'] === 'enabled' ? [] : [{ path: 'spec', message: 'flag off', hint: 'turn it on' }];
      },
    };
    const broker: Manifest = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b' } };
    const off = validateManifests([ksvc('a'), broker], { rules: [rule] });
    expect(off.map(line)).toEqual(['error semantic test/flag Service/a spec']);
    expect(off[0].hint).toBe('turn it on');
    expect(seen).toEqual(['Service']);
    const config = withFeatures(DEFAULT_CLUSTER_CONFIG, { 'kubernetes.podspec-init-containers': 'enabled' });
    expect(validateManifests([ksvc('a')], { rules: [rule], config })).toEqual([]);
  });

  test('a rule that crashes is reported, not thrown', () => {
    const rule: SemanticRule = { id: 'test/crash', description: 'crashes', kinds: ['serving.knative.dev/Service'], check: () => { throw new TypeError('boom'); } };
    const problems = validateManifests([ksvc('a')], { rules: [rule] });
    expect(problems.map(p => `${p.rule}: ${p.message}`)).toEqual(['test/crash: could not be checked by this rule: boom']);
  });

  test('warnings from rules stay warnings', () => {
    const rule: SemanticRule = { id: 'test/warn', description: 'warns', kinds: ['serving.knative.dev/Service'], check: () => [{ path: 'spec', message: 'hm', severity: 'warning' }] };
    const problems = validateManifests([ksvc('a')], { rules: [rule] });
    expect(problems.map(line)).toEqual(['warning semantic test/warn Service/a spec']);
    expect(hasErrors(problems)).toBe(false);
  });

  test('unknown kinds are not checked: a warning, or an error when strict', () => {
    const widget: Manifest = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const [lenient] = validateManifests([widget]);
    expect(lenient).toMatchObject({ severity: 'warning', rule: NOT_CHECKED_RULE, message: 'not checked: no schema is known for example.com/v1 Widget' });
    const [strict] = validateManifests([widget], { strict: true });
    expect(strict.severity).toBe('error');
  });

  test('unresolved references are errors unless requireRefs is false', () => {
    expect(validateManifests([trigger('t', 'platform')]).map(line)).toEqual(['error reference reference/broker Trigger/t spec.broker']);
    const [soft] = validateManifests([trigger('t', 'platform')], { requireRefs: false });
    expect(soft.severity).toBe('warning');
    expect(soft.message).toMatch(/^unresolved: refers to Broker "platform"/);
    expect(validateManifests([trigger('t', 'platform')], {
      externals: [{ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'platform', namespace: 'demo' }],
    })).toEqual([]);
  });

  test('fails when an object has no name or is not a Kubernetes object', () => {
    const nameless = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } } as Manifest;
    const generated = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'cm-' } } as Manifest;
    expect(validateManifests([generated])).toEqual([]);
    const notAnObject = { kind: 'ConfigMap' } as unknown as Manifest;
    expect(validateManifests([nameless, notAnObject]).map(line)).toEqual([
      'error schema schema/name-required ConfigMap/(unnamed) metadata.name',
      'error schema schema/not-an-object ConfigMap/(unnamed) ',
    ]);
  });

  test('layers can be chosen', () => {
    const bad = ksvc('hello', { containers: [{ image: 'xx', colour: 'blue' }] });
    expect(validateManifests([bad, trigger('t', 'missing')], { layers: ['reference'] }).map(p => p.layer)).toEqual(['reference']);
  });

  test('sources are attached and formatted for synth and for the CLI', () => {
    const manifests = [trigger('t', 'missing'), trigger('u', 'missing')];
    const [synth] = validateManifests(manifests, { sources: [{ constructPath: 'app/chart/t' }] });
    expect(formatProblem(synth)).toBe(
      '[app/chart/t] Trigger/t: spec.broker: refers to Broker "missing" in namespace "demo", which is not defined (add it, or import it as an object that exists outside the app (fromXxxName(), e.g. Broker.fromBrokerName()))');
    const cli = validateManifests(manifests, { sources: [{ file: 'a.yaml', doc: 0 }, { file: 'b.yaml' }], requireRefs: false });
    expect(cli.map(p => formatProblem(p, 'cli').split(': warning')[0])).toEqual(['a.yaml:0 Trigger/t: spec.broker', 'b.yaml Trigger/u: spec.broker']);
  });

  test('Knative rules from ALL_RULES run by default', () => {
    const problems = validateManifests([ksvc('hello', { containerConcurrency: 5000 })]);
    expect(problems.map(p => [p.layer, p.path])).toEqual([['semantic', 'spec.template.spec.containerConcurrency']]);
  });
});

describe('object names', () => {
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
  test('a DNS-1123 subdomain name passes', () => {
    expect(validateManifests([cm('app-config.v1')]).filter(p => p.rule === 'schema/name-format')).toEqual([]);
  });
  test('fails when a name is not a DNS-1123 subdomain', () => {
    const problems = validateManifests([cm('Hello_World')]).filter(p => p.rule === 'schema/name-format');
    expect(problems.map(p => [p.path, p.message])).toEqual([['metadata.name', 'name "Hello_World" is not a DNS-1123 subdomain']]);
  });
});
