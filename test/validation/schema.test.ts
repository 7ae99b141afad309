import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { findCrdDirectory, SchemaRegistry, schemaRegistry, validateSchema } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';

function ksvc(podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'demo' },
    spec: { template: { spec: podSpec }, ...extra },
  };
}

const container = { image: 'example/hello', ports: [{ containerPort: 8080 }] };

describe('schema layer', () => {
  test('a valid Knative Service passes', () => {
    const result = validateSchema(ksvc({ containers: [container], containerConcurrency: 10 }, { traffic: [{ latestRevision: true, percent: 100 }] }));
    expect(result).toEqual({ checked: true, violations: [] });
  });

  test('reports every violation with a dotted path, not only the first', () => {
    const result = validateSchema(ksvc({
      containers: [{ image: 5, colour: 'blue', ports: [{ containerPort: 'http' }] }],
    }, { traffic: [{ percent: 'all' }] }));
    expect(result.violations.map(v => [v.rule, v.path])).toEqual([
      ['schema/unknown-field', 'spec.template.spec.containers[0].colour'],
      ['schema/type', 'spec.template.spec.containers[0].image'],
      ['schema/type', 'spec.template.spec.containers[0].ports[0].containerPort'],
      ['schema/type', 'spec.traffic[0].percent'],
    ]);
    const unknown = result.violations[0];
    expect(unknown.message).toBe('unknown field "colour"');
    expect(unknown.hint).toMatch(/known fields here: .*image/);
    expect(result.violations[2].message).toBe('"http" is a string, must be integer');
  });

  test('a misspelt field gets a suggestion', () => {
    const result = validateSchema(ksvc({ containers: [container], containerconcurrency: 1, contianers: [] }));
    expect(result.violations.map(v => `${v.path}: ${v.hint}`)).toEqual([
      'spec.template.spec.containerconcurrency: did you mean "containerConcurrency"?',
      'spec.template.spec.contianers: did you mean "containers"?',
    ]);
  });

  test('metadata is checked as Kubernetes ObjectMeta', () => {
    const obj = ksvc({ containers: [container] });
    const result = validateSchema({ ...obj, metadata: { name: 'hello', labels: { team: 7 } as any, owner: 'me' } });
    expect(result.violations.map(v => `${v.path}: ${v.message}`)).toEqual([
      'metadata.labels.team: 7 is an integer, must be string',
      'metadata.owner: unknown field "owner"',
    ]);
  });

  test('x-kubernetes-int-or-string takes an integer or a string, nothing else', () => {
    const probe = (port: unknown) => validateSchema(ksvc({ containers: [{ ...container, readinessProbe: { httpGet: { port } } }] }));
    expect(probe(8080).violations).toEqual([]);
    expect(probe('http').violations).toEqual([]);
    expect(probe(true).violations.map(v => v.path)).toEqual(['spec.template.spec.containers[0].readinessProbe.httpGet.port']);
  });

  test('fails when a x-kubernetes-list-type map has duplicate keys', () => {
    const env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'A', value: '3' }];
    expect(validateSchema(ksvc({ containers: [{ ...container, env }] })).violations).toEqual([{
      rule: 'schema/duplicate-key',
      path: 'spec.template.spec.containers[0].env[2]',
      message: 'duplicate entry name="A", already at index 0',
      hint: 'entries must be unique by name',
    }]);
    expect(validateSchema(ksvc({ containers: [{ ...container, env: env.slice(0, 2) }] })).violations).toEqual([]);
  });

  test('x-kubernetes-preserve-unknown-fields keeps unknown fields', () => {
    const obj = ksvc({ containers: [container] });
    const spec = obj.spec as any;
    spec.template.metadata = { annotations: { a: 'b' }, somethingNew: { x: 1 } };
    expect(validateSchema(obj).violations).toEqual([]);
  });

  test('Kubernetes types take null as "not set", as kubectl writes it', () => {
    const cm: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', creationTimestamp: null }, data: null as any };
    expect(validateSchema(cm).violations).toEqual([]);
    const obj = ksvc({ containers: [container] });
    expect(validateSchema({ ...obj, metadata: { name: 'hello', creationTimestamp: null } }).violations).toEqual([]);
  });

  test('nullable fields accept null', () => {
    const dr = (enabled: unknown): Manifest => ({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'dr' },
      spec: { host: 'hello.demo.svc.cluster.local', trafficPolicy: { loadBalancer: { localityLbSetting: { enabled } } } },
    });
    expect(validateSchema(dr(null)).violations).toEqual([]);
    expect(validateSchema(dr('yes')).violations.map(v => v.rule)).toEqual(['schema/type']);
  });

  const gateway = (server: Record<string, unknown>): Manifest => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'gw' },
    spec: { servers: [server] },
  });

  test('enums list the allowed values', () => {
    const result = validateSchema(gateway({ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SOMETIMES' } }));
    expect(result.violations).toEqual([{
      rule: 'schema/enum',
      path: 'spec.servers[0].tls.mode',
      message: '"SOMETIMES" is not an allowed value',
      hint: 'allowed: "PASSTHROUGH", "SIMPLE", "MUTUAL", "AUTO_PASSTHROUGH", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"',
    }]);
  });

  test('fails when a required field is missing', () => {
    expect(validateSchema(gateway({ hosts: ['*'] })).violations).toEqual([{
      rule: 'schema/required',
      path: 'spec.servers[0].port',
      message: 'required field is missing',
    }]);
    expect(validateSchema(ksvc({})).violations.map(v => v.path)).toEqual(['spec.template.spec.containers']);
  });

  test('core Kubernetes kinds are checked, with Kubernetes formats', () => {
    const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}): Manifest => ({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data, ...extra,
    });
    expect(validateSchema(secret({ token: Buffer.from('hi').toString('base64') })).violations).toEqual([]);
    expect(validateSchema(secret({ token: 'not base64!' }, { stringdata: {} })).violations.map(v => `${v.path}: ${v.message}`)).toEqual([
      'data.token: the value is not base64 (format byte)',
      'stringdata: unknown field "stringdata"',
    ]);
    const deployment: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'd', image: 'd', ports: [{ containerPort: 2 ** 31 }] }] } },
      },
    };
    expect(validateSchema(deployment).violations.map(v => `${v.path}: ${v.message}`)).toEqual([
      'spec.template.spec.containers[0].ports[0].containerPort: 2147483648 is not a valid int32',
    ]);
  });

  test('fails when the apiVersion is not served for a known kind', () => {
    const result = validateSchema({ apiVersion: 'serving.knative.dev/v1alpha1', kind: 'Service', metadata: { name: 'x' } });
    expect(result).toEqual({
      checked: true,
      violations: [{
        rule: 'schema/api-version',
        path: 'apiVersion',
        message: '"serving.knative.dev/v1alpha1" is not a served version of Service',
        hint: 'use serving.knative.dev/v1',
      }],
    });
  });

  test('every served version of a multi-version CRD is indexed', () => {
    for (const v of ['v1', 'v1beta1', 'v1alpha3']) {
      expect(schemaRegistry().has(`networking.istio.io/${v}`, 'Gateway')).toBe(true);
    }
  });

  test('an unknown kind is reported as not checked', () => {
    expect(validateSchema({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual({ checked: false, violations: [] });
  });

  test('the quick file scan finds every kind the vendored CRDs define', () => {
    const registry = new SchemaRegistry();
    const scanned = new Set(registry.scannedKinds());
    const crdKinds = registry.knownKinds()
      .map(k => k.split('/'))
      .filter(parts => parts.length === 3 && parts[0].includes('.') && !parts[0].endsWith('.k8s.io'))
      .map(([group, , kind]) => `${group}/${kind}`);
    expect(crdKinds.length).toBeGreaterThan(40);
    expect(crdKinds.filter(k => !scanned.has(k))).toEqual([]);
  });

  test('each schema is compiled once per registry', () => {
    // without the generated validators of lib/schemas (schema-standalone.test.ts covers those)
    const registry = new SchemaRegistry(undefined, { precompiled: false });
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    try {
      registry.validate(ksvc({ containers: [container] }));
      registry.validate(ksvc({ containers: [container, container] }));
      registry.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      expect(compile).toHaveBeenCalledTimes(2);
    } finally {
      compile.mockRestore();
    }
  });

  test('the vendored schemas are found from the source, the build and an installed package', () => {
    const root = path.resolve(__dirname, '../..');
    expect(findCrdDirectory(path.join(root, 'src/validation'))).toBe(path.join(root, 'imports/crds'));
    expect(findCrdDirectory(path.join(root, 'lib/src/validation'))).toBe(path.join(root, 'imports/crds'));
    const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-pkg-'));
    const defs = path.join(pkg, 'node_modules/cdk8s-knative/imports/crds/kubernetes/v1.34.0');
    fs.mkdirSync(defs, { recursive: true });
    fs.writeFileSync(path.join(defs, '_definitions.json'), '{"definitions":{}}');
    const libDir = path.join(pkg, 'node_modules/cdk8s-knative/lib/src/validation');
    fs.mkdirSync(libDir, { recursive: true });
    expect(findCrdDirectory(libDir)).toBe(path.join(pkg, 'node_modules/cdk8s-knative/imports/crds'));
  });

  test('fails when the vendored schemas are missing', () => {
    expect(() => findCrdDirectory(os.tmpdir())).toThrow(/cannot find the vendored schemas \(imports\/crds\)/);
  });
});
