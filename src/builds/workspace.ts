import { Size } from 'cdk8s';
import { IConfigMap, IPersistentVolumeClaim, ISecret } from 'cdk8s-plus-27';

/**
 * A workspace a Task or Pipeline declares: a volume its steps share, bound
 * by the run.
 * @see https://tekton.dev/docs/pipelines/workspaces/
 */
export interface WorkspaceSpec {
  /** The workspace name, unique in the Task or Pipeline. */
  readonly name: string;
  /**
   * What the workspace holds.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Whether a run may leave the workspace unbound.
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Task only: where the workspace is mounted in the steps.
   * @default - /workspace/<name>
   */
  readonly mountPath?: string;
  /**
   * Task only: mount the workspace read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** Options of {@link WorkspaceBinding.volumeClaimTemplate}. */
export interface VolumeClaimTemplateOptions {
  /**
   * Storage the claim requests.
   * @default Size.gibibytes(1)
   */
  readonly storage?: Size;
  /**
   * Access modes of the claim.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: string[];
  /**
   * Storage class of the claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/**
 * What a PipelineRun binds a workspace to: a fresh claim per run, an
 * emptyDir, a Secret, a ConfigMap or an existing claim.
 * @see https://tekton.dev/docs/pipelines/workspaces/#specifying-volumesources-in-workspaces
 */
export class WorkspaceBinding {
  /** A PersistentVolumeClaim created for each run and deleted with it: the usual choice to share source between tasks. */
  public static volumeClaimTemplate(options: VolumeClaimTemplateOptions = {}): WorkspaceBinding {
    const mebibytes = (options.storage ?? Size.gibibytes(1)).toMebibytes();
    const storage = mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
    return new WorkspaceBinding('volumeClaimTemplate', {
      volumeClaimTemplate: {
        spec: {
          accessModes: [...(options.accessModes ?? ['ReadWriteOnce'])],
          resources: { requests: { storage } },
          ...(options.storageClassName ? { storageClassName: options.storageClassName } : {}),
        },
      },
    });
  }

  /** An emptyDir: lives only as long as one TaskRun's pod, so it cannot carry files between tasks. */
  public static emptyDir(): WorkspaceBinding {
    return new WorkspaceBinding('emptyDir', { emptyDir: {} });
  }

  /** The keys of a Secret, as files. */
  public static secret(secret: ISecret): WorkspaceBinding {
    return new WorkspaceBinding('secret', { secret: { secretName: secret.name } });
  }

  /** The keys of a ConfigMap, as files. */
  public static configMap(configMap: IConfigMap): WorkspaceBinding {
    return new WorkspaceBinding('configMap', { configMap: { name: configMap.name } });
  }

  /** An existing PersistentVolumeClaim. */
  public static persistentVolumeClaim(claim: IPersistentVolumeClaim): WorkspaceBinding {
    return new WorkspaceBinding('persistentVolumeClaim', { persistentVolumeClaim: { claimName: claim.name } });
  }

  private constructor(
    /** The volume source field this binding sets, e.g. `volumeClaimTemplate`. */
    public readonly source: string,
    private readonly json: Record<string, unknown>,
  ) {}

  /** The binding as written in a PipelineRun's `workspaces[]`, with its name. */
  public toJson(name: string): Record<string, unknown> {
    return { name, ...JSON.parse(JSON.stringify(this.json)) };
  }
}

/** The declaration as written to YAML. */
export function workspaceSpecToJson(spec: WorkspaceSpec, forTask: boolean): Record<string, unknown> {
  return {
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.optional !== undefined ? { optional: spec.optional } : {}),
    ...(forTask && spec.mountPath !== undefined ? { mountPath: spec.mountPath } : {}),
    ...(forTask && spec.readOnly !== undefined ? { readOnly: spec.readOnly } : {}),
  };
}
