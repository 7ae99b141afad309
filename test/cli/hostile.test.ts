/**
 * The `validate` command on input written by anyone (a pull request in CI):
 * special files, links out of the tree, huge and deep YAML, control characters,
 * hostile flag values. Each case must end quickly, with a clear message and
 * exit 1 or 2, and `--output json` must stay one JSON document.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, ROOT as root } from './ensure-built';

const bin = path.join(root, 'lib/src/cli/main.js');
const fx = path.join(root, 'test/fixtures/validation');

interface Run { code: number | null; out: string; err: string; signal: NodeJS.Signals | null }

/** Runs the command; a run that blocks is killed after `timeoutMs` (and then fails every assertion on its code). */
function cli(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'knative-hostile-'));
}

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const VALID = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: b\n';
const SECRET = 's3cr3t-planted-value-7d1f';

/** The keys of the one JSON shape `--output json` prints. */
const JSON_KEYS = ['configWarnings', 'errors', 'exitCode', 'files', 'inputErrors', 'notChecked', 'objects', 'problems', 'skipped', 'usageError', 'valid', 'version', 'warnings'];

/** Parses stdout as exactly one JSON document of the documented shape, matching the exit code. */
function report(r: Run): any {
  const doc = JSON.parse(r.out);
  expect(Object.keys(doc).sort()).toEqual(JSON_KEYS);
  expect(doc.version).toBe(1);
  expect(doc.exitCode).toBe(r.code);
  expect(doc.valid).toBe(r.code === 0);
  return doc;
}

beforeAll(() => {
  ensureBuilt(bin);
  expect(fs.existsSync(bin)).toBe(true);
}, 120_000);

describe('special files are refused without blocking', () => {
  test('fails when a FIFO is given directly, found in a folder, or given as --config', () => {
    const dir = tmpdir();
    const fifo = path.join(dir, 'x.yaml');
    execFileSync('mkfifo', [fifo]);
    write(dir, 'good.yaml', VALID);

    const direct = cli(['validate', fifo], { timeoutMs: 15_000 });
    expect(direct.signal).toBeNull();
    expect(direct.code).toBe(2);
    expect(direct.err).toMatch(/x\.yaml: is not a regular file \(it is a FIFO\); only regular files are read/);

    // The FIFO is refused; the other file is still validated.
    const folder = cli(['validate', dir], { timeoutMs: 15_000 });
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/x\.yaml: is not a regular file \(it is a FIFO\)/);
    expect(folder.err).toMatch(/1 object in 1 file: all valid; 1 input not read/);

    const config = cli(['validate', '--config', fifo, path.join(dir, 'good.yaml')], { timeoutMs: 15_000 });
    expect(config.code).toBe(2);
    expect(config.err).toMatch(/--config .*x\.yaml: is not a regular file \(it is a FIFO\)/);
  });

  test('fails when a device is given, or linked from a folder', () => {
    const direct = cli(['validate', '/dev/zero'], { timeoutMs: 15_000 });
    expect(direct.code).toBe(2);
    expect(direct.err).toMatch(/\/dev\/zero: is not a regular file \(it is a character device\)/);

    const dir = tmpdir();
    write(dir, 'good.yaml', VALID);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    fs.symlinkSync('/dev/urandom', path.join(dir, 'random.yml'));
    const linked = cli(['validate', dir], { timeoutMs: 15_000 });
    expect(linked.code).toBe(2);
    expect(linked.err).toMatch(/zero\.yaml: is a symbolic link to a path outside the given folder/);
    expect(linked.err).toMatch(/random\.yml: is a symbolic link to a path outside the given folder/);
    expect(linked.err).toMatch(/1 object in 1 file: all valid; 2 inputs not read/);
  });

  test('fails when a file is larger than the limit, counted on the bytes read (a /proc file claims size 0)', () => {
    expect(fs.statSync('/proc/cpuinfo').size).toBe(0);
    const r = cli(['validate', '--max-file-size', '100', '/proc/cpuinfo']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cpuinfo: file is too large \(at most 100 bytes are read; see --max-file-size\)/);
    const dir = tmpdir();
    const big = write(dir, 'big.yaml', `${VALID}# ${'x'.repeat(2000)}\n`);
    expect(cli(['validate', '--max-file-size=1KiB', big]).err).toMatch(/big\.yaml: file is too large \(at most 1024 bytes/);
    expect(cli(['validate', '--max-file-size=1MiB', big]).code).toBe(0);
  });
});

describe('symbolic links are followed only inside the given paths', () => {
  test('fails when a link leads out of the given folder, and never prints what it points at', () => {
    const outside = tmpdir();
    write(outside, 'secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  token: ${SECRET}\n  bad: 1\n`);
    const dir = tmpdir();
    write(dir, 'good.yaml', VALID);
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'escape.yaml'));
    fs.symlinkSync(outside, path.join(dir, 'escape-dir'));
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/escape\.yaml: is a symbolic link to a path outside the given folder .*; links are followed only within it/);
    expect(r.err).toMatch(/escape-dir: is a symbolic link to a path outside the given folder/);
    expect(`${r.out}${r.err}`).not.toContain(SECRET);
    expect(`${r.out}${r.err}`).not.toContain('Secret/x');
  });

  test('a link given directly is followed only inside the folder that holds it', () => {
    const outside = tmpdir();
    write(outside, 'app.yaml', VALID);
    const dir = tmpdir();
    fs.symlinkSync(path.join(outside, 'app.yaml'), path.join(dir, 'out.yaml'));
    write(dir, 'sub/app.yaml', VALID);
    fs.symlinkSync(path.join(dir, 'sub/app.yaml'), path.join(dir, 'in.yaml'));
    expect(cli(['validate', path.join(dir, 'out.yaml')]).err).toMatch(/out\.yaml: is a symbolic link to a path outside/);
    expect(cli(['validate', 'in.yaml'], { cwd: dir })).toMatchObject({ code: 0, err: '1 object in 1 file: all valid\n' });
  });

  test('links inside the folder are followed, each file read once, and a link loop ends', () => {
    const dir = tmpdir();
    write(dir, 'a/app.yaml', VALID);
    fs.symlinkSync(path.join(dir, 'a/app.yaml'), path.join(dir, 'same.yaml'));
    fs.symlinkSync(dir, path.join(dir, 'a/loop'));
    const r = cli(['validate', dir], { timeoutMs: 15_000 });
    expect(r).toMatchObject({ code: 0, err: '1 object in 1 file: all valid\n' });
  });
});

describe('bounded time and memory on 16 MB of any shape', () => {
  const M = 16 * 1024 * 1024 - 4096;
  const shapes: Record<string, () => string> = {
    'one long line': () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  n: 1\n  k: "${'x'.repeat(M)}"\n`,
    'one long autoscaling number': () => 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  template:\n    metadata:\n      annotations:\n'
      + `        autoscaling.knative.dev/target: "${'1'.repeat(M / 2)}x"\n    spec:\n      containers:\n      - image: x\n`,
    'deep flow nesting': () => `a: ${'['.repeat(M / 2)}${']'.repeat(M / 2)}\n`,
    'deep block nesting': () => `${'- '.repeat(M / 2)}x\n`,
    'many documents': () => '---\n'.repeat(M / 4),
    'many objects': () => Array.from({ length: 9000 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: ${i === 8999 ? 1 : `"${'v'.repeat(1700)}"`}\n`).join('---\n'),
    'a long sequence': () => `apiVersion: v1\nkind: List\nitems:\n${'- 1\n'.repeat(M / 4)}`,
    'an alias bomb': () => {
      let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 30; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      return `${text}apiVersion: v1\nkind: ConfigMap\n${`# ${'p'.repeat(1000)}\n`.repeat(M / 1004 - 1)}`;
    },
  };

  test.each(Object.keys(shapes))('%s: exit 1 or 2 within the timeout, under 1 GiB RSS', shape => {
    const dir = tmpdir();
    const file = write(dir, 'input.yaml', shapes[shape]());
    expect(fs.statSync(file).size).toBeLessThanOrEqual(16 * 1024 * 1024);
    // A wrapper reports the peak RSS of the real command.
    const wrapper = write(dir, 'wrapper.js', `process.on('exit', () => process.stderr.write('\\nRSS_KB=' + process.resourceUsage().maxRSS + '\\n'));\nrequire(${JSON.stringify(bin)});\n`);
    const r = spawnSync(process.execPath, [wrapper, 'validate', '--output', 'json', file], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
    expect(r.signal).toBeNull();
    expect([1, 2]).toContain(r.status);
    const rss = Number(/RSS_KB=(\d+)/.exec(r.stderr)?.[1]);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(1024 * 1024);
    report({ code: r.status, out: r.stdout, err: r.stderr, signal: r.signal });
  }, 90_000);

  test('fails with a clear message for each cap', () => {
    const dir = tmpdir();
    const run = (name: string, text: string) => cli(['validate', write(dir, name, text)]);
    expect(run('docs.yaml', '---\n'.repeat(10_001)).err).toMatch(/docs\.yaml: has more than 10000 YAML documents; split it into smaller files/);
    expect(run('nodes.yaml', '- 1\n'.repeat(1_000_001)).err).toMatch(/nodes\.yaml: has more than 1000000 YAML nodes/);
    expect(run('deep.yaml', `a: ${'['.repeat(300)}${']'.repeat(300)}\n`).err).toMatch(/deep\.yaml: nesting is deeper than 200 levels/);
    expect(run('bomb.yaml', 'a: &a [1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n').err)
      .toMatch(/bomb\.yaml: cannot read YAML: Excessive alias count/);
  });
});

describe('output cannot be forged', () => {
  test('text output escapes newlines and escape codes in names, messages and paths', () => {
    const dir = tmpdir();
    const forged = 'evil\n/ok.yaml ConfigMap/fine: all good\u001b[2K\r';
    const file = write(dir, 'x\nforged.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${JSON.stringify(forged)}\ndata:\n  k: 1\n`);
    const r = cli(['validate', file]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/x\\nforged\.yaml /);
    expect(r.out).toContain('evil\\n/ok.yaml ConfigMap/fine: all good\\x1b[2K\\r');
    expect(`${r.out}${r.err}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('input errors and warnings are escaped too', () => {
    const dir = tmpdir();
    write(dir, 'a\u001b[31m.yaml', Buffer.from([0xff, 0xfe, 0x00]));
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('a\\x1b[31m.yaml: not a text file');
    expect(r.err).not.toContain('\u001b');
  });
});

describe('--output json is always one document of one shape', () => {
  test.each([
    ['a usage error', ['validate', '--output', 'json', '--bogus', fx]],
    ['no inputs', ['validate', '-o', 'json']],
    ['an unknown command', ['check', '--output=json', fx]],
    ['a bad flag value', ['validate', '--output=json', '--strict=maybe', fx]],
    ['a missing file', ['validate', '--output=json', 'no-such.yaml']],
    ['an unreadable --config', ['validate', '--output=json', '--config', 'no-such.yaml', `${fx}/valid`]],
    ['a bad feature flag', ['validate', '--output=json', '--feature', 'multi-container=maybe', `${fx}/valid`]],
  ])('%s: exit 2 with usageError or inputErrors', (_, args) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
    const doc = report(r);
    expect(doc.usageError !== null || doc.inputErrors.length > 0).toBe(true);
  });

  test('malformed input: exit 2, the other files validated', () => {
    const r = cli(['validate', '--output', 'json', `${fx}/malformed.yaml`, `${fx}/invalid.yaml`]);
    const doc = report(r);
    expect(doc).toMatchObject({ exitCode: 2, usageError: null, objects: 2, errors: 3 });
    expect(doc.inputErrors).toEqual([{ file: expect.stringMatching(/fixtures\/validation\/malformed\.yaml$/), message: expect.stringMatching(/^malformed YAML at line \d+, column \d+/) }]);
  });

  test('valid and invalid input: exit 0 and 1', () => {
    expect(report(cli(['validate', '--output', 'json', `${fx}/valid`]))).toMatchObject({ exitCode: 0, objects: 6, problems: [], inputErrors: [] });
    expect(report(cli(['validate', '--output', 'json', `${fx}/invalid.yaml`]))).toMatchObject({ exitCode: 1, errors: 3 });
  });
});

describe('flags parse like a CLI user expects', () => {
  test('boolean flags take true/false/yes/no/1/0', () => {
    const unknownKind = `${fx}/unknown-kind.yaml`;
    expect(cli(['validate', '--strict=false', unknownKind]).code).toBe(0);
    expect(cli(['validate', '--strict=no', unknownKind]).code).toBe(0);
    expect(cli(['validate', '--strict=0', unknownKind]).code).toBe(0);
    expect(cli(['validate', '--strict=yes', unknownKind]).code).toBe(1);
    expect(cli(['validate', '--strict=TRUE', unknownKind]).code).toBe(1);
    expect(cli(['validate', '--require-refs=no', `${fx}/unresolved.yaml`]).code).toBe(0);
    expect(cli(['validate', '--require-refs=1', `${fx}/unresolved.yaml`]).code).toBe(1);
  });

  test('fails when a boolean flag has another value', () => {
    const r = cli(['validate', '--strict=maybe', `${fx}/valid`]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--strict takes true, false, yes, no, 1 or 0, not "maybe"/);
  });

  test('fails when a flag is unknown, with a "did you mean"', () => {
    expect(cli(['validate', '--stirct', `${fx}/valid`]).err).toMatch(/unknown option --stirct; did you mean --strict\?/);
    expect(cli(['validate', '--require-ref', `${fx}/valid`]).err).toMatch(/did you mean --require-refs\?/);
    expect(cli(['validate', '--max-file-size', '12 apples', `${fx}/valid`]).err).toMatch(/--max-file-size takes a size from 1 byte to 256MiB/);
    expect(cli(['validate', '--max-file-size=1GiB', `${fx}/valid`]).code).toBe(2);
  });

  test('--config takes the stock config-features ConfigMap with its _example key', () => {
    const r = cli(['validate', '--config', `${fx}/config-features-stock.yaml`, `${fx}/valid`]);
    expect(r).toMatchObject({ code: 0, err: '6 objects in 3 files: all valid\n' });
    // Eventing's config-features holds values that are not flags.
    const dir = tmpdir();
    const eventing = write(dir, 'eventing.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config-features\n  namespace: knative-eventing\ndata:\n'
      + '  default-authorization-mode: "allow-same-namespace"\n  transport-encryption: "disabled"\n  new-apiserversource-filters: "enabled"\n  delivery-timeout: "enabled"\n');
    expect(cli(['validate', '--config', eventing, `${fx}/valid`])).toMatchObject({ code: 0, err: '6 objects in 3 files: all valid\n' });
  });

  test('unknown features and mistyped keys are warnings with a "did you mean"', () => {
    const dir = tmpdir();
    const config = write(dir, 'config.yaml', [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: config-features', 'data:',
      '  kubernetes.podspec-init-container: enabled', '  transport-encryption: strict', '---',
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: config-defaults', 'data:', '  revision-timeout-second: "30"', '',
    ].join('\n'));
    const r = cli(['validate', '--config', config, '--feature', 'multi-containers=enabled', `${fx}/init-containers.yaml`]);
    expect(r.code).toBe(1);
    // each names the file, the document, the object and the key path
    expect(r.err).toMatch(/warning: --config .*config\.yaml: document 0 \(ConfigMap\/config-features\): data\.kubernetes\.podspec-init-container: unknown feature "kubernetes.podspec-init-container" \(did you mean "kubernetes.podspec-init-containers"\?\); it is ignored/);
    expect(r.err).toMatch(/warning: --config .*config\.yaml: document 1 \(ConfigMap\/config-defaults\): data\.revision-timeout-second: unknown key \(did you mean "revision-timeout-seconds"\?\); it is ignored/);
    expect(r.err).toMatch(/warning: --feature: unknown feature "multi-containers" \(did you mean "multi-container"\?\)/);
    const json = report(cli(['validate', '-o', 'json', '--config', config, `${fx}/valid`]));
    expect(json.configWarnings).toHaveLength(2);
  });

  test('--ignore skips files and folders by glob', () => {
    const dir = tmpdir();
    write(dir, 'app/good.yaml', VALID);
    write(dir, 'app/broken.yaml', 'a: [');
    write(dir, 'charts/x/templates/t.yaml', '{{ .Values.x }}: [');
    write(dir, 'app/gen/bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n');
    expect(cli(['validate', dir]).code).toBe(2);
    const r = cli(['validate', '--ignore', 'broken.yaml', '--ignore=charts', '--ignore', 'app/gen/**', dir]);
    expect(r).toMatchObject({ code: 0, err: '1 object in 1 file: all valid\n' });
    expect(cli(['validate', '--ignore', '*', `${fx}/valid`]).err).toMatch(/no Kubernetes objects found in the given files/);
  });

  test('files with no Kubernetes objects are skipped with a warning; a run with no object at all fails', () => {
    const dir = tmpdir();
    write(dir, 'good.yaml', VALID);
    write(dir, 'values.yaml', 'replicaCount: 1\nimage:\n  repository: nginx\n');
    write(dir, 'comments.yaml', '# nothing here\n---\n');
    const r = cli(['validate', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*values\.yaml: skipped: holds no Kubernetes objects \(its mappings have no apiVersion and no kind/);
    expect(r.err).toMatch(/warning: .*comments\.yaml: skipped: holds no Kubernetes objects \(the file is empty or only comments\)/);
    const only = cli(['validate', path.join(dir, 'values.yaml')]);
    expect(only.code).toBe(2);
    expect(only.err).toMatch(/no Kubernetes objects found in the given files \(1 skipped/);
  });

  test('one unreadable file does not stop the others, and the exit code says so', () => {
    const dir = tmpdir();
    write(dir, 'binary.yaml', Buffer.from([0x00, 0x01, 0x02]));
    write(dir, 'broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  k: 1\n');
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/broken\.yaml ConfigMap\/broken: data\.k: 1 is an integer, must be string/);
    expect(r.err).toMatch(/binary\.yaml: not a text file/);
    expect(r.err).toMatch(/1 object in 1 file: 1 error, 0 warnings; 1 input not read/);
  });
});
