import { obj, RuleCase } from '../harness';

const dm = (name: string | undefined, ref: unknown, meta: Record<string, unknown> = {}) =>
  obj('serving.knative.dev/v1beta1', 'DomainMapping', ref === undefined ? {} : { ref }, { name, ...meta });
const KSVC = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' };

export const DOMAINMAPPING_CASES: RuleCase[] = [
  { rule: 'serving/domainmapping-name', name: 'a domain', obj: dm('api.example.com', KSVC) },
  { rule: 'serving/domainmapping-name', name: 'a single label', obj: dm('api', KSVC), bad: ['metadata.name'] },
  { rule: 'serving/domainmapping-name', name: 'an upper-case domain', obj: dm('API.example.com', KSVC), bad: ['metadata.name'] },
  { rule: 'serving/domainmapping-name', name: 'a cluster-local domain', obj: dm('hello.default.svc.cluster.local', KSVC), bad: ['metadata.name'] },
  { rule: 'serving/domainmapping-name', name: 'a generateName', obj: dm(undefined, KSVC, { generateName: 'api-' }), bad: ['metadata.generateName', 'metadata.name'] },

  { rule: 'serving/domainmapping-ref', name: 'a Knative Service in the same namespace', obj: dm('api.example.com', { ...KSVC, namespace: 'default' }) },
  { rule: 'serving/domainmapping-ref', name: 'no ref', obj: dm('api.example.com', undefined), bad: ['spec.ref'] },
  { rule: 'serving/domainmapping-ref', name: 'a ref in another namespace', obj: dm('api.example.com', { ...KSVC, namespace: 'other' }), bad: ['spec.ref.namespace'] },
  { rule: 'serving/domainmapping-ref', name: 'a ref without kind', obj: dm('api.example.com', { apiVersion: 'serving.knative.dev/v1', name: 'x' }), bad: ['spec.ref.kind'] },
  { rule: 'serving/domainmapping-ref', name: 'a Service of apps/v1', obj: dm('api.example.com', { ...KSVC, apiVersion: 'apps/v1' }), bad: ['spec.ref.apiVersion'],
    severity: 'warning' },
  { rule: 'serving/domainmapping-name', name: 'a 63-character label', obj: dm(`${'a'.repeat(63)}.example.com`, KSVC) },
  { rule: 'serving/domainmapping-name', name: 'a 64-character label', obj: dm(`${'a'.repeat(64)}.example.com`, KSVC), bad: ['metadata.name'] },
];
