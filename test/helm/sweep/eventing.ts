import {
  Broker, Channel, ClusterConfig, EventPolicy, EventTransform, EventType, InMemoryChannel, IntegrationOutput, IntegrationSink, JobSink, KafkaBrokerConfig,
  KafkaChannel, KafkaSink, KafkaSource, Parallel, PingSource, RequestReply, Sequence, Sink, Subscription, Trigger, TriggerFilter, Validation, Volume,
} from '../../../src';
import { ConstructSweep, VALUE, Values } from './harness';

/** Sweep entries of the eventing constructs (src/eventing). */

/** A sink whose whole URI is a chart value (Sink.fromUri takes one). */
function uriSink(v: Values, key: string): Sink {
  return Sink.fromUri(v.str(key, `http://${key}.sweep.svc.cluster.local`, `https://${key}.example.com/events`));
}

/** A sink whose host is a chart value inside the URI. */
function hostSink(v: Values, key: string): Sink {
  return Sink.fromUri(`http://${v.str(key, `${key}.sweep.svc.cluster.local`, `${key}.other.svc.cluster.local`)}/events`);
}

const OIDC = ClusterConfig.DEFAULT.withFeatures({ 'authentication-oidc': 'enabled' });

export const SWEEP: ConstructSweep[] = [
  {
    construct: 'Broker',
    build: (chart, v) => {
      new Broker(chart, 'broker', {
        metadata: { name: 'default' },
        config: {
          apiVersion: v.str('configApiVersion', 'v1', 'v1'),
          kind: v.str('configKind', 'ConfigMap', 'ConfigMap'),
          name: v.str('configName', 'config-br-default-channel', 'my-broker-config'),
          namespaceName: v.str('configNamespace', 'knative-eventing', 'my-config-ns'),
        },
        delivery: { retry: v.int('retry', 3, 7), deadLetterSink: uriSink(v, 'dls') },
      });
    },
    props: {
      'config.apiVersion': VALUE,
      'config.kind': VALUE,
      'config.name': VALUE,
      'config.namespaceName': VALUE,
      'delivery.retry': VALUE,
    },
    refused: [
      { sets: ['--set', 'sweep.retry=-1'], error: /sweep\/retry'.*(minimum|must be >=)/ },
      { sets: ['--set-string', 'sweep.configName='], error: /sweep\/configName/ },
      { sets: ['--set-string', 'sweep.dls=not a uri'], error: /sweep\/dls'.*does not match pattern/ },
    ],
  },
  {
    construct: 'Channel',
    build: (chart, v) => {
      new Channel(chart, 'channel', { metadata: { name: 'orders' }, delivery: { retry: v.int('retry', 2, 5) } });
    },
    props: { 'delivery.retry': VALUE },
    refused: [{ sets: ['--set', 'sweep.retry=-1'], error: /sweep\/retry/ }],
  },
  {
    construct: 'InMemoryChannel',
    build: (chart, v) => {
      new InMemoryChannel(chart, 'channel', { metadata: { name: 'orders' }, delivery: { retry: v.int('retry', 2, 5) } });
    },
    props: { 'delivery.retry': VALUE },
    refused: [{ sets: ['--set', 'sweep.retry=2147483648'], error: /sweep\/retry/ }],
  },
  {
    construct: 'KafkaChannel',
    build: (chart, v) => {
      new KafkaChannel(chart, 'channel', {
        metadata: { name: 'orders' },
        numPartitions: v.int('numPartitions', 3, 12),
        replicationFactor: v.int('replicationFactor', 1, 3),
        delivery: { retry: v.int('retry', 2, 5) },
      });
    },
    props: { 'delivery.retry': VALUE, 'numPartitions': VALUE, 'replicationFactor': VALUE },
    refused: [
      { sets: ['--set', 'sweep.numPartitions=0'], error: /sweep\/numPartitions/ },
      { sets: ['--set', 'sweep.replicationFactor=40000'], error: /sweep\/replicationFactor/ },
    ],
  },
  {
    construct: 'Subscription',
    build: (chart, v) => {
      const channel = new InMemoryChannel(chart, 'channel', { metadata: { name: 'orders' } });
      new Subscription(chart, 'subscription', {
        metadata: { name: 'orders-sub' },
        channel,
        subscriber: uriSink(v, 'subscriber'),
        reply: hostSink(v, 'reply'),
        delivery: { retry: v.int('retry', 2, 5) },
      });
    },
    props: { 'delivery.retry': VALUE },
    refused: [
      { sets: ['--set', 'sweep.retry=-3'], error: /sweep\/retry/ },
      { sets: ['--set-string', 'sweep.subscriber=/relative'], error: /sweep\/subscriber'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.reply=bad host'], error: /reply\.uri.*absolute URI/ },
    ],
  },
  {
    construct: 'Trigger',
    build: (chart, v) => {
      const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
      new Trigger(chart, 'trigger', {
        metadata: { name: 'orders' },
        broker,
        subscriber: uriSink(v, 'subscriber'),
        filter: {
          type: v.str('type', 'com.example.order', 'com.example.refund'),
          [v.str('attribute', 'subject', 'dataschema')]: v.str('subject', 'orders', 'https://schemas.example.com/v2'),
        },
        filters: [
          TriggerFilter.prefix(v.str('prefixAttribute', 'source', 'subject'), v.str('prefix', 'shop/', 'orders/')),
          TriggerFilter.cesql(v.str('cesql', "type = 'com.example.order'", "type LIKE 'com.example.%'")),
        ],
        delivery: { retry: v.int('retry', 2, 5) },
      });
    },
    props: { 'delivery.retry': VALUE, 'filter': VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.attribute=Not-A-Name'], error: /sweep\/attribute'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.prefixAttribute=x-y'], error: /sweep\/prefixAttribute'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.prefix='], error: /sweep\/prefix'.*minLength/ },
      { sets: ['--set', 'sweep.retry=-1'], error: /sweep\/retry/ },
    ],
  },
  {
    construct: 'Sequence',
    build: (chart, v) => {
      new Sequence(chart, 'sequence', {
        metadata: { name: 'pipeline' },
        steps: [{ subscriber: hostSink(v, 'step'), delivery: { retry: v.int('retry', 2, 5) } }],
        reply: uriSink(v, 'reply'),
      });
    },
    props: { 'steps[].delivery.retry': VALUE },
    refused: [
      { sets: ['--set', 'sweep.retry=-1'], error: /sweep\/retry/ },
      { sets: ['--set-string', 'sweep.step=a b'], error: /steps\[0\]\.uri.*absolute URI/ },
    ],
  },
  {
    construct: 'Parallel',
    build: (chart, v) => {
      new Parallel(chart, 'parallel', {
        metadata: { name: 'fanout' },
        branches: [{ subscriber: uriSink(v, 'branch'), filter: hostSink(v, 'filter'), delivery: { retry: v.int('retry', 2, 5) } }],
      });
    },
    props: { 'branches[].delivery.retry': VALUE },
    refused: [{ sets: ['--set', 'sweep.retry=-1'], error: /sweep\/retry/ }],
  },
  {
    construct: 'EventType',
    build: (chart, v) => {
      const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
      new EventType(chart, 'type', {
        metadata: { name: 'order-created' },
        cloudEventType: v.str('type', 'com.example.order.created', 'com.example.order.updated'),
        source: v.str('source', 'https://shop.example.com/orders', 'https://shop.example.com/refunds'),
        schema: v.str('schema', 'https://schemas.example.com/order.json', 'https://schemas.example.com/order-v2.json'),
        description: v.str('description', 'An order was created', 'An order was updated'),
        reference: broker,
        extensions: { [v.str('extension', 'tenant', 'customer')]: v.str('tenant', 'acme', 'globex') },
        attributes: [{ name: v.str('attribute', 'subject', 'region'), value: v.str('attributeValue', 'orders', 'eu-west') }],
      });
    },
    props: {
      'attributes[].name': VALUE,
      'attributes[].value': VALUE,
      'cloudEventType': VALUE,
      'description': VALUE,
      'extensions': VALUE,
      'schema': VALUE,
      'source': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.type= '], error: /sweep\/type'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.extension=type'], error: /sweep\/extension'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.attribute=source'], error: /sweep\/attribute'.*does not match pattern/ },
    ],
  },
  {
    construct: 'EventPolicy',
    clusterConfig: OIDC,
    build: (chart, v) => {
      Validation.of(chart.node.root).configure({ clusterConfig: OIDC });
      const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
      // the senders the default and the overridden reference name (rendered objects are checked without imports)
      new PingSource(chart, 'heartbeat', { metadata: { name: 'heartbeat', namespace: 'other' }, schedule: '* * * * *', sink: Sink.fromUri('http://x.other.svc') });
      new KafkaSource(chart, 'orders', {
        metadata: { name: 'orders-source', namespace: 'kafka-sources' }, bootstrapServers: ['k.kafka:9092'], topics: ['orders'], sink: Sink.fromUri('http://x.other.svc'),
      });
      new EventPolicy(chart, 'policy', {
        metadata: { name: 'orders-policy' },
        to: [broker],
        toSelectors: [{
          apiVersion: v.str('selectorApiVersion', 'eventing.knative.dev/v1', 'messaging.knative.dev/v1'),
          kind: v.str('selectorKind', 'Broker', 'Channel'),
          matchLabels: { team: v.str('team', 'shop', 'payments') },
        }],
        fromReferences: [{
          apiVersion: v.str('fromApiVersion', 'sources.knative.dev/v1', 'sources.knative.dev/v1beta1'),
          kind: v.str('fromKind', 'PingSource', 'KafkaSource'),
          name: v.str('fromName', 'heartbeat', 'orders-source'),
          namespaceName: v.str('fromNamespace', 'other', 'kafka-sources'),
        }],
        fromSubjects: [v.str('subject', 'system:serviceaccount:payments:checkout', 'system:serviceaccount:payments:*')],
      });
    },
    props: {
      'fromReferences[].apiVersion': VALUE,
      'fromReferences[].kind': VALUE,
      'fromReferences[].name': VALUE,
      'fromReferences[].namespaceName': VALUE,
      'fromSubjects': VALUE,
      'toSelectors[].apiVersion': VALUE,
      'toSelectors[].kind': VALUE,
      'toSelectors[].matchLabels': VALUE,
    },
    refused: [
      { sets: ['--set-string', 'sweep.subject=system:*:payments'], error: /sweep\/subject'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.fromName='], error: /sweep\/fromName/ },
    ],
  },
  {
    construct: 'EventTransform',
    build: (chart, v) => {
      new EventTransform(chart, 'transform', {
        metadata: { name: 'enrich' },
        jsonata: v.str('jsonata', '{ "specversion": "1.0", "id": id, "type": "order.enriched", "source": source, "data": $ }',
          '{ "specversion": "1.0", "id": id, "type": "order.v2", "source": source, "data": data }'),
        sink: uriSink(v, 'sink'),
        replyJsonata: v.str('replyJsonata', '$', '{ "data": data }'),
      });
    },
    props: { jsonata: VALUE, replyJsonata: VALUE },
    refused: [{ sets: ['--set-string', 'sweep.jsonata=  '], error: /sweep\/jsonata'.*does not match pattern/ }],
  },
  {
    construct: 'RequestReply',
    build: (chart, v) => {
      const broker = new Broker(chart, 'broker', { metadata: { name: 'default' } });
      new RequestReply(chart, 'rr', {
        metadata: { name: 'rr' },
        broker,
        correlationAttribute: v.str('correlation', 'correlationid', 'requestid'),
        replyAttribute: v.str('reply', 'replyid', 'answerid'),
        delivery: { retry: v.int('retry', 2, 5) },
      });
    },
    props: { correlationAttribute: VALUE, replyAttribute: VALUE, 'delivery.retry': VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.correlation=id'], error: /sweep\/correlation'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.reply=Reply-Id'], error: /sweep\/reply'.*does not match pattern/ },
    ],
  },
  {
    construct: 'IntegrationSink',
    build: (chart, v) => {
      // the props hold no string or number; the output's options take chart values
      new IntegrationSink(chart, 'log', {
        metadata: { name: 'log' },
        output: IntegrationOutput.log({ level: v.str('level', 'INFO', 'DEBUG'), loggerName: v.str('loggerName', 'events', 'audit') }),
      });
    },
    props: {},
  },
  {
    construct: 'JobSink',
    build: (chart, v) => {
      const scratch = Volume.fromEmptyDir('scratch');
      new JobSink(chart, 'job', {
        metadata: { name: 'jobs' },
        backoffLimit: v.int('backoffLimit', 2, 4),
        containers: [{
          name: v.str('name', 'worker', 'runner'),
          image: v.str('image', 'ghcr.io/acme/worker:1.0', 'ghcr.io/acme/worker:2.0'),
          command: [v.str('command', '/bin/worker', '/bin/runner')],
          args: [v.str('arg', '--once', '--verbose')],
          workingDir: v.str('workingDir', '/work', '/srv'),
          securityContext: {
            runAsUser: v.int('runAsUser', 1000, 2000),
            runAsGroup: v.int('runAsGroup', 1000, 3000),
            addCapabilities: [v.str('capability', 'NET_BIND_SERVICE', 'CHOWN')],
          },
          volumeMounts: [{ volume: scratch, path: v.str('mountPath', '/scratch', '/work-area'), subPath: v.str('subPath', 'a', 'b') }],
        }],
      });
    },
    props: {
      'backoffLimit': VALUE,
      'containers[].args': VALUE,
      'containers[].command': VALUE,
      'containers[].image': VALUE,
      'containers[].name': VALUE,
      'containers[].port': 'a JobSink\'s containers are all sidecars of a Job: the construct refuses a port (only a Knative Service\'s serving container has one)',
      'containers[].securityContext.addCapabilities': VALUE,
      'containers[].securityContext.runAsGroup': VALUE,
      'containers[].securityContext.runAsUser': VALUE,
      'containers[].volumeMounts[].path': VALUE,
      'containers[].volumeMounts[].subPath': VALUE,
      'containers[].workingDir': VALUE,
    },
    refused: [{ sets: ['--set', 'sweep.backoffLimit=-1'], error: /sweep\/backoffLimit/ }],
  },
  {
    construct: 'KafkaSink',
    build: (chart, v) => {
      new KafkaSink(chart, 'sink', {
        metadata: { name: 'orders' },
        topic: v.str('topic', 'orders', 'payments'),
        bootstrapServers: v.list('servers', ['my-cluster-kafka-bootstrap.kafka:9092'], ['a.kafka:9092', 'b.kafka:9093']),
        numPartitions: v.int('numPartitions', 3, 6),
        replicationFactor: v.int('replicationFactor', 1, 3),
      });
    },
    props: { bootstrapServers: VALUE, numPartitions: VALUE, replicationFactor: VALUE, topic: VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.topic=bad topic!'], error: /sweep\/topic'.*does not match pattern/ },
      { sets: ['--set-json', 'sweep.servers=["no-port"]'], error: /sweep\/servers/ },
      { sets: ['--set', 'sweep.numPartitions=0'], error: /sweep\/numPartitions/ },
    ],
  },
  {
    construct: 'KafkaBrokerConfig',
    build: (chart, v) => {
      new KafkaBrokerConfig(chart, 'config', {
        metadata: { name: 'kafka-broker-config', namespace: 'sweep' },
        bootstrapServers: [v.str('servers', 'my-cluster-kafka-bootstrap.kafka:9092', 'a.kafka:9092,b.kafka:9093'), 'backup.kafka:9092'],
        defaultTopicPartitions: v.int('partitions', 10, 20),
        defaultTopicReplicationFactor: v.int('replicationFactor', 3, 1),
        topicConfig: { [v.str('setting', 'retention.ms', 'cleanup.policy')]: v.str('settingValue', '604800000', 'compact') },
      });
    },
    props: { bootstrapServers: VALUE, defaultTopicPartitions: VALUE, defaultTopicReplicationFactor: VALUE, topicConfig: VALUE },
    refused: [
      { sets: ['--set-string', 'sweep.servers=a.kafka'], error: /sweep\/servers'.*does not match pattern/ },
      { sets: ['--set-string', 'sweep.setting=Retention'], error: /sweep\/setting'.*does not match pattern/ },
      { sets: ['--set', 'sweep.partitions=0'], error: /sweep\/partitions/ },
    ],
  },
];
