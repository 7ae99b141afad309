/** The syntax tree of a CESQL v1 expression. */

export type BinaryOperator =
  | '*' | '/' | '%'
  | '+' | '-'
  | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR' | 'XOR';

export type CesqlNode =
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** An attribute, as written (the reference parser lower-cases it). */
  | { readonly type: 'attribute'; readonly name: string }
  | { readonly type: 'not'; readonly operand: CesqlNode }
  | { readonly type: 'negate'; readonly operand: CesqlNode }
  | { readonly type: 'binary'; readonly op: BinaryOperator; readonly left: CesqlNode; readonly right: CesqlNode }
  | { readonly type: 'like'; readonly operand: CesqlNode; readonly pattern: string; readonly negated: boolean }
  | { readonly type: 'in'; readonly operand: CesqlNode; readonly set: readonly CesqlNode[]; readonly negated: boolean }
  | { readonly type: 'exists'; readonly name: string }
  /** A function call; `name` upper-cased, as the reference parser resolves it. */
  | { readonly type: 'call'; readonly name: string; readonly args: readonly CesqlNode[] };

/**
 * Binding strength of each kind of node, loosest first, as the CESQL grammar
 * orders its alternatives: AND/OR/XOR (one level, right-associative),
 * comparisons, + -, * / %, LIKE and IN (postfix), unary NOT and -, then
 * atoms, calls, EXISTS and parenthesized expressions.
 */
export const LEVEL = { logic: 1, comparison: 2, additive: 3, multiplicative: 4, postfix: 5, unary: 6, primary: 7 } as const;

const BINARY_LEVEL: Record<BinaryOperator, number> = {
  'AND': LEVEL.logic, 'OR': LEVEL.logic, 'XOR': LEVEL.logic,
  '=': LEVEL.comparison, '!=': LEVEL.comparison, '<>': LEVEL.comparison, '<': LEVEL.comparison, '<=': LEVEL.comparison, '>': LEVEL.comparison, '>=': LEVEL.comparison,
  '+': LEVEL.additive, '-': LEVEL.additive,
  '*': LEVEL.multiplicative, '/': LEVEL.multiplicative, '%': LEVEL.multiplicative,
};

/** The level of a binary operator. */
export function binaryLevel(op: BinaryOperator): number {
  return BINARY_LEVEL[op];
}

/** The level of a node (how tightly it binds when printed without parentheses). */
export function levelOf(node: CesqlNode): number {
  switch (node.type) {
    case 'binary': return binaryLevel(node.op);
    case 'like':
    case 'in': return LEVEL.postfix;
    case 'not':
    case 'negate': return LEVEL.unary;
    default: return LEVEL.primary;
  }
}
