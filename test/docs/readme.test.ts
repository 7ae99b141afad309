import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

/** The README's TypeScript blocks, in order. */
function tsBlocks(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);
}

describe('README', () => {
  test('the tour runs against the built package and writes a validated canary ksvc', () => {
    const [tour] = tsBlocks();
    expect(tour).toContain("from 'cdk8s-knative'");
    const entry = path.join(ROOT, 'lib', 'src', 'index.js');
    const js = ts.transpileModule(tour.replace("'cdk8s-knative'", JSON.stringify(entry)), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    try {
      fs.writeFileSync(path.join(dir, 'tour.js'), js);
      const out = path.join(dir, 'out');
      const run = spawnSync(process.execPath, [path.join(dir, 'tour.js')], {
        cwd: dir, env: { ...process.env, CDK8S_OUTDIR: out, NODE_PATH: path.join(ROOT, 'node_modules') }, encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const objects = fs.readdirSync(out).flatMap(f => parseAllDocuments(fs.readFileSync(path.join(out, f), 'utf8')).map(d => d.toJS()));
      const ksvc = objects.find(o => o.kind === 'Service' && o.apiVersion === 'serving.knative.dev/v1');
      expect(ksvc.metadata).toMatchObject({ name: 'hello', namespace: 'demo' });
      expect(ksvc.spec.traffic).toEqual([
        { revisionName: 'hello-v1', latestRevision: false, percent: 90, tag: 'stable' },
        { latestRevision: true, percent: 10, tag: 'canary' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
