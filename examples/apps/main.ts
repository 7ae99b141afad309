/**
 * Runs one example app and prints what it synthesizes:
 * `npm run build && node lib/examples/apps/main.js <example>`.
 */
import { App } from 'cdk8s';
import { BlueGreenChart } from './blue-green';
import { helloApp } from './chart-with-values';
import { AnySourceChart } from './any-source';
import { EventPipelineChart } from './event-pipeline';
import { eventSinksApp } from './event-sinks';
import { IngressTlsChart } from './ingress-tls';

/** The example apps, by name; each returns its manifests (or, for the Helm example, the chart's files) as text. */
export const EXAMPLES: Readonly<Record<string, () => string>> = {
  'blue-green': () => synthYaml(app => new BlueGreenChart(app, 'web', { greenImage: 'ghcr.io/example/web:1.1.0' })),
  'event-pipeline': () => synthYaml(app => new EventPipelineChart(app, 'shop')),
  'ingress-tls': () => synthYaml(app => new IngressTlsChart(app, 'api', { domain: 'apps.example.com', apiDomain: 'api.example.com' })),
  'any-source': () => synthYaml(app => new AnySourceChart(app, 'ingest')),
  'event-sinks': () => eventSinksApp().app.synthYaml(),
  'chart-with-values': () => Object.entries(helloApp().helm.synth()).map(([file, text]) => `# ${file}\n${text}`).join('\n'),
};

function synthYaml(build: (app: App) => void): string {
  const app = new App();
  build(app);
  return app.synthYaml();
}

if (require.main === module) {
  const name = process.argv[2];
  const example = EXAMPLES[name];
  if (!example) {
    console.error(`usage: main.js <${Object.keys(EXAMPLES).join('|')}>`);
    process.exitCode = 2;
  } else {
    process.stdout.write(example());
  }
}
