import { describeValue } from '../../core/errors';
import { Finding } from '../types';
import { checkDns1035Name, checkGenerateName } from './names';
import { arr, finding, join, parseGoDuration, rec, rule } from './util';

/** Serving kinds whose names become host names or object names Knative derives others from. */
export const SERVING_NAMED_KINDS = [
  'serving.knative.dev/Service',
  'serving.knative.dev/Configuration',
  'serving.knative.dev/Route',
  'serving.knative.dev/Revision',
];

/** The prefix of autoscaling annotations. */
export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';

/** Checks a metadata.name / generateName pair as Knative Serving does (DNS-1035; one of them is required). */
export function checkServingName(metaPath: string, name: unknown, generateName: unknown): Finding[] {
  if (name === undefined && (generateName === undefined || generateName === '')) {
    return [finding(join(metaPath, 'name'), 'neither name nor generateName is set', 'set metadata.name')];
  }
  return [...checkGenerateName(join(metaPath, 'generateName'), generateName), ...checkDns1035Name(join(metaPath, 'name'), name)];
}

export const servingNameRule = rule(
  'serving/object-name',
  'Service, Configuration, Route and Revision names are DNS-1035 labels of at most 63 characters',
  SERVING_NAMED_KINDS,
  (obj) => checkServingName('metadata', obj.metadata?.name, obj.metadata?.generateName),
);

export const noAutoscalingOnParentRule = rule(
  'serving/autoscaling-annotation-placement',
  'autoscaling annotations go on spec.template.metadata, not on the Service or Configuration itself',
  ['serving.knative.dev/Service', 'serving.knative.dev/Configuration'],
  (obj) => Object.keys(rec(rec(obj.metadata).annotations))
    .filter(key => key.startsWith(AUTOSCALING_PREFIX))
    .map(key => finding(join('metadata.annotations', key), `autoscaling annotation ${describeValue(key)} has no effect here and is rejected`,
      'put autoscaling annotations under spec.template.metadata.annotations')),
);

/** Label keys of the serving.knative.dev group that users may set, by kind. */
const ALLOWED_SERVING_LABELS: Record<string, readonly string[]> = {
  Service: [],
  Route: [],
  Configuration: ['serving.knative.dev/route', 'serving.knative.dev/configurationUID', 'serving.knative.dev/serviceUID'],
};
/** Labels Knative accepts only on an object owned by the named kind. */
const OWNER_LABELS: Record<string, string> = { 'serving.knative.dev/service': 'Service' };

export const servingLabelsRule = rule(
  'serving/labels',
  'networking.knative.dev/visibility is "cluster-local"; serving.knative.dev/* labels are reserved for Knative (serving.knative.dev/service needs a matching owner)',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route', 'serving.knative.dev/Configuration'],
  (obj) => {
    const out: Finding[] = [];
    const meta = rec(obj.metadata);
    const allowed = ALLOWED_SERVING_LABELS[obj.kind] ?? [];
    for (const [key, value] of Object.entries(rec(meta.labels))) {
      const path = join('metadata.labels', key);
      const ownerKind = OWNER_LABELS[key];
      if (key === 'networking.knative.dev/visibility') {
        if (value !== 'cluster-local' && obj.kind !== 'Configuration') {
          out.push(finding(path, `${describeValue(value)} is not a visibility`, 'the only value is "cluster-local" (omit the label for public visibility)'));
        }
      } else if (ownerKind && obj.kind !== ownerKind) {
        const owned = arr(meta.ownerReferences).some(r => rec(r).kind === ownerKind && rec(r).name === value);
        if (!owned) {
          out.push(finding(path, `label ${key}=${describeValue(value)} needs an owner reference to that ${ownerKind}`,
            `the label is set by Knative on objects a ${ownerKind} owns; remove it`));
        }
      } else if (key.startsWith('serving.knative.dev/') && !allowed.includes(key)) {
        out.push(finding(path, `label key ${describeValue(key)} is reserved for Knative`, 'use a label outside the serving.knative.dev/ prefix'));
      }
    }
    return out;
  },
);

/** The annotation that spreads a traffic shift over time. */
export const ROLLOUT_DURATION_ANNOTATION = 'serving.knative.dev/rollout-duration';

export const rolloutDurationRule = rule(
  'serving/rollout-duration',
  'serving.knative.dev/rollout-duration on a Service or Route is a non-negative Go duration in whole seconds',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route'],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    if (!(ROLLOUT_DURATION_ANNOTATION in annotations)) return [];
    const value = String(annotations[ROLLOUT_DURATION_ANNOTATION]);
    const path = join('metadata.annotations', ROLLOUT_DURATION_ANNOTATION);
    const ms = parseGoDuration(value);
    const hint = 'use a Go duration in whole seconds such as "120s" or "5m"';
    if (ms === undefined) return [finding(path, `${describeValue(value)} is not a duration`, hint)];
    if (ms < 0) return [finding(path, `rollout-duration=${value} must be positive`, hint)];
    if (ms % 1000 !== 0) return [finding(path, `rollout-duration=${value} is not at second precision`, hint)];
    return [];
  },
);
