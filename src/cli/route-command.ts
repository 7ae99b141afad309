/**
 * `cdk8s-knative route --event <file> --to <Kind>/<namespace>/<name> [--output json] <file|dir>...`:
 * sends a CloudEvent through the manifests with Knative's routing semantics
 * and lists every delivery. Exit codes: 0 the event is valid (whatever it
 * matches), 1 the event is invalid, 2 usage error or unreadable input.
 */
import { EventData } from '../routing/event-model';
import { eventsFromText } from '../routing/event-parse';
import { CloudEvent } from '../routing/cloud-event';
import { EventRouter, RoutingResult } from '../routing/event-router';
import { readFileArgument, readManifests } from './read-manifests';
import { CliIo, ExitCode } from './validate-command';

export const ROUTE_USAGE = `Usage: cdk8s-knative route --event <file> --to <Kind>/<namespace>/<name> [options] <file|dir>...

Sends a CloudEvent to an Addressable (a Broker, a Channel of any kind, a
Sequence, a Parallel or a Service) of the Kubernetes objects in the files and
folders given, and prints every delivery, with the semantics of Knative's
default broker class (Trigger filters including CESQL, Channel subscriptions,
Sequence steps, Parallel branches, replies, dead-letter sinks):
  Broker/demo/default -> Trigger/demo/orders -> Service/demo/billing
Where the path depends on what a service answers, a note says so.

The event file holds a CloudEvent or a batch in the JSON format, or a raw
HTTP/1.1 request (request line, headers, blank line, body) in binary,
structured or batched mode.

Options:
  --event <file>        the event (required)
  --to <target>         Kind/namespace/name of the Addressable that receives it (required),
                        e.g. Broker/demo/default, InMemoryChannel/demo/orders, Sequence/demo/checkout
  -o, --output <format> text (default) or json
  -h, --help            show this help

Exit codes: 0 the event is valid (whatever it matches), 1 the event is invalid,
2 usage error or unreadable input.
`;

class UsageError extends Error {}

interface RouteOptions {
  readonly event?: string;
  readonly to?: string;
  readonly output: 'text' | 'json';
  readonly inputs: string[];
  readonly help: boolean;
}

/** Largest event file read. */
const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** Parses the arguments shared by `route` and `graph`: flags with values, `--flag=value`, `--`. */
export function parseFlags(args: readonly string[], withValue: readonly string[], aliases: Record<string, string> = {}): { flags: Record<string, string>; inputs: string[]; help: boolean } {
  const flags: Record<string, string> = {};
  const inputs: string[] = [];
  let help = false;
  let onlyInputs = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyInputs || !arg.startsWith('-') || arg === '-') {
      if (arg === '-') throw new UsageError('reading from standard input is not supported; give files or folders');
      inputs.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyInputs = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    let flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    flag = aliases[flag] ?? flag;
    if (!withValue.includes(flag)) throw new UsageError(`unknown option ${flag}`);
    let value: string;
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    if (flags[flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    flags[flag] = value;
  }
  return { flags, inputs, help };
}

export { UsageError as FlagError };

function parseRouteArgs(args: readonly string[]): RouteOptions {
  const { flags, inputs, help } = parseFlags(args, ['--event', '--to', '--output'], { '-o': '--output' });
  const output = flags['--output'] ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output must be text or json, not ${JSON.stringify(output)}`);
  if (!help) {
    if (flags['--event'] === undefined) throw new UsageError('--event <file> is required');
    if (flags['--to'] === undefined) throw new UsageError('--to <Kind>/<namespace>/<name> is required');
    if (!/^[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(flags['--to'])) {
      throw new UsageError(`--to ${JSON.stringify(flags['--to'])}: expected Kind/namespace/name, e.g. Broker/demo/default`);
    }
    if (inputs.length === 0) throw new UsageError('no files or folders with the manifests');
  }
  return { event: flags['--event'], to: flags['--to'], output, inputs, help };
}

function readEventFile(file: string): Buffer {
  const read = readFileArgument(file, MAX_EVENT_BYTES);
  if (!Buffer.isBuffer(read)) throw new UsageError(`--event ${read.file}: ${read.message}`);
  return read;
}

/** One line per delivery (`A -> B -> C`), an indented note under it, then the paths that end nowhere. */
export function formatRouting(result: RoutingResult): string {
  const lines: string[] = [];
  for (const d of result.deliveries) {
    lines.push([...d.via, d.to].join(' -> '));
    if (d.note) lines.push(`    note: ${d.note}`);
  }
  for (const u of result.undelivered) lines.push(`${u.via.join(' -> ')}: not delivered: ${u.reason}`);
  return lines.map(l => `${l}\n`).join('');
}

/** Runs `route` with its arguments (after the command name); returns the exit code. */
export function runRoute(args: readonly string[], io: CliIo): ExitCode {
  try {
    const options = parseRouteArgs(args);
    if (options.help) {
      io.out(ROUTE_USAGE);
      return ExitCode.VALID;
    }
    const raw = readEventFile(options.event!);
    const read = readManifests(options.inputs);
    if (read.errors.length > 0) {
      io.err(read.errors.map(e => `cdk8s-knative: ${e}\n`).join(''));
      return ExitCode.USAGE;
    }
    const router = EventRouter.fromManifests(read.manifests);
    if (!router.addressables().includes(options.to!)) {
      const known = router.addressables();
      throw new UsageError(`--to ${options.to}: no such Addressable in the manifests${known.length ? `; they have ${known.join(', ')}` : ' (they have none)'}`);
    }
    const parsed = eventsFromText(raw);
    if (parsed.errors.length > 0) {
      io.err(parsed.errors.map(e => `cdk8s-knative: ${options.event}: ${e}\n`).join(''));
      return ExitCode.INVALID;
    }
    if (parsed.events.length === 0) {
      io.err(`cdk8s-knative: ${options.event}: the batch holds no events\n`);
    }
    const results = parsed.events.map((e: EventData) => router.send(CloudEvent._fromData(e), options.to!));
    if (options.output === 'json') {
      const shape = (r: RoutingResult) => ({ event: r.eventAttributes, deliveries: r.deliveries, undelivered: r.undelivered });
      const value = parsed.mode === 'batched' ? results.map(shape) : shape(results[0]);
      io.out(`${JSON.stringify(value, null, 2)}\n`);
    } else {
      io.out(results.map(r => (results.length > 1 || parsed.mode === 'batched' ? `event ${r.eventAttributes.id}:\n` : '') + formatRouting(r)).join(''));
    }
    for (const w of router.warnings()) io.err(`cdk8s-knative: warning: ${w.objectId}: ${w.message}\n`);
    return ExitCode.VALID;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-knative: ${e.message}\nRun "cdk8s-knative route --help" for usage.\n`);
      return ExitCode.USAGE;
    }
    io.err(`cdk8s-knative: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.USAGE;
  }
}
