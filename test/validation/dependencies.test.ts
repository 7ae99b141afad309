import { NeedKind, needsOf, providerKindOf, tierOf } from '../../src/validation/dependencies';
import { definedKeys, referencesIn } from '../../src/validation/references';
import { Manifest } from '../../src/validation/types';

const ns = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const serving: Manifest = { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeServing', metadata: { name: 'knative-serving', namespace: 'knative-serving' } };
const eventing: Manifest = { apiVersion: 'operator.knative.dev/v1beta1', kind: 'KnativeEventing', metadata: { name: 'knative-eventing', namespace: 'knative-eventing' } };

describe('needsOf', () => {
  test('an object needs its Namespace, and the Operator resource that installs its CRDs', () => {
    const ksvc: Manifest = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'demo' } };
    const broker: Manifest = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: 'demo' } };
    const needs = needsOf([ksvc, broker, ns('demo'), ns('knative-serving'), serving, eventing]);
    expect(needs.map(n => [n.from, n.to, n.kind, n.reason])).toEqual([
      [0, 2, NeedKind.NAMESPACE, 'Namespace demo'],
      [0, 4, NeedKind.PROVIDER, 'KnativeServing knative-serving/knative-serving (installs the serving.knative.dev CRDs)'],
      [1, 2, NeedKind.NAMESPACE, 'Namespace demo'],
      [1, 5, NeedKind.PROVIDER, 'KnativeEventing knative-eventing/knative-eventing (installs the eventing.knative.dev CRDs)'],
      [4, 3, NeedKind.NAMESPACE, 'Namespace knative-serving'],
    ]);
  });

  test('a CRD of the app wins over the Operator, and a Namespace outside the app is no need', () => {
    const crd: Manifest = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'services.serving.knative.dev' },
      spec: { group: 'serving.knative.dev', names: { kind: 'Service' } },
    };
    const ksvc: Manifest = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'elsewhere' } };
    expect(needsOf([ksvc, serving, crd]).map(n => [n.from, n.to, n.kind])).toEqual([[0, 2, NeedKind.CRD]]);
  });

  test('references reach the object that defines the target, also a Secret an ExternalSecret writes; references can be left out', () => {
    const es: Manifest = {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'creds', namespace: 'demo' },
      spec: { target: { name: 'api-token' } },
    };
    const sa: Manifest = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'runner', namespace: 'demo' } };
    const deploy: Manifest = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'demo' },
      spec: {
        template: {
          spec: {
            serviceAccountName: 'runner',
            containers: [{ name: 'c', image: 'i', env: [{ name: 'T', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } }] }],
          },
        },
      },
    };
    const needs = needsOf([deploy, es, sa]);
    expect(needs.map(n => [n.from, n.to, n.kind, n.what, n.detail])).toEqual([
      [0, 1, NeedKind.REFERENCE, 'Secret demo/api-token', 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef'],
      [0, 2, NeedKind.REFERENCE, 'ServiceAccount demo/runner', 'spec.template.spec.serviceAccountName'],
    ]);
    expect(needsOf([deploy, es, sa], { references: false })).toEqual([]);
    expect(definedKeys(es)).toEqual(['external-secrets.io/ExternalSecret/demo/creds', '/Secret/demo/api-token']);
    expect(referencesIn(deploy).map(r => `${r.group}/${r.kind}/${r.namespace}/${r.name}`)).toEqual(['/ServiceAccount/demo/runner', '/Secret/demo/api-token']);
  });
});

describe('tiers', () => {
  test('Namespaces and CRDs, then Operator resources, then configuration, then Knative resources and Tekton runs', () => {
    expect([
      ns('a'), { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, serving,
      { apiVersion: 'v1', kind: 'Secret' }, { apiVersion: 'networking.istio.io/v1', kind: 'Gateway' }, { apiVersion: 'tekton.dev/v1', kind: 'Pipeline' },
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service' }, { apiVersion: 'sources.knative.dev/v1', kind: 'PingSource' },
      { apiVersion: 'tekton.dev/v1', kind: 'PipelineRun' },
    ].map(m => tierOf(m as Manifest))).toEqual([0, 0, 1, 2, 2, 2, 3, 3, 3]);
    expect(['serving.knative.dev', 'messaging.knative.dev', 'tekton.dev', 'toString'].map(providerKindOf))
      .toEqual(['KnativeServing', 'KnativeEventing', undefined, undefined]);
  });
});
