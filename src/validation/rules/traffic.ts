import { describeValue } from '../../core/errors';
import { isDns1035Label, isDns1123Label } from '../../core/names';
import { Finding, Manifest } from '../types';
import { DNS1035_HINT } from './names';
import { arr, finding, isInt, join, rec, rule, str } from './util';

/** Where the traffic list is. */
const TRAFFIC_PATH = 'spec.traffic';
const TARGET_PATHS: string[] = [];

/** `spec.traffic[i]`, formatted once per index rather than once per target of every object. */
function targetPath(i: number): string {
  return TARGET_PATHS[i] ??= join(TRAFFIC_PATH, i);
}

/**
 * The traffic list of a Service or Route after Knative's defaulting: a
 * Service without traffic gets `[{latestRevision: true, percent: 100}]`;
 * a target without `latestRevision` gets `latestRevision: !revisionName`.
 */
export function defaultedTraffic(obj: Manifest): { path: string; targets: Record<string, unknown>[]; inService: boolean } {
  const spec = rec(obj.spec);
  const inService = obj.kind === 'Service';
  const traffic = arr(spec.traffic);
  if (traffic.length === 0 && inService) return { path: TRAFFIC_PATH, targets: [{ latestRevision: true, percent: 100 }], inService };
  const targets = traffic.map(raw => {
    const t = rec(raw);
    return t.latestRevision === undefined ? { ...t, latestRevision: !str(t.revisionName) } : t;
  });
  return { path: TRAFFIC_PATH, targets, inService };
}

/** Checks one traffic target: what it points at and its percent. */
export function checkTrafficTarget(path: string, t: Record<string, unknown>, inService: boolean): Finding[] {
  const out: Finding[] = [];
  const revisionName = str(t.revisionName) ?? '';
  const configurationName = str(t.configurationName) ?? '';
  if (t.latestRevision === (revisionName !== '')) {
    const message = revisionName === ''
      ? 'latestRevision is false but no revisionName is set'
      : `may not set revisionName ${describeValue(revisionName)} when latestRevision is true`;
    out.push(finding(join(path, 'latestRevision'), message,
      'pin a revision with revisionName (latestRevision false or unset), or follow the latest with latestRevision: true and no revisionName'));
  }
  if (inService && configurationName !== '') {
    out.push(finding(join(path, 'configurationName'), 'configurationName is not allowed in a Service\'s traffic',
      'a Service routes to its own Configuration; use latestRevision: true or a revisionName'));
  } else if (revisionName !== '' && configurationName !== '') {
    out.push(finding(path, 'both revisionName and configurationName are set', 'set exactly one of revisionName, configurationName'));
  } else if (!inService && revisionName === '' && configurationName === '') {
    out.push(finding(path, 'neither revisionName nor configurationName is set', 'set exactly one of revisionName, configurationName'));
  }
  checkTargetName(path, 'revisionName', revisionName, out);
  checkTargetName(path, 'configurationName', configurationName, out);
  const percent = t.percent;
  if (percent !== undefined && percent !== null && (!isInt(percent) || percent < 0 || percent > 100)) {
    out.push(finding(join(path, 'percent'), `${describeValue(percent)} is out of range`, 'must be an integer from 0 to 100'));
  }
  // Knative rejects a url that is set (an empty string is no url).
  if (t.url !== undefined && t.url !== null && t.url !== '') {
    out.push(finding(join(path, 'url'), 'url is not allowed in spec.traffic', 'url is filled in by Knative in status; remove it'));
  }
  return out;
}

/** The name part of a Kubernetes qualified name (compiled once, not per target). */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * True for a Kubernetes qualified name, which Knative requires of revisionName
 * and configurationName: `name` or `prefix/name`, the name at most 63
 * alphanumerics, '-', '_' or '.', the prefix a DNS-1123 subdomain.
 */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  if (parts.length === 1) return true;
  const prefix = parts[0];
  return prefix.length > 0 && prefix.length <= 253 && prefix.split('.').every(isDns1123Label);
}

function checkTargetName(path: string, key: string, value: string, out: Finding[]): void {
  if (value !== '' && !isQualifiedName(value)) {
    out.push(finding(join(path, key), `${describeValue(value)} is not a valid name`,
      'at most 63 alphanumerics, \'-\', \'_\' or \'.\', alphanumeric at both ends (optionally after a "<DNS subdomain>/" prefix)'));
  }
}

export const trafficTargetsRule = rule(
  'serving/traffic-target',
  'each traffic target points at exactly one of revisionName / latest revision (configurationName only in a Route), with percent 0..100',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route'],
  (obj) => {
    const { targets, inService } = defaultedTraffic(obj);
    const out: Finding[] = [];
    targets.forEach((t, i) => out.push(...checkTrafficTarget(targetPath(i), t, inService)));
    return out;
  },
);

export const trafficPercentSumRule = rule(
  'serving/traffic-percent-sum',
  'traffic percents sum to 100',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route'],
  (obj) => {
    const { path, targets } = defaultedTraffic(obj);
    const sum = targets.reduce((s, t) => s + (typeof t.percent === 'number' ? t.percent : 0), 0);
    if (sum === 100) return [];
    return [finding(path, `traffic targets sum to ${sum}, want 100`,
      targets.length === 0 ? 'add a traffic target with percent: 100' : 'set percent on the targets so that they add up to 100 (tag-only targets may have 0)')];
  },
);

export const trafficTagsRule = rule(
  'serving/traffic-tags',
  'traffic tags are DNS-1035 labels and unique',
  ['serving.knative.dev/Service', 'serving.knative.dev/Route'],
  (obj) => {
    const { path, targets } = defaultedTraffic(obj);
    const out: Finding[] = [];
    const seen = new Map<string, number>();
    targets.forEach((t, i) => {
      const tag = t.tag;
      if (tag === undefined || tag === '') return;
      const p = join(join(path, i), 'tag');
      if (typeof tag !== 'string' || !isDns1035Label(tag)) {
        out.push(finding(p, `tag ${describeValue(tag)} is not a DNS-1035 label`, `${DNS1035_HINT} (the tag becomes part of a host name)`));
        return;
      }
      const first = seen.get(tag);
      if (first !== undefined) {
        out.push(finding(p, `multiple definitions for tag ${describeValue(tag)} (also ${join(join(path, first), 'tag')})`, 'each tag may appear once'));
      } else {
        seen.set(tag, i);
      }
    });
    return out;
  },
);
