/**
 * The real-world corpus (`../shared/realworld/` beside the repository, or `$REALWORLD_DIR`) and the verdicts
 * we expect on it (`test/realworld/expected.tsv`), shared by the test and `npm run test:realworld`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/validate-command';

/** Where the corpus is looked for. */
export const CORPUS_DIR = process.env.REALWORLD_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'realworld');
/** The expected verdicts. */
export const EXPECTED_FILE = path.join(__dirname, 'expected.tsv');

/** What the cluster does with a file: admits every object in it, or rejects at least one. */
export type Verdict = 'admitted' | 'rejected';

/** One line of expected.tsv. */
export interface Expectation {
  readonly file: string;
  readonly verdict: Verdict;
  /** The rule ids of the errors the CLI reports (sorted, comma-separated; `-` for none). */
  readonly rules: string;
  /** Why the cluster (or Knative's / Tekton's webhook) rejects it, at the pinned upstream versions; `-` when admitted. */
  readonly reason: string;
}

/** What the CLI says about one file. */
export interface Outcome {
  readonly file: string;
  readonly verdict: Verdict;
  readonly rules: string;
  /** The first error lines (`rule kind/name path: message`), for reading. */
  readonly errors: readonly string[];
}

/** Reads expected.tsv (comment lines start with `#`). */
export function readExpected(text = fs.readFileSync(EXPECTED_FILE, 'utf8')): Expectation[] {
  return text.split('\n').filter(l => l.trim() !== '' && !l.startsWith('#')).map((line, i) => {
    const cols = line.split('\t');
    if (cols.length !== 4) throw new Error(`expected.tsv line ${i + 1}: 4 tab-separated columns expected, found ${cols.length}`);
    const [file, verdict, rules, reason] = cols;
    if (verdict !== 'admitted' && verdict !== 'rejected') throw new Error(`expected.tsv line ${i + 1}: verdict ${JSON.stringify(verdict)} is neither admitted nor rejected`);
    return { file, verdict, rules, reason };
  });
}

/** The YAML and JSON files of the corpus, relative, sorted. */
export function corpusFiles(dir = CORPUS_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Runs `cdk8s-knative validate <file> -o json` (in process) on each file on its own, as `kubectl apply -f <file>`
 * would send it: a file's verdict does not depend on the others.
 */
export function runCorpus(files: readonly string[], dir = CORPUS_DIR): Outcome[] {
  return files.map(file => {
    let out = '';
    const code = runCli(['validate', path.join(dir, file), '-o', 'json'], { out: s => { out += s; }, err: () => undefined });
    let report: { problems?: Array<{ severity: string; rule: string; path: string; message: string; object: { kind: string; name: string } }>; inputErrors?: string[] } = {};
    try {
      report = JSON.parse(out);
    } catch {
      report = { inputErrors: [`no JSON report (exit code ${code})`] };
    }
    const errors = (report.problems ?? []).filter(p => p.severity === 'error');
    const rules = [...new Set(errors.map(p => p.rule)), ...(report.inputErrors?.length ? ['input/unreadable'] : [])].sort();
    return {
      file,
      verdict: code === 0 ? 'admitted' : 'rejected',
      rules: rules.length ? rules.join(',') : '-',
      errors: [...errors.map(p => `${p.rule} ${p.object.kind}/${p.object.name} ${p.path}: ${p.message}`), ...(report.inputErrors ?? [])].slice(0, 10),
    };
  });
}
