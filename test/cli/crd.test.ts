import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt, ROOT as root } from './ensure-built';

const bin = path.join(root, 'lib/src/cli/main.js');
const fx = 'test/fixtures/validation/custom-sources';

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => ensureBuilt(bin));

describe('validate --crd', () => {
  test('--strict passes on custom sources whose CRDs are given', () => {
    const r = cli('validate', '--strict', '--crd', `${fx}/crds`, `${fx}/objects`);
    expect(r.err).toMatch(/4 objects in 1 file: all valid/);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  test('--crd is repeatable and takes files', () => {
    const r = cli('validate', '--strict', `--crd=${fx}/crds/rabbitmqsource.yaml`, '--crd', `${fx}/crds/cloudpubsubsource.yaml`, `${fx}/objects`);
    expect(r.code).toBe(0);
  });

  test('fails with --strict when the CRDs are not given', () => {
    const r = cli('validate', '--strict', `${fx}/objects`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/RabbitmqSource\/orders-queue: not checked: no schema is known for sources.knative.dev\/v1alpha1 RabbitmqSource/);
  });

  test('fails when only one of the CRDs is given', () => {
    const r = cli('validate', '--strict', '--crd', `${fx}/crds/rabbitmqsource.yaml`, `${fx}/objects`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/CloudPubSubSource\/orders-topic: not checked/);
    expect(r.out).not.toMatch(/RabbitmqSource/);
  });

  test('fails with a usage error when a --crd path holds no CRD', () => {
    const r = cli('validate', '--crd', `${fx}/objects`, `${fx}/objects`);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--crd: CRDs: .*objects: no CustomResourceDefinition found/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  test('fails with a usage error, without waiting, when a --crd path is a FIFO or a device', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crd-fifo-'));
    const fifo = path.join(dir, 'crds.yaml');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [bin, 'validate', '--crd', fifo, `${fx}/objects`], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--crd: CRDs: .*crds\.yaml: is not a regular file \(it is a FIFO\)/);
    const dev = spawnSync(process.execPath, [bin, 'validate', '--crd', '/dev/zero', `${fx}/objects`], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(dev.signal).toBeNull();
    expect(dev.status).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
