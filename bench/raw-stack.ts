/**
 * The benchmark stack as plain cdk8s `ApiObject`s with literal JSON and no
 * checks: what cdk8s costs without this library (the baseline). It writes
 * the same YAML as `stack.ts`, byte for byte; the benchmark checks that.
 * Imports nothing from the library, so its process does not load it.
 */
import { ApiObject, Chart } from 'cdk8s';

/** Namespace of every object of the benchmark stack. */
export const BENCH_NAMESPACE = 'bench';
/** The image of every Service. */
export const IMAGE = 'registry.example.com/shop/svc@sha256:0f5c2b6b7e3a4d1c9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49382';
/** The CloudEvents type Service `i`'s Trigger filters on. */
export const eventType = (i: number): string => `com.example.shop.svc${i}.requested`;
/** The name of Service `i`. */
export const svcName = (i: number): string => `svc-${i}`;
/** The schedule of PingSource `g`. */
export const pingSchedule = (g: number): string => `${g % 60} * * * *`;
/** The data of PingSource `g`. */
export const pingData = (g: number): string => `{"group":${g}}`;

/** The JSON of every object of the stack, in the order {@link buildKnativeStack} creates them. */
export function rawStackObjects(n: number): Record<string, unknown>[] {
  const ns = BENCH_NAMESPACE;
  const out: Record<string, unknown>[] = [{
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: { name: 'default', namespace: ns },
    spec: {},
  }];
  for (let i = 0; i < n; i++) {
    const name = svcName(i);
    out.push({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `${name}-db`, namespace: ns },
      spec: {
        data: [{ remoteRef: { key: `shop/${name}/db`, property: 'password' }, secretKey: 'password' }],
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        target: { creationPolicy: 'Owner', template: { metadata: {}, type: 'Opaque' } },
      },
    });
    out.push({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: {
        template: {
          metadata: {
            annotations: {
              'autoscaling.knative.dev/max-scale': '20',
              'autoscaling.knative.dev/metric': 'concurrency',
              'autoscaling.knative.dev/min-scale': '1',
              'autoscaling.knative.dev/target': '40',
            },
          },
          spec: {
            containerConcurrency: 50,
            containers: [{
              env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: `${name}-db` } } }],
              image: IMAGE,
              name: 'user-container',
              ports: [{ containerPort: 8080 }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsGroup: 26000,
                runAsNonRoot: true,
                runAsUser: 25000,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }],
            enableServiceLinks: false,
          },
        },
        traffic: [
          { latestRevision: false, percent: 90, revisionName: `${name}-v1`, tag: 'stable' },
          { latestRevision: true, percent: 10, tag: 'canary' },
        ],
      },
    });
    out.push({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: `${name}-trigger`, namespace: ns },
      spec: {
        broker: 'default',
        filter: { attributes: { type: eventType(i) } },
        subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name, namespace: ns } },
      },
    });
  }
  for (let g = 0; g * 10 < n; g++) out.push(pingSource(g));
  return out;
}

/** Builds the same objects as plain `ApiObject`s with literal JSON: what cdk8s costs without this library. */
export function buildRawStack(chart: Chart, n: number): void {
  rawStackObjects(n).forEach((obj, i) => {
    const { apiVersion, kind, metadata, ...rest } = obj as { apiVersion: string; kind: string; metadata: Record<string, unknown> };
    new ApiObject(chart, `Obj${i}`, { apiVersion, kind, metadata, ...rest });
  });
}

function pingSource(g: number): Record<string, unknown> {
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'PingSource',
    metadata: { name: `ping-${g}`, namespace: BENCH_NAMESPACE },
    spec: {
      contentType: 'application/json',
      data: pingData(g),
      schedule: pingSchedule(g),
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: BENCH_NAMESPACE } },
    },
  };
}
