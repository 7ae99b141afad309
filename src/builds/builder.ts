import { EnvValue } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CNB_UID, NONROOT_UID, STEP_IMAGES } from './images';
import { ParamType, ParamValue } from './params';
import { Task } from './task';

/** Options of {@link Builder.kaniko}. */
export interface KanikoOptions {
  /**
   * The Kaniko executor image.
   * @default 'gcr.io/kaniko-project/executor:v1.23.2'
   */
  readonly image?: string;
}

/** Options of {@link Builder.buildpacks}. */
export interface BuildpacksOptions {
  /**
   * The CNB builder image (holds the lifecycle and the buildpacks).
   * @default 'docker.io/paketobuildpacks/builder-jammy-base:0.4.625'
   */
  readonly builderImage?: string;
  /**
   * The CNB platform API version the lifecycle is driven with.
   * @default '0.9'
   */
  readonly platformApi?: string;
  /**
   * The uid and gid of the builder image's user; the build runs as this non-root user.
   * @default 1000
   */
  readonly userId?: number;
}

/**
 * How the source becomes an image: Kaniko (from a Dockerfile) or Cloud Native
 * Buildpacks (no Dockerfile). Both push to the registry and report
 * `IMAGE_DIGEST` and `IMAGE_URL`.
 */
export class Builder {
  /** Kaniko with its default executor image. */
  public static readonly KANIKO = Builder.kaniko();
  /** Cloud Native Buildpacks with Paketo's Jammy base builder. */
  public static readonly BUILDPACKS = Builder.buildpacks();

  /** Kaniko: builds a Dockerfile without a Docker daemon. Its step runs as root (Kaniko requires it); the others do not. */
  public static kaniko(options: KanikoOptions = {}): Builder {
    return new Builder('kaniko', options.image ?? STEP_IMAGES.kaniko, NONROOT_UID, '0.9');
  }

  /** Cloud Native Buildpacks (the lifecycle's `creator`), every step non-root. */
  public static buildpacks(options: BuildpacksOptions = {}): Builder {
    return new Builder('buildpacks', options.builderImage ?? STEP_IMAGES.buildpacks, options.userId ?? CNB_UID, options.platformApi ?? '0.9');
  }

  private constructor(
    /** `kaniko` or `buildpacks`. */
    public readonly name: string,
    /** The image that builds. */
    public readonly image: string,
    /** The non-root uid (and gid) the source is cloned and tested as, and the volumes' fsGroup. */
    public readonly sourceUserId: number,
    private readonly platformApi: string,
  ) {}

  /** Whether the builder reads a Dockerfile. */
  public get usesDockerfile(): boolean {
    return this.name === 'kaniko';
  }

  /**
   * Adds the build Task: params IMAGE, CONTEXT (and DOCKERFILE for Kaniko),
   * workspace `source`, results IMAGE_DIGEST and IMAGE_URL.
   * @internal
   */
  public _createTask(scope: Construct, id: string, name: string): Task {
    return this.name === 'kaniko' ? this.kanikoTask(scope, id, name) : this.buildpacksTask(scope, id, name);
  }

  private kanikoTask(scope: Construct, id: string, name: string): Task {
    return new Task(scope, id, {
      metadata: { name },
      description: 'Builds the Dockerfile in the source workspace with Kaniko and pushes the image.',
      parameters: [
        { name: 'IMAGE', description: 'Reference of the image to push.' },
        { name: 'CONTEXT', description: 'Build context, relative to the source workspace.', defaultValue: ParamValue.fromString('.') },
        { name: 'DOCKERFILE', description: 'Dockerfile, relative to the source workspace.', defaultValue: ParamValue.fromString('Dockerfile') },
        { name: 'EXTRA_ARGS', paramType: ParamType.ARRAY, description: 'More arguments to the Kaniko executor.', defaultValue: ParamValue.fromArray([]) },
      ],
      workspaces: [{ name: 'source', description: 'The cloned source.' }],
      results: [
        { name: 'IMAGE_DIGEST', description: 'Digest of the pushed image.' },
        { name: 'IMAGE_URL', description: 'Reference the image was pushed to.' },
      ],
      steps: [
        {
          name: 'build-and-push',
          image: this.image,
          workingDir: '$(workspaces.source.path)',
          args: [
            '$(params.EXTRA_ARGS[*])',
            '--dockerfile=$(params.DOCKERFILE)',
            '--context=$(workspaces.source.path)/$(params.CONTEXT)',
            '--destination=$(params.IMAGE)',
            '--digest-file=$(results.IMAGE_DIGEST.path)',
          ],
          env: { DOCKER_CONFIG: EnvValue.fromValue('$(credentials.path)/.docker') },
          securityContext: { runAsUser: 0 },
        },
        {
          name: 'write-url',
          image: STEP_IMAGES.bash,
          securityContext: { runAsNonRoot: true, runAsUser: NONROOT_UID, allowPrivilegeEscalation: false },
          script: '#!/usr/bin/env bash\nset -euo pipefail\nprintf "%s" "$(params.IMAGE)" > "$(results.IMAGE_URL.path)"\n',
        },
      ],
    });
  }

  private buildpacksTask(scope: Construct, id: string, name: string): Task {
    const user = { runAsNonRoot: true, runAsUser: this.sourceUserId, runAsGroup: this.sourceUserId, allowPrivilegeEscalation: false };
    const mounts = [{ name: 'layers', mountPath: '/layers' }, { name: 'platform', mountPath: '/platform' }];
    return new Task(scope, id, {
      metadata: { name },
      description: 'Builds the source workspace with Cloud Native Buildpacks and pushes the image.',
      parameters: [
        { name: 'IMAGE', description: 'Reference of the image to push.' },
        { name: 'CONTEXT', description: 'Application directory, relative to the source workspace.', defaultValue: ParamValue.fromString('.') },
      ],
      workspaces: [{ name: 'source', description: 'The cloned source.' }],
      results: [
        { name: 'IMAGE_DIGEST', description: 'Digest of the pushed image.' },
        { name: 'IMAGE_URL', description: 'Reference the image was pushed to.' },
      ],
      scratchVolumes: ['layers', 'platform'],
      steps: [
        {
          name: 'create',
          image: this.image,
          command: ['/cnb/lifecycle/creator'],
          args: [
            '-app=$(workspaces.source.path)/$(params.CONTEXT)',
            '-layers=/layers',
            '-platform=/platform',
            '-report=/layers/report.toml',
            '-previous-image=$(params.IMAGE)',
            '$(params.IMAGE)',
          ],
          env: {
            CNB_PLATFORM_API: EnvValue.fromValue(this.platformApi),
            DOCKER_CONFIG: EnvValue.fromValue('$(credentials.path)/.docker'),
          },
          volumeMounts: mounts,
          securityContext: user,
        },
        {
          name: 'write-results',
          image: STEP_IMAGES.bash,
          volumeMounts: [mounts[0]],
          securityContext: user,
          script: [
            '#!/usr/bin/env bash',
            'set -euo pipefail',
            'grep "digest" /layers/report.toml | cut -d\'"\' -f2 | tr -d \'\\n\' > "$(results.IMAGE_DIGEST.path)"',
            'printf "%s" "$(params.IMAGE)" > "$(results.IMAGE_URL.path)"',
            '',
          ].join('\n'),
        },
      ],
    });
  }
}
