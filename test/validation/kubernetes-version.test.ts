/**
 * The Kubernetes version the schema layer checks core kinds against: 1.34, the version Knative 1.23
 * needs (imports/crds/kubernetes/v1.34.0, see imports/PROVENANCE.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateManifests } from '../../src/validation/engine';
import { Manifest, Problem } from '../../src/validation/types';

const K8S_DIR = path.resolve(__dirname, '../../imports/crds/kubernetes');
const line = (p: Problem) => `${p.severity} ${p.rule} ${p.path}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
const schemaLines = (...ms: Manifest[]) => validateManifests(ms, { layers: ['schema'] }).map(line);
const obj = (apiVersion: string, kind: string, extra: Record<string, unknown> = {}): Manifest => ({
  apiVersion, kind, metadata: { name: 'x', namespace: 'demo' }, ...extra,
});
const flowSchema = (apiVersion: string) => obj(apiVersion, 'FlowSchema', { spec: { priorityLevelConfiguration: { name: 'workload-low' } } });

describe('core kinds are checked against Kubernetes 1.34', () => {
  test('the vendored definitions are those of 1.34 only', () => {
    expect(fs.readdirSync(K8S_DIR)).toEqual(['v1.34.0']);
  });

  test('accepts a field added after 1.27: restartPolicy Always on an init container (a sidecar)', () => {
    const sidecar = { name: 'proxy', image: 'envoyproxy/envoy:v1.34.0', restartPolicy: 'Always' };
    const pod = obj('v1', 'Pod', { spec: { initContainers: [sidecar], containers: [{ name: 'app', image: 'nginx' }] } });
    const deployment = obj('apps/v1', 'Deployment', { spec: {
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { initContainers: [sidecar], containers: [{ name: 'app', image: 'nginx' }] } },
    } });
    expect(schemaLines(pod, deployment)).toEqual([]);
  });

  test('fails when a container field is misspelt (the 1.34 container fields are listed)', () => {
    const pod = obj('v1', 'Pod', { spec: { containers: [{ name: 'app', image: 'nginx', restartPolicyy: 'Always' }] } });
    expect(schemaLines(pod)).toEqual([
      expect.stringMatching(/^error schema\/unknown-field spec\.containers\[0\]\.restartPolicyy: unknown field "restartPolicyy" \(did you mean "restartPolicy"\?/),
    ]);
  });

  test('fails when an API version removed before 1.34 is used, naming the versions 1.34 serves', () => {
    expect(schemaLines(
      flowSchema('flowcontrol.apiserver.k8s.io/v1beta2'),
      obj('autoscaling/v2beta2', 'HorizontalPodAutoscaler', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 2 } }),
      obj('resource.k8s.io/v1alpha2', 'ResourceClaim', { spec: {} }),
    )).toEqual([
      'error schema/api-version apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2" is not a served version of FlowSchema (use flowcontrol.apiserver.k8s.io/v1)',
      'error schema/api-version apiVersion: "autoscaling/v2beta2" is not a served version of HorizontalPodAutoscaler (use autoscaling/v1 or autoscaling/v2)',
      'error schema/api-version apiVersion: "resource.k8s.io/v1alpha2" is not a served version of ResourceClaim (use resource.k8s.io/v1 or resource.k8s.io/v1beta1 or resource.k8s.io/v1beta2)',
    ]);
  });

  test('accepts the version that replaced it: flowcontrol.apiserver.k8s.io/v1 (GA in 1.29)', () => {
    expect(schemaLines(flowSchema('flowcontrol.apiserver.k8s.io/v1'))).toEqual([]);
  });

  test('fails when a kind is unknown in any API group of 1.34: every group is fully known', () => {
    const defs = JSON.parse(fs.readFileSync(path.join(K8S_DIR, 'v1.34.0', '_definitions.json'), 'utf8')) as { definitions: Record<string, Record<string, unknown>> };
    // The kinds the API serves; DeleteOptions and WatchEvent list every group, also groups that serve no kind.
    const groups = new Set<string>();
    for (const def of Object.values(defs.definitions)) {
      const gvks = def['x-kubernetes-group-version-kind'];
      if (Array.isArray(gvks) && gvks.length === 1) groups.add((gvks[0] as { group: string }).group);
    }
    expect(groups.has('storagemigration.k8s.io')).toBe(true);
    const unknown = [...groups].sort().map(g => obj(g === '' ? 'v1' : `${g}/v1`, 'NoSuchKind'));
    const problems = validateManifests(unknown, { layers: ['schema'] }).filter(p => p.path === 'kind' || p.rule === 'schema/not-checked');
    expect(problems.map(p => `${p.object.apiVersion} ${p.rule}`)).toEqual(unknown.map(m => `${m.apiVersion} schema/unknown-kind`));
  });

  test('fails with a "did you mean" for a misspelt kind of a group new since 1.27', () => {
    expect(schemaLines(obj('storagemigration.k8s.io/v1alpha1', 'StorageVersionMigratio'))).toEqual([
      'error schema/unknown-kind kind: "StorageVersionMigratio" is not a kind of storagemigration.k8s.io (did you mean "StorageVersionMigration"?)',
    ]);
  });

  test('fails when a Deployment repeats a container name or a mount path; a repeated env var name is only a warning (the API server admits it)', () => {
    const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => obj('apps/v1', 'Deployment', { spec: {
      selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers, ...extra } },
    } });
    const env = [{ name: 'LOG', value: 'info' }, { name: 'LOG', value: 'debug' }];
    expect(schemaLines(pod([{ name: 'app', image: 'nginx', env }], { imagePullSecrets: [{ name: 'r' }, { name: 'r' }] }))).toEqual([
      'warning schema/duplicate-key spec.template.spec.containers[0].env[1]: duplicate entry name="LOG", already at index 0'
        + ' (the API server admits it, but server-side apply refuses duplicates: keep one entry)',
      'warning schema/duplicate-key spec.template.spec.imagePullSecrets[1]: duplicate entry name="r", already at index 0'
        + ' (the API server admits it, but server-side apply refuses duplicates: keep one entry)',
    ]);
    const mounts = [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }];
    expect(schemaLines(pod([{ name: 'app', image: 'nginx', volumeMounts: mounts }, { name: 'app', image: 'nginx' }], {
      volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }],
    }))).toEqual([
      'error schema/duplicate-key spec.template.spec.containers[0].volumeMounts[1]: duplicate entry mountPath="/data", already at index 0 (entries must be unique by mountPath)',
      'error schema/duplicate-key spec.template.spec.containers[1]: duplicate entry name="app", already at index 0 (entries must be unique by name)',
    ]);
  });

  test('fails when a Knative Service repeats an env var name: the CRD schema keys env by name and the API server enforces it', () => {
    const ksvc = obj('serving.knative.dev/v1', 'Service', { spec: { template: { spec: { containers: [{ image: 'nginx', env: [{ name: 'A' }, { name: 'A' }] }] } } } });
    expect(schemaLines(ksvc)).toEqual([
      'error schema/duplicate-key spec.template.spec.containers[0].env[1]: duplicate entry name="A", already at index 0 (entries must be unique by name)',
    ]);
  });

  test('repeated finalizers are only a warning, in a built-in kind and a custom resource: the API server checks their names only', () => {
    const finalizers = ['example.com/cleanup', 'example.com/cleanup'];
    const cm = { ...obj('v1', 'ConfigMap'), metadata: { name: 'x', finalizers } };
    const broker = { ...obj('eventing.knative.dev/v1', 'Broker'), metadata: { name: 'x', namespace: 'demo', finalizers } };
    expect(schemaLines(cm, broker)).toEqual([
      'warning schema/unique metadata.finalizers: items 1 and 0 are identical (the API server admits it, but server-side apply refuses duplicates: keep one entry)',
      'warning schema/unique metadata.finalizers: items 1 and 0 are identical (the API server admits it, but server-side apply refuses duplicates: keep one entry)',
    ]);
  });
});
