import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as kn from '../../src';

/** The repository the example builds (Knative's docs hold the hello-world samples). */
export const BUILD_EXAMPLE_GIT_URL = 'https://github.com/knative/docs.git';
/** The sample inside it. */
export const BUILD_EXAMPLE_CONTEXT = 'code-samples/serving/hello-world/helloworld-go';
/** The repository the image is pushed to; the tag is the built revision. */
export const BUILD_EXAMPLE_REPOSITORY = 'registry.example.com/knative/helloworld-go';

/** Revision the example builds by default (the `build.revision` chart value). */
export const BUILD_EXAMPLE_REVISION = 'main';

/**
 * "Build this repo and serve it": git clone, `go test`, Kaniko build and push
 * of Knative's helloworld-go sample (Tasks `helloworld-go-clone`, `-test` and
 * `-build`, Pipeline `helloworld-go-pipeline`), run as a ServiceAccount
 * (`helloworld-go-runner`) that carries git
 * and registry credentials fetched by external-secrets (nothing in plain
 * text), and a Knative Service `helloworld-go` that runs the built image.
 * The chart exposes the source revision (`build.revision`) and the image
 * repository (`build.imageRepository`) as values; the build pushes and the
 * Service runs `<repository>:<revision>`.
 */
export function addBuildExample(chart: Chart): { build: kn.SourceToImage; service: kn.Service } {
  const git = new kn.GitBasicAuthSecret(chart, 'BuildGitCredentials', {
    metadata: { name: 'helloworld-git' },
    source: kn.SecretSource.fromExternalSecret({ store: 'ci-secrets', key: 'ci/git' }),
    gitHosts: ['github.com'],
  });
  const registry = new kn.RegistrySecret(chart, 'BuildRegistryCredentials', {
    metadata: { name: 'helloworld-registry' },
    source: kn.SecretSource.fromExternalSecret({ store: 'ci-secrets', key: 'ci/registry' }),
    registries: ['registry.example.com'],
  });

  // One value drives the build and the rollout: the revision names the PipelineRun (Tekton runs
  // each once) and tags the image, so a new revision builds again and gives the Service a new Revision.
  const revision = kn.ChartValue.stringValue(chart, 'build.revision', {
    defaultValue: BUILD_EXAMPLE_REVISION,
    pattern: '^[a-z0-9]([-a-z0-9.]{0,38}[a-z0-9])?$',
    description: 'Git branch, tag or commit the pipeline builds; also the image tag and part of the PipelineRun name (lower case, at most 40 characters).',
  }).asString();
  const repository = kn.ChartValue.stringValue(chart, 'build.imageRepository', {
    defaultValue: BUILD_EXAMPLE_REPOSITORY,
    pattern: '^[^\\s@:]+(:[0-9]+)?(/[^\\s@:]+)+$',
    description: 'Repository the image is pushed to and the helloworld-go Knative Service pulls from (the tag is the revision).',
  }).asString();

  const build = new kn.SourceToImage(chart, 'HelloworldBuild', {
    name: 'helloworld-go',
    gitUrl: BUILD_EXAMPLE_GIT_URL,
    revision,
    image: `${repository}:${revision}`,
    runName: `helloworld-go-build-${revision}`,
    builder: kn.Builder.KANIKO,
    contextDir: BUILD_EXAMPLE_CONTEXT,
    testImage: 'docker.io/library/golang:1.23',
    testScript: `#!/usr/bin/env sh\nset -eu\ncd ${BUILD_EXAMPLE_CONTEXT}\ngo vet ./...\ngo test ./...\n`,
    credentials: [git, registry],
  });

  const service = new kn.Service(chart, 'HelloworldService', {
    metadata: { name: 'helloworld-go' },
    container: {
      image: build.imageReference,
      envVariables: { TARGET: kplus.EnvValue.fromValue('Knative build') },
    },
    imagePullSecrets: [registry],
  });
  return { build, service };
}
