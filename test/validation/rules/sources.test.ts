import { cronError } from '../../../src/validation/rules';
import { SOURCES_CASES } from './cases/sources';
import { runCases } from './harness';

runCases('source rules', SOURCES_CASES);

describe('cronError', () => {
  test.each(['* * * * *', '0 0 1 1 0', '*/15 9-17 * * MON-FRI', '0 12 ? * *', '5,10,15 * * * *', '0 0 31 DEC SAT', '@daily', 'TZ=UTC @midnight', '', '0 * * * * *'])('accepts %s', (s) => {
    expect(cronError(s)).toBeUndefined();
  });
  test.each([
    ['* * * *', 'schedule'], ['* * * * 7', 'schedule'], ['0 24 * * *', 'schedule'], ['0 0 0 * *', 'schedule'], ['*/0 * * * *', 'schedule'],
    ['5-1 * * * *', 'schedule'], ['@reboot', 'schedule'], ['CRON_TZ=Nowhere/City * * * * *', 'timezone'], [' ', 'schedule'],
  ])('rejects %s', (s, field) => {
    expect(cronError(s)?.field).toBe(field);
  });
});
