/**
 * The API reference: typedoc over `src/index.ts` (the options in `typedoc.json`)
 * must report no warning, which with `treatWarningsAsErrors` and the
 * `notDocumented` validation means every public export has a doc comment.
 *
 * Runs typedoc in check mode only: `--emit none` writes nothing, and
 * `--skipErrorChecking` leaves type checking to `tsc -p .` (npm test runs it
 * first), which roughly halves the run time.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '..', '..');

test('typedoc.json fails on undocumented exports and hides @internal helpers', () => {
  const config = JSON.parse(fs.readFileSync(path.join(REPO, 'typedoc.json'), 'utf8'));
  expect(config.treatWarningsAsErrors).toBe(true);
  expect(config.excludeInternal).toBe(true);
  expect(config.validation?.notDocumented).toBe(true);
});

test('every public export is documented (typedoc --emit none exits 0)', () => {
  const bin = path.join(path.dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
  const result = spawnSync(process.execPath, [bin, '--emit', 'none', '--skipErrorChecking'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '');
  expect(result.error).toBeUndefined();
  // On failure the diff lists typedoc's warnings, e.g. "X (Property), defined in ..., does not have any documentation".
  const problems = output.split('\n').filter(line => /\[(warning|error)\]/.test(line));
  expect({ status: result.status, problems }).toEqual({ status: 0, problems: [] });
});
