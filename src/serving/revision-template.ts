import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { check, checkDns1035Label, checkIntegerRange, isUnresolved } from '../core';
import { checkPropTypes, checkValue, PropSpec, PropType, required } from '../core/errors';
import { dropUndefined } from '../core/json';
import { AutoscalingProps, renderAutoscaling } from './autoscaling';
import { collectVolumes, ContainerProps, renderContainer } from './container';

/**
 * What every new Revision of a Service or Configuration is made from: its
 * containers, request handling and autoscaling.
 * @see https://knative.dev/docs/serving/revisions/
 */
export interface RevisionTemplateProps {
  /** The serving container: the one that receives requests on its port. */
  readonly container: ContainerProps;
  /**
   * More containers beside the serving one (Knative's multi-container
   * support); they have no port.
   * @default - none
   */
  readonly sidecars?: ContainerProps[];
  /**
   * Most requests one pod handles at once, 0–1000; 0 lets the system decide.
   * @default - the cluster's default (0, unlimited)
   */
  readonly containerConcurrency?: number;
  /**
   * Longest time a request may take (`timeoutSeconds`), at most the cluster's
   * max-revision-timeout-seconds (600 s by default).
   * @default - the cluster's default (300 s)
   */
  readonly timeout?: Duration;
  /**
   * Longest wait for the first byte of a response (`responseStartTimeoutSeconds`), at most `timeout`.
   * @default - the cluster's default
   */
  readonly responseStartTimeout?: Duration;
  /**
   * Longest time a request may stay idle (`idleTimeoutSeconds`).
   * @default - the cluster's default
   */
  readonly idleTimeout?: Duration;
  /**
   * The ServiceAccount the pods run as; for an existing one use
   * `kplus.ServiceAccount.fromServiceAccountName()`.
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * Secrets with registry credentials to pull the images.
   * @default - none (or those of the ServiceAccount)
   */
  readonly imagePullSecrets?: kplus.ISecret[];
  /**
   * Bring-your-own Revision name; must start with `<service-name>-`. Changing
   * the template then requires a new name. May be a chart value, or hold one
   * (e.g. `shop-${version}`): the chart refuses a name that breaks the rule.
   * @default - Knative generates `<name>-<5 digits>`
   */
  readonly revisionName?: string;
  /**
   * Labels of the Revision and its pods.
   * @default - none
   */
  readonly revisionLabels?: { [key: string]: string };
  /**
   * Annotations of the Revision (autoscaling ones are written from `autoscaling`).
   * @default - none
   */
  readonly revisionAnnotations?: { [key: string]: string };
  /**
   * Autoscaling of the Revision.
   * @default - the cluster's defaults (KPA on concurrency, scale to zero)
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Inject Kubernetes service links as environment variables.
   * @default false
   */
  readonly enableServiceLinks?: boolean;
}

const SECURITY_TYPES: PropType = {
  fields: {
    runAsNonRoot: 'boolean', runAsUser: 'number', runAsGroup: 'number', readOnlyRootFilesystem: 'boolean',
    allowPrivilegeEscalation: 'boolean', dropAllCapabilities: 'boolean', addCapabilities: 'stringList', seccompProfile: 'string',
  },
  what: 'ContainerSecurityProps',
};

/** The JavaScript types of {@link ContainerProps} fields, for prop type checks. */
const CONTAINER_TYPES: PropType = {
  fields: {
    image: required('string'), name: 'string', command: 'stringList', args: 'stringList', workingDir: 'string',
    port: 'number', portProtocol: 'string',
    envVariables: { mapOf: { fields: {}, what: 'a kplus.EnvValue (EnvValue.fromValue("..."), secret.envValue(key)...)' } },
    envFrom: { listOf: 'object' }, resources: 'object', liveness: 'object', readiness: 'object', startup: 'object',
    volumeMounts: { listOf: { fields: { path: required('string'), volume: required('object'), readOnly: 'boolean', subPath: 'string' }, what: 'a VolumeMount ({ path, volume })' } },
    imagePullPolicy: 'string',
    securityContext: SECURITY_TYPES,
  },
  what: 'ContainerProps ({ image, ... })',
};

const AUTOSCALING_TYPES: PropType = {
  fields: {
    autoscalingClass: { fields: { value: required('string') }, what: 'an AutoscalingClass, e.g. AutoscalingClass.KPA' },
    metric: { fields: { value: required('string') }, what: 'an AutoscalingMetric, e.g. AutoscalingMetric.CONCURRENCY' },
    target: 'number', targetUtilizationPercentage: 'number', minScale: 'number', maxScale: 'number', initialScale: 'number',
    activationScale: 'number', scaleToZero: 'boolean', scaleDownDelay: 'duration', window: 'duration',
    panicWindowPercentage: 'number', panicThresholdPercentage: 'number',
  },
  what: 'AutoscalingProps',
};

/** The JavaScript types of {@link RevisionTemplateProps} fields, for prop type checks. @internal */
export const REVISION_TEMPLATE_TYPES: PropSpec = {
  container: required(CONTAINER_TYPES),
  sidecars: { listOf: CONTAINER_TYPES },
  containerConcurrency: 'number',
  timeout: 'duration', responseStartTimeout: 'duration', idleTimeout: 'duration',
  serviceAccount: { fields: { name: required('string') }, what: 'a kplus.IServiceAccount' },
  imagePullSecrets: { listOf: { fields: { name: required('string') }, what: 'a kplus.ISecret' } },
  revisionName: 'string', revisionLabels: 'stringMap', revisionAnnotations: 'stringMap',
  autoscaling: AUTOSCALING_TYPES,
  enableServiceLinks: 'boolean',
};


/**
 * The template props of each Service and Configuration, by construct, as last
 * rendered: what a KnativeServing of the app checks against its limits.
 * @internal
 */
export const REVISION_TEMPLATES = new WeakMap<IConstruct, RevisionTemplateProps>();

/**
 * A check another construct of the app (a KnativeServing and its limits)
 * adds to every Service and Configuration of the app, whenever created.
 * @internal
 */
export interface RevisionTemplateCheck {
  /**
   * The problems of `owner`'s template props, as validation messages
   * without a construct path (cdk8s prefixes the path of `owner`).
   */
  check(owner: IConstruct, props: RevisionTemplateProps): string[];
}

/** The checks of each app (by root construct) that bind all its Services and Configurations. */
const TEMPLATE_CHECKS = new WeakMap<IConstruct, RevisionTemplateCheck[]>();

/**
 * Adds `templateCheck` to every Service and Configuration of the app of
 * `scope`, made before or after: it runs as a validation of each of them, so
 * a problem is reported at the path of the Service or Configuration that
 * has the prop.
 * @internal
 */
export function addRevisionTemplateCheck(scope: IConstruct, templateCheck: RevisionTemplateCheck): void {
  const root = scope.node.root;
  const checks = TEMPLATE_CHECKS.get(root) ?? [];
  checks.push(templateCheck);
  TEMPLATE_CHECKS.set(root, checks);
}

/** The validation of a Service or Configuration that runs the checks of its app (added once). */
function addTemplateValidation(scope: IConstruct): void {
  scope.node.addValidation({
    validate: () => {
      const props = REVISION_TEMPLATES.get(scope);
      return props ? (TEMPLATE_CHECKS.get(scope.node.root) ?? []).flatMap(c => c.check(scope, props)) : [];
    },
  });
}

/**
 * Checks the JavaScript types of the template props of a Service or
 * Configuration (the sidecars of `props.sidecars` included), before
 * {@link renderRevisionTemplate} reads them. A Service checks them with its
 * own props instead, in one call.
 * @internal
 */
export function checkRevisionTemplateTypes(scope: IConstruct, props: RevisionTemplateProps): void {
  checkPropTypes(scope, props, REVISION_TEMPLATE_TYPES);
}

/**
 * Checks the values of the template props and renders `spec.template` of a
 * Service or Configuration. The types of `props` were checked before (by the
 * constructor, once) and so were those of `sidecars` (the copy of
 * `props.sidecars` the constructor took, and each one {@link addSidecarChecked}
 * added): a render reads them without checking them again.
 * `ownerName` is the name the Revision name must start with.
 * @internal
 */
export function renderRevisionTemplate(scope: IConstruct, props: RevisionTemplateProps, ownerName: string, sidecars: ContainerProps[]): Record<string, unknown> {
  if (!REVISION_TEMPLATES.has(scope)) addTemplateValidation(scope);
  REVISION_TEMPLATES.set(scope, props);
  checkIntegerRange(scope, 'containerConcurrency', props.containerConcurrency, 0, 1000);
  const timeout = wholeSeconds(scope, 'timeout', props.timeout);
  const responseStart = wholeSeconds(scope, 'responseStartTimeout', props.responseStartTimeout);
  const idle = wholeSeconds(scope, 'idleTimeout', props.idleTimeout);
  if (timeout !== undefined && responseStart !== undefined) {
    check(responseStart <= timeout, scope, 'responseStartTimeout', `${responseStart}s`, `must not exceed timeout (${timeout}s)`);
  }
  // a chart value's default is checked now, and the rule goes with the value to install
  checkDns1035Label(scope, 'revisionName', props.revisionName);
  if (!isUnresolved(ownerName)) {
    const prefix = `${ownerName}-`;
    checkValue(scope, 'revisionName', props.revisionName, {
      pattern: `^${ownerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-.`,
      allowed: `must start with "${prefix}" (the name of its Service or Configuration)`,
    }, v => typeof v === 'string' && v.startsWith(prefix) && v.length > prefix.length);
  }
  for (const [key, value] of Object.entries(props.revisionLabels ?? {})) {
    checkValue(scope, `revisionLabels.${key}`, value, { maxLength: 63, allowed: 'must be a string of at most 63 characters' },
      v => typeof v === 'string' && v.length <= 63);
  }

  const multi = sidecars.length > 0;
  const containers = [
    renderContainer(scope, props.container, 'container', 'serving', 'user-container', multi),
    ...sidecars.map((s, i) => renderContainer(scope, s, `sidecars[${i}]`, 'sidecar', `sidecar-${i}`, false)),
  ];
  const names = containers.map(c => c.name as string);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  check(dup === undefined, scope, 'sidecars', dup, 'container names must be unique within a Revision');

  const annotations = { ...props.revisionAnnotations, ...renderAutoscaling(scope, props.autoscaling, 'autoscaling') };
  return dropUndefined({
    metadata: omitEmpty({
      name: props.revisionName,
      // Copies: cdk8s renders only plain objects (not, e.g., null-prototype records).
      labels: props.revisionLabels ? { ...props.revisionLabels } : undefined,
      annotations,
    }),
    spec: dropUndefined({
      containerConcurrency: props.containerConcurrency,
      timeoutSeconds: timeout,
      responseStartTimeoutSeconds: responseStart,
      idleTimeoutSeconds: idle,
      serviceAccountName: props.serviceAccount?.name,
      imagePullSecrets: props.imagePullSecrets?.map(s => ({ name: s.name })),
      enableServiceLinks: props.enableServiceLinks ?? false,
      containers,
      volumes: collectVolumes(scope, [props.container, ...sidecars], 'volumeMounts'),
    }),
  });
}

/**
 * Adds `sidecar` when its type is right and the whole template still renders
 * with it, so a bad sidecar fails at the call and leaves the owner unchanged.
 * Only the new sidecar's type is checked (the others were before). Returns the new render.
 * @internal
 */
export function addSidecarChecked<T>(scope: IConstruct, sidecars: ContainerProps[], sidecar: ContainerProps, render: () => T): T {
  const field = `sidecars[${sidecars.length}]`;
  checkPropTypes(scope, { [field]: sidecar }, { [field]: required(CONTAINER_TYPES) });
  sidecars.push(sidecar);
  try {
    return render();
  } catch (e) {
    sidecars.pop();
    throw e;
  }
}

function wholeSeconds(scope: IConstruct, field: string, d: Duration | undefined): number | undefined {
  if (d === undefined) return undefined;
  const ms = d.toMilliseconds();
  check(ms >= 0 && ms % 1000 === 0, scope, field, `${ms}ms`, 'must be a whole number of seconds, 0 or more');
  return ms / 1000;
}

function omitEmpty(obj: Record<string, Record<string, string> | string | undefined>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (typeof v === 'object' && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
