/**
 * `cdk8s-knative validate` on real manifests nobody here wrote (../shared/realworld/, see its PROVENANCE.tsv),
 * one file at a time, against the verdicts in expected.tsv: every file the cluster admits must pass; every
 * file it rejects must fail, with the rules recorded there. Run alone with `npm run test:realworld`.
 */
import * as fs from 'fs';
import { CORPUS_DIR, corpusFiles, readExpected, runCorpus } from './corpus';

const expected = readExpected();
const present = fs.existsSync(CORPUS_DIR);

describe('real-world manifests', () => {
  test('expected.tsv lists each file once, with a reason for each rejection', () => {
    const files = expected.map(e => e.file);
    expect(new Set(files).size).toBe(files.length);
    for (const e of expected) {
      if (e.verdict === 'rejected') {
        expect(e.rules).not.toBe('-');
        expect(e.reason.length).toBeGreaterThan(20);
      }
      // an admitted file the CLI still rejects is a known wrong verdict, which says why
      if (e.verdict === 'admitted' && e.rules !== '-') expect(e.reason).toMatch(/^CLI WRONG, known: /);
    }
  });

  if (!present) {
    test('without the corpus there is nothing to compare (say so)', () => {
      console.warn(`real-world corpus not found at ${CORPUS_DIR}: only expected.tsv was checked (set REALWORLD_DIR to compare)`);
      expect(fs.existsSync(CORPUS_DIR)).toBe(false);
    });
    return;
  }

  test('every file gets its expected verdict', () => {
    const files = corpusFiles();
    expect(files.filter(f => !expected.some(e => e.file === f))).toEqual([]);
    expect(expected.map(e => e.file).filter(f => !files.includes(f))).toEqual([]);
    const byFile = new Map(expected.map(e => [e.file, e]));
    const wrong: string[] = [];
    for (const o of runCorpus(files)) {
      const e = byFile.get(o.file)!;
      const known = e.verdict === 'admitted' && e.rules !== '-';
      const expectedVerdict = known ? 'rejected' : e.verdict;
      if (o.verdict !== expectedVerdict || o.rules !== e.rules) {
        wrong.push(`${o.file}: expected ${e.verdict} (${e.rules}), the CLI says ${o.verdict} (${o.rules})${o.errors.length ? `\n    ${o.errors.join('\n    ')}` : ''}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});
