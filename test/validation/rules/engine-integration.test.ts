import { validateManifests } from '../../../src/validation';
import { ksvc } from './harness';

describe('the engine runs the semantic rules', () => {
  test('a Service with a bad concurrency and a reserved env var fails with both, named by rule and path', () => {
    const problems = validateManifests([ksvc({ containerConcurrency: 5000, containers: [{ image: 'ghcr.io/example/hello:1', env: [{ name: 'K_SERVICE', value: 'x' }] }] })],
      { layers: ['semantic'] });
    expect(problems.map(p => [p.rule, p.path])).toEqual(expect.arrayContaining([
      ['serving/container-concurrency', 'spec.template.spec.containerConcurrency'],
      ['serving/reserved-env', 'spec.template.spec.containers[0].env[0].name'],
    ]));
    expect(problems.every(p => p.layer === 'semantic' && p.severity === 'error')).toBe(true);
  });

  test('a valid Service has no semantic problem', () => {
    expect(validateManifests([ksvc()], { layers: ['semantic'] })).toEqual([]);
  });
});
