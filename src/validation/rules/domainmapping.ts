import { describeValue } from '../../core/errors';
import { isDns1123Label } from '../../core/names';
import { Finding } from '../types';
import { checkKReference } from './destination';
import { finding, rec, rule, str } from './util';

const DM = ['serving.knative.dev/DomainMapping'];
/** The default cluster-local domain suffix a DomainMapping may not use. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** True for a fully qualified domain name: at least two DNS-1123 labels, at most 253 characters. */
export function isFullyQualifiedDomain(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every(isDns1123Label);
}

export const domainMappingNameRule = rule(
  'serving/domainmapping-name',
  'a DomainMapping is named after its domain: a fully qualified domain name, not under cluster.local, without generateName',
  DM,
  (obj) => {
    const out: Finding[] = [];
    const name = obj.metadata?.name;
    if (obj.metadata?.generateName) {
      out.push(finding('metadata.generateName', 'generateName is not allowed on a DomainMapping', 'set metadata.name to the domain, e.g. api.example.com'));
    }
    if (typeof name !== 'string' || !isFullyQualifiedDomain(name)) {
      out.push(finding('metadata.name', `${describeValue(name)} is not a fully qualified domain name`,
        'the name is the domain to map: lower-case labels separated by dots, at least two, e.g. api.example.com'));
    } else if (name.endsWith(`.${CLUSTER_DOMAIN}`)) {
      out.push(finding('metadata.name', `${describeValue(name)} is a subdomain of the cluster-local domain ${describeValue(CLUSTER_DOMAIN)}`, 'map a public domain'));
    }
    return out;
  },
);

export const domainMappingRefRule = rule(
  'serving/domainmapping-ref',
  'a DomainMapping\'s spec.ref has apiVersion, kind and name and lives in the DomainMapping\'s namespace',
  DM,
  (obj, ctx) => {
    const ref = rec(obj.spec).ref;
    if (ref === undefined || ref === null) {
      return [finding('spec.ref', 'ref is missing', 'refer to the target, e.g. {apiVersion: serving.knative.dev/v1, kind: Service, name: hello}')];
    }
    const out = checkKReference('spec.ref', ref, ctx, { parentNamespace: obj.metadata?.namespace });
    const r = rec(ref);
    if (str(r.kind) === 'Service' && str(r.apiVersion) && !String(r.apiVersion).startsWith('serving.knative.dev/') && str(r.apiVersion) !== 'v1') {
      // Knative admits this (it checks only the reference's shape and namespace); the mapping then never becomes ready.
      out.push(finding('spec.ref.apiVersion', `${describeValue(r.apiVersion)} does not serve kind Service: the mapping will not resolve`,
        'use serving.knative.dev/v1 for a Knative Service', 'warning'));
    }
    return out;
  },
);

export const clusterDomainClaimRule = rule(
  'serving/cluster-domain-claim',
  'a ClusterDomainClaim (no webhook: Knative admits any) is named after a fully qualified domain and delegates it to a namespace name; otherwise no DomainMapping can use it',
  ['networking.internal.knative.dev/ClusterDomainClaim'],
  (obj) => {
    const out: Finding[] = [];
    const name = obj.metadata?.name;
    if (typeof name === 'string' && !isFullyQualifiedDomain(name)) {
      out.push(finding('metadata.name', `${describeValue(name)} is not a fully qualified domain`,
        'name the claim after the domain a DomainMapping uses, e.g. api.example.com; no DomainMapping can match this name', 'warning'));
    }
    const ns = rec(obj.spec).namespace;
    if (typeof ns === 'string' && !isDns1123Label(ns)) {
      out.push(finding('spec.namespace', `${describeValue(ns)} is not a namespace name`,
        'give the namespace whose DomainMappings may use the domain (a DNS-1123 label); no namespace can match this one', 'warning'));
    }
    return out;
  },
);
