import * as kplus from 'cdk8s-plus-27';
import * as fc from 'fast-check';
import { ApiServerSource, ApiServerSourceMode } from '../../src/sources';
import { makeSink, sink } from './eventing-gen';
import { caseOf, FieldGen, modelled, verdicts } from './gen';
import { assertProperty, badNames, checkCase, narrowed, runsFor, timeoutFor, Verdict, worst } from './harness';

const GROUP_VERSION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

interface RawResource { apiVersion: string; kind: string; resource?: string }
const goodVersions = fc.constantFrom('v1', 'apps/v1', 'serving.knative.dev/v1', 'batch/v1beta1', 'example.com/v2alpha1');
const anyVersions = fc.oneof(goodVersions, fc.constantFrom('', 'V1', 'apps/', '/v1', 'apps/v1/x', 'v1 ', 'apps/version1', 'Apps/v1'));
const goodKinds = fc.constantFrom('Event', 'Deployment', 'Pod', 'Policy', 'Ingress', 'Status');
const anyKinds = fc.oneof(goodKinds, fc.constantFrom('event', '', 'My-Kind', ' Pod', 'Pod s'));
const goodResourceNames = fc.constantFrom(undefined, 'events', 'deployments', 'ingresses', 'networkpolicies');
const anyResourceNames = fc.oneof(goodResourceNames, fc.constantFrom('Events', '', 'a b', '-x'));
const rawResource = (versions: fc.Arbitrary<string>, kinds: fc.Arbitrary<string>, names: fc.Arbitrary<string | undefined>) =>
  fc.record<RawResource>({ apiVersion: versions, kind: kinds, resource: names }, { requiredKeys: ['apiVersion', 'kind'] });

export function resourcesVerdict(rs: RawResource[]): Verdict {
  if (rs.length === 0) return 'bad';
  return worst(...rs.map(r => worst(
    GROUP_VERSION.test(r.apiVersion) ? 'ok' : 'bad',
    KIND.test(r.kind) ? 'ok' : 'bad',
    r.resource === undefined || /^[a-z0-9][a-z0-9.-]*$/.test(r.resource) ? 'ok' : 'bad',
  )));
}
const resources = modelled(
  fc.array(rawResource(goodVersions, goodKinds, goodResourceNames), { minLength: 1, maxLength: 3 }),
  fc.array(rawResource(anyVersions, anyKinds, anyResourceNames), { maxLength: 3 }),
  resourcesVerdict,
);

const mode: FieldGen<string | undefined> = {
  good: fc.constantFrom(undefined, ApiServerSourceMode.REFERENCE, ApiServerSourceMode.RESOURCE).map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    fc.constantFrom(undefined, ApiServerSourceMode.REFERENCE).map(value => ({ value, verdict: 'ok' as Verdict })),
    fc.constantFrom('Ref', 'resource', '').map(value => ({ value, verdict: 'bad' as Verdict })),
  ),
};

const owner = modelled(
  fc.option(fc.record({ apiVersion: goodVersions, kind: goodKinds }), { nil: undefined }),
  fc.option(fc.record({ apiVersion: anyVersions, kind: anyKinds }), { nil: undefined }),
  o => (!o ? 'ok' : worst(GROUP_VERSION.test(o.apiVersion) ? 'ok' : 'bad', KIND.test(o.kind) ? 'ok' : 'bad')),
);

const name: FieldGen<string> = {
  good: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })),
  any: fc.oneof(
    { arbitrary: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,15}[a-z0-9])?$/).map(value => ({ value, verdict: 'ok' as Verdict })), weight: 3 },
    badNames.map(value => ({ value, verdict: 'bad' as Verdict })),
  ),
};

/** Who the adapter runs as: a ServiceAccount the construct creates (with RBAC), or an existing one. */
const identity = modelled(
  fc.record({ existing: fc.boolean(), clusterWide: fc.boolean() }),
  fc.record({ existing: fc.boolean(), clusterWide: fc.boolean() }),
  () => 'ok' as Verdict,
);

const apiServerCase = caseOf({ name, resources, mode, owner, identity, sink });

/**
 * Open bugs this property found in the construct (a file this test does not
 * own); each narrows the generator until fixed (see known-bugs.test.ts).
 */
function knownApiServerBug(_c: typeof apiServerCase extends fc.Arbitrary<infer T> ? T : never): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.08);

describe('property: ApiServerSource props', () => {
  test(`${RUNS} generated ApiServerSources either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(apiServerCase, knownApiServerBug), c => {
      const fields: Record<string, Verdict> = verdicts(c, {
        name: 'metadata.name', resources: 'resources', mode: 'mode', owner: 'owner', identity: 'serviceAccount', sink: 'sink',
      });
      return checkCase(fields, chart => {
        new ApiServerSource(chart, 'Source', {
          metadata: { name: c.name.value },
          resources: c.resources.value.map(r => ({ apiVersion: r.apiVersion, kind: r.kind, resource: r.resource })),
          mode: c.mode.value as ApiServerSourceMode | undefined,
          owner: c.owner.value,
          serviceAccount: c.identity.value.existing ? kplus.ServiceAccount.fromServiceAccountName(chart, 'Account', 'events-reader') : undefined,
          namespaceSelector: c.identity.value.clusterWide ? kplus.LabelSelector.of({ labels: { team: 'payments' } }) : undefined,
          sink: makeSink(c.sink.value)(chart, 'Sink'),
        });
      });
    }, RUNS);
  }, timeoutFor(RUNS));
});
