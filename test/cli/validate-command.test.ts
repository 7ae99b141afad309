import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_FILE_BYTES } from '../../src/cli/read-manifests';
import { ensureBuilt, ROOT as root } from './ensure-built';

const bin = path.join(root, 'lib/src/cli/main.js');
const fx = 'test/fixtures/validation';

interface Run { code: number | null; out: string; err: string }

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tmp(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knative-cli-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A usage-level failure: exit 2, a message, no stack trace. */
function expectUsageError(r: Run, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
}

beforeAll(() => {
  ensureBuilt(bin);
  expect(execFileSync('head', ['-1', bin], { encoding: 'utf8' })).toBe('#!/usr/bin/env node\n');
}, 120_000);

describe('cdk8s-knative validate', () => {
  test('exit 0 when every object in files and folders is valid', () => {
    const r = cli('validate', `${fx}/valid`);
    expect(r).toEqual({ code: 0, out: '', err: '6 objects in 3 files: all valid\n' });
  });

  test('exit 1 with one line per problem: file[:doc] kind/name: path: message', () => {
    const r = cli('validate', `${fx}/invalid.yaml`);
    expect(r.code).toBe(1);
    expect(r.out.trimEnd().split('\n')).toEqual([
      `${fx}/invalid.yaml:0 Service/broken: spec.template.spec.containers[0].colour: unknown field "colour" (known fields here: args, command, env, envFrom, image, imagePullPolicy, livenessProbe, name, ports, readinessProbe, resources, securityContext, ... (5 more))`,
      `${fx}/invalid.yaml:0 Service/broken: spec.template.spec.containers[0].ports[0].containerPort: "http" is a string, must be integer`,
      expect.stringMatching(new RegExp(`^${fx}/invalid.yaml:0 Service/broken: spec.template.spec.containerConcurrency: 1001 `)),
      expect.stringMatching(new RegExp(`^${fx}/invalid.yaml:1 Trigger/orphan: spec.broker: warning: unresolved: refers to Broker "missing-broker"`)),
    ]);
    expect(r.err).toBe('2 objects in 1 file: 3 errors, 1 warning\n');
  });

  test('references outside the given files are reported, and fail only with --require-refs', () => {
    const soft = cli('validate', `${fx}/unresolved.yaml`);
    expect(soft.code).toBe(0);
    expect(soft.out).toMatch(/^test\/fixtures\/validation\/unresolved.yaml Trigger\/on-platform-events: spec.broker: warning: unresolved: refers to Broker "platform" in namespace "demo"/);
    expect(soft.out).toMatch(/\(add the file that defines it to the command; unresolved references fail only with --require-refs\)\n$/);
    const hard = cli('validate', '--require-refs', `${fx}/unresolved.yaml`);
    expect(hard.code).toBe(1);
    expect(hard.out).toMatch(/Trigger\/on-platform-events: spec.broker: refers to Broker "platform" in namespace "demo", which is not defined \(add the file that defines it to the command\)\n$/);
  });

  test('references resolve across the given files', () => {
    expect(cli('validate', `${fx}/unresolved.yaml`, `${fx}/valid`).out).toMatch(/Broker "platform"/);
    const withBroker = tmp('broker.yaml', 'apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata:\n  name: platform\n  namespace: demo\n');
    expect(cli('validate', '--require-refs', `${fx}/unresolved.yaml`, withBroker).code).toBe(0);
  });

  test('kinds without a schema are listed as not checked; --strict fails them', () => {
    const r = cli('validate', `${fx}/unknown-kind.yaml`);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${fx}/unknown-kind.yaml Widget/gizmo: warning: not checked: no schema is known for example.com/v1 Widget\n`);
    expect(r.err).toBe('1 object in 1 file: 0 errors, 1 warning, 1 not checked\n');
    const strict = cli('validate', '--strict', `${fx}/unknown-kind.yaml`);
    expect(strict.code).toBe(1);
    expect(strict.out).toBe(`${fx}/unknown-kind.yaml Widget/gizmo: not checked: no schema is known for example.com/v1 Widget\n`);
  });

  test('--output json is machine-readable', () => {
    const r = cli('validate', '--output', 'json', `${fx}/invalid.yaml`, `${fx}/unknown-kind.yaml`);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ valid: false, files: 2, objects: 3, errors: 3, warnings: 2 });
    expect(report.notChecked).toEqual([{ file: `${fx}/unknown-kind.yaml`, kind: 'example.com/v1 Widget', name: 'gizmo' }]);
    expect(report.problems[0]).toEqual({
      severity: 'error',
      layer: 'schema',
      rule: 'schema/unknown-field',
      object: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'broken' },
      path: 'spec.template.spec.containers[0].colour',
      message: 'unknown field "colour"',
      hint: expect.stringMatching(/^known fields here:/),
      source: { file: `${fx}/invalid.yaml`, doc: 0 },
    });
    expect(cli('validate', '--output=json', `${fx}/valid`).out).toMatch(/"valid": true/);
  });

  test('the cluster config comes from --config or --feature', () => {
    expect(cli('validate', `${fx}/init-containers.yaml`).code).toBe(1);
    expect(cli('validate', '--config', `${fx}/cluster-config.yaml`, `${fx}/init-containers.yaml`).code).toBe(0);
    expect(cli('validate', '--feature', 'kubernetes.podspec-init-containers=enabled', `${fx}/init-containers.yaml`).code).toBe(0);
    const plainMap = tmp('cluster.yaml', 'features:\n  kubernetes.podspec-init-containers: enabled\n');
    expect(cli('validate', `--config=${plainMap}`, `${fx}/init-containers.yaml`).code).toBe(0);
  });

  test('fails with exit 2 for a bad cluster config or feature flag', () => {
    expectUsageError(cli('validate', '--config', 'no-such-config.yaml', `${fx}/valid`), /--config no-such-config.yaml: cannot read: no such file/);
    expectUsageError(cli('validate', '--config', `${fx}/invalid.yaml`, `${fx}/valid`), /--config .*invalid.yaml: cluster config: /);
    expectUsageError(cli('validate', '--feature', 'kubernetes.podspec-init-containers=maybe', `${fx}/valid`), /--feature: .*"maybe" is not a flag value/);
    expectUsageError(cli('validate', '--feature', 'no-value', `${fx}/valid`), /--feature takes name=value/);
  });

  test('fails with exit 2 for malformed YAML, with the position', () => {
    expectUsageError(cli('validate', `${fx}/malformed.yaml`), /^cdk8s-knative: test\/fixtures\/validation\/malformed.yaml: malformed YAML at line \d+, column \d+: /);
  });

  test('files with no Kubernetes objects are skipped with a warning; fails with exit 2 when no object is left', () => {
    const nothing = /no Kubernetes objects found in the given files \(1 skipped/;
    const empty = cli('validate', `${fx}/empty.yaml`);
    expectUsageError(empty, nothing);
    expect(empty.err).toMatch(/warning: .*empty.yaml: skipped: holds no Kubernetes objects \(the file is empty or only comments\)/);
    const notKubernetes = cli('validate', `${fx}/not-kubernetes.yaml`);
    expectUsageError(notKubernetes, nothing);
    expect(notKubernetes.err).toMatch(/not-kubernetes.yaml: skipped: holds no Kubernetes objects \(its mappings have no apiVersion and no kind/);
    expectUsageError(cli('validate', tmp('comments.yaml', '# nothing here\n---\n')), /comments.yaml: skipped: holds no Kubernetes objects/);
    expectUsageError(cli('validate', tmp('scalar.yaml', 'just a string\n')), /scalar.yaml: not a Kubernetes object \(a string/);
    expectUsageError(cli('validate', tmp('half.yaml', 'kind: ConfigMap\n')), /half.yaml: not a Kubernetes object \(needs string apiVersion and kind\)/);
  });

  test('fails with exit 2 for binary garbage', () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    expectUsageError(cli('validate', tmp('garbage.yaml', bytes)), /garbage.yaml: not a text file \(binary data or not UTF-8\)/);
    expectUsageError(cli('validate', tmp('latin1.yaml', Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]))), /latin1.yaml: not a text file/);
  });

  test('fails with exit 2 for files too large to read', () => {
    const file = tmp('huge.yaml', '');
    fs.truncateSync(file, MAX_FILE_BYTES + 1);
    expectUsageError(cli('validate', file), /huge.yaml: file is too large \(at most 16777216 bytes are read; see --max-file-size\)/);
  });

  test('large multi-document files are validated', () => {
    const docs: string[] = [];
    for (let i = 0; i < 3000; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  key: value-${i}\n`);
    docs.push('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  key: 1\n');
    const r = cli('validate', tmp('many.yaml', docs.join('---\n')));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/many.yaml:3000 ConfigMap\/bad: data.key: 1 is an integer, must be string\n$/);
    expect(r.err).toBe('3001 objects in 1 file: 1 error, 0 warnings\n');
  });

  test('a List is read item by item', () => {
    const list = tmp('list.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {}\n');
    const r = cli('validate', list);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/list.yaml ConfigMap\/\(unnamed\): metadata.name: name is required/);
    expect(r.err).toBe('2 objects in 1 file: 1 error, 0 warnings\n');
  });

  test('fails with exit 2 for usage errors and unreadable paths', () => {
    expectUsageError(cli(), /Usage: cdk8s-knative validate/);
    expectUsageError(cli('check', 'x.yaml'), /unknown command "check"/);
    expectUsageError(cli('validate'), /no files or folders to validate/);
    expectUsageError(cli('validate', '--bogus', `${fx}/valid`), /unknown option --bogus/);
    expectUsageError(cli('validate', '--output', 'xml', `${fx}/valid`), /--output must be text or json/);
    expectUsageError(cli('validate', '--config'), /--config needs a value/);
    expectUsageError(cli('validate', 'no-such-file.yaml'), /no-such-file.yaml: cannot read: no such file or directory/);
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'knative-cli-empty-'));
    expectUsageError(cli('validate', emptyDir), /folder has no .yaml, .yml or .json files/);
  });

  test('--help prints the usage and exits 0', () => {
    const r = cli('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: cdk8s-knative validate \[options\] <file\|dir>\.\.\./);
    expect(r.out).toMatch(/Exit codes: 0 all valid, 1 some object invalid, 2 usage error or unreadable input/);
  });
});
