import { parseAllDocuments } from 'yaml';
import { GO_YAML_BOOL_TAG, readDocuments } from '../../src/cli/read-manifests';

/** What `yaml` alone reads (the reader before the fast path), with go-yaml v2's booleans. */
function slow(text: string): unknown[] {
  return parseAllDocuments(text, { customTags: tags => [GO_YAML_BOOL_TAG, ...tags] }).map(d => {
    if (d.errors.length > 0) return 'error';
    try {
      return d.toJS({ maxAliasCount: 100 });
    } catch {
      return 'error';
    }
  });
}

function fast(text: string): unknown[] {
  return readDocuments(text).map(d => (d.error !== undefined ? 'error' : d.value));
}

describe('readDocuments reads like yaml', () => {
  test.each([
    '', '# only a comment\n', '---\n', '---\n---\n', 'a: 1\n---\n', 'a: 1\n---\n# c\n', 'a: 1\n---\n---\nb: 2\n', '...\n', 'a: 1\n...\n---\nb: 1\n',
    'a: 1_000', 'a: 0x1F', 'a: 0o17', 'a: 0b11', 'a: 017', 'a: 1e400', 'a: -1e400', 'a: .inf', 'a: .NaN', 'a: 1.', 'a: +5', 'a: 12345678901234567890',
    'a: yes', 'a: on', 'a: True', 'a: ~', 'a:', 'a: 2024-01-01', 'a: 12:30', '<<: {b: 1}', 'null: a', '~: a', '1: a', 'true: a',
    'a: "\\u00e9\\x41\\/"', "a: 'it''s'", 'a: |\n  x\n  y\n', 'a: >-\n  x\n  y\n\n', '{"a": 1, "b": [1, 2, {"c": null}]}',
    'x: &a 1\ny: *a', 'a: !!str 1', 'a: !custom 1', '%YAML 1.1\n---\na: yes\n', '? a\n: b', '__proto__: {x: 1}',
  ])('%j', text => {
    expect(fast(text)).toEqual(slow(text));
  });

  test.each(['a: b: c', 'a: 1\na: 2\n', 'a: [1, 2\n', 'key: "unterminated', 'a: *b'])('malformed %j: the error comes from yaml, with its position', text => {
    const docs = readDocuments(text);
    expect(docs.some(d => d.error !== undefined)).toBe(true);
    expect(fast(text)).toEqual(slow(text));
  });
});

describe('YAML as kubectl reads it (go-yaml v2)', () => {
  test('a plain scalar ending in ":" before "]" or "," in a flow sequence is one string, as go-yaml v2 scans it', () => {
    const [doc] = readDocuments('spec:\n  addresses: [1.2.3.4, 001:db8::]\n  other: [a:, b, c: d, "e":]\n');
    expect(doc.value).toEqual({ spec: { addresses: ['1.2.3.4', '001:db8::'], other: ['a:', 'b', { c: 'd' }, { e: null }] } });
  });

  test('flow mappings and block values keep their pairs', () => {
    const [doc] = readDocuments('a: {x:, z: 1}\nb: [{k: v}]\nc: "x:"\n');
    expect(doc.value).toEqual({ a: { x: null, z: 1 }, b: [{ k: 'v' }], c: 'x:' });
  });

  test('y, yes, on, n, no, off are booleans (values and keys), quoted they stay strings, on both read paths', () => {
    const text = 'a: yes\nb: Off\nc: "on"\nd: N\ny: 1\ne: true\n';
    const expected = { a: true, b: false, c: 'on', d: false, true: 1, e: true };
    expect(readDocuments(text)[0].value).toEqual(expected);
    // a `!` sends the text to the full parser: the same values
    expect(readDocuments(`${text}f: !!str x\n`)[0].value).toEqual({ ...expected, f: 'x' });
  });
});
