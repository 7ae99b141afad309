import { ClusterSettings } from '../../../../src/validation/types';
import { DEFAULT_CLUSTER_CONFIG } from '../../../../src/validation/config';
import { ksvc, obj, RuleCase } from '../harness';

const noZero: ClusterSettings = { ...DEFAULT_CLUSTER_CONFIG, defaults: { ...DEFAULT_CLUSTER_CONFIG.defaults, allowContainerConcurrencyZero: false } };
const longTimeout: ClusterSettings = { ...DEFAULT_CLUSTER_CONFIG, defaults: { ...DEFAULT_CLUSTER_CONFIG.defaults, maxRevisionTimeoutSeconds: 3600 } };
const cfg = (spec: Record<string, unknown>, meta?: Record<string, unknown>, objMeta: Record<string, unknown> = {}) => obj('serving.knative.dev/v1', 'Configuration',
  { template: { ...(meta ? { metadata: meta } : {}), spec: { containers: [{ image: 'i' }], ...spec } } }, { name: 'cfg', ...objMeta });
const rev = (spec: Record<string, unknown>, name = 'hello-00001', meta: Record<string, unknown> = {}) =>
  obj('serving.knative.dev/v1', 'Revision', { containers: [{ image: 'i' }], ...spec }, { name, ...meta });

export const SERVING_CASES: RuleCase[] = [
  { rule: 'serving/object-name', name: 'a DNS-1035 name', obj: ksvc() },
  { rule: 'serving/object-name', name: 'a generateName', obj: ksvc({}, { name: undefined, generateName: 'hello-' }) },
  { rule: 'serving/object-name', name: 'a name starting with a digit', obj: ksvc({}, { name: '1hello' }), bad: ['metadata.name'] },
  { rule: 'serving/object-name', name: 'a 64-character name', obj: ksvc({}, { name: 'a'.repeat(64) }), bad: ['metadata.name'] },
  { rule: 'serving/object-name', name: 'a dotted Route name', obj: obj('serving.knative.dev/v1', 'Route', {}, { name: 'a.b' }), bad: ['metadata.name'] },
  { rule: 'serving/object-name', name: 'an empty name with a generateName', obj: ksvc({}, { name: '', generateName: 'hello-' }) },
  { rule: 'serving/object-name', name: 'a 63-character generateName', obj: ksvc({}, { name: undefined, generateName: `${'h'.repeat(62)}-` }) },
  { rule: 'serving/object-name', name: 'a 64-character generateName', obj: ksvc({}, { name: undefined, generateName: `${'h'.repeat(63)}-` }), bad: ['metadata.generateName'] },
  { rule: 'serving/object-name', name: 'an empty name and generateName', obj: ksvc({}, { name: '' }), bad: ['metadata.name'] },
  { rule: 'serving/object-name', name: 'no name at all', obj: ksvc({}, { name: undefined }), bad: ['metadata.name'] },

  { rule: 'serving/autoscaling-annotation-placement', name: 'annotations on the template', obj: ksvc({}, {}, { annotations: { 'autoscaling.knative.dev/min-scale': '1' } }) },
  { rule: 'serving/autoscaling-annotation-placement', name: 'min-scale on the Service', obj: ksvc({}, { annotations: { 'autoscaling.knative.dev/min-scale': '1' } }),
    bad: ['metadata.annotations["autoscaling.knative.dev/min-scale"]'] },
  { rule: 'serving/autoscaling-annotation-placement', name: 'max-scale on a Route', obj: obj('serving.knative.dev/v1', 'Route', {}, { annotations: { 'autoscaling.knative.dev/max-scale': '3' } }),
    bad: ['metadata.annotations["autoscaling.knative.dev/max-scale"]'] },
  { rule: 'serving/autoscaling-annotation-placement', name: 'another annotation on the Service', obj: ksvc({}, { annotations: { 'example.com/autoscaling.knative.dev': 'x' } }) },

  { rule: 'serving/labels', name: 'cluster-local visibility', obj: ksvc({}, { labels: { 'networking.knative.dev/visibility': 'cluster-local', 'app': 'x' } }) },
  { rule: 'serving/labels', name: 'a bad visibility', obj: ksvc({}, { labels: { 'networking.knative.dev/visibility': 'private' } }),
    bad: ['metadata.labels["networking.knative.dev/visibility"]'] },
  // Knative no longer rejects other serving.knative.dev/* labels on Services, Configurations and Routes.
  { rule: 'serving/labels', name: 'another serving.knative.dev label', obj: ksvc({}, { labels: { 'serving.knative.dev/route': 'x', 'serving.knative.dev/anything': 'y' } }) },
  { rule: 'serving/labels', name: 'a service label on the Service itself', obj: ksvc({}, { labels: { 'serving.knative.dev/service': 'other' } }) },
  { rule: 'serving/labels', name: 'any visibility value on a Configuration', obj: cfg({}, undefined, { labels: { 'networking.knative.dev/visibility': 'private' } }) },
  // Knative's Route webhook no longer checks the label: the Route is admitted and stays public.
  { rule: 'serving/labels', name: 'a bad visibility on a Route', obj: obj('serving.knative.dev/v1', 'Route', {}, { labels: { 'networking.knative.dev/visibility': 'internal' } }),
    bad: ['metadata.labels["networking.knative.dev/visibility"]'], severity: 'warning' },
  { rule: 'serving/labels', name: 'cluster-local visibility on a Route', obj: obj('serving.knative.dev/v1', 'Route', {}, { labels: { 'networking.knative.dev/visibility': 'cluster-local' } }) },
  { rule: 'serving/labels', name: 'a configuration label on a Revision without owner', obj: rev({}, 'cfg-00001', { labels: { 'serving.knative.dev/configuration': 'cfg' } }),
    bad: ['metadata.labels["serving.knative.dev/configuration"]'] },
  { rule: 'serving/labels', name: 'a configuration label on a Revision with its owner', obj: rev({}, 'cfg-00001', { labels: { 'serving.knative.dev/configuration': 'cfg' },
    ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'cfg', uid: 'u' }] }) },

  { rule: 'serving/rollout-duration', name: 'a 2m rollout', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '2m' } }) },
  { rule: 'serving/rollout-duration', name: 'a rollout on a Route', obj: obj('serving.knative.dev/v1', 'Route', {}, { annotations: { 'serving.knative.dev/rollout-duration': '90s' } }) },
  { rule: 'serving/rollout-duration', name: 'an empty rollout (Knative skips it)', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '' } }) },
  { rule: 'serving/rollout-duration', name: 'the legacy rolloutDuration key, bad', obj: ksvc({}, { annotations: { 'serving.knative.dev/rolloutDuration': '1.5s' } }),
    bad: ['metadata.annotations["serving.knative.dev/rolloutDuration"]'] },
  { rule: 'serving/rollout-duration', name: 'a rollout without unit', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '120' } }),
    bad: ['metadata.annotations["serving.knative.dev/rollout-duration"]'] },
  { rule: 'serving/rollout-duration', name: 'a sub-second rollout', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '1500ms' } }),
    bad: ['metadata.annotations["serving.knative.dev/rollout-duration"]'] },
  { rule: 'serving/rollout-duration', name: 'a negative rollout', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '-1m' } }),
    bad: ['metadata.annotations["serving.knative.dev/rollout-duration"]'] },

  { rule: 'serving/labels', name: 'a service label with its owner', obj: obj('serving.knative.dev/v1', 'Route', {}, { labels: { 'serving.knative.dev/service': 'hello' },
    ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u' }] }) },
  { rule: 'serving/labels', name: 'a service label without owner', obj: cfg({}, undefined, { labels: { 'serving.knative.dev/service': 'hello' } }),
    bad: ['metadata.labels["serving.knative.dev/service"]'] },
  { rule: 'serving/revision-name', name: 'a prefixed revision name', obj: ksvc({}, {}, { name: 'hello-v2' }) },
  { rule: 'serving/revision-name', name: 'a Revision object named freely', obj: rev({}, 'anything') },
  { rule: 'serving/revision-name', name: 'a revision name without the prefix', obj: ksvc({}, {}, { name: 'v2' }), bad: ['spec.template.metadata.name'] },
  { rule: 'serving/revision-name', name: 'a Configuration revision with the Service prefix', obj: cfg({}, { name: 'hello-v1' }), bad: ['spec.template.metadata.name'] },
  { rule: 'serving/revision-name', name: 'a revision name under a generateName parent',
    obj: ksvc({}, { name: undefined, generateName: 'hello-' }, { name: 'hello-v1' }), bad: ['spec.template.metadata.name'] },
  { rule: 'serving/revision-name', name: 'an empty revision name', obj: ksvc({}, {}, { name: '' }) },
  { rule: 'serving/revision-name', name: 'an upper-case revision name', obj: ksvc({}, {}, { name: 'hello-V2' }), bad: ['spec.template.metadata.name'] },

  { rule: 'serving/container-concurrency', name: '0 (unlimited)', obj: ksvc({ containerConcurrency: 0 }) },
  { rule: 'serving/container-concurrency', name: '1000', obj: cfg({ containerConcurrency: 1000 }) },
  { rule: 'serving/container-concurrency', name: '1001', obj: ksvc({ containerConcurrency: 1001 }), bad: ['spec.template.spec.containerConcurrency'] },
  { rule: 'serving/container-concurrency', name: '-1 on a Revision', obj: rev({ containerConcurrency: -1 }), bad: ['spec.containerConcurrency'] },
  { rule: 'serving/container-concurrency', name: '0 when the cluster forbids it', obj: ksvc({ containerConcurrency: 0 }), config: noZero,
    bad: ['spec.template.spec.containerConcurrency'] },

  { rule: 'serving/timeouts', name: 'timeoutSeconds 600', obj: ksvc({ timeoutSeconds: 600 }) },
  { rule: 'serving/timeouts', name: 'timeoutSeconds 1800 on a cluster allowing 3600', obj: ksvc({ timeoutSeconds: 1800 }), config: longTimeout },
  { rule: 'serving/timeouts', name: 'timeoutSeconds 601', obj: ksvc({ timeoutSeconds: 601 }), bad: ['spec.template.spec.timeoutSeconds'] },
  { rule: 'serving/timeouts', name: 'timeoutSeconds -1 on a Revision', obj: rev({ timeoutSeconds: -1 }), bad: ['spec.timeoutSeconds'] },
  // Knative's webhook range-checks timeoutSeconds only: the other two timeouts are admitted as they are.
  { rule: 'serving/timeouts', name: 'idleTimeoutSeconds -1', obj: ksvc({ idleTimeoutSeconds: -1 }), bad: ['spec.template.spec.idleTimeoutSeconds'], severity: 'warning' },
  { rule: 'serving/timeouts', name: 'responseStartTimeoutSeconds 601', obj: cfg({ responseStartTimeoutSeconds: 601 }),
    bad: ['spec.template.spec.responseStartTimeoutSeconds'], severity: 'warning' },
  { rule: 'serving/timeouts', name: 'idle and response start timeouts within the timeout', obj: ksvc({ timeoutSeconds: 300, responseStartTimeoutSeconds: 300, idleTimeoutSeconds: 0 }) },
  { rule: 'serving/timeouts', name: 'a response start after the timeout', obj: ksvc({ timeoutSeconds: 60, responseStartTimeoutSeconds: 120 }),
    bad: ['spec.template.spec.responseStartTimeoutSeconds'], severity: 'warning' },

  { rule: 'serving/user-info-annotations', name: 'other serving annotations', obj: ksvc({}, { annotations: { 'serving.knative.dev/rollout-duration': '60s' } }) },
  { rule: 'serving/user-info-annotations', name: 'a creator on a Service', obj: ksvc({}, { annotations: { 'serving.knative.dev/creator': 'alice' } }),
    bad: ['metadata.annotations["serving.knative.dev/creator"]'], severity: 'warning' },
  { rule: 'serving/user-info-annotations', name: 'a lastModifier on a Route', obj: obj('serving.knative.dev/v1', 'Route', {}, { annotations: { 'serving.knative.dev/lastModifier': 'bob' } }),
    bad: ['metadata.annotations["serving.knative.dev/lastModifier"]'], severity: 'warning' },

  { rule: 'serving/queue-sidecar-resources', name: 'a 20% share and quantities', obj: ksvc({}, {}, { annotations: {
    'queue.sidecar.serving.knative.dev/resource-percentage': '20',
    'queue.sidecar.serving.knative.dev/cpu-resource-request': '100m',
    'queue.sidecar.serving.knative.dev/memory-resource-limit': '64Mi',
    'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-request': '1e9',
  } }) },
  { rule: 'serving/queue-sidecar-resources', name: 'the lower bound 0.1 on a Configuration', obj: cfg({}, { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': '0.1' } }) },
  { rule: 'serving/queue-sidecar-resources', name: 'NaN (Go parses it and no bound catches it)', obj: ksvc({}, {}, { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': 'NaN' } }) },
  { rule: 'serving/queue-sidecar-resources', name: 'a share of 0.05', obj: ksvc({}, {}, { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': '0.05' } }),
    bad: ['spec.template.metadata.annotations["queue.sidecar.serving.knative.dev/resource-percentage"]'] },
  { rule: 'serving/queue-sidecar-resources', name: 'a share with a percent sign, legacy key', obj: cfg({}, { annotations: { 'queue.sidecar.serving.knative.dev/resourcePercentage': '20%' } }),
    bad: ['spec.template.metadata.annotations["queue.sidecar.serving.knative.dev/resourcePercentage"]'] },
  { rule: 'serving/queue-sidecar-resources', name: 'a share of 101 on a Revision object', obj: rev({}, 'hello-00001', { annotations: { 'queue.sidecar.serving.knative.dev/resource-percentage': '101' } }),
    bad: ['metadata.annotations["queue.sidecar.serving.knative.dev/resource-percentage"]'], severity: 'warning' },
  { rule: 'serving/queue-sidecar-resources', name: 'a cpu request that is no quantity', obj: ksvc({}, {}, { annotations: { 'queue.sidecar.serving.knative.dev/cpu-resource-request': '100 m' } }),
    bad: ['spec.template.metadata.annotations["queue.sidecar.serving.knative.dev/cpu-resource-request"]'] },
  { rule: 'serving/queue-sidecar-resources', name: 'a memory limit in MB spelled wrong', obj: ksvc({}, {}, { annotations: { 'queue.sidecar.serving.knative.dev/memory-resource-limit': '64MB' } }),
    bad: ['spec.template.metadata.annotations["queue.sidecar.serving.knative.dev/memory-resource-limit"]'] },
  { rule: 'serving/queue-sidecar-resources', name: 'a bad memory limit on a Revision object (a warning: not checked there)', obj: rev({}, 'hello-00001', { annotations: { 'queue.sidecar.serving.knative.dev/memory-resource-limit': '64MB' } }),
    bad: ['metadata.annotations["queue.sidecar.serving.knative.dev/memory-resource-limit"]'], severity: 'warning' },

  { rule: 'serving/progress-deadline', name: 'a 10m deadline', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '10m' } }) },
  { rule: 'serving/progress-deadline', name: 'a 42s deadline on a Revision', obj: rev({}, 'hello-00001', { annotations: { 'serving.knative.dev/progress-deadline': '42s' } }) },
  // knative/serving knative-v1.23.0 pkg/apis/serving/v1/revision_validation.go validateProgressDeadlineAnnotation
  // (revision_validation_test.go TestRevisionTemplateSpecValidation: "invalid progress deadline", "progress deadline not at second precision", "negative progress deadline")
  { rule: 'serving/progress-deadline', name: 'a deadline without unit', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '600' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'] },
  { rule: 'serving/progress-deadline', name: 'a sub-second deadline', obj: cfg({}, { annotations: { 'serving.knative.dev/progress-deadline': '500ms' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'] },
  { rule: 'serving/progress-deadline', name: 'a deadline of 1.5s', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '1.5s' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'] },
  { rule: 'serving/progress-deadline', name: 'a fractional deadline of whole seconds', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '0.1h' } }) },
  { rule: 'serving/progress-deadline', name: 'a negative deadline', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '-5m' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'] },
  { rule: 'serving/progress-deadline', name: 'a zero deadline (admitted; the Deployment is rejected: a warning)', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '0s' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'], severity: 'warning' },
  { rule: 'serving/progress-deadline', name: 'a deadline past an int32 of seconds', obj: ksvc({}, {}, { annotations: { 'serving.knative.dev/progress-deadline': '600000h' } }),
    bad: ['spec.template.metadata.annotations["serving.knative.dev/progress-deadline"]'], severity: 'warning' },
  { rule: 'serving/progress-deadline', name: 'a sub-second deadline on a Revision object (a warning: not checked there)', obj: rev({}, 'hello-00001', { annotations: { 'serving.knative.dev/progress-deadline': '500ms' } }),
    bad: ['metadata.annotations["serving.knative.dev/progress-deadline"]'], severity: 'warning' },

  // knative/networking pkg/apis/networking/metadata_validation.go ValidateAnnotations, from serving's RevisionTemplateSpec.Validate
  { rule: 'serving/template-networking-annotations', name: 'visibility as a template annotation', obj: ksvc({}, {}, { annotations: { 'networking.knative.dev/visibility': 'cluster-local' } }),
    bad: ['spec.template.metadata.annotations["networking.knative.dev/visibility"]'] },
  { rule: 'serving/template-networking-annotations', name: 'an unknown networking annotation on a Configuration template', obj: cfg({}, { annotations: { 'networking.knative.dev/foo': 'bar' } }),
    bad: ['spec.template.metadata.annotations["networking.knative.dev/foo"]'] },
  { rule: 'serving/template-networking-annotations', name: 'allowed networking annotations', obj: ksvc({}, {}, { annotations: {
    'networking.knative.dev/ingress.class': 'kourier.ingress.networking.knative.dev', 'networking.knative.dev/http-protocol': 'redirected', 'networking.knative.dev/disable-auto-tls': 'true' } }) },
  { rule: 'serving/template-networking-annotations', name: 'visibility on a Revision object (not checked there)', obj: rev({}, 'hello-00001', { annotations: { 'networking.knative.dev/visibility': 'cluster-local' } }) },

  { rule: 'serving/queueproxy-podinfo', name: 'enabled when the cluster allows it', obj: ksvc({}, {}, { annotations: { 'features.knative.dev/queueproxy-podinfo': 'enabled' } }),
    features: { 'queueproxy.mount-podinfo': 'allowed' } },
  { rule: 'serving/queueproxy-podinfo', name: 'enabled under stock flags', obj: ksvc({}, {}, { annotations: { 'features.knative.dev/queueproxy-podinfo': 'enabled' } }),
    bad: ['spec.template.metadata.annotations["features.knative.dev/queueproxy-podinfo"]'], severity: 'warning' },
  { rule: 'serving/queueproxy-podinfo', name: 'a value Knative does not read', obj: cfg({}, { annotations: { 'features.knative.dev/queueproxy-podinfo': 'true' } }),
    features: { 'queueproxy.mount-podinfo': 'allowed' },
    bad: ['spec.template.metadata.annotations["features.knative.dev/queueproxy-podinfo"]'], severity: 'warning' },
];
