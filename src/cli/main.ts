#!/usr/bin/env node
/**
 * The `cdk8s-knative` command. See `cdk8s-knative validate --help`,
 * `cdk8s-knative route --help` and `cdk8s-knative graph --help`.
 */
import { runGraph } from './graph-command';
import { runRoute } from './route-command';
import { CliIo, runCli } from './validate-command';

// A reader that stops early (`| head`) closes the pipe: stop quietly, keep the exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const io: CliIo = { out: text => process.stdout.write(text), err: text => process.stderr.write(text) };
const [command, ...rest] = process.argv.slice(2);
process.exitCode = command === 'route' ? runRoute(rest, io) : command === 'graph' ? runGraph(rest, io) : runCli(process.argv.slice(2));
