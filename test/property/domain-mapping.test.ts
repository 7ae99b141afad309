import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { Construct } from 'constructs';
import { Destination, IAddressable, KReference } from '../../src/core';
import { DomainMapping, Service } from '../../src/serving';
import { ClusterConfig } from '../../src/validation/cluster-config';
import { Validation } from '../../src/validation/validation';
import { caseOf, FieldGen, modelled, ok, verdicts } from './gen';
import { assertProperty, checkCase, runsFor, timeoutFor, Verdict } from './harness';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A domain Knative maps: a DNS-1123 subdomain of at least two labels of at most 63 characters, not under the cluster's own domain. */
export function domainVerdict(d: string): Verdict {
  const labels = d.split('.');
  if (d.length > 253 || labels.length < 2 || !labels.every(l => LABEL.test(l) && l.length <= 63)) return 'bad';
  if (d === 'svc.cluster.local' || d.endsWith('.svc.cluster.local') || d.endsWith('.cluster.local')) return 'bad';
  return 'ok';
}
const domain = modelled(
  fc.oneof(fc.constantFrom('api.example.com', 'a.b', 'x-1.example.org', '1.example.io'), fc.stringMatching(/^[a-z][a-z0-9]{0,10}\.example\.com$/)),
  fc.constantFrom('api.example.com', 'localhost', 'Api.example.com', 'a..b', '-a.b', 'api.svc.cluster.local', 'hello.demo.svc.cluster.local',
    `${'x'.repeat(64)}.com`, '*.example.com', 'example.com.', 'a_b.example.com', ''),
  domainVerdict,
);

type Target = 'service' | 'service-imported' | 'service-other-ns' | 'kube-service';
const target = modelled<Target>(
  fc.constantFrom('service', 'service-imported'),
  fc.constantFrom('service', 'service-imported', 'service-other-ns', 'kube-service'),
  // a Kubernetes Service as the target is a newer Knative feature; the constructs let it through
  t => (t === 'service-other-ns' ? 'bad' : t === 'kube-service' ? 'either' : 'ok'),
);

/** A plain Kubernetes Service as an Addressable target. */
class KubeServiceTarget extends Construct implements IAddressable {
  public readonly reference: KReference;
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    this.reference = { apiVersion: 'v1', kind: 'Service', name, namespaceName: 'demo' };
  }
  public toDestination(): Destination {
    return { reference: this.reference };
  }
}

const tls: FieldGen<boolean> = { good: ok(fc.boolean()), any: ok(fc.boolean()) };
const domainCase = caseOf({ domain, target, tls });


const RUNS = runsFor(0.04);

describe('property: DomainMapping props', () => {
  test(`${RUNS} generated DomainMappings either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(domainCase, c => {
      const fields: Record<string, Verdict> = verdicts(c, { domain: 'domain', target: 'target', tls: 'tlsSecret' });
      return checkCase(fields, chart => {
        // Knative creates the ClusterDomainClaims in this cluster (else each DomainMapping needs one).
        Validation.of(chart).configure({ clusterConfig: ClusterConfig.DEFAULT.withSettings({ autocreateClusterDomainClaims: true }) });
        let t: IAddressable;
        switch (c.target.value) {
          case 'service':
            t = new Service(chart, 'Svc', { metadata: { name: 'hello' }, container: { image: 'ghcr.io/acme/app:1.0' } });
            break;
          case 'service-imported':
            t = Service.fromServiceName(chart, 'Svc', 'hello');
            break;
          case 'service-other-ns':
            t = Service.fromServiceName(chart, 'Svc', 'hello', { namespaceName: 'other' });
            break;
          case 'kube-service': {
            const svc = new kplus.Service(chart, 'Svc', { ports: [{ port: 80 }] });
            t = new KubeServiceTarget(chart, 'KubeTarget', svc.name);
            break;
          }
        }
        new DomainMapping(chart, 'Domain', {
          domain: c.domain.value,
          target: t,
          tlsSecret: c.tls.value ? kplus.Secret.fromSecretName(chart, 'Tls', 'api-tls') : undefined,
        });
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
