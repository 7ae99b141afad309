import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { helm, template } from '../helm/helm-cli';

/**
 * The README's advice for a user's own app, run as written with the real
 * cdk8s-cli in a consumer app: the `synth` script that keeps `dist/` when the
 * app fails, and the `validations:` entry of `cdk8s.yaml`. Needs `lib/`
 * (`npm run build`).
 */

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

function readme(): string {
  return fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
}

/** The `"synth": "..."` script the README recommends. */
function synthScript(): string {
  const m = readme().match(/```json\n"synth": ("[^\n]*")\n```/);
  if (!m) throw new Error('README has no ```json block with the "synth" script');
  return JSON.parse(m[1]);
}

/** The README's `cdk8s.yaml` block with `validations:`. */
function validationsYaml(): string {
  const block = [...readme().matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1]).find(b => b.startsWith('validations:'));
  if (!block) throw new Error('README has no ```yaml block starting with validations:');
  return block;
}

/** An app that writes one valid Knative Service (or, `invalid`, throws a validation error). */
function appSource(invalid: boolean): string {
  return `
const { App, Chart } = require('cdk8s');
const kn = require('cdk8s-knative');
const app = new App();
const chart = new Chart(app, 'apps', { namespace: 'demo' });
new kn.Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:2.0' },
  containerConcurrency: ${invalid ? 5000 : 50} });
app.synth();
`;
}

/** A consumer app folder: cdk8s-knative under node_modules (this repository), `cdk8s.yaml` and `app.js`. */
function consumerApp(cdk8sYaml: string, invalid: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'consumer-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'cdk8s-knative'), 'dir');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `language: typescript\napp: node app.js\noutput: dist\n${cdk8sYaml}`);
  fs.writeFileSync(path.join(dir, 'app.js'), appSource(invalid));
  return dir;
}

function run(dir: string, command: string, ...args: string[]) {
  return spawnSync(command, args, {
    cwd: dir, encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.dirname(CDK8S)}${path.delimiter}${process.env.PATH}`,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      CDK8S_CHECK_UPGRADE: 'false',
    },
  });
}

/** The committed output of a GitOps repo. */
function commitDist(dir: string): void {
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'apps.k8s.yaml'), 'committed: true\n');
}

describe('README advice for your own app, with the real cdk8s-cli', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));
  const app = (yaml: string, invalid: boolean) => {
    const d = consumerApp(yaml, invalid);
    dirs.push(d);
    return d;
  };

  test('fails when the app is invalid, and plain cdk8s synth has emptied dist/ (what the README warns about)', () => {
    const dir = app('', true);
    commitDist(dir);
    const r = run(dir, CDK8S, 'synth');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/containerConcurrency: 5000 is not allowed/);
    expect(fs.existsSync(path.join(dir, 'dist', 'apps.k8s.yaml'))).toBe(false);
  });

  test('fails when the app is invalid, and the recommended synth script leaves dist/ untouched', () => {
    const dir = app('', true);
    commitDist(dir);
    const r = run(dir, 'sh', '-c', synthScript());
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/containerConcurrency: 5000 is not allowed/);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['apps.k8s.yaml']);
    expect(fs.readFileSync(path.join(dir, 'dist', 'apps.k8s.yaml'), 'utf8')).toBe('committed: true\n');
  });

  test('the recommended synth script replaces dist/ when the app is valid', () => {
    const dir = app('', false);
    commitDist(dir);
    const r = run(dir, 'sh', '-c', synthScript());
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', 'apps.k8s.yaml'), 'utf8')).toMatch(/kind: Service\n/);
    expect(fs.existsSync(path.join(dir, '.dist-next'))).toBe(false);
  });

  test('the README validation plugin entry runs on cdk8s synth --validate', () => {
    const dir = app(validationsYaml(), false);
    const r = run(dir, CDK8S, 'synth', '--validate');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Status\s*│\s*success/);
    expect(r.stdout).toMatch(/node_modules\/cdk8s-knative/);
    expect(fs.readFileSync(path.join(dir, 'dist', 'apps.k8s.yaml'), 'utf8')).toMatch(/name: hello/);
  });

  test('fails when the README validation plugin finds a problem in an app without this package\'s constructs', () => {
    const dir = app(validationsYaml(), false);
    fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, Chart, ApiObject } = require('cdk8s');
const app = new App();
new ApiObject(new Chart(app, 'apps', { namespace: 'demo' }), 'raw', {
  apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'raw' },
  spec: { template: { spec: { containerConcurrency: 5000, containers: [{ image: 'ghcr.io/acme/hello:2.0' }] } } },
});
app.synth();
`);
    const r = run(dir, CDK8S, 'synth', '--validate');
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/containerConcurrency/);
    expect(r.stdout).toMatch(/Status\s*│\s*failure/);
  });

  test('the README "from my app to a Helm chart" example writes a chart that helm lints and renders with other values', () => {
    const block = [...readme().matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]).find(b => b.includes("write('helm')"));
    expect(block).toBeDefined();
    const dir = app('', false);
    const js = ts.transpileModule(block!, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    fs.writeFileSync(path.join(dir, 'app.js'), js);
    const r = run(dir, process.execPath, 'app.js');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist', 'apps.k8s.yaml'), 'utf8')).toMatch(/image: ghcr.io\/acme\/hello:2.0/);
    const chartDir = path.join(dir, 'helm', 'hello');
    const lint = helm('lint', '--strict', chartDir);
    expect(lint.stderr).toBe('');
    expect(lint.ok).toBe(true);
    const ksvc = template(chartDir, '--set', 'apps.image=ghcr.io/acme/hello:2.1').find(o => o.kind === 'Service');
    expect(ksvc.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/hello:2.1');
  });
});
