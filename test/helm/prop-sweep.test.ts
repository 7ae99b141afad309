import * as fs from 'fs';
import * as path from 'path';
import { helm, parseObjects, tmpdir } from './helm-cli';
import { constructClasses, ConstructSweep, sweepApp, sweepPaths, validationErrors, VALUE, writeSweepChart } from './sweep/harness';

/**
 * Issue 15's sweep: every public construct's string, number, list and map
 * props take a chart value (or say why not), and the chart of each construct
 * renders valid objects for the defaults and for overridden values, with the
 * real helm and the package's own validator.
 */

const SWEEP_DIR = path.join(__dirname, 'sweep');
const entries: ConstructSweep[] = fs.readdirSync(SWEEP_DIR)
  .filter(f => f.endsWith('.ts') && f !== 'harness.ts')
  .sort()
  // each domain's table is a file of its own, found here so a new table needs no import line
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  .flatMap(f => (require(path.join(SWEEP_DIR, f)) as { SWEEP: ConstructSweep[] }).SWEEP);

test('every public construct has a sweep entry, and only one', () => {
  const names = entries.map(e => e.construct);
  expect(new Set(names).size).toBe(names.length);
  expect(names.slice().sort()).toEqual(constructClasses());
});

describe.each(entries.map(e => [e.construct, e] as const))('%s', (_name, entry) => {
  let dir: string;
  let sets: string[];
  let expected: string[];
  beforeAll(() => {
    const { app, values } = sweepApp(entry);
    dir = writeSweepChart(app, tmpdir());
    sets = values.sets;
    expected = values.expected;
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('the entry lists every string, number, list and map prop', () => {
    expect(Object.keys(entry.props).sort()).toEqual(sweepPaths(entry.construct));
    for (const [prop, what] of Object.entries(entry.props)) {
      if (what !== VALUE) expect(`${prop}: ${what}`).toMatch(/: .{12,}/); // a reason, in words
    }
  });

  test('helm lint --strict passes, and the defaults render objects the validator accepts', () => {
    const lint = helm('lint', '--strict', dir);
    expect(lint.stderr).toBe('');
    expect(lint.ok).toBe(true);
    const run = helm('template', 'rel', dir, '--namespace', 'sweep');
    expect(run.stderr).toBe('');
    expect(validationErrors(parseObjects(run.stdout), entry.clusterConfig)).toEqual([]);
  });

  test('overridden values render where the defaults stood, into objects the validator accepts', () => {
    const run = helm('template', 'rel', dir, '--namespace', 'sweep', ...sets);
    expect(run.stderr).toBe('');
    const objects = parseObjects(run.stdout);
    const scalars = scalarsOf(objects);
    for (const text of expected) expect([text, scalars.some(s => s.includes(text))]).toEqual([text, true]);
    expect(validationErrors(objects, entry.clusterConfig)).toEqual([]);
  });

  test('fails when a value breaks the construct\'s rule', () => {
    const takesValues = Object.values(entry.props).includes(VALUE);
    expect((entry.refused ?? []).length > 0).toBe(takesValues);
    for (const r of entry.refused ?? []) {
      const run = helm('template', 'rel', dir, '--namespace', 'sweep', ...r.sets);
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(r.error);
    }
  });
});

/** Every scalar of the objects (and map key), as text. */
function scalarsOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach(item => scalarsOf(item, out));
  else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      out.push(k);
      scalarsOf(v, out);
    }
  } else if (x !== null && x !== undefined) out.push(String(x));
  return out;
}
