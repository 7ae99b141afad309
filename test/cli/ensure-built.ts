import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../..');

/**
 * Builds `lib/` (as `npm test` does before jest) when `target` is missing or
 * older than the sources the validation engine and the CLI are made of.
 */
export function ensureBuilt(target: string): void {
  const sources = ['src/cli', 'src/validation', 'src/validation/rules', 'src/core']
    .filter(d => fs.existsSync(path.join(ROOT, d)))
    .flatMap(d => fs.readdirSync(path.join(ROOT, d)).filter(f => f.endsWith('.ts')).map(f => path.join(ROOT, d, f)));
  const newest = Math.max(...sources.map(f => fs.statSync(f).mtimeMs));
  if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= newest) return;
  // tsc still emits when files outside the engine have type errors; the tests then tell.
  spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.dev.json')], { cwd: ROOT, stdio: 'ignore' });
}
