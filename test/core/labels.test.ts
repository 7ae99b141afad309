import { Testing } from 'cdk8s';
import { annotationsSize, isAnnotationKey, isLabelValue, isQualifiedName } from '../../src/core';
import { Broker } from '../../src/eventing';
import { Service } from '../../src/serving';
import { validateManifests } from '../../src/validation';

describe('label and annotation syntax (Kubernetes ObjectMeta)', () => {
  test.each([
    ['app', true], ['app.kubernetes.io/name', true], ['a', true], ['A_b.c-d', true], ['example.com/A', true],
    ['', false], ['bad key!', false], ['-app', false], ['app-', false], ['/app', false], ['example.com/', false],
    ['Example.com/app', false], ['a/b/c', false], ['a'.repeat(63), true], ['a'.repeat(64), false],
    [`${'a'.repeat(63)}.com/app`, true], [`${'a'.repeat(64)}.com/app`, false],
  ])('qualified name %j: %s', (key, ok) => expect(isQualifiedName(key)).toBe(ok));

  test.each([
    ['', true], ['v1', true], ['A.b_c-D', true], ['a'.repeat(63), true],
    ['a'.repeat(64), false], ['bad value!', false], ['-a', false], ['a/b', false],
  ])('label value %j: %s', (value, ok) => expect(isLabelValue(value)).toBe(ok));

  test('annotation keys are checked lower-cased, as the API server does, so an upper-case prefix passes', () => {
    expect(isAnnotationKey('Example.com/Note')).toBe(true);
    expect(isAnnotationKey('bad key')).toBe(false);
    expect(annotationsSize({ ab: 'cd', é: 'x' })).toBe(7);
  });

  test('fails when a construct is given a label or annotation the API server rejects, naming the field', () => {
    const chart = Testing.chart();
    expect(() => new Service(chart, 'S', { metadata: { name: 's', labels: { 'bad key!': 'x' } }, container: { image: 'img' } }))
      .toThrow(/\[test\/S\] metadata.labels: "bad key!" is not allowed; label keys must be \[prefix\/\]name/);
    expect(() => new Broker(chart, 'B', { metadata: { name: 'b', labels: { team: 'a b' } } }))
      .toThrow(/\[test\/B\] metadata.labels.team: "a b" is not allowed; must be empty or at most 63/);
    expect(() => new Broker(chart, 'C', { metadata: { name: 'c', annotations: { ['x'.repeat(300)]: '' } } }))
      .toThrow(/\[test\/C\] metadata.annotations: "x{300}" is not allowed; annotation keys must be/);
    expect(() => new Broker(chart, 'D', { metadata: { name: 'd', annotations: { note: 'x'.repeat(256 * 1024) } } }))
      .toThrow(/\[test\/D\] metadata.annotations: "262148 bytes" is not allowed; must take at most 262144 bytes in all/);
  });

  test('the engine reports them on any manifest, e.g. YAML checked by the CLI', () => {
    const problems = validateManifests([{
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'c', labels: { 'bad key!': 'ok', app: 'bad value!' }, annotations: { 'a/b/c': 'x' } },
    }], { layers: ['schema'] });
    expect(problems.map(p => `${p.rule} ${p.path}: ${p.message}`)).toEqual([
      'schema/annotation-key metadata.annotations: annotation key "a/b/c" is not a qualified name',
      'schema/label-key metadata.labels: label key "bad key!" is not a qualified name',
      'schema/label-value metadata.labels.app: "bad value!" is not a label value',
    ]);
    expect(problems.every(p => p.severity === 'error')).toBe(true);
  });
});
