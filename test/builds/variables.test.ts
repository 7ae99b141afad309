import { paramExpression, resultPath, stringsIn, workspacePath } from '../../src/builds';
import { findVariables } from '../../src/core/tekton-variables';

describe('Tekton variables', () => {
  test('finds params in dot, bracket, array and object forms', () => {
    const refs = findVariables('$(params.url) $(params["a.b"]) $(params[\'c\']) $(params.list[*]) $(params.obj.key) $(params.list[0])');
    expect(refs.map(r => [r.kind, r.name])).toEqual([
      ['param', 'url'], ['param', 'a.b'], ['param', 'c'], ['param', 'list'], ['param', 'obj'], ['param', 'list'],
    ]);
  });

  test('reads the accessor of a param reference: key, index or [*]', () => {
    const refs = findVariables('$(params.url) $(params.list[*]) $(params.obj.key) $(params.list[0]) $(params.s.a.b) $(params.o.k[*]) $(params[\'l\'][2])');
    expect(refs.map(r => [r.name, r.key, r.index, r.star, r.unseen])).toEqual([
      ['url', undefined, undefined, undefined, undefined], ['list', undefined, undefined, true, undefined], ['obj', 'key', undefined, undefined, undefined],
      ['list', undefined, 0, undefined, undefined], ['s', 'a.b', undefined, undefined, undefined], ['o', 'k', undefined, undefined, undefined],
      ['l', undefined, 2, undefined, true],
    ]);
  });

  test('reads param references as Tekton\'s webhook regex does (pkg/substitution braceMatchingRegex)', () => {
    // a bracket key or a dot name followed by a bracket key: the whole text is the (undeclared) param name
    expect(findVariables('$(params["o"]["k"]) $(params.o["k"])').map(r => r.name)).toEqual(['o"]["k', 'o["k"]']);
    // the bracket form with an index or [*] is not matched by the webhook: unseen
    expect(findVariables('$(params["a"][0]) $(params[\'a\'][*])').map(r => [r.name, r.index, r.star, r.unseen])).toEqual([
      ['a', 0, undefined, true], ['a', undefined, true, true],
    ]);
    // the lazy match runs to the first `"])`, across another reference
    expect(findVariables('$(params["a"][0]) $(params["b"])').map(r => [r.name, r.unseen])).toEqual([['a"]) $(params["b', undefined]]); // after TrimArrayIndex
  });

  test('finds workspaces, results and task references, and ignores context, credentials and shell substitutions', () => {
    const refs = findVariables('$(workspaces.src.path) $(workspaces.c.bound) $(results.digest.path) $(tasks.build.results.IMAGE_DIGEST) $(tasks.build.status) $(context.taskRun.name) $(credentials.path) $(git rev-parse HEAD)');
    expect(refs.map(r => [r.kind, r.name, r.result])).toEqual([
      ['workspace', 'src', undefined], ['workspace', 'c', undefined], ['result', 'digest', undefined],
      ['task-result', 'build', 'IMAGE_DIGEST'], ['task-status', 'build', undefined],
    ]);
  });

  test('lists strings with their field paths', () => {
    expect(stringsIn({ a: ['x', { b: 'y' }], n: 1 }, 'spec')).toEqual([{ path: 'spec.a[0]', value: 'x' }, { path: 'spec.a[1].b', value: 'y' }]);
  });

  test('builds expressions', () => {
    expect(paramExpression('url')).toBe('$(params.url)');
    expect(paramExpression('a.b')).toBe('$(params["a.b"])');
    expect(workspacePath('src')).toBe('$(workspaces.src.path)');
    expect(resultPath('digest')).toBe('$(results.digest.path)');
    // found by test/property/build-task.test.ts: $(results.a.b.path) is no reference to result "a.b"
    expect(resultPath('a.b')).toBe('$(results["a.b"].path)');
  });
});
