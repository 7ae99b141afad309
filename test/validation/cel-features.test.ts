/**
 * What the vendored CRDs' rules do not use, on a CRD of our own:
 * messageExpression, fieldPath, the default message, escaped field names,
 * how values are typed (int, double, int-or-string, null fields), `metadata`
 * at the root, rules that call a function we do not have (skipped), and
 * Kubernetes' URL library.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { programOf, skippedExpressions } from '../../src/validation/cel/program';
import { findCrdDirectory, SchemaRegistry } from '../../src/validation/schema';
import { Manifest } from '../../src/validation/types';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    plural: widgets
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-validations:
        - rule: "self.metadata.name.startsWith('w-')"
          messageExpression: "'name ' + self.metadata.name + ' must start with w-'"
        - rule: "!has(self.metadata.namespace)"
          message: "namespace is not visible to CEL"
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.min <= self.max"
              fieldPath: ".max"
              message: "max must be at least min"
            - rule: "self.min >= 0"
              fieldPath: "['min']"
              reason: FieldValueForbidden
            - rule: "self.items.isSorted()"
              message: "uses the lists library, which is not here"
            - rule: "!has(self.x__dash__prop) || self.x__dash__prop != 'bad'"
              message: "x-prop must not be bad"
            - rule: "!has(self.__namespace__) || self.__namespace__ != 'kube-system'"
              message: "reserved word escaped"
            - rule: "type(self.ratio) == double && type(self.min) == int"
              message: "number is double, integer is int"
            - rule: "!has(self.note)"
              message: "a null field is absent"
            - rule: "self.port == 80 || self.port == 'http'"
              messageExpression: "self.port + 1"
              message: "port is 80 or http"
            properties:
              min: { type: integer }
              max: { type: integer }
              ratio: { type: number }
              items: { type: array, items: { type: integer } }
              x-prop: { type: string }
              namespace: { type: string }
              note: { type: string, nullable: true }
              port: { x-kubernetes-int-or-string: true }
`;

describe('CEL features on a CRD of our own', () => {
  let tmp: string;
  let registry: SchemaRegistry;
  const widget = (spec: Record<string, unknown>, name = 'w-one'): Manifest =>
    ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'apps' }, spec } as Manifest);
  const failures = (o: Manifest) => {
    const result = registry.validate(o);
    expect(result.checked).toBe(true);
    return result.violations.map(v => [v.rule, v.path, v.message]);
  };
  const ok = { min: 1, max: 2, ratio: 1, items: [3, 1], port: 80 };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cel-crds-'));
    fs.symlinkSync(path.join(findCrdDirectory(), 'kubernetes'), path.join(tmp, 'kubernetes'));
    fs.writeFileSync(path.join(tmp, 'widget.yaml'), CRD);
    registry = new SchemaRegistry(tmp, { precompiled: false });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a valid object passes; integers are ints, numbers doubles (even 1), int-or-string as given', () => {
    expect(failures(widget(ok))).toEqual([]);
    expect(failures(widget({ ...ok, port: 'http' }))).toEqual([]);
  });

  test('fieldPath places the failure below the node; without a message it is "failed rule: <rule>"', () => {
    expect(failures(widget({ ...ok, min: 3 }))).toEqual([['schema/cel', 'spec.max', 'max must be at least min']]);
    expect(failures(widget({ ...ok, min: -2, max: -1 }))).toEqual([['schema/cel', 'spec.min', 'failed rule: self.min >= 0']]);
  });

  test('messageExpression gives the message; one that does not give a string falls back to message', () => {
    expect(failures(widget(ok, 'one'))).toEqual([['schema/cel', '', 'name one must start with w-']]);
    expect(failures(widget({ ...ok, port: 81 }))).toEqual([['schema/cel', 'spec', 'port is 80 or http']]);
  });

  test('only apiVersion, kind, metadata.name and metadata.generateName are visible at the root', () => {
    expect(failures(widget(ok)).map(f => f[2])).not.toContain('namespace is not visible to CEL');
  });

  test('escaped field names (x-prop is x__dash__prop, namespace __namespace__); a null field is absent', () => {
    expect(failures(widget({ ...ok, 'x-prop': 'bad', namespace: 'kube-system' }))).toEqual([
      ['schema/cel', 'spec', 'x-prop must not be bad'],
      ['schema/cel', 'spec', 'reserved word escaped'],
    ]);
    expect(failures(widget({ ...ok, note: null }))).toEqual([]);
    expect(failures(widget({ ...ok, note: 'n' }))).toEqual([['schema/cel', 'spec', 'a null field is absent']]);
  });

  test('a rule calling a function this environment does not have is skipped, and listed with the reason', () => {
    expect(failures(widget({ ...ok, items: [3, 1] }))).toEqual([]);
    expect(skippedExpressions().get('self.items.isSorted()')).toBe('unsupported function: isSorted');
  });

  test('a rule that does not parse is skipped', () => {
    expect(programOf('self.a +')).toEqual({ skip: expect.stringMatching(/^does not parse: /) });
  });
});

describe("Kubernetes' URL library", () => {
  const run = (expression: string, self: string) => {
    const p = programOf(expression);
    if ('skip' in p) throw new Error(p.skip);
    const r = p.run(self);
    return r instanceof Error ? `error: ${r.message}` : r;
  };

  test('isURL accepts what Go\'s url.ParseRequestURI accepts', () => {
    for (const s of ['https://example.com', 'http://user:pw@host:8080/p?q=1', '/absolute/path', 'mailto:a@b', '*', 'https://[::1]:443/x']) {
      expect([s, run('isURL(self)', s)]).toEqual([s, true]);
    }
    for (const s of ['', 'relative/path', 'https://host:port/', 'https://ho st/', 'http://[::1/', 'https://a/%zz', ':no-scheme', 'a\nb']) {
      expect([s, run('isURL(self)', s)]).toEqual([s, false]);
    }
  });

  test('the accessors', () => {
    const u = 'HTTPS://user@[fe80::1]:8443/a%20b/c?x=1&x=2&y=a+b#frag';
    expect(run('url(self).getScheme()', u)).toBe('https');
    expect(run('url(self).getHost()', u)).toBe('[fe80::1]:8443');
    expect(run('url(self).getHostname()', u)).toBe('fe80::1');
    expect(run('url(self).getPort()', u)).toBe('8443');
    expect(run('url(self).getEscapedPath()', u)).toBe('/a%20b/c');
    expect(run("url(self).getQuery()['x'] == ['1', '2']", u)).toBe(true);
    expect(run("url(self).getQuery()['y'][0]", u)).toBe('a b');
    expect(run('url(self).getHost()', 'https://example.com/')).toBe('example.com');
    expect(run('url(self).getPort()', 'https://example.com/')).toBe('');
    expect(run('url(self).getEscapedPath()', 'https://example.com/a b')).toBe('/a%20b');
    expect(run('url(self).getScheme()', 'not a url')).toBe('error: URL parse error during conversion from string: parse "not a url": invalid URI for request');
  });

  test('the strings extension', () => {
    expect(run("self.substring(2, 4) + self.lowerAscii().upperAscii() + string(self.indexOf('c'))", 'abcd')).toBe('cdABCD2');
    expect(run("self.split('-').join('.')", 'a-b-c')).toBe('a.b.c');
  });
});
