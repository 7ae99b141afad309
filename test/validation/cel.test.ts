/**
 * The CEL rules of the vendored CRDs (`x-kubernetes-validations`), one test per
 * common rule shape: a passing and a failing object, with the exact path and
 * message; the rules not run (transition rules, schema violations first); and
 * the precompiled (catalog) path giving what the runtime path gives.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeCatalogOf, writeValidators } from '../../scripts/compile-schemas';
import { skippedExpressions } from '../../src/validation/cel/program';
import { validateManifests } from '../../src/validation/engine';
import * as schema from '../../src/validation/schema';
import * as catalogModule from '../../src/validation/schema-catalog';
import { findCrdDirectory, SchemaRegistry, SchemaViolation } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';

type Json = Record<string, any>;

const registry = new SchemaRegistry(findCrdDirectory(), { precompiled: false });

function obj(apiVersion: string, kind: string, spec: Json): Manifest {
  return { apiVersion, kind, metadata: { name: 'x', namespace: 'apps' }, spec } as Manifest;
}
const destinationRule = (tcp: Json) => obj('networking.istio.io/v1', 'DestinationRule', { host: 'api', trafficPolicy: { connectionPool: { tcp } } });
const authorizationPolicy = (matchLabels: Json) => obj('security.istio.io/v1', 'AuthorizationPolicy', { selector: { matchLabels } });
const serviceEntry = (spec: Json) => obj('networking.istio.io/v1', 'ServiceEntry', { hosts: ['api.example.com'], ...spec });
const peerAuthentication = (portLevelMtls: Json) => obj('security.istio.io/v1', 'PeerAuthentication', {
  selector: { matchLabels: { app: 'api' } }, portLevelMtls,
});
const requestAuthentication = (rule: Json) => obj('security.istio.io/v1', 'RequestAuthentication', { jwtRules: [{ issuer: 'https://issuer', ...rule }] });
const gatewayTls = (tls: Json) => obj('networking.istio.io/v1', 'Gateway', {
  servers: [{ hosts: ['*'], port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', ...tls } }],
});

/** Every violation of `o`; a CEL failure is `[path, message]`. */
function violations(o: Manifest, r: SchemaRegistry = registry): SchemaViolation[] {
  return [...r.validate(o).violations];
}
function celFailures(o: Manifest): Array<[string, string]> {
  const all = violations(o);
  expect(all.filter(v => v.rule !== 'schema/cel')).toEqual([]);
  return all.map(v => [v.path, v.message]);
}

describe('CEL rules of the vendored CRDs', () => {
  test('duration(self) >= duration(\'1ms\'): a duration under 1ms fails, an unparsable one is an evaluation error', () => {
    expect(celFailures(destinationRule({ connectTimeout: '10s' }))).toEqual([]);
    expect(celFailures(destinationRule({ connectTimeout: '1ms' }))).toEqual([]);
    expect(celFailures(destinationRule({ connectTimeout: '500us' }))).toEqual([
      ['spec.trafficPolicy.connectionPool.tcp.connectTimeout', 'must be a valid duration greater than 1ms'],
    ]);
    expect(celFailures(destinationRule({ connectTimeout: '2d' }))).toEqual([
      ['spec.trafficPolicy.connectionPool.tcp.connectTimeout', 'Failed to parse duration: invalid syntax evaluating rule: must be a valid duration greater than 1ms'],
    ]);
  });

  test('the violation names the rule in its hint', () => {
    expect(violations(destinationRule({ connectTimeout: '0s' }))).toEqual([{
      rule: 'schema/cel',
      path: 'spec.trafficPolicy.connectionPool.tcp.connectTimeout',
      message: 'must be a valid duration greater than 1ms',
      hint: "CEL rule: duration(self) >= duration('1ms')",
    }]);
  });

  test('!self.contains("*") on each value of a map', () => {
    expect(celFailures(authorizationPolicy({ app: 'api' }))).toEqual([]);
    expect(celFailures(authorizationPolicy({ app: 'api-*' }))).toEqual([
      ['spec.selector.matchLabels.app', 'wildcard not allowed in label value match'],
    ]);
  });

  test('self.all(key, ...) over a map\'s keys', () => {
    expect(celFailures(authorizationPolicy({ 'app*': 'api' }))).toEqual([
      ['spec.selector.matchLabels', 'wildcard not allowed in label key match'],
    ]);
    expect(celFailures(authorizationPolicy({ '': 'api' }))).toEqual([['spec.selector.matchLabels', 'key must not be empty']]);
  });

  test('0 < self && self <= 65535 on an integer (a CEL int)', () => {
    const entry = (port: number) => serviceEntry({ endpoints: [{ address: '10.0.0.1', ports: { http: port } }], resolution: 'STATIC' });
    expect(celFailures(entry(8080))).toEqual([]);
    expect(celFailures(entry(65535))).toEqual([]);
    expect(celFailures(entry(70000))).toEqual([['spec.endpoints[0].ports.http', 'port must be between 1-65535']]);
  });

  test('has() counting: only one of several fields', () => {
    expect(celFailures(gatewayTls({ credentialName: 'cert' }))).toEqual([]);
    expect(celFailures(gatewayTls({ credentialName: 'cert', credentialNames: ['a', 'b'] }))).toEqual([
      ['spec.servers[0].tls', 'only one of credentialName or credentialNames can be set'],
    ]);
    expect(celFailures(requestAuthentication({ jwksUri: 'https://issuer/keys', jwks: '{}' }))).toEqual([
      ['spec.jwtRules[0]', 'only one of jwks or jwksUri can be set'],
    ]);
  });

  test('url(self).getScheme() in [...]; a string that is not a URL is an evaluation error', () => {
    expect(celFailures(requestAuthentication({ jwksUri: 'https://issuer/.well-known/jwks.json' }))).toEqual([]);
    expect(celFailures(requestAuthentication({ jwksUri: 'ftp://issuer/keys' }))).toEqual([
      ['spec.jwtRules[0].jwksUri', 'url must have scheme http:// or https://'],
    ]);
    expect(celFailures(requestAuthentication({ jwksUri: 'issuer/keys' }))).toEqual([
      ['spec.jwtRules[0].jwksUri', 'URL parse error during conversion from string: parse "issuer/keys": invalid URI for request '
        + 'evaluating rule: url must have scheme http:// or https://'],
    ]);
  });

  test('self.all(l1, self.exists_one(l2, ...)): unique port numbers', () => {
    const ports = (...numbers: number[]) => serviceEntry({ ports: numbers.map((number, i) => ({ number, name: `p${i}` })) });
    expect(celFailures(ports(80, 443))).toEqual([]);
    expect(celFailures(ports(80, 443, 80))).toEqual([['spec.ports', 'port number cannot be duplicated']]);
  });

  test('key.matches(...) with size(key): valid port names (RE2)', () => {
    const entry = (name: string) => serviceEntry({ endpoints: [{ address: '10.0.0.1', ports: { [name]: 80 } }], resolution: 'STATIC' });
    expect(celFailures(entry('http-api'))).toEqual([]);
    expect(celFailures(entry('-http'))).toEqual([['spec.endpoints[0].ports', 'port name must be valid']]);
  });

  test('int(key) on map keys; a key that is not a number is an evaluation error', () => {
    expect(celFailures(peerAuthentication({ 8080: { mode: 'STRICT' } }))).toEqual([]);
    expect(celFailures(peerAuthentication({ 70000: { mode: 'STRICT' } }))).toEqual([['spec.portLevelMtls', 'port must be between 1-65535']]);
    expect(celFailures(peerAuthentication({ http: { mode: 'STRICT' } }))).toEqual([
      ['spec.portLevelMtls', 'Cannot convert http to a BigInt evaluating rule: port must be between 1-65535'],
    ]);
  });

  test('a rule over the object: a selector with labels is needed for port-level modes', () => {
    const spec = { selector: { matchLabels: {} }, portLevelMtls: { 8080: { mode: 'DISABLE' } } };
    expect(celFailures(obj('security.istio.io/v1', 'PeerAuthentication', spec))).toEqual([['spec', 'portLevelMtls requires selector']]);
  });

  test('substring and startsWith/endsWith: Unix domain socket addresses', () => {
    const entry = (address: string) => serviceEntry({ endpoints: [{ address }], resolution: 'STATIC' });
    expect(celFailures(entry('unix:///var/run/api.sock'))).toEqual([]);
    expect(celFailures(entry('unix://@abstract'))).toEqual([]);
    expect(celFailures(entry('unix://var/run/api.sock'))).toEqual([
      ['spec.endpoints[0].address', 'UDS must be an absolute path or abstract socket'],
    ]);
    expect(celFailures(entry('unix:///var/run/'))).toEqual([['spec.endpoints[0].address', 'UDS may not be a dir']]);
  });

  test('rules with defaults for absent fields (has(...) ? ... : ...) and several failures at once', () => {
    expect(celFailures(serviceEntry({ hosts: ['*'], endpoints: [{ address: 'a.example.com' }] }))).toEqual([
      ['spec', 'NONE mode cannot set endpoints'],
      ['spec.hosts[0]', 'hostname cannot be wildcard'],
    ]);
    expect(celFailures(serviceEntry({ resolution: 'DNS', addresses: ['10.0.0.0/24'] }))).toEqual([
      ['spec', 'CIDR addresses are allowed only for NONE/STATIC resolution types'],
    ]);
  });

  test('through validateManifests: reported with the object and the rule id schema/cel', () => {
    const problems = validateManifests([authorizationPolicy({ app: '*' })], { layers: ['schema'] });
    expect(problems.map(p => [p.rule, p.path, p.message])).toEqual([
      ['schema/cel', 'spec.selector.matchLabels.app', 'wildcard not allowed in label value match'],
    ]);
  });

  test('transition rules (oldSelf) are not run on create, and are listed as skipped', () => {
    const serving = { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'ks', namespace: 'knative-serving' }, spec: {} };
    expect(violations(serving as Manifest)).toEqual([]);
    expect(skippedExpressions().get('has(self.clusterProfileRef) == has(oldSelf.clusterProfileRef)'))
      .toBe('transition rule (oldSelf): only checked on update');
  });

  test('no rule runs on an object with a wrong type, a missing required field or a value outside an enum', () => {
    const wildcard = authorizationPolicy({ app: '*' });
    expect(violations({ ...wildcard, spec: { ...wildcard.spec, action: 'PERMIT' } } as Manifest).map(v => v.rule)).toEqual(['schema/enum']);
    expect(violations({ ...wildcard, spec: { ...wildcard.spec, provider: 'x' } } as Manifest).map(v => v.rule)).toEqual(['schema/type']);
  });

  test('no rule runs at a node the schema already reported something at or below', () => {
    const entry = serviceEntry({ hosts: ['*'], endpoints: [{ address: '10.0.0.1', colour: 'red' }], resolution: 'STATIC' });
    expect(violations(entry).map(v => [v.rule, v.path])).toEqual([
      ['schema/unknown-field', 'spec.endpoints[0].colour'],
      ['schema/cel', 'spec.hosts[0]'],
    ]);
  });

  test('the vendored CRDs declare 279 rules in 23 kinds; only the 2 transition rules are not run', () => {
    let rules = 0;
    let kinds = 0;
    const all = registry.indexedKinds();
    for (const key of all) {
      const slash = key.lastIndexOf('/');
      const tree = registry.celTreeOf(key.slice(0, slash), key.slice(slash + 1));
      if (!tree) continue;
      kinds++;
      rules += countAndCompile(tree);
    }
    expect([rules, kinds]).toEqual([279, 23]);
    const skipped = [...skippedExpressions()].filter(([, reason]) => !reason.startsWith('transition rule'));
    expect(skipped).toEqual([]);
  });
});

/** Counts a tree's rules and compiles each (so that skipped ones are listed). */
function countAndCompile(node: import('../../src/validation/cel/tree').CelNode): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { programOf } = require('../../src/validation/cel/program') as typeof import('../../src/validation/cel/program');
  let n = 0;
  for (const r of node.rules ?? []) {
    programOf(r.rule);
    n++;
  }
  for (const child of Object.values(node.fields ?? {})) n += countAndCompile(child);
  return n + (node.element ? countAndCompile(node.element) : 0);
}

describe('CEL rules, precompiled catalog and runtime path', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cel-catalog-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('give the same violations, the trees coming from cel-rules.json', () => {
    const objects: Manifest[] = [
      destinationRule({ connectTimeout: '500us' }), destinationRule({ connectTimeout: '2d' }), destinationRule({ connectTimeout: '3s' }),
      authorizationPolicy({ 'app*': 'api-*' }), authorizationPolicy({ app: 'api' }),
      serviceEntry({ hosts: ['*'], ports: [{ number: 80, name: 'a' }, { number: 80, name: 'b' }], endpoints: [{ address: 'unix://x', ports: { '-p': 0 } }] }),
      peerAuthentication({ http: { mode: 'STRICT' } }), peerAuthentication({ 443: { mode: 'STRICT' } }),
      requestAuthentication({ jwksUri: 'ftp://x', jwks_uri: 'https://y' }),
      gatewayTls({ credentialNames: ['a'], tlsCertificates: [{ serverCertificate: '/a' }] }),
      { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeEventing', metadata: { name: 'ke' }, spec: {} } as Manifest,
    ];
    const generator = new SchemaRegistry(findCrdDirectory(), { precompiled: false, source: true });
    const keys = [...new Set(objects.map(o => `${o.apiVersion}/${o.kind}`))];
    writeValidators(generator, schema, keys, dir);
    expect(writeCatalogOf(generator, catalogModule, keys, dir)).toEqual({ files: ['catalog.json', 'cel-rules.json'], celKinds: keys.length });

    const fast = new SchemaRegistry(findCrdDirectory(), { precompiled: dir });
    const compiled = new SchemaRegistry(findCrdDirectory(), { precompiled: false });
    expect(fast.usesCatalog()).toBe(true);
    let failures = 0;
    for (const o of objects) {
      const a = fast.validate(o);
      expect(a).toEqual(compiled.validate(o));
      failures += a.violations.filter(v => v.rule === 'schema/cel').length;
    }
    expect(failures).toBeGreaterThanOrEqual(14);

    // without cel-rules.json the catalog cannot tell the rules: those kinds are compiled at run time, with the same result
    fs.rmSync(path.join(dir, catalogModule.CEL_RULES_FILE));
    const withoutTrees = new SchemaRegistry(findCrdDirectory(), { precompiled: dir });
    for (const o of objects) expect(withoutTrees.validate(o)).toEqual(compiled.validate(o));
  });
});
