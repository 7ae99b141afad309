#!/usr/bin/env node
/**
 * The `cdk8s-knative` command. See `cdk8s-knative validate --help`.
 */
import { runCli } from './validate-command';

// A reader that stops early (`| head`) closes the pipe: stop quietly, keep the exit code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = runCli(process.argv.slice(2));
