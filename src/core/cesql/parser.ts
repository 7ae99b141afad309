/**
 * A recursive-descent parser for CloudEvents SQL v1, with the grammar's
 * precedence: `expr := postfix (binop postfix)*` resolved by levels, where
 * `postfix := unary (NOT? LIKE string | NOT? IN (expr, ...))*`,
 * `unary := (NOT | -) unary | primary` and
 * `primary := literal | attribute | EXISTS attribute | function(args) | (expr)`.
 */
import { BinaryOperator, binaryLevel, CesqlNode, LEVEL } from './ast';
import { CesqlError, describeToken, Token, tokenize } from './lexer';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const BINARY_OPS = new Set<string>(['*', '/', '%', '+', '-', '=', '!=', '<>', '<', '<=', '>', '>=', 'AND', 'OR', 'XOR']);

/** A parsed expression and what Knative admits in it but should not be there. */
export interface CesqlParse {
  readonly node: CesqlNode;
  /**
   * Characters the reference parser skips: Knative admits them, but the
   * expression does not mean what it says.
   */
  readonly notes: readonly CesqlError[];
}

/** Parses a CESQL expression into its tree; throws {@link CesqlError} with a position. */
export function parseCesql(expr: string): CesqlNode {
  return parseCesqlWithNotes(expr).node;
}

/**
 * Parses a CESQL expression into its tree, with its {@link CesqlParse.notes};
 * throws {@link CesqlError} with a position. When the expression does not
 * parse and a character was skipped, that character is the error reported.
 */
export function parseCesqlWithNotes(expr: string): CesqlParse {
  const skipped: CesqlError[] = [];
  const parser = new Parser(tokenize(expr, skipped));
  try {
    const node = parser.parseAll();
    const skips = skipped.map(e => new CesqlError(e.pos, `${e.detail}; Knative's parser skips it and reads the rest`));
    return { node, notes: skips };
  } catch (e) {
    if (e instanceof CesqlError && skipped.length > 0) throw skipped[0];
    throw e;
  }
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  public parseAll(): CesqlNode {
    if (this.peek().kind === 'end') throw new CesqlError(this.peek().pos, 'expected an expression, found the end');
    const node = this.expression(LEVEL.logic, undefined);
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint = t.kind === 'op' && t.value === ')' ? ' (this ) closes no parenthesis)'
        : t.kind === 'keyword' && t.value === 'NOT' ? ' (NOT here must be followed by LIKE or IN)'
          : '; expected an operator, AND, OR, XOR, LIKE, IN or the end';
      throw new CesqlError(t.pos, `unexpected ${describeToken(t)} after a complete expression${hint}`);
    }
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private isOp(t: Token, value: string): boolean {
    return (t.kind === 'op' || t.kind === 'keyword') && t.value === value;
  }

  /** The binary operator at the cursor, if any. */
  private binaryOp(): BinaryOperator | undefined {
    const t = this.peek();
    return (t.kind === 'op' || t.kind === 'keyword') && BINARY_OPS.has(t.value) ? t.value as BinaryOperator : undefined;
  }

  /**
   * An expression whose binary operators bind at least as tightly as `min`.
   * `after` names what came before, for "expected an expression after …".
   */
  private expression(min: number, after: Token | undefined): CesqlNode {
    let left = this.postfix(after);
    for (;;) {
      const op = this.binaryOp();
      if (op === undefined) return left;
      const level = binaryLevel(op);
      if (level < min) return left;
      const opToken = this.next();
      // AND/OR/XOR are right-associative; the others associate to the left.
      const right = this.expression(level === LEVEL.logic ? level : level + 1, opToken);
      left = { type: 'binary', op, left, right };
    }
  }

  private postfix(after: Token | undefined): CesqlNode {
    let node = this.unary(after);
    for (;;) {
      const t = this.peek();
      const negated = t.kind === 'keyword' && t.value === 'NOT';
      const op = this.peek(negated ? 1 : 0);
      if (op.kind !== 'keyword' || (op.value !== 'LIKE' && op.value !== 'IN')) {
        if (negated) throw new CesqlError(op.pos, `expected LIKE or IN after NOT, found ${describeToken(op)}`);
        return node;
      }
      if (negated) this.next();
      this.next();
      if (op.value === 'LIKE') {
        const pattern = this.next();
        if (pattern.kind !== 'string') {
          throw new CesqlError(pattern.pos, `expected a string literal as the LIKE pattern, found ${describeToken(pattern)} (the pattern must be a literal)`);
        }
        node = { type: 'like', operand: node, pattern: pattern.value, negated };
      } else {
        const open = this.next();
        if (!this.isOp(open, '(')) throw new CesqlError(open.pos, `expected ( to start the set after IN, found ${describeToken(open)}`);
        const set = this.list(open, 'the set of IN');
        if (set.length === 0) throw new CesqlError(open.end, 'expected an expression in the set of IN (a set cannot be empty)');
        node = { type: 'in', operand: node, set, negated };
      }
    }
  }

  private unary(after: Token | undefined): CesqlNode {
    const t = this.peek();
    if (t.kind === 'keyword' && t.value === 'NOT') {
      this.next();
      return { type: 'not', operand: this.unary(t) };
    }
    if (t.kind === 'op' && (t.value === '-' || t.value === '+')) {
      const digits = this.peek(1);
      // A sign written against the digits is part of the integer literal (`-2147483648`, `+5`).
      if (digits.kind === 'integer' && digits.pos === t.end) {
        this.i += 2;
        return { type: 'integer', value: this.integer(t.value + digits.text, t.pos) };
      }
      if (t.value === '-') {
        this.next();
        return { type: 'negate', operand: this.unary(t) };
      }
      throw new CesqlError(t.pos, '+ is not a unary operator (only as the sign written against an integer, e.g. +5)');
    }
    return this.primary(after);
  }

  private primary(after: Token | undefined): CesqlNode {
    const t = this.next();
    switch (t.kind) {
      case 'integer':
        return { type: 'integer', value: this.integer(t.text, t.pos) };
      case 'string':
        return { type: 'string', value: t.value };
      case 'keyword':
        if (t.value === 'TRUE' || t.value === 'FALSE') return { type: 'boolean', value: t.value === 'TRUE' };
        if (t.value === 'EXISTS') {
          const name = this.next();
          if (name.kind !== 'name' || !name.attribute) {
            throw new CesqlError(name.pos, `expected an attribute name after EXISTS, found ${describeToken(name)}`);
          }
          return { type: 'exists', name: name.value };
        }
        break;
      case 'name':
        if (this.isOp(this.peek(), '(')) {
          if (!t.functionName) throw new CesqlError(t.pos, `${t.value} is not a function name (letters and underscores only), so it cannot be called`);
          const open = this.next();
          return { type: 'call', name: t.value.toUpperCase(), args: this.list(open, `the arguments of ${t.value.toUpperCase()}`) };
        }
        if (!t.attribute) {
          throw new CesqlError(t.pos, `${t.value} is not an attribute name (letters and digits only); as a function it needs (...)`);
        }
        return { type: 'attribute', name: t.value };
      case 'op':
        if (t.value === '(') {
          const inner = this.expression(LEVEL.logic, t);
          this.closing(t);
          return inner;
        }
        break;
      default:
        break;
    }
    const where = after ? ` after ${describeToken(after)}` : '';
    throw new CesqlError(t.pos, `expected an expression${where}, found ${describeToken(t)}`);
  }

  /** A comma-separated list up to the `)` matching `open` (possibly empty). */
  private list(open: Token, what: string): CesqlNode[] {
    const items: CesqlNode[] = [];
    if (this.isOp(this.peek(), ')')) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.expression(LEVEL.logic, items.length === 0 ? open : this.tokens[this.i - 1]));
      const t = this.next();
      if (this.isOp(t, ')')) return items;
      if (!this.isOp(t, ',')) {
        throw new CesqlError(t.pos, `expected , or ) in ${what} (opened at ${open.pos}), found ${describeToken(t)}`);
      }
    }
  }

  /**
   * The value of an integer literal (its sign included, as the lexer reads
   * it). CESQL v1 integers are 32 bits, and so are Knative's: the parser it
   * pins (cloudevents/sdk-go sql/v2 at 3ce6b2f1f011, `VisitIntegerLiteral`)
   * reads a literal with `strconv.ParseInt(text, 10, 32)` and records a parse
   * error beyond that range, so the webhook rejects the expression.
   */
  private integer(text: string, pos: number): number {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < INT_MIN || value > INT_MAX) {
      throw new CesqlError(pos, `integer ${text} is outside the 32-bit range ${INT_MIN} to ${INT_MAX} that CESQL and Knative's parser allow`);
    }
    return value;
  }

  private closing(open: Token): void {
    const t = this.next();
    if (!this.isOp(t, ')')) throw new CesqlError(t.pos, `expected ) to close the ( at ${open.pos}, found ${describeToken(t)}`);
  }
}
