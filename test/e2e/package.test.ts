/**
 * End to end: the package as a user gets it. Packs the library (`npm pack`),
 * creates a fresh cdk8s TypeScript app in a temporary folder, installs the
 * tarball there offline, synthesizes a chart with `cdk8s synth` and checks the
 * manifests, then checks that an invalid prop fails `cdk8s synth` with our message.
 *
 * `lib/` must be built first (`npm test` runs `tsc -p .` before jest).
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

jest.setTimeout(240_000);

const REPO = path.resolve(__dirname, '..', '..');
const PEERS = ['cdk8s', 'cdk8s-plus-27', 'constructs'] as const;
/** Files in the tarball that must never ship. */
const FORBIDDEN = /^(test|examples|bench|dist|helm|scripts|src|docs|coverage|\.cache|lib\/(test|examples|bench|main))\/|\.tsbuildinfo$|^(main\.ts|tsconfig\.json|jest\.config\.js|eslint\.config\.mjs|cdk8s\.yaml|typedoc\.json)$|(?<!\.d)\.ts$/;

interface PackedFile { readonly path: string }
interface PackResult { readonly filename: string; readonly files: PackedFile[] }
interface Manifest { readonly apiVersion: string; readonly kind: string; readonly metadata: { name: string; [k: string]: unknown }; readonly spec?: any }

let work: string;
let app: string;
let pack: PackResult;
let installMethod: string;

/**
 * The environment for child npm/node processes: npm running jest passes down
 * `npm_config_prefix` and friends, which would point npm at this repository.
 * Only the cache location is kept, so the offline install reads the cache `npm ci` filled.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    if (key.startsWith('npm_') && key !== 'npm_config_cache' && key !== 'npm_config_userconfig') continue;
    env[k] = v;
  }
  return { ...env, CDK8S_CHECK_UPGRADE: 'false', NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
}

function mustRun(cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

function installedVersion(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
}

/**
 * Installs the tarball and the peer dependencies (at the versions the repo
 * uses) the way a user would, `npm install`, but offline from the npm cache.
 * When that fails (a CI that restored node_modules without the npm cache),
 * falls back to unpacking the tarball into `node_modules` and linking
 * the repository's installed dependencies.
 */
function install(tarball: string): string {
  const specs = [tarball, ...PEERS.map(p => `${p}@${installedVersion(p)}`)];
  const r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', ...specs], app);
  if (r.status === 0) return 'npm install --offline';
  // Offline, a package missing from the cache shows up as ENOTCACHED or as an unresolvable tree (ERESOLVE).
  console.warn(`npm install --offline failed; unpacking the tarball and linking the installed dependencies instead:\n${r.stderr.split('\n').slice(0, 8).join('\n')}`);
  const modules = path.join(app, 'node_modules');
  fs.rmSync(modules, { recursive: true, force: true });
  const target = path.join(modules, 'cdk8s-knative');
  fs.mkdirSync(target, { recursive: true });
  mustRun('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], app);
  const manifest = JSON.parse(fs.readFileSync(path.join(target, 'package.json'), 'utf8'));
  for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...PEERS]) {
    fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules', dep)), path.join(modules, dep), 'dir');
  }
  return 'unpacked tarball, linked dependencies (npm cache incomplete)';
}

const CHART = `import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Broker, OpaqueSecret, PingSource, SecretSource, Service, Trigger } from 'cdk8s-knative';

/** A team's chart: a ksvc reading a secret from a store, fed by a Broker and a PingSource. */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, concurrency: number) {
    super(scope, id, { namespace: 'shop' });
    const db = new OpaqueSecret(this, 'db', {
      metadata: { name: 'db-credentials' },
      source: SecretSource.fromExternalSecret({ store: 'vault', key: 'shop/db' }),
      keys: ['password'],
    });
    const token = new OpaqueSecret(this, 'token', { source: SecretSource.fromExisting('orders-api-token'), keys: ['token'] });
    const orders = new Service(this, 'orders', {
      metadata: { name: 'orders' },
      container: { image: 'ghcr.io/example/orders:1.0.0', envVariables: { DB_PASSWORD: db.envValue('password'), API_TOKEN: token.envValue('token') } },
      containerConcurrency: concurrency,
    });
    const broker = new Broker(this, 'broker', { metadata: { name: 'default' } });
    new Trigger(this, 'on-order', { metadata: { name: 'on-order' }, broker, subscriber: orders, filter: { type: 'shop.order.created' } });
    new PingSource(this, 'tick', { metadata: { name: 'tick' }, schedule: '*/5 * * * *', data: '{"tick":true}', contentType: 'application/json', sink: broker });
  }
}
`;

const MAIN = `import { App } from 'cdk8s';
import { ShopChart } from './chart';

const app = new App();
new ShopChart(app, 'shop', 10);
app.synth();
`;

// An invalid prop: Knative caps containerConcurrency at 1000.
const INVALID = MAIN.replace("'shop', 10", "'shop', 5000");

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-e2e-'));
  const out = mustRun('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO);
  pack = JSON.parse(out.slice(out.indexOf('[')))[0];

  app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'shop-platform', version: '1.0.0', private: true }, null, 2));
  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\n');
  // skipLibCheck off and no @types: the shipped declarations must type-check on their own
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', strict: true, declaration: false, esModuleInterop: true,
      skipLibCheck: false, types: [],
    },
    include: ['*.ts'],
  }, null, 2));
  fs.writeFileSync(path.join(app, 'chart.ts'), CHART);
  fs.writeFileSync(path.join(app, 'main.ts'), MAIN);
  fs.writeFileSync(path.join(app, 'invalid.ts'), INVALID);
  installMethod = install(path.join(work, pack.filename));
});

afterAll(() => {
  if (work && !process.env.KEEP_E2E) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  test('ships compiled JS, types, generated imports, the vendored schemas, README, LICENSE and CHANGELOG', () => {
    const files = pack.files.map(f => f.path);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'lib/src/index.js', 'lib/src/index.d.ts',
      'lib/imports/serving-service-serving.knative.dev.js', 'lib/imports/serving-service-serving.knative.dev.d.ts',
      'imports/crds/knative-serving/service.yaml']) {
      expect(files).toContain(f);
    }
    expect(files.some(f => f.startsWith('imports/crds/kubernetes/'))).toBe(true);
    // every compiled module ships its declarations
    for (const js of files.filter(f => f.startsWith('lib/') && f.endsWith('.js'))) {
      expect(files).toContain(js.replace(/\.js$/, '.d.ts'));
    }
  });

  test('ships nothing from tests, fixtures, examples, sources or build output', () => {
    // bundled dependencies ship whole, as their authors published them
    const own = pack.files.map(f => f.path).filter(f => !f.startsWith('node_modules/'));
    const offending = own.filter(f => FORBIDDEN.test(f) || /fixture/i.test(f));
    expect(offending).toEqual([]);
  });

  test('ships the jsii assembly and bundles the runtime dependencies that are not jsii modules', () => {
    const files = pack.files.map(f => f.path);
    expect(files).toContain('.jsii');
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    expect([...manifest.bundledDependencies].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    for (const dep of manifest.bundledDependencies) expect(files).toContain(`node_modules/${dep}/package.json`);
  });

  test('its bin targets are in the package', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    const bins: string[] = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    const files = pack.files.map(f => f.path);
    for (const bin of bins) expect(files).toContain(bin.replace(/^\.\//, ''));
  });

  test('declares cdk8s, cdk8s-plus-27 and constructs as peer (and dev) dependencies, not dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    for (const peer of PEERS) {
      expect(manifest.peerDependencies?.[peer]).toBeDefined();
      expect(manifest.devDependencies?.[peer]).toBeDefined();
      expect(manifest.dependencies?.[peer]).toBeUndefined();
    }
  });
});

describe('a user app with the package installed', () => {
  test('shares one copy of cdk8s, cdk8s-plus-27 and constructs with the library', () => {
    const nested = path.join(app, 'node_modules', 'cdk8s-knative', 'node_modules');
    for (const peer of PEERS) {
      expect(fs.existsSync(path.join(app, 'node_modules', peer, 'package.json'))).toBe(true);
      expect(fs.existsSync(path.join(nested, peer))).toBe(false);
    }
  });

  test('the entry point exports the constructs of every domain by name, and no namespaces or functions', () => {
    const names = ['Service', 'Configuration', 'Route', 'DomainMapping', 'TrafficTarget', 'Broker', 'Trigger', 'Sink',
      'Channel', 'Subscription', 'Sequence', 'Parallel', 'PingSource', 'ApiServerSource', 'ContainerSource', 'SinkBinding',
      'Gateway', 'VirtualService', 'KnativeIngress', 'OpaqueSecret', 'TlsSecret', 'SecretSource', 'ServiceAccount', 'Task',
      'Pipeline', 'PipelineRun', 'SourceToImage', 'ChartValue', 'HelmChart', 'KnativeServing', 'KnativeEventing',
      'Validation', 'ClusterConfig', 'KnativeValidation'];
    const probe = `const k = require('cdk8s-knative');
      const missing = ${JSON.stringify(names)}.filter(n => typeof k[n] !== 'function');
      const extra = Object.keys(k).filter(n => n !== '__esModule' && !/^[A-Z]/.test(n));
      process.stdout.write(JSON.stringify({ missing, extra }));`;
    expect(JSON.parse(mustRun(process.execPath, ['-e', probe], app))).toEqual({ missing: [], extra: [] });
  });

  test('ships the generated validators with a catalog that matches the installed schemas, so none is compiled at run time', () => {
    const schemaModule = path.join(app, 'node_modules', 'cdk8s-knative', 'lib', 'src', 'validation', 'schema.js');
    const probe = `const { SchemaRegistry } = require(${JSON.stringify(schemaModule)});
      const r = new SchemaRegistry();
      const ok = r.validate({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b' }, spec: {} });
      process.stdout.write(JSON.stringify({ catalog: r.usesCatalog(), ok, source: r.validatorSource('eventing.knative.dev/v1', 'Broker') }));`;
    expect(JSON.parse(mustRun(process.execPath, ['-e', probe], app))).toEqual({
      catalog: true, ok: { checked: true, violations: [] }, source: 'precompiled',
    });
  });

  test('compiles against the published types, importing every construct from the entry point', () => {
    // what `cdk8s synth` of a TypeScript app does through ts-node; the repo's tsc is faster
    mustRun(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], app);
    expect(fs.existsSync(path.join(app, 'main.js'))).toBe(true);
  });

  test('synthesizes with cdk8s synth', () => {
    const cdk8s = path.join(REPO, 'node_modules', '.bin', 'cdk8s');
    const r = run(cdk8s, ['synth', '--app', 'node main.js', '--output', 'dist'], app);
    expect({ status: r.status, stderr: r.stderr, installMethod }).toMatchObject({ status: 0 });

    const objects: Manifest[] = fs.readdirSync(path.join(app, 'dist'))
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(app, 'dist', f), 'utf8')).map(d => d.toJS() as Manifest))
      .filter(o => o);
    const byKind = (kind: string) => objects.filter(o => o.kind === kind);

    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'eventing.knative.dev/v1 Broker default',
      'eventing.knative.dev/v1 Trigger on-order',
      'external-secrets.io/v1 ExternalSecret db-credentials',
      'serving.knative.dev/v1 Service orders',
      'sources.knative.dev/v1 PingSource tick',
    ]);
    expect(objects.every(o => o.metadata.namespace === 'shop')).toBe(true);

    const [ksvc] = byKind('Service');
    const container = ksvc.spec.template.spec.containers[0];
    expect(ksvc.spec.template.spec.containerConcurrency).toBe(10);
    expect(container.image).toBe('ghcr.io/example/orders:1.0.0');
    expect(container.env).toContainEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } });
    expect(container.env).toContainEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'orders-api-token', key: 'token' } } });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });

    const [trigger] = byKind('Trigger');
    expect(trigger.spec.broker).toBe('default');
    expect(trigger.spec.filter).toEqual({ attributes: { type: 'shop.order.created' } });
    expect(trigger.spec.subscriber.ref).toMatchObject({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'orders' });

    const [ping] = byKind('PingSource');
    expect(ping.spec).toMatchObject({ schedule: '*/5 * * * *', data: '{"tick":true}', contentType: 'application/json' });
    expect(ping.spec.sink.ref).toMatchObject({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' });

    // one secret's value comes from the store (an ExternalSecret), the other exists already: no plaintext Secret
    const [external] = byKind('ExternalSecret');
    expect(external.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(external.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'shop/db', property: 'password' } }]);
    expect(byKind('Secret')).toEqual([]);
  });

  test('the cdk8s-knative command validates the synthesized manifests and rejects a broken one', () => {
    // npm links the bin into node_modules/.bin; the fallback install has no link, so run the file with node
    const linked = path.join(app, 'node_modules', '.bin', 'cdk8s-knative');
    const cli = (args: string[]) => installMethod.startsWith('npm')
      ? run(linked, args, app)
      : run(process.execPath, [path.join(app, 'node_modules', 'cdk8s-knative', 'lib', 'src', 'cli', 'main.js'), ...args], app);

    const ok = cli(['validate', 'dist']);
    expect({ status: ok.status, stdout: ok.stdout, stderr: ok.stderr }).toMatchObject({ status: 0 });

    const ksvc = parseAllDocuments(fs.readFileSync(path.join(app, 'dist', fs.readdirSync(path.join(app, 'dist'))[0]), 'utf8'))
      .map(d => d.toJS() as Manifest).find(o => o.kind === 'Service')!;
    ksvc.spec.template.spec.containerConcurrency = 5000;
    fs.writeFileSync(path.join(work, 'broken.json'), JSON.stringify(ksvc));
    const bad = cli(['validate', path.join(work, 'broken.json')]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/Service\/orders: spec\.template\.spec\.containerConcurrency/);
  });

  test('fails cdk8s synth on an invalid prop, naming the construct path and the field', () => {
    const r = run(path.join(REPO, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', 'node invalid.js', '--output', 'dist-invalid'], app);
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('[shop/orders] containerConcurrency: 5000 is not allowed; must be an integer from 0 to 1000');
    expect(fs.existsSync(path.join(app, 'dist-invalid'))).toBe(false);
  });
});
