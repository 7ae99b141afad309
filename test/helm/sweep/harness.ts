import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ChartValue, ClusterConfig, HelmChart } from '../../../src';
import { validateManifests } from '../../../src/validation/engine';

/**
 * The chart value sweep (issue 15): every prop of every public construct that
 * takes a string, number, list or map is either set from a chart value by the
 * construct's sweep entry, or listed with the reason it takes no chart value.
 * The props come from the jsii assembly, so a new prop fails the sweep until
 * its entry says what it does with a chart value.
 */

/** Makes chart values for one sweep app and remembers the `--set` overrides. */
export class Values {
  /** `--set` arguments of the overridden values. */
  public readonly sets: string[] = [];
  /** Text each override must put into the rendered objects. */
  public readonly expected: string[] = [];

  constructor(private readonly scope: Construct, private readonly prefix: string) {}

  /** A string value; `override` is set at template time and must appear in the output. */
  public str(key: string, defaultValue: string, override: string, options: { appears?: string } = {}): string {
    const v = ChartValue.stringValue(this.scope, this.path(key), { defaultValue });
    this.sets.push('--set-json', `${this.path(key)}=${JSON.stringify(override)}`);
    this.expected.push(options.appears ?? override);
    return v.asString();
  }

  /** An integer value used as a number. */
  public int(key: string, defaultValue: number, override: number, options: { appears?: string } = {}): number {
    const v = ChartValue.integerValue(this.scope, this.path(key), { defaultValue });
    this.sets.push('--set-json', `${this.path(key)}=${JSON.stringify(override)}`);
    this.expected.push(options.appears ?? String(override));
    return v.asNumber();
  }

  /** A number value used as a number. */
  public num(key: string, defaultValue: number, override: number, options: { appears?: string } = {}): number {
    const v = ChartValue.numberValue(this.scope, this.path(key), { defaultValue });
    this.sets.push('--set-json', `${this.path(key)}=${JSON.stringify(override)}`);
    this.expected.push(options.appears ?? String(override));
    return v.asNumber();
  }

  /** A list of strings used as a whole list. */
  public list(key: string, defaultValue: string[], override: string[]): string[] {
    const v = ChartValue.listValue(this.scope, this.path(key), { defaultValue });
    this.sets.push('--set-json', `${this.path(key)}=${JSON.stringify(override)}`);
    this.expected.push(...override);
    return v.asStringList();
  }

  /** A map (or any other value) written with its own type. */
  public obj(key: string, defaultValue: { [k: string]: any }, override: { [k: string]: any }, appears: string[]): any {
    const v = ChartValue.objectValue(this.scope, this.path(key), { defaultValue });
    this.sets.push('--set-json', `${this.path(key)}=${JSON.stringify(override)}`);
    this.expected.push(...appears);
    return v.asAny();
  }

  private path(key: string): string {
    return `${this.prefix}.${key}`;
  }
}

/** One construct's sweep entry. */
export interface ConstructSweep {
  /** The construct class name, as the assembly has it. */
  readonly construct: string;
  /**
   * Builds the construct (and what it needs) in `chart`, setting every prop
   * marked `'value'` in `props` from `values`.
   */
  readonly build: (chart: Chart, values: Values) => void;
  /**
   * Every string/number/list/map prop (dotted, `[]` for list items, as
   * {@link sweepPaths} lists them): `'value'` when `build` sets it from a
   * chart value, otherwise the reason it takes none.
   */
  readonly props: { readonly [path: string]: string };
  /**
   * The cluster the rendered objects are validated for (the features and
   * settings the app states).
   * @default ClusterConfig.DEFAULT
   */
  readonly clusterConfig?: ClusterConfig;
  /** `--set`s that must fail the chart, each with text the error must hold. */
  readonly refused?: ReadonlyArray<{ readonly sets: string[]; readonly error: string | RegExp }>;
}

/** The value marker of {@link ConstructSweep.props}. */
export const VALUE = 'value';

interface JsiiType {
  readonly kind: string;
  readonly datatype?: boolean;
  readonly interfaces?: string[];
  readonly properties?: Array<{ name: string; type: any; static?: boolean }>;
  readonly initializer?: { parameters?: Array<{ name: string; type: any }> };
}

let assembly: { types: Record<string, JsiiType> } | undefined;

function types(): Record<string, JsiiType> {
  assembly ??= JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '.jsii'), 'utf8'));
  return assembly!.types;
}

/** The public construct classes (a constructor taking scope, id and props). */
export function constructClasses(): string[] {
  return Object.entries(types())
    .filter(([, t]) => t.kind === 'class' && t.initializer?.parameters?.[0]?.name === 'scope' && t.initializer.parameters.length >= 3)
    .map(([fqn]) => fqn.split('.').pop()!)
    .sort();
}

function propertiesOf(fqn: string): Array<{ name: string; type: any }> {
  const t = types()[fqn];
  if (!t) return [];
  return [...(t.interfaces ?? []).flatMap(i => propertiesOf(i)), ...(t.properties ?? []).filter(p => !p.static)];
}

/**
 * The props of `construct` that could take a chart value: strings, numbers,
 * `any`, lists and maps of these, at any depth of the props' structs.
 */
export function sweepPaths(construct: string): string[] {
  const cls = types()[`cdk8s-knative.${construct}`];
  const propsType = cls?.initializer?.parameters?.[2]?.type?.fqn;
  if (!propsType) return [];
  const out: string[] = [];
  const visit = (fqn: string, prefix: string, seen: string[]) => {
    if (seen.includes(fqn) || seen.length > 4) return;
    for (const p of propertiesOf(fqn)) visitType(p.type, prefix ? `${prefix}.${p.name}` : p.name, [...seen, fqn]);
  };
  const visitType = (type: any, at: string, seen: string[]) => {
    if (type.primitive) {
      if (type.primitive !== 'boolean' && type.primitive !== 'date') out.push(at);
      return;
    }
    if (type.collection) {
      const el = type.collection.elementtype;
      if (el.primitive || el.collection) {
        if (el.primitive !== 'boolean') out.push(at);
        return;
      }
      visitType(el, `${at}[]`, seen);
      return;
    }
    if (type.fqn && types()[type.fqn]?.datatype) visit(type.fqn, at, seen);
  };
  visit(propsType, '', []);
  return [...new Set(out)].sort();
}

/** Builds the sweep app of one entry: one cdk8s Chart, values under `sweep.`. */
export function sweepApp(entry: ConstructSweep): { app: App; values: Values } {
  const app = new App({ resolvers: [ChartValue.resolver()] });
  const chart = new Chart(app, 'sweep', { namespace: 'sweep' });
  const values = new Values(chart, 'sweep');
  entry.build(chart, values);
  return { app, values };
}

/** Writes the chart of a sweep app. */
export function writeSweepChart(app: App, dir: string): string {
  return new HelmChart(app, { name: 'sweep' }).write(dir);
}

/** The errors the package's validator finds in rendered objects (warnings are left out). */
export function validationErrors(objects: any[], clusterConfig?: ClusterConfig): string[] {
  return validateManifests(objects, { config: (clusterConfig ?? ClusterConfig.DEFAULT)._settings })
    .filter(p => p.severity === 'error')
    .map(p => `${p.object.kind}/${p.object.name} ${p.path}: ${p.message}`);
}
