import { ApiObject, Duration, Lazy } from 'cdk8s';
import { trimTrailing } from '../core/text';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkIntegerRange, withDefaultNote } from '../core/errors';
import { holdsToken, plainValue } from '../core/install-values';
import { dropUndefined } from '../core/json';
import { checkObjectMeta } from '../core/labels';
import { Destination, IAddressable } from '../core/reference';
import { collectVolumes, ContainerProps, renderContainer } from '../serving/container';
import { KnativeResource } from '../validation/knative-resource';

/** The GVK of a JobSink (`sinks.knative.dev/v1alpha1`). */
export const JOB_SINK_GVK = { apiVersion: 'sinks.knative.dev/v1alpha1', kind: 'JobSink' };
/** The environment variable Knative sets to `batch` in every container of a JobSink's Job. */
export const JOB_SINK_ENV_VARS: readonly string[] = ['K_EXECUTION_MODE'];
/** The volume (and mount path) where a JobSink's Job reads the event. */
export const JOB_SINK_EVENT_VOLUME = 'jobsink-event';
const JOB_SINK_EVENT_PATH = '/etc/jobsink-event';

/** Properties of a {@link JobSink}. */
export interface JobSinkProps extends kplus.ResourceProps {
  /**
   * The containers of the Job (at least one), with the same props and hardened
   * defaults as Knative Service containers (non-root, read-only root
   * filesystem, no privilege escalation, all capabilities dropped, the
   * runtime's seccomp profile). Each reads the event from
   * `/etc/jobsink-event/event`, which Knative mounts.
   */
  readonly containers: ContainerProps[];
  /**
   * The identity the Job's pod runs as.
   * @default - the namespace's default ServiceAccount
   */
  readonly serviceAccount?: kplus.IServiceAccount;
  /**
   * What the kubelet does when a container exits: `NEVER` (a failed pod is
   * replaced, up to `backoffLimit`) or `ON_FAILURE`; a Job refuses `ALWAYS`.
   * @default kplus.RestartPolicy.NEVER
   */
  readonly restartPolicy?: kplus.RestartPolicy;
  /**
   * Retries before the Job is marked failed.
   * @default - Kubernetes' default, 6
   */
  readonly backoffLimit?: number;
  /**
   * How long the Job may run before it is stopped, whole seconds.
   * @default - no limit
   */
  readonly activeDeadline?: Duration;
  /**
   * How long a finished Job (and its pods) is kept, whole seconds.
   * @default - kept until deleted
   */
  readonly ttlAfterFinished?: Duration;
}

/**
 * A JobSink (`sinks.knative.dev/v1alpha1`): an addressable sink that starts a
 * Kubernetes Job for every event it receives; the event is mounted into the
 * Job's containers at `/etc/jobsink-event/event`. Use it for long-running
 * work that should not block the sender.
 *
 * @see https://knative.dev/docs/eventing/sinks/job-sink/
 */
export class JobSink extends KnativeResource implements IAddressable {
  public readonly resourceType = 'jobsinks';
  /** The wrapped API object (the escape hatch: `ApiObject.of(x)` finds it too). */
  protected readonly apiObject: ApiObject;
  private readonly props: JobSinkProps;

  constructor(scope: Construct, id: string, props: JobSinkProps) {
    super(scope, id);
    this.props = props;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...JOB_SINK_GVK,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    checkObjectMeta(this, props.metadata, this.name, 'dns1123-subdomain');
    check(Array.isArray(props.containers) && props.containers.length > 0, this, 'containers', props.containers, 'list at least one container');
    // the checks read what plain synth writes (a chart value's default, and say so)
    props.containers.forEach((c, i) => {
      for (const key of Object.keys(c.envVariables ?? {})) {
        const name = plainValue(this, key);
        check(!JOB_SINK_ENV_VARS.includes(name), this, `containers[${i}].envVariables.${name}`, name,
          withDefaultNote(holdsToken(key), `${JOB_SINK_ENV_VARS.join(', ')} is set by Knative`));
      }
      for (const m of c.volumeMounts ?? []) {
        const volume = plainValue(this, m.volume.name);
        const path = plainValue(this, m.path);
        check(volume !== JOB_SINK_EVENT_VOLUME, this, `containers[${i}].volumeMounts`, volume,
          withDefaultNote(holdsToken(m.volume.name), `the volume name "${JOB_SINK_EVENT_VOLUME}" is Knative's (the event)`));
        check(typeof path !== 'string' || trimTrailing(path, '/') !== JOB_SINK_EVENT_PATH, this, `containers[${i}].volumeMounts`, path,
          withDefaultNote(holdsToken(m.path), `${JOB_SINK_EVENT_PATH} is where Knative mounts the event`));
      }
    });
    const names = props.containers.map((c, i) => plainValue(this, c.name) ?? defaultName(i));
    check(new Set(names).size === names.length, this, 'containers', names,
      withDefaultNote(holdsToken(props.containers.map(c => c.name)), 'each container needs a different name'));
    if (props.restartPolicy !== undefined) {
      check(props.restartPolicy === kplus.RestartPolicy.NEVER || props.restartPolicy === kplus.RestartPolicy.ON_FAILURE, this, 'restartPolicy',
        props.restartPolicy, 'a Job\'s pods restart NEVER or ON_FAILURE');
    }
    checkIntegerRange(this, 'backoffLimit', props.backoffLimit, 0, 2147483647);
    wholeSeconds(this, 'activeDeadline', props.activeDeadline, 1);
    wholeSeconds(this, 'ttlAfterFinished', props.ttlAfterFinished, 0);
    this._toSpec();
  }

  /** `http://job-sink.knative-eventing.svc.cluster.local/<namespace>/<name>` when the namespace is known. */
  public get url(): string | undefined {
    const ns = this.metadata.namespace;
    return ns ? `http://job-sink.knative-eventing.svc.cluster.local/${ns}/${this.name}` : undefined;
  }

  /** The sink as a destination: a reference to it. */
  public toDestination(): Destination {
    return { reference: this.reference };
  }

  private _toSpec(): { [key: string]: any } {
    const p = this.props;
    const containers = p.containers.map((c, i) => renderContainer(this, c, `containers[${i}]`, 'sidecar', defaultName(i), false));
    return {
      job: {
        spec: dropUndefined({
          backoffLimit: p.backoffLimit,
          activeDeadlineSeconds: wholeSeconds(this, 'activeDeadline', p.activeDeadline, 1),
          ttlSecondsAfterFinished: wholeSeconds(this, 'ttlAfterFinished', p.ttlAfterFinished, 0),
          template: {
            spec: dropUndefined({
              restartPolicy: p.restartPolicy ?? kplus.RestartPolicy.NEVER,
              serviceAccountName: p.serviceAccount?.name,
              containers,
              volumes: collectVolumes(this, p.containers, 'containers'),
            }),
          },
        }),
      },
    };
  }
}

function defaultName(i: number): string {
  return i === 0 ? 'job' : `job-${i}`;
}

function wholeSeconds(scope: JobSink, field: string, d: Duration | undefined, min: number): number | undefined {
  if (d === undefined) return undefined;
  const ms = d.toMilliseconds({ integral: false });
  check(ms % 1000 === 0 && ms >= min * 1000, scope, field, `${ms}ms`, `must be whole seconds, at least ${min}`);
  return ms / 1000;
}
