import { isImageReference } from '../../../src/validation/rules';

// go-containerregistry v0.20.3 pkg/name ParseReference(ref, WeakValidation), as knative/serving knative-v1.23.0
// pkg/apis/serving/k8s_validation.go validateContainer uses it (ref_test.go / tag_test.go / digest_test.go cases and our own).
describe('isImageReference', () => {
  test.each([
    'nginx', 'nginx:1.25', 'library/nginx:latest', 'ghcr.io/example/hello:1', 'localhost:5000/app', 'registry.example.com:443/team/app:v1.2.3-rc.1',
    `gcr.io/knative-samples/helloworld-go@sha256:${'a'.repeat(64)}`, `app:1@sha256:${'0'.repeat(64)}`, 'my_registry/app__x/y-z',
    // weak validation: what the distribution grammar refuses and Knative admits
    'ko://github.com/knative/docs/cmd/helloworld', '../src/app', 'app:', '-app', 'app/', '[::1]:5000/app', 'Registry.Example.COM/app',
    'ko://knative.dev/serving/test/test_images/runtime', 'gcr.io/a_b/c', 'foo:-tag',
  ])('accepts %s', (ref) => expect(isImageReference(ref)).toBe(true));

  test.each([
    '', 'my image', 'Nginx', 'ghcr.io/Example/app', 'app@sha256:xyz', 'app:tag with space', 'a', 'gcr.io/a',
    `app@sha512:${'a'.repeat(128)}`, `app@sha256:${'A'.repeat(64)}`, `app@sha256:${'a'.repeat(63)}`, `a@b@sha256:${'a'.repeat(64)}`,
    'localhost:abc/app', 'user@host.io/app', 'app:tag!', `app:${'t'.repeat(129)}`, 'host.io:5000:6000/app:x:y', 'reg%20.io/app',
  ])('rejects %s', (ref) => expect(isImageReference(ref)).toBe(false));
});
