import { appendPath, formatPath, pointerToPath } from '../../src/validation/paths';

describe('field paths', () => {
  test('keys are dotted, indices bracketed, odd keys quoted', () => {
    expect(formatPath(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe('spec.template.spec.containers[0].image');
    expect(formatPath(['metadata', 'annotations', 'autoscaling.knative.dev/min-scale']))
      .toBe('metadata.annotations["autoscaling.knative.dev/min-scale"]');
    expect(appendPath('', 'spec')).toBe('spec');
    expect(appendPath('data', 'my-key')).toBe('data["my-key"]');
  });

  test('a JSON pointer becomes a dotted path, numbers are indices only inside arrays', () => {
    const doc = { spec: { containers: [{ ports: [{}] }] }, data: { 0: 'x' }, a: { 'b/c': { '~d': 1 } } };
    expect(pointerToPath('/spec/containers/0/ports/0', doc)).toBe('spec.containers[0].ports[0]');
    expect(pointerToPath('/data/0', doc)).toBe('data["0"]');
    expect(pointerToPath('/a/b~1c/~0d', doc)).toBe('a["b/c"]["~d"]');
    expect(pointerToPath('', doc)).toBe('');
  });
});
