import { Duration, Size } from 'cdk8s';
import * as fc from 'fast-check';
import { Builder, SourceToImage } from '../../src/builds';
import { GitBasicAuthSecret, GitSshSecret, OpaqueSecret, RegistrySecret, SecretSource, ServiceAccount, TlsSecret } from '../../src/secrets';
import { checkBuildCase, durations } from './build-gen';
import { assertProperty, narrowed, runsFor, timeoutFor, Verdict, worst } from './harness';

const tagged = <T>(good: readonly T[], badOnes: readonly T[], either: readonly T[] = []) => fc.oneof(
  { arbitrary: fc.constantFrom(...good).map(value => ({ value, verdict: 'ok' as Verdict })), weight: 6 },
  ...(badOnes.length ? [fc.constantFrom(...badOnes).map(value => ({ value, verdict: 'bad' as Verdict }))] : []),
  ...(either.length ? [fc.constantFrom(...either).map(value => ({ value, verdict: 'either' as Verdict }))] : []),
);

type Credential = 'git-basic' | 'git-ssh' | 'registry' | 'opaque' | 'tls';

const s2iCase = fc.record({
  gitUrl: tagged(['https://github.com/acme/app.git', 'ssh://git@github.com/acme/app', 'git@github.com:acme/app.git', 'git://example.com/app'], ['', 'github.com/acme/app', 'https://', 'ftp://x/y', 'https://h/a b']),
  image: tagged(['registry.example.com/team/app:1.0.0', 'ghcr.io/acme/app', 'localhost:5000/app:dev', 'app'], ['', 'UPPER/app', 'ghcr.io/acme/app@sha256:' + 'a'.repeat(64), 'a b', 'ghcr.io/acme/app:'], []),
  revision: fc.option(tagged(['main', 'v1.2.3', 'a'.repeat(40), 'feature/x'], ['', 'two words', ' ']), { nil: undefined }),
  builder: fc.constantFrom('default', 'kaniko', 'kaniko-image', 'buildpacks', 'buildpacks-user', 'buildpacks-bad-user'),
  contextDir: fc.option(tagged(['.', 'services/api', 'a/./b'], ['/abs', '../up', 'a/../../b']), { nil: undefined }),
  dockerfile: fc.option(fc.constantFrom('Dockerfile', 'build/Dockerfile.prod'), { nil: undefined }),
  test: fc.constantFrom('none', 'both', 'image-only', 'script-only'),
  testImage: tagged(['docker.io/library/node:20', 'golang:1.22'], [''], ['UPPER/x']),
  credentials: fc.uniqueArray(fc.constantFrom<Credential>('git-basic', 'git-ssh', 'registry', 'opaque', 'tls'), { maxLength: 3 }),
  serviceAccount: fc.boolean(),
  run: fc.option(fc.boolean(), { nil: undefined }),
  runName: fc.option(tagged(['app-build-v1', 'a.b', 'x'], ['Build', 'a_b', '', 'x'.repeat(254)]), { nil: undefined }),
  timeout: durations,
  workspaceSize: fc.option(fc.constantFrom(Size.gibibytes(2), Size.mebibytes(512)), { nil: undefined }),
});
type S2iCase = typeof s2iCase extends fc.Arbitrary<infer T> ? T : never;

function fields(c: S2iCase): Record<string, Verdict> {
  const kaniko = !c.builder.startsWith('buildpacks');
  return {
    gitUrl: c.gitUrl.verdict,
    image: c.image.verdict,
    revision: c.revision?.verdict ?? 'ok',
    contextDir: c.contextDir?.verdict ?? 'ok',
    dockerfile: c.dockerfile !== undefined && !kaniko ? 'bad' : 'ok',
    // testImage and testScript go together; the error may name either
    testImage: c.test === 'script-only' || c.test === 'image-only' ? 'bad' : c.test === 'both' ? c.testImage.verdict : 'ok',
    testScript: c.test === 'script-only' || c.test === 'image-only' ? 'bad' : 'ok',
    // what the child Tasks reject: the test step's image, the builder's uid in the clone / build steps
    steps: worst(c.test === 'both' ? c.testImage.verdict : 'ok', c.builder === 'buildpacks-bad-user' ? 'bad' : 'ok'),
    credentials: worst(c.serviceAccount && c.credentials.length > 0 ? 'bad' : 'ok',
      ...c.credentials.map(k => (k === 'opaque' || k === 'tls' ? 'bad' : 'ok'))),
    buildCredentials: c.credentials.some(k => k === 'opaque' || k === 'tls') ? 'bad' : 'ok',
    runName: c.runName?.verdict ?? 'ok',
    timeout: c.run === false ? 'ok' : c.timeout?.verdict ?? 'ok',
    // a non-integer or negative uid of the builder
    builder: c.builder === 'buildpacks-bad-user' ? 'bad' : 'ok',
    fsGroup: c.builder === 'buildpacks-bad-user' ? 'bad' : 'ok',
  };
}

function builderOf(name: S2iCase['builder']): Builder | undefined {
  switch (name) {
    case 'default': return undefined;
    case 'kaniko': return Builder.KANIKO;
    case 'kaniko-image': return Builder.kaniko({ image: 'gcr.io/kaniko-project/executor:v1.23.0-debug' });
    case 'buildpacks': return Builder.BUILDPACKS;
    case 'buildpacks-user': return Builder.buildpacks({ userId: 1001, platformApi: '0.12' });
    case 'buildpacks-bad-user': return Builder.buildpacks({ userId: -5 });
  }
}

/** Open bugs in code this test does not own (see known-bugs.test.ts); none. */
function knownS2iBug(_c: S2iCase): string | undefined {
  return undefined;
}

const RUNS = runsFor(0.02);

describe('property: SourceToImage props', () => {
  test(`${RUNS} generated SourceToImage builds either synthesize valid manifests or throw KnativePropError naming the field`, () => {
    assertProperty(narrowed(s2iCase, knownS2iBug), c => checkBuildCase(fields(c), chart => {
      const make = (k: Credential, i: number) => {
        const source = SecretSource.fromExisting(`cred-${i}`);
        switch (k) {
          case 'git-basic': return new GitBasicAuthSecret(chart, `C${i}`, { source, gitHosts: ['github.com'] });
          case 'git-ssh': return new GitSshSecret(chart, `C${i}`, { source, gitHosts: ['github.com'] });
          case 'registry': return new RegistrySecret(chart, `C${i}`, { source, registries: ['ghcr.io'] });
          case 'opaque': return new OpaqueSecret(chart, `C${i}`, { source });
          case 'tls': return new TlsSecret(chart, `C${i}`, { source });
        }
      };
      new SourceToImage(chart, 'App', {
        gitUrl: c.gitUrl.value,
        image: c.image.value,
        revision: c.revision?.value,
        builder: builderOf(c.builder),
        contextDir: c.contextDir?.value,
        dockerfile: c.dockerfile,
        testImage: c.test === 'both' || c.test === 'image-only' ? c.testImage.value : undefined,
        testScript: c.test === 'both' || c.test === 'script-only' ? '#!/bin/sh\nnpm test\n' : undefined,
        credentials: c.credentials.length ? c.credentials.map(make) : undefined,
        serviceAccount: c.serviceAccount ? new ServiceAccount(chart, 'Builder') : undefined,
        run: c.run,
        runName: c.runName?.value,
        timeout: c.timeout?.d ?? (c.run === false ? undefined : Duration.minutes(30)),
        workspaceSize: c.workspaceSize,
      });
    }), RUNS);
  }, timeoutFor(RUNS));
});
