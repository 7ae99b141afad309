import { Testing } from 'cdk8s';
import { warningsOf } from '../../src/core/warnings';
import { TriggerFilter } from '../../src/eventing';

describe('TriggerFilter', () => {
  test('renders every dialect', () => {
    const chart = Testing.chart();
    const f = TriggerFilter.all(
      TriggerFilter.exact('type', 'a'),
      TriggerFilter.any(TriggerFilter.prefix('source', 'b'), TriggerFilter.suffix('subject', 'c')),
      TriggerFilter.negate(TriggerFilter.cesql('x = 1')),
    );
    expect(f._render(chart, 'filters[0]')).toEqual({
      all: [
        { exact: { type: 'a' } },
        { any: [{ prefix: { source: 'b' } }, { suffix: { subject: 'c' } }] },
        { not: { cesql: 'x = 1' } },
      ],
    });
  });

  test('an exact filter may match the empty string', () => {
    expect(TriggerFilter.exact('subject', '')._render(Testing.chart(), 'f')).toEqual({ exact: { subject: '' } });
  });

  test('fails when all has no nested filter', () => {
    expect(() => TriggerFilter.all()._render(Testing.chart(), 'filters[0]')).toThrow(/\[test\] filters\[0\].all: \[\] is not allowed; all must contain at least one nested filter/);
  });

  test('fails when any has no nested filter', () => {
    expect(() => TriggerFilter.any()._render(Testing.chart(), 'f')).toThrow(/f.any: \[\] is not allowed; any must contain at least one nested filter/);
  });

  test('fails when a prefix is empty', () => {
    expect(() => TriggerFilter.prefix('type', '')._render(Testing.chart(), 'f')).toThrow(/f.prefix.type: "" is not allowed; a prefix must not be empty/);
  });

  test('fails when cesql is blank', () => {
    expect(() => TriggerFilter.cesql(' ')._render(Testing.chart(), 'f')).toThrow(/f.cesql: " " is not allowed; must be a CloudEvents SQL expression \(it is empty\)/);
  });

  test('fails when cesql does not parse, saying where and what was expected', () => {
    expect(() => TriggerFilter.cesql("type = ((('")._render(Testing.chart(), 'f'))
      .toThrow(/f.cesql: .* is not allowed; must be a CloudEvents SQL expression \(at 11: unterminated string: the ' here has no closing '\)/);
    expect(() => TriggerFilter.cesql('(type = \'a\'')._render(Testing.chart(), 'f')).toThrow(/\(at 12: expected \) to close the \( at 1, found the end\)/);
    expect(() => TriggerFilter.cesql("type = 'a' AND")._render(Testing.chart(), 'f')).toThrow(/\(at 15: expected an expression after AND, found the end\)/);
    expect(() => TriggerFilter.cesql('NOT')._render(Testing.chart(), 'f')).toThrow(/\(at 4: expected an expression after NOT, found the end\)/);
    expect(TriggerFilter.cesql("type = 'a' AND (source LIKE '%x')")._render(Testing.chart(), 'f')).toEqual({ cesql: "type = 'a' AND (source LIKE '%x')" });
  });

  test('an unknown function or a wrong arity is a warning, not an error', () => {
    const chart = Testing.chart();
    expect(TriggerFilter.cesql("MYFN(type) AND LOWER(source, 1) = 'x'")._render(chart, 'f')).toEqual({ cesql: "MYFN(type) AND LOWER(source, 1) = 'x'" });
    expect(warningsOf(chart)).toEqual([
      expect.stringMatching(/^f.cesql: MYFN\(\) is not a built-in function \(ABS, .*\); Knative accepts it but every event fails the filter/),
      'f.cesql: LOWER() takes 1 argument, not 2; Knative accepts it but every event fails the filter',
    ]);
  });

  test('fails when a negate wraps an invalid filter', () => {
    expect(() => TriggerFilter.negate(TriggerFilter.exact('A', 'x'))._render(Testing.chart(), 'f')).toThrow(/f.not.exact: "A" is not allowed/);
  });
});
