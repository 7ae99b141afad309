/**
 * The compiled entry point (`lib/src/index.js`, made lazy by
 * `scripts/lazy-index.js` in `npm run build`): loading the package loads no
 * construct, each name loads the module that defines it, and every name is
 * the same value as before, for `require` and for ESM `import`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..', '..', 'lib', 'src');
const INDEX = path.join(SRC, 'index.js');

/** Runs `code` in a fresh node (CommonJS, or ESM with `esm`) and returns what it prints as JSON. */
function probe(code: string, esm = false): any {
  const r = spawnSync(process.execPath, [esm ? '--input-type=module' : '--input-type=commonjs', '-e', code], { encoding: 'utf8', cwd: SRC });
  if (r.status !== 0) throw new Error(`node failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('the lazy entry point of the built package', () => {
  beforeAll(() => {
    // npm test builds lib/ before jest runs
    expect(fs.existsSync(INDEX)).toBe(true);
  });

  test('loading the package loads none of its modules but the entry point', () => {
    const loaded = probe(`require(${JSON.stringify(INDEX)});
      console.log(JSON.stringify(Object.keys(require.cache).filter(f => f.startsWith(${JSON.stringify(SRC + path.sep)}))));`);
    expect(loaded).toEqual([INDEX]);
  });

  test('a name loads the module that defines it and what that module needs, not the other domains', () => {
    const loaded: string[] = probe(`const kn = require(${JSON.stringify(INDEX)});
      if (typeof kn.Service !== 'function') throw new Error('no Service');
      console.log(JSON.stringify(Object.keys(require.cache)));`);
    const rel = loaded.filter(f => f.startsWith(SRC + path.sep)).map(f => path.relative(SRC, f).split(path.sep).join('/'));
    expect(rel).toContain('serving/service.js');
    for (const domain of ['istio/', 'builds/', 'helm/', 'platform/', 'routing/', 'cli/']) {
      expect([domain, rel.filter(f => f.startsWith(domain))]).toEqual([domain, []]);
    }
  });

  test('the CESQL parser loads only for an app that has a CESQL filter', () => {
    const app = (filters: string) => probe(`const { App, Chart } = require('cdk8s');
      const kn = require(${JSON.stringify(INDEX)});
      const chart = new Chart(new App({ outdir: require('os').tmpdir() + '/lazy-entry-' + process.pid }), 'c', { namespace: 'shop' });
      const hello = new kn.Service(chart, 'Hello', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/hello:1.0' } });
      const broker = new kn.Broker(chart, 'Default', { metadata: { name: 'default' } });
      new kn.Trigger(chart, 'T', { metadata: { name: 't' }, broker, subscriber: hello, filters: ${filters} });
      chart.toJson();
      console.log(JSON.stringify(Object.keys(require.cache).filter(f => f.includes('/core/cesql/')).length));`);
    expect(app('[kn.TriggerFilter.exact("type", "com.acme.order")]')).toBe(0);
    expect(app('[kn.TriggerFilter.cesql("type = \'com.acme.order\'")]')).toBeGreaterThan(0);
  });

  test('every public name is the same value as the domain module exports, by require and by ESM import', () => {
    const domains = fs.readdirSync(SRC, { withFileTypes: true }).filter(e => e.isDirectory() && fs.existsSync(path.join(SRC, e.name, 'index.js'))).map(e => e.name);
    const check = `
      const names = Object.keys(kn).filter(n => n !== 'default' && n !== '__esModule' && n !== 'module.exports');
      const domains = ${JSON.stringify(domains)}.map(d => require(${JSON.stringify(SRC)} + '/' + d + '/index.js'));
      const wrong = names.filter(n => kn[n] === undefined || !domains.some(d => d[n] === kn[n]));
      console.log(JSON.stringify({ count: names.length, wrong }));`;
    const cjs = probe(`const kn = require(${JSON.stringify(INDEX)});${check}`);
    const esm = probe(`import { createRequire } from 'module'; const require = createRequire(${JSON.stringify(INDEX)});
      const kn = await import(${JSON.stringify(INDEX)});${check}`, true);
    expect(cjs.wrong).toEqual([]);
    expect(esm.wrong).toEqual([]);
    // the ESM loader finds every name the CommonJS entry point has
    expect(esm.count).toBe(cjs.count);
    expect(cjs.count).toBeGreaterThan(100);
  });

  test('a named ESM import of a construct works', () => {
    const r = probe(`import { Service, Broker, ChartValue } from ${JSON.stringify(INDEX)};
      console.log(JSON.stringify([typeof Service, typeof Broker, typeof ChartValue]));`, true);
    expect(r).toEqual(['function', 'function', 'function']);
  });
});
