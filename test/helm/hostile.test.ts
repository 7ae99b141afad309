import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ChartValue, HelmChart } from '../../src/helm';
import { Broker, Trigger } from '../../src/eventing';
import { GitSshSecret, OpaqueSecret, SecretSource, TlsSecret } from '../../src/secrets';
import { Service } from '../../src/serving';
import { ApiServerSource, ApiServerSourceMode, PingSource } from '../../src/sources';
import { warningsOf } from '../../src/core/warnings';
import { Sink } from '../../src/eventing/sink';
import { sealedValue } from '../secrets/sealed-value';
import { helm, parseObjects, template, tmpdir } from './helm-cli';

jest.setTimeout(60_000);

/** An app that carries the chart value resolver. */
function valuesApp(): App {
  return Testing.app({ resolvers: [ChartValue.resolver()] });
}

/** A secret string chart value `api.token` in `chart`. */
function tokenValue(chart: Chart): ChartValue {
  return ChartValue.stringValue(chart, 'api.token', { secret: true, description: 'API token.' });
}

describe('secret chart values land only in Secret data', () => {
  test('fails when a secret chart value is a plain env value of a Knative Service', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps');
    const token = tokenValue(chart);
    expect(() => new Service(chart, 'api', {
      metadata: { name: 'api' },
      container: { image: 'ghcr.io/acme/api:1.0', envVariables: { TOKEN: kplus.EnvValue.fromValue(token.asString()) } },
    })).toThrow(/\[apps\/api\] container\.envVariables\.TOKEN: "<secret chart value api\.token>" is not allowed; a secret chart value must not be a plain env value.*envValue\(key\)/);
  });

  test('fails when a secret chart value is embedded in a longer env value', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps');
    const token = tokenValue(chart);
    expect(() => new Service(chart, 'api', {
      metadata: { name: 'api' },
      container: { image: 'ghcr.io/acme/api:1.0', envVariables: { AUTH: kplus.EnvValue.fromValue(`Bearer ${token.asString()}`) } },
    })).toThrow(/container\.envVariables\.AUTH: .* is not allowed; a secret chart value must not be a plain env value/);
  });

  test('fails at synth when a secret chart value is written into an annotation, a ConfigMap or a map key', () => {
    for (const place of ['annotation', 'configmap', 'key', 'any'] as const) {
      const app = valuesApp();
      const chart = new Chart(app, 'apps');
      const token = tokenValue(chart);
      if (place === 'annotation') new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { a: token.asString() } } });
      if (place === 'configmap') new kplus.ConfigMap(chart, 'x', { data: { token: token.asString() } });
      if (place === 'key') new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { [token.asString()]: 'v' } });
      if (place === 'any') new ApiObject(chart, 'x', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' }, spec: { token: token.asAny() } });
      expect(() => app.synth()).toThrow(/the secret chart value api\.token is not allowed here; a secret chart value may only be written to a Secret's stringData/);
    }
  });

  test('a secret chart value in an OpaqueSecret, read by the Service with envValue(), reaches only the Secret', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const token = tokenValue(chart);
    const secret = new OpaqueSecret(chart, 'api-token', {
      metadata: { name: 'api-token' }, source: SecretSource.unsafePlaintext({ token: token.asString() }),
    });
    new Service(chart, 'api', {
      metadata: { name: 'api' },
      container: { image: 'ghcr.io/acme/api:1.0', envVariables: { TOKEN: secret.envValue('token') } },
    });
    const dir = new HelmChart(app, { name: 'secrets' }).write(tmpdir());
    const run = helm('template', 'rel', dir, '--namespace', 'ns', '--set', 'api.token=s3cr3t-value');
    expect(run.stderr).toBe('');
    const objects = parseObjects(run.stdout);
    expect(objects.find(o => o.kind === 'Secret').stringData).toEqual({ token: 's3cr3t-value' });
    const ksvc = objects.find(o => o.kind === 'Service');
    expect(ksvc.spec.template.spec.containers[0].env).toEqual([{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }]);
    expect(JSON.stringify(objects.filter(o => o.kind !== 'Secret'))).not.toContain('s3cr3t-value');
    expect(() => template(dir)).toThrow(/helm template failed/);
  });
});

describe('placeholders of the Helm writer cannot be forged', () => {
  /** A chart whose first templated string is a secret (in a Secret) and whose ConfigMap carries `annotations`. */
  function spoofApp(annotations: Record<string, string>): App {
    const app = valuesApp();
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { password: tokenValue(chart).asString() } });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', annotations }, data: { a: 'b' } });
    return app;
  }

  test('a literal sentinel in an annotation stays literal and never becomes another value', () => {
    const forged = { 'x/a': 'CDK8SHELM0X', 'x/b': 'CDK8SHELM1X', 'x/c': 'see CDK8SHELM0X', CDK8SHELMLABELSX: 'CDK8SHELMLABELS0X' };
    const dir = new HelmChart(spoofApp(forged), { name: 'spoof' }).write(tmpdir());
    expect(helm('lint', '--strict', dir, '--set', 'api.token=s3cr3t-value').stderr).toBe('');
    const objects = template(dir, '--set', 'api.token=s3cr3t-value');
    const cm = objects.find(o => o.kind === 'ConfigMap');
    expect(cm.metadata.annotations).toEqual(forged);
    expect(JSON.stringify(cm)).not.toContain('s3cr3t-value');
    expect(objects.find(o => o.kind === 'Secret').stringData).toEqual({ password: 's3cr3t-value' });
  });

  test('fails when a forged chart value token names a secret outside a Secret', () => {
    const app = spoofApp({ 'x/a': '${ChartValue:api.token#1}' });
    expect(() => app.synth()).toThrow(/\[apps\/cm\] annotations\.x\/a: the secret chart value api\.token is not allowed here/);
  });
});

describe('developer text cannot break or inject into the chart', () => {
  /** An app whose value descriptions, pattern and allowed values hold line breaks, `{{` and YAML. */
  function textApp(): App {
    const app = valuesApp();
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const mode = ChartValue.stringValue(chart, 'api.mode', {
      defaultValue: 'a',
      description: 'First paragraph with {{ .Release.Name }} and {{ fail "injected" }}.\nSecond paragraph:\n  evil: true\n# not a comment\n}}',
      pattern: '^(a|b\nevil: true|\\{\\{ fail "pattern" \\}\\}|c\u0085d: 1)$',
    });
    const level = ChartValue.stringValue(chart, 'api.level', { defaultValue: 'x', allowedValues: ['x', 'y\u2028evil: true', 'z\u0085injected: 1'] });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { mode: mode.asString(), level: level.asString() } });
    return app;
  }

  test('value descriptions, patterns and allowed values with line breaks and {{ render as inert comments: lint and template pass', () => {
    const dir = new HelmChart(textApp(), { name: 'text' }).write(tmpdir());
    const lint = helm('lint', '--strict', dir);
    expect({ ok: lint.ok, stderr: lint.stderr }).toEqual({ ok: true, stderr: '' });
    const values = fs.readFileSync(path.join(dir, 'values.yaml'), 'utf8');
    // every line is a comment, a key, or blank: nothing the text carried became YAML
    const keys = values.split('\n').filter(l => l.trim() !== '' && !l.trimStart().startsWith('#')).map(l => l.trim());
    expect(keys).toEqual(['api:', 'level: x', 'mode: a', 'apps:', 'enabled: true']);
    expect(values).not.toMatch(/[\u0085\u2028\u2029\r]/);
    const cm = template(dir).find(o => o.kind === 'ConfigMap');
    expect(cm.data).toEqual({ mode: 'a', level: 'x' });
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme.split('\n').filter(l => l.startsWith('| `api.'))).toHaveLength(2);
  });

  test('a component description with {{ stays a comment in the template', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps');
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } });
    const dir = new HelmChart(app, { name: 'text', components: { apps: { description: 'Apps {{ fail "injected" }} and {{ .Release.Name }}.' } } }).write(tmpdir());
    expect(helm('lint', '--strict', dir).stderr).toBe('');
    expect(template(dir).map(o => o.kind)).toEqual(['ConfigMap']);
    expect(fs.readFileSync(path.join(dir, 'templates/apps.yaml'), 'utf8')).toContain('# Apps {{ "{{" }} fail "injected" }} and {{ "{{" }} .Release.Name }}.');
  });

  test('fails when the chart or a component description holds a line break or a control character', () => {
    const app = valuesApp();
    new Chart(app, 'apps');
    for (const bad of ['two\nlines', 'x\u2028evil: true', 'bell\u0007', 'nel\u0085x', '', '   ']) {
      expect(() => new HelmChart(app, { name: 'c', description: bad })).toThrow(/^HelmChart description: .* is not allowed; must be one line of text/);
      expect(() => new HelmChart(app, { name: 'c', components: { apps: { description: bad } } }))
        .toThrow(/^HelmChart components\.apps\.description: .* is not allowed; must be one line of text/);
    }
    expect(() => new HelmChart(app, { name: 'c', description: 'two\nlines' })).toThrow(/"two\\nlines"/);
    expect(() => new HelmChart(app, { name: 'c', domain: 'example.com\n{{ fail "x" }}' })).toThrow(/^HelmChart domain: .* is not allowed/);
  });

  test('fails when a value description holds a control character or a line separator, or a pattern does not compile', () => {
    const app = valuesApp();
    const chart = new Chart(app, 'apps');
    for (const bad of ['x\u2028evil: true', 'esc \u001b[31m', 'cr\rx', 'nel\u0085x']) {
      expect(() => ChartValue.stringValue(chart, 'a', { defaultValue: 'x', description: bad }))
        .toThrow(/\[apps\] ChartValue a\.description: .* is not allowed; must be text without control characters/);
    }
    expect(() => ChartValue.stringValue(chart, 'a', { defaultValue: 'x', pattern: '{{ x }}' }))
      .toThrow(/\[apps\] ChartValue a\.pattern: "\{\{ x \}\}" is not allowed; must be a regular expression/);
  });
});


/**
 * A Node script that loads the TypeScript sources (transpiled on require, as
 * ts-jest does) and writes the chart `race` `rounds` times into `outdir`,
 * with `writer` in its description so the winner can be told.
 */
const WRITER_SCRIPT = `
const fs = require('fs');
const [root, outdir, writer, rounds] = process.argv.slice(2);
const load = name => require(require.resolve(name, { paths: [root] }));
const ts = load('typescript');
require.extensions['.ts'] = (m, filename) => {
  const out = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  m._compile(out.outputText, filename);
};
const { ApiObject, App, Chart } = load('cdk8s');
const { HelmChart } = require(root + '/src/helm/helm-chart');
const { ChartValue } = require(root + '/src/helm/chart-value');
const app = new App({ resolvers: [ChartValue.resolver()] });
const chart = new Chart(app, 'apps');
for (let i = 0; i < 30; i++) {
  new ApiObject(chart, 'cm' + i, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' + i }, data: { writer } });
}
const helm = new HelmChart(app, { name: 'race', description: 'Written by ' + writer + '.' });
// start together: each writer announces itself and waits for the other
fs.writeFileSync(outdir + '.ready-' + writer, '');
while (fs.readdirSync(require('path').dirname(outdir)).filter(f => f.includes('.ready-')).length < 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
// render once, then write many times: the race is in the writing
const files = helm.synth();
helm.synth = () => files;
for (let i = 0; i < Number(rounds); i++) helm.write(outdir);
`;

/** Runs the writer script; resolves with its exit code and stderr. */
function runWriter(script: string, outdir: string, writer: string, rounds: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const root = path.resolve(__dirname, '..', '..');
    const child = spawn(process.execPath, [script, root, outdir, writer, String(rounds)], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stderr }));
  });
}

describe('writing the chart folder', () => {
  test('two processes writing the same chart at once both succeed, leave one whole chart and no temporary folder', async () => {
    const dir = tmpdir();
    const script = path.join(dir, 'writer.js');
    fs.writeFileSync(script, WRITER_SCRIPT);
    const outdir = path.join(dir, 'helm');
    const results = await Promise.all([runWriter(script, outdir, 'one', 300), runWriter(script, outdir, 'two', 300)]);
    expect(results).toEqual([{ code: 0, stderr: '' }, { code: 0, stderr: '' }]);
    expect(fs.readdirSync(outdir)).toEqual(['race']);
    expect(fs.readdirSync(dir).sort()).toEqual(['helm', 'helm.ready-one', 'helm.ready-two', 'writer.js']);
    const chartYaml = fs.readFileSync(path.join(outdir, 'race', 'Chart.yaml'), 'utf8');
    const writer = /Written by (one|two)\./.exec(chartYaml)![1];
    const template = fs.readFileSync(path.join(outdir, 'race', 'templates', 'apps.yaml'), 'utf8');
    expect(template.match(/writer: (one|two)/g)).toEqual(Array(30).fill(`writer: ${writer}`));
    expect(helm('lint', '--strict', path.join(outdir, 'race')).stderr).toBe('');
  });

  test('a chart writer that was killed leaves nothing the next write keeps', () => {
    const app = valuesApp();
    new ApiObject(new Chart(app, 'apps'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } });
    const outdir = tmpdir();
    // what a writer killed between its steps leaves: its temporary folder and its lock (pid 2^22+1 never runs here)
    const dead = 4194305;
    fs.mkdirSync(path.join(outdir, `.leftover.tmp-${dead}-abc`));
    fs.writeFileSync(path.join(outdir, '.leftover.lock'), `${dead} 0123`);
    new HelmChart(app, { name: 'leftover' }).write(outdir);
    expect(fs.readdirSync(outdir).sort()).toEqual(['leftover']);
  });
});

describe('bad prop types are prop errors, never TypeErrors', () => {
  /** Values no typed language would let through, by name. */
  const HOSTILE: Record<string, () => unknown> = {
    null: () => null, function: () => () => 1, symbol: () => Symbol('s'), object: () => ({}), string: () => 'x', NaN: () => NaN, number: () => 7, list: () => [1],
  };
  /** The hostile values a field of each kind accepts (they are not hostile there). */
  const ACCEPTS: Record<string, string[]> = {
    string: ['string'], number: ['number'], map: ['object'], object: ['object'], list: [], duration: [], sink: [], boolean: [], enum: [], struct: ['object'], numberList: ['list'],
  };
  interface Case {
    readonly construct: string;
    readonly build: (chart: Chart, patch: Record<string, unknown>) => void;
    readonly fields: Record<string, string>;
  }
  const sink = () => Sink.fromUri('https://example.com');
  const CASES: Case[] = [
    {
      construct: 'Service',
      build: (c, p) => new Service(c, 'svc', { container: { image: 'ghcr.io/a/b:1' }, ...p } as any),
      fields: {
        'container': 'struct', 'container.image': 'string', 'container.port': 'number', 'container.args': 'list', 'container.envVariables': 'map',
        'timeout': 'duration', 'idleTimeout': 'duration', 'containerConcurrency': 'number', 'metadata': 'struct', 'metadata.name': 'string',
        'metadata.labels': 'map', 'traffic': 'list', 'visibility': 'enum', 'autoscaling': 'struct', 'autoscaling.minScale': 'number',
        'autoscaling.window': 'duration', 'revisionLabels': 'map', 'sidecars': 'list', 'revisionName': 'string', 'enableServiceLinks': 'boolean',
        'imagePullSecrets': 'list', 'serviceAccount': 'struct',
      },
    },
    {
      construct: 'Broker',
      build: (c, p) => new Broker(c, 'b', p as any),
      fields: {
        'metadata': 'struct', 'brokerClass': 'struct', 'config': 'struct', 'delivery': 'struct', 'delivery.retry': 'number', 'delivery.timeout': 'duration',
        'delivery.backoffDelay': 'duration', 'delivery.backoffPolicy': 'enum', 'delivery.deadLetterSink': 'sink',
      },
    },
    {
      construct: 'Trigger',
      build: (c, p) => new Trigger(c, 't', { broker: new Broker(c, 'b'), subscriber: sink(), ...p } as any),
      fields: { 'broker': 'struct', 'subscriber': 'sink', 'filter': 'map', 'filters': 'list', 'delivery': 'struct', 'delivery.timeout': 'duration', 'metadata': 'struct' },
    },
    {
      construct: 'PingSource',
      build: (c, p) => new PingSource(c, 'p', { schedule: '* * * * *', sink: sink(), ...p } as any),
      fields: { 'schedule': 'string', 'timezone': 'string', 'data': 'string', 'dataBase64': 'string', 'contentType': 'string', 'sink': 'sink', 'ceOverrides': 'map', 'metadata': 'struct' },
    },
    {
      construct: 'OpaqueSecret',
      build: (c, p) => new OpaqueSecret(c, 's', { source: SecretSource.fromExisting('s'), ...p } as any),
      fields: { source: 'struct', keys: 'list', metadata: 'struct' },
    },
    {
      construct: 'TlsSecret',
      build: (c, p) => new TlsSecret(c, 's', { source: SecretSource.fromExisting('s'), ...p } as any),
      fields: { withCaCertificate: 'boolean', metadata: 'struct' },
    },
    {
      construct: 'GitSshSecret',
      build: (c, p) => new GitSshSecret(c, 's', { source: SecretSource.fromExisting('s'), gitHosts: ['github.com'], ...p } as any),
      fields: { gitHosts: 'list', requireKnownHosts: 'boolean' },
    },
    {
      construct: 'SecretSource.fromExternalSecret',
      build: (c, p) => new OpaqueSecret(c, 's', { source: SecretSource.fromExternalSecret({ store: 'vault', key: 'k', ...p } as any) }),
      fields: { store: 'string', key: 'string', refreshInterval: 'duration', properties: 'map', version: 'string', storeKind: 'enum' },
    },
    {
      construct: 'SecretSource.fromSealedSecret',
      build: (c, p) => new OpaqueSecret(c, 's', { source: SecretSource.fromSealedSecret({ encryptedData: { a: sealedValue('a') }, ...p } as any) }),
      fields: { 'encryptedData': 'map', 'encryptedData.a': 'none', 'scope': 'enum' },
    },
    {
      construct: 'ChartValue.stringValue',
      build: (c, p) => ChartValue.stringValue(c, 'a.b', { defaultValue: 'x', ...p } as any),
      fields: { defaultValue: 'string', description: 'string', secret: 'boolean', pattern: 'string', allowedValues: 'list', minLength: 'number', maxLength: 'number', secretPlaceholder: 'string' },
    },
    {
      construct: 'ChartValue.integerValue',
      build: (c, p) => ChartValue.integerValue(c, 'a.b', { defaultValue: 1, ...p } as any),
      fields: { defaultValue: 'number', minimum: 'number', maximum: 'number', allowedValues: 'numberList', description: 'string' },
    },
  ];

  /** `{ a: { b: v } }` for path `a.b`. */
  function patchOf(field: string, value: unknown): Record<string, unknown> {
    return field.split('.').reverse().reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
  }

  for (const c of CASES) {
    test(`fails with a prop error for every hostile value of every ${c.construct} prop`, () => {
      const escapes: string[] = [];
      for (const [field, kind] of Object.entries(c.fields)) {
        for (const [name, make] of Object.entries(HOSTILE)) {
          if ((ACCEPTS[kind] ?? []).includes(name)) continue;
          const app = valuesApp();
          const chart = new Chart(app, 'c');
          const nested = field.split('.');
          const patch = nested.length === 1 ? { [field]: make() } : patchOf(field, make());
          const container = patch.container as Record<string, unknown>;
          if (nested.length > 1 && nested[0] === 'container' && !('image' in container)) container.image = 'ghcr.io/a/b:1';
          let outcome = 'accepted';
          try {
            c.build(chart, patch);
            app.synth();
          } catch (e) {
            const message = (e as Error).message;
            outcome = e instanceof TypeError ? `TypeError: ${message}` : /: .* is not allowed; (must|a |the )/.test(message) ? 'prop error' : `other: ${message.split('\n')[0]}`;
          }
          if (outcome !== 'prop error') escapes.push(`${c.construct} ${field} = ${name}: ${outcome}`);
        }
      }
      expect(escapes).toEqual([]);
    });
  }

  test('fails with a prop error naming the field for a string where a Duration is expected', () => {
    const chart = new Chart(valuesApp(), 'c');
    expect(() => new Service(chart, 'svc', { container: { image: 'ghcr.io/a/b:1' }, timeout: '30s' as unknown as Duration }))
      .toThrow(/^\[c\/svc\] timeout: "30s" is not allowed; must be a Duration, e.g. Duration.seconds\(30\) \(or left out\)$/);
    expect(() => new Broker(chart, 'b', { delivery: { timeout: (() => 1) as unknown as Duration } }))
      .toThrow(/^\[c\/b\] delivery\.timeout: a function is not allowed; must be a Duration/);
  });

  test('fails without printing plaintext secret data of the wrong type', () => {
    expect(() => SecretSource.unsafePlaintext({ token: { nested: 'pa55-CANARY' } } as unknown as Record<string, string>))
      .toThrow(/^SecretSource.unsafePlaintext stringData.token: a value of type object is not allowed; must be a string$/);
    expect(() => SecretSource.unsafePlaintext(null as unknown as Record<string, string>)).toThrow(/stringData: a value of type null is not allowed/);
  });
});

describe('risky defaults', () => {
  test('the chart keeps Namespaces and the Knative Operator objects on uninstall, and says so', () => {
    const app = valuesApp();
    const platform = new Chart(app, 'platform');
    new kplus.Namespace(platform, 'ns', { metadata: { name: 'knative-serving' } });
    new ApiObject(platform, 'serving', { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'knative-serving', namespace: 'knative-serving' } });
    new ApiObject(platform, 'own', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch', annotations: { 'helm.sh/resource-policy': 'delete-me-not' } } });
    new kplus.ConfigMap(platform, 'cm', { metadata: { name: 'cm', namespace: 'knative-serving' }, data: { a: 'b' } });
    const dir = new HelmChart(app, { name: 'keep' }).write(tmpdir());
    expect(helm('lint', '--strict', dir).stderr).toBe('');
    const objects = template(dir);
    const policy = (kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name).metadata.annotations?.['helm.sh/resource-policy'];
    expect(policy('Namespace', 'knative-serving')).toBe('keep');
    expect(policy('KnativeServing', 'knative-serving')).toBe('keep');
    expect(policy('Namespace', 'scratch')).toBe('delete-me-not');
    expect(policy('ConfigMap', 'cm')).toBeUndefined();
    const notes = helm('install', 'rel', dir, '--dry-run', '--namespace', 'ns').stdout;
    expect(notes).toContain('- kubectl delete namespace knative-serving\n');
    expect(notes).toContain('- kubectl delete knativeserving knative-serving -n knative-serving\n');
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('## Uninstall and disabled components');
  });

  test('an ApiServerSource that watches Secrets warns what reaches the sink', () => {
    const chart = new Chart(valuesApp(), 'c', { namespace: 'apps' });
    const sink = Sink.fromUri('https://example.com');
    const full = new ApiServerSource(chart, 'full', {
      resources: [{ apiVersion: 'v1', kind: 'Secret' }], mode: ApiServerSourceMode.RESOURCE, namespaceSelector: kplus.LabelSelector.of({ labels: { a: 'b' } }), sink,
    });
    expect(warningsOf(full)).toEqual([expect.stringMatching(/^watches Secrets in every namespace its namespaceSelector matches .* in Resource mode: every Secret's content .* is streamed to the sink/)]);
    const refs = new ApiServerSource(chart, 'refs', { resources: [{ apiVersion: 'v1', kind: 'Secret' }], sink });
    expect(warningsOf(refs)).toEqual([expect.stringMatching(/^watches Secrets in namespace apps: events carry only references, but the adapter's ServiceAccount may get, list and watch every Secret there/)]);
    const events = new ApiServerSource(chart, 'events', { resources: [{ apiVersion: 'v1', kind: 'Event' }], mode: ApiServerSourceMode.RESOURCE, sink });
    expect(warningsOf(events)).toEqual([]);
  });
});
