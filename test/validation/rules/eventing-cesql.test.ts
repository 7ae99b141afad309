import { checkCesql } from '../../../src/validation/rules/eventing';

describe('checkCesql', () => {
  test('a parse error names the position and what was expected', () => {
    expect(checkCesql('spec.filters[0].cesql', "type = 'a' AND")).toEqual([{
      path: 'spec.filters[0].cesql',
      message: 'cesql "type = \'a\' AND" does not parse: at 15: expected an expression after AND, found the end',
      hint: 'fix the CloudEvents SQL expression',
    }]);
  });

  test('an empty expression is an error', () => {
    expect(checkCesql('p', '  ')[0].message).toBe('cesql "  " is empty');
  });

  test('a wrong arity is a warning', () => {
    expect(checkCesql('p', 'SUBSTRING(type) = 1')).toEqual([{
      path: 'p',
      message: 'cesql "SUBSTRING(type) = 1": SUBSTRING() takes 2 or 3 arguments, not 1; Knative accepts it but every event fails the filter',
      hint: 'Knative admits it as written; correct it so the filter can match',
      severity: 'warning',
    }]);
  });
});
