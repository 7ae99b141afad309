import { ALL_RULES } from '../../../src/validation/rules';
import { RuleCase } from './harness';
import { AUTOSCALING_CASES } from './cases/autoscaling';
import { DOMAINMAPPING_CASES } from './cases/domainmapping';
import { EVENTING_CASES } from './cases/eventing';
import { EVENTING_V1ALPHA1_CASES } from './cases/eventing-v1alpha1';
import { SOURCES_CASES } from './cases/sources';
import { SINKS_CASES } from './cases/sinks';
import { POD_CASES } from './cases/pod';
import { SERVING_CASES } from './cases/serving';
import { TRAFFIC_CASES } from './cases/traffic';
import { TEKTON_CASES } from './cases/tekton';

const ALL_CASES: RuleCase[] = [
  ...SERVING_CASES,
  ...POD_CASES,
  ...TRAFFIC_CASES,
  ...AUTOSCALING_CASES,
  ...DOMAINMAPPING_CASES,
  ...EVENTING_CASES,
  ...EVENTING_V1ALPHA1_CASES,
  ...SOURCES_CASES,
  ...SINKS_CASES,
  ...TEKTON_CASES,
];

describe('ALL_RULES', () => {
  test('ids are unique and each rule names at least one kind', () => {
    const ids = ALL_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
      expect(r.kinds.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(0);
    }
  });

  test.each(ALL_RULES.map(r => [r.id]))('%s has a good and a bad case', (id) => {
    const cases = ALL_CASES.filter(c => c.rule === id);
    expect(cases.some(c => !c.bad?.length)).toBe(true);
    expect(cases.some(c => (c.bad?.length ?? 0) > 0)).toBe(true);
  });

  test('every case names a registered rule', () => {
    const ids = new Set(ALL_RULES.map(r => r.id));
    expect(ALL_CASES.filter(c => !ids.has(c.rule)).map(c => c.rule)).toEqual([]);
  });
});
