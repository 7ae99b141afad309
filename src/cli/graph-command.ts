/**
 * `cdk8s-knative graph [--format mermaid|dot|svg] <file|dir>...`: draws the
 * topology of the manifests (sources, Brokers, Channels, Triggers with their
 * filters, Subscriptions, subscribers, Sequences, Parallels, and the serving
 * side with traffic percentages). Exit codes: 0 drawn, 2 usage error or
 * unreadable input.
 */
import { EventRouter } from '../routing/event-router';
import { readManifests } from './read-manifests';
import { FlagError, parseFlags } from './route-command';
import { CliIo, ExitCode } from './validate-command';

export const GRAPH_USAGE = `Usage: cdk8s-knative graph [--format mermaid|dot|svg] <file|dir>...

Draws the event and traffic topology of the Kubernetes objects in the files
and folders given: sources -> Brokers/Channels -> Triggers (labelled with their
filters) and Subscriptions -> subscribers, Sequences and Parallels (dashed:
replies, filters and dead-letter sinks), DomainMappings and Routes ->
Revisions with their traffic percentages. Writes to standard output.

Options:
  -f, --format <format> mermaid (default; renders in pull requests), dot (Graphviz) or svg (laid out offline)
  -h, --help            show this help

Exit codes: 0 drawn, 2 usage error or unreadable input.
`;

/** Runs `graph` with its arguments (after the command name); returns the exit code. */
export function runGraph(args: readonly string[], io: CliIo): ExitCode {
  try {
    const { flags, inputs, help } = parseFlags(args, ['--format'], { '-f': '--format' });
    if (help) {
      io.out(GRAPH_USAGE);
      return ExitCode.VALID;
    }
    const format = flags['--format'] ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot' && format !== 'svg') throw new FlagError(`--format must be mermaid, dot or svg, not ${JSON.stringify(format)}`);
    if (inputs.length === 0) throw new FlagError('no files or folders to draw');
    const read = readManifests(inputs);
    if (read.errors.length > 0) {
      io.err(read.errors.map(e => `cdk8s-knative: ${e}\n`).join(''));
      return ExitCode.USAGE;
    }
    const router = EventRouter.fromManifests(read.manifests);
    const graph = router.graph();
    io.out(format === 'mermaid' ? graph.toMermaid() : format === 'dot' ? graph.toDot() : graph.toSvg());
    for (const w of router.warnings()) io.err(`cdk8s-knative: warning: ${w.objectId}: ${w.message}\n`);
    return ExitCode.VALID;
  } catch (e) {
    if (e instanceof FlagError) {
      io.err(`cdk8s-knative: ${e.message}\nRun "cdk8s-knative graph --help" for usage.\n`);
      return ExitCode.USAGE;
    }
    io.err(`cdk8s-knative: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.USAGE;
  }
}
