/**
 * The small-app mode of `npm run bench`: time to first YAML, as whole
 * processes, each against a baseline measured in the same run.
 *
 *   node lib/bench/small-app.js [--runs 7]   (also run by `run.js`)
 *
 * | row | ours | baseline |
 * |---|---|---|
 * | example stack | `node lib/main.js` (CDK8S_OUTDIR set: what `cdk8s synth` runs) | the same objects as plain `ApiObject`s, `cdk8s-plus-27` loaded |
 * | 10-object app | the bench stack at N = 3 (11 objects) | the same objects as plain `ApiObject`s, `cdk8s-plus-27` loaded |
 * | require | `require('cdk8s-knative')` | `require('cdk8s-plus-27')` |
 * | validate CLI | `cdk8s-knative validate <example dist>` | a script that reads and parses the same files with `yaml` |
 *
 * Each pair runs `--runs` times, interleaved (ours, baseline, ours,
 * baseline, ...), so a busy moment of a shared machine falls on both sides.
 * CPU time is the child's own (user + system, node's start included), read
 * by the preloaded `cpu-probe.js`, which both sides carry; wall time is
 * measured around the child. A figure is the median of its runs; a ratio is
 * ours / baseline of the medians. The two synths must write the same
 * objects (checked; the 10-object app byte for byte, the example up to key
 * order), so that both sides do the same work.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import type { ExampleFixture } from './small-main';

const ROOT = path.resolve(__dirname, '..', '..');
const PROBE = path.join(__dirname, 'cpu-probe.js');
const SMALL = path.join(__dirname, 'small-main.js');
const EXAMPLE = path.join(ROOT, 'lib', 'main.js');
const CLI = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');
const RUNS = 7;

/** One process: CPU and wall milliseconds, peak RSS in bytes. */
export interface ProcessTiming {
  readonly cpu: number;
  readonly wall: number;
  readonly peakRss: number;
}

/** One comparison: every run of both sides, their medians and the ratios. */
export interface SmallAppRow {
  readonly name: string;
  readonly ours: string;
  readonly baseline: string;
  /** ours / baseline of the CPU medians: at most this (the target). */
  readonly target: number;
  readonly runs: { readonly ours: ProcessTiming[]; readonly baseline: ProcessTiming[] };
  readonly median: { readonly ours: ProcessTiming; readonly baseline: ProcessTiming };
  readonly ratio: { readonly cpu: number; readonly wall: number };
  readonly pass: boolean;
}

interface Command {
  readonly args: string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (0 by default). */
  readonly ok?: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs `node -r cpu-probe.js <args>` once. */
function runProcess(cmd: Command, tmp: string): ProcessTiming {
  const probeFile = path.join(tmp, 'probe.json');
  fs.rmSync(probeFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PROBE, ...cmd.args], {
    encoding: 'utf8', cwd: ROOT, maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...cmd.env, BENCH_PROBE_FILE: probeFile, CDK8S_CHECK_UPGRADE: 'false' },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (!(cmd.ok ?? [0]).includes(r.status ?? -1)) {
    throw new Error(`node ${cmd.args.map(a => path.relative(ROOT, a) || a).join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  }
  const probe = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as ProcessTiming;
  return { cpu: probe.cpu, wall, peakRss: probe.peakRss };
}

function medianTiming(runs: ProcessTiming[]): ProcessTiming {
  return { cpu: median(runs.map(r => r.cpu)), wall: median(runs.map(r => r.wall)), peakRss: Math.max(...runs.map(r => r.peakRss)) };
}

/**
 * The objects of a synth folder, by file, as JSON with sorted keys: cdk8s
 * sorts the keys of plain `ApiObject`s, the generated classes of a few kinds
 * keep theirs, so the example's bytes may differ in key order only.
 */
function synthOutput(dir: string): string {
  const canonical = (v: unknown): unknown => (Array.isArray(v) ? v.map(canonical)
    : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical((v as Record<string, unknown>)[k])])) : v);
  return JSON.stringify(fs.readdirSync(dir).sort().map(f => [f, parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')).map(d => canonical(d.toJS()))]));
}

/** The example's objects by chart, from one `node lib/main.js` into `outdir`. */
function exampleFixture(outdir: string): ExampleFixture {
  runProcess({ args: [EXAMPLE], env: { CDK8S_OUTDIR: outdir } }, path.dirname(outdir));
  // The charts in the order the example creates them (the file names are the chart ids).
  const order = ['platform', 'ingress', 'serving', 'eventing', 'build'];
  const files = fs.readdirSync(outdir).filter(f => f.endsWith('.k8s.yaml')).map(f => f.slice(0, -'.k8s.yaml'.length));
  const names = [...order.filter(n => files.includes(n)), ...files.filter(n => !order.includes(n)).sort()];
  return {
    charts: names.map(name => ({
      name,
      objects: parseAllDocuments(fs.readFileSync(path.join(outdir, `${name}.k8s.yaml`), 'utf8'))
        .map(d => d.toJS() as Record<string, unknown>).filter(o => o),
    })),
  };
}

/** Runs the small-app comparisons; progress goes to stderr. */
export function measureSmallApps(runs: number = RUNS): SmallAppRow[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-small-'));
  try {
    const exampleDist = path.join(tmp, 'example-dist');
    const fixture = path.join(tmp, 'example.json');
    fs.writeFileSync(fixture, JSON.stringify(exampleFixture(exampleDist)));
    const out = (name: string) => path.join(tmp, name);
    const pairs: Array<{ name: string; ours: string; baseline: string; target: number; a: Command; b: Command; sameYaml?: [string, string] }> = [
      {
        name: 'example stack', ours: 'node lib/main.js', baseline: 'plain ApiObjects + cdk8s-plus-27', target: 1.3,
        a: { args: [EXAMPLE], env: { CDK8S_OUTDIR: out('ex-ours') } },
        b: { args: [SMALL, 'plain-example', fixture, out('ex-plain')] },
        sameYaml: [out('ex-ours'), out('ex-plain')],
      },
      {
        name: '10-object app', ours: 'bench stack, N = 3', baseline: 'plain ApiObjects + cdk8s-plus-27', target: 1.3,
        a: { args: [SMALL, 'ours-app10', out('app-ours')] },
        b: { args: [SMALL, 'plain-app10', out('app-plain')] },
        sameYaml: [out('app-ours'), out('app-plain')],
      },
      {
        name: 'require', ours: "require('cdk8s-knative')", baseline: "require('cdk8s-plus-27')", target: 1.5,
        a: { args: [SMALL, 'require-ours'] },
        b: { args: [SMALL, 'require-kplus'] },
      },
      {
        name: 'validate CLI', ours: 'cdk8s-knative validate <example dist>', baseline: 'read + parse with yaml', target: 2,
        a: { args: [CLI, 'validate', exampleDist] },
        b: { args: [SMALL, 'read-parse', exampleDist] },
      },
    ];
    const all = pairs.map(() => ({ ours: [] as ProcessTiming[], baseline: [] as ProcessTiming[] }));
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`  small apps run ${run}/${runs}:`);
      pairs.forEach((p, i) => {
        process.stderr.write(` ${p.name}`);
        all[i].ours.push(runProcess(p.a, tmp));
        all[i].baseline.push(runProcess(p.b, tmp));
      });
      process.stderr.write('\n');
    }
    for (const p of pairs) {
      if (p.sameYaml && synthOutput(p.sameYaml[0]) !== synthOutput(p.sameYaml[1])) {
        throw new Error(`${p.name}: the library and the plain cdk8s baseline wrote different objects; the comparison would be unfair`);
      }
    }
    return pairs.map((p, i) => {
      const median = { ours: medianTiming(all[i].ours), baseline: medianTiming(all[i].baseline) };
      const ratio = { cpu: median.ours.cpu / median.baseline.cpu, wall: median.ours.wall / median.baseline.wall };
      return { name: p.name, ours: p.ours, baseline: p.baseline, target: p.target, runs: all[i], median, ratio, pass: ratio.cpu <= p.target };
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The rows as printed by `npm run bench`. */
export function smallAppTable(rows: SmallAppRow[], runs: number): string[] {
  const fmt = (x: number) => x.toFixed(0);
  const head = ['small app (whole process)', 'CPU ms', 'base CPU', 'x base', 'target', 'wall ms', 'base wall', 'x base', 'RSS MiB', 'base RSS', ''];
  const body = rows.map(r => [r.name, fmt(r.median.ours.cpu), fmt(r.median.baseline.cpu), r.ratio.cpu.toFixed(2), `<= ${r.target}`,
    fmt(r.median.ours.wall), fmt(r.median.baseline.wall), r.ratio.wall.toFixed(2),
    fmt(r.median.ours.peakRss / 1048576), fmt(r.median.baseline.peakRss / 1048576), r.pass ? 'PASS' : 'FAIL']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `Small apps: whole processes, medians of ${runs} interleaved runs (ours, baseline, ours, ...); CPU = user + system of the process, node's start included.`,
    ...rows.map(r => `  ${r.name}: ${r.ours} vs ${r.baseline}`),
    line(head),
    ...body.map(line),
  ];
}

if (require.main === module) {
  const i = process.argv.indexOf('--runs');
  const runs = i > 0 ? Number(process.argv[i + 1]) : RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('usage: small-app.js [--runs 7]');
  const rows = measureSmallApps(runs);
  console.log(smallAppTable(rows, runs).join('\n'));
}
