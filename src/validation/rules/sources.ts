import { cronError, isValidTimeZone } from '../../core/cron';
import { describeValue } from '../../core/errors';
import { Finding } from '../types';
import { featureFlag } from '../config';
import { checkCeOverrides, checkDestination } from './destination';
import { checkSubscriptionsFilter } from './eventing';
import { ANY_KIND, arr, finding, isRecord, join, rec, rule, str } from './util';
import { isDns1123Label, isDns1123Subdomain } from '../../core/names';

const S = 'sources.knative.dev';
/** The source kinds that take a sink: Knative Eventing core, Kafka and GitHub. */
export const SOURCE_KINDS = [
  `${S}/PingSource`, `${S}/ApiServerSource`, `${S}/SinkBinding`, `${S}/ContainerSource`, `${S}/KafkaSource`, `${S}/GitHubSource`,
  `${S}/IntegrationSource`,
];
const KNOWN_SOURCES = new Set(SOURCE_KINDS);

export const sourceSinkRule = rule(
  'sources/sink',
  'a source has a sink: a ref and/or uri (absolute when there is no ref, relative when there is)',
  SOURCE_KINDS,
  (obj, ctx) => checkDestination('spec.sink', rec(obj.spec).sink, ctx, true),
);

export const ceOverridesRule = rule(
  'sources/ce-overrides',
  'ceOverrides.extensions names are lower-case alphanumerics',
  SOURCE_KINDS,
  (obj) => checkCeOverrides('spec.ceOverrides', rec(obj.spec).ceOverrides),
);

/**
 * Any other source (a kind named `...Source` of a custom resource group, such
 * as `CloudPubSubSource` or `RabbitmqSource`): Knative's source duck type has
 * a sink and CloudEvent overrides, checked as on the known sources.
 * `ANY_KIND` runs the rule on every object; it picks the duck sources itself.
 */
export const duckSourceRule = rule(
  'sources/duck-source',
  'any other source kind (a ...Source of a custom resource group) has a sink (a ref and/or uri) and valid ceOverrides, as Knative\'s source duck type',
  [ANY_KIND],
  (obj, ctx) => {
    if (!isDuckSource(obj.apiVersion, obj.kind)) return [];
    const spec = rec(obj.spec);
    return [...checkDestination('spec.sink', spec.sink, ctx, true), ...checkCeOverrides('spec.ceOverrides', spec.ceOverrides)];
  },
);

/** A kind ending in `Source` in a custom resource group (with a dot) that is not one of {@link SOURCE_KINDS}. */
function isDuckSource(apiVersion: unknown, kind: unknown): boolean {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !kind.endsWith('Source') || kind === 'Source') return false;
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io') && !KNOWN_SOURCES.has(`${group}/${kind}`);
}

// ---------------------------------------------------------------- PingSource

// The cron and time zone checks are shared with the PingSource construct (src/core/cron.ts).
export { cronError, isValidTimeZone as isTimeZone };

/**
 * Upstream: knative/eventing knative-v1.22.2 `pkg/apis/sources/v1/ping_validation.go`,
 * `PingSourceSpec.Validate` (after `ping_defaults.go` `SetDefaults` fills an empty schedule
 * with `* * * * *`); the parser is robfig/cron v3.0.1 with an optional seconds field.
 */
export const pingScheduleRule = rule(
  'sources/ping-schedule',
  'a PingSource schedule is a cron expression of 5 fields, or 6 with seconds first (or an @daily-style descriptor, not @every), optionally with CRON_TZ=/TZ=, and timezone is a known IANA zone; a missing schedule defaults to "* * * * *"',
  [`${S}/PingSource`],
  (obj) => {
    const spec = rec(obj.spec);
    const schedule = str(spec.schedule) ?? '';
    const out: Finding[] = [];
    const timezone = str(spec.timezone);
    if (timezone && !isValidTimeZone(timezone)) {
      out.push(finding('spec.timezone', `unknown time zone ${describeValue(timezone)}`, 'use an IANA time zone name such as "Europe/Paris" or "America/New_York"'));
      return out;
    }
    if (timezone && /^(CRON_TZ|TZ)=/.test(schedule)) {
      // Knative prepends "CRON_TZ=<timezone> ": the schedule's own prefix is then read as a field.
      out.push(finding('spec.schedule', `${describeValue(schedule)} has a time zone prefix while spec.timezone is set too`,
        'keep one: spec.timezone (preferred) or the CRON_TZ= prefix'));
      return out;
    }
    const err = cronError(schedule);
    if (err) {
      out.push(finding(err.field === 'timezone' ? 'spec.timezone' : 'spec.schedule', `${describeValue(schedule)} is not a valid schedule: ${err.message}`,
        'use five fields "minute hour day-of-month month day-of-week" (e.g. "0 */2 * * *"), six with seconds first, or a descriptor like @hourly, optionally after a CRON_TZ=Zone/Name prefix; prefer spec.timezone'));
    }
    return out;
  },
);

export const pingDataRule = rule(
  'sources/ping-data',
  'a PingSource sets at most one of data and dataBase64; dataBase64 is base64; with contentType application/json the payload is a JSON object',
  [`${S}/PingSource`],
  (obj) => {
    const spec = rec(obj.spec);
    const data = str(spec.data) ?? '';
    const b64 = str(spec.dataBase64) ?? '';
    if (data !== '' && b64 !== '') {
      return [finding('spec', 'both data and dataBase64 are set', 'set exactly one of data, dataBase64')];
    }
    const json = spec.contentType === 'application/json';
    if (b64 !== '') {
      // Go's base64.StdEncoding skips line breaks, and wants the padding.
      const text = b64.replace(/[\r\n]/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
        return [finding('spec.dataBase64', `${describeValue(b64.length > 40 ? `${b64.slice(0, 37)}...` : b64)} is not valid base64`, 'encode the payload with standard base64 (with padding)')];
      }
      if (json && !isJsonObject(Buffer.from(text, 'base64').toString('utf8'))) {
        return [finding('spec.dataBase64', 'the decoded payload is not a JSON object though contentType is application/json', 'encode a JSON object, or change contentType')];
      }
    } else if (data !== '' && json && !isJsonObject(data)) {
      return [finding('spec.data', `${describeValue(data)} is not a JSON object though contentType is application/json`, 'write a JSON object such as {"message": "hello"}, or change contentType')];
    }
    return [];
  },
);

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) || v === null;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- ApiServerSource

/**
 * Upstream: knative/eventing knative-v1.22.2 `pkg/apis/sources/v1/apiserver_validation.go`,
 * `ApiServerSourceSpec.Validate` and `validateSubscriptionAPIFiltersList` (filters while
 * new-apiserversource-filters is disabled are an error; the CRD keeps unknown spec fields, so they reach the webhook).
 */
export const apiServerSourceRule = rule(
  'sources/apiserver',
  'an ApiServerSource has mode Reference or Resource (default Reference), at least one resource with a group/version and kind, a valid owner; filters only with new-apiserversource-filters',
  [`${S}/ApiServerSource`],
  (obj, ctx) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    if (spec.mode !== undefined && spec.mode !== '' && spec.mode !== 'Reference' && spec.mode !== 'Resource') {
      out.push(finding('spec.mode', `${describeValue(spec.mode)} is not a mode`, 'use "Reference" (send a reference to the object) or "Resource" (send the whole object)'));
    }
    const resources = arr(spec.resources);
    if (resources.length === 0) out.push(finding('spec.resources', 'resources is empty', 'list the kinds to watch, e.g. [{apiVersion: v1, kind: Event}]'));
    resources.forEach((r, i) => out.push(...checkGroupVersionKind(join('spec.resources', i), rec(r))));
    if (isRecord(spec.owner)) out.push(...checkGroupVersionKind('spec.owner', spec.owner));
    out.push(...secretsWatched(spec, resources));
    const filters = arr(spec.filters);
    if (filters.length > 0) {
      const flag = featureFlag(ctx.config, 'new-apiserversource-filters');
      if (flag !== 'enabled') {
        out.push(finding('spec.filters', `filters need the Eventing feature new-apiserversource-filters, which is ${flag}`,
          'remove filters or enable new-apiserversource-filters'));
      } else {
        filters.forEach((f, i) => out.push(...checkSubscriptionsFilter(join('spec.filters', i), f)));
      }
    }
    return out;
  },
);

/**
 * Valid but risky: an ApiServerSource watching Secrets beyond its own
 * namespace (a `namespaceSelector`: Knative Eventing knative-v1.22.2
 * `pkg/apis/sources/v1/apiserver_types.go`; an empty selector matches every
 * namespace), or in `Resource` mode (the whole object is the event's data),
 * streams Secrets to its sink and needs a role that reads them all.
 */
function secretsWatched(spec: Record<string, unknown>, resources: unknown[]): Finding[] {
  const at = resources.findIndex(r => rec(r).kind === 'Secret' && rec(r).apiVersion === 'v1');
  if (at < 0) return [];
  const selector = spec.namespaceSelector;
  const everywhere = isRecord(selector) && arr(selector.matchExpressions).length === 0 && Object.keys(rec(selector.matchLabels)).length === 0;
  const scope = !isRecord(selector) ? 'of its namespace' : everywhere ? 'of every namespace of the cluster' : 'of every namespace its namespaceSelector matches';
  if (spec.mode === 'Resource') {
    return [finding(join('spec.resources', at), `watches Secrets in Resource mode: every Secret ${scope}, with its data, is streamed to the sink`,
      'watch Secrets only if the sink may see their values; use mode Reference and a label selector to send references to a few', 'warning')];
  }
  if (!isRecord(selector)) return [];
  return [finding(join('spec.resources', at), `watches Secrets cluster-wide: an event for every Secret ${scope} is streamed to the sink, and the source's ServiceAccount must be allowed to read them all`,
    'drop the namespaceSelector or narrow it, and select the Secrets with a label selector', 'warning')];
}

/** Checks the apiVersion (group/version) and kind of a watched resource or owner. */
function checkGroupVersionKind(path: string, res: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  const av = res.apiVersion;
  const hint = 'use "v1" or "group/version", e.g. "apps/v1"';
  if (av !== undefined && typeof av !== 'string') {
    out.push(finding(join(path, 'apiVersion'), `${describeValue(av)} is not an apiVersion`, hint));
  } else if (typeof av === 'string' && av.split('/').length > 2) {
    out.push(finding(join(path, 'apiVersion'), `${describeValue(av)} is not a group/version`, hint));
  } else if (typeof av === 'string' && !/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z0-9]+$/.test(av)) {
    out.push(finding(join(path, 'apiVersion'), `${describeValue(av)} does not look like an API version; nothing would match it`, hint, 'warning'));
  }
  if (typeof res.kind !== 'string' || res.kind.trim() === '') out.push(finding(join(path, 'kind'), 'kind is missing', 'name the kind, e.g. Deployment'));
  return out;
}

// ---------------------------------------------------------------- SinkBinding

export const sinkBindingSubjectRule = rule(
  'sources/sinkbinding-subject',
  'a SinkBinding subject has an apiVersion (group/version), a kind (an identifier) and exactly one of a name (a DNS-1123 label) and a valid label selector, in the binding\'s namespace',
  [`${S}/SinkBinding`],
  (obj) => {
    const subject = rec(obj.spec).subject;
    if (!isRecord(subject)) return [finding('spec.subject', 'subject is missing', 'name what to bind: {apiVersion: apps/v1, kind: Deployment, name: ...} or a selector')];
    const out: Finding[] = [];
    const p = (k: string) => join('spec.subject', k);
    const apiVersion = str(subject.apiVersion) ?? '';
    if (apiVersion === '') out.push(finding(p('apiVersion'), 'apiVersion is missing', 'the subject needs apiVersion and kind, e.g. apps/v1 and Deployment'));
    else if (!isQualifiedName(apiVersion)) out.push(finding(p('apiVersion'), `${describeValue(apiVersion)} is not a group/version`, 'use "v1" or "group/version", e.g. "apps/v1"'));
    const kind = str(subject.kind) ?? '';
    if (kind === '') out.push(finding(p('kind'), 'kind is missing', 'the subject needs apiVersion and kind, e.g. apps/v1 and Deployment'));
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(kind)) out.push(finding(p('kind'), `${describeValue(kind)} is not a kind`, 'use a kind such as Deployment'));
    const name = str(subject.name) ?? '';
    const hasSelector = subject.selector !== undefined && subject.selector !== null;
    if (name !== '' && hasSelector) {
      out.push(finding('spec.subject', 'both name and selector are set', 'set exactly one of name, selector'));
    } else if (hasSelector) {
      out.push(...checkLabelSelector(p('selector'), subject.selector));
    } else if (name !== '') {
      if (!isDns1123Label(name)) out.push(finding(p('name'), `${describeValue(name)} is not a DNS-1123 label`, 'a subject name is at most 63 lower-case letters, digits and \'-\''));
    } else {
      out.push(finding('spec.subject', 'neither name nor selector is set', 'set exactly one of name, selector'));
    }
    const ns = str(subject.namespace) ?? '';
    const own = obj.metadata?.namespace;
    if (ns !== '' && own && ns !== own) {
      out.push(finding(p('namespace'), `namespace ${describeValue(ns)} differs from the SinkBinding's ${describeValue(own)}`, 'a SinkBinding binds subjects in its own namespace'));
    } else if (ns !== '' && !isDns1123Label(ns)) {
      out.push(finding(p('namespace'), `${describeValue(ns)} is not a namespace name`, 'leave namespace unset: it defaults to the SinkBinding\'s'));
    }
    return out;
  },
);

/** A Kubernetes qualified name (`name` or `dns-subdomain/name`), as `validation.IsQualifiedName` checks it. */
function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (parts.length === 2 && (parts[0] === '' || !isDns1123Subdomain(parts[0]))) return false;
  return name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
}

/** A label value: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value));
}

/** Checks a label selector as `metav1.LabelSelectorAsSelector` does: qualified keys, label values, known operators. */
function checkLabelSelector(path: string, raw: unknown): Finding[] {
  if (!isRecord(raw)) return [finding(path, `${describeValue(raw)} is not a label selector`, 'use {matchLabels: {app: web}}')];
  const out: Finding[] = [];
  for (const [k, v] of Object.entries(rec(raw.matchLabels))) {
    if (!isQualifiedName(k)) out.push(finding(join(join(path, 'matchLabels'), k), `${describeValue(k)} is not a label key`, 'use a key such as app or app.kubernetes.io/name'));
    else if (typeof v !== 'string' || !isLabelValue(v)) out.push(finding(join(join(path, 'matchLabels'), k), `${describeValue(v)} is not a label value`, 'at most 63 letters, digits, \'-\', \'_\' and \'.\''));
  }
  arr(raw.matchExpressions).forEach((e, i) => {
    const ep = join(join(path, 'matchExpressions'), i);
    const expr = rec(e);
    const key = str(expr.key) ?? '';
    const values = arr(expr.values);
    if (!isQualifiedName(key)) out.push(finding(join(ep, 'key'), `${describeValue(expr.key)} is not a label key`, 'use a key such as app'));
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) out.push(finding(join(ep, 'values'), `${expr.operator} needs at least one value`, 'list the values to match'));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) out.push(finding(join(ep, 'values'), `${expr.operator} takes no values`, 'drop values'));
        break;
      default:
        out.push(finding(join(ep, 'operator'), `${describeValue(expr.operator)} is not a selector operator`, 'use In, NotIn, Exists or DoesNotExist'));
    }
    values.forEach((v, j) => {
      if (typeof v !== 'string' || !isLabelValue(v)) out.push(finding(join(join(ep, 'values'), j), `${describeValue(v)} is not a label value`, 'at most 63 letters, digits, \'-\', \'_\' and \'.\''));
    });
  });
  return out;
}

// ---------------------------------------------------------------- ContainerSource

export const containerSourceTemplateRule = rule(
  'sources/containersource-template',
  'a ContainerSource has a pod template with at least one container, each with an image',
  [`${S}/ContainerSource`],
  (obj) => {
    const template = rec(obj.spec).template;
    if (!isRecord(template)) return [finding('spec.template', 'template is missing', 'give a pod template with the container that sends events')];
    const containers = arr(rec(template.spec).containers);
    if (containers.length === 0) return [finding('spec.template.spec.containers', 'the template has no containers', 'add a container with an image')];
    // Knative defaults a missing container name and requires an image (a blank one passes, and cannot be pulled).
    return containers.flatMap((c, i) => {
      const image = rec(c).image;
      if (typeof image === 'string' && image.trim() !== '') return [];
      const blank = typeof image === 'string' && image !== '';
      return [finding(join(join('spec.template.spec.containers', i), 'image'), blank ? 'image is blank' : 'image is missing', 'every container needs an image',
        blank ? 'warning' : undefined)];
    });
  },
);

// ---------------------------------------------------------------- KafkaSource

export const kafkaSourceRule = rule(
  'sources/kafka',
  'a KafkaSource has bootstrapServers and topics, consumers >= 0, initialOffset earliest|latest (or empty: latest) and ordering ordered|unordered',
  [`${S}/KafkaSource`],
  (obj) => {
    const spec = rec(obj.spec);
    const out: Finding[] = [];
    for (const key of ['bootstrapServers', 'topics']) {
      const list = arr(spec[key]);
      if (list.length === 0) {
        out.push(finding(join('spec', key), `${key} is empty`, key === 'topics' ? 'list the topics to consume' : 'list the Kafka brokers, e.g. my-cluster-kafka-bootstrap.kafka:9092'));
      } else {
        // Knative only asks for a non-empty list; a blank entry is accepted but cannot work.
        list.forEach((v, i) => {
          if (typeof v !== 'string' || v.trim() === '') {
            out.push(finding(join(join('spec', key), i), `entry ${describeValue(v)} is blank`, key === 'topics' ? 'name a topic' : 'give a host:port', 'warning'));
          }
        });
      }
    }
    const consumers = spec.consumers;
    // 0 is an explicit value (no consumers); Knative does not check the number, a negative one is reported all the same.
    if (consumers !== undefined && (typeof consumers !== 'number' || !Number.isInteger(consumers) || consumers < 0)) {
      out.push(finding('spec.consumers', `${describeValue(consumers)} is not allowed`, 'must be an integer of 0 or more (unset means 1)'));
    }
    // An empty initialOffset is defaulted to latest.
    if (spec.initialOffset !== undefined && spec.initialOffset !== '' && spec.initialOffset !== 'earliest' && spec.initialOffset !== 'latest') {
      out.push(finding('spec.initialOffset', `${describeValue(spec.initialOffset)} is not an initial offset`, 'use "earliest" or "latest"'));
    }
    if (spec.ordering !== undefined && spec.ordering !== 'ordered' && spec.ordering !== 'unordered') {
      out.push(finding('spec.ordering', `${describeValue(spec.ordering)} is not a delivery ordering`, 'use "ordered" or "unordered"'));
    }
    return out;
  },
);
