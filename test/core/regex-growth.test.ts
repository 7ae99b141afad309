/**
 * Every regular expression of the package, and every `pattern` of the vendored
 * CRDs, must run in time linear in its input: a super-linear one lets a long
 * string (an annotation, a name, one line of a file) stall validation for
 * minutes. Each regex is run on long adversarial inputs of length n and 4n
 * (runs of each character and literal it names, with and without a failing
 * end); the time must grow about 4 times, not 16 (quadratic) or worse. The
 * runs happen in a worker that is stopped when one regex hangs (exponential).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Worker } from 'worker_threads';
import { findVariables } from '../../src/core/tekton-variables';

const ROOT = path.resolve(__dirname, '../..');

interface Pattern { readonly where: string; readonly source: string; readonly flags: string }

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Regex literals and `new RegExp(...)` whose arguments are string constants of the same file. */
function packageRegexes(): Pattern[] {
  const out: Pattern[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const consts: Record<string, string> = {};
    const where = (node: ts.Node) => `${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteral(node.initializer)) {
        consts[node.name.text] = node.initializer.text;
      }
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const lit = node.getText();
        const end = lit.lastIndexOf('/');
        out.push({ where: where(node), source: lit.slice(1, end), flags: lit.slice(end + 1) });
      }
      if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp' && node.arguments && node.arguments.length > 0) {
        try {
          const names = Object.keys(consts);
          const source = new Function(...names, `return ${node.arguments[0].getText()};`)(...names.map(n => consts[n]));
          if (typeof source === 'string') out.push({ where: where(node), source, flags: '' });
        } catch {
          // A pattern built at run time (from a schema or a user): not a constant of the package.
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The `pattern` of every property of the vendored CRDs and schemas (the schema layer compiles them with `u`). */
function crdPatterns(): Pattern[] {
  const out = new Map<string, Pattern>();
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const line of text.split('\n')) {
          const m = /^\s*"?pattern"?:\s*(.+?),?\s*$/.exec(line);
          if (!m) continue;
          let source: unknown;
          try {
            source = m[1].startsWith('"') ? JSON.parse(m[1]) : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
          } catch {
            continue;
          }
          if (typeof source === 'string' && !out.has(source)) out.set(source, { where: path.relative(ROOT, p), source, flags: 'u' });
        }
      }
    }
  };
  walk(path.join(ROOT, 'imports/crds'));
  return [...out.values()];
}

/** Runs in the worker: times each regex on adversarial inputs and posts one message per regex. */
const WORKER = `
const { parentPort, workerData } = require('worker_threads');
const N = workerData.n;
const CHARS = ['a', 'A', 'z', '0', '1', '9', ' ', '\\t', '-', '.', '_', '/', ':', '=', '+', 'x', 'e', 'E', 'p', 'P', 'i', 'T', 'D',
  '[', ']', '"', "'", '(', ')', '$', '{', '}', '\\\\', '*', '%', '#', '@', '!', ',', '~', ';', '?', '\\n', '\\u00e9'];
const PAIRS = ['a.', '1.', 'a-', '-a', 'a ', ' a', '1e', 'a:', 'a/', 'a_', '0x1', '1,', 'a=', '$(', '.a', '_a', '.1', 'a@', '*a', 'a*', '-1'];
const SUFFIXES = ['', '!', '\\n', '\\u0000', '/', ' '];
function literals(source) {
  const out = []; let cur = ''; let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inClass) { if (c === '\\\\') i++; else if (c === ']') inClass = false; continue; }
    if (c === '\\\\') { const d = source[++i]; if (d && !/[A-Za-z0-9]/.test(d)) { cur += d; continue; } }
    else if (!'[](){}|*+?^$.'.includes(c)) { cur += c; continue; }
    if (c === '[') inClass = true;
    if (cur.length >= 2) out.push(cur);
    cur = '';
  }
  if (cur.length >= 2) out.push(cur);
  return [...new Set(out)].slice(0, 12);
}
function time(re, s) {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    re.lastIndex = 0; re.test(s);
    const d = Number(process.hrtime.bigint() - t) / 1e6;
    if (d < best) best = d;
  }
  return best;
}
for (const p of workerData.patterns) {
  let re;
  try { re = new RegExp(p.source, p.flags.replace(/g/g, '')); } catch (e) { parentPort.postMessage({ where: p.where, skipped: String(e) }); continue; }
  const lits = literals(p.source);
  const pumps = [...CHARS, ...PAIRS, ...lits, ...lits.flatMap(l => [l + 'a', l + '1', l + '.', 'a' + l])];
  const prefixes = ['', ...lits.slice(0, 3)];
  let worst = { ratio: 0 };
  search: for (const pump of pumps) {
    const reps = Math.max(1, Math.floor(N / pump.length));
    for (const prefix of prefixes) {
      for (const suffix of SUFFIXES) {
        const small = prefix + pump.repeat(reps) + suffix;
        let t1 = time(re, small);
        if (t1 < 0.5) continue;
        const large = prefix + pump.repeat(reps * 4) + suffix;
        let t4 = time(re, large);
        let ratio = t4 / t1;
        for (let k = 0; k < 2 && ratio > workerData.maxRatio; k++) {
          // Confirm: on a busy machine one run can stall.
          t1 = Math.min(t1, time(re, small));
          t4 = Math.min(t4, time(re, large));
          ratio = t4 / t1;
        }
        if (ratio > worst.ratio) worst = { ratio, t1, t4, pump, prefix, suffix };
        if (ratio > workerData.maxRatio) break search;
      }
    }
  }
  parentPort.postMessage({ where: p.where, worst });
}
parentPort.postMessage({ done: true });
`;

/** Growth from n to 4n above this is super-linear (linear is 4, quadratic 16). */
const MAX_RATIO = 9;

interface Result { where: string; skipped?: string; worst?: { ratio: number; t1?: number; t4?: number; pump?: string; prefix?: string; suffix?: string }; done?: boolean }

/** Times `patterns` in a worker; a regex that takes more than `hangMs` is reported as hanging. */
function timeAll(patterns: readonly Pattern[], n: number, hangMs: number): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const results: Result[] = [];
    const worker = new Worker(WORKER, { eval: true, workerData: { patterns, n, maxRatio: MAX_RATIO } });
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const hung = patterns[results.length];
        results.push({ where: hung.where, worst: { ratio: Infinity, pump: `hangs (over ${hangMs} ms): /${hung.source}/` } });
        void worker.terminate();
        resolve(results);
      }, hangMs);
    };
    arm();
    worker.on('message', (m: Result) => {
      if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(results);
        return;
      }
      results.push(m);
      arm();
    });
    worker.on('error', e => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function superLinear(results: readonly Result[]): string[] {
  return results
    .filter(r => r.worst && r.worst.ratio > MAX_RATIO)
    .map(r => `${r.where}: x${r.worst!.ratio.toFixed(1)} from n to 4n (${r.worst!.t1?.toFixed(1)} ms -> ${r.worst!.t4?.toFixed(1)} ms) on ${JSON.stringify(r.worst!.prefix ?? '')} + ${JSON.stringify(r.worst!.pump)}* + ${JSON.stringify(r.worst!.suffix ?? '')}`);
}

describe('every regular expression runs in linear time', () => {
  const pkg = packageRegexes();
  const crd = crdPatterns();

  test('the package has regexes to check, including the autoscaling number check', () => {
    expect(pkg.length).toBeGreaterThan(150);
    expect(pkg.some(p => p.where.startsWith('src/validation/rules/autoscaling.ts'))).toBe(true);
    expect(crd.length).toBeGreaterThan(5);
  });

  test('the test catches a quadratic regex (the old autoscaling number check)', async () => {
    const results = await timeAll([{ where: 'old', source: '^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$', flags: '' }], 3000, 20_000);
    expect(superLinear(results)).toHaveLength(1);
  }, 60_000);

  test('fails when a regex of the package grows super-linearly (n = 3000 and 12000 characters)', async () => {
    const results = await timeAll(pkg, 3000, 20_000);
    expect(superLinear(results)).toEqual([]);
    expect(results.length).toBe(pkg.length);
  }, 300_000);

  test('fails when a pattern of the vendored CRDs grows super-linearly', async () => {
    const results = await timeAll(crd, 3000, 20_000);
    expect(superLinear(results)).toEqual([]);
  }, 300_000);

  test('fails when Tekton variable references are found in super-linear time', () => {
    const timeOf = (text: string) => {
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const t = process.hrtime.bigint();
        findVariables(text);
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
      }
      return best;
    };
    const slow: string[] = [];
    for (const pump of ['$(params.', '$(params["', "$(params['", '$(params.a) $(params["b"][0])']) {
      const n = Math.ceil(40_000 / pump.length);
      const small = pump.repeat(n);
      const large = pump.repeat(4 * n);
      timeOf(small);
      let t1 = timeOf(small);
      let t4 = timeOf(large);
      for (let k = 0; k < 6 && t4 / t1 >= MAX_RATIO; k++) {
        // Confirm: on a busy machine (other suites run beside this one) a run can stall.
        t1 = Math.min(t1, timeOf(small));
        t4 = Math.min(t4, timeOf(large));
      }
      // Under 5 ms the run is too short to compare.
      if (t4 > 5 && t4 / t1 >= MAX_RATIO) slow.push(`${pump}: x${(t4 / t1).toFixed(1)} (${t1.toFixed(1)} ms -> ${t4.toFixed(1)} ms)`);
    }
    expect(slow).toEqual([]);
  }, 60_000);
});
