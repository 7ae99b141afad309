#!/usr/bin/env node
/**
 * The `cdk8s-knative` command. See `cdk8s-knative validate --help`.
 */
import { runCli } from './validate-command';

process.exitCode = runCli(process.argv.slice(2));
