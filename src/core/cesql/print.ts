/**
 * Prints a CESQL tree back to source with only the parentheses its
 * precedence needs; `parseCesql(printCesql(t))` gives `t` back.
 */
import { CesqlNode, LEVEL, levelOf } from './ast';

export function printCesql(node: CesqlNode): string {
  switch (node.type) {
    case 'integer':
      return String(node.value);
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'string':
      return quote(node.value);
    case 'attribute':
      return node.name;
    case 'exists':
      return `EXISTS ${node.name}`;
    case 'call':
      return `${node.name}(${node.args.map(printCesql).join(', ')})`;
    case 'not':
      return `NOT ${operand(node.operand, LEVEL.unary)}`;
    case 'negate':
      // `-5` would read back as the literal -5: a negated integer keeps its parentheses.
      return `-${node.operand.type === 'integer' ? `(${printCesql(node.operand)})` : operand(node.operand, LEVEL.unary)}`;
    case 'like':
      return `${operand(node.operand, LEVEL.postfix)} ${node.negated ? 'NOT ' : ''}LIKE ${quote(node.pattern)}`;
    case 'in':
      return `${operand(node.operand, LEVEL.postfix)} ${node.negated ? 'NOT ' : ''}IN (${node.set.map(printCesql).join(', ')})`;
    case 'binary': {
      const level = levelOf(node);
      // AND/OR/XOR group to the right, the other operators to the left.
      const rightAssoc = level === LEVEL.logic;
      const left = operand(node.left, rightAssoc ? level + 1 : level);
      const right = operand(node.right, rightAssoc ? level : level + 1);
      return `${left} ${node.op} ${right}`;
    }
  }
}

/** `node` printed where an expression binding at least as tightly as `min` is needed. */
function operand(node: CesqlNode, min: number): string {
  const text = printCesql(node);
  return levelOf(node) < min ? `(${text})` : text;
}

/**
 * A string literal for `value`: single-quoted unless it holds a single quote
 * and no double quote; the delimiter is escaped with a backslash. (As in the
 * reference parser, other backslashes are kept as written, so a value whose
 * backslash precedes its delimiter or ends it cannot be printed faithfully.)
 */
function quote(value: string): string {
  const q = value.includes('\'') && !value.includes('"') ? '"' : '\'';
  return q + value.split(q).join(`\\${q}`) + q;
}
