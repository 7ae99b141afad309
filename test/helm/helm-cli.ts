import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ensureHelm } from '../../scripts/ensure-helm';

/** Result of one helm run. */
export interface HelmRun {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real helm binary (extracted once by scripts/ensure-helm.js). */
export function helm(...args: string[]): HelmRun {
  try {
    const stdout = execFileSync(ensureHelm(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: helmEnv() });
    return { ok: true, stdout, stderr: '' };
  } catch (e: any) {
    return { ok: false, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? e.message) };
  }
}

/** Keeps helm's own cache/config out of the home directory. */
function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(os.tmpdir(), `cdk8s-knative-helm-home-${process.pid}`);
  return {
    PATH: process.env.PATH,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

/** The objects of a YAML stream, without empty documents. */
export function parseObjects(text: string): any[] {
  return parseAllDocuments(text).map(d => d.toJS()).filter(o => o !== null && o !== undefined);
}

/** Objects of `helm template`; throws with helm's message when it fails. */
export function template(chartDir: string, ...args: string[]): any[] {
  const run = helm('template', 'rel', chartDir, '--namespace', 'ns', ...args);
  if (!run.ok) throw new Error(`helm template failed: ${run.stderr}`);
  return parseObjects(run.stdout);
}

/** Objects of a plain synth of `app`, as written to dist/. */
export function plainObjects(app: App): any[] {
  return parseObjects(app.synthYaml());
}

/** A fresh temporary folder. */
export function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-helm-'));
}

/** `kind/namespace/name` of an object. */
export function keyOf(o: any): string {
  return `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
}

/** Objects by {@link keyOf}. */
export function byKey(objects: any[]): Record<string, any> {
  return Object.fromEntries(objects.map(o => [keyOf(o), o]));
}
