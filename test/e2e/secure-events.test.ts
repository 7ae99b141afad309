/**
 * The secure-events example app (examples/apps/secure-events.ts), which uses
 * every kind issue 17 adds on the security and serving side: synthesized with
 * every validation layer, validated again by the CLI, and rendered by the real
 * `helm template`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { buildSecureEvents, SECURE_EVENTS_FEATURES } from '../../examples/apps/secure-events';
import { ChartValue, HelmChart } from '../../src/helm';
import { ensureBuilt, ROOT } from '../cli/ensure-built';
import { byKey, keyOf, plainObjects, template, tmpdir } from '../helm/helm-cli';

jest.setTimeout(120_000);

const CLI = path.join(ROOT, 'lib', 'src', 'cli', 'main.js');

describe('secure-events example', () => {
  const app = new App({ resolvers: [ChartValue.resolver()] });
  buildSecureEvents(app);
  const objects = plainObjects(app);
  const find = (kind: string, name: string) => {
    const found = objects.filter(o => o.kind === kind && o.metadata.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };
  let dir: string;

  beforeAll(() => {
    ensureBuilt(CLI);
    dir = tmpdir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('has every new kind', () => {
    const kinds = new Set(objects.map(o => o.kind));
    for (const kind of ['EventPolicy', 'EventTransform', 'RequestReply', 'ClusterDomainClaim', 'EventType', 'DomainMapping', 'Route']) {
      expect(kinds).toContain(kind);
    }
  });

  test('broker.allowFrom() writes one EventPolicy for the Broker with the source and the subject', () => {
    expect(find('EventPolicy', 'orders-allow').spec).toEqual({
      to: [{ ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'orders' } }],
      from: [
        { ref: { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', name: 'heartbeat', namespace: 'orders' } },
        { sub: 'system:serviceaccount:payments:*' },
      ],
    });
    expect(find('Broker', 'orders').metadata.annotations).toBeUndefined();
  });

  test('the external sink carries its audience and CA certificates', () => {
    const sink = find('PingSource', 'audit').spec.sink;
    expect(sink.audience).toBe('audit.example.com');
    expect(sink.CACerts).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  test('the operator objects turn the features on and set revision GC and rollout', () => {
    expect(find('KnativeEventing', 'knative-eventing').spec.config.features).toEqual(SECURE_EVENTS_FEATURES);
    const serving = find('KnativeServing', 'knative-serving').spec.config;
    expect(serving.gc).toEqual({ 'retain-since-create-time': '86400s', 'min-non-active-revisions': '5', 'max-non-active-revisions': '50' });
    expect(serving.network['rollout-duration']).toBe('120');
  });

  test('the Route is a canary of the Configuration and the domain is claimed for the namespace', () => {
    expect(find('Route', 'reports').spec.traffic).toEqual([
      { revisionName: 'reports-v1', latestRevision: false, percent: 90, tag: 'stable' },
      { configurationName: 'reports', latestRevision: true, percent: 10, tag: 'canary' },
    ]);
    const claim = find('ClusterDomainClaim', 'reports.example.com');
    expect(claim.metadata.namespace).toBeUndefined();
    expect(claim.spec).toEqual({ namespace: 'orders' });
  });

  test('the CLI validates the manifests with the features on, and rejects the EventPolicies without them', () => {
    const file = path.join(dir, 'secure-events.yaml');
    fs.writeFileSync(file, app.synthYaml());
    const features = Object.entries(SECURE_EVENTS_FEATURES).flatMap(([k, v]) => ['--feature', `${k}=${v}`]);
    const ok = spawnSync(process.execPath, [CLI, 'validate', ...features, file], { encoding: 'utf8' });
    expect(`${ok.stdout}${ok.stderr}`).toMatch(/all valid/);
    expect(ok.status).toBe(0);
    const stock = spawnSync(process.execPath, [CLI, 'validate', file], { encoding: 'utf8' });
    expect(stock.status).toBe(1);
    expect(stock.stdout).toMatch(/EventPolicy\/orders-allow: kind: an EventPolicy needs the Eventing feature authentication-oidc, which is disabled/);
  });

  test('helm template renders the same objects, the values reach them, and the CLI validates what it renders', () => {
    const chartDir = new HelmChart(app, { name: 'secure-events', version: '0.1.0' }).write(path.join(dir, 'helm'));
    const objectsOf = template(chartDir,
      '--set', 'secureEvents.trustedSubjects=system:serviceaccount:billing:*',
      '--set', 'secureEvents.reportsCanaryPercent=25');
    const rendered = byKey(objectsOf);
    expect(Object.keys(rendered).sort()).toEqual(objects.map(keyOf).sort());
    const policy = objectsOf.find(o => o.kind === 'EventPolicy' && o.metadata.name === 'orders-allow');
    expect(policy.spec.from[1]).toEqual({ sub: 'system:serviceaccount:billing:*' });
    expect(objectsOf.find(o => o.kind === 'Route').spec.traffic.map((t: any) => t.percent)).toEqual([75, 25]);
    const file = path.join(dir, 'rendered.yaml');
    fs.writeFileSync(file, objectsOf.map(o => JSON.stringify(o)).join('\n---\n'));
    const features = Object.entries(SECURE_EVENTS_FEATURES).flatMap(([k, v]) => ['--feature', `${k}=${v}`]);
    const run = spawnSync(process.execPath, [CLI, 'validate', ...features, file], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toMatch(/all valid/);
    expect(run.status).toBe(0);
  });

  test('fails helm template when a trusted subject has a "*" before its end', () => {
    const chartDir = new HelmChart(app, { name: 'secure-events', version: '0.1.0' }).write(path.join(dir, 'helm-bad'));
    expect(() => template(chartDir, '--set', 'secureEvents.trustedSubjects=system:*:x')).toThrow(/trustedSubjects/);
  });
});
