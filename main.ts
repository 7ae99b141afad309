import { App, Chart } from 'cdk8s';
import { addServingExample } from './examples/stack/serving';

/**
 * The example stack: `npm run synth` writes its manifests to `dist/`.
 */
const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });

const serving = new Chart(app, 'serving');
addServingExample(serving);

app.synth();
