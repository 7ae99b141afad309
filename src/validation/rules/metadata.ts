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

/** The prefix of autoscaling annotations (with the slash: the keys Knative reads). */
export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';

/** Checks a metadata.name / generateName pair as Knative Serving does (DNS-1035; one of them is required; empty means unset). */
export function checkServingName(metaPath: string, name: unknown, generateName: unknown): Finding[] {
  if ((name === undefined || name === '') && (generateName === undefined || generateName === '')) {
    return [finding(join(metaPath, 'name'), 'neither name nor generateName is set', 'set metadata.name')];
  }
  return [...checkGenerateName(join(metaPath, 'generateName'), generateName), ...checkDns1035Name(join(metaPath, 'name'), name === '' ? undefined : name)];
}

export const servingNameRule = rule(
  'serving/object-name',
  'Service, Configuration, Route and Revision names are DNS-1035 labels of at most 63 characters',
  SERVING_NAMED_KINDS,
  (obj) => checkServingName('metadata', obj.metadata?.name, obj.metadata?.generateName),
);

/** Knative's test for an autoscaling key: the group name as a plain prefix, without the slash. */
const AUTOSCALING_GROUP = 'autoscaling.knative.dev';

export const noAutoscalingOnParentRule = rule(
  'serving/autoscaling-annotation-placement',
  'autoscaling annotations go on spec.template.metadata, not on the Service, Configuration or Route itself',
  ['serving.knative.dev/Service', 'serving.knative.dev/Configuration', 'serving.knative.dev/Route'],
  (obj) => Object.keys(rec(rec(obj.metadata).annotations))
    .filter(key => key.startsWith(AUTOSCALING_GROUP))
    .map(key => finding(join('metadata.annotations', key), `autoscaling annotation ${describeValue(key)} is not allowed on a ${obj.kind}`,
      obj.kind === 'Route' ? 'autoscaling annotations belong on the revision template (spec.template.metadata.annotations) of a Service or Configuration'
        : 'put autoscaling annotations under spec.template.metadata.annotations')),
);

/** The label that makes a Service or Route reachable only inside the cluster. */
const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
/** Labels Knative accepts only on an object owned by the named kind, by kind of the labelled object. */
const OWNER_LABELS: Record<string, Record<string, string>> = {
  Route: { 'serving.knative.dev/service': 'Service' },
  Configuration: { 'serving.knative.dev/service': 'Service' },
  Revision: { 'serving.knative.dev/configuration': 'Configuration' },
};

export const servingLabelsRule = rule(
  'serving/labels',
  'networking.knative.dev/visibility on a Service is "cluster-local" (on a Route another value is a warning: the Route stays public); serving.knative.dev/service on a Route or Configuration, and serving.knative.dev/configuration on a Revision, name an owner reference',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route', 'serving.knative.dev/Configuration', 'serving.knative.dev/Revision'],
  (obj) => {
    const out: Finding[] = [];
    const meta = rec(obj.metadata);
    const owners = OWNER_LABELS[obj.kind] ?? {};
    // Other serving.knative.dev/* labels are Knative's own, but its webhook no longer rejects them.
    for (const [key, value] of Object.entries(rec(meta.labels))) {
      const path = join('metadata.labels', key);
      const ownerKind = owners[key];
      if (key === VISIBILITY_LABEL && (obj.kind === 'Service' || obj.kind === 'Route')) {
        if (value !== 'cluster-local') {
          // Knative's Service webhook rejects another value; its Route webhook no longer checks the label, and the Route stays public.
          out.push(obj.kind === 'Service'
            ? finding(path, `${describeValue(value)} is not a visibility`, 'the only value is "cluster-local" (omit the label for public visibility)')
            : finding(path, `${describeValue(value)} is not a visibility: Knative admits it on a Route and keeps the Route public`,
              'the only value is "cluster-local" (omit the label for public visibility)', 'warning'));
        }
      } else if (ownerKind) {
        const owned = arr(meta.ownerReferences).some(r => rec(r).kind === ownerKind && rec(r).name === value);
        if (!owned) {
          out.push(finding(path, `label ${key}=${describeValue(value)} needs an owner reference to that ${ownerKind}`,
            `the label is set by Knative on objects a ${ownerKind} owns; remove it`));
        }
      }
    }
    return out;
  },
);

/** The annotation that spreads a traffic shift over time, current spelling first, then the legacy one Knative still reads. */
export const ROLLOUT_DURATION_ANNOTATION = 'serving.knative.dev/rollout-duration';
const ROLLOUT_DURATION_KEYS = [ROLLOUT_DURATION_ANNOTATION, 'serving.knative.dev/rolloutDuration'];

export const rolloutDurationRule = rule(
  'serving/rollout-duration',
  'serving.knative.dev/rollout-duration (or rolloutDuration) on a Service or Route is empty or a non-negative Go duration in whole seconds',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route'],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    const key = ROLLOUT_DURATION_KEYS.find(k => k in annotations);
    if (key === undefined) return [];
    const value = String(annotations[key]);
    if (value === '') return []; // Knative skips an empty value
    const path = join('metadata.annotations', key);
    const ms = parseGoDuration(value);
    const hint = 'use a Go duration in whole seconds such as "120s" or "5m"';
    if (ms === undefined) return [finding(path, `${describeValue(value)} is not a duration`, hint)];
    if (ms % 1000 !== 0) return [finding(path, `rollout-duration=${value} is not at second precision`, hint)];
    if (ms < 0) return [finding(path, `rollout-duration=${value} must be positive`, hint)];
    return [];
  },
);

/** Annotations Knative writes with the requesting user's name, by key. */
export const USER_INFO_ANNOTATIONS = ['serving.knative.dev/creator', 'serving.knative.dev/lastModifier'];

export const userInfoAnnotationsRule = rule(
  'serving/user-info-annotations',
  'serving.knative.dev/creator and lastModifier on a Service, Configuration or Route are Knative\'s: it overwrites them at create and rejects a changed one on update',
  ['serving.knative.dev/Service', 'serving.knative.dev/Configuration', 'serving.knative.dev/Route'],
  (obj) => {
    const annotations = rec(rec(obj.metadata).annotations);
    return USER_INFO_ANNOTATIONS.filter(key => key in annotations).map(key => finding(join('metadata.annotations', key),
      `${key} is set by Knative to the requesting user: it overwrites this value at create, and rejects an update that carries a value other than the stored one`,
      'remove the annotation from the manifest', 'warning'));
  },
);
