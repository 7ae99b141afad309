/**
 * The engine as a cdk8s validation plugin, for `cdk8s synth --validate`.
 * In a user's `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-knative
 *     version: 0.1.0
 *     class: KnativeValidation
 *     properties:
 *       features:
 *         kubernetes.podspec-init-containers: enabled
 * ```
 *
 * The plugin contract (`validate(context)`, `context.report`) is cdk8s-cli's;
 * the shapes used here are declared locally so this package does not need
 * cdk8s-cli at run time.
 */
import * as fs from 'fs';
import { DEFAULT_CLUSTER_CONFIG, loadClusterConfig, withFeatures } from './config';
import { formatProblem, validateManifests } from './engine';
import { Manifest, ManifestSource, Problem } from './types';

/** Properties of {@link KnativeValidation}, from `properties:` in `cdk8s.yaml`. */
export interface KnativeValidationProps {
  /**
   * Cluster settings file (the `--config` of the CLI): config-features /
   * config-defaults / config-autoscaler ConfigMaps, or a plain map.
   * @default - Knative's stock settings
   */
  readonly config?: string;
  /**
   * `config-features` flags, e.g. `{ 'kubernetes.podspec-init-containers': 'enabled' }`.
   * @default - none changed
   */
  readonly features?: { [key: string]: string };
  /**
   * Whether kinds with no known schema are violations.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Whether a reference to an object missing from the synthesized manifests
   * is a violation. Objects the app declared external are not in the
   * manifests, so this is off by default; the synth hook of this package
   * checks references with the externals known.
   * @default false
   */
  readonly requireRefs?: boolean;
}

/** An object violating a rule, as cdk8s-cli's `ValidationViolatingResource`. */
interface PluginViolatingResource {
  /** The object's `metadata.name`. */
  readonly resourceName: string;
  /** Field paths of the violations. */
  readonly locations: readonly string[];
  /** The manifest file holding the object. */
  readonly manifestPath: string;
}

/** One violated rule, as cdk8s-cli's `ValidationViolation`. */
interface PluginViolation {
  /** The rule id. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The objects violating the rule. */
  readonly violatingResources: readonly PluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationReport` the plugin uses. */
interface PluginReport {
  /** Adds a violation. */
  addViolation(violation: PluginViolation): void;
  /** Ends the report with its status. */
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** The part of cdk8s-cli's `ValidationLogger` the plugin uses. */
interface PluginLogger {
  /** Logs one message. */
  log(message: string): void;
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
interface PluginContext {
  /** Paths of the manifest files `cdk8s synth` wrote. */
  readonly manifests: readonly string[];
  /** Where violations are reported. */
  readonly report: PluginReport;
  /** Where messages that are not violations (warnings) go. */
  readonly logger: PluginLogger;
  /** The YAML documents of one manifest file. */
  parseManifest(manifestPath: string): any[];
}

/**
 * A cdk8s validation plugin running the three layers of the engine over the
 * manifests `cdk8s synth` wrote. Each violated rule becomes one violation
 * listing the objects and field paths; warnings are logged.
 */
export class KnativeValidation {
  private readonly props: KnativeValidationProps;

  /** @param props the `properties:` of the validation in `cdk8s.yaml` */
  constructor(props: KnativeValidationProps = {}) {
    this.props = props;
  }

  /**
   * Validates the synthesized manifests and submits the report: cdk8s-cli's
   * `Validation` contract, called by `cdk8s synth --validate` with its
   * `ValidationContext` (`manifests`, `report`, `logger`, `parseManifest()`).
   */
  public async validate(validationContext: any): Promise<void> {
    const context = validationContext as PluginContext;
    let config = DEFAULT_CLUSTER_CONFIG;
    if (this.props.config) {
      try {
        config = loadClusterConfig(fs.readFileSync(this.props.config, 'utf8'));
      } catch (e) {
        // the message names the document, object and key: the file comes first
        throw new Error(`config ${this.props.config}: ${(e as Error).message}`);
      }
    }
    if (this.props.features) config = withFeatures(config, this.props.features);

    const manifests: Manifest[] = [];
    const sources: ManifestSource[] = [];
    for (const file of context.manifests) {
      context.parseManifest(file).forEach((doc, i) => {
        for (const item of itemsOf(doc)) {
          manifests.push(item as Manifest);
          sources.push({ file, doc: i });
        }
      });
    }
    const problems = validateManifests(manifests, {
      config,
      sources,
      strict: this.props.strict ?? false,
      requireRefs: this.props.requireRefs ?? false,
    });

    const byRule = new Map<string, Problem[]>();
    for (const p of problems) {
      if (p.severity === 'warning') {
        context.logger.log(`cdk8s-knative: ${formatProblem(p, 'cli')}`);
        continue;
      }
      const list = byRule.get(p.rule) ?? [];
      list.push(p);
      byRule.set(p.rule, list);
    }
    for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      context.report.addViolation({
        ruleName: rule,
        recommendation: unique(list.map(p => p.message)).join('; '),
        fix: unique(list.map(p => p.hint ?? 'see the message')).join('; '),
        violatingResources: list.map(p => ({
          resourceName: p.object.name,
          locations: [p.path || '(object)'],
          manifestPath: p.source?.file ?? '',
        })),
      });
    }
    context.report.submit(byRule.size === 0 ? 'success' : 'failure', {
      objects: String(manifests.length),
      errors: String(problems.filter(p => p.severity === 'error').length),
    });
  }
}

/** Distinct items, at most `max` of them (a rule violated many times still reads well). */
function unique(items: readonly string[], max = 5): string[] {
  const all = [...new Set(items)];
  return all.length <= max ? all : [...all.slice(0, max), `and ${all.length - max} more`];
}

/** The objects of one YAML document: none, the object, or the items of a List or JSON array. */
function itemsOf(doc: unknown): unknown[] {
  if (doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc;
  const d = doc as Record<string, unknown>;
  if (d.apiVersion === 'v1' && typeof d.kind === 'string' && d.kind.endsWith('List') && Array.isArray(d.items)) return d.items;
  return [doc];
}
