import { isImageReference } from '../../../src/core/syntax';
import { runUpstream } from './harness';

/*
 * Image references as Knative parses them: go-containerregistry v0.20.3 pkg/name, ParseReference with
 * WeakValidation (knative/serving knative-v1.23.0 pkg/apis/serving/k8s_validation.go validateContainer).
 * The name lists of its tests: every good name (strict ones pass weak validation too) parses, every bad one does not.
 */
const DIGEST = 'sha256:deadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33fdeadb33f';
const GOOD: Record<string, readonly string[]> = {
  'tag_test.go goodStrictValidationTagNames': ['gcr.io/g-convoy/hello-world:latest', 'gcr.io/google.com/g-convoy/hello-world:latest', 'gcr.io/project-id/with-nums:v2',
    'us.gcr.io/project-id/image:with.period.in.tag', 'gcr.io/project-id/image:w1th-alpha_num3ric.PLUScaps', 'domain.with.port:9001/image:latest'],
  'tag_test.go goodWeakValidationTagNames': ['namespace/pathcomponent/image', 'library/ubuntu', 'gcr.io/project-id/implicit-latest', 'www.example.test:12345/repo/path'],
  'digest_test.go goodStrictValidationDigestNames': ['gcr.io/g-convoy/hello-world', 'gcr.io/google.com/project-id/hello-world', 'us.gcr.io/project-id/sub-repo', 'example.text/foo/bar']
    .map(n => `${n}@${DIGEST}`),
  'digest_test.go goodStrictValidationTagDigestNames': ['example.text/foo/bar:latest', 'example.text:8443/foo/bar:latest', 'example.text/foo/bar:v1.0.0-alpine'].map(n => `${n}@${DIGEST}`),
  'digest_test.go goodWeakValidationDigestNames': ['namespace/pathcomponent/image', 'library/ubuntu'].map(n => `${n}@${DIGEST}`),
  'digest_test.go goodWeakValidationTagDigestNames': ['nginx:latest', 'library/nginx:latest'].map(n => `${n}@${DIGEST}`),
  'repository_test.go goodStrictValidationRepositoryNames': ['gcr.io/g-convoy/hello-world', 'gcr.io/google.com/project-id/hello-world', 'us.gcr.io/project-id/sub-repo',
    'example.text/foo/bar', 'mirror.gcr.io/ubuntu', 'index.docker.io/library/ubuntu'],
  'repository_test.go goodWeakValidationRepositoryNames': ['namespace/pathcomponent/image', 'library/ubuntu', 'ubuntu'],
};
const BAD: Record<string, readonly string[]> = {
  'tag_test.go badTagNames': ['gcr.io/project-id/bad_chars:c@n\'tuse', 'gcr.io/project-id/wrong-length:white space',
    `gcr.io/project-id/too-many-chars:${'thisisthetagthatneverends'.repeat(6)}`],
  'digest_test.go badDigestNames': ['gcr.io/project-id/unknown-alg@unknown:abc123', 'gcr.io/project-id/wrong-length@sha256:d34db33fd34db33f',
    'gcr.io/project-id/missing-digest@', `repo@sha256:${':'.repeat(64)}`, `repo@sha256:${'sh'.repeat(32)}`, `repo@${DIGEST}@${DIGEST}`],
  'repository_test.go badRepositoryNames': ['white space', 'b@char/image', ''],
  'registry_test.go badRegistryNames (as a registry)': ['white space/app', 'gcr?com/app'],
};

describe('google/go-containerregistry@v0.20.3 pkg/name (WeakValidation)', () => {
  for (const [list, names] of Object.entries(GOOD)) {
    test.each(names)(`${list}: %s parses`, n => expect(isImageReference(n)).toBe(true));
  }
  for (const [list, names] of Object.entries(BAD)) {
    test.each(names)(`fails when ${list}: %s`, n => expect(isImageReference(n)).toBe(false));
  }
});

const C = 'TestContainerValidation';
const ksvc = (image: string) => ({
  apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'x', namespace: 'default' },
  spec: { template: { spec: { containers: [{ image }] } } },
});
runUpstream('knative/serving@knative-v1.23.0 pkg/apis/serving/k8s_validation_test.go', [
  { test: C, name: 'valid container', obj: ksvc('foo') },
  { test: C, name: 'invalid container image', obj: ksvc('foo:bar:baz'), rejects: ['spec.template.spec.containers[0].image'] },
]);
