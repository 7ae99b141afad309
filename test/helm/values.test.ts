import { renderValuesSchema, renderValuesYaml, valuesTree } from '../../src/helm/values';

const leaves = [
  { path: 'api.image', schema: { type: 'string', description: 'The image.' }, defaultValue: 'x:1', secret: false },
  { path: 'api.password', schema: { type: 'string' }, defaultValue: undefined, secret: true },
  { path: 'apps.enabled', schema: { type: 'boolean' }, defaultValue: true, secret: false },
];

describe('values', () => {
  test('values.yaml comments each value and leaves secrets out', () => {
    const text = renderValuesYaml(valuesTree(leaves), 'Header');
    expect(text).toBe([
      '# Header', '', 'api:', '  # The image.', '  # (string)', '  image: x:1', '',
      '  # (string)', '  # SECRET, required at install; no default is kept here. Pass it with --set api.password=... or a values file kept out of git.',
      '  # password:', '', 'apps:', '  # (boolean)', '  enabled: true', '',
    ].join('\n'));
  });

  test('the schema requires every value, closes every group, and wants a non-empty secret', () => {
    const schema = JSON.parse(renderValuesSchema(valuesTree(leaves), 'T'));
    expect(schema.required).toEqual(['api', 'apps']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.api.required).toEqual(['image', 'password']);
    expect(schema.properties.api.properties.password).toEqual({ type: 'string', minLength: 1 });
    expect(schema.properties.global.type).toBe('object');
    expect(schema.required).not.toContain('global');
  });

  test('fails when a value is also a group', () => {
    expect(() => valuesTree([leaves[0], { ...leaves[0], path: 'api.image.tag' }])).toThrow(/is under api.image, which is a value/);
  });
});
