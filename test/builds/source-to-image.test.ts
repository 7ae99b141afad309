import { Chart, Testing } from 'cdk8s';
import { Secret, ServiceAccount } from 'cdk8s-plus-27';
import { parse } from 'yaml';
import { Builder, STEP_IMAGES, SourceToImage } from '../../src/builds';
import { ChartValue } from '../../src/helm/chart-value';
import { GitSshSecret, OpaqueSecret, RegistrySecret, SecretSource } from '../../src/secrets';
import { TEKTON_RULES } from '../../src/validation/rules/tekton';
import { Manifest } from '../../src/validation/types';
import { messageOf } from '../core/thrown';

// The whole output for the default (Kaniko) build with credentials: what `kubectl apply` gets.
const KANIKO_YAML = `
- apiVersion: tekton.dev/v1
  kind: Task
  metadata:
    name: hello-clone
  spec:
    description: Clones a git revision into the source workspace, as a non-root user.
    params:
      - description: Repository URL.
        name: url
        type: string
      - default: main
        description: Branch, tag or commit.
        name: revision
        type: string
    results:
      - description: The commit that was checked out.
        name: commit
        type: string
      - description: The URL that was cloned.
        name: url
        type: string
    steps:
      - env:
          - name: HOME
            value: /tekton/home
        image: ghcr.io/tektoncd-catalog/git-clone:v1.1.0
        name: clone
        script: |
          #!/usr/bin/env sh
          set -eu
          # Tekton puts the ServiceAccount's git credentials under $(credentials.path).
          if [ -d "$(credentials.path)" ]; then cp -R "$(credentials.path)/." "\${HOME}/"; fi
          if [ -d "\${HOME}/.ssh" ]; then chmod -R go-rwx "\${HOME}/.ssh"; fi
          git config --global --add safe.directory "$(workspaces.output.path)"
          /ko-app/git-init -url="$(params.url)" -revision="$(params.revision)" -path="$(workspaces.output.path)" -depth=1
          cd "$(workspaces.output.path)"
          printf "%s" "$(git rev-parse HEAD)" > "$(results.commit.path)"
          printf "%s" "$(params.url)" > "$(results.url.path)"
        securityContext:
          allowPrivilegeEscalation: false
          runAsGroup: 65532
          runAsNonRoot: true
          runAsUser: 65532
    workspaces:
      - description: Where the repository is cloned.
        name: output
- apiVersion: tekton.dev/v1
  kind: Pipeline
  metadata:
    name: hello-pipeline
  spec:
    description: Clones a git repository and builds and pushes an image with kaniko.
    params:
      - description: Repository URL.
        name: git-url
        type: string
      - default: main
        description: Branch, tag or commit.
        name: git-revision
        type: string
      - description: Reference of the image to push.
        name: image
        type: string
      - default: .
        description: Directory of the repository to build.
        name: context-dir
        type: string
      - default: Dockerfile
        description: Dockerfile, relative to the repository root.
        name: dockerfile
        type: string
    results:
      - description: Digest of the pushed image.
        name: IMAGE_DIGEST
        value: $(tasks.build.results.IMAGE_DIGEST)
      - description: Reference the image was pushed to.
        name: IMAGE_URL
        value: $(tasks.build.results.IMAGE_URL)
      - description: The commit that was built.
        name: SOURCE_COMMIT
        value: $(tasks.clone.results.commit)
    tasks:
      - name: clone
        params:
          - name: url
            value: $(params.git-url)
          - name: revision
            value: $(params.git-revision)
        taskRef:
          kind: Task
          name: hello-clone
        workspaces:
          - name: output
            workspace: source
      - name: build
        params:
          - name: IMAGE
            value: $(params.image)
          - name: CONTEXT
            value: $(params.context-dir)
          - name: DOCKERFILE
            value: $(params.dockerfile)
        runAfter:
          - clone
        taskRef:
          kind: Task
          name: hello-build
        workspaces:
          - name: source
            workspace: source
    workspaces:
      - description: Shared by clone, test and build.
        name: source
- apiVersion: tekton.dev/v1
  kind: Task
  metadata:
    name: hello-build
  spec:
    description: Builds the Dockerfile in the source workspace with Kaniko and pushes the image.
    params:
      - description: Reference of the image to push.
        name: IMAGE
        type: string
      - default: .
        description: Build context, relative to the source workspace.
        name: CONTEXT
        type: string
      - default: Dockerfile
        description: Dockerfile, relative to the source workspace.
        name: DOCKERFILE
        type: string
      - default: []
        description: More arguments to the Kaniko executor.
        name: EXTRA_ARGS
        type: array
    results:
      - description: Digest of the pushed image.
        name: IMAGE_DIGEST
        type: string
      - description: Reference the image was pushed to.
        name: IMAGE_URL
        type: string
    steps:
      - args:
          - $(params.EXTRA_ARGS[*])
          - --dockerfile=$(params.DOCKERFILE)
          - --context=$(workspaces.source.path)/$(params.CONTEXT)
          - --destination=$(params.IMAGE)
          - --digest-file=$(results.IMAGE_DIGEST.path)
        env:
          - name: DOCKER_CONFIG
            value: $(credentials.path)/.docker
        image: gcr.io/kaniko-project/executor:v1.23.2
        name: build-and-push
        securityContext:
          runAsUser: 0
        workingDir: $(workspaces.source.path)
      - image: docker.io/library/bash:5.2
        name: write-url
        script: |
          #!/usr/bin/env bash
          set -euo pipefail
          printf "%s" "$(params.IMAGE)" > "$(results.IMAGE_URL.path)"
        securityContext:
          allowPrivilegeEscalation: false
          runAsNonRoot: true
          runAsUser: 65532
    workspaces:
      - description: The cloned source.
        name: source
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: hello-runner
  automountServiceAccountToken: false
  secrets:
    - name: git-creds
    - name: registry-creds
- apiVersion: tekton.dev/v1
  kind: PipelineRun
  metadata:
    name: hello-run
  spec:
    params:
      - name: git-url
        value: https://github.com/acme/hello.git
      - name: git-revision
        value: v1.2.0
      - name: image
        value: registry.example.com/acme/hello:v1.2.0
    pipelineRef:
      name: hello-pipeline
    taskRunTemplate:
      podTemplate:
        securityContext:
          fsGroup: 65532
      serviceAccountName: hello-runner
    workspaces:
      - name: source
        volumeClaimTemplate:
          spec:
            accessModes:
              - ReadWriteOnce
            resources:
              requests:
                storage: 1Gi
`;

function kaniko(chart: Chart) {
  return new SourceToImage(chart, 'App', {
    name: 'hello',
    gitUrl: 'https://github.com/acme/hello.git',
    revision: 'v1.2.0',
    image: 'registry.example.com/acme/hello:v1.2.0',
    credentials: [Secret.fromSecretName(chart, 'Git', 'git-creds'), Secret.fromSecretName(chart, 'Registry', 'registry-creds')],
  });
}

const config = { features: {}, defaults: {} as any, autoscaler: {} as any };

describe('SourceToImage', () => {
  test('synthesizes clone and Kaniko build Tasks, the Pipeline, a ServiceAccount with the credentials and a PipelineRun', () => {
    const chart = Testing.chart();
    kaniko(chart);
    expect(Testing.synth(chart)).toEqual(parse(KANIKO_YAML));
  });

  test('exposes the image reference, the revision and the digest expression', () => {
    const chart = Testing.chart();
    const build = kaniko(chart);
    expect(build.imageReference).toBe('registry.example.com/acme/hello:v1.2.0');
    expect(build.revision).toBe('v1.2.0');
    expect(build.imageDigestExpression).toBe('$(tasks.build.results.IMAGE_DIGEST)');
    expect(build.builder).toBe(Builder.KANIKO);
    expect(build.pipelineRun?.pipeline).toBe(build.pipeline);
  });

  test('every synthesized object passes the Tekton rules', () => {
    const chart = Testing.chart();
    kaniko(chart);
    new SourceToImage(chart, 'Cnb', { gitUrl: 'git@github.com:acme/hello.git', image: 'ghcr.io/acme/hello', builder: Builder.BUILDPACKS, testImage: 'docker.io/library/node:20', testScript: 'npm ci && npm test' });
    const manifests = Testing.synth(chart) as Manifest[];
    for (const m of manifests) {
      const kind = `${m.apiVersion.split('/')[0]}/${m.kind}`;
      for (const rule of TEKTON_RULES.filter(r => r.kinds.includes(kind))) {
        expect({ rule: rule.id, object: m.metadata?.name, findings: rule.check(m, { config }) }).toEqual({ rule: rule.id, object: m.metadata?.name, findings: [] });
      }
    }
  });

  test('Buildpacks: every step non-root, layers in scratch volumes, results from the report, fsGroup of the cnb user', () => {
    const chart = Testing.chart();
    new SourceToImage(chart, 'App', {
      name: 'api',
      gitUrl: 'https://github.com/acme/hello.git',
      image: 'ghcr.io/acme/hello',
      builder: Builder.BUILDPACKS,
      contextDir: 'services/api',
      testImage: 'docker.io/library/node:20',
      testScript: 'npm ci && npm test',
    });
    const manifests = Testing.synth(chart);
    const tasks = manifests.filter(m => m.kind === 'Task');
    for (const task of tasks) {
      for (const s of task.spec.steps) {
        expect({ step: s.name, nonRoot: s.securityContext?.runAsNonRoot }).toEqual({ step: s.name, nonRoot: true });
      }
    }
    const build = tasks.find(t => t.metadata.name === 'api-build')!;
    expect(build.spec.params.map((p: any) => p.name)).toEqual(['IMAGE', 'CONTEXT']);
    expect(build.spec.volumes).toEqual([{ name: 'layers', emptyDir: {} }, { name: 'platform', emptyDir: {} }]);
    expect(build.spec.steps[0]).toEqual({
      name: 'create',
      image: STEP_IMAGES.buildpacks,
      command: ['/cnb/lifecycle/creator'],
      args: [
        '-app=$(workspaces.source.path)/$(params.CONTEXT)',
        '-layers=/layers',
        '-platform=/platform',
        '-report=/layers/report.toml',
        '-previous-image=$(params.IMAGE)',
        '$(params.IMAGE)',
      ],
      env: [{ name: 'CNB_PLATFORM_API', value: '0.9' }, { name: 'DOCKER_CONFIG', value: '$(credentials.path)/.docker' }],
      volumeMounts: [{ name: 'layers', mountPath: '/layers' }, { name: 'platform', mountPath: '/platform' }],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false },
    });
    expect(build.spec.steps[1].script).toContain('/layers/report.toml');
    expect(build.spec.steps[1].script).toContain('$(results.IMAGE_DIGEST.path)');
    const test = tasks.find(t => t.metadata.name === 'api-test')!;
    expect(test.spec.steps).toEqual([{
      name: 'test',
      image: 'docker.io/library/node:20',
      workingDir: '$(workspaces.source.path)',
      env: [{ name: 'HOME', value: '/tekton/home' }],
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, allowPrivilegeEscalation: false },
      script: 'npm ci && npm test',
    }]);
    const pipeline = manifests.find(m => m.kind === 'Pipeline')!;
    expect(pipeline.spec.tasks.map((t: any) => [t.name, t.runAfter ?? []])).toEqual([['clone', []], ['test', ['clone']], ['build', ['test']]]);
    expect(pipeline.spec.params.map((p: any) => p.name)).toEqual(['git-url', 'git-revision', 'image', 'context-dir']);
    const run = manifests.find(m => m.kind === 'PipelineRun')!;
    expect(run.spec.params).toEqual([
      { name: 'git-url', value: 'https://github.com/acme/hello.git' },
      { name: 'git-revision', value: 'main' },
      { name: 'image', value: 'ghcr.io/acme/hello' },
      { name: 'context-dir', value: 'services/api' },
    ]);
    expect(run.spec.taskRunTemplate).toEqual({ podTemplate: { securityContext: { fsGroup: 1000 } } });
    expect(manifests.some(m => m.kind === 'ServiceAccount')).toBe(false);
  });

  test('Kaniko with a context directory passes the Dockerfile inside it', () => {
    const chart = Testing.chart();
    new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello:dev', contextDir: 'web' });
    const run = Testing.synth(chart).find(m => m.kind === 'PipelineRun')!;
    expect(run.spec.params.slice(3)).toEqual([{ name: 'context-dir', value: 'web' }, { name: 'dockerfile', value: 'web/Dockerfile' }]);
  });

  test('custom builder images, a given ServiceAccount, no run', () => {
    const chart = Testing.chart();
    const sa = ServiceAccount.fromServiceAccountName(chart, 'Sa', 'ci-builder');
    const build = new SourceToImage(chart, 'App', {
      gitUrl: 'ssh://git@git.example.com/acme/hello.git',
      image: 'registry.example.com:5000/acme/hello:1',
      builder: Builder.kaniko({ image: 'registry.example.com/mirror/kaniko:v1.23.2' }),
      serviceAccount: sa,
      run: false,
    });
    const manifests = Testing.synth(chart);
    expect(build.pipelineRun).toBeUndefined();
    expect(build.serviceAccount).toBe(sa);
    expect(manifests.map(m => m.kind)).toEqual(['Task', 'Pipeline', 'Task']);
    expect(manifests[2].spec.steps[0].image).toBe('registry.example.com/mirror/kaniko:v1.23.2');
    expect(Builder.buildpacks({ builderImage: 'b:1', userId: 2000, platformApi: '0.12' }).sourceUserId).toBe(2000);
  });

  test('the given ServiceAccount is the one the run uses', () => {
    const chart = Testing.chart();
    new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'ci') });
    const run = Testing.synth(chart).find(m => m.kind === 'PipelineRun')!;
    expect(run.spec.taskRunTemplate.serviceAccountName).toBe('ci');
  });

  test('takes typed git and registry secrets: the ServiceAccount carries them, Tekton annotations included', () => {
    const chart = Testing.chart();
    const git = new GitSshSecret(chart, 'GitKey', { metadata: { name: 'git-key' }, source: SecretSource.fromExisting('git-key'), gitHosts: ['github.com'] });
    const registry = new RegistrySecret(chart, 'Push', { source: SecretSource.fromExisting('ghcr-push'), registries: ['ghcr.io'] });
    const build = new SourceToImage(chart, 'App', { gitUrl: 'git@github.com:acme/hello.git', image: 'ghcr.io/acme/hello', credentials: [git, registry] });
    const manifests = Testing.synth(chart);
    const sa = manifests.find(m => m.kind === 'ServiceAccount')!;
    expect(sa.secrets).toEqual([{ name: 'git-key' }, { name: 'ghcr-push' }]);
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(manifests.find(m => m.kind === 'PipelineRun')!.spec.taskRunTemplate.serviceAccountName).toBe(build.serviceAccount!.name);
    expect(git.annotations).toEqual({ 'tekton.dev/git-0': 'github.com' });
  });

  test('fails when a credential is not a git or registry secret', () => {
    const chart = Testing.chart();
    const opaque = new OpaqueSecret(chart, 'Token', { source: SecretSource.fromExisting('token') });
    expect(() => new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', credentials: [opaque] }))
      .toThrow(/\[test\/App\/ServiceAccount\] buildCredentials: "token" is not allowed; must be a git or registry credential/);
  });

  test('takes Helm chart values for the revision and the image, leaving their checks to the chart schema', () => {
    const chart = new Chart(Testing.app({ resolvers: [ChartValue.resolver()] }), 'test');
    const revision = ChartValue.stringValue(chart, 'app.revision', { defaultValue: 'v2.0.0' }).asString();
    const image = ChartValue.stringValue(chart, 'app.image', { defaultValue: 'ghcr.io/acme/hello:v2.0.0' }).asString();
    const build = new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/hello.git', revision, image });
    expect(build.imageReference).toBe(image);
    const run = Testing.synth(chart).find(m => m.kind === 'PipelineRun')!;
    expect(run.spec.params.slice(1)).toEqual([{ name: 'git-revision', value: 'v2.0.0' }, { name: 'image', value: 'ghcr.io/acme/hello:v2.0.0' }]);
  });

  test('fails when the git URL is not one', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'github.com/acme/hello', image: 'ghcr.io/acme/hello' }))
      .toThrow(/\[test\/App\] gitUrl: "github\.com\/acme\/hello" is not allowed; must be a git URL/);
  });

  test('fails when the image has a digest or upper-case letters', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello@sha256:abc' }))
      .toThrow(/\[test\/App\] image: "ghcr\.io\/acme\/hello@sha256:abc" is not allowed; must be an image reference with an optional tag and no digest/);
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/Acme/hello' }))
      .toThrow(/image: "ghcr\.io\/Acme\/hello" is not allowed/);
  });

  test('fails when the revision has spaces', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', revision: 'my branch' }))
      .toThrow(/revision: "my branch" is not allowed; must be a branch, tag or commit without spaces/);
  });

  test('fails when only one of testImage and testScript is set', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', testScript: 'make test' }))
      .toThrow(/testScript: "make test" is not allowed; testImage and testScript go together/);
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', testImage: 'golang:1.23' }))
      .toThrow(/testImage: "golang:1\.23" is not allowed; testImage and testScript go together/);
  });

  test('fails when a Dockerfile is given to Buildpacks', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', builder: Builder.BUILDPACKS, dockerfile: 'Dockerfile' }))
      .toThrow(/dockerfile: "Dockerfile" is not allowed; only the Kaniko builder reads a Dockerfile/);
  });

  test('fails when credentials come with a ServiceAccount', () => {
    const chart = Testing.chart();
    expect(() => new SourceToImage(chart, 'App', {
      gitUrl: 'https://github.com/acme/hello.git',
      image: 'ghcr.io/acme/hello',
      serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'Sa', 'ci'),
      credentials: [Secret.fromSecretName(chart, 'Git', 'git-creds')],
    })).toThrow(/credentials: \["git-creds"\] is not allowed; credentials are attached to the ServiceAccount this construct creates/);
  });

  test('names the run after runName, and fails when it is not a DNS subdomain', () => {
    const chart = Testing.chart();
    new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello:v1', runName: 'hello-build-v1' });
    expect(Testing.synth(chart).find(m => m.kind === 'PipelineRun')!.metadata.name).toBe('hello-build-v1');
    expect(messageOf(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', runName: 'Build/1' })))
      .toBe('[test/App] runName: "Build/1" is not allowed; must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
    expect(messageOf(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', runName: 'a'.repeat(254) })))
      .toBe(`[test/App] runName: "${'a'.repeat(254)}" is not allowed; must be a DNS-1123 subdomain: at most 253 characters of lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit`);
  });

  test('names every generated object <name>-<role>, and the construct exposes the name', () => {
    const chart = Testing.chart();
    const build = new SourceToImage(chart, 'App', {
      name: 'shop', gitUrl: 'https://github.com/acme/shop.git', image: 'ghcr.io/acme/shop', testImage: 'golang:1.23', testScript: 'go test ./...',
      credentials: [Secret.fromSecretName(chart, 'Git', 'git-creds')],
    });
    expect(build.name).toBe('shop');
    const names = Testing.synth(chart).map(m => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual(['Task/shop-clone', 'Pipeline/shop-pipeline', 'Task/shop-test', 'Task/shop-build', 'ServiceAccount/shop-runner', 'PipelineRun/shop-run']);
  });

  test('without a name, names the objects after a DNS label of the construct path', () => {
    const chart = Testing.chart();
    const build = new SourceToImage(chart, 'App', { gitUrl: 'https://github.com/acme/shop.git', image: 'ghcr.io/acme/shop' });
    expect(build.name).toMatch(/^test-app-[0-9a-f]{8}$/);
    const names = Testing.synth(chart).map(m => m.metadata.name);
    expect(names).toEqual(['clone', 'pipeline', 'build', 'run'].map(role => `${build.name}-${role}`));
  });

  test('cuts a name that would pass 63 characters and keeps it unique with a short stable hash', () => {
    const long = `a${'-b'.repeat(29)}z`; // 61 characters
    const names = () => {
      const chart = Testing.chart();
      new SourceToImage(chart, 'App', { name: long, gitUrl: 'https://github.com/acme/shop.git', image: 'ghcr.io/acme/shop' });
      return Testing.synth(chart).map(m => m.metadata.name as string);
    };
    const first = names();
    expect(first).toEqual(names());
    for (const [name, role] of first.map((n, i) => [n, ['clone', 'pipeline', 'build', 'run'][i]])) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(new RegExp(`^a(-b)*-[0-9a-f]{8}-${role}$`));
    }
    expect(new Set(first).size).toBe(4);
  });

  test('fails when the name is not a DNS label', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { name: 'Shop_1', gitUrl: 'https://github.com/acme/shop.git', image: 'ghcr.io/acme/shop' }))
      .toThrow(/\[test\/App\] name: "Shop_1" is not allowed; must be a DNS-1123 label/);
  });

  test('fails when the context directory leaves the repository', () => {
    expect(() => new SourceToImage(Testing.chart(), 'App', { gitUrl: 'https://github.com/acme/hello.git', image: 'ghcr.io/acme/hello', contextDir: '../x' }))
      .toThrow(/contextDir: "\.\.\/x" is not allowed; must be a relative path inside the repository/);
  });

  // found by test/property/build-s2i.test.ts: an upper-case first component was taken for a registry host
  test('fails when the image has an upper-case path component', () => {
    const chart = Testing.chart();
    expect(() => new SourceToImage(chart, 'A', { gitUrl: 'https://github.com/acme/app', image: 'UPPER/app' })).toThrow(/\] image: "UPPER\/app" is not allowed/);
    for (const image of ['Registry.Example.com/team/app:1', 'localhost/app', 'myhost:5000/app', 'acme/app']) {
      expect(() => new SourceToImage(Testing.chart(), 'B', { gitUrl: 'https://github.com/acme/app', image })).not.toThrow();
    }
  });
});
