/**
 * `cdk8s-knative validate <file|dir>...`: validates Kubernetes YAML/JSON
 * with the three layers of the engine. Exit codes: 0 every object valid,
 * 1 some object invalid, 2 usage error or unreadable input.
 */
import { escapeControl } from '../core/text';
import { readCrds } from '../validation/crd-files';
import { CustomResourceSchemas } from '../validation/schema';
import { closestName, DEFAULT_CLUSTER_CONFIG, loadClusterConfigReport, unknownFeatureWarnings, withFeatures } from '../validation/config';
import { formatProblem, hasErrors, NOT_CHECKED_RULE, validateManifests } from '../validation/engine';
import { ClusterSettings, Problem } from '../validation/types';
import { DEFAULT_MAX_FILE_BYTES, InputIssue, MAX_DEPTH, MAX_DOCUMENTS, MAX_FILE_BYTES_LIMIT, MAX_NODES, readManifests, readTextFile } from './read-manifests';

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
.yaml, .yml and .json files; hidden folders and node_modules are skipped)
against their schemas, Knative's admission rules and each other's references.
Prints one line per problem:
  file[:doc] kind/name: path: message (hint)
where doc is the zero-based index of the YAML document in a multi-document file.
Control characters in names, paths and messages are printed escaped (\\n, \\x1b).

Options:
  --strict[=BOOL]       objects of kinds with no known schema are errors (default: listed as not checked)
  --require-refs[=BOOL] references to objects outside the given files are errors (default: reported as unresolved)
                        BOOL is true, false, yes, no, 1 or 0
  --config <file>       the cluster's settings: the config-features / config-defaults / config-autoscaler
                        ConfigMaps as shipped, the Knative Operator's KnativeServing / KnativeEventing
                        (spec.config; other objects in the file are skipped, so the file of an app's
                        platform will do), or a map with features / defaults / autoscaler sections;
                        unknown features and keys are warnings
  --feature <name=value>  set a config-features flag (enabled, disabled, allowed); repeatable
  --crd <file|dir>      CustomResourceDefinitions to check custom kinds with (schema and CEL rules); repeatable
  --ignore <glob>       skip files and folders that match (* ? and **; without a / the pattern matches
                        a file or folder name at any depth); repeatable
  --max-file-size <size>  refuse larger files: bytes, or with KiB / MiB (default: 16MiB, at most 256MiB)
  -o, --output <format> text (default) or json: one JSON document on stdout, whatever the exit code
  -h, --help            show this help

Inputs: only regular files are read; FIFOs, devices and sockets are refused. A symbolic link is
followed only when its target lies inside the given folder it was found in (for a path given here,
inside the folder that holds it). Every file is refused beyond the size limit, beyond
${MAX_DOCUMENTS} YAML documents, ${MAX_NODES} nodes or ${MAX_DEPTH} levels of nesting. A file that holds no
Kubernetes objects (empty, only comments, or mappings with neither apiVersion nor kind, such as a
Helm values.yaml) is skipped with a warning; a run that finds no object at all exits 2.

Exit codes: 0 all valid, 1 some object invalid, 2 usage error or unreadable input (an input that
cannot be read or is refused is reported, and the other inputs are still validated).
`;

type OutputFormat = 'text' | 'json';

interface Options {
  readonly inputs: string[];
  readonly strict: boolean;
  readonly requireRefs: boolean;
  readonly output: OutputFormat;
  readonly configFile?: string;
  readonly features: Record<string, string>;
  readonly ignore: string[];
  readonly crds: string[];
  readonly maxFileBytes: number;
  readonly help: boolean;
}

/** The flags the command knows, for "did you mean". */
const FLAGS = ['--strict', '--require-refs', '--config', '--feature', '--crd', '--ignore', '--max-file-size', '--output', '--help'];

class UsageError extends Error {}

/**
 * The one JSON document `--output json` prints, for every exit code. Fields
 * that do not apply are `0`, `[]` or `null`, never missing.
 */
interface JsonReport {
  /** The shape's version; bumped only when a field changes meaning. */
  readonly version: 1;
  /** The process exit code: 0 valid, 1 invalid, 2 usage error or unreadable input. */
  readonly exitCode: ExitCode;
  /** True exactly when `exitCode` is 0. */
  readonly valid: boolean;
  /** The usage error, when the command line was wrong; nothing was read then. */
  readonly usageError: string | null;
  /** Files read (skipped ones included). */
  readonly files: number;
  /** Objects validated. */
  readonly objects: number;
  /** Problems with severity error. */
  readonly errors: number;
  /** Problems with severity warning. */
  readonly warnings: number;
  /** Objects of kinds with no known schema. */
  readonly notChecked: Counts['notChecked'];
  /** Every problem found. */
  readonly problems: readonly Problem[];
  /** Inputs that could not be read or were refused: `{ file, message }`. */
  readonly inputErrors: readonly InputIssue[];
  /** Files and documents that hold no Kubernetes objects: `{ file, message }`. */
  readonly skipped: readonly InputIssue[];
  /** Ignored `--config` / `--feature` keys, each with a "did you mean". */
  readonly configWarnings: readonly string[];
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo = processIo()): ExitCode {
  const json = wantsJson(argv);
  const usageError = (message: string): ExitCode => {
    if (json) {
      io.out(jsonReport({ exitCode: ExitCode.USAGE, usageError: message }));
    } else {
      io.err(`cdk8s-knative: ${escapeControl(message)}\nRun "cdk8s-knative validate --help" for usage.\n`);
    }
    return ExitCode.USAGE;
  };
  try {
    if (argv.length === 0) {
      if (json) return usageError('no command; the command is "validate"');
      io.err(USAGE);
      return ExitCode.USAGE;
    }
    if (argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help') {
      io.out(USAGE);
      return ExitCode.VALID;
    }
    if (argv[0] !== 'validate') {
      throw new UsageError(`unknown command ${JSON.stringify(argv[0])}; the command is "validate"`);
    }
    const options = parseArgs(argv.slice(1));
    if (options.help) {
      io.out(USAGE);
      return ExitCode.VALID;
    }
    return validate(options, io);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message);
    // Never a stack trace: the message only.
    const message = e instanceof Error ? e.message : String(e);
    if (json) {
      io.out(jsonReport({ exitCode: ExitCode.USAGE, usageError: message }));
    } else {
      io.err(`cdk8s-knative: ${escapeControl(message)}\n`);
    }
    return ExitCode.USAGE;
  }
}

/** True when the command line asks for JSON, read before anything else so that even a usage error is JSON. */
function wantsJson(argv: readonly string[]): boolean {
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if ((a === '-o' || a === '--output') && argv[i + 1] !== undefined) json = argv[++i] === 'json';
    else if (a.startsWith('--output=')) json = a.slice('--output='.length) === 'json';
    else if (a.startsWith('-o=')) json = a.slice(3) === 'json';
  }
  return json;
}

function jsonReport(r: Partial<JsonReport> & { exitCode: ExitCode }): string {
  const report: JsonReport = {
    version: 1,
    exitCode: r.exitCode,
    valid: r.exitCode === ExitCode.VALID,
    usageError: r.usageError ?? null,
    files: r.files ?? 0,
    objects: r.objects ?? 0,
    errors: r.errors ?? 0,
    warnings: r.warnings ?? 0,
    notChecked: r.notChecked ?? [],
    problems: r.problems ?? [],
    inputErrors: r.inputErrors ?? [],
    skipped: r.skipped ?? [],
    configWarnings: r.configWarnings ?? [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function validate(options: Options, io: CliIo): ExitCode {
  const { config, warnings: configWarnings } = clusterConfig(options);
  let customResources: CustomResourceSchemas | undefined;
  try {
    customResources = options.crds.length > 0 ? new CustomResourceSchemas(readCrds(options.crds)) : undefined;
  } catch (e) {
    throw new UsageError(`--crd: ${(e as Error).message}`);
  }
  const read = readManifests(options.inputs, { maxFileBytes: options.maxFileBytes, ignore: options.ignore });
  const inputErrors = [...read.errors];
  if (read.manifests.length === 0 && inputErrors.length === 0) {
    const skipped = read.skipped.length > 0 ? ` (${read.skipped.length} skipped: no apiVersion and kind)` : '';
    inputErrors.push({ file: options.inputs.join(' '), message: `no Kubernetes objects found in the given files${skipped}` });
  }
  const problems = read.manifests.length === 0 ? [] : validateManifests(read.manifests, {
    config,
    customResources,
    sources: read.sources,
    strict: options.strict,
    requireRefs: options.requireRefs,
    referenceHint: options.requireRefs
      ? 'add the file that defines it to the command'
      : 'add the file that defines it to the command; unresolved references fail only with --require-refs',
  });
  const counts = summarize(problems);
  const exitCode = inputErrors.length > 0 ? ExitCode.USAGE : hasErrors(problems) ? ExitCode.INVALID : ExitCode.VALID;
  if (options.output === 'json') {
    io.out(jsonReport({
      exitCode,
      files: read.files,
      objects: read.manifests.length,
      errors: counts.errors,
      warnings: counts.warnings,
      notChecked: counts.notChecked,
      problems,
      inputErrors,
      skipped: read.skipped,
      configWarnings,
    }));
    return exitCode;
  }
  const err: string[] = [];
  for (const w of configWarnings) err.push(`cdk8s-knative: warning: ${w}`);
  for (const s of read.skipped) err.push(`cdk8s-knative: warning: ${s.file}: ${s.message}`);
  for (const e of inputErrors) err.push(`cdk8s-knative: ${e.file}: ${e.message}`);
  io.out(problems.map(p => `${escapeControl(formatProblem(p, 'cli'))}\n`).join(''));
  if (read.manifests.length > 0) {
    const unread = inputErrors.length > 0 ? `; ${inputErrors.length} input${inputErrors.length === 1 ? '' : 's'} not read` : '';
    err.push(`${summaryLine(read.manifests.length, read.files, counts)}${unread}`);
  }
  io.err(err.map(line => `${escapeControl(line)}\n`).join(''));
  return exitCode;
}

function clusterConfig(options: Options): { config: ClusterSettings; warnings: string[] } {
  let config = DEFAULT_CLUSTER_CONFIG;
  const warnings: string[] = [];
  if (options.configFile !== undefined) {
    const text = readTextFile(options.configFile, Math.min(options.maxFileBytes, MAX_CONFIG_BYTES));
    if (typeof text !== 'string') throw new UsageError(`--config ${text.file}: ${text.message}`);
    try {
      const report = loadClusterConfigReport(text);
      config = report.settings;
      warnings.push(...report.warnings.map(w => `--config ${options.configFile}: ${w}`));
    } catch (e) {
      throw new UsageError(`--config ${options.configFile}: ${(e as Error).message}`);
    }
  }
  if (Object.keys(options.features).length > 0) {
    warnings.push(...unknownFeatureWarnings(Object.keys(options.features)).map(w => `--feature: ${w}`));
    try {
      config = withFeatures(config, options.features);
    } catch (e) {
      throw new UsageError(`--feature: ${(e as Error).message}`);
    }
  }
  return { config, warnings };
}

/** A cluster config is a few ConfigMaps: larger files are refused (the config parser is the slow, exact one). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** `true`/`false` from a flag value, as a CLI user writes it. */
function parseBool(flag: string, value: string): boolean {
  switch (value.toLowerCase()) {
    case 'true': case 'yes': case '1': return true;
    case 'false': case 'no': case '0': return false;
    default:
      throw new UsageError(`${flag} takes true, false, yes, no, 1 or 0, not ${JSON.stringify(value)}`);
  }
}

/** Bytes from `--max-file-size`: a number, or with `KiB`/`MiB`/`GiB` (also `K`/`M`/`G`, `Ki`/`Mi`/`Gi`; 1024-based). */
function parseSize(value: string): number {
  const m = /^(\d{1,12})\s?([KMG]?)(?:i?B?)$/i.exec(value.trim());
  const scale = m ? { '': 1, 'K': 1024, 'M': 1024 ** 2, 'G': 1024 ** 3 }[m[2].toUpperCase()] : undefined;
  const bytes = m && scale !== undefined ? Number(m[1]) * scale : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_FILE_BYTES_LIMIT) {
    throw new UsageError(`--max-file-size takes a size from 1 byte to 256MiB (e.g. 16MiB, 512KiB, 1000000), not ${JSON.stringify(value)}`);
  }
  return bytes;
}

function parseArgs(args: readonly string[]): Options {
  const inputs: string[] = [];
  const features: Record<string, string> = {};
  const ignore: string[] = [];
  const crds: string[] = [];
  let strict = false;
  let requireRefs = false;
  let output: OutputFormat = 'text';
  let configFile: string | undefined;
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  let help = false;
  let onlyInputs = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyInputs || !arg.startsWith('-') || arg === '-') {
      if (arg === '-' && !onlyInputs) throw new UsageError('reading from standard input is not supported; give files or folders');
      if (arg === '') throw new UsageError('an empty path was given');
      inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    const bool = (): boolean => (inline === undefined ? true : parseBool(flag, inline));
    switch (flag) {
      case '--':
        if (inline !== undefined) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
        onlyInputs = true;
        break;
      case '-h': case '--help':
        help = bool();
        break;
      case '--strict':
        strict = bool();
        break;
      case '--require-refs':
        requireRefs = bool();
        break;
      case '-o': case '--output': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--output must be text or json, not ${JSON.stringify(v)}`);
        output = v;
        break;
      }
      case '--config':
        if (configFile !== undefined) throw new UsageError('--config is given twice; give one file (it may hold several ConfigMaps)');
        configFile = value();
        if (configFile === '') throw new UsageError('--config needs a file');
        break;
      case '--feature': {
        const v = value();
        const at = v.indexOf('=');
        if (at <= 0 || at === v.length - 1) throw new UsageError(`--feature takes name=value (e.g. kubernetes.podspec-init-containers=enabled), not ${JSON.stringify(v)}`);
        features[v.slice(0, at).trim()] = v.slice(at + 1).trim();
        break;
      }
      case '--crd':
        crds.push(value());
        break;
      case '--ignore': {
        const v = value();
        if (v === '') throw new UsageError('--ignore needs a pattern');
        ignore.push(v);
        break;
      }
      case '--max-file-size':
        maxFileBytes = parseSize(value());
        break;
      default: {
        const near = flag.startsWith('--') ? closestName(flag, FLAGS) : undefined;
        throw new UsageError(`unknown option ${flag}${near ? `; did you mean ${near}?` : ''}`);
      }
    }
  }
  if (!help && inputs.length === 0) throw new UsageError('no files or folders to validate');
  return { inputs, strict, requireRefs, output, configFile, features, ignore, crds, maxFileBytes, help };
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
