import { checkReferences } from '../../src/validation/references';
import { Manifest } from '../../src/validation/types';

const ns = 'demo';
const meta = (name: string, namespace: string | undefined = ns) => ({ name, ...(namespace ? { namespace } : {}) });
const obj = (apiVersion: string, kind: string, name: string, rest: Record<string, unknown> = {}, namespace?: string): Manifest =>
  ({ apiVersion, kind, metadata: meta(name, namespace ?? ns), ...rest });

const broker = obj('eventing.knative.dev/v1', 'Broker', 'default');
const ksvc = (podSpec: Record<string, unknown>, name = 'hello') =>
  obj('serving.knative.dev/v1', 'Service', name, { spec: { template: { spec: { containers: [{ image: 'x' }], ...podSpec } } } });
const trigger = (spec: Record<string, unknown>) => obj('eventing.knative.dev/v1', 'Trigger', 't', { spec });
const sinkTo = (name: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name } });

function missing(manifests: Manifest[], externals = []) {
  return checkReferences(manifests, externals).map(v => `${v.index} ${v.rule} ${v.path}: ${v.message}`);
}

describe('reference layer', () => {
  test('a Trigger needs its Broker and subscriber', () => {
    const t = trigger({ broker: 'default', subscriber: sinkTo('hello') });
    expect(missing([broker, ksvc({}), t])).toEqual([]);
    expect(missing([t])).toEqual([
      '0 reference/broker spec.broker: refers to Broker "default" in namespace "demo", which is not defined',
      '0 reference/destination spec.subscriber.ref: refers to Service "hello" in namespace "demo", which is not defined',
    ]);
  });

  test('every violation says what to do', () => {
    const [v] = checkReferences([trigger({ broker: 'default' })]);
    expect(v.hint).toMatch(/add it, or import it as an object that exists outside the app/);
  });

  test('external objects count as existing', () => {
    const t = trigger({ broker: 'default', subscriber: sinkTo('hello') });
    expect(missing([t], [
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: ns },
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespace: ns },
    ] as any)).toEqual([]);
  });

  test('an external object in namespace "*" matches every namespace', () => {
    expect(missing([trigger({ broker: 'default' })], [
      { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: '*' },
    ] as any)).toEqual([]);
  });

  test('references match group, kind, namespace and name', () => {
    const t = trigger({ broker: 'default', subscriber: sinkTo('hello') });
    const k8sService = obj('v1', 'Service', 'hello');
    const otherNs = obj('eventing.knative.dev/v1', 'Broker', 'default', {}, 'other');
    expect(missing([t, k8sService, otherNs]).map(m => m.split(':')[0])).toEqual([
      '0 reference/broker spec.broker',
      '0 reference/destination spec.subscriber.ref',
    ]);
  });

  test('a ref with a namespace looks there; objects without a namespace are in "default"', () => {
    const sub = sinkTo('hello');
    const t = trigger({ broker: 'default', subscriber: { ref: { ...sub.ref, namespace: 'apps' } } });
    expect(missing([broker, t, obj('serving.knative.dev/v1', 'Service', 'hello', {}, 'apps')])).toEqual([]);
    const plainTrigger = { ...trigger({ broker: 'default' }), metadata: { name: 't' } };
    const plainBroker = { ...broker, metadata: { name: 'default', namespace: 'default' } };
    expect(missing([plainTrigger, plainBroker])).toEqual([]);
  });

  test('sinks, replies and dead letter sinks anywhere in a spec are checked', () => {
    const ping = obj('sources.knative.dev/v1', 'PingSource', 'p', { spec: { schedule: '* * * * *', sink: sinkTo('gone') } });
    const parallel = obj('flows.knative.dev/v1', 'Parallel', 'par', {
      spec: { branches: [{ subscriber: sinkTo('hello'), filter: sinkTo('filter') }], reply: sinkTo('reply') },
    });
    const brokerWithDls = obj('eventing.knative.dev/v1', 'Broker', 'b', { spec: { delivery: { deadLetterSink: sinkTo('dls') } } });
    const uriOnly = obj('sources.knative.dev/v1', 'PingSource', 'u', { spec: { sink: { uri: 'https://example.com' } } });
    expect(missing([ping, parallel, brokerWithDls, uriOnly, ksvc({})]).map(m => m.split(':')[0])).toEqual([
      '0 reference/destination spec.sink.ref',
      '1 reference/destination spec.branches[0].filter.ref',
      '1 reference/destination spec.reply.ref',
      '2 reference/destination spec.delivery.deadLetterSink.ref',
    ]);
  });

  test('a Sequence needs its steps', () => {
    const seq = obj('flows.knative.dev/v1', 'Sequence', 's', { spec: { steps: [sinkTo('hello'), sinkTo('step2'), { uri: 'http://x' }] } });
    expect(missing([seq, ksvc({})])).toEqual([
      '0 reference/destination spec.steps[1].ref: refers to Service "step2" in namespace "demo", which is not defined',
    ]);
  });

  test('a Subscription needs its Channel and subscriber', () => {
    const channel = obj('messaging.knative.dev/v1', 'InMemoryChannel', 'orders');
    const sub = obj('messaging.knative.dev/v1', 'Subscription', 's', {
      spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'orders' }, subscriber: sinkTo('hello') },
    });
    expect(missing([channel, ksvc({}), sub])).toEqual([]);
    expect(missing([sub, ksvc({})])).toEqual([
      '0 reference/channel spec.channel: refers to InMemoryChannel "orders" in namespace "demo", which is not defined',
    ]);
  });

  test('env, envFrom and volumes need their Secrets and ConfigMaps unless optional', () => {
    const svc = ksvc({
      containers: [{
        image: 'x',
        env: [
          { name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'a' } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'b' } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'maybe', key: 'c', optional: true } } },
          { name: 'D', value: 'plain' },
        ],
        envFrom: [{ secretRef: { name: 'bulk' } }, { configMapRef: { name: 'bulk-cm' } }],
      }],
      volumes: [
        { name: 'v1', secret: { secretName: 'files' } },
        { name: 'v2', configMap: { name: 'files-cm' } },
        { name: 'v3', projected: { sources: [{ secret: { name: 'proj' } }, { configMap: { name: 'proj-cm', optional: true } }] } },
        { name: 'v4', emptyDir: {} },
      ],
    });
    expect(missing([svc]).map(m => m.split(':')[0])).toEqual([
      '0 reference/secret spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef',
      '0 reference/config-map spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef',
      '0 reference/secret spec.template.spec.containers[0].envFrom[0].secretRef',
      '0 reference/config-map spec.template.spec.containers[0].envFrom[1].configMapRef',
      '0 reference/secret spec.template.spec.volumes[0].secret',
      '0 reference/config-map spec.template.spec.volumes[1].configMap',
      '0 reference/secret spec.template.spec.volumes[2].projected.sources[0].secret',
    ]);
    const defined = ['creds', 'bulk', 'files', 'proj'].map(n => obj('v1', 'Secret', n))
      .concat(['settings', 'bulk-cm', 'files-cm'].map(n => obj('v1', 'ConfigMap', n)));
    expect(missing([svc, ...defined])).toEqual([]);
  });

  test('an ExternalSecret or SealedSecret provides the Secret it writes', () => {
    const svc = ksvc({ containers: [{ image: 'x', envFrom: [{ secretRef: { name: 'db' } }, { secretRef: { name: 'api' } }, { secretRef: { name: 'sealed-tpl' } }] }] });
    const es = obj('external-secrets.io/v1', 'ExternalSecret', 'db', { spec: {} });
    const esTarget = obj('external-secrets.io/v1', 'ExternalSecret', 'api-sync', { spec: { target: { name: 'api' } } });
    const sealed = obj('bitnami.com/v1alpha1', 'SealedSecret', 'x', { spec: { template: { metadata: { name: 'sealed-tpl' } } } });
    expect(missing([svc, es, esTarget, sealed])).toEqual([]);
    expect(missing([svc, es])).toHaveLength(2);
  });

  test('a ServiceAccount must exist, except a namespace\'s default one', () => {
    expect(missing([ksvc({ serviceAccountName: 'runner' })])).toEqual([
      '0 reference/service-account spec.template.spec.serviceAccountName: refers to ServiceAccount "runner" in namespace "demo", which is not defined',
    ]);
    expect(missing([ksvc({ serviceAccountName: 'runner' }), obj('v1', 'ServiceAccount', 'runner')])).toEqual([]);
    expect(missing([ksvc({ serviceAccountName: 'default' })])).toEqual([]);
    const apiSource = obj('sources.knative.dev/v1', 'ApiServerSource', 'a', { spec: { serviceAccountName: 'watcher', resources: [] } });
    expect(missing([apiSource]).map(m => m.split(':')[0])).toEqual(['0 reference/service-account spec.serviceAccountName']);
  });

  test('a RoleBinding needs its Role and ServiceAccount subjects', () => {
    const rb = obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rb', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'watcher' }, { kind: 'User', name: 'jane' }],
    });
    expect(missing([rb]).map(m => m.split(':')[0])).toEqual(['0 reference/role roleRef', '0 reference/service-account subjects[0]']);
    expect(missing([rb, obj('rbac.authorization.k8s.io/v1', 'Role', 'reader'), obj('v1', 'ServiceAccount', 'watcher')])).toEqual([]);
    const clusterRole = { ...rb, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [] };
    expect(missing([clusterRole])).toEqual([]);
  });

  test('a VirtualService needs its Gateways; "mesh" (the sidecars) and Knative\'s gateways always exist', () => {
    const gw = (name: string, namespace = ns) => obj('networking.istio.io/v1', 'Gateway', name, { spec: { servers: [] } }, namespace);
    const vs = obj('networking.istio.io/v1', 'VirtualService', 'vs', {
      spec: {
        hosts: ['hello.example.com'],
        gateways: ['public', 'istio-system/shared', 'mesh', 'knative-serving/knative-ingress-gateway', 'knative-serving/knative-local-gateway'],
        http: [{ match: [{ gateways: ['internal'] }], route: [] }],
      },
    });
    expect(missing([vs]).map(m => m.split(':')[1].trim())).toEqual([
      'refers to Gateway "public" in namespace "demo", which is not defined',
      'refers to Gateway "shared" in namespace "istio-system", which is not defined',
      'refers to Gateway "internal" in namespace "demo", which is not defined',
    ]);
    expect(missing([vs, gw('public'), gw('shared', 'istio-system'), gw('internal')])).toEqual([]);
  });

  test('a DomainMapping needs its target', () => {
    const dm = obj('serving.knative.dev/v1beta1', 'DomainMapping', 'hello.example.com', {
      spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' } },
    });
    expect(missing([dm])).toEqual([
      '0 reference/domain-mapping spec.ref: refers to Service "hello" in namespace "demo", which is not defined',
    ]);
    expect(missing([dm, ksvc({})])).toEqual([]);
  });

  test('objects that are not Kubernetes objects are skipped', () => {
    expect(missing([null as any, { kind: 'Trigger' } as any, trigger({ broker: 'default' }), broker])).toEqual([]);
  });

  test('large inputs are indexed once (linear work)', () => {
    const many: Manifest[] = [];
    for (let i = 0; i < 5000; i++) {
      many.push(obj('eventing.knative.dev/v1', 'Broker', `b${i}`));
      many.push({ ...trigger({ broker: `b${i}` }), metadata: meta(`t${i}`) });
    }
    many.push({ ...trigger({ broker: 'nope' }), metadata: meta('lost') });
    expect(missing(many)).toEqual([
      '10000 reference/broker spec.broker: refers to Broker "nope" in namespace "demo", which is not defined',
    ]);
  });
});
