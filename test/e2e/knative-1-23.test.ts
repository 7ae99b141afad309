/**
 * One app with every kind that Knative 1.22/1.23 adds to this package
 * (examples/apps/secure-events.ts, event-sinks.ts and any-source.ts in one
 * app): it synthesizes with every validation layer, the CLI validates its
 * YAML under the cluster flags the app states, and the real helm renders its
 * chart into objects the CLI validates too.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { AnySourceChart } from '../../examples/apps/any-source';
import { EventSinksChart } from '../../examples/apps/event-sinks';
import { buildSecureEvents, SECURE_EVENTS_FEATURES } from '../../examples/apps/secure-events';
import * as kn from '../../src';
import { ensureBuilt, ROOT } from '../cli/ensure-built';
import { helm, parseObjects, tmpdir } from '../helm/helm-cli';

jest.setTimeout(120_000);

const bin = path.join(ROOT, 'lib/src/cli/main.js');
const NEW_KINDS = [
  'CloudPubSubSource', 'RabbitmqSource', 'IntegrationSource', 'IntegrationSink', 'JobSink', 'KafkaSink',
  'EventPolicy', 'RequestReply', 'EventTransform', 'ClusterDomainClaim', 'ConfigMap',
];

function buildApp(): App {
  const app = new App({ resolvers: [kn.ChartValue.resolver()] });
  buildSecureEvents(app);
  new EventSinksChart(app, 'sinks', 'order-sinks');
  new AnySourceChart(app, 'ingest');
  return app;
}

function validate(file: string): { status: number | null; out: string } {
  const features = Object.entries(SECURE_EVENTS_FEATURES).flatMap(([k, v]) => ['--feature', `${k}=${v}`]);
  const r = spawnSync(process.execPath, [bin, 'validate', ...features, file], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('an app with every kind of Knative 1.22/1.23', () => {
  const app = buildApp();
  const yaml = app.synthYaml();
  const objects = parseObjects(yaml);

  test('synthesizes with every validation layer and holds every new kind', () => {
    const kinds = new Set(objects.map(o => o.kind));
    for (const kind of NEW_KINDS) expect(kinds).toContain(kind);
    const kafkaBroker = objects.find(o => o.kind === 'Broker' && o.metadata.annotations?.['eventing.knative.dev/broker.class'] === 'Kafka');
    expect(kafkaBroker).toBeDefined();
  });

  test('the CLI validates its YAML under the flags the app states: no error', () => {
    ensureBuilt(bin);
    const file = path.join(tmpdir(), 'app.yaml');
    fs.writeFileSync(file, yaml);
    const r = validate(file);
    expect(r.status).toBe(0);
  });

  test('its Helm chart renders with the real helm, and the CLI validates what it renders', () => {
    ensureBuilt(bin);
    const dir = new kn.HelmChart(app, { name: 'knative-1-23', version: '1.0.0', description: 'Every Knative 1.22/1.23 kind.' }).write(tmpdir());
    const rendered = helm('template', 'rel', dir, '--namespace', 'ns');
    expect(rendered.stderr).toBe('');
    expect(rendered.ok).toBe(true);
    const kinds = new Set(parseObjects(rendered.stdout).map(o => o.kind));
    for (const kind of NEW_KINDS) expect(kinds).toContain(kind);
    const file = path.join(tmpdir(), 'rendered.yaml');
    fs.writeFileSync(file, rendered.stdout);
    const r = validate(file);
    expect(r.status).toBe(0);
  });
});
