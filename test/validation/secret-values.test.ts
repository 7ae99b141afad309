import { ApiObject, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { formatProblem, validateManifests } from '../../src/validation/engine';
import { Manifest, Problem, SemanticRule } from '../../src/validation/types';
import { Validation } from '../../src/validation/validation';

/** Every text a problem can be shown as: both one-line formats and its JSON. */
const outputs = (problems: readonly Problem[]) => problems.flatMap(p => [formatProblem(p, 'synth'), formatProblem(p, 'cli'), JSON.stringify(p)]).join('\n');
/** The forms a planted value could take in output: raw, JSON-escaped, base64. */
const forms = (value: string) => [value, JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')];
const expectHidden = (problems: readonly Problem[], ...values: string[]) => {
  const text = outputs(problems);
  for (const v of values) for (const f of forms(v)) expect(text).not.toContain(f);
};

const SECRET = 'hunter2-Sup3rS3cret!';
let count = 0;
const secret = (fields: Record<string, unknown>, type?: string): Manifest => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: `s${count++}`, namespace: 'demo' }, ...(type ? { type } : {}), ...fields,
});

describe('no Secret value in any problem', () => {
  test('fails without quoting a data value that is not base64', () => {
    const problems = validateManifests([secret({ data: { token: SECRET } })]);
    expect(problems.map(p => `${p.rule} ${p.path}: ${p.message}`)).toEqual(['schema/format data.token: the value is not base64 (format byte)']);
    expectHidden(problems, SECRET);
  });

  test('fails without quoting values when data or stringData has the wrong shape', () => {
    const problems = validateManifests([
      secret({ data: SECRET }),
      secret({ stringData: { token: 987654321, list: [SECRET] } }),
      secret({ stringData: SECRET }),
    ]);
    expect(problems.map(p => `${p.rule} ${p.path}: ${p.message}`)).toEqual([
      'schema/type data: the value is a string, must be object',
      'schema/type stringData.list: the value is an array, must be string',
      'schema/type stringData.token: the value is an integer, must be string',
      'schema/type stringData: the value is a string, must be object',
    ]);
    expectHidden(problems, SECRET, '987654321');
  });

  test('SealedSecret and ExternalSecret values are hidden too', () => {
    const sealed: Manifest = {
      apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's', namespace: 'demo' },
      spec: { encryptedData: { token: { plain: SECRET } }, template: { data: { extra: ['x', SECRET] } } },
    };
    const external: Manifest = {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'e', namespace: 'demo' },
      spec: { secretStoreRef: { name: 'store' }, target: { template: { data: { url: { literal: SECRET } }, templateFrom: SECRET } } },
    };
    const problems = validateManifests([sealed, external], { layers: ['schema'] });
    expect(problems.filter(p => p.layer === 'schema' && p.rule === 'schema/type').length).toBeGreaterThan(0);
    expectHidden(problems, SECRET);
  });

  test('text a rule writes with a value in it is redacted', () => {
    const leaky: SemanticRule = {
      id: 'test/leaky', description: 'quotes a value', kinds: ['/Secret'],
      check: (m) => [{ path: 'data', message: `saw ${JSON.stringify((m as any).stringData.token)} and ${(m as any).stringData.token}`, hint: `not ${(m as any).stringData.token}` }],
    };
    const throwing: SemanticRule = {
      id: 'test/throwing', description: 'throws with a value', kinds: ['/Secret'],
      check: (m) => { throw new Error(`cannot parse ${(m as any).stringData.token}`); },
    };
    const problems = validateManifests([secret({ stringData: { token: `${SECRET}"\n` } })], { rules: [leaky, throwing] });
    expect(problems.filter(p => p.rule.startsWith('test/')).map(p => `${p.rule}: ${p.message} (${p.hint})`)).toEqual([
      'test/throwing: could not be checked by this rule: cannot parse *** (undefined)',
      'test/leaky: saw "***" and *** (not ***)',
    ]);
    expectHidden(problems, SECRET);
  });

  test('the Secret type checks never print the docker config', () => {
    const config = `{"auths": {"r.io": {"auth": "${SECRET}"}`; // not closed: not JSON
    const problems = validateManifests([
      secret({ stringData: { '.dockerconfigjson': config } }, 'kubernetes.io/dockerconfigjson'),
      secret({ data: { '.dockerconfigjson': Buffer.from(config).toString('base64') } }, 'kubernetes.io/dockerconfigjson'),
    ]);
    expect(problems.map(p => `${p.rule} ${p.path}: ${p.message}`)).toEqual([
      'schema/secret-type stringData[".dockerconfigjson"]: the value is not a JSON object',
      'schema/secret-type data[".dockerconfigjson"]: the value is not a JSON object',
    ]);
    expectHidden(problems, SECRET, config);
  });
});

// ------------------------------------------------------------------ property

/** A value to plant: a marker (so it cannot match ordinary words) and random text of any characters. */
const plantedValue = fc.string({ minLength: 4, maxLength: 40, unit: 'grapheme' }).map(s => `s3cr3t:${s}`);
const anyKey = fc.oneof(fc.constantFrom('token', 'tls.crt', 'tls.key', '.dockerconfigjson', '.dockercfg', 'username', 'password', 'ssh-privatekey'),
  // cdk8s itself cannot render a map with a key such as "constructor" (its sanitizeValue reads the key as the object's constructor)
  fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme-ascii' }).filter(k => !(k in {})));
const secretType = fc.constantFrom(undefined, 'Opaque', 'kubernetes.io/tls', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg',
  'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/service-account-token', 'example.com/custom');
/** How a value is written: base64 in data (valid), raw in data (invalid base64), in stringData, or as the wrong type. */
const placement = fc.constantFrom('data-base64', 'data-raw', 'stringData', 'stringData-array', 'stringData-object', 'data-whole', 'docker-json');

interface Planted { readonly manifest: Manifest; readonly values: string[] }

const plantedSecret: fc.Arbitrary<Planted> = fc.record({
  type: secretType,
  entries: fc.array(fc.record({ key: anyKey, value: plantedValue, where: placement }), { minLength: 1, maxLength: 4 }),
  kind: fc.constantFrom('Secret', 'SealedSecret', 'ExternalSecret'),
}).map(({ type, entries, kind }) => {
  const data: Record<string, unknown> = {};
  const stringData: Record<string, unknown> = {};
  let whole: string | undefined;
  for (const { key, value, where } of entries) {
    if (where === 'data-base64') data[key] = Buffer.from(value).toString('base64');
    else if (where === 'data-raw') data[key] = value;
    else if (where === 'stringData') stringData[key] = value;
    else if (where === 'stringData-array') stringData[key] = [value];
    else if (where === 'stringData-object') stringData[key] = { nested: value };
    else if (where === 'docker-json') stringData['.dockerconfigjson'] = `{"auths": {"r.io": {"auth": ${JSON.stringify(value)}`;
    else whole = value;
  }
  const values = entries.map(e => e.value);
  const meta = { name: 'planted', namespace: 'demo' };
  if (kind === 'SealedSecret') {
    return { values, manifest: { apiVersion: 'bitnami.com/v1alpha1', kind, metadata: meta, spec: { encryptedData: whole ?? { ...data, ...stringData }, template: { type, data: stringData } } } };
  }
  if (kind === 'ExternalSecret') {
    return { values, manifest: { apiVersion: 'external-secrets.io/v1', kind, metadata: meta, spec: { secretStoreRef: { name: 'store' }, target: { template: { type, data: whole ?? { ...data, ...stringData } } } } } };
  }
  return { values, manifest: { apiVersion: 'v1', kind, metadata: meta, ...(type ? { type } : {}), data: whole ?? data, stringData } };
});

describe('property: no planted Secret value reaches any output', () => {
  test('the engine\'s problems (text and JSON) never contain a value planted in a Secret, valid or not', () => {
    fc.assert(fc.property(fc.array(plantedSecret, { minLength: 1, maxLength: 3 }), (planted) => {
      const problems = validateManifests(planted.map(p => p.manifest), { requireRefs: false });
      const text = outputs(problems);
      for (const { values } of planted) for (const v of values) for (const f of forms(v)) expect(text).not.toContain(f);
    }), { numRuns: 150 });
  });

  test('synth errors, warnings and validate() never contain a value planted in a Secret', () => {
    fc.assert(fc.property(plantedSecret, ({ manifest, values }) => {
      const chart = Testing.chart();
      Validation.of(chart).configure({ printWarnings: true });
      new ApiObject(chart, 'Planted', manifest as any);
      const written: string[] = [];
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { written.push(String(chunk)); return true; });
      let thrown = '';
      try {
        Testing.synth(chart);
      } catch (e) {
        thrown = (e as Error).message;
      } finally {
        spy.mockRestore();
      }
      const text = [thrown, ...written, JSON.stringify(Validation.of(chart).validate())].join('\n');
      for (const v of values) for (const f of forms(v)) expect(text).not.toContain(f);
    }), { numRuns: 40 });
  });
});
