import { Manifest } from '../../../src/validation/types';
import { runUpstream } from './harness';

const S = 'knative/serving@knative-v1.23.0';
const T = 'TestRevisionTemplateSpecValidation';

/** A Configuration named "parent" (the upstream cases' parent) whose template has this metadata and spec. */
function template(meta: Record<string, unknown> = {}, spec: Record<string, unknown> = { containers: [{ image: 'helloworld' }] }): Manifest {
  return {
    apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'parent', namespace: 'default' },
    spec: { template: { metadata: meta, spec } },
  };
}
const annotated = (annotations: Record<string, string>) => template({ annotations });
const A = 'spec.template.metadata.annotations';

runUpstream(`${S} pkg/apis/serving/v1/revision_validation_test.go`, [
  { test: T, name: 'valid', obj: template() },
  { test: T, name: 'empty spec', obj: template({}, {}), rejects: ['spec.template.spec.containers'] },
  { test: T, name: 'nested spec error', obj: template({}, { containers: [{ name: 'kevin', image: 'helloworld', lifecycle: {} }] }),
    rejects: ['spec.template.spec.containers[0].lifecycle'] },
  { test: T, name: 'has revision template name', obj: template({ name: 'parent-foo' }) },
  { test: T, name: 'valid name for revision template', obj: template({ name: '' }) },
  { test: T, name: 'invalid name for revision template', obj: template({ name: 'parent-@foo-bar' }), rejects: ['spec.template.metadata.name'] },
  { test: T, name: 'invalid generate name for revision template', obj: template({ generateName: 'parent-@foo-bar' }), rejects: ['spec.template.metadata.generateName'] },
  { test: T, name: 'invalid metadata.annotations for scale', obj: annotated({ 'autoscaling.knative.dev/min-scale': '5', 'autoscaling.knative.dev/max-scale': 'covid-19' }),
    rejects: [`${A}["autoscaling.knative.dev/max-scale"]`] },
  { test: T, name: 'Queue sidecar resource percentage annotation more than 100', obj: annotated({ 'queue.sidecar.serving.knative.dev/resource-percentage': '200' }),
    rejects: [`${A}["queue.sidecar.serving.knative.dev/resource-percentage"]`] },
  { test: T, name: 'Invalid queue sidecar resource percentage annotation', obj: annotated({ 'queue.sidecar.serving.knative.dev/resource-percentage': '50mx' }),
    rejects: [`${A}["queue.sidecar.serving.knative.dev/resource-percentage"]`] },
  { test: T, name: 'Invalid queue sidecar resource annotations', obj: annotated({
    'queue.sidecar.serving.knative.dev/cpu-resource-limit': '100mx', 'queue.sidecar.serving.knative.dev/cpu-resource-request': '50mx',
    'queue.sidecar.serving.knative.dev/memory-resource-limit': '1Gi', 'queue.sidecar.serving.knative.dev/memory-resource-request': '100Mi',
    'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-limit': '5Gi', 'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-request': '2Gi',
  }), rejects: [`${A}["queue.sidecar.serving.knative.dev/cpu-resource-limit"]`, `${A}["queue.sidecar.serving.knative.dev/cpu-resource-request"]`] },
  { test: T, name: 'Invalid initial scale when cluster doesn\'t allow zero', obj: annotated({ 'autoscaling.knative.dev/initial-scale': '0' }),
    rejects: [`${A}["autoscaling.knative.dev/initial-scale"]`] },
  { test: T, name: 'Valid progress-deadline', obj: annotated({ 'serving.knative.dev/progress-deadline': '1m3s' }) },
  { test: T, name: 'progress-deadline too precise', obj: annotated({ 'serving.knative.dev/progress-deadline': '1m3s34ms' }),
    rejects: [`${A}["serving.knative.dev/progress-deadline"]`] },
  { test: T, name: 'invalid progress-deadline duration', obj: annotated({ 'serving.knative.dev/progress-deadline': 'not-a-duration' }),
    rejects: [`${A}["serving.knative.dev/progress-deadline"]`] },
  { test: T, name: 'negative progress-deadline', obj: annotated({ 'serving.knative.dev/progress-deadline': '-1m3s' }),
    rejects: [`${A}["serving.knative.dev/progress-deadline"]`] },
  { test: T, name: 'invalid networking.knative.dev/visibility annotation', obj: annotated({ 'networking.knative.dev/visibility': 'cluster-local' }),
    rejects: [`${A}["networking.knative.dev/visibility"]`] },
  { test: T, name: 'invalid unknown networking.knative.dev annotation', obj: annotated({ 'networking.knative.dev/foo': 'bar' }),
    rejects: [`${A}["networking.knative.dev/foo"]`] },
  { test: T, name: 'valid networking.knative.dev/ingress.class annotation', obj: annotated({ 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' }) },
]);
