import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findCrdDirectory, SchemaRegistry } from '../../src/validation/schema';

const ROOT = path.resolve(__dirname, '../..');

describe('the CRD index (imports/crds/index.json)', () => {
  test('is up to date with the vendored CRDs', () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts/index-crds.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  test('finds the same schemas as reading every file', () => {
    const all = new SchemaRegistry();
    const known = all.knownKinds().filter(k => k.split('/').length === 3 && k.split('/')[0].includes('.'));
    expect(known.length).toBeGreaterThan(40);
    const indexed = new SchemaRegistry();
    const missing = known.filter(k => {
      const [group, version, kind] = k.split('/');
      return !indexed.has(`${group}/${version}`, kind);
    });
    expect(missing).toEqual([]);
    // Every schema came from its indexed document; no file was read whole.
    expect((indexed as unknown as { loadedFiles: Set<string> }).loadedFiles.size).toBe(0);
  });

  test('is ignored when it does not match the folder, which is then scanned', () => {
    const src = findCrdDirectory();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-knative-crds-'));
    fs.cpSync(src, dir, { recursive: true });
    // Same size, other content: the index points into the wrong place, and the file is read whole.
    const broker = path.join(dir, 'knative-eventing/broker.yaml');
    const text = fs.readFileSync(broker, 'utf8');
    const header = text.slice(0, text.indexOf('apiVersion:'));
    fs.writeFileSync(broker, `${text.slice(header.length)}${'#'.repeat(header.length - 1)}\n`);
    expect(fs.statSync(broker).size).toBe(Buffer.byteLength(text));
    const registry = new SchemaRegistry(dir);
    expect(registry.has('eventing.knative.dev/v1', 'Broker')).toBe(true);
    expect((registry as unknown as { loadedFiles: Set<string> }).loadedFiles).toEqual(new Set([broker]));
    // An added file makes the index stale as a whole.
    fs.writeFileSync(path.join(dir, 'extra.yaml'), 'kind: ConfigMap\n');
    expect(new SchemaRegistry(dir).has('eventing.knative.dev/v1', 'Trigger')).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
