/**
 * Runs a kind's CEL rules (`tree.ts`) on one object, as the API server does
 * when the object is created, and reports each failure as a `schema/cel`
 * violation:
 * - at the rule's node (`spec.ports`, `spec.selector.matchLabels.app`), or at
 *   its `fieldPath` below the node;
 * - with the rule's `message`, else its `messageExpression`'s result (a
 *   non-empty single line), else `failed rule: <rule>`; the hint shows the rule;
 * - a rule that errors on the value (`int('x')`, an index out of range, a
 *   missing field) is reported as Kubernetes does: `<error> evaluating rule: <message or rule>`.
 *
 * When rules are not run:
 * - on the whole object when the schema found a wrong type, a missing required
 *   field, a value outside an enum or a size limit (Kubernetes skips CEL then too);
 * - at a node when the schema already reported something at or below it, so
 *   one bad value is reported once (Kubernetes would also run the rule there);
 * - transition rules (`oldSelf`) and rules this environment cannot run (see `program.ts`).
 */
import { appendPath } from '../paths';
import type { SchemaViolation } from '../schema';
import type { CelResult } from '@bufbuild/cel';
import { FALLBACK, FastProgram, fastProgramOf } from './fast';
import { isUnsupported, programOf } from './program';
import { CelNode, CelRule } from './tree';
import { toCel, ValueMismatch } from './values';

/** Schema violations after which no CEL rule of the object runs. */
const BLOCKING = new Set(['schema/type', 'schema/required', 'schema/enum', 'schema/length', 'schema/items', 'schema/properties', 'schema/api-version']);

/** The failures of `tree`'s rules on `obj`, given the schema's own violations of it. */
export function evaluateCel(tree: CelNode, obj: unknown, schemaViolations: readonly SchemaViolation[]): SchemaViolation[] {
  if (schemaViolations.some(v => BLOCKING.has(v.rule))) return [];
  const out: SchemaViolation[] = [];
  const flagged = (path: string) => schemaViolations.some(v => path === '' || v.path === path
    || (v.path.startsWith(path) && (v.path[path.length] === '.' || v.path[path.length] === '[')));
  walk(tree, obj, '', out, flagged);
  return out;
}

function walk(node: CelNode, value: unknown, path: string, out: SchemaViolation[], flagged: (path: string) => boolean): void {
  if (value === null || value === undefined) return;
  if (node.rules && !flagged(path)) runRules(node, value, path, out);
  if (typeof value !== 'object') return;
  const element = node.element;
  if (node.type === 'object' && node.fields && !Array.isArray(value)) {
    for (const [name, child] of Object.entries(node.fields)) {
      if (child.hasRules) walk(child, (value as Record<string, unknown>)[name], appendPath(path, name), out, flagged);
    }
  } else if (node.type === 'map' && element?.hasRules && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) walk(element, v, appendPath(path, key), out, flagged);
  } else if (node.type === 'list' && element?.hasRules && Array.isArray(value)) {
    value.forEach((v, i) => walk(element, v, appendPath(path, i), out, flagged));
  }
}

function runRules(node: CelNode, value: unknown, path: string, out: SchemaViolation[]): void {
  let self: unknown;
  let converted = false;
  for (const rule of node.rules!) {
    // A rule of the simplest kind runs without the CEL library; anything else, or a case it leaves, runs with it.
    const fast = fastProgramOf(rule.rule);
    const program = fast ? undefined : programOf(rule.rule);
    if (program && 'skip' in program) continue;
    if (!converted) {
      try {
        self = toCel(value, node);
      } catch (e) {
        if (e instanceof ValueMismatch) return;
        throw e;
      }
      converted = true;
    }
    let result: ReturnType<FastProgram> | CelResult = fast ? fast(self) : FALLBACK;
    if (result === FALLBACK) {
      const full = program ?? programOf(rule.rule);
      if ('skip' in full) continue;
      result = full.run(self);
    }
    const hint = `CEL rule: ${rule.rule.replace(/\s+/g, ' ').trim()}`;
    if (result instanceof Error) {
      if (isUnsupported(rule.rule, result)) continue;
      out.push({ rule: 'schema/cel', path, message: `${result.message} evaluating rule: ${ruleErrorString(rule)}`, hint });
    } else if (result !== true) {
      out.push({ rule: 'schema/cel', path: withFieldPath(path, rule.fieldPath), message: messageOf(rule, self), hint });
    }
  }
}

/** Kubernetes' message of a failed rule: `message`, else `messageExpression`'s, else `failed rule: <rule>`. */
function messageOf(rule: CelRule, self: unknown): string {
  if (!rule.message?.trim() && rule.messageExpression) {
    const program = programOf(rule.messageExpression);
    if ('run' in program) {
      const result = program.run(self);
      if (typeof result === 'string' && result.trim() !== '' && !/\n/.test(result.trim())) return result.trim();
    }
  }
  return rule.message?.trim() ? rule.message.trim() : `failed rule: ${rule.rule.trim()}`;
}

function ruleErrorString(rule: CelRule): string {
  return rule.message?.trim() ? rule.message.trim() : rule.rule.trim();
}

/** `path` with a rule's `fieldPath` (`.a.b`, `['a.b']`, `[0]`) appended; `path` alone when it does not parse. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return path;
  const segment = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\])/;
  let rest = fieldPath.trim();
  let out = path;
  while (rest !== '') {
    const m = segment.exec(rest);
    if (!m) return path;
    out = m[4] !== undefined ? appendPath(out, Number(m[4])) : appendPath(out, (m[1] ?? m[2] ?? m[3]).replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return out;
}
