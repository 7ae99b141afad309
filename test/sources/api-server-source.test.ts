import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Sink } from '../../src/eventing';
import { ApiServerSource, ApiServerSourceMode, pluralResource } from '../../src/sources';

const sink = Sink.fromUri('https://sink.example.com');

function nsChart(): Chart {
  return new Chart(Testing.app(), 'c', { namespace: 'ops' });
}

function byKind(manifests: any[], kind: string): any[] {
  return manifests.filter(m => m.kind === kind);
}

describe('ApiServerSource', () => {
  test('writes the source spec', () => {
    const chart = nsChart();
    new ApiServerSource(chart, 'S', {
      metadata: { name: 'events' },
      resources: [
        { apiVersion: 'v1', kind: 'Event' },
        { apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: kplus.LabelSelector.of({ labels: { app: 'web' } }) },
      ],
      mode: ApiServerSourceMode.RESOURCE,
      owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      sink,
      ceOverrides: { cluster: 'prod' },
    });
    const manifests = Testing.synth(chart);
    const [sa] = byKind(manifests, 'ServiceAccount');
    const [source] = byKind(manifests, 'ApiServerSource');
    expect(source).toEqual({
      apiVersion: 'sources.knative.dev/v1',
      kind: 'ApiServerSource',
      metadata: { name: 'events', namespace: 'ops' },
      spec: {
        mode: 'Resource',
        resources: [
          { apiVersion: 'v1', kind: 'Event' },
          { apiVersion: 'apps/v1', kind: 'Deployment', selector: { matchLabels: { app: 'web' } } },
        ],
        owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
        serviceAccountName: sa.metadata.name,
        sink: { uri: 'https://sink.example.com' },
        ceOverrides: { extensions: { cluster: 'prod' } },
      },
    });
    expect(sa.automountServiceAccountToken).toBe(true);
  });

  test('the generated Role grants only get, list and watch on exactly the listed resources', () => {
    const chart = nsChart();
    new ApiServerSource(chart, 'S', {
      resources: [
        { apiVersion: 'v1', kind: 'Event' },
        { apiVersion: 'v1', kind: 'Pod' },
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
        { apiVersion: 'example.com/v1', kind: 'Widget', resource: 'widgetz' },
      ],
      sink,
    });
    const manifests = Testing.synth(chart);
    expect(manifests.map(m => m.kind).sort()).toEqual(['ApiServerSource', 'Role', 'RoleBinding', 'ServiceAccount']);
    const [sa] = byKind(manifests, 'ServiceAccount');
    const [role] = byKind(manifests, 'Role');
    const [binding] = byKind(manifests, 'RoleBinding');
    expect(role.metadata.namespace).toBe('ops');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['events', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['example.com'], resources: ['widgetz'], verbs: ['get', 'list', 'watch'] },
    ]);
    for (const rule of role.rules) {
      expect(rule.verbs).toEqual(['get', 'list', 'watch']);
      expect(rule.resources).not.toContain('*');
      expect(rule.apiGroups).not.toContain('*');
      expect(rule.nonResourceURLs).toBeUndefined();
    }
    expect(binding).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: binding.metadata.name, namespace: 'ops' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'ops' }],
    });
  });

  test('a namespace selector gets a ClusterRole with the same narrow rules', () => {
    const chart = nsChart();
    new ApiServerSource(chart, 'S', {
      resources: [{ apiVersion: 'v1', kind: 'Event' }],
      namespaceSelector: kplus.LabelSelector.of({ labels: { env: 'prod' } }),
      sink,
    });
    const manifests = Testing.synth(chart);
    expect(manifests.map(m => m.kind).sort()).toEqual(['ApiServerSource', 'ClusterRole', 'ClusterRoleBinding', 'ServiceAccount']);
    const [sa] = byKind(manifests, 'ServiceAccount');
    const [role] = byKind(manifests, 'ClusterRole');
    const [binding] = byKind(manifests, 'ClusterRoleBinding');
    const [source] = byKind(manifests, 'ApiServerSource');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }]);
    expect(role.aggregationRule).toBeUndefined();
    expect(role.metadata.namespace).toBeUndefined();
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'ops' }]);
    expect(source.spec.namespaceSelector).toEqual({ matchLabels: { env: 'prod' } });
  });

  test('a given ServiceAccount is used and no RBAC is generated', () => {
    const chart = nsChart();
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'Sa', 'watcher');
    new ApiServerSource(chart, 'S', { resources: [{ apiVersion: 'v1', kind: 'Event' }], serviceAccount: sa, sink });
    const manifests = Testing.synth(chart);
    expect(manifests.map(m => m.kind)).toEqual(['ApiServerSource']);
    expect(manifests[0].spec.serviceAccountName).toBe('watcher');
    expect(manifests[0].spec.mode).toBe('Reference');
  });

  test('plural resource names', () => {
    expect(['Event', 'Ingress', 'NetworkPolicy', 'Endpoints', 'Gateway', 'Mesh'].map(pluralResource))
      .toEqual(['events', 'ingresses', 'networkpolicies', 'endpoints', 'gateways', 'meshes']);
  });

  test('fails when no resource is listed', () => {
    expect(() => new ApiServerSource(nsChart(), 'S', { resources: [], sink })).toThrow(/\[c\/S\] resources: \[\] is not allowed; list at least one resource to watch/);
  });

  test('fails when an apiVersion is malformed', () => {
    expect(() => new ApiServerSource(nsChart(), 'S', { resources: [{ apiVersion: 'apps/v1/x', kind: 'Deployment' }], sink }))
      .toThrow(/\[c\/S\] resources\[0\].apiVersion: "apps\/v1\/x" is not allowed; must be "<version>" or "<group>\/<version>"/);
  });

  test('fails when a kind is empty', () => {
    expect(() => new ApiServerSource(nsChart(), 'S', { resources: [{ apiVersion: 'v1', kind: '' }], sink })).toThrow(/\[c\/S\] resources\[0\].kind: "" is not allowed/);
  });

  test('fails when the mode is unknown', () => {
    expect(() => new ApiServerSource(nsChart(), 'S', { resources: [{ apiVersion: 'v1', kind: 'Event' }], mode: 'Full' as ApiServerSourceMode, sink }))
      .toThrow(/\[c\/S\] mode: "Full" is not allowed; must be ApiServerSourceMode.REFERENCE or ApiServerSourceMode.RESOURCE/);
  });

  test('fails when the owner kind is missing', () => {
    expect(() => new ApiServerSource(nsChart(), 'S', { resources: [{ apiVersion: 'v1', kind: 'Event' }], owner: { apiVersion: 'apps/v1', kind: '' }, sink }))
      .toThrow(/\[c\/S\] owner.kind: "" is not allowed/);
  });

  test('fails when a namespace selector is used without a known namespace', () => {
    expect(() => new ApiServerSource(Testing.chart(), 'S', { resources: [{ apiVersion: 'v1', kind: 'Event' }], namespaceSelector: kplus.LabelSelector.of({ labels: { a: 'b' } }), sink }))
      .toThrow(/\[test\/S\] namespaceSelector: "set" is not allowed; a ClusterRoleBinding must name the ServiceAccount's namespace/);
  });
});
