import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  ApiServerSource, ChartValue, GitHubEventType, GitHubSource, HelmChart, IntegrationInput, IntegrationSource, KafkaSource, PingSource, Sink, Source,
} from '../../src';
import { helm, template, tmpdir } from '../helm/helm-cli';

/**
 * Issue 15 on the sources: props take chart values, the checks read a
 * value's default at synth, and the chart refuses at install what the
 * construct refuses at synth.
 */

const sink = Sink.fromUri('http://events.shop.svc.cluster.local');

function chartApp(): { app: App; chart: Chart } {
  const app = new App({ resolvers: [ChartValue.resolver()] });
  return { app, chart: new Chart(app, 'c', { namespace: 'shop' }) };
}

function str(chart: Chart, p: string, defaultValue: string): string {
  return ChartValue.stringValue(chart, p, { defaultValue }).asString();
}

function writeChart(app: App): string {
  return new HelmChart(app, { name: 'sources' }).write(tmpdir());
}

describe('GitHubSource and ApiServerSource take chart values (issue reports)', () => {
  let dir: string;
  beforeAll(() => {
    const { app, chart } = chartApp();
    const secret = new kplus.Secret(chart, 'auth', { metadata: { name: 'auth' } });
    new GitHubSource(chart, 'repo', {
      metadata: { name: 'repo' },
      ownerAndRepository: str(chart, 'github.repository', 'knative/docs'),
      eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: 'secretToken' },
      sink,
    });
    new GitHubSource(chart, 'org', {
      metadata: { name: 'org' },
      ownerAndRepository: `${str(chart, 'github.owner', 'knative')}/eventing`,
      eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: 'secretToken' },
      sink,
    });
    new ApiServerSource(chart, 'changes', {
      metadata: { name: 'changes' },
      resources: [{
        apiVersion: str(chart, 'watch.apiVersion', 'apps/v1'),
        kind: str(chart, 'watch.kind', 'Deployment'),
        resource: str(chart, 'watch.resource', 'deployments'),
      }],
      sink,
    });
    dir = writeChart(app);
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('plain synth writes the defaults, the generated Role grants the default group and plural', () => {
    const objects = chartApp();
    const secret = new kplus.Secret(objects.chart, 'auth', { metadata: { name: 'auth' } });
    new GitHubSource(objects.chart, 'repo', {
      ownerAndRepository: str(objects.chart, 'github.repository', 'knative/docs'),
      eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: 'secretToken' },
      sink,
    });
    new ApiServerSource(objects.chart, 'changes', {
      resources: [{ apiVersion: str(objects.chart, 'a', 'apps/v1'), kind: str(objects.chart, 'k', 'Deployment'), resource: str(objects.chart, 'r', 'deployments') }],
      sink,
    });
    const manifests = objects.app.synthYaml();
    expect(manifests).toContain('ownerAndRepository: knative/docs');
    expect(manifests).toMatch(/apiGroups:\n\s+- apps\n\s+resources:\n\s+- deployments/);
  });

  test('helm template --set renders other repositories and kinds, in the source and in the Role', () => {
    const objects = template(dir, '--set', 'github.repository=knative/eventing', '--set', 'github.owner=knative-extensions',
      '--set', 'watch.apiVersion=apps/v1beta2', '--set', 'watch.kind=StatefulSet', '--set', 'watch.resource=statefulsets');
    expect(objects.find(o => o.kind === 'GitHubSource' && o.metadata.name === 'repo').spec.ownerAndRepository).toBe('knative/eventing');
    expect(objects.find(o => o.kind === 'GitHubSource' && o.metadata.name === 'org').spec.ownerAndRepository).toBe('knative-extensions/eventing');
    expect(objects.find(o => o.kind === 'ApiServerSource').spec.resources).toEqual([{ apiVersion: 'apps/v1beta2', kind: 'StatefulSet' }]);
    expect(objects.find(o => o.kind === 'Role').rules).toEqual([{ apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list', 'watch'] }]);
  });

  test('fails when a repository value is not "owner/repository", whole or inside a longer string', () => {
    const whole = helm('template', 'rel', dir, '--set', 'github.repository=knative docs');
    expect(whole.ok).toBe(false);
    expect(whole.stderr).toMatch(/github\/repository'.*does not match pattern/);
    const inside = helm('template', 'rel', dir, '--set', 'github.owner=-bad owner');
    expect(inside.ok).toBe(false);
    expect(inside.stderr).toContain('[c/org] ownerAndRepository: the chart values (github.owner=-bad owner) make it not allowed; must be "owner/repository" or "owner"');
  });

  test('fails when a kind value is not UpperCamelCase, or an apiVersion value leaves the group the Role grants', () => {
    const kind = helm('template', 'rel', dir, '--set', 'watch.kind=deployment');
    expect(kind.ok).toBe(false);
    expect(kind.stderr).toMatch(/watch\/kind'.*does not match pattern/);
    const group = helm('template', 'rel', dir, '--set', 'watch.apiVersion=batch/v1');
    expect(group.ok).toBe(false);
    expect(group.stderr).toMatch(/watch\/apiVersion'.*does not match pattern/);
    const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
    const rules = schema.properties.watch.properties.apiVersion.allOf.map((r: any) => r.description);
    expect(rules).toContainEqual(expect.stringContaining('must stay in API group "apps", which the generated RBAC rule grants'));
  });
});

describe('the checks read a chart value\'s default', () => {
  test('fails when the default of ownerAndRepository is not "owner/repository"', () => {
    const { chart } = chartApp();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'github');
    expect(() => new GitHubSource(chart, 'g', {
      ownerAndRepository: str(chart, 'repo', 'knative docs'),
      eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: 'secretToken' },
      sink,
    })).toThrow(/\[c\/g\] ownerAndRepository: "knative docs" is not allowed; must be "owner\/repository" or "owner" .*\(this is the default of a chart value\)/);
  });

  test('fails when the default of githubApiUrl is not an absolute URL', () => {
    const { chart } = chartApp();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'github');
    expect(() => new GitHubSource(chart, 'g', {
      ownerAndRepository: 'knative/docs',
      eventTypes: [GitHubEventType.PUSH],
      accessToken: { secret, key: 'accessToken' },
      secretToken: { secret, key: str(chart, 'key', 'secretToken') },
      githubApiUrl: str(chart, 'url', 'github.example.com'),
      sink,
    })).toThrow(/githubApiUrl: "github.example.com" is not allowed; must be an absolute URL/);
  });

  test('fails when the default of a Secret key is not a Secret data key', () => {
    const { chart } = chartApp();
    const secret = kplus.Secret.fromSecretName(chart, 'S', 'kafka');
    expect(() => new KafkaSource(chart, 'k', {
      bootstrapServers: ['kafka:9092'], topics: ['orders'], sink,
      sasl: { user: { secret, key: str(chart, 'user', 'user name') }, password: { secret, key: 'password' } },
    })).toThrow(/\[c\/k\] sasl.user.key: "user name" is not allowed; must be a Secret data key/);
  });

  test('fails when the default of consumerGroup is blank', () => {
    const { chart } = chartApp();
    expect(() => new KafkaSource(chart, 'k', { bootstrapServers: ['kafka:9092'], topics: ['orders'], consumerGroup: str(chart, 'group', '  '), sink }))
      .toThrow(/\[c\/k\] consumerGroup: " {2}" is not allowed; must be non-empty when given/);
  });

  test('fails when the default of a watched kind is not UpperCamelCase', () => {
    const { chart } = chartApp();
    expect(() => new ApiServerSource(chart, 'a', { resources: [{ apiVersion: 'v1', kind: str(chart, 'kind', 'event'), resource: 'events' }], sink }))
      .toThrow(/\[c\/a\] resources\[0\].kind: "event" is not allowed; must be a Kubernetes kind in UpperCamelCase/);
  });

  test('fails when a watched kind is a chart value and no resource names its plural', () => {
    const { chart } = chartApp();
    expect(() => new ApiServerSource(chart, 'a', { resources: [{ apiVersion: 'v1', kind: str(chart, 'kind', 'Event') }], sink }))
      .toThrow(/\[c\/a\] resources\[0\].resource: .*give the plural resource name when kind is a chart value/);
  });

  test('a watched kind may be a chart value without resource when the source is given its identity', () => {
    const { chart } = chartApp();
    new ApiServerSource(chart, 'a', {
      resources: [{ apiVersion: str(chart, 'v', 'batch/v1'), kind: str(chart, 'kind', 'Job') }],
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'watcher'),
      sink,
    });
    const source = chart.toJson().find((o: any) => o.kind === 'ApiServerSource');
    expect(source.spec.resources).toEqual([{ apiVersion: 'batch/v1', kind: 'Job' }]);
    expect(source.spec.serviceAccountName).toBe('watcher');
  });

  test('the generic Source takes the version and the kind from chart values', () => {
    const { chart } = chartApp();
    new Source(chart, 's', {
      apiVersion: `sources.knative.dev/${str(chart, 'version', 'v1alpha1')}`,
      kind: str(chart, 'kind', 'RabbitmqSource'),
      resourcePlural: str(chart, 'plural', 'rabbitmqsources'),
      sink,
    });
    const [source] = chart.toJson();
    expect([source.apiVersion, source.kind]).toEqual(['sources.knative.dev/v1alpha1', 'RabbitmqSource']);
  });

  test('fails when the generic Source\'s group is a chart value', () => {
    const { chart } = chartApp();
    expect(() => new Source(chart, 's', { apiVersion: str(chart, 'apiVersion', 'sources.knative.dev/v1alpha1'), kind: 'RabbitmqSource', sink }))
      .toThrow(/\[c\/s\] apiVersion: "sources.knative.dev\/v1alpha1" is not allowed; write the group as text and take only the version from a chart value/);
  });

  test('fails when the generic Source\'s kind is a chart value and resourcePlural is not given', () => {
    const { chart } = chartApp();
    expect(() => new Source(chart, 's', { apiVersion: 'sources.knative.dev/v1alpha1', kind: str(chart, 'kind', 'RabbitmqSource'), sink }))
      .toThrow(/\[c\/s\] resourcePlural: .*give the plural resource name when kind is a chart value/);
  });

  test('fails when the whole ceOverrides map is a chart value', () => {
    const { chart } = chartApp();
    const overrides = ChartValue.objectValue(chart, 'overrides', { defaultValue: { team: 'shop' } }).asAny();
    expect(() => new PingSource(chart, 'p', { schedule: '@hourly', ceOverrides: overrides, sink }))
      .toThrow(/\[c\/p\] ceOverrides: "a chart value" is not allowed; give chart values as the values of the map/);
  });

  test('fails when the generic Source\'s whole spec is a chart value', () => {
    const { chart } = chartApp();
    const spec = ChartValue.objectValue(chart, 'spec', { defaultValue: { broker: 'amqp://rabbit:5672' } }).asAny();
    expect(() => new Source(chart, 's', { apiVersion: 'sources.knative.dev/v1alpha1', kind: 'RabbitmqSource', spec, sink }))
      .toThrow(/\[c\/s\] spec: "a chart value" is not allowed; give chart values as the values of spec fields/);
  });

  test('fails when the generic Source\'s default kind is a typed source', () => {
    const { chart } = chartApp();
    expect(() => new Source(chart, 's', { apiVersion: 'sources.knative.dev/v1', kind: str(chart, 'kind', 'PingSource'), resourcePlural: 'pingsources', sink }))
      .toThrow(/\[c\/s\] kind: "PingSource" is not allowed; use the typed construct PingSource/);
  });

  test('fails when a timer\'s default message is not JSON with contentType application/json', () => {
    const { chart } = chartApp();
    expect(() => new IntegrationSource(chart, 'i', {
      input: IntegrationInput.timer({ message: str(chart, 'message', 'tick'), contentType: str(chart, 'type', 'application/json') }),
      sink,
    })).toThrow(/\[c\/i\] input.timer.message: "tick" is not allowed; with contentType application\/json the message must be JSON/);
  });

  test('fails when a timer\'s default content type is not a media type', () => {
    const { chart } = chartApp();
    expect(() => new IntegrationSource(chart, 'i', { input: IntegrationInput.timer({ message: 'tick', contentType: str(chart, 'type', 'plain text') }), sink }))
      .toThrow(/\[c\/i\] input.timer.contentType: "plain text" is not allowed; must be a media type/);
  });
});

describe('PingSource data and schedule values', () => {
  test('fails at install when a data value is not a JSON object under contentType application/json', () => {
    const { app, chart } = chartApp();
    new PingSource(chart, 'p', { metadata: { name: 'p' }, schedule: '@hourly', contentType: 'application/json', data: str(chart, 'data', '{"a":1}'), sink });
    const dir = writeChart(app);
    try {
      expect(template(dir, '--set-json', `data=${JSON.stringify('{"b":2}')}`).find(o => o.kind === 'PingSource').spec.data).toBe('{"b":2}');
      const run = helm('template', 'rel', dir, '--set-string', 'data=hello');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/at '\/data'/);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  test('fails at install when the schedule value names a time zone and the timezone prop is set', () => {
    const { app, chart } = chartApp();
    new PingSource(chart, 'p', { metadata: { name: 'p' }, schedule: str(chart, 'schedule', '0 3 * * *'), timezone: 'Europe/Paris', sink });
    const dir = writeChart(app);
    try {
      const run = helm('template', 'rel', dir, '--set-string', 'schedule=CRON_TZ=UTC 0 3 * * *');
      expect(run.ok).toBe(false);
      expect(run.stderr).toMatch(/at '\/schedule'/);
      const schema = JSON.parse(fs.readFileSync(path.join(dir, 'values.schema.json'), 'utf8'));
      expect(schema.properties.schedule.allOf.map((r: any) => r.description))
        .toContainEqual(expect.stringContaining('the schedule already names a time zone (CRON_TZ=/TZ=); give the time zone in one place only'));
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
