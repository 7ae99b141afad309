/**
 * Precompiled (Ajv standalone, `scripts/compile-schemas.js`) and runtime-compiled
 * validators give the same violations, and the registry falls back to compiling
 * when a module is missing, stale or broken. With a matching catalog the
 * modules are used without reading any CRD, and a catalog that does not match
 * the CRD folder is ignored.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildKnativeStack } from '../../bench/stack';
import { buildStack } from '../../main';
import { writeCatalogOf, writeValidators } from '../../scripts/compile-schemas';
import * as schema from '../../src/validation/schema';
import * as catalogModule from '../../src/validation/schema-catalog';
import { CustomResourceSchemas, findCrdDirectory, precompiledModuleName, SchemaRegistry, splitSchema } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';
import { ChartValue } from '../../src/helm/chart-value';
import { CORPUS_DIR, corpusFiles } from '../realworld/corpus';

type Json = Record<string, any>;

const ROOT = path.resolve(__dirname, '..', '..');

/** Every object of the example stack, a small bench stack and the YAML fixtures. */
function sampleObjects(): Manifest[] {
  const app = Testing.app({ resolvers: [ChartValue.resolver()] });
  buildStack(app);
  buildKnativeStack(new Chart(app, 'bench'), 3);
  const out: Manifest[] = app.charts.flatMap(c => c.toJson() as Manifest[]);
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
          if (doc.errors.length > 0) continue;
          const obj = doc.toJS() as Json | null;
          if (obj && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string') out.push(obj as Manifest);
        }
      }
    }
  };
  visit(path.join(ROOT, 'test', 'fixtures'));
  return out;
}

/** Applies `change` to every value below the root (not `apiVersion`/`kind`), on a copy. */
function mutateAll(obj: Manifest, change: (value: unknown, key: string) => unknown): Manifest {
  const walk = (v: unknown, key: string): unknown => {
    const inner = Array.isArray(v) ? v.map((x, i) => walk(x, String(i)))
      : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)])) : v;
    return change(inner, key);
  };
  const copy = walk(obj, '') as Json;
  return { ...copy, apiVersion: obj.apiVersion, kind: obj.kind } as Manifest;
}

/** Valid and invalid variants of an object: unknown fields, wrong types, duplicate list items, int-or-string swaps. */
function variants(obj: Manifest): Manifest[] {
  const clone = () => JSON.parse(JSON.stringify(obj)) as Json;
  const unknownTop = clone();
  unknownTop.colour = 'blue';
  if (typeof unknownTop.spec === 'object' && unknownTop.spec !== null) unknownTop.spec.specc = { a: 1 };
  const badMeta = clone();
  badMeta.metadata = { ...badMeta.metadata, name: 42, labels: { a: 1 }, nmae: 'x' };
  return [
    obj,
    unknownTop,
    badMeta,
    { ...clone(), spec: 'not an object' } as Manifest,
    // every array's first item repeated: list-map and set duplicates
    mutateAll(obj, v => (Array.isArray(v) && v.length > 0 ? [...v, v[0]] : v)),
    // numbers as strings and strings as numbers: int-or-string fields accept both
    mutateAll(obj, v => (typeof v === 'number' ? String(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
    // an unknown field in every object: rejected, except where unknown fields are preserved
    mutateAll(obj, (v, key) => (typeof v === 'object' && v !== null && !Array.isArray(v) && key !== 'annotations' && key !== 'labels' ? { ...v, zzUnknown: true } : v)),
    // every string a number, every boolean a string
    mutateAll(obj, (v, key) => (typeof v === 'string' && key !== 'name' ? 7 : typeof v === 'boolean' ? 'yes' : v)),
    // everything emptied
    mutateAll(obj, v => (Array.isArray(v) ? [] : typeof v === 'object' && v !== null ? {} : v)),
  ];
}

/** Hand-written objects for the custom keywords and formats. */
const SPECIAL: Manifest[] = [
  {
    apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'dup' },
    spec: { template: { spec: { containers: [{ image: 'x', ports: [{ containerPort: 80 }, { containerPort: 80 }],
      env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'B' }, { name: 'A' }] }] } } },
  },
  {
    apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'ios' },
    spec: { template: { spec: { containers: [{ image: 'x',
      readinessProbe: { httpGet: { port: 'http' }, tcpSocket: { port: 8080 } },
      livenessProbe: { httpGet: { port: 1.5 } },
      startupProbe: { grpc: { port: 'x' } },
      resources: { limits: { cpu: 1, memory: '1Gi', bad: true } } }] } } },
  },
  {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: null },
    spec: { selector: {}, template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'TCP' }] }] } } },
  },
  {
    apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b' },
    spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', extra: 1 }, delivery: { retry: 'three', backoffDelay: 5 } },
  },
  {
    apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: 'p' },
    spec: { schedule: '* * * * *', data: '{}', sink: { ref: { kind: 'Service', name: 's', apiVersion: 'v1' }, uri: 3 }, ceOverrides: { extensions: { a: 1 } } },
  },
];

describe('precompiled schema validators', () => {
  let dir: string;
  let objects: Manifest[];
  let keys: string[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
    objects = [...sampleObjects(), ...SPECIAL, ...corpusObjects()];
    const generator = new SchemaRegistry(findCrdDirectory(), { precompiled: false, source: true });
    keys = [...new Set(objects.map(o => `${o.apiVersion}/${o.kind}`))].filter(k => {
      const slash = k.lastIndexOf('/');
      return generator.has(k.slice(0, slash), k.slice(slash + 1));
    });
    writeValidators(generator, schema, keys, dir);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('give the same violations as runtime compilation for every kind of the example stack, the fixtures and the real-world corpus', () => {
    expect(keys.length).toBeGreaterThanOrEqual(20);
    const precompiled = new SchemaRegistry(findCrdDirectory(), { precompiled: dir });
    const compiled = new SchemaRegistry(findCrdDirectory(), { precompiled: false });
    let invalid = 0;
    let rules = new Set<string>();
    for (const obj of objects) {
      for (const v of variants(obj)) {
        const a = precompiled.validate(v);
        const b = compiled.validate(v);
        expect(a).toEqual(b);
        if (a.violations.length > 0) invalid++;
        rules = new Set([...rules, ...a.violations.map(x => x.rule)]);
      }
    }
    for (const key of keys) {
      const slash = key.lastIndexOf('/');
      expect([key, precompiled.validatorSource(key.slice(0, slash), key.slice(slash + 1))]).toEqual([key, 'precompiled']);
      expect([key, compiled.validatorSource(key.slice(0, slash), key.slice(slash + 1))]).toEqual([key, 'compiled']);
    }
    expect(invalid).toBeGreaterThan(objects.length * 5);
    for (const rule of ['schema/unknown-field', 'schema/type', 'schema/duplicate-key', 'schema/required', 'schema/enum', 'schema/pattern', 'schema/any-of']) {
      expect([...rules]).toContain(rule);
    }
  });

  test('the list-map keyword, int-or-string and preserved fields, precompiled', () => {
    const precompiled = new SchemaRegistry(findCrdDirectory(), { precompiled: dir });
    const [dup, ios, deployment, broker, ping] = SPECIAL.map(o => precompiled.validate(o).violations);
    expect(dup).toEqual([
      {
        rule: 'schema/duplicate-key',
        path: 'spec.template.spec.containers[0].env[1]',
        message: 'duplicate entry name="A", already at index 0',
        hint: 'entries must be unique by name',
      },
      {
        rule: 'schema/duplicate-key',
        path: 'spec.template.spec.containers[0].env[3]',
        message: 'duplicate entry name="A", already at index 0',
        hint: 'entries must be unique by name',
      },
    ]);
    expect(deployment).toEqual([{
      rule: 'schema/duplicate-key',
      path: 'spec.template.spec.containers[0].ports[1]',
      message: 'duplicate entry containerPort=80, protocol="TCP", already at index 0',
      hint: 'entries must be unique by containerPort, protocol',
    }]);
    expect(ios.map(v => v.path)).toEqual(expect.arrayContaining(['spec.template.spec.containers[0].livenessProbe.httpGet.port']));
    expect(ios.map(v => v.path)).not.toContain('spec.template.spec.containers[0].readinessProbe.httpGet.port');
    expect(broker.length).toBeGreaterThan(0);
    expect(ping.map(v => v.path)).toContain('spec.sink.uri');
  });

  test('a missing, stale or broken module is compiled at run time instead', () => {
    const key = 'eventing.knative.dev/v1/Broker';
    const alt = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-alt-'));
    try {
      const bad = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b' }, spec: { bogus: 1 } } as Manifest;
      const expected = new SchemaRegistry(findCrdDirectory(), { precompiled: false }).validate(bad);
      const sourceWith = (setup: () => void): string | undefined => {
        setup();
        const registry = new SchemaRegistry(findCrdDirectory(), { precompiled: alt });
        expect(registry.validate(bad)).toEqual(expected);
        return registry.validatorSource('eventing.knative.dev/v1', 'Broker');
      };
      const file = path.join(alt, precompiledModuleName(key));
      const good = fs.readFileSync(path.join(dir, precompiledModuleName(key)));
      expect(sourceWith(() => undefined)).toBe('compiled'); // missing
      expect(sourceWith(() => fs.writeFileSync(file, good))).toBe('precompiled');
      const text = zlibText(good);
      const stale = text.replace(/^(\/\/ schemaHash )[0-9a-f]/, (_m, p: string) => `${p}${text[p.length] === '0' ? '1' : '0'}`);
      expect(stale).not.toBe(text);
      expect(sourceWith(() => fs.writeFileSync(file, zlibBytes(stale)))).toBe('compiled'); // hash does not match
      expect(sourceWith(() => fs.writeFileSync(file, 'not gzip'))).toBe('compiled'); // unreadable
      expect(sourceWith(() => fs.writeFileSync(file, zlibBytes(text.replace(/\n[^]*$/, '\nthrow new Error("broken");\n'))))).toBe('compiled');
    } finally {
      fs.rmSync(alt, { recursive: true, force: true });
    }
  });

  test('the modules built into lib/schemas are used by default', () => {
    const built = path.join(ROOT, 'lib', 'schemas', precompiledModuleName('serving.knative.dev/v1/Service'));
    if (!fs.existsSync(built)) return; // not built (npm test and the build generate them)
    const registry = new SchemaRegistry();
    const obj = objects.find(o => o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1')!;
    expect(registry.validate(obj)).toEqual({ checked: true, violations: [] });
    expect(registry.validatorSource('serving.knative.dev/v1', 'Service')).toBe('precompiled');
  });
});

function zlibText(gz: Buffer): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('zlib') as typeof import('zlib')).gunzipSync(gz).toString('utf8');
}

function zlibBytes(text: string): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('zlib') as typeof import('zlib')).gzipSync(text);
}

describe('the catalog of precompiled validators', () => {
  let crdDir: string;
  let modules: string;
  let keys: string[];
  let objects: Manifest[];

  beforeAll(() => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    crdDir = path.join(tmp, 'crds');
    modules = path.join(tmp, 'schemas');
    fs.cpSync(findCrdDirectory(), crdDir, { recursive: true });
    objects = [...sampleObjects(), ...SPECIAL];
    const generator = new SchemaRegistry(crdDir, { precompiled: false, source: true });
    keys = [...new Set(objects.map(o => `${o.apiVersion}/${o.kind}`))].filter(k => {
      const slash = k.lastIndexOf('/');
      return generator.has(k.slice(0, slash), k.slice(slash + 1));
    });
    writeValidators(generator, schema, keys, modules);
    expect(writeCatalogOf(generator, catalogModule, keys, modules).files).toEqual(['catalog.json', 'cel-rules.json']);
  });

  afterAll(() => fs.rmSync(path.dirname(crdDir), { recursive: true, force: true }));

  test('is used when it matches, and gives what runtime compilation gives', () => {
    const fast = new SchemaRegistry(crdDir, { precompiled: modules });
    const compiled = new SchemaRegistry(crdDir, { precompiled: false });
    expect(fast.usesCatalog()).toBe(true);
    expect(compiled.usesCatalog()).toBe(false);
    for (const obj of objects) for (const v of variants(obj)) expect(fast.validate(v)).toEqual(compiled.validate(v));
    for (const key of keys) {
      const slash = key.lastIndexOf('/');
      expect([key, fast.validatorSource(key.slice(0, slash), key.slice(slash + 1))]).toEqual([key, 'precompiled']);
    }
  });

  test('knows the same kinds and versions as the CRDs: unknown kinds, versions not served, kinds without a module', () => {
    const fast = new SchemaRegistry(crdDir, { precompiled: modules });
    const compiled = new SchemaRegistry(crdDir, { precompiled: false });
    const probes: Manifest[] = [
      { apiVersion: 'serving.knative.dev/v2', kind: 'Service', metadata: { name: 'a' } },
      { apiVersion: 'serving.knative.dev/v1alpha1', kind: 'DomainMapping', metadata: { name: 'a.example.com' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'a', image: 'x', bogus: 1 }] } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'a' }, spec: { template: {} } },
      { apiVersion: 'tekton.dev/v1', kind: 'Pipeline', metadata: { name: 'a' }, spec: { tasks: 'none' } },
      { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name: 'a' }, spec: { servers: [{}] } },
    ];
    for (const p of probes) {
      expect([p.apiVersion, p.kind, fast.has(p.apiVersion, p.kind)]).toEqual([p.apiVersion, p.kind, compiled.has(p.apiVersion, p.kind)]);
      expect(fast.validate(p)).toEqual(compiled.validate(p));
    }
    expect(fast.validate(probes[0]).violations.map(v => v.rule)).toEqual(['schema/api-version']);
    expect(fast.validate(probes[2]).checked).toBe(false);
    expect(fast.validate(probes[3]).violations.map(v => v.rule)).toContain('schema/unknown-field');
    expect(fast.usesCatalog()).toBe(true);
  });

  test('is ignored once a vendored CRD changes: the edit takes effect', () => {
    const edited = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-crds-'));
    try {
      fs.cpSync(crdDir, edited, { recursive: true });
      const file = path.join(edited, 'knative-serving', 'service.yaml');
      const text = fs.readFileSync(file, 'utf8');
      // containerConcurrency is no longer a field of the revision template: the API server would reject it
      const without = text.replace(/\n( +)containerConcurrency:\n(?:\1 .*\n)+/g, '\n');
      expect(without).not.toBe(text);
      fs.writeFileSync(file, without);
      fs.cpSync(path.join(crdDir, 'index.json'), path.join(edited, 'index.json'));
      const registry = new SchemaRegistry(edited, { precompiled: modules });
      expect(registry.usesCatalog()).toBe(false);
      const svc = objects.find(o => o.kind === 'Service' && JSON.stringify(o).includes('containerConcurrency'))!;
      expect(new SchemaRegistry(crdDir, { precompiled: modules }).validate(svc).violations).toEqual([]);
      expect(registry.validate(svc).violations.map(v => `${v.rule} ${v.path}`)).toContain('schema/unknown-field spec.template.spec.containerConcurrency');
    } finally {
      fs.rmSync(edited, { recursive: true, force: true });
    }
  });

  test('is ignored when malformed, of another format or for other inputs', () => {
    const alt = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-alt-'));
    try {
      fs.cpSync(modules, alt, { recursive: true });
      const file = path.join(alt, 'catalog.json');
      const good = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
      const uses = (content: string) => {
        fs.writeFileSync(file, content);
        return new SchemaRegistry(crdDir, { precompiled: alt }).usesCatalog();
      };
      expect(uses(JSON.stringify(good))).toBe(true);
      expect(uses('{ not json')).toBe(false);
      expect(uses(JSON.stringify({ ...good, format: 999 }))).toBe(false);
      expect(uses(JSON.stringify({ ...good, inputs: '0'.repeat(64) }))).toBe(false);
      expect(uses(JSON.stringify({ ...good, served: { 'x/Y': 'v1' } }))).toBe(false);
      expect(uses(JSON.stringify({ ...good, modules: [1] }))).toBe(false);
    } finally {
      fs.rmSync(alt, { recursive: true, force: true });
    }
  });

  test('a module listed in the catalog that will not load is compiled at run time', () => {
    const alt = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-broken-'));
    try {
      fs.cpSync(modules, alt, { recursive: true });
      fs.writeFileSync(path.join(alt, precompiledModuleName('eventing.knative.dev/v1/Broker')), 'not gzip');
      const registry = new SchemaRegistry(crdDir, { precompiled: alt });
      const bad = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b' }, spec: { bogus: 1 } } as Manifest;
      expect(registry.validate(bad)).toEqual(new SchemaRegistry(crdDir, { precompiled: false }).validate(bad));
      expect(registry.usesCatalog()).toBe(true);
      expect(registry.validatorSource('eventing.knative.dev/v1', 'Broker')).toBe('compiled');
    } finally {
      fs.rmSync(alt, { recursive: true, force: true });
    }
  });

  test('the built package uses the catalog in lib/schemas by default', () => {
    // npm test builds lib/ and lib/schemas before jest runs; the built module hashes its own (compiled) text
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = require(path.join(ROOT, 'lib', 'src', 'validation', 'schema.js')) as typeof schema;
    const registry = new built.SchemaRegistry();
    expect(registry.usesCatalog()).toBe(true);
    const svc = objects.find(o => o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1')!;
    expect(registry.validate(svc)).toEqual({ checked: true, violations: [] });
    expect(registry.validatorSource('serving.knative.dev/v1', 'Service')).toBe('precompiled');
  });
});

/** The objects of the real-world corpus (`test/realworld`), when it is there beside the repository; none otherwise. */
function corpusObjects(): Manifest[] {
  if (!fs.existsSync(CORPUS_DIR)) return [];
  const out: Manifest[] = [];
  for (const rel of corpusFiles()) {
    let docs;
    try {
      docs = parseAllDocuments(fs.readFileSync(path.join(CORPUS_DIR, rel), 'utf8'));
    } catch {
      continue;
    }
    for (const doc of Array.isArray(docs) ? docs : [docs]) {
      if (doc.errors.length > 0) continue;
      const obj = doc.toJS() as Json | null;
      if (obj && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string') out.push(obj as Manifest);
    }
  }
  return out;
}

describe('split validators (large subschemas hoisted into functions of their own)', () => {
  const crdDir = findCrdDirectory();

  test('report the same problems as the unsplit validator, on the example stack, the fixtures and the real-world corpus', () => {
    const split = new SchemaRegistry(crdDir, { precompiled: false });
    const unsplit = new SchemaRegistry(crdDir, { precompiled: false, unsplit: true });
    const objects = [...sampleObjects(), ...SPECIAL, ...corpusObjects()].filter(o => split.has(o.apiVersion, o.kind));
    const kinds = new Set<string>();
    let invalid = 0;
    let rules = new Set<string>();
    for (const obj of objects) {
      kinds.add(`${obj.apiVersion}/${obj.kind}`);
      for (const v of variants(obj)) {
        const a = split.validate(v);
        expect(a).toEqual(unsplit.validate(v));
        if (a.violations.length > 0) invalid++;
        rules = new Set([...rules, ...a.violations.map(x => x.rule)]);
      }
    }
    expect(kinds.size).toBeGreaterThanOrEqual(20);
    expect(invalid).toBeGreaterThan(objects.length * 5);
    for (const rule of ['schema/unknown-field', 'schema/type', 'schema/duplicate-key', 'schema/required', 'schema/enum', 'schema/pattern', 'schema/any-of']) {
      expect([...rules]).toContain(rule);
    }
  });

  test('report the same problems inside oneOf branches and hoisted subschemas of a user CRD', () => {
    // spec.x has a oneOf; spec.x.x is large enough to be hoisted and holds spec.x with a oneOf again, so
    // the hoisted function reports schema paths that look like the outer compound's branches
    const leaf = { type: 'string' };
    const pad = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${i}`, leaf]));
    const oneOf = [{ required: ['a'] }, { required: ['b'] }];
    const inner = { type: 'object', oneOf, properties: { a: leaf, b: leaf } };
    const y = { type: 'object', properties: { spec: { type: 'object', properties: { x: inner } }, ...pad } };
    const x = { type: 'object', oneOf, properties: { a: leaf, b: { type: 'integer' }, x: y } };
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { x } } } };
    const split = splitSchema(JSON.parse(JSON.stringify(schema)));
    expect(Object.keys(split.definitions ?? {}).length).toBeGreaterThan(0);
    const crd = (name: string) => ({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `widgets.${name}.example.com` },
      spec: { group: `${name}.example.com`, names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: JSON.parse(JSON.stringify(schema)) } }] },
    });
    const withSplit = new CustomResourceSchemas([crd('a')], new SchemaRegistry(crdDir, { precompiled: false }));
    const withoutSplit = new CustomResourceSchemas([crd('a')], new SchemaRegistry(crdDir, { precompiled: false, unsplit: true }));
    const specs: Json[] = [
      { x: { a: '1', b: 2, x: { spec: { x: {} } } } },
      { x: { x: { spec: { x: { a: '1', b: '2' } }, p0: 1 } } },
      { x: { a: 1, x: { spec: { x: { a: 1, zz: true } }, p1: false } } },
      { x: { b: 'no', x: { spec: { x: { b: '1' } } } } },
      { x: { a: '1', x: { spec: { x: { a: '1' } } } } },
    ];
    for (const spec of specs) {
      const obj = { apiVersion: 'a.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec } as Manifest;
      expect(withSplit.validate(obj)).toEqual(withoutSplit.validate(obj));
    }
    const rules = specs.flatMap(spec => withSplit.validate({ apiVersion: 'a.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec } as Manifest)!.violations.map(v => v.rule));
    expect(rules).toEqual(expect.arrayContaining(['schema/one-of', 'schema/type', 'schema/unknown-field']));
    expect(withSplit.validate({ apiVersion: 'a.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: specs[4] } as Manifest)!.violations).toEqual([]);
  });

  test('the largest generated validators become many small functions', () => {
    for (const key of ['operator.knative.dev/v1beta1/KnativeServing', 'tekton.dev/v1/Task', 'serving.knative.dev/v1/Service']) {
      const file = path.join(ROOT, 'lib', 'schemas', precompiledModuleName(key));
      if (!fs.existsSync(file)) return; // not built (npm test and the build generate them)
      const code = zlibText(fs.readFileSync(file));
      const starts = [...code.matchAll(/(?:^|[;}])function validate\d+\(/g)].map(m => m.index!);
      expect([key, starts.length > 20]).toEqual([key, true]);
      // the schema constants' texts follow the functions' (their byte offsets are in lazy$json calls)
      const lazyAt = Number(/\/\/ lazySources (\d+)/.exec(code)![1]);
      const constantStarts = [...code.matchAll(/lazy\$json\((\d+),/g)].map(m => Number(m[1]));
      expect([key, constantStarts.length > 0]).toEqual([key, true]);
      const end = Buffer.from(code).subarray(0, lazyAt + Math.min(...constantStarts)).toString().length;
      const sizes = starts.map((s, i) => (starts[i + 1] ?? end) - s);
      expect([key, Math.max(...sizes) < 64 * 1024]).toEqual([key, true]);
      // what runs when the module loads holds no schema constant as code
      expect([key, /const schema\d+ = [[{]/.test(code.slice(0, lazyAt))]).toEqual([key, false]);
    }
  });
});
