import { DEFAULT_CLUSTER_CONFIG } from '../../../src/validation/config';
import { ALL_RULES } from '../../../src/validation/rules';
import { Manifest } from '../../../src/validation/types';

/** Odd values to put wherever a rule reads something. */
const ODD: unknown[] = [null, 'text', 42, -1, true, [], {}, [null], ['x'], [{}], [42], { a: null }];

/** Spec shapes that reach deeper into each kind's fields. */
function specsFor(odd: unknown): unknown[] {
  return [
    odd,
    { template: odd },
    { template: { metadata: odd, spec: odd } },
    { template: { metadata: { name: odd, annotations: odd }, spec: { containers: odd, volumes: odd, initContainers: odd } } },
    { template: { spec: { containers: [{ ports: odd, env: odd, envFrom: odd, volumeMounts: odd, securityContext: odd, readinessProbe: odd, image: odd }] } } },
    { template: { spec: { containers: [{ image: 'i', securityContext: { capabilities: odd }, readinessProbe: { httpGet: odd, periodSeconds: odd } }], volumes: [odd], securityContext: odd } } },
    { containers: odd, volumes: [{ name: 'v', projected: { sources: odd }, emptyDir: odd, persistentVolumeClaim: odd }] },
    { traffic: odd },
    { traffic: [odd, { tag: odd, percent: odd, revisionName: odd, latestRevision: odd }] },
    { ref: odd, config: odd, delivery: odd, broker: odd, brokerRef: odd, subscriber: odd, filter: odd, filters: odd },
    { delivery: { deadLetterSink: odd, retry: odd, backoffDelay: odd, timeout: odd, retryAfterMax: odd }, filter: { attributes: odd }, filters: [odd, { all: odd, any: odd, not: odd, cesql: odd, exact: odd }] },
    { channel: odd, reply: odd, subscribers: odd, channelTemplate: odd, steps: odd, branches: odd },
    { steps: [odd], branches: [odd, { subscriber: odd, filter: odd, delivery: odd }], subscribers: [odd, { subscriberUri: odd, delivery: odd }] },
    { sink: odd, ceOverrides: odd, schedule: odd, timezone: odd, data: odd, dataBase64: odd, contentType: 'application/json' },
    { sink: { ref: odd, uri: odd }, ceOverrides: { extensions: odd }, mode: odd, resources: odd, subject: odd, template: odd },
    { resources: [odd], subject: { selector: odd, name: odd, namespace: odd }, template: { spec: { containers: [odd] } } },
  ];
}

describe('rules never throw on odd shapes', () => {
  const kinds = [...new Set(ALL_RULES.flatMap(r => r.kinds))];
  test.each(kinds.map(k => [k]))('%s', (kind) => {
    const [group, name] = kind.split('/');
    let count = 0;
    for (const odd of ODD) {
      for (const spec of specsFor(odd)) {
        const metas: unknown[] = [{ name: 'x', annotations: odd, labels: odd }, { name: odd, generateName: odd }, odd];
        for (const metadata of metas) {
          const m = { apiVersion: `${group}/v1`, kind: name, metadata, spec } as unknown as Manifest;
          for (const r of ALL_RULES.filter(x => x.kinds.includes(kind))) {
            expect(() => r.check(m, { config: DEFAULT_CLUSTER_CONFIG })).not.toThrow();
            count++;
          }
        }
      }
    }
    expect(count).toBeGreaterThan(0);
  });
});
