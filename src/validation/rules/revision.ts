import { describeValue } from '../../core/errors';
import { Finding, Manifest, RuleContext } from '../types';
import { checkDns1035Name, checkGenerateName } from './names';
import { checkIntRange, finding, isInt, join, Json, rec, rule, str } from './util';

/** Kinds that carry a revision template or are a revision. */
export const REVISION_KINDS = ['serving.knative.dev/Service', 'serving.knative.dev/Configuration', 'serving.knative.dev/Revision'];

/**
 * A revision as it appears in an object: the template of a Service or
 * Configuration (`spec.template`) or a Revision itself. Rules over
 * revisions take these so they are written once for the three kinds.
 */
export interface RevisionTemplate {
  /** Path of the revision's `metadata`. */
  readonly metaPath: string;
  readonly meta: Json;
  /** Path of the revision's `spec` (which is also its pod spec). */
  readonly specPath: string;
  readonly spec: Json;
  /** The object's own name and generateName (the parent, for a template). */
  readonly parentName?: string;
  readonly parentGenerateName?: string;
  /** True for a Service/Configuration template, false for a Revision. */
  readonly isTemplate: boolean;
}

/** The revision template(s) of a Service, Configuration or Revision; none for other kinds. */
export function revisionTemplates(obj: Manifest): RevisionTemplate[] {
  const t = revisionTemplate(obj);
  return t ? [t] : [];
}

/** The one revision template of a Service, Configuration or Revision; undefined for other kinds. */
export function revisionTemplate(obj: Manifest): RevisionTemplate | undefined {
  const spec = rec(obj.spec);
  if (obj.kind === 'Revision') {
    return { metaPath: 'metadata', meta: rec(obj.metadata), specPath: 'spec', spec, isTemplate: false };
  }
  if (obj.kind === 'Service' || obj.kind === 'Configuration') {
    const template = rec(spec.template);
    return {
      metaPath: 'spec.template.metadata',
      meta: rec(template.metadata),
      specPath: 'spec.template.spec',
      spec: rec(template.spec),
      parentName: obj.metadata?.name,
      parentGenerateName: obj.metadata?.generateName,
      isTemplate: true,
    };
  }
  return undefined;
}

/** Declares a rule over each revision template of Services, Configurations and Revisions. */
export function revisionRule(
  id: string,
  description: string,
  check: (t: RevisionTemplate, ctx: RuleContext, obj: Manifest) => Finding[],
) {
  // An object has at most one template: checked directly, without flatMap's closure and copy.
  return rule(id, description, REVISION_KINDS, (obj, ctx) => {
    const t = revisionTemplate(obj);
    return t ? check(t, ctx, obj) : [];
  });
}

/** Checks a containerConcurrency value against the cluster's limit. */
export function checkContainerConcurrency(path: string, value: unknown, ctx: RuleContext): Finding[] {
  const d = ctx.config.defaults;
  if (value === undefined || value === null) return [];
  if (value === 0 && !d.allowContainerConcurrencyZero) {
    return [finding(path, '0 is not allowed: this cluster sets allow-container-concurrency-zero to false',
      `must be an integer from 1 to ${d.containerConcurrencyMaxLimit}`)];
  }
  return checkIntRange(path, value, 0, d.containerConcurrencyMaxLimit,
    `must be an integer from 0 (unlimited) to ${d.containerConcurrencyMaxLimit} (config-defaults container-concurrency-max-limit)`);
}

export const containerConcurrencyRule = revisionRule(
  'serving/container-concurrency',
  'containerConcurrency is an integer from 0 to container-concurrency-max-limit (1000)',
  (t, ctx) => {
    const value = t.spec.containerConcurrency;
    // An unset value passes: its path is formatted only when there is something to check.
    return value === undefined || value === null ? [] : checkContainerConcurrency(join(t.specPath, 'containerConcurrency'), value, ctx);
  },
);

/** Timeouts Knative's webhook does not range-check (it validates timeoutSeconds only); the queue-proxy uses what it gets. */
const UNCHECKED_TIMEOUT_FIELDS = ['responseStartTimeoutSeconds', 'idleTimeoutSeconds'];

export const timeoutsRule = revisionRule(
  'serving/timeouts',
  'timeoutSeconds is from 0 to max-revision-timeout-seconds (600); responseStartTimeoutSeconds and idleTimeoutSeconds outside that range, or a response start timeout above the timeout, are warnings',
  (t, ctx) => {
    const max = ctx.config.defaults.maxRevisionTimeoutSeconds;
    const out: Finding[] = [];
    const range = `an integer from 0 (the default) to ${max} seconds (config-defaults max-revision-timeout-seconds)`;
    // Most revisions leave the timeouts unset: path and hint are formatted only for a set one.
    const timeoutSeconds = t.spec.timeoutSeconds;
    if (timeoutSeconds !== undefined && timeoutSeconds !== null) {
      out.push(...checkIntRange(join(t.specPath, 'timeoutSeconds'), timeoutSeconds, 0, max, `must be ${range}`));
    }
    for (const field of UNCHECKED_TIMEOUT_FIELDS) {
      const value = t.spec[field];
      if (value === undefined || value === null) continue;
      out.push(...checkIntRange(join(t.specPath, field), value, 0, max, `should be ${range}: Knative admits other values unchecked`)
        .map(f => ({ ...f, severity: 'warning' as const })));
    }
    const timeout = isInt(t.spec.timeoutSeconds) && t.spec.timeoutSeconds > 0 ? t.spec.timeoutSeconds : ctx.config.defaults.revisionTimeoutSeconds;
    const start = t.spec.responseStartTimeoutSeconds;
    if (isInt(start) && start > timeout && start <= max) {
      out.push(finding(join(t.specPath, 'responseStartTimeoutSeconds'),
        `${start} is greater than the revision's timeout of ${timeout} seconds`,
        'must not exceed timeoutSeconds: a response has to start before the request times out', 'warning'));
    }
    return out;
  },
);

export const revisionNameRule = revisionRule(
  'serving/revision-name',
  'a revision name brought by the user is a DNS-1035 label prefixed with "<parent name>-"',
  (t) => {
    // Knative reads an empty name as no name.
    const name = t.meta.name === '' ? undefined : str(t.meta.name);
    // A template rarely names its revision: the paths are formatted only for a name or generateName that is set.
    const out: Finding[] = [];
    if (t.meta.generateName !== undefined) out.push(...checkGenerateName(join(t.metaPath, 'generateName'), t.meta.generateName));
    if (t.meta.name !== undefined && t.meta.name !== '') out.push(...checkDns1035Name(join(t.metaPath, 'name'), t.meta.name));
    if (name === undefined || out.length > 0) return out;
    if (!t.isTemplate) return out;
    if (!t.parentName && t.parentGenerateName) {
      out.push(finding(join(t.metaPath, 'name'), `a revision name (${describeValue(name)}) is not allowed when the parent uses metadata.generateName`,
        'set metadata.name on the parent, or drop the revision name'));
      return out;
    }
    const prefix = `${t.parentName ?? ''}-`;
    if (!name.startsWith(prefix)) {
      out.push(finding(join(t.metaPath, 'name'), `${describeValue(name)} must have prefix ${describeValue(prefix)}`,
        `name the revision "${prefix}<suffix>", e.g. "${prefix}v2"; each new template needs a new name`));
    }
    return out;
  },
);
