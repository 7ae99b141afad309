#!/usr/bin/env node
/**
 * The `cdk8s-knative` command. See `cdk8s-knative validate --help`,
 * `cdk8s-knative route --help` and `cdk8s-knative graph --help`.
 */
import type { CliIo } from './validate-command';

// Each command's module is loaded only when it runs: `route` and `graph` load cdk8s and the
// constructs, which `validate` does not need.
/* eslint-disable @typescript-eslint/no-require-imports */
const commands = {
  route: (args: string[], out: CliIo) => (require('./route-command') as typeof import('./route-command')).runRoute(args, out),
  graph: (args: string[], out: CliIo) => (require('./graph-command') as typeof import('./graph-command')).runGraph(args, out),
  validate: (args: string[]) => (require('./validate-command') as typeof import('./validate-command')).runCli(args),
};
/* eslint-enable @typescript-eslint/no-require-imports */

// A reader that stops early (`| head`) closes the pipe: stop quietly, keep the exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const io: CliIo = { out: text => process.stdout.write(text), err: text => process.stderr.write(text) };
const [command, ...rest] = process.argv.slice(2);
process.exitCode = command === 'route' ? commands.route(rest, io) : command === 'graph' ? commands.graph(rest, io) : commands.validate(process.argv.slice(2));
