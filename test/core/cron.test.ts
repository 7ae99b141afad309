import { cronScheduleProblem, isValidTimeZone } from '../../src/core';

describe('cron schedules', () => {
  test.each([
    '*/2 * * * *', '0 0 1 1 *', '0-59/15 0-23 1-31 1-12 0-6', '5 4 * jan,JUL mon-fri', '30 8 ? * sun',
    '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually', 'CRON_TZ=Europe/Paris 0 9 * * *', '7/10 * * * *',
    // robfig/cron v3.0.1 parser.go with SecondOptional, as knative/eventing knative-v1.22.2 ping_validation.go uses it
    '0/5 * * * * *', '10 0/5 * * * ?', '', '+5 * * * *', '*-x * * * *',
  ])('accepts %s', s => {
    expect(cronScheduleProblem(s)).toBeUndefined();
  });

  test.each([
    ['  ', /found 0/],
    ['@every 1m', /@every is not supported/],
    ['@often', /unknown descriptor "@often"/],
    ['* * * *', /expected 5 fields .* found 4/],
    ['0 0 * * * * *', /found 7/],
    ['60 * * * * *', /second "60"/],
    ['60 * * * *', /minute "60": end of range \(60\) above maximum \(59\)/],
    ['* 24 * * *', /hour "24"/],
    ['* * 0 * *', /day of month "0": beginning of range \(0\) below minimum \(1\)/],
    ['* * * 13 *', /month "13"/],
    ['* * * * 7', /day of week "7": end of range \(7\) above maximum \(6\)/],
    ['*/0 * * * *', /step of range should be a positive number/],
    ['-1 * * * *', /"" is not a number/],
    ['5-1 * * * *', /beginning of range \(5\) beyond end of range \(1\)/],
    ['* * * foo *', /"foo" is not a number or name/],
    ['TZ=Mars/Base * * * * *', /unknown time zone "Mars\/Base"/],
  ])('rejects %s', (s, problem) => {
    expect(cronScheduleProblem(s)).toMatch(problem);
  });
});

describe('time zones', () => {
  test.each(['Europe/Paris', 'America/New_York', 'UTC', 'Etc/UTC', 'Asia/Kolkata'])('accepts %s', z => {
    expect(isValidTimeZone(z)).toBe(true);
  });
  test.each(['Europe/Atlantis', 'utc+1', '+01:00', '', 'Paris'])('rejects %s', z => {
    expect(isValidTimeZone(z)).toBe(false);
  });
});
