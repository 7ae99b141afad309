import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { addBuildExample } from './examples/stack/build';
import { addEventingExample } from './examples/stack/eventing';
import { addIngressExample } from './examples/stack/ingress';
import { addPlatformExample, platformDomain, writeStackHelmChart } from './examples/stack/platform';
import { addServingExample, EXAMPLE_NAMESPACE } from './examples/stack/serving';
import * as kn from './src';

/**
 * The example stack. `npm run synth` validates it and writes its manifests
 * to `dist/` (one file per component, numbered in apply order) and its Helm
 * chart to `helm/`.
 * Under `cdk8s synth` (CDK8S_OUTDIR set) only the manifests are written,
 * where the CLI asks.
 *
 * Set EXAMPLE_BUILD=off to leave out the Tekton source-to-image build.
 */
export function buildStack(app: App): void {
  // Charts are written in dependency order (0000-ingress.k8s.yaml, 0001-platform.k8s.yaml, ...),
  // objects carry Argo CD sync waves: README, "Applying the output".
  kn.ApplyOrder.of(app);
  const platform = new Chart(app, 'platform');
  const { serving: knativeServing } = addPlatformExample(platform);

  const ingressChart = new Chart(app, 'ingress');
  const { ingress } = addIngressExample(ingressChart, {
    namespaces: [EXAMPLE_NAMESPACE],
    domain: platformDomain(platform),
    viaOperator: true,
  });
  knativeServing.useIngress(ingress);

  const serving = new Chart(app, 'serving');
  const { service } = addServingExample(serving);

  addEventingExample(new Chart(app, 'eventing'), service);

  if (process.env.EXAMPLE_BUILD !== 'off') {
    addBuildExample(new Chart(app, 'build', { namespace: EXAMPLE_NAMESPACE }));
  }
}

function main(): void {
  const cliOutdir = process.env.CDK8S_OUTDIR;
  if (cliOutdir) {
    const app = new App({ outdir: cliOutdir, resolvers: [kn.ChartValue.resolver()] });
    buildStack(app);
    app.synth();
    return;
  }
  // Synthesize into a scratch folder; dist/ and helm/ are replaced only when
  // the whole app is valid, so a failed synth leaves them as they were.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-'));
  try {
    const app = new App({ outdir: path.join(scratch, 'dist'), resolvers: [kn.ChartValue.resolver()] });
    buildStack(app);
    app.synth();
    const chartDir = writeStackHelmChart(app, app.node.findChild('platform') as Chart, { outdir: 'helm' });
    fs.rmSync('dist', { recursive: true, force: true });
    fs.cpSync(path.join(scratch, 'dist'), 'dist', { recursive: true });
    const objects = app.node.findAll().filter(c => ApiObject.isApiObject(c)).length;
    const files = fs.readdirSync('dist').sort();
    console.log(`validated ${objects} objects; wrote ${files.map(f => `dist/${f}`).join(', ')}`);
    console.log(`wrote the Helm chart ${path.relative(process.cwd(), chartDir) || chartDir}/`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
