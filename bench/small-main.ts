/**
 * The processes of the small-app benchmark (`small-app.ts`), one program per
 * process, each written the way a user would write it:
 *
 *   node lib/bench/small-main.js <program> [args]
 *
 * - `ours-app10 <outdir>`: an app of this package (`import * as kn from
 *   'cdk8s-knative'`) with the bench stack at N = 3 (11 objects), `app.synth()`;
 * - `plain-app10 <outdir>`: the same objects as plain cdk8s `ApiObject`s, with
 *   `cdk8s-plus-27` loaded, `app.synth()`;
 * - `plain-example <fixture.json> <outdir>`: the example stack's objects (read
 *   from JSON, one chart per file of `node lib/main.js`) as plain `ApiObject`s
 *   with `cdk8s-plus-27` loaded, `app.synth()`;
 * - `read-parse <dir>`: reads every `.yaml` file of `dir` and parses it with
 *   `yaml` (the floor of `cdk8s-knative validate <dir>`);
 * - `require-ours`, `require-kplus`: `require` of this package, of `cdk8s-plus-27`.
 *
 * Nothing is imported at the top level: each program loads only what it uses.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'path';
import type * as cdk8sTypes from 'cdk8s';

/** What `plain-example` reads: each chart's name and objects, in synth order. */
export interface ExampleFixture {
  readonly charts: Array<{ readonly name: string; readonly objects: Array<Record<string, unknown>> }>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const N_SMALL = 3;

function plainApp(outdir: string, charts: ExampleFixture['charts']): void {
  const cdk8s = require('cdk8s') as typeof cdk8sTypes;
  require('cdk8s-plus-27');
  const app = new cdk8s.App({ outdir });
  for (const c of charts) {
    const chart = new cdk8s.Chart(app, c.name);
    c.objects.forEach((o, i) => new cdk8s.ApiObject(chart, `o${i}`, o as unknown as cdk8sTypes.ApiObjectProps));
  }
  app.synth();
}

function run(program: string, args: string[]): void {
  switch (program) {
    case 'ours-app10': {
      const { App, Chart } = require('cdk8s') as typeof cdk8sTypes;
      require(path.join(ROOT, 'lib', 'src', 'index.js'));
      const { buildKnativeStack } = require('./stack') as typeof import('./stack');
      const app = new App({ outdir: args[0] });
      buildKnativeStack(new Chart(app, 'bench'), N_SMALL);
      app.synth();
      return;
    }
    case 'plain-app10': {
      const { rawStackObjects } = require('./raw-stack') as typeof import('./raw-stack');
      plainApp(args[0], [{ name: 'bench', objects: rawStackObjects(N_SMALL) }]);
      return;
    }
    case 'plain-example': {
      const fs = require('fs') as typeof import('fs');
      plainApp(args[1], (JSON.parse(fs.readFileSync(args[0], 'utf8')) as ExampleFixture).charts);
      return;
    }
    case 'read-parse': {
      const fs = require('fs') as typeof import('fs');
      const { parseAllDocuments } = require('yaml') as typeof import('yaml');
      let objects = 0;
      for (const f of fs.readdirSync(args[0]).filter(n => n.endsWith('.yaml')).sort()) {
        for (const doc of parseAllDocuments(fs.readFileSync(path.join(args[0], f), 'utf8'))) {
          if (doc.toJS()) objects++;
        }
      }
      process.stdout.write(`${objects} objects\n`);
      return;
    }
    case 'require-ours':
      require(path.join(ROOT, 'lib', 'src', 'index.js'));
      return;
    case 'require-kplus':
      require('cdk8s-plus-27');
      return;
    default:
      throw new Error(`unknown program ${JSON.stringify(program)}`);
  }
}

if (require.main === module) run(process.argv[2], process.argv.slice(3));
