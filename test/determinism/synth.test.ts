import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { buildRawStack } from '../../bench/raw-stack';
import { buildKnativeStack } from '../../bench/stack';
import { writeStackHelmChart } from '../../examples/stack/platform';
import { buildStack } from '../../main';
import { ChartValue } from '../../src/helm/chart-value';

/** Every file under `dir`, by path relative to it, with its bytes, in sorted order. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'latin1');
    }
  };
  visit(dir);
  return out;
}

/** Synthesizes the example stack in this process: manifests and Helm chart, as `npm run synth` writes them. */
function synthExample(root: string): Record<string, string> {
  const app = new App({ outdir: path.join(root, 'dist'), resolvers: [ChartValue.resolver()] });
  buildStack(app);
  app.synth();
  writeStackHelmChart(app, app.node.findChild('platform') as Chart, { outdir: path.join(root, 'helm') });
  return tree(root);
}

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN_JS = path.join(ROOT, 'lib', 'main.js');

/** Runs `node lib/main.js` (the `npm run synth` step after tsc) in `cwd`; resolves with its exit code and stderr. */
function runMain(cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN_JS], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', status => resolve({ status, stderr }));
  });
}

const TIMESTAMP = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the example stack', () => {
  let first: Record<string, string>;
  beforeAll(() => {
    first = synthExample(path.join(tmp, 'a'));
  });

  test('two fresh apps in one process write byte-identical dist/ and helm/', () => {
    const second = synthExample(path.join(tmp, 'b'));
    expect(Object.keys(first).some(f => f.startsWith('dist/'))).toBe(true);
    expect(Object.keys(first).some(f => f.startsWith('helm/'))).toBe(true);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const file of Object.keys(first)) expect({ file, text: second[file] }).toEqual({ file, text: first[file] });
  });

  test('no file carries a timestamp', () => {
    for (const [file, text] of Object.entries(first)) expect({ file, timestamp: TIMESTAMP.exec(text)?.[0] }).toEqual({ file, timestamp: undefined });
  });

  test('synthYaml() is the same whatever the order the charts are synthesized in', () => {
    const a = new App({ resolvers: [ChartValue.resolver()] });
    buildStack(a);
    const b = new App({ resolvers: [ChartValue.resolver()] });
    buildStack(b);
    for (const chart of [...b.charts].reverse()) chart.toJson();
    expect(b.synthYaml()).toEqual(a.synthYaml());
  });

  test('two processes (`npm run synth`) write byte-identical dist/ and helm/, equal to the in-process synth', async () => {
    // `npm test` compiles lib/ before jest; when jest runs alone on a fresh checkout, compile once.
    if (!fs.existsSync(MAIN_JS)) spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', ROOT], { cwd: ROOT, stdio: 'ignore' });
    const { CDK8S_OUTDIR: _unset, ...env } = process.env;
    const dirs = ['p1', 'p2'].map(name => path.join(tmp, name));
    dirs.forEach(d => fs.mkdirSync(d));
    const runs = await Promise.all(dirs.map(cwd => runMain(cwd, env)));
    for (const r of runs) expect(r).toEqual({ status: 0, stderr: expect.not.stringMatching(/Error/) });
    const [one, two] = dirs.map(tree);
    expect(two).toEqual(one);
    expect(one).toEqual(first);
  }, 60_000);
});

describe('the benchmark stack', () => {
  function synth(build: (chart: Chart, n: number) => void): string {
    const app = Testing.app();
    build(new Chart(app, 'bench'), 12);
    return app.synthYaml();
  }

  test('is byte-identical twice, and equal to the raw cdk8s objects the benchmark compares it with', () => {
    const once = synth(buildKnativeStack);
    expect(synth(buildKnativeStack)).toEqual(once);
    expect(synth(buildRawStack)).toEqual(once);
    expect(once).not.toMatch(TIMESTAMP);
  });
});
