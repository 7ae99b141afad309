/**
 * The example app with every kind issue 17 adds here (examples/apps/event-sinks.ts
 * and examples/apps/any-source.ts): synthesized with all validation layers,
 * validated by the CLI from its YAML, and rendered by the real helm binary.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { AnySourceChart } from '../../examples/apps/any-source';
import { eventSinksApp } from '../../examples/apps/event-sinks';
import { ensureBuilt, ROOT } from '../cli/ensure-built';
import { byKey, keyOf, parseObjects, plainObjects, template, tmpdir } from '../helm/helm-cli';

const bin = path.join(ROOT, 'lib/src/cli/main.js');

describe('event sinks example', () => {
  const { app, helm } = eventSinksApp();
  const objects = plainObjects(app);
  const byName = byKey(objects);

  test('synthesizes every new kind with all validations', () => {
    expect(objects.map(keyOf).sort()).toEqual([
      'Broker/orders/orders',
      'CloudPubSubSource/orders/orders-pubsub',
      'ConfigMap/orders/kafka-broker-config',
      'ExternalSecret/orders/aws-credentials',
      'ExternalSecret/orders/kafka-auth',
      'IntegrationSink/orders/audit-log',
      'IntegrationSource/orders/heartbeat',
      'IntegrationSource/orders/orders-sqs',
      'JobSink/orders/invoice-pdf',
      'KafkaSink/orders/orders-archive',
      'Trigger/orders/archive-orders',
      'Trigger/orders/audit-everything',
      'Trigger/orders/invoice-orders',
    ]);
    expect(byName['Broker/orders/orders'].metadata.annotations['eventing.knative.dev/broker.class']).toBe('Kafka');
    expect(byName['KafkaSink/orders/orders-archive'].spec).toMatchObject({ topic: 'orders-archive', numPartitions: 6, bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'] });
    const job = byName['JobSink/orders/invoice-pdf'].spec.job.spec.template.spec;
    expect(job.restartPolicy).toBe('Never');
    expect(job.containers[0].securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  test('the any-source example synthesizes a CloudPubSubSource and a RabbitmqSource', () => {
    const a = Testing.app();
    new AnySourceChart(a, 'ingest');
    const kinds = parseObjects(a.synthYaml()).map(o => `${o.apiVersion} ${o.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['events.cloud.google.com/v1 CloudPubSubSource', 'sources.knative.dev/v1alpha1 RabbitmqSource']));
  });

  test('the CLI validates its YAML: no errors, only the not-checked warning of the unknown source kind', () => {
    ensureBuilt(bin);
    const file = path.join(tmpdir(), 'orders.yaml');
    fs.writeFileSync(file, app.synthYaml());
    const r = spawnSync(process.execPath, [bin, 'validate', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr + r.stdout).not.toMatch(/\berror\b/i);
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/CloudPubSubSource/);
  });

  test('the CLI rejects a broken copy (JobSink restarting Always, KafkaSink without topic)', () => {
    ensureBuilt(bin);
    const broken = objects.map(o => JSON.parse(JSON.stringify(o)));
    broken.find(o => o.kind === 'JobSink').spec.job.spec.template.spec.restartPolicy = 'Always';
    broken.find(o => o.kind === 'KafkaSink').spec.topic = '';
    const file = path.join(tmpdir(), 'broken.yaml');
    fs.writeFileSync(file, broken.map(o => JSON.stringify(o)).join('\n---\n'));
    const r = spawnSync(process.execPath, [bin, 'validate', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/JobSink\/invoice-pdf: spec\.job\.spec\.template\.spec\.restartPolicy: "Always" is not allowed for a Job/);
    expect(r.stdout + r.stderr).toMatch(/KafkaSink\/orders-archive: spec\.topic: topic is missing/);
    expect(r.stdout + r.stderr).toMatch(/2 errors/);
  });

  test('helm template renders the chart with its defaults and with values set', () => {
    const dir = helm.write(tmpdir());
    const rendered = byKey(template(dir));
    expect(Object.keys(rendered).map(k => k.replace('/ns/', '/orders/')).sort()).toEqual(Object.keys(byName).sort());
    const sink = Object.values(rendered).find((o: any) => o.kind === 'KafkaSink') as any;
    expect(sink.spec).toMatchObject({ topic: 'orders-archive', numPartitions: 6, bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'] });
    const changed = template(dir, '--set', 'kafka.bootstrapServers=kafka.prod:9093', '--set', 'kafka.topic=archive', '--set', 'kafka.partitions=12',
      '--set', 'aws.ordersQueue=arn:aws:sqs:eu-west-1:1:prod');
    const cm = changed.find(o => o.kind === 'ConfigMap');
    expect(cm.data).toMatchObject({ 'bootstrap.servers': 'kafka.prod:9093', 'default.topic.partitions': '12' });
    const ks = changed.find(o => o.kind === 'KafkaSink');
    expect(ks.spec).toMatchObject({ topic: 'archive', numPartitions: 12, bootstrapServers: ['kafka.prod:9093'] });
    expect(changed.find(o => o.kind === 'IntegrationSource' && o.spec.aws).spec.aws.sqs.arn).toBe('arn:aws:sqs:eu-west-1:1:prod');
  });
});
