import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, ROOT as root } from './ensure-built';

/**
 * `cdk8s-knative validate --config FILE`: a bad setting in the file is a usage
 * error that names the file, the document, the object and the key path, the
 * value and what is allowed (no stack trace).
 */

const bin = path.join(root, 'lib/src/cli/main.js');
const manifests = 'test/fixtures/validation/valid';

interface Run { code: number | null; out: string; err: string }

function cli(...args: string[]): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;

function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  ensureBuilt(bin);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'knative-config-'));
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SERVING = [
  'apiVersion: v1', 'kind: Namespace', 'metadata: {name: knative-serving}', '---',
  'apiVersion: operator.knative.dev/v1beta1', 'kind: KnativeServing', 'metadata: {name: knative-serving, namespace: knative-serving}',
  'spec:', '  config:', '    autoscaler:', '      max-scale-limit: "-5"', '',
].join('\n');

describe('cdk8s-knative validate --config with a bad setting', () => {
  test('fails when max-scale-limit of a KnativeServing is negative, naming file, document, object and key', () => {
    const file = configFile('platform.yaml', SERVING);
    const r = cli('validate', '--config', file, manifests);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toBe(`cdk8s-knative: --config ${file}: cluster config: document 1 (KnativeServing/knative-serving): `
      + 'spec.config.autoscaler.max-scale-limit: "-5" is not allowed; must be an integer 0 or more');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('fails when a KnativeEventing feature is no flag value, naming file, document, object and key (json output too)', () => {
    const file = configFile('eventing.yaml', [
      'apiVersion: operator.knative.dev/v1beta1', 'kind: KnativeEventing', 'metadata: {name: knative-eventing, namespace: knative-eventing}',
      'spec: {config: {features: {authentication-oidc: "yes"}}}', '',
    ].join('\n'));
    const message = `--config ${file}: cluster config: document 0 (KnativeEventing/knative-eventing): `
      + 'spec.config.features.authentication-oidc: "yes" is not a flag value; use enabled, disabled or allowed';
    const text = cli('validate', '--config', file, manifests);
    expect([text.code, text.err.split('\n')[0]]).toEqual([2, `cdk8s-knative: ${message}`]);
    const json = cli('validate', '--output', 'json', '--config', file, manifests);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out).usageError).toBe(message);
  });
});
