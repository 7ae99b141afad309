import * as kplus from 'cdk8s-plus-27';
import {
  ApiServerSource, ContainerSource, GitHubEventType, GitHubSource, IntegrationInput, IntegrationSource, KafkaSource, PingSource, Sink,
  SinkBinding, SinkBindingSubject, Source, Volume,
} from '../../../src';
import { ConstructSweep, VALUE } from './harness';

/** Sweep entries of the event sources (src/sources). */
export const SWEEP: ConstructSweep[] = [
  {
    construct: 'PingSource',
    build: (chart, v) => {
      new PingSource(chart, 'ping', {
        metadata: { name: 'ping' },
        schedule: v.str('schedule', '*/5 * * * *', '0 3 * * *'),
        timezone: v.str('timezone', 'Europe/Paris', 'America/New_York'),
        data: v.str('data', '{"hello":"world"}', '{"hello":"helm"}'),
        contentType: v.str('contentType', 'application/json', 'text/plain'),
        ceOverrides: { team: v.str('team', 'shop', 'payments') },
        sink: Sink.fromUri('http://ping.sweep.svc.cluster.local'),
      });
      // data and dataBase64 exclude each other: a second source for the binary data
      new PingSource(chart, 'binary', {
        metadata: { name: 'binary' },
        schedule: '@hourly',
        dataBase64: v.str('dataBase64', 'aGVsbG8=', 'aGVsbSE='),
        sink: Sink.fromUri('http://ping.sweep.svc.cluster.local'),
      });
    },
    props: {
      schedule: VALUE,
      timezone: VALUE,
      data: VALUE,
      contentType: VALUE,
      dataBase64: VALUE,
      ceOverrides: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.schedule=every day'], error: /sweep\/schedule'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.timezone=not a zone'], error: /sweep\/timezone'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.dataBase64=not base64!'], error: /sweep\/dataBase64'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.schedule=CRON_TZ=UTC 0 3 * * *'], error: /sweep\/schedule'.*does not match pattern/ },
    ],
  },
  {
    construct: 'KafkaSource',
    build: (chart, v) => {
      const secret = new kplus.Secret(chart, 'kafka-auth', { metadata: { name: 'kafka-auth' } });
      new KafkaSource(chart, 'kafka', {
        metadata: { name: 'orders' },
        bootstrapServers: v.list('bootstrapServers', ['my-cluster-kafka-bootstrap.kafka:9092'], ['a.kafka:9092', 'b.kafka:9093']),
        topics: v.list('topics', ['orders'], ['payments', 'refunds']),
        consumerGroup: v.str('consumerGroup', 'orders-group', 'payments-group'),
        consumers: v.int('consumers', 2, 7),
        delivery: { retry: v.int('retry', 3, 11) },
        sasl: {
          mechanism: { secret, key: v.str('saslMechanismKey', 'mechanism', 'sasl-mechanism') },
          user: { secret, key: v.str('saslUserKey', 'user', 'sasl-user') },
          password: { secret, key: v.str('saslPasswordKey', 'password', 'sasl-password') },
        },
        tls: {
          caCert: { secret, key: v.str('tlsCaCertKey', 'ca.crt', 'ca-bundle.pem') },
          cert: { secret, key: v.str('tlsCertKey', 'tls.crt', 'client.pem') },
          key: { secret, key: v.str('tlsKeyKey', 'tls.key', 'client-key.pem') },
        },
        ceOverrides: { team: v.str('team', 'shop', 'payments-team') },
        sink: Sink.fromUri('http://orders.sweep.svc.cluster.local'),
      });
    },
    props: {
      'bootstrapServers': VALUE,
      'topics': VALUE,
      'consumerGroup': VALUE,
      'consumers': VALUE,
      'delivery.retry': VALUE,
      'sasl.mechanism.key': VALUE,
      'sasl.user.key': VALUE,
      'sasl.password.key': VALUE,
      'tls.caCert.key': VALUE,
      'tls.cert.key': VALUE,
      'tls.key.key': VALUE,
      'ceOverrides': VALUE,
    },
    refused: [
      { sets: ['--set-json', 'sweep.bootstrapServers=["no-port.kafka"]'], error: /sweep\/bootstrapServers\/0'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.topics=[]'], error: /sweep\/topics'.*minItems: got 0, want 1/ },
      { sets: ['--set-string', 'sweep.consumerGroup=  '], error: /sweep\/consumerGroup'.*does not match pattern/ },
      { sets: ['--set', 'sweep.consumers=-1'], error: /sweep\/consumers'.*minimum: got -1, want 0/ },
      { sets: ['--set-string', 'sweep.saslUserKey=user name'], error: /sweep\/saslUserKey'.*does not match pattern/ },
    ],
  },
  {
    construct: 'GitHubSource',
    build: (chart, v) => {
      const secret = new kplus.Secret(chart, 'github-auth', { metadata: { name: 'github-auth' } });
      new GitHubSource(chart, 'github', {
        metadata: { name: 'github' },
        ownerAndRepository: v.str('ownerAndRepository', 'knative/docs', 'knative-extensions/eventing-github'),
        eventTypes: [GitHubEventType.PUSH, GitHubEventType.PULL_REQUEST],
        accessToken: { secret, key: v.str('accessTokenKey', 'accessToken', 'access-token') },
        secretToken: { secret, key: v.str('secretTokenKey', 'secretToken', 'webhook-secret') },
        githubApiUrl: v.str('githubApiUrl', 'https://github.example.com/api/v3/', 'https://ghe.example.org/api/v3/'),
        ceOverrides: { team: v.str('team', 'docs', 'eventing') },
        sink: Sink.fromUri('http://github.sweep.svc.cluster.local'),
      });
    },
    props: {
      'ownerAndRepository': VALUE,
      'accessToken.key': VALUE,
      'secretToken.key': VALUE,
      'githubApiUrl': VALUE,
      'ceOverrides': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.ownerAndRepository=knative docs'], error: /sweep\/ownerAndRepository'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.githubApiUrl=github.example.com'], error: /sweep\/githubApiUrl'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.secretTokenKey=secret/token'], error: /sweep\/secretTokenKey'.*does not match pattern/ },
    ],
  },
  {
    construct: 'ApiServerSource',
    build: (chart, v) => {
      new ApiServerSource(chart, 'apiserver', {
        metadata: { name: 'changes' },
        resources: [
          {
            apiVersion: v.str('apiVersion', 'apps/v1', 'apps/v1beta2'),
            kind: v.str('kind', 'Deployment', 'StatefulSet'),
            resource: v.str('resource', 'deployments', 'statefulsets'),
          },
          { apiVersion: 'v1', kind: v.str('eventKind', 'Event', 'ConfigMap'), resource: v.str('eventResource', 'events', 'configmaps') },
        ],
        owner: { apiVersion: v.str('ownerApiVersion', 'apps/v1', 'apps/v1beta1'), kind: v.str('ownerKind', 'ReplicaSet', 'DaemonSet') },
        ceOverrides: { team: v.str('team', 'platform', 'platform-team') },
        sink: Sink.fromUri('http://changes.sweep.svc.cluster.local'),
      });
    },
    props: {
      'resources[].apiVersion': VALUE,
      'resources[].kind': VALUE,
      'resources[].resource': VALUE,
      'owner.apiVersion': VALUE,
      'owner.kind': VALUE,
      'ceOverrides': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.kind=deployment'], error: /sweep\/kind'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.apiVersion=batch/v1'], error: /sweep\/apiVersion'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.resource=Deployments'], error: /sweep\/resource'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.ownerKind=replica set'], error: /sweep\/ownerKind'.*does not match pattern/ },
    ],
  },
  {
    construct: 'ContainerSource',
    build: (chart, v) => {
      new ContainerSource(chart, 'container', {
        metadata: { name: 'heartbeats' },
        containers: [{
          name: v.str('name', 'beats', 'pulse'),
          image: v.str('image', 'ghcr.io/knative/heartbeats:1.0', 'ghcr.io/knative/heartbeats:2.0'),
          command: v.list('command', ['/heartbeats'], ['/pulse']),
          args: v.list('args', ['--period=1'], ['--period=30']),
          workingDir: v.str('workingDir', '/work', '/srv/beats'),
          port: v.int('port', 8080, 8181),
          securityContext: {
            runAsUser: v.int('runAsUser', 25000, 25123),
            runAsGroup: v.int('runAsGroup', 26000, 26123),
            addCapabilities: v.list('addCapabilities', ['NET_BIND_SERVICE'], ['NET_RAW']),
          },
          volumeMounts: [{
            volume: Volume.fromEmptyDir('cache'),
            path: v.str('mountPath', '/cache', '/pulse'),
            subPath: v.str('subPath', 'beats', 'pulse-cache'),
          }],
        }],
        ceOverrides: { team: v.str('team', 'beats', 'beats-team') },
        sink: Sink.fromUri('http://beats.sweep.svc.cluster.local'),
      });
    },
    props: {
      'containers[].name': VALUE,
      'containers[].image': VALUE,
      'containers[].command': VALUE,
      'containers[].args': VALUE,
      'containers[].workingDir': VALUE,
      'containers[].port': VALUE,
      'containers[].securityContext.runAsUser': VALUE,
      'containers[].securityContext.runAsGroup': VALUE,
      'containers[].securityContext.addCapabilities': VALUE,
      'containers[].volumeMounts[].path': VALUE,
      'containers[].volumeMounts[].subPath': VALUE,
      'ceOverrides': VALUE,
    },
    refused: [
      { sets: ['--set', 'sweep.port=70000'], error: /sweep\/port'.*maximum: got 70,000, want 65,535/ },
    ],
  },
  {
    construct: 'IntegrationSource',
    build: (chart, v) => {
      new IntegrationSource(chart, 'integration', {
        metadata: { name: 'timer' },
        input: IntegrationInput.timer({
          message: v.str('message', 'tick', 'tock'),
          contentType: v.str('contentType', 'text/plain', 'text/csv'),
          repeatCount: v.int('repeatCount', 10, 12),
        }),
        ceOverrides: { team: v.str('team', 'clock', 'clock-team') },
        sink: Sink.fromUri('http://timer.sweep.svc.cluster.local'),
      });
    },
    props: {
      ceOverrides: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.contentType=plain text'], error: /sweep\/contentType'.*does not match pattern/ },
    ],
  },
  {
    construct: 'SinkBinding',
    build: (chart, v) => {
      new SinkBinding(chart, 'binding', {
        metadata: { name: 'binding' },
        subject: SinkBindingSubject.fromKindAndName('apps/v1', 'Deployment', v.str('subjectName', 'producer', 'emitter')),
        ceOverrides: { team: v.str('team', 'producers', 'emitters') },
        sink: Sink.fromUri('http://binding.sweep.svc.cluster.local'),
      });
    },
    props: {
      ceOverrides: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.subjectName='], error: /sweep\/subjectName'.*minLength: got 0, want 1/ },
    ],
  },
  {
    construct: 'Source',
    build: (chart, v) => {
      const source = new Source(chart, 'source', {
        metadata: { name: 'rabbit' },
        apiVersion: `sources.knative.dev/${v.str('version', 'v1alpha1', 'v1beta1')}`,
        kind: v.str('kind', 'RabbitmqSource', 'RabbitSource'),
        resourcePlural: v.str('resourcePlural', 'rabbitmqsources', 'rabbitsources'),
        spec: { broker: v.str('broker', 'amqp://rabbit.sweep:5672', 'amqp://rabbit-two.sweep:5672'), replicas: v.int('replicas', 1, 4) },
        ceOverrides: { team: v.str('team', 'rabbits', 'rabbit-team') },
        sink: Sink.fromUri('http://rabbit.sweep.svc.cluster.local'),
      });
      // the plural shows where RBAC names the kind
      new kplus.Role(chart, 'reader').allowRead(source);
    },
    props: {
      apiVersion: VALUE,
      kind: VALUE,
      resourcePlural: VALUE,
      spec: VALUE,
      ceOverrides: VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.version=1.0'], error: /apiVersion.*must be "<group>\/<version>" of a custom resource/ },
      { sets: ['--set-string', 'sweep.kind=rabbit'], error: /sweep\/kind'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.resourcePlural=Rabbits'], error: /sweep\/resourcePlural'.*does not match pattern/ },
    ],
  },
];
