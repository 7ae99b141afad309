import { Yaml } from 'cdk8s';
import { ChartValueSchema, ValueConstraint } from './chart-value';

/**
 * The values of a chart as a tree: leaves are values (chart values or component
 * toggles), inner nodes group them by the dotted path. Renders `values.yaml`,
 * `values.schema.json` and the README table.
 */

/** One leaf of the values tree. */
export interface ValueLeaf {
  /** Dotted path, e.g. `api.image`. */
  readonly path: string;
  readonly schema: ChartValueSchema;
  /** The default; undefined for a secret. */
  readonly defaultValue: unknown;
  readonly secret: boolean;
  /**
   * Rules the constructs that use the value set on it (e.g. a Kafka topic's
   * pattern), each an `allOf` entry of its schema.
   * @default - none
   */
  readonly rules?: readonly ValueConstraint[];
}

interface Node {
  leaf?: ValueLeaf;
  children: Map<string, Node>;
}

/** Builds the tree; throws when one path is both a value and a group. */
export function valuesTree(leaves: readonly ValueLeaf[]): Node {
  const root: Node = { children: new Map() };
  for (const leaf of leaves) {
    let node = root;
    const parts = leaf.path.split('.');
    for (const part of parts) {
      if (node.leaf) throw new Error(`values: ${leaf.path} is under ${node.leaf.path}, which is a value, not a group`);
      const next = node.children.get(part) ?? { children: new Map() };
      node.children.set(part, next);
      node = next;
    }
    if (node.leaf || node.children.size > 0) throw new Error(`values: ${leaf.path} is defined twice or is also a group`);
    node.leaf = leaf;
  }
  return root;
}

function sortedChildren(node: Node): Array<[string, Node]> {
  return [...node.children.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `values.yaml`: defaults with their descriptions as comments; secrets commented out. */
export function renderValuesYaml(root: Node, header: string): string {
  const lines: string[] = inertText(header, true).split('\n').map(l => (l ? `# ${l}` : '#'));
  const emit = (node: Node, indent: string) => {
    for (const [key, child] of sortedChildren(node)) {
      if (child.leaf) {
        const leaf = child.leaf;
        if (lines.length > 0 && !lines[lines.length - 1].endsWith(':')) lines.push('');
        for (const l of wrap(inertText(leaf.schema.description ?? '', true))) lines.push(`${indent}# ${l}`);
        const constraints = describeConstraints(leaf.schema);
        if (constraints) lines.push(`${indent}# (${inertText(constraints)})`);
        for (const r of leaf.rules ?? []) {
          for (const l of wrap(inertText(`${r.field} of ${r.where}: ${r.allowed}`, true))) lines.push(`${indent}# ${l}`);
        }
        if (leaf.secret) {
          lines.push(`${indent}# SECRET, required at install; no default is kept here. Pass it with --set ${leaf.path}=... or a values file kept out of git.`);
          lines.push(`${indent}# ${key}:`);
        } else {
          lines.push(...yamlEntry(key, leaf.defaultValue, indent));
        }
      } else {
        lines.push('', `${indent}${key}:`);
        emit(child, `${indent}  `);
      }
    }
  };
  emit(root, '');
  return lines.join('\n') + '\n';
}

/**
 * Characters that end a line for some YAML parser (Helm's go-yaml breaks lines
 * at NEL, LS and PS too) or that a terminal interprets: C0 and C1 controls
 * except tab and newline, DEL, U+2028, U+2029.
 */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `s` with every character of {@link UNSAFE_TEXT} (and newlines unless `keepNewlines`) written as a `\uXXXX` escape. */
export function inertText(s: string, keepNewlines = false): string {
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const out = s.replace(UNSAFE_TEXT, escape);
  return keepNewlines ? out : out.replace(/\n/g, escape);
}

/** True when `s` holds a character that some YAML parser reads as a line break besides `\n` (or another control). */
export function hasUnsafeText(s: string): boolean {
  return new RegExp(UNSAFE_TEXT.source).test(s);
}

function yamlEntry(key: string, value: unknown, indent: string): string[] {
  // a value holding NEL/LS/PS (line breaks for go-yaml): JSON is YAML, with those characters escaped
  if (hasUnsafeText(JSON.stringify(value) ?? '')) return [`${indent}${key}: ${inertText(JSON.stringify(value))}`];
  const text = Yaml.stringify({ [key]: value }).trimEnd();
  return text.split('\n').map(l => `${indent}${l}`);
}

function wrap(text: string, width = 100): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    if (line) out.push(line);
  }
  return out;
}

/** `type, minimum 1, maximum 10, one of a|b, pattern ^x$`. */
export function describeConstraints(schema: ChartValueSchema): string {
  const parts: string[] = [schema.items ? `${schema.type} of ${schema.items.type}` : schema.type];
  if (schema.minimum !== undefined) parts.push(`minimum ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`maximum ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`min length ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`max length ${schema.maxLength}`);
  if (schema.enum) parts.push(`one of ${schema.enum.map(v => JSON.stringify(v)).join(', ')}`);
  if (schema.pattern !== undefined) parts.push(`pattern ${schema.pattern}`);
  return parts.join(', ');
}

/**
 * `values.schema.json` (JSON Schema draft-07): every value required, groups
 * closed (`additionalProperties: false`) so a misspelt key is an error.
 */
export function renderValuesSchema(root: Node, title: string): string {
  const toSchema = (node: Node): any => {
    if (node.leaf) {
      const s: any = { ...node.leaf.schema };
      if (node.leaf.secret) s.minLength ??= s.type === 'string' ? 1 : undefined;
      const rules = node.leaf.rules ?? [];
      if (rules.length > 0) s.allOf = rules.map(r => ({ description: `${r.field} of ${r.where}: ${r.allowed}`, ...r.schema }));
      return JSON.parse(JSON.stringify(s));
    }
    const children = sortedChildren(node);
    const properties: Record<string, unknown> = {};
    for (const [key, child] of children) properties[key] = toSchema(child);
    return { type: 'object', additionalProperties: false, properties, required: children.map(([k]) => k) };
  };
  const body = toSchema(root);
  // Helm hands a parent chart's `global` values to a chart used as a dependency; allow it at the top.
  body.properties.global ??= { type: 'object', description: 'Values Helm shares with subcharts; not used by this chart.' };
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title, ...body };
  return JSON.stringify(sortKeysDeep(schema), undefined, 2) + '\n';
}

function sortKeysDeep(x: any): any {
  if (Array.isArray(x)) return x.map(sortKeysDeep);
  if (typeof x === 'object' && x !== null) {
    const out: any = {};
    for (const k of Object.keys(x).sort()) out[k] = sortKeysDeep(x[k]);
    return out;
  }
  return x;
}

/** Markdown table rows of all leaves. */
export function valuesTableRows(root: Node): string[] {
  const rows: string[] = [];
  const visit = (node: Node) => {
    for (const [, child] of sortedChildren(node)) {
      if (child.leaf) {
        const l = child.leaf;
        const def = l.secret ? '(secret, required)' : `\`${JSON.stringify(l.defaultValue)}\``;
        const rules = (l.rules ?? []).map(r => `; ${r.field} of ${r.where}: ${r.allowed}`).join('');
        rows.push(`| \`${l.path}\` | ${cell(describeConstraints(l.schema) + rules)} | ${cell(def)} | ${cell(l.schema.description ?? '')} |`);
      } else {
        visit(child);
      }
    }
  };
  visit(root);
  return rows;
}

function cell(s: string): string {
  return inertText(s.replace(/\n/g, ' ')).replace(/\|/g, '\\|');
}
