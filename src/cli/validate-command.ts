/**
 * `cdk8s-knative validate <file|dir>...`: validates Kubernetes YAML/JSON
 * with the three layers of the engine. Exit codes: 0 every object valid,
 * 1 some object invalid, 2 usage error or unreadable input.
 */
import * as fs from 'fs';
import { DEFAULT_CLUSTER_CONFIG, loadClusterConfig, withFeatures } from '../validation/config';
import { formatProblem, hasErrors, NOT_CHECKED_RULE, validateManifests } from '../validation/engine';
import { ClusterSettings, Problem } from '../validation/types';
import { readCrds } from '../validation/crd-files';
import { CustomResourceSchemas } from '../validation/schema';
import { readManifests } from './read-manifests';

/** Where the command writes; the real process streams by default. */
export interface CliIo {
  /** Writes to standard output (the report). */
  out(text: string): void;
  /** Writes to standard error (usage errors, the summary). */
  err(text: string): void;
}

/** Exit codes of the CLI. */
export enum ExitCode {
  /** Every object is valid. */
  VALID = 0,
  /** At least one object is invalid. */
  INVALID = 1,
  /** Usage error, unreadable file or malformed input. */
  USAGE = 2,
}

/** The help text of the command. */
export const USAGE = `Usage: cdk8s-knative validate [options] <file|dir>...

Validates Kubernetes objects in YAML or JSON files (folders are searched for
.yaml, .yml and .json files) against their schemas, Knative's admission rules
and each other's references. Prints one line per problem:
  file[:doc] kind/name: path: message (hint)
where doc is the zero-based index of the YAML document in a multi-document file.

Options:
  --strict              objects of kinds with no known schema are errors (default: listed as not checked)
  --require-refs        references to objects outside the given files are errors (default: reported as unresolved)
  --config <file>       the cluster's settings: config-features / config-defaults / config-autoscaler
                        ConfigMaps, or a map with features / defaults / autoscaler sections
  --feature <name=value>  set a config-features flag (enabled, disabled, allowed); repeatable
  --crd <file|dir>      CustomResourceDefinitions to check custom kinds with (schema and CEL rules); repeatable
  -o, --output <format> text (default) or json
  -h, --help            show this help

Exit codes: 0 all valid, 1 some object invalid, 2 usage error or unreadable input.
`;

interface Options {
  readonly inputs: string[];
  readonly strict: boolean;
  readonly requireRefs: boolean;
  readonly output: 'text' | 'json';
  readonly configFile?: string;
  readonly features: Record<string, string>;
  readonly crds: string[];
  readonly help: boolean;
}

class UsageError extends Error {}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo = processIo()): ExitCode {
  try {
    if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
      (argv.length === 0 ? io.err : io.out)(USAGE);
      return argv.length === 0 ? ExitCode.USAGE : ExitCode.VALID;
    }
    if (argv[0] !== 'validate') throw new UsageError(`unknown command ${JSON.stringify(argv[0])}; the command is "validate"`);
    const options = parseArgs(argv.slice(1));
    if (options.help) {
      io.out(USAGE);
      return ExitCode.VALID;
    }
    return validate(options, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-knative: ${e.message}\nRun "cdk8s-knative validate --help" for usage.\n`);
      return ExitCode.USAGE;
    }
    io.err(`cdk8s-knative: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.USAGE;
  }
}

function validate(options: Options, io: CliIo): ExitCode {
  const config = clusterConfig(options);
  let customResources: CustomResourceSchemas | undefined;
  try {
    customResources = options.crds.length > 0 ? new CustomResourceSchemas(readCrds(options.crds)) : undefined;
  } catch (e) {
    throw new UsageError(`--crd: ${(e as Error).message}`);
  }
  const read = readManifests(options.inputs);
  if (read.errors.length > 0) {
    if (options.output === 'json') io.out(`${JSON.stringify({ valid: false, inputErrors: read.errors }, null, 2)}\n`);
    io.err(read.errors.map(e => `cdk8s-knative: ${e}\n`).join(''));
    return ExitCode.USAGE;
  }
  const problems = validateManifests(read.manifests, {
    config,
    sources: read.sources,
    strict: options.strict,
    requireRefs: options.requireRefs,
    customResources,
    referenceHint: options.requireRefs
      ? 'add the file that defines it to the command'
      : 'add the file that defines it to the command; unresolved references fail only with --require-refs',
  });
  const valid = !hasErrors(problems);
  const counts = summarize(problems);
  if (options.output === 'json') {
    io.out(`${JSON.stringify({
      valid,
      files: read.files,
      objects: read.manifests.length,
      errors: counts.errors,
      warnings: counts.warnings,
      notChecked: counts.notChecked,
      problems,
    }, null, 2)}\n`);
  } else {
    io.out(problems.map(p => `${formatProblem(p, 'cli')}\n`).join(''));
    io.err(`${summaryLine(read.manifests.length, read.files, counts)}\n`);
  }
  return valid ? ExitCode.VALID : ExitCode.INVALID;
}

function clusterConfig(options: Options): ClusterSettings {
  let config = DEFAULT_CLUSTER_CONFIG;
  if (options.configFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(options.configFile, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`--config ${options.configFile}: cannot read: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    try {
      config = loadClusterConfig(text);
    } catch (e) {
      throw new UsageError(`--config ${options.configFile}: ${(e as Error).message}`);
    }
  }
  if (Object.keys(options.features).length > 0) {
    try {
      config = withFeatures(config, options.features);
    } catch (e) {
      throw new UsageError(`--feature: ${(e as Error).message}`);
    }
  }
  return config;
}

function parseArgs(args: readonly string[]): Options {
  const inputs: string[] = [];
  const features: Record<string, string> = {};
  const crds: string[] = [];
  let strict = false;
  let requireRefs = false;
  let output: 'text' | 'json' = 'text';
  let configFile: string | undefined;
  let help = false;
  let onlyInputs = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyInputs || !arg.startsWith('-') || arg === '-') {
      if (arg === '-') throw new UsageError('reading from standard input is not supported; give files or folders');
      inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--':
        onlyInputs = true;
        break;
      case '-h': case '--help':
        help = true;
        break;
      case '--strict':
        strict = true;
        break;
      case '--require-refs':
        requireRefs = true;
        break;
      case '-o': case '--output': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--output must be text or json, not ${JSON.stringify(v)}`);
        output = v;
        break;
      }
      case '--config':
        configFile = value();
        break;
      case '--crd':
        crds.push(value());
        break;
      case '--feature': {
        const v = value();
        const at = v.indexOf('=');
        if (at <= 0 || at === v.length - 1) throw new UsageError(`--feature takes name=value (e.g. kubernetes.podspec-init-containers=enabled), not ${JSON.stringify(v)}`);
        features[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (!help && inputs.length === 0) throw new UsageError('no files or folders to validate');
  return { inputs, strict, requireRefs, output, configFile, features, crds, help };
}

interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly notChecked: { file?: string; doc?: number; kind: string; name: string }[];
}

function summarize(problems: readonly Problem[]): Counts {
  let errors = 0;
  let warnings = 0;
  const notChecked: Counts['notChecked'] = [];
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else warnings++;
    if (p.rule === NOT_CHECKED_RULE) {
      notChecked.push({ file: p.source?.file, doc: p.source?.doc, kind: `${p.object.apiVersion} ${p.object.kind}`, name: p.object.name });
    }
  }
  return { errors, warnings, notChecked };
}

function summaryLine(objects: number, files: number, c: Counts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const scope = `${plural(objects, 'object')} in ${plural(files, 'file')}`;
  const notChecked = c.notChecked.length > 0 ? `, ${c.notChecked.length} not checked` : '';
  if (c.errors === 0 && c.warnings === 0) return `${scope}: all valid`;
  return `${scope}: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}${notChecked}`;
}

function processIo(): CliIo {
  return {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
  };
}
