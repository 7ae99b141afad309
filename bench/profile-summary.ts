/**
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self time by function and
 * inclusive time by function, the largest first.
 *
 *   node --cpu-prof --cpu-prof-dir=<dir> --expose-gc lib/bench/worker.js ours-app 1000 <tmp>
 *   node lib/bench/profile-summary.js <dir>/<file>.cpuprofile [top=25]
 */
import * as fs from 'fs';
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface Profile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function label(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url ? f.url.replace(/^file:\/\//, '').split(`${path.sep}node_modules${path.sep}`).pop()! : '';
  const short = file.includes(`${path.sep}lib${path.sep}`) ? file.slice(file.lastIndexOf(`${path.sep}lib${path.sep}`) + 1) : file;
  return `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
}

/** Self and inclusive milliseconds per function label. */
export function summarize(profile: Profile): { self: Map<string, number>; total: Map<string, number>; totalMs: number } {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfById = new Map<number, number>();
  profile.samples.forEach((id, i) => selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfById) {
    totalMs += ms;
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + ms);
    // inclusive: count each label once per stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + ms);
    }
  }
  return { self, total, totalMs };
}

function top(map: Map<string, number>, count: number): string[] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => `${v.toFixed(0).padStart(8)} ms  ${k}`);
}

if (require.main === module) {
  const [file, count = '25'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node lib/bench/profile-summary.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const { self, total, totalMs } = summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile);
  console.log(`sampled ${totalMs.toFixed(0)} ms\n\nself time:`);
  console.log(top(self, Number(count)).join('\n'));
  console.log('\ninclusive time:');
  console.log(top(total, Number(count)).join('\n'));
}
