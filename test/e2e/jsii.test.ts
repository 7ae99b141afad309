/**
 * The package as users of other languages get it: the jsii assembly, driven
 * through the jsii kernel (the engine the Python, Java, Go and .NET runtimes
 * talk to), must write exactly the YAML the TypeScript app writes; and the
 * Python example must type-check against the package jsii-pacmak generates.
 *
 * Needs `npm run build` (npm test runs it first): `.jsii` and `lib/`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildHelloEvents } from '../../examples/apps/hello-events';
import { ChartValue } from '../../src/helm/chart-value';

const ROOT = path.resolve(__dirname, '../..');
const ASSEMBLY = path.join(ROOT, '.jsii');
const DEPENDENCIES = ['constructs', 'cdk8s', 'cdk8s-plus-27'];

jest.setTimeout(240_000);

let tmp: string;
const tarballs: Record<string, { version: string; tarball: string }> = {};

/** `npm pack` of a folder into `tmp`, without running its scripts (the package is already built). */
function pack(dir: string): string {
  const res = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, dir], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`npm pack ${dir} failed: ${res.stderr}`);
  return path.join(tmp, res.stdout.trim().split('\n').pop()!.trim());
}

beforeAll(() => {
  if (!fs.existsSync(ASSEMBLY)) throw new Error('no .jsii assembly: run `npm run build` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-jsii-'));
  for (const name of DEPENDENCIES) {
    const dir = path.join(ROOT, 'node_modules', name);
    tarballs[name] = { version: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version, tarball: pack(dir) };
  }
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  tarballs[own.name] = { version: own.version, tarball: pack(ROOT) };
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the jsii assembly', () => {
  test('is a jsii assembly of this package that names its targets for Python, Java, Go and .NET', () => {
    const assembly = JSON.parse(fs.readFileSync(ASSEMBLY, 'utf8'));
    expect(assembly.schema).toBe('jsii/0.10.0');
    expect(assembly.name).toBe('cdk8s-knative');
    expect(Object.keys(assembly.targets).sort()).toEqual(['dotnet', 'go', 'java', 'js', 'python']);
    expect(assembly.targets.python.module).toBe('cdk8s_knative');
    expect(assembly.targets.java.package).toBe('org.cdk8s.knative');
    expect(Object.keys(assembly.dependencies).sort()).toEqual(DEPENDENCIES.slice().sort());
  });

  test('ships in the npm package', () => {
    const res = spawnSync('tar', ['-tzf', tarballs['cdk8s-knative'].tarball], { encoding: 'utf8' });
    expect(res.stdout.split('\n')).toContain('package/.jsii');
  });

  test('driven through the jsii kernel, writes byte-identical YAML to the TypeScript app', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Kernel } = require('@jsii/kernel');
    const kernel = new Kernel(() => {
      throw new Error('no callback expected');
    });
    for (const name of [...DEPENDENCIES, 'cdk8s-knative']) {
      kernel.load({ name, version: tarballs[name].version, tarball: tarballs[name].tarball });
    }
    // What a Python, Java, Go or C# program asks the kernel, call by call.
    const resolver = kernel.sinvoke({ fqn: 'cdk8s-knative.ChartValue', method: 'resolver', args: [] }).result;
    const app = kernel.create({ fqn: 'cdk8s.App', args: [{ resolvers: [resolver] }] });
    const chart = kernel.create({ fqn: 'cdk8s.Chart', args: [app, 'hello-events', { namespace: 'hello' }] });
    const image = kernel.sinvoke({
      fqn: 'cdk8s-knative.ChartValue',
      method: 'stringValue',
      args: [chart, 'hello.image', { defaultValue: 'ghcr.io/acme/hello:1.0.0', description: 'Image of the hello Service' }],
    }).result;
    const imageToken = kernel.invoke({ objref: image, method: 'asString', args: [] }).result;
    const hello = kernel.create({
      fqn: 'cdk8s-knative.Service',
      args: [chart, 'Hello', { metadata: { name: 'hello' }, container: { image: imageToken, port: 8080 }, containerConcurrency: 50 }],
    });
    const broker = kernel.create({ fqn: 'cdk8s-knative.Broker', args: [chart, 'Default', { metadata: { name: 'default' } }] });
    kernel.create({
      fqn: 'cdk8s-knative.Trigger',
      args: [chart, 'OnGreeting', { metadata: { name: 'on-greeting' }, broker, subscriber: hello, filter: { type: 'dev.acme.greeting' } }],
    });
    const viaKernel: string = kernel.invoke({ objref: app, method: 'synthYaml', args: [] }).result;

    const tsApp = new App({ resolvers: [ChartValue.resolver()] });
    buildHelloEvents(tsApp);
    const viaTypeScript = tsApp.synthYaml();

    expect(viaKernel).toContain('kind: Trigger');
    expect(viaKernel).toContain('image: ghcr.io/acme/hello:1.0.0');
    expect(viaKernel).toBe(viaTypeScript);
  });

  test('through the kernel, an invalid prop fails with the construct path and the field', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Kernel } = require('@jsii/kernel');
    const kernel = new Kernel(() => undefined);
    for (const name of [...DEPENDENCIES, 'cdk8s-knative']) {
      kernel.load({ name, version: tarballs[name].version, tarball: tarballs[name].tarball });
    }
    const app = kernel.create({ fqn: 'cdk8s.App', args: [] });
    const chart = kernel.create({ fqn: 'cdk8s.Chart', args: [app, 'c'] });
    expect(() => kernel.create({
      fqn: 'cdk8s-knative.Service',
      args: [chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1' }, containerConcurrency: 1001 }],
    })).toThrow(/\[c\/Hello\] containerConcurrency: 1001 is not allowed/);
  });
});

/** Runs jsii-pacmak, code only, as `npm run package:all` does (scripts off: the package is built). */
function pacmak(out: string, targets: string[], modules: string[]): void {
  const res = spawnSync(process.execPath, [
    path.join(ROOT, 'node_modules/jsii-pacmak/bin/jsii-pacmak'), '--code-only', '--targets', ...targets, '--outdir', out, ...modules,
  ], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'true' } });
  if (res.status !== 0) throw new Error(`jsii-pacmak failed: ${res.stderr}`);
}

describe('jsii-pacmak', () => {
  test('generates the Python, Java, Go and .NET packages under the documented names', () => {
    const out = path.join(tmp, 'all');
    pacmak(out, ['python', 'java', 'go', 'dotnet'], [ROOT]);
    for (const file of [
      'python/src/cdk8s_knative/__init__.py',
      'java/src/main/java/org/cdk8s/knative/Service.java',
      'go/cdk8sknative/Service.go',
      'dotnet/Org.Cdk8s.Knative/Org/Cdk8s/Knative/Service.cs',
    ]) {
      expect(fs.existsSync(path.join(out, file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(out, 'java/src/main/java/org/cdk8s/knative/Broker.java'), 'utf8')).toContain('public static @org.jetbrains.annotations.NotNull org.cdk8s.knative.IBroker fromBrokerName(');
  });
});

describe('the Python package', () => {
  let pythonSrc: string;

  beforeAll(() => {
    // the package and its jsii dependencies, so the checker sees every type
    const out = path.join(tmp, 'pacmak');
    pacmak(out, ['python'], [ROOT, ...DEPENDENCIES.map(d => path.join(ROOT, 'node_modules', d))]);
    pythonSrc = path.join(out, 'python', 'src');
  });

  function pyright(file: string): { errors: string[] } {
    const config = path.join(tmp, 'pyrightconfig.json');
    // The jsii Python runtime is not installable here (no PyPI): its type stubs stand in for it, so the
    // checker sees the generated signatures (test/fixtures/python-stubs).
    fs.writeFileSync(config, JSON.stringify({
      extraPaths: [pythonSrc], stubPath: path.join(ROOT, 'test/fixtures/python-stubs'),
      pythonVersion: '3.11', typeCheckingMode: 'basic', reportMissingModuleSource: false,
    }));
    const res = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/pyright/index.js'), '--outputjson', '-p', config, file], { encoding: 'utf8' });
    const report = JSON.parse(res.stdout);
    return { errors: report.generalDiagnostics.filter((d: any) => d.severity === 'error').map((d: any) => `${d.range.start.line + 1}: ${d.message}`) };
  }

  test('is generated as the cdk8s_knative module', () => {
    expect(fs.existsSync(path.join(pythonSrc, 'cdk8s_knative', '__init__.py'))).toBe(true);
  });

  test('the Python example type-checks against it', () => {
    expect(pyright(path.join(ROOT, 'examples/python/hello_events.py')).errors).toEqual([]);
  });

  test('fails the type check when the example passes a wrong type (the check sees the package types)', () => {
    const broken = path.join(tmp, 'broken.py');
    fs.writeFileSync(broken, fs.readFileSync(path.join(ROOT, 'examples/python/hello_events.py'), 'utf8')
      .replace('container_concurrency=50', 'container_concurrency="fifty"'));
    expect(pyright(broken).errors.join('\n')).toMatch(/container_concurrency|"fifty"|str/);
  });
});
