/**
 * `cdk8s-knative route` and `cdk8s-knative graph` on the example stack's
 * dist/: text and JSON output, every content mode of the event file, exit
 * codes (0 valid event, 1 invalid event, 2 usage or unreadable input).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runGraph } from '../../src/cli/graph-command';
import { runRoute } from '../../src/cli/route-command';
import { ensureBuilt, ROOT } from './ensure-built';

const FX = path.join(ROOT, 'test/routing/fixtures');
const DIST = path.join(ROOT, 'dist');
const BROKER = 'Broker/js-event-example/default';

function run(fn: typeof runRoute, ...args: string[]) {
  let out = '';
  let err = '';
  const code = fn(args, { out: t => { out += t; }, err: t => { err += t; } });
  return { code, out, err };
}
const route = (...args: string[]) => run(runRoute, ...args);
const graph = (...args: string[]) => run(runGraph, ...args);

describe('cdk8s-knative route', () => {
  test('an event sent to the example Broker lists the Triggers that match it', () => {
    const r = route('--event', path.join(FX, 'ping.json'), '--to', BROKER, DIST);
    expect(r.code).toBe(0);
    expect(r.out).toBe([
      'Broker/js-event-example/default -> Trigger/js-event-example/ping-to-service -> Service/js-event-example/js-example-svc',
      '    note: depends on what Service/js-event-example/js-example-svc answers: an event in its response goes back into Broker/js-event-example/default, where the Triggers filter it again',
      '',
    ].join('\n'));
    expect(r.err).toBe('');
  });

  test('exit 0 for a valid event that matches no Trigger, which is listed as undelivered', () => {
    const r = route('--event', path.join(FX, 'kube-event.json'), '--to', BROKER, DIST);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Broker/js-event-example/default: not delivered: no Trigger of Broker/js-event-example/default matches the event (ping-to-service)\n');
  });

  test('JSON output has the event, the deliveries and the undelivered paths', () => {
    const r = route('--event', path.join(FX, 'ping.json'), '--to', 'InMemoryChannel/js-event-example/example-channel', '--output', 'json', DIST);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      event: {
        specversion: '1.0', id: '8f3c2a10-ping', source: '/apis/v1/namespaces/js-event-example/pingsources/heartbeat',
        type: 'dev.knative.sources.ping', time: '2024-05-01T12:00:00Z', datacontenttype: 'application/json',
      },
      deliveries: [
        { via: ['InMemoryChannel/js-event-example/example-channel', 'Subscription/js-event-example/to-service'], to: 'Service/js-event-example/js-example-svc' },
        { via: ['InMemoryChannel/js-event-example/example-channel', 'Subscription/js-event-example/to-service-with-dls'], to: 'Service/js-event-example/js-example-svc' },
      ],
      undelivered: [],
    });
  });

  test('a raw HTTP request in binary mode is read like the JSON event', () => {
    const r = route('--event', path.join(FX, 'ping-binary.http'), '--to', BROKER, '-o', 'json', DIST);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.event.id).toBe('8f3c2a10-binary');
    expect(out.deliveries.map((d: { to: string }) => d.to)).toEqual(['Service/js-event-example/js-example-svc']);
  });

  test('a batched request routes each event; JSON output is a list', () => {
    const r = route('--event', path.join(FX, 'batch.http'), '--to', BROKER, '--output=json', DIST);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.map((x: { event: { id: string }; deliveries: unknown[] }) => [x.event.id, x.deliveries.length])).toEqual([['b1', 1], ['b2', 0]]);
    const text = route('--event', path.join(FX, 'batch.http'), '--to', BROKER, DIST).out;
    expect(text).toMatch(/^event b1:\nBroker\/js-event-example\/default -> Trigger/);
    expect(text).toContain('event b2:\nBroker/js-event-example/default: not delivered');
  });

  test('fails when the event is invalid: exit 1, each attribute named', () => {
    const r = route('--event', path.join(FX, 'invalid.json'), '--to', BROKER, DIST);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe([
      `cdk8s-knative: ${path.join(FX, 'invalid.json')}: attribute id: must be a non-empty string`,
      `cdk8s-knative: ${path.join(FX, 'invalid.json')}: attribute time: "yesterday" is not an RFC 3339 timestamp such as 2024-05-01T12:00:00Z (upper-case T and Z, as Knative's SDK reads it)`,
      '',
    ].join('\n'));
  });

  test('fails when arguments are missing or wrong, or input is unreadable: exit 2', () => {
    expect(route('--to', BROKER, DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/--event <file> is required/) });
    expect(route('--event', path.join(FX, 'ping.json'), DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/--to <Kind>\/<namespace>\/<name> is required/) });
    expect(route('--event', path.join(FX, 'ping.json'), '--to', 'default', DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/expected Kind\/namespace\/name/) });
    expect(route('--event', path.join(FX, 'ping.json'), '--to', 'Broker/js-event-example/nope', DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/no such Addressable in the manifests; they have .*Broker\/js-event-example\/default/) });
    expect(route('--event', path.join(FX, 'nope.json'), '--to', BROKER, DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/cannot read: no such file/) });
    expect(route('--event', path.join(FX, 'ping.json'), '--to', BROKER, path.join(FX, 'missing-dir'))).toMatchObject({ code: 2 });
    expect(route('--event', path.join(FX, 'ping.json'), '--to', BROKER, '--output', 'xml', DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/--output must be text or json/) });
    expect(route('--bogus')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown option --bogus/) });
  });

  test('fails without waiting when --event is a FIFO or a device, or links outside its folder: exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-event-'));
    const fifo = path.join(dir, 'event.json');
    spawnSync('mkfifo', [fifo]);
    expect(route('--event', fifo, '--to', BROKER, DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/--event .*event\.json: is not a regular file \(it is a FIFO\)/) });
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    expect(route('--event', path.join(dir, 'zero.json'), '--to', BROKER, DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/zero\.json: is a symbolic link to a path outside/) });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--help prints the usage and exits 0', () => {
    expect(route('--help')).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdk8s-knative route --event <file> --to/) });
  });
});

describe('cdk8s-knative graph', () => {
  test('writes Mermaid, DOT and SVG for the example stack', () => {
    const mermaid = graph(DIST);
    expect(mermaid.code).toBe(0);
    expect(mermaid.out).toMatch(/^flowchart LR\n/);
    expect(mermaid.out).toContain('["Trigger ping-to-service<br/>type = dev.knative.sources.ping"]');
    const dot = graph('--format', 'dot', DIST);
    expect(dot.out).toMatch(/^digraph topology \{/);
    expect(dot.out).toContain('"Service/js-event-example/js-example-svc" -> "Revision/js-event-example/js-example-svc-v1" [label="80% tag stable"];');
    const svg = graph('--format=svg', DIST);
    expect(svg.code).toBe(0);
    expect(svg.out).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.out).toContain('>Trigger ping-to-service</text>');
  });

  test('the committed docs/topology.svg is the example stack\'s current picture', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs/topology.svg'), 'utf8')).toBe(graph('--format', 'svg', DIST).out);
  });

  test('the README shows the example stack\'s current Mermaid graph', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('![Topology of the example stack](docs/topology.svg)');
    expect(readme).toContain(`\`\`\`mermaid\n${graph(DIST).out}\`\`\``);
  });

  test('fails when the format is unknown or there is no input: exit 2', () => {
    expect(graph('--format', 'png', DIST)).toMatchObject({ code: 2, err: expect.stringMatching(/--format must be mermaid, dot or svg, not "png"/) });
    expect(graph()).toMatchObject({ code: 2, err: expect.stringMatching(/no files or folders to draw/) });
  });
});

describe('the installed command', () => {
  const bin = path.join(ROOT, 'lib/src/cli/main.js');
  beforeAll(() => {
    ensureBuilt(bin);
    // ensureBuilt watches the engine and the CLI; rebuild when the routing sources are newer.
    const newest = Math.max(...fs.readdirSync(path.join(ROOT, 'src/routing')).map(f => fs.statSync(path.join(ROOT, 'src/routing', f)).mtimeMs));
    const built = path.join(ROOT, 'lib/src/routing/engine.js');
    if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newest) {
      spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.dev.json')], { cwd: ROOT, stdio: 'ignore' });
    }
  }, 180_000);

  test('dispatches route and graph, keeping validate', () => {
    const r = spawnSync(process.execPath, [bin, 'route', '--event', path.join(FX, 'ping.json'), '--to', BROKER, DIST], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Broker/js-event-example/default -> Trigger/js-event-example/ping-to-service -> Service/js-event-example/js-example-svc');
    const g = spawnSync(process.execPath, [bin, 'graph', DIST], { encoding: 'utf8' });
    expect(g.status).toBe(0);
    expect(g.stdout).toMatch(/^flowchart LR/);
    const bad = spawnSync(process.execPath, [bin, 'route', '--event', path.join(FX, 'invalid.json'), '--to', BROKER, DIST], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(spawnSync(process.execPath, [bin, 'nonsense'], { encoding: 'utf8' }).status).toBe(2);
  });
});
