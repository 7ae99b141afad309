import { randomBytes } from 'crypto';
import { Yaml } from 'cdk8s';
import { tokenAwareString } from '../core/tokens';
import { ChartValue, ChartValueRegistry, ChartValueType, MarkerMatch, TemplateGuard } from './chart-value';
import { hasUnsafeText, inertText } from './values';

/**
 * Turns synthesized objects (resolved with chart value markers) into Helm
 * template text: every string holding a marker, and every literal string that
 * contains `{{`, becomes a template action with the quoting its type needs.
 */

/**
 * Placeholders stand in the YAML text for actions until it is written; each
 * render picks a random nonce that no string of the objects contains, so a
 * user string can never be taken for a placeholder.
 */
class Placeholders {
  public readonly prefix: string;
  public readonly sentinel: RegExp;
  public readonly labelsKey: string;
  public readonly labelsLine: RegExp;

  constructor(objects: readonly unknown[]) {
    const texts = collectStrings(objects);
    let nonce: string;
    do {
      nonce = randomBytes(8).toString('hex');
    } while (texts.some(t => t.includes(nonce)));
    this.prefix = `CDK8SHELM${nonce}`;
    this.sentinel = new RegExp(`${this.prefix}A(\\d+)X`, 'g');
    this.labelsKey = `${this.prefix}L`;
    this.labelsLine = new RegExp(`^( *)${this.labelsKey}: ${this.prefix}L(\\d+)X$`);
  }

  public action(id: number): string {
    return `${this.prefix}A${id}X`;
  }

  public labels(id: number): string {
    return `${this.prefix}L${id}X`;
  }
}

/** Every string (values and map keys) in `x`. */
function collectStrings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) x.forEach(item => collectStrings(item, out));
  else if (typeof x === 'object' && x !== null) {
    for (const [k, v] of Object.entries(x)) {
      out.push(k);
      collectStrings(v, out);
    }
  }
  return out;
}

/** The labels every templated object gets, with the action that renders each. */
export const STANDARD_LABELS: ReadonlyArray<readonly [string, (chart: string) => string]> = [
  ['helm.sh/chart', c => `{{ include "${c}.chart" . }}`],
  ['app.kubernetes.io/name', c => `{{ include "${c}.name" . }}`],
  ['app.kubernetes.io/instance', () => '{{ .Release.Name }}'],
  ['app.kubernetes.io/version', () => '{{ .Chart.AppVersion | quote }}'],
  ['app.kubernetes.io/managed-by', () => '{{ .Release.Service }}'],
];

/** Helm's annotation that keeps an object on uninstall, and when an upgrade no longer renders it. */
export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';

/**
 * True for objects the chart keeps out of harm with `helm.sh/resource-policy: keep`:
 * Namespaces (deleting one deletes everything inside, including what other
 * releases and Knative itself put there) and the Knative Operator's
 * KnativeServing / KnativeEventing (deleting one uninstalls Knative for every app).
 */
export function keptOnUninstall(o: { apiVersion?: unknown; kind?: unknown }): boolean {
  if (o.apiVersion === 'v1' && o.kind === 'Namespace') return true;
  return typeof o.apiVersion === 'string' && o.apiVersion.startsWith('operator.knative.dev/')
    && (o.kind === 'KnativeServing' || o.kind === 'KnativeEventing');
}

/** The label naming the component an object belongs to. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';

/** `.Values.a.b`, or a `required` check for a secret. */
export function valueRef(value: ChartValue): string {
  if (value._derivedFrom) return `(sub ${value._derivedFrom.total} (${valueRef(value._derivedFrom.base)} | int64))`;
  const ref = `.Values.${value.path}`;
  return value.secret
    ? `(required ${JSON.stringify(`${value.path} is a secret with no default: set it with --set or a values file`)} ${ref})`
    : ref;
}

/** The markers in `s`; none when the app has no chart values. */
export function findMarkers(registry: ChartValueRegistry | undefined, s: string): MarkerMatch[] {
  return registry ? registry._findMarkers(s) : [];
}

/** A template action producing a YAML scalar for `s` (a string holding markers or `{{`). */
export function scalarAction(registry: ChartValueRegistry | undefined, s: string): string {
  const markers = findMarkers(registry, s);
  const list = markers.find(m => m.list);
  if (list) throw new Error(`the list chart value ${list.value.path} was taken apart; pass asStringList() to a list prop unchanged`);
  if (markers.length === 1 && markers[0].text === s) {
    const m = markers[0];
    const ref = valueRef(m.value);
    if (m.raw) {
      switch (m.value.valueType) {
        case ChartValueType.INTEGER: return `{{ ${ref} | int64 }}`;
        case ChartValueType.NUMBER:
        case ChartValueType.BOOLEAN: return `{{ ${ref} }}`;
        case ChartValueType.STRING: break;
        default: throw new Error(`internal: ${m.value.path} needs a block action`);
      }
    }
    return `{{ ${stringArg(m)} | quote }}`;
  }
  if (markers.length === 0) return `{{ ${goString(s)} | quote }}`;
  return `{{ ${printfExpr(s, markers)} | quote }}`;
}

/**
 * True for a literal string that must go through a template action: one the
 * template engine would read (`{{`, `}}`), or one holding a character Helm's
 * YAML parser takes for a line break (NEL, LS, PS) or another control.
 */
function needsAction(s: string): boolean {
  return s.includes('{{') || s.includes('}}') || hasUnsafeText(s);
}

/** A Go template string literal of `s` (JSON escapes are Go escapes; NEL, LS, PS and C1 escaped too). */
function goString(s: string): string {
  return inertText(JSON.stringify(s));
}

/** Plain text (NOTES.txt): markers become unquoted actions, literal `{{` is escaped. */
export function textWithActions(registry: ChartValueRegistry | undefined, s: string): string {
  const markers = findMarkers(registry, s);
  const secret = markers.find(m => m.value.secret || m.value._derivedFrom?.base.secret);
  if (secret) throw new Error(`NOTES.txt: the secret chart value ${secret.value.path} is not allowed in text the chart prints at install`);
  let out = '';
  let at = 0;
  for (const m of markers) {
    out += escapeText(s.slice(at, m.index)) + `{{ ${stringArg(m)} }}`;
    at = m.index + m.text.length;
  }
  return out + escapeText(s.slice(at));
}

/** Literal text for a template: `{{` escaped, control characters and line breaks written as `\uXXXX`. */
export function escapeText(s: string): string {
  const inert = inertText(s);
  return inert.includes('{{') ? inert.replace(/\{\{/g, '{{ "{{" }}') : inert;
}

/** The value of a marker as a template pipeline argument that prints like plain synth's `String(default)`. */
function stringArg(m: MarkerMatch): string {
  const ref = valueRef(m.value);
  switch (m.value.valueType) {
    case ChartValueType.STRING: return ref;
    case ChartValueType.INTEGER: return `(${ref} | int64)`;
    case ChartValueType.LIST:
    case ChartValueType.OBJECT: return `(${ref} | toJson)`;
    default: return ref;
  }
}

function printfExpr(s: string, markers: MarkerMatch[]): string {
  let format = '';
  const args: string[] = [];
  let at = 0;
  for (const m of markers) {
    format += s.slice(at, m.index).replace(/%/g, '%%') + '%v';
    args.push(stringArg(m));
    at = m.index + m.text.length;
  }
  format += s.slice(at).replace(/%/g, '%%');
  return `printf ${goString(format)} ${args.join(' ')}`;
}

/**
 * The template lines that check `guards` when the chart renders: each fails
 * the install with the construct path, the prop, the chart values involved
 * and what is allowed, the same words as the construct's own error.
 */
export function renderGuards(registry: ChartValueRegistry, guards: readonly TemplateGuard[]): string[] {
  const lines: string[] = [];
  for (const g of guards) {
    const t = g.test;
    const texts = t.kind === 'pattern' ? [t.text] : t.kind === 'distinct' ? [...t.terms]
      : (t.kind === 'sum' ? t.terms : [t.left, t.right, ...(t.unless === undefined ? [] : [t.unless])]).map(n => tokenAwareString(n));
    const values: ChartValue[] = [];
    for (const m of texts.flatMap(x => findMarkers(registry, x))) {
      const base = m.value._derivedFrom?.base ?? m.value;
      if (!values.includes(base)) values.push(base);
    }
    // a secret's value is never printed
    const printed = values.some(v => v.secret) ? [] : values;
    const escape = (x: string) => x.replace(/%/g, '%%');
    const named = printed.length > 0 ? ` (${printed.map(v => `${v.path}=%v`).join(', ')})` : ` (${values.map(v => v.path).join(', ')})`;
    const format = `${escape(`[${g.scope.node.path}] ${g.field}: the chart values`)}${named}${escape(` make it not allowed; ${g.allowed}${lengthNote(t, g.allowed)}`)}`;
    const args = printed.map(v => ` ${stringArg({ value: v, text: '', index: 0, raw: false, list: false })}`).join('');
    let condition: string;
    if (t.kind === 'pattern') {
      // the text as plain synth writes it, against the rule's pattern and length; the length in characters,
      // as the schema counts it (Go's len counts bytes; splitList "" splits a string into its characters)
      const text = stringExpr(registry, t.text);
      const length = `(len (splitList "" ${text}))`;
      const fails = [
        ...(t.pattern !== undefined ? [`(not (regexMatch ${goString(t.pattern)} ${text}))`] : []),
        ...(t.maxLength !== undefined ? [`(gt ${length} ${t.maxLength})`] : []),
        ...(t.minLength !== undefined ? [`(lt ${length} ${t.minLength})`] : []),
      ];
      condition = fails.length === 1 ? fails[0].slice(1, -1) : `or ${fails.join(' ')}`;
    } else if (t.kind === 'distinct') {
      condition = `ne (len (uniq (list ${t.terms.map(x => stringExpr(registry, x)).join(' ')}))) ${t.terms.length}`;
    } else if (t.kind === 'sum') {
      condition = `ne (addf ${t.terms.map(n => numberArg(registry, n)).join(' ')}) (float64 ${t.total})`;
    } else {
      condition = `gt ${numberArg(registry, t.left)} ${numberArg(registry, t.right)}`;
      if (t.unless !== undefined) condition = `and (ne ${numberArg(registry, t.unless)} (float64 0)) (${condition})`;
    }
    lines.push(`{{- if ${condition} }}`, `{{- fail (printf ${goString(format)}${args}) }}`, '{{- end }}');
  }
  return lines;
}

/** The length a pattern test also holds, when the rule's own words do not say it. */
function lengthNote(t: TemplateGuard['test'], allowed: string): string {
  if (t.kind !== 'pattern' || (t.minLength === undefined && t.maxLength === undefined) || /\bcharacters\b/.test(allowed)) return '';
  const range = t.minLength !== undefined && t.maxLength !== undefined ? `${t.minLength} to ${t.maxLength} characters`
    : t.maxLength !== undefined ? `at most ${t.maxLength} characters` : `at least ${t.minLength} characters`;
  return ` (${range})`;
}

/** A template argument that prints `s` (a string holding markers, or a literal) as plain synth would. */
function stringExpr(registry: ChartValueRegistry, s: string): string {
  const ms = findMarkers(registry, s);
  if (ms.length === 0) return goString(s);
  return ms.length === 1 && ms[0].text === s ? `(toString ${stringArg(ms[0])})` : `(${printfExpr(s, ms)})`;
}

/** A template argument of a number: a literal, or `(float64 <value>)`. */
function numberArg(registry: ChartValueRegistry, n: number): string {
  const markers = findMarkers(registry, tokenAwareString(n));
  if (markers.length === 0) return `(float64 ${JSON.stringify(n)})`;
  return `(float64 ${valueRef(markers[0].value)})`;
}

/** Options of {@link renderTemplateDocs}. */
export interface RenderOptions {
  /** The chart name (prefix of the `_helpers.tpl` definitions). */
  readonly chartName: string;
  /** Component name for the `app.kubernetes.io/component` label. */
  readonly component: string;
  /** The app's chart values, which the markers stand for; undefined when the app has none. */
  readonly registry?: ChartValueRegistry;
}

/**
 * Renders objects (resolved with markers) into the YAML documents of a template
 * file, with the standard labels added to each object's metadata.
 */
export function renderTemplateDocs(objects: readonly any[], options: RenderOptions): string {
  const actions: Array<{ action?: string; block?: ChartValue }> = [];
  const labelLines: string[][] = [];
  const placeholders = new Placeholders(objects);

  const walk = (x: any, where: string): any => {
    if (typeof x === 'string') {
      const markers = findMarkers(options.registry, x);
      if (markers.length === 0 && !needsAction(x)) return x;
      const id = actions.length;
      if (markers.length === 1 && markers[0].text === x && markers[0].raw
          && (markers[0].value.valueType === ChartValueType.LIST || markers[0].value.valueType === ChartValueType.OBJECT)) {
        actions.push({ block: markers[0].value });
      } else {
        actions.push({ action: scalarAction(options.registry, x) });
      }
      return placeholders.action(id);
    }
    if (Array.isArray(x)) return x.map((item, i) => walk(item, `${where}[${i}]`));
    if (typeof x === 'object' && x !== null) {
      const out: any = {};
      for (const [k, v] of Object.entries(x)) {
        let key = k;
        const keyMarkers = findMarkers(options.registry, k);
        if (keyMarkers.some(m => m.raw || m.list)) {
          throw new Error(`${where}.${inertText(k)}: only string chart values can be used in a map key`);
        }
        if (keyMarkers.length > 0 || needsAction(k)) {
          key = placeholders.action(actions.length);
          actions.push({ action: scalarAction(options.registry, k) });
        }
        out[key] = walk(v, `${where}.${k}`);
      }
      return out;
    }
    return x;
  };

  const docs = objects.map(obj => {
    const o = walk(obj, `${obj.kind}/${obj.metadata?.name ?? ''}`);
    const labels: Record<string, unknown> = { ...(o.metadata?.labels ?? {}) };
    const own = new Set(Object.keys(labels));
    const lines: string[] = [];
    if (STANDARD_LABELS.some(([k]) => own.has(k))) {
      for (const [k, action] of STANDARD_LABELS) if (!own.has(k)) lines.push(`${k}: ${action(options.chartName)}`);
    } else {
      lines.push(`{{- include "${options.chartName}.labels" . | nindent INDENT }}`);
    }
    if (!own.has(COMPONENT_LABEL)) lines.push(`${COMPONENT_LABEL}: ${options.component}`);
    labels[placeholders.labelsKey] = placeholders.labels(labelLines.length);
    labelLines.push(lines);
    const metadata = { ...(o.metadata ?? {}), labels };
    if (keptOnUninstall(obj) && metadata.annotations?.[RESOURCE_POLICY_ANNOTATION] === undefined) {
      metadata.annotations = { ...metadata.annotations, [RESOURCE_POLICY_ANNOTATION]: 'keep' };
    }
    return { ...o, metadata };
  });

  const text = Yaml.stringify(...docs);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const label = placeholders.labelsLine.exec(line);
    if (label) {
      const indent = label[1];
      for (const l of labelLines[Number(label[2])]) {
        out.push(l.startsWith('{{-') ? `${indent}${l.replace('INDENT', String(indent.length))}` : `${indent}${l}`);
      }
      continue;
    }
    out.push(line.replace(placeholders.sentinel, (_sentinel, id, offset: number) => {
      const a = actions[Number(id)];
      if (a.action) return a.action;
      const prefix = line.slice(0, offset);
      const keyColumn = prefix.search(/[^ -]/);
      const indent = keyColumn < 0 ? prefix.length : keyColumn + 2;
      return `{{- toYaml ${valueRef(a.block!)} | nindent ${indent} }}`;
    }));
  }
  return out.join('\n');
}
