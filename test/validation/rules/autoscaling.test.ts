import { parseGoDuration } from '../../../src/validation/rules';
import { AUTOSCALING_CASES } from './cases/autoscaling';
import { runCases } from './harness';

runCases('autoscaling annotation rules', AUTOSCALING_CASES);

test('parseGoDuration reads Go durations', () => {
  expect(parseGoDuration('1m30s')).toBe(90_000);
  expect(parseGoDuration('1.5h')).toBe(5_400_000);
  expect(parseGoDuration('0')).toBe(0);
  expect(parseGoDuration('-2s')).toBe(-2000);
  expect(parseGoDuration('60')).toBeUndefined();
  expect(parseGoDuration('1d')).toBeUndefined();
  expect(parseGoDuration('')).toBeUndefined();
});
