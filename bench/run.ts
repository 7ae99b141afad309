/**
 * `npm run bench`: synth and validation at scale, against raw cdk8s and
 * plain `yaml`, plus the `validate` CLI and the example stack end to end.
 * Prints a table with the targets and writes `bench/results.json`.
 *
 *   node --expose-gc lib/bench/run.js [--sizes 10,100,1000,5000] [--runs 3] [--clock cpu|wall] [--out file]
 *
 * Every measurement runs in a fresh child process (see `worker.ts`), so
 * peak RSS is per stack size and no run warms up the next one. Each size is
 * measured `--runs` times, the modes taking turns (so a busy moment of the
 * machine falls on both sides of a ratio); each phase is the median of the
 * runs, peak RSS the largest. Each phase is
 * timed by the wall clock and by the process' CPU time (user + system); the
 * table and the targets use CPU time unless `--clock wall`, because CPU time
 * stays meaningful on a machine shared with other work. Both are in the JSON.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { measureSmallApps, SmallAppRow, smallAppTable } from './small-app';
import type { Timing, WorkerResult } from './worker';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER = path.join(__dirname, 'worker.js');
const CLI = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');
const EXAMPLE = path.join(ROOT, 'lib', 'main.js');
const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const MODES = ['ours', 'raw', 'ours-app', 'raw-app', 'floor'] as const;
type Mode = (typeof MODES)[number];
const CLI_OBJECTS = 10_000;
const RUNS = 3;

type Clock = keyof Timing;

/** One target and whether it was met. */
interface Target {
  readonly name: string;
  readonly measured: number;
  readonly limit: number;
  readonly unit: string;
  /** `max`: measured must be at most limit; `min`: at least. */
  readonly kind: 'max' | 'min';
  readonly pass: boolean;
}

/** The figures of one stack size, in milliseconds of the chosen clock. */
interface SizeResult {
  readonly n: number;
  readonly objects: number;
  readonly ms: {
    readonly construct: number;
    readonly synth: number;
    readonly validate: number;
    readonly write: number;
    readonly synthValidate: number;
    readonly total: number;
    readonly appSynth: number;
    readonly rawConstruct: number;
    readonly rawSynth: number;
    readonly rawWrite: number;
    readonly rawTotal: number;
    readonly rawAppSynth: number;
    readonly floor: number;
  };
  readonly ratios: {
    readonly synthValidateVsRawSynth: number;
    readonly appSynthVsRawAppSynth: number;
    readonly totalVsRawTotal: number;
    readonly totalVsFloor: number;
    readonly rawTotalVsFloor: number;
  };
  readonly peakRssMiB: { readonly ours: number; readonly oursApp: number; readonly raw: number; readonly rawApp: number };
  /** The medians of the runs, by mode. */
  readonly raw: Record<Mode, WorkerResult>;
  /** Every run, by mode. */
  readonly runs: Record<Mode, WorkerResult[]>;
}

interface Args {
  readonly sizes: number[];
  readonly runs: number;
  readonly out: string;
  readonly clock: Clock;
  /** Runs of each small-app comparison (`small-app.ts`). */
  readonly smallRuns: number;
  /** `small`: only the small-app rows; `large`: only the stack sizes, the CLI and the example. */
  readonly only?: 'small' | 'large';
}

const USAGE = 'usage: run.js [--sizes 10,100] [--runs 3] [--clock cpu|wall] [--out file] [--small-runs 7] [--only small|large]';

function parseArgs(argv: string[]): Args {
  let sizes = [10, 100, 1000, 5000];
  let runs = RUNS;
  let out = path.join(ROOT, 'bench', 'results.json');
  let clock: Clock = 'cpu';
  let smallRuns = 7;
  let only: Args['only'];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--clock' && (argv[i + 1] === 'cpu' || argv[i + 1] === 'wall')) clock = argv[++i] as Clock;
    else if (argv[i] === '--small-runs') smallRuns = Number(argv[++i]);
    else if (argv[i] === '--only' && (argv[i + 1] === 'small' || argv[i + 1] === 'large')) only = argv[++i] as Args['only'];
    else throw new Error(`unknown argument ${argv[i]}; ${USAGE}`);
  }
  if (sizes.some(n => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes positive integers, e.g. 10,100; ${USAGE}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive integer; ${USAGE}`);
  if (!Number.isInteger(smallRuns) || smallRuns < 1) throw new Error(`--small-runs takes a positive integer; ${USAGE}`);
  return { sizes, runs, out, clock, smallRuns, only };
}

function worker(mode: string, arg: string, tmp: string): WorkerResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', WORKER, mode, arg, tmp], {
    encoding: 'utf8', maxBuffer: 64 * MIB, cwd: ROOT,
  });
  if (r.status !== 0) throw new Error(`worker ${mode} ${arg} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as WorkerResult;
}

/** Wall time of a command, process start included. */
function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * MIB, env: { ...process.env, ...env }, cwd: ROOT });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !(cmd === process.execPath && args[0] === CLI && r.status === 1)) {
    throw new Error(`${path.basename(cmd)} ${args.map(a => path.basename(a)).join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  }
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One result of `runs`: each phase's median (per clock), the largest peak RSS. */
function combine(runs: WorkerResult[]): WorkerResult {
  const phases: Record<string, Timing> = {};
  for (const name of Object.keys(runs[0].phases)) {
    phases[name] = {
      wall: median(runs.map(r => r.phases[name].wall)),
      cpu: median(runs.map(r => r.phases[name].cpu)),
    };
  }
  return { ...runs[0], phases, peakRss: Math.max(...runs.map(r => r.peakRss)) };
}

function measureSize(n: number, runs: number, tmp: string, clock: Clock): SizeResult {
  const all = Object.fromEntries(MODES.map(m => [m, [] as WorkerResult[]])) as Record<Mode, WorkerResult[]>;
  for (let run = 1; run <= runs; run++) {
    process.stderr.write(`  N=${n} run ${run}/${runs}:`);
    for (const mode of MODES) {
      process.stderr.write(` ${mode}`);
      all[mode].push(worker(mode, String(n), tmp));
    }
    process.stderr.write('\n');
  }
  const r = Object.fromEntries(MODES.map(m => [m, combine(all[m])])) as Record<Mode, WorkerResult>;
  if (r['ours-app'].yamlBytes !== r['raw-app'].yamlBytes || r.ours.yamlBytes !== r.raw.yamlBytes || r.ours.yamlBytes !== r.floor.yamlBytes) {
    throw new Error(`N=${n}: the library, the raw baseline and the floor wrote different YAML; the comparison would be unfair`);
  }
  const t = (mode: Mode, phase: string) => r[mode].phases[phase][clock];
  const ms = {
    construct: t('ours', 'construct'),
    synth: t('ours', 'synth'),
    validate: t('ours', 'validate'),
    write: t('ours', 'write'),
    synthValidate: t('ours', 'synth') + t('ours', 'validate'),
    total: t('ours', 'construct') + t('ours', 'synth') + t('ours', 'validate') + t('ours', 'write'),
    appSynth: t('ours-app', 'appSynth'),
    rawConstruct: t('raw', 'construct'),
    rawSynth: t('raw', 'synth'),
    rawWrite: t('raw', 'write'),
    rawTotal: t('raw', 'construct') + t('raw', 'synth') + t('raw', 'write'),
    rawAppSynth: t('raw-app', 'appSynth'),
    floor: t('floor', 'write'),
  };
  return {
    n,
    objects: r.ours.objects,
    ms,
    ratios: {
      synthValidateVsRawSynth: ms.synthValidate / ms.rawSynth,
      appSynthVsRawAppSynth: ms.appSynth / ms.rawAppSynth,
      totalVsRawTotal: ms.total / ms.rawTotal,
      totalVsFloor: ms.total / ms.floor,
      rawTotalVsFloor: ms.rawTotal / ms.floor,
    },
    peakRssMiB: { ours: r.ours.peakRss / MIB, oursApp: r['ours-app'].peakRss / MIB, raw: r.raw.peakRss / MIB, rawApp: r['raw-app'].peakRss / MIB },
    raw: r,
    runs: all,
  };
}

/** The `validate` CLI over one multi-document file: in-process CPU time, and the wall time of `node lib/src/cli/main.js`. */
function measureCli(tmp: string, clock: Clock) {
  const input = worker('cli-input', String(CLI_OBJECTS), tmp);
  const file = path.join(tmp, `cli-input-${CLI_OBJECTS}.yaml`);
  const inProcess = Array.from({ length: RUNS }, () => worker('cli', file, tmp));
  const walls = Array.from({ length: RUNS }, () => wall(process.execPath, [CLI, 'validate', file]));
  const ms = clock === 'cpu' ? median(inProcess.map(w => w.phases.process.cpu)) : median(walls);
  return {
    objects: input.objects,
    megabytes: (input.yamlBytes ?? 0) / MIB,
    exitCode: inProcess[0].exitCode,
    processCpuMs: inProcess.map(w => w.phases.process.cpu),
    commandWallMs: walls,
    peakRssMiB: inProcess[0].peakRss / MIB,
    ms,
    objectsPerSecond: input.objects / (ms / 1000),
  };
}

/** The example stack end to end: `node lib/main.js` and `cdk8s synth`, each into a temp dir. */
function measureExample(tmp: string) {
  const inProcess = Array.from({ length: RUNS }, (_, i) => worker('example', 'x', path.join(tmp, `example-cpu-${i}`)));
  const node = Array.from({ length: RUNS }, (_, i) => wall(process.execPath, [EXAMPLE], { CDK8S_OUTDIR: path.join(tmp, `example-${i}`) }));
  const cli = Array.from({ length: RUNS }, (_, i) =>
    wall(CDK8S, ['synth', '-o', path.join(tmp, `example-cli-${i}`)], { CDK8S_CHECK_UPGRADE: 'false' }));
  return {
    processCpuMs: inProcess.map(w => w.phases.process.cpu),
    nodeMainWallMs: node,
    cdk8sSynthWallMs: cli,
    peakRssMiB: inProcess[0].peakRss / MIB,
  };
}

function target(name: string, measured: number | undefined, limit: number, unit: string, kind: 'max' | 'min'): Target | undefined {
  if (measured === undefined || !Number.isFinite(measured)) return undefined;
  return { name, measured, limit, unit, kind, pass: kind === 'max' ? measured <= limit : measured >= limit };
}

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function table(sizes: SizeResult[]): string[] {
  const head = ['N', 'objects', 'construct', 'synth', 'validate', 'write', 'syn+val', 'raw synth', 'x raw',
    'app.synth', 'raw app', 'x raw', 'total', 'raw total', 'x raw', 'floor', 'x floor', 'RSS MiB', 'raw RSS'];
  const rows = sizes.map(s => [String(s.n), String(s.objects), fmt(s.ms.construct), fmt(s.ms.synth), fmt(s.ms.validate), fmt(s.ms.write),
    fmt(s.ms.synthValidate), fmt(s.ms.rawSynth), s.ratios.synthValidateVsRawSynth.toFixed(2), fmt(s.ms.appSynth), fmt(s.ms.rawAppSynth),
    s.ratios.appSynthVsRawAppSynth.toFixed(2), fmt(s.ms.total), fmt(s.ms.rawTotal), s.ratios.totalVsRawTotal.toFixed(2), fmt(s.ms.floor),
    s.ratios.totalVsFloor.toFixed(2), s.peakRssMiB.oursApp.toFixed(0), s.peakRssMiB.rawApp.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  return [row(head, widths), ...rows.map(r => row(r, widths))];
}

function main(): void {
  const { sizes, runs, out, clock, smallRuns, only } = parseArgs(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-bench-'));
  try {
    const lines: string[] = [];
    let json: Record<string, unknown> = { node: process.version, cpus: os.cpus().length, clock, runs };
    if (only !== 'small') {
      process.stderr.write(`bench: N = ${sizes.join(', ')}; ${runs} runs each; ${clock} time\n`);
      const bySize = sizes.map(n => measureSize(n, runs, tmp, clock));
      process.stderr.write('  validate CLI...\n');
      const cli = measureCli(tmp, clock);
      process.stderr.write('  example stack...\n');
      const example = measureExample(tmp);

      const at = (n: number) => bySize.find(s => s.n === n);
      const s1k = at(1000);
      const s5k = at(5000);
      const targets = [
        target('synth + validation at N=1,000 vs raw cdk8s synth (phases: chart.toJson + engine vs chart.toJson)',
          s1k?.ratios.synthValidateVsRawSynth, 1.5, 'x', 'max'),
        target('app.synth() at N=1,000 (synth + validation + YAML) vs raw cdk8s app.synth()', s1k?.ratios.appSynthVsRawAppSynth, 1.5, 'x', 'max'),
        target('app.synth() at N=1,000 vs raw cdk8s app.synth() (issue 19)', s1k?.ratios.appSynthVsRawAppSynth, 1.2, 'x', 'max'),
        target('growth of synth + validation, N=5,000 / N=1,000', s1k && s5k ? s5k.ms.synthValidate / s1k.ms.synthValidate : undefined, 5.5, 'x', 'max'),
        target('growth of app.synth(), N=5,000 / N=1,000', s1k && s5k ? s5k.ms.appSynth / s1k.ms.appSynth : undefined, 5.5, 'x', 'max'),
        target('peak RSS of construct + app.synth() at N=5,000', s5k ? s5k.peakRssMiB.oursApp * MIB / GIB : undefined, 1, 'GiB', 'max'),
        target('validate CLI over 10,000 objects, process start included', cli.objectsPerSecond, 2000, 'objects/s', 'min'),
      ].filter((t): t is Target => t !== undefined);

      lines.push(
        `Milliseconds of ${clock === 'cpu' ? 'CPU time (user + system)' : 'wall-clock time'}, each figure from a fresh process; `
          + `medians of ${runs} run${runs === 1 ? '' : 's'}.`,
        'ours: construct, synth (chart.toJson, hook off), validate (engine, 3 layers), write (cdk8s Yaml.save); raw: plain cdk8s ApiObjects, same YAML;',
        'app.synth: App.synth() into a temp dir (ours validates); floor: yaml.stringify + write of the same JSON; RSS: peak of construct + app.synth.',
        ...table(bySize),
        '',
        `validate CLI: ${cli.objects} objects (${cli.megabytes.toFixed(1)} MiB) in ${fmt(cli.ms)} ms = ${cli.objectsPerSecond.toFixed(0)} objects/s `
          + `(exit code ${cli.exitCode}; process CPU ms ${cli.processCpuMs.map(fmt).join(' ')}; command wall ms ${cli.commandWallMs.map(fmt).join(' ')})`,
        `example stack end to end: process CPU ms ${example.processCpuMs.map(fmt).join(' ')}; node lib/main.js wall ms `
          + `${example.nodeMainWallMs.map(fmt).join(' ')}; cdk8s synth wall ms ${example.cdk8sSynthWallMs.map(fmt).join(' ')}`,
        '',
        ...targets.map(t => `${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.measured.toFixed(2)} ${t.unit} (target ${t.kind === 'max' ? '<=' : '>='} ${t.limit} ${t.unit})`),
        '',
      );
      json = { ...json, sizes: bySize, cli, example, targets };
    }
    if (only !== 'large') {
      process.stderr.write(`bench: small apps, ${smallRuns} interleaved runs\n`);
      const small: SmallAppRow[] = measureSmallApps(smallRuns);
      lines.push(...smallAppTable(small, smallRuns));
      json = { ...json, smallRuns, small };
    }
    console.log(lines.join('\n'));
    json.table = lines;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
