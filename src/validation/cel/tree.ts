/**
 * The CEL rules a CRD declares (`x-kubernetes-validations`) and what they
 * need to run: a compact tree that follows the schema from the root down to
 * every node with rules, and below such a node the types CEL sees its value
 * with (Kubernetes' `SchemaDeclType`).
 *
 * The tree is built from the translated schema of a kind (`schema.ts`) at run
 * time, or read from `lib/schemas/cel-rules.json`, which
 * `scripts/compile-schemas.js` writes from the same function; this file's text
 * is part of the catalog's inputs hash, so both always agree.
 */

/** One entry of `x-kubernetes-validations`. */
export interface CelRule {
  /** The CEL expression; `self` is the value at the rule's node. */
  readonly rule: string;
  /** Reported when the rule fails; default `failed rule: <rule>`. */
  readonly message?: string;
  /** A CEL expression giving the message instead. */
  readonly messageExpression?: string;
  /** Kubernetes' error type (`FieldValueInvalid` by default); not reported. */
  readonly reason?: string;
  /** Where to report a failure, relative to the node (`.spec.port`, `['a.b']`). */
  readonly fieldPath?: string;
}

/** How CEL sees a value; `int-or-string` is an int or a string, as the value is. */
export type CelNodeType = 'object' | 'map' | 'list' | 'int' | 'double' | 'string' | 'bytes' | 'bool' | 'int-or-string';

/** A schema node as the CEL layer needs it. */
export interface CelNode {
  readonly type: CelNodeType;
  /** An object's fields by JSON name; fields CEL cannot see (no type) are left out. */
  readonly fields?: Record<string, CelNode>;
  /** A map's values or a list's items. */
  readonly element?: CelNode;
  /** The rules declared at this node. */
  readonly rules?: CelRule[];
  /** True when rules are declared at this node or below it: the walk only enters such nodes. */
  readonly hasRules?: true;
}

type Json = Record<string, any>;

/** The fields of `metadata` CEL sees at a resource's root (and in embedded resources). */
const OBJECT_META: CelNode = { type: 'object', fields: { name: { type: 'string' }, generateName: { type: 'string' } } };

/**
 * The CEL tree of a kind's translated root schema: undefined when no node
 * declares rules (the kind then costs nothing). Below a node with rules the
 * whole subtree is kept, above it only the nodes on the way to one.
 */
export function celTreeOf(schema: Json): CelNode | undefined {
  const full = typed(schema, true);
  return full?.hasRules ? prune(full) : undefined;
}

/** The CEL type of a schema node and of everything below it; undefined for a type CEL does not see. */
function typed(s: unknown, resourceRoot: boolean): CelNode | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const schema = s as Json;
  const rules = rulesOf(schema['x-kubernetes-validations']);
  const node = (type: CelNodeType, rest: { fields?: Record<string, CelNode>; element?: CelNode } = {}): CelNode => {
    const below = Object.values(rest.fields ?? {}).some(f => f.hasRules) || rest.element?.hasRules === true;
    return {
      type,
      ...rest,
      ...(rules.length > 0 ? { rules } : {}),
      ...(rules.length > 0 || below ? { hasRules: true as const } : {}),
    };
  };
  const type = schema.type;
  if (schema['x-kubernetes-int-or-string'] === true
    || (Array.isArray(type) && type.length === 2 && type.includes('integer') && type.includes('string'))) {
    return node('int-or-string');
  }
  switch (type) {
    case 'integer': return node('int');
    case 'number': return node('double');
    case 'boolean': return node('bool');
    case 'string': return node(schema.format === 'byte' ? 'bytes' : 'string');
    case 'array': {
      const element = typed(schema.items, schema.items?.['x-kubernetes-embedded-resource'] === true);
      return element ? node('list', { element }) : undefined;
    }
    case 'object': {
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && extra !== null) {
        const element = typed(extra, extra['x-kubernetes-embedded-resource'] === true);
        return element ? node('map', { element }) : undefined;
      }
      const fields: Record<string, CelNode> = {};
      for (const [name, child] of Object.entries((schema.properties ?? {}) as Json)) {
        const t = typed(child, (child as Json)?.['x-kubernetes-embedded-resource'] === true);
        if (t) fields[name] = t;
      }
      if (resourceRoot || schema['x-kubernetes-embedded-resource'] === true) {
        fields.apiVersion = { type: 'string' };
        fields.kind = { type: 'string' };
        fields.metadata = OBJECT_META;
      }
      return node('object', { fields });
    }
    default:
      return undefined;
  }
}

/** The well-formed entries of an `x-kubernetes-validations` list. */
function rulesOf(list: unknown): CelRule[] {
  if (!Array.isArray(list)) return [];
  const out: CelRule[] = [];
  for (const r of list as Json[]) {
    if (typeof r?.rule !== 'string' || r.rule.trim() === '') continue;
    const rule: Json = { rule: r.rule };
    for (const key of ['message', 'messageExpression', 'reason', 'fieldPath']) {
      if (typeof r[key] === 'string' && r[key] !== '') rule[key] = r[key];
    }
    out.push(rule as CelRule);
  }
  return out;
}

/** Keeps what the walk needs: the way down to nodes with rules, and their whole subtrees. */
function prune(node: CelNode): CelNode {
  if (node.rules) return node;
  const out: { -readonly [K in keyof CelNode]: CelNode[K] } = { type: node.type, hasRules: true };
  if (node.fields) {
    out.fields = {};
    for (const [name, child] of Object.entries(node.fields)) if (child.hasRules) out.fields[name] = prune(child);
  }
  if (node.element?.hasRules) out.element = prune(node.element);
  return out;
}

/** Counts the rules of a tree (for the build's summary and tests). */
export function countRules(node: CelNode | undefined): number {
  if (!node) return 0;
  let n = node.rules?.length ?? 0;
  for (const child of Object.values(node.fields ?? {})) n += countRules(child);
  return n + countRules(node.element);
}
