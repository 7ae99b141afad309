/**
 * One benchmark measurement in a fresh process, so that peak RSS belongs to
 * one stack size and one way of building it, and no run warms up the next.
 * Prints one JSON line.
 *
 *   node --expose-gc lib/bench/worker.js <mode> <n|file> <tmpdir>
 *
 * Modes:
 * - `ours`: the library's constructs; phases construct, synth (`chart.toJson()`
 *   with the synth hook off), validate (the engine, all three layers), write (YAML);
 * - `ours-app`: the library's constructs, then `app.synth()` into a temp dir (validation on);
 * - `raw`: the same objects as plain `ApiObject`s; phases construct, synth, write;
 * - `raw-app`: plain `ApiObject`s, then `app.synth()`;
 * - `floor`: the same JSON written with the `yaml` library alone;
 * - `cli-input`: writes the first `n` objects of a large stack as one multi-document file;
 * - `cli`: runs `cdk8s-knative validate <file>` in this process (for CPU time, process start included);
 * - `example`: synthesizes the example stack (`buildStack` of `main.ts`) in this process, into `<tmpdir>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Chart, Yaml } from 'cdk8s';
import { stringify } from 'yaml';
import type { Manifest } from '../src/validation/types';
import { buildRawStack, rawStackObjects } from './raw-stack';

/** Wall-clock and CPU (user + system, all threads of the process) milliseconds. */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** What a worker reports. */
export interface WorkerResult {
  readonly mode: string;
  readonly n: number;
  readonly objects: number;
  /** Phase timings: construct, synth, validate, write, appSynth, or process (whole process). */
  readonly phases: Record<string, Timing>;
  readonly yamlBytes?: number;
  /** Problems the engine found (warnings only; an error fails the run). */
  readonly problems?: number;
  readonly exitCode?: number;
  /** Peak resident set size of the process, bytes. */
  readonly peakRss: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time<T>(phases: Record<string, Timing>, name: string, fn: () => T): T {
  gc();
  const wall = process.hrtime.bigint();
  const cpu = cpuMs();
  const value = fn();
  phases[name] = { wall: Number(process.hrtime.bigint() - wall) / 1e6, cpu: cpuMs() - cpu };
  return value;
}

/** Since the process started: node's own start-up included. */
function processTiming(): Timing {
  return { wall: performance.now(), cpu: cpuMs() };
}

async function loadValidation() {
  const [engine, validation, external] = await Promise.all([
    import('../src/validation/engine'), import('../src/validation/validation'), import('../src/core/external')]);
  return { ...engine, ...validation, ImportedObject: external.ImportedObject };
}

function newApp(outdir: string): { app: App; chart: Chart } {
  const app = new App({ outdir });
  return { app, chart: new Chart(app, 'bench') };
}

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Runs one measurement. The library is only loaded by the modes that use it,
 * so the baseline's RSS does not carry its modules.
 */
export async function measure(mode: string, arg: string, tmp: string): Promise<WorkerResult> {
  const n = Number(arg);
  const outdir = path.join(tmp, `${mode}-${arg}`);
  const file = path.join(tmp, `${mode}-${arg}.yaml`);
  const phases: Record<string, Timing> = {};
  switch (mode) {
    case 'ours':
    case 'raw': {
      const build = mode === 'ours' ? (await import('./stack')).buildKnativeStack : buildRawStack;
      const lib = mode === 'ours' ? await loadValidation() : undefined;
      const { app, chart } = time(phases, 'construct', () => {
        const built = newApp(outdir);
        build(built.chart, n);
        return built;
      });
      // The synth hook is measured apart: here `chart.toJson()` is cdk8s' part plus the constructs' own.
      lib?.Validation.of(app).configure({ enabled: false });
      const docs = time(phases, 'synth', () => chart.toJson() as Manifest[]);
      let problems: number | undefined;
      if (lib) {
        const externals = app.node.findAll().filter(lib.ImportedObject.isImportedObject)
          .map(e => ({ ...e.reference, namespace: e.reference.namespaceName }));
        const found = time(phases, 'validate', () => lib.validateManifests(docs, { externals, requireRefs: true }));
        const { hasErrors } = lib;
        if (hasErrors(found)) throw new Error(`the benchmark stack is invalid: ${JSON.stringify(found.slice(0, 3))}`);
        problems = found.length;
      }
      time(phases, 'write', () => Yaml.save(file, docs));
      return { mode, n, objects: docs.length, phases, problems, yamlBytes: fs.statSync(file).size, peakRss: peakRss() };
    }
    case 'ours-app':
    case 'raw-app': {
      const build = mode === 'ours-app' ? (await import('./stack')).buildKnativeStack : buildRawStack;
      const { app } = time(phases, 'construct', () => {
        const built = newApp(outdir);
        build(built.chart, n);
        return built;
      });
      time(phases, 'appSynth', () => app.synth());
      const text = fs.readFileSync(path.join(outdir, 'bench.k8s.yaml'), 'utf8');
      return { mode, n, objects: text.split(/^---$/m).length, phases, yamlBytes: text.length, peakRss: peakRss() };
    }
    case 'floor': {
      const docs = rawStackObjects(n);
      time(phases, 'write', () => fs.writeFileSync(file, docs.map(d => stringify(d)).join('---\n')));
      return { mode, n, objects: docs.length, phases, yamlBytes: fs.statSync(file).size, peakRss: peakRss() };
    }
    case 'cli-input': {
      // Enough Services for n objects; each Service's Secret and Trigger stay next to it.
      const docs = rawStackObjects(Math.ceil(n / 3)).slice(0, n);
      fs.writeFileSync(file, Yaml.stringify(...docs));
      return { mode, n, objects: docs.length, phases, yamlBytes: fs.statSync(file).size, peakRss: peakRss() };
    }
    case 'cli': {
      const { runCli } = await import('../src/cli/validate-command');
      let out = '';
      const exitCode = runCli(['validate', arg], { out: t => { out += t; }, err: t => { out += t; } });
      phases.process = processTiming();
      if (exitCode > 1) throw new Error(`validate failed with exit code ${exitCode}: ${out.slice(0, 2000)}`);
      return { mode, n: 0, objects: 0, phases, exitCode, peakRss: peakRss() };
    }
    case 'example': {
      // What `node lib/main.js` does under `cdk8s synth` (CDK8S_OUTDIR set): the manifests only.
      const { buildStack } = await import('../main');
      const { ChartValue } = await import('../src/helm');
      const app = new App({ outdir: tmp, resolvers: [ChartValue.resolver()] });
      buildStack(app);
      app.synth();
      phases.process = processTiming();
      return { mode, n: 0, objects: 0, phases, peakRss: peakRss() };
    }
    default:
      throw new Error(`unknown mode ${JSON.stringify(mode)}`);
  }
}

if (require.main === module) {
  const [mode, arg, tmp] = process.argv.slice(2);
  if (!mode || !arg || !tmp) {
    process.stderr.write('usage: node --expose-gc lib/bench/worker.js <mode> <n|file> <tmpdir>\n');
    process.exit(2);
  }
  measure(mode, arg, tmp).then(
    r => process.stdout.write(`${JSON.stringify(r)}\n`),
    (e: Error) => {
      process.stderr.write(`${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    });
}
