import { Testing } from 'cdk8s';
import { TriggerFilter } from '../../src/eventing';

describe('TriggerFilter', () => {
  test('renders every dialect', () => {
    const chart = Testing.chart();
    const f = TriggerFilter.all(
      TriggerFilter.exact('type', 'a'),
      TriggerFilter.any(TriggerFilter.prefix('source', 'b'), TriggerFilter.suffix('subject', 'c')),
      TriggerFilter.not(TriggerFilter.cesql('x = 1')),
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

  test('fails when cesql does not parse', () => {
    expect(() => TriggerFilter.cesql("type = ((('")._render(Testing.chart(), 'f')).toThrow(/f.cesql: .* is not allowed; must be a CloudEvents SQL expression \(unterminated string\)/);
    expect(() => TriggerFilter.cesql('(type = \'a\'')._render(Testing.chart(), 'f')).toThrow(/\(unbalanced parentheses\)/);
    expect(TriggerFilter.cesql("type = 'a' AND (source LIKE '%x')")._render(Testing.chart(), 'f')).toEqual({ cesql: "type = 'a' AND (source LIKE '%x')" });
  });

  test('fails when a not wraps an invalid filter', () => {
    expect(() => TriggerFilter.not(TriggerFilter.exact('A', 'x'))._render(Testing.chart(), 'f')).toThrow(/f.not.exact: "A" is not allowed/);
  });
});
