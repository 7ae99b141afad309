import { describeValue } from '../../core/errors';
import { featureFlag } from '../config';
import { Finding } from '../types';
import { parseGoFloat } from './autoscaling';
import { RevisionTemplate, revisionRule } from './revision';
import { finding, isRecord, join, parseGoDuration } from './util';

/** The queue-proxy resource share annotation, current spelling first, then the legacy one Knative still reads. */
export const QUEUE_RESOURCE_PERCENTAGE_KEYS = [
  'queue.sidecar.serving.knative.dev/resource-percentage',
  'queue.sidecar.serving.knative.dev/resourcePercentage',
];

/** Annotations that set the queue-proxy's requests and limits; Knative's webhook wants quantities on a template. */
export const QUEUE_RESOURCE_KEYS = ['cpu', 'memory', 'ephemeral-storage']
  .flatMap(r => [`queue.sidecar.serving.knative.dev/${r}-resource-request`, `queue.sidecar.serving.knative.dev/${r}-resource-limit`]);

/** The annotation that sets a revision's Deployment `progressDeadlineSeconds`. */
export const PROGRESS_DEADLINE_ANNOTATION = 'serving.knative.dev/progress-deadline';

/** The annotation that asks for the pod-info volume on the queue-proxy. */
export const QUEUEPROXY_PODINFO_ANNOTATION = 'features.knative.dev/queueproxy-podinfo';

/** A Kubernetes quantity as `resource.ParseQuantity` reads it: a signed decimal with an optional binary, decimal or exponent suffix. */
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** True when Kubernetes parses `text` as a quantity. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/** The annotations of a revision as strings, or undefined when it has none. */
function annotationsOf(t: RevisionTemplate): Record<string, unknown> | undefined {
  return isRecord(t.meta.annotations) ? t.meta.annotations : undefined;
}

function annotationPath(t: RevisionTemplate, key: string): string {
  return join(join(t.metaPath, 'annotations'), key);
}

/**
 * Upstream: knative/serving knative-v1.23.0 `pkg/apis/serving/v1/revision_validation.go`,
 * `validateQueueSidecarResourceAnnotations` (from `RevisionTemplateSpec.Validate`): the share is a
 * float from 0.1 to 100, the six request/limit annotations parse as quantities (`resource.ParseQuantity`).
 */
export const queueSidecarResourcesRule = revisionRule(
  'serving/queue-sidecar-resources',
  'queue.sidecar.serving.knative.dev/resource-percentage is a number from 0.1 to 100 on a revision template; the queue-proxy cpu, memory and ephemeral-storage request/limit annotations are quantities',
  (t) => {
    const annotations = annotationsOf(t);
    if (!annotations) return [];
    const out: Finding[] = [];
    const key = QUEUE_RESOURCE_PERCENTAGE_KEYS.find(k => k in annotations);
    if (key !== undefined) {
      const value = String(annotations[key]);
      const n = parseGoFloat(value);
      // Knative checks the share on a Service or Configuration template; on a Revision object the reconciler drops a bad one.
      const severity = t.isTemplate ? undefined : 'warning';
      const hint = 'use a number of percent from 0.1 to 100, e.g. "20"; better, set the queue-proxy resources with the cpu/memory-resource-request and -limit annotations';
      if (n === undefined) {
        out.push(finding(annotationPath(t, key), `${describeValue(value)} is not a number`, hint, severity));
      } else if (n < 0.1 || n > 100) {
        out.push(finding(annotationPath(t, key), `${value} is out of range`, hint, severity));
      }
    }
    for (const k of QUEUE_RESOURCE_KEYS) {
      if (!(k in annotations)) continue;
      const value = String(annotations[k]);
      if (!isQuantity(value)) {
        // Knative checks a template; on a Revision object the reconciler ignores a bad value.
        out.push(finding(annotationPath(t, k), `${describeValue(value)} is not a quantity`,
          'use a Kubernetes quantity such as "100m" (cpu) or "64Mi" (memory, ephemeral-storage)', t.isTemplate ? undefined : 'warning'));
      }
    }
    return out;
  },
);

/** The longest duration Go's `time.ParseDuration` returns (int64 nanoseconds), in milliseconds. */
const GO_DURATION_MAX_MS = 9_223_372_036_854.775;
/** Kubernetes keeps `progressDeadlineSeconds` in an int32. */
const INT32_MAX = 2_147_483_647;

/**
 * Upstream: knative/serving knative-v1.23.0 `pkg/apis/serving/v1/revision_validation.go`,
 * `validateProgressDeadlineAnnotation` (called from `RevisionTemplateSpec.Validate`, so for
 * Service and Configuration templates; a Revision object is not checked): a Go duration at second
 * precision, not negative. `pkg/reconciler/revision/resources/deploy.go` (`MakeDeployment`) then
 * writes `int32(seconds)` as the Deployment's progressDeadlineSeconds, which Kubernetes wants above 0.
 */
export const progressDeadlineRule = revisionRule(
  'serving/progress-deadline',
  'serving.knative.dev/progress-deadline is a Go duration of whole seconds, not negative (it becomes the Deployment\'s progressDeadlineSeconds, which must be at least 1)',
  (t) => {
    const annotations = annotationsOf(t);
    if (!annotations || !(PROGRESS_DEADLINE_ANNOTATION in annotations)) return [];
    const value = String(annotations[PROGRESS_DEADLINE_ANNOTATION]);
    if (value === '') return [];
    const path = annotationPath(t, PROGRESS_DEADLINE_ANNOTATION);
    const hint = 'use a Go duration of whole seconds such as "600s" or "10m"';
    // Knative checks a template; on a Revision object a bad value reaches the Deployment unchecked.
    const severity = t.isTemplate ? undefined : 'warning';
    const ms = parseGoDuration(value);
    if (ms === undefined || Math.abs(ms) > GO_DURATION_MAX_MS) {
      return [finding(path, `${describeValue(value)} is not a Go duration`, hint, severity)];
    }
    const seconds = ms / 1000;
    if (Math.abs(seconds - Math.round(seconds)) > 1e-9) {
      return [finding(path, `progress-deadline=${value} is not at second precision`, hint, severity)];
    }
    if (ms < 0) {
      return [finding(path, `progress-deadline=${value} must be positive`, hint, severity)];
    }
    if (ms === 0) {
      return [finding(path, 'progress-deadline=0 is admitted, but the revision\'s Deployment gets progressDeadlineSeconds 0, which Kubernetes rejects', hint, 'warning')];
    }
    if (seconds > INT32_MAX) {
      return [finding(path, `progress-deadline=${value} overflows the Deployment's progressDeadlineSeconds (an int32)`, hint, 'warning')];
    }
    return [];
  },
);

/** The networking.knative.dev annotations a revision template may carry (knative/networking `allowedAnnotations`). */
const ALLOWED_NETWORKING_ANNOTATIONS = [
  'ingress.class', 'certificate.class', 'disableAutoTLS', 'disable-external-domain-tls', 'httpOption',
  'ingress-class', 'certificate-class', 'disable-auto-tls', 'http-protocol',
].map(k => `networking.knative.dev/${k}`);

/**
 * Upstream: knative/networking (the release serving knative-v1.23.0 pins, c7a7b772)
 * `pkg/apis/networking/metadata_validation.go`, `ValidateAnnotations`, called from serving's
 * `RevisionTemplateSpec.Validate`: any other key starting with `networking.knative.dev` is refused.
 */
export const templateNetworkingAnnotationsRule = revisionRule(
  'serving/template-networking-annotations',
  'a revision template carries no networking.knative.dev annotation except ingress/certificate class, auto-TLS, external-domain TLS, httpOption and http-protocol',
  (t) => {
    const annotations = annotationsOf(t);
    if (!annotations || !t.isTemplate) return [];
    return Object.keys(annotations).filter(k => k.startsWith('networking.knative.dev') && !ALLOWED_NETWORKING_ANNOTATIONS.includes(k)).map(k =>
      finding(annotationPath(t, k), `annotation ${describeValue(k)} is not allowed on a revision template`,
        k === 'networking.knative.dev/visibility'
          ? 'visibility is a label on the Service (or Route): set metadata.labels["networking.knative.dev/visibility"]: cluster-local on the Service'
          : `allowed networking.knative.dev annotations here: ${ALLOWED_NETWORKING_ANNOTATIONS.join(', ')}`));
  },
);

export const queueProxyPodInfoRule = revisionRule(
  'serving/queueproxy-podinfo',
  'features.knative.dev/queueproxy-podinfo is "enabled" (or "disabled"), and takes effect only when config-features queueproxy.mount-podinfo is "allowed"',
  (t, ctx) => {
    const annotations = annotationsOf(t);
    if (!annotations || !(QUEUEPROXY_PODINFO_ANNOTATION in annotations)) return [];
    const value = String(annotations[QUEUEPROXY_PODINFO_ANNOTATION]);
    const path = annotationPath(t, QUEUEPROXY_PODINFO_ANNOTATION);
    const flag = featureFlag(ctx.config, 'queueproxy.mount-podinfo');
    if (value !== 'enabled' && value !== 'disabled') {
      return [finding(path, `${describeValue(value)} is not a value Knative reads: the annotation is ignored`, 'use "enabled" to mount the pod-info volume on the queue-proxy', 'warning')];
    }
    if (value === 'enabled' && flag === 'disabled') {
      return [finding(path, 'the annotation is ignored: config-features queueproxy.mount-podinfo is "disabled"',
        'set queueproxy.mount-podinfo: allowed in config-features (CLI: --feature queueproxy.mount-podinfo=allowed), or drop the annotation', 'warning')];
    }
    return [];
  },
);
