import { pruneNullFields, tektonRoundTrip, validateSchema } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';

// What the API server and the defaulting webhooks do to an object before its schema is checked.
describe('null fields are pruned before the schema check', () => {
  // k8s.io/apiextensions-apiserver schema/defaulting/prunenulls.go PruneNonNullableNullsWithoutDefaults
  test('an empty spec: of a Broker is admitted', () => {
    const broker: Manifest = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default' }, spec: null as any };
    expect(validateSchema(broker).violations).toEqual([]);
  });

  test('an empty schema: of an EventType is admitted', () => {
    const et: Manifest = {
      apiVersion: 'eventing.knative.dev/v1beta2', kind: 'EventType', metadata: { name: 'et' },
      spec: { type: 'dev.example.a', schema: null, broker: 'default' },
    };
    expect(validateSchema(et).violations).toEqual([]);
  });

  test('fails when a required field is null (pruned, then missing)', () => {
    const gw: Manifest = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw' }, spec: { servers: [{ hosts: ['*'], port: null }] } };
    expect(validateSchema(gw).violations.map(v => `${v.rule} ${v.path}`)).toEqual(['schema/required spec.servers[0].port']);
  });

  test('fails when a list item is null (lists are not pruned)', () => {
    const gw: Manifest = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw' }, spec: { servers: [null] } };
    expect(validateSchema(gw).violations.map(v => v.path)).toEqual(['spec.servers[0]']);
  });

  test('pruning copies only what changes', () => {
    const clean = { a: { b: [1, { c: 2 }] } };
    expect(pruneNullFields(clean)).toBe(clean);
    const dirty = { a: { b: [1, { c: null, d: 2 }] }, e: { f: 1 } };
    const pruned = pruneNullFields(dirty);
    expect(pruned).toEqual({ a: { b: [1, { d: 2 }] }, e: { f: 1 } });
    expect(pruned.e).toBe(dirty.e);
    expect(dirty.a.b[1]).toEqual({ c: null, d: 2 });
  });
});

// knative.dev/pkg webhook/resourcesemantics/defaulting/defaulting.go roundTripPatch, with tektoncd/pipeline v1.15.0
// pkg/apis/pipeline/v1/container_types.go Step.Name / Sidecar.Name (`json:"name"`, no omitempty).
describe('Tekton steps and sidecars without a name', () => {
  const task = (spec: Record<string, unknown>, apiVersion = 'tekton.dev/v1'): Manifest => ({ apiVersion, kind: 'Task', metadata: { name: 't' }, spec });

  test('an unnamed step and sidecar are admitted (defaulted to name "")', () => {
    expect(validateSchema(task({ steps: [{ image: 'alpine', script: 'echo hi' }], sidecars: [{ image: 'redis' }] })).violations).toEqual([]);
    expect(validateSchema(task({ steps: [{ image: 'alpine' }] }, 'tekton.dev/v1beta1')).violations).toEqual([]);
  });

  test('an unnamed step of an inline taskSpec in a Pipeline is admitted', () => {
    const p: Manifest = {
      apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
      spec: { tasks: [{ name: 'a', taskSpec: { steps: [{ image: 'alpine' }] } }] },
    };
    expect(validateSchema(p).violations).toEqual([]);
  });

  test('fails when a param has no name (not a step: still required)', () => {
    expect(validateSchema(task({ params: [{ type: 'string' }], steps: [{ name: 's', image: 'alpine' }] })).violations.map(v => v.path))
      .toEqual(['spec.params[0].name']);
  });

  test('other kinds are left alone', () => {
    const obj = { apiVersion: 'example.com/v1', kind: 'X', spec: { steps: [{}] } };
    expect(tektonRoundTrip(obj)).toBe(obj);
    const t = { apiVersion: 'tekton.dev/v1', kind: 'Task', spec: { steps: [{ name: 'a' }] } };
    expect(tektonRoundTrip(t)).toBe(t);
  });
});

describe('versions a CRD does not serve', () => {
  test('fails when ExternalSecret uses v1beta1 (served: false in external-secrets v2.9.0)', () => {
    const es: Manifest = {
      apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'es' },
      spec: { secretStoreRef: { name: 's', kind: 'SecretStore' }, target: { name: 't' } },
    };
    expect(validateSchema(es).violations).toEqual([{
      rule: 'schema/api-version', path: 'apiVersion',
      message: '"external-secrets.io/v1beta1" is not a served version of ExternalSecret', hint: 'use external-secrets.io/v1',
    }]);
  });

  test('the served v1 of ExternalSecret is checked', () => {
    const es: Manifest = {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'es' },
      spec: { secretStoreRef: { name: 's', kind: 'SecretStore' }, target: { name: 't' } },
    };
    expect(validateSchema(es)).toEqual({ checked: true, violations: [] });
  });
});
