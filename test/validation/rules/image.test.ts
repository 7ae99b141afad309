import { isImageReference } from '../../../src/validation/rules';

describe('isImageReference', () => {
  test.each([
    'nginx', 'nginx:1.25', 'library/nginx:latest', 'ghcr.io/example/hello:1', 'localhost:5000/app', 'registry.example.com:443/team/app:v1.2.3-rc.1',
    `gcr.io/knative-samples/helloworld-go@sha256:${'a'.repeat(64)}`, `app:1@sha256:${'0'.repeat(64)}`, 'my_registry/app__x/y-z',
  ])('accepts %s', (ref) => expect(isImageReference(ref)).toBe(true));

  test.each([
    '', 'my image', 'Nginx', 'ghcr.io/Example/app', 'app:', 'app@sha256:xyz', '-app', 'app/', 'app:tag with space',
  ])('rejects %s', (ref) => expect(isImageReference(ref)).toBe(false));
});
