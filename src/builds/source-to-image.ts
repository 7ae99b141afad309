import { Duration, Names, Size } from 'cdk8s';
import { EnvValue, ISecret, IServiceAccount } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { check, checkPropTypes, checkValue, PropSpec, required } from '../core/errors';
import { plainValue, ValueRule } from '../core/install-values';
import { checkDns1123Label, checkDns1123Subdomain, DNS1123_LABEL_VALUE, isDns1123Label } from '../core/names';
import { isUnresolved } from '../core/tokens';
import { ServiceAccount } from '../secrets/service-account';
import { Builder } from './builder';
import { STEP_IMAGES } from './images';
import { ParamValue } from './params';
import { Pipeline, PipelineTask } from './pipeline';
import { PipelineRun } from './pipeline-run';
import { Task } from './task';
import { WorkspaceBinding } from './workspace';
import { childName } from './names';
import { namedType } from './prop-types';

/** Props of {@link SourceToImage}. */
export interface SourceToImageProps {
  /**
   * The name the generated objects are named after: the Tasks `<name>-clone`,
   * `<name>-test` and `<name>-build`, the Pipeline `<name>-pipeline`, the
   * ServiceAccount `<name>-runner` and the PipelineRun `<name>-run` (a name
   * longer than 63 characters is cut and given a short hash). A DNS-1123 label;
   * a chart value is not cut, so it must have at most 54 characters.
   * @default - a DNS label generated from the construct path (set one: it keeps the names readable and stable when the construct moves)
   */
  readonly name?: string;
  /** The git repository: `https://...`, `ssh://...` or `git@host:path`. May be a Helm chart value. */
  readonly gitUrl: string;
  /**
   * Branch, tag or commit to build; may be a Helm chart value
   * (`ChartValue.stringValue(...).asString()`), so the chart's values pick the revision.
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Where to push the image: a reference with an optional tag and no digest, e.g.
   * `registry.example.com/team/app:1.0.0`. May be a Helm chart value; pass
   * `imageReference` on to the Knative Service so both read the same value.
   */
  readonly image: string;
  /**
   * How the image is built.
   * @default Builder.KANIKO
   */
  readonly builder?: Builder;
  /**
   * Directory of the repository to build.
   * @default '.'
   */
  readonly contextDir?: string;
  /**
   * Kaniko only: the Dockerfile, relative to the repository root.
   * @default '<contextDir>/Dockerfile'
   */
  readonly dockerfile?: string;
  /**
   * Image the tests run in (with `testScript`).
   * @default - no test task
   */
  readonly testImage?: string;
  /**
   * Script that tests the source, run in the repository root as a non-root user; a failure stops the build.
   * @default - no test task
   */
  readonly testScript?: string;
  /**
   * The ServiceAccount the build runs as; Tekton takes git and registry credentials from its
   * annotated Secrets. Not together with `credentials`.
   * @default - a new ServiceAccount carrying `credentials`
   * @see https://tekton.dev/docs/pipelines/auth/
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * Git (basic-auth or SSH) and registry Secrets, annotated with `tekton.dev/git-<n>` /
   * `tekton.dev/docker-<n>` (`GitBasicAuthSecret`, `GitSshSecret`, `RegistrySecret` from
   * the secrets module do it), attached as build credentials to the ServiceAccount this
   * construct creates; typed secrets without the annotations are rejected there.
   * @default - none: a public repository and a registry that needs no login
   */
  readonly credentials?: ISecret[];
  /**
   * Size of the claim each run clones into.
   * @default Size.gibibytes(1)
   */
  readonly workspaceSize?: Size;
  /**
   * Storage class of that claim.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Create a PipelineRun that builds `revision` when applied.
   * @default true
   */
  readonly run?: boolean;
  /**
   * Name of the PipelineRun. Tekton runs a PipelineRun once and refuses changes to
   * its spec afterwards, so give each revision its own run, e.g. `app-build-${revision}`
   * (may embed a Helm chart value).
   * @default - `<name>-run` (one run, ever)
   */
  readonly runName?: string;
  /**
   * How long a run may take.
   * @default - Tekton's default (60 minutes)
   */
  readonly timeout?: Duration;
}

const GIT_URL_RULE: ValueRule = {
  pattern: '^(https?://[^\\s/]+/\\S+|ssh://\\S+|git@[^\\s:]+:\\S+|git://\\S+)$',
  allowed: 'must be a git URL: https://host/path, ssh://..., git://... or git@host:path',
};
// The first component is a registry only with a '.' or a port, or as localhost; otherwise it is a (lower-case) path component.
const IMAGE_REF_RULE: ValueRule = {
  pattern: '^(([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|localhost)(:[0-9]+)?/|[A-Za-z0-9-]+:[0-9]+/)?'
    + '[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$',
  allowed: 'must be an image reference with an optional tag and no digest, e.g. registry.example.com/team/app:1.0.0',
};
const REVISION_RULE: ValueRule = { pattern: '^\\S+$', allowed: 'must be a branch, tag or commit without spaces' };
/** The longest chart value name: the longest generated name, `<name>-pipeline`, must stay a label (63 characters). */
const NAME_VALUE_MAX = 63 - '-pipeline'.length;
/** The core DNS-1123 label rule, shorter: a chart value name is not cut. */
const NAME_VALUE_RULE: ValueRule = {
  ...DNS1123_LABEL_VALUE,
  maxLength: NAME_VALUE_MAX,
  allowed: `must be a DNS-1123 label of at most ${NAME_VALUE_MAX} characters (a chart value is not cut: "<name>-pipeline" must stay a label), lower-case letters, digits and '-', starting and ending with a letter or digit`,
};
/** A relative path with no `..` segment (and not starting with `/`). */
const SEGMENT = '(\\.|\\.[^./][^/]*|\\.\\.[^/]+|[^./][^/]*)';
const CONTEXT_DIR_RULE: ValueRule = {
  pattern: `^(${SEGMENT}(/(${SEGMENT})?)*)?$`,
  allowed: 'must be a relative path inside the repository',
};

/** The JavaScript types of {@link SourceToImageProps}, for untyped callers. */
const SOURCE_TO_IMAGE_TYPES: PropSpec = {
  name: 'string',
  gitUrl: required('string'),
  revision: 'string',
  image: required('string'),
  builder: { method: '_createTask', what: 'a Builder, e.g. Builder.KANIKO or Builder.buildpacks()' },
  contextDir: 'string',
  dockerfile: 'string',
  testImage: 'string',
  testScript: 'string',
  serviceAccount: namedType('an IServiceAccount, e.g. a ServiceAccount of cdk8s-plus'),
  credentials: { listOf: namedType('an ISecret, e.g. a DockerConfigSecret') },
  workspaceSize: { method: 'toMebibytes', what: 'a Size, e.g. Size.gibibytes(2)' },
  storageClassName: 'string',
  run: 'boolean',
  runName: 'string',
  timeout: 'duration',
};

/**
 * Source to container with Tekton: clone a git repository, run its tests,
 * build an image with Kaniko or Cloud Native Buildpacks and push it.
 *
 * Synthesizes the Tasks, a Pipeline with params `git-url`, `git-revision`,
 * `image` and `context-dir` (plus `dockerfile` for Kaniko), a workspace `source`
 * and results `IMAGE_DIGEST`, `IMAGE_URL` and `SOURCE_COMMIT`, a ServiceAccount
 * with the credentials, and a PipelineRun. Clone and test run as a non-root user;
 * volumes get that user's group (fsGroup) so the claim is writable.
 *
 * `imageReference` is what a Knative Service should run:
 * `new Service(this, 'App', { container: { image: build.imageReference } })`. The Service resolves
 * the tag to a digest when it creates a Revision, so tag each build (e.g. with the revision)
 * to roll a new one out.
 */
export class SourceToImage extends Construct {
  /** The name the generated objects are named after. */
  public readonly name: string;
  /** The reference the image is pushed to, for a Knative Service's `image`. */
  public readonly imageReference: string;
  /** The revision the run builds. */
  public readonly revision: string;
  /** The builder. */
  public readonly builder: Builder;
  /** The Pipeline. */
  public readonly pipeline: Pipeline;
  /** The PipelineRun, unless `run` is false. */
  public readonly pipelineRun?: PipelineRun;
  /** The ServiceAccount the build runs as, if one is used. */
  public readonly serviceAccount?: IServiceAccount;
  /** The pipeline task that builds and pushes. */
  public readonly buildTask: PipelineTask;

  constructor(scope: Construct, id: string, props: SourceToImageProps) {
    super(scope, id);
    checkPropTypes(this, props, SOURCE_TO_IMAGE_TYPES);
    // Chart values are checked by their defaults now, and by the same rules at install.
    checkValue(this, 'gitUrl', props.gitUrl, GIT_URL_RULE);
    checkValue(this, 'image', props.image, IMAGE_REF_RULE);
    checkValue(this, 'revision', props.revision, REVISION_RULE);
    check((props.testImage === undefined) === (props.testScript === undefined), this, props.testImage === undefined ? 'testScript' : 'testImage',
      plainValue(this, props.testImage ?? props.testScript), 'testImage and testScript go together: set both or neither');
    const builder = props.builder ?? Builder.KANIKO;
    check(props.dockerfile === undefined || builder.usesDockerfile, this, 'dockerfile', plainValue(this, props.dockerfile), 'only the Kaniko builder reads a Dockerfile');
    check(!(props.serviceAccount && props.credentials?.length), this, 'credentials', props.credentials?.map(s => s.name),
      'credentials are attached to the ServiceAccount this construct creates; with serviceAccount, attach them to that ServiceAccount instead');
    checkDns1123Subdomain(this, 'runName', props.runName);
    // a name of a chart value cannot be cut at install: it must leave room for the longest suffix
    if (isUnresolved(props.name)) {
      checkValue(this, 'name', props.name, NAME_VALUE_RULE, name => typeof name === 'string' && isDns1123Label(name) && name.length <= NAME_VALUE_MAX);
    } else {
      checkDns1123Label(this, 'name', props.name);
    }
    const contextDir = props.contextDir ?? '.';
    checkValue(this, 'contextDir', props.contextDir, CONTEXT_DIR_RULE,
      dir => !(dir as string).startsWith('/') && !(dir as string).split('/').includes('..'));

    this.name = props.name ?? Names.toDnsLabel(this);
    this.imageReference = props.image;
    this.revision = props.revision ?? 'main';
    this.builder = builder;
    const uid = builder.sourceUserId;
    const nonRoot = { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, allowPrivilegeEscalation: false };

    const clone = new Task(this, 'GitClone', {
      metadata: { name: childName(this.name, 'clone') },
      description: 'Clones a git revision into the source workspace, as a non-root user.',
      parameters: [
        { name: 'url', description: 'Repository URL.' },
        { name: 'revision', description: 'Branch, tag or commit.', defaultValue: ParamValue.fromString('main') },
      ],
      workspaces: [{ name: 'output', description: 'Where the repository is cloned.' }],
      results: [
        { name: 'commit', description: 'The commit that was checked out.' },
        { name: 'url', description: 'The URL that was cloned.' },
      ],
      steps: [{
        name: 'clone',
        image: STEP_IMAGES.gitInit,
        env: { HOME: EnvValue.fromValue('/tekton/home') },
        securityContext: nonRoot,
        script: [
          '#!/usr/bin/env sh',
          'set -eu',
          '# Tekton puts the ServiceAccount\'s git credentials under $(credentials.path).',
          'if [ -d "$(credentials.path)" ]; then cp -R "$(credentials.path)/." "${HOME}/"; fi',
          'if [ -d "${HOME}/.ssh" ]; then chmod -R go-rwx "${HOME}/.ssh"; fi',
          'git config --global --add safe.directory "$(workspaces.output.path)"',
          '/ko-app/git-init -url="$(params.url)" -revision="$(params.revision)" -path="$(workspaces.output.path)" -depth=1',
          'cd "$(workspaces.output.path)"',
          'printf "%s" "$(git rev-parse HEAD)" > "$(results.commit.path)"',
          'printf "%s" "$(params.url)" > "$(results.url.path)"',
          '',
        ].join('\n'),
      }],
    });

    const pipeline = new Pipeline(this, 'Pipeline', {
      metadata: { name: childName(this.name, 'pipeline') },
      description: `Clones a git repository${props.testScript ? ', tests it' : ''} and builds and pushes an image with ${builder.name}.`,
      parameters: [
        { name: 'git-url', description: 'Repository URL.' },
        { name: 'git-revision', description: 'Branch, tag or commit.', defaultValue: ParamValue.fromString('main') },
        { name: 'image', description: 'Reference of the image to push.' },
        { name: 'context-dir', description: 'Directory of the repository to build.', defaultValue: ParamValue.fromString('.') },
        ...(builder.usesDockerfile ? [{ name: 'dockerfile', description: 'Dockerfile, relative to the repository root.', defaultValue: ParamValue.fromString('Dockerfile') }] : []),
      ],
      workspaces: [{ name: 'source', description: 'Shared by clone, test and build.' }],
    });
    this.pipeline = pipeline;

    const cloned = pipeline.addTask({
      name: 'clone',
      task: clone,
      parameters: { url: ParamValue.fromParam('git-url'), revision: ParamValue.fromParam('git-revision') },
      workspaces: { output: 'source' },
    });

    let before = cloned;
    if (props.testImage !== undefined && props.testScript !== undefined) {
      const test = new Task(this, 'Test', {
        metadata: { name: childName(this.name, 'test') },
        description: 'Runs the tests of the cloned source, as a non-root user.',
        workspaces: [{ name: 'source', description: 'The cloned source.' }],
        steps: [{
          name: 'test',
          image: props.testImage,
          workingDir: '$(workspaces.source.path)',
          env: { HOME: EnvValue.fromValue('/tekton/home') },
          securityContext: nonRoot,
          script: props.testScript,
        }],
      });
      before = pipeline.addTask({ name: 'test', task: test, runAfter: [cloned], workspaces: { source: 'source' } });
    }

    const build = builder._createTask(this, 'Build', childName(this.name, 'build'));
    this.buildTask = pipeline.addTask({
      name: 'build',
      task: build,
      runAfter: [before],
      parameters: {
        IMAGE: ParamValue.fromParam('image'),
        CONTEXT: ParamValue.fromParam('context-dir'),
        ...(builder.usesDockerfile ? { DOCKERFILE: ParamValue.fromParam('dockerfile') } : {}),
      },
      workspaces: { source: 'source' },
    });
    pipeline.addResult({ name: 'IMAGE_DIGEST', description: 'Digest of the pushed image.', value: this.buildTask.resultExpression('IMAGE_DIGEST') });
    pipeline.addResult({ name: 'IMAGE_URL', description: 'Reference the image was pushed to.', value: this.buildTask.resultExpression('IMAGE_URL') });
    pipeline.addResult({ name: 'SOURCE_COMMIT', description: 'The commit that was built.', value: cloned.resultExpression('commit') });

    this.serviceAccount = props.serviceAccount
      ?? (props.credentials?.length ? new ServiceAccount(this, 'ServiceAccount', {
        metadata: { name: childName(this.name, 'runner') },
        buildCredentials: [...props.credentials],
      }) : undefined);

    if (props.run ?? true) {
      this.pipelineRun = new PipelineRun(this, 'Run', {
        metadata: { name: props.runName ?? childName(this.name, 'run') },
        pipeline,
        parameters: {
          'git-url': ParamValue.fromString(props.gitUrl),
          'git-revision': ParamValue.fromString(this.revision),
          'image': ParamValue.fromString(props.image),
          ...(props.contextDir !== undefined ? { 'context-dir': ParamValue.fromString(contextDir) } : {}),
          ...(props.dockerfile !== undefined || props.contextDir !== undefined && builder.usesDockerfile
            ? { dockerfile: ParamValue.fromString(props.dockerfile ?? `${contextDir}/Dockerfile`) } : {}),
        },
        workspaces: {
          source: WorkspaceBinding.volumeClaimTemplate({ storage: props.workspaceSize, storageClassName: props.storageClassName }),
        },
        serviceAccount: this.serviceAccount,
        fsGroup: uid,
        timeout: props.timeout,
      });
    }
  }

  /** `$(tasks.build.results.IMAGE_DIGEST)`, for tasks added to the Pipeline after the build. */
  public get imageDigestExpression(): string {
    return this.buildTask.resultExpression('IMAGE_DIGEST');
  }
}
