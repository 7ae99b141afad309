/**
 * A small exact evaluator for the simplest CEL rules, so that a stack whose
 * rules are all of this kind never loads `@bufbuild/cel` (about 100 ms of a
 * process's start). Many CRD rules only test which fields are set:
 *
 *   has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true
 *   (has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1
 *
 * An expression is taken here only when it is made of nothing but: `self`,
 * field selection, `has(...)`, `size(...)` and `.size()`, decimal int literals,
 * `true`, `false`, `{}`, `[]`, parentheses, `!`, `&&`, `||`, `? :`, `+` and
 * the comparisons (one per operand pair). Anything else goes to the full
 * evaluator (`program.ts`). The value is `self` as `values.ts` converts it (maps are
 * `Map`s, ints `bigint`s). Evaluation gives up ({@link FALLBACK}) on anything
 * but the plain case: a missing field, an operand of an unexpected type, an
 * int overflow, a non-boolean result. The full evaluator then runs the rule,
 * so errors and their messages are always CEL's own.
 */

/** What a fast program returns when the full evaluator must decide. */
export const FALLBACK = Symbol('fallback');

/** A compiled fast program: the rule's boolean result, or {@link FALLBACK}. */
export type FastProgram = (self: unknown) => boolean | typeof FALLBACK;

type Value = unknown;
/** Evaluates a node; throws {@link GiveUp} to fall back. */
type Node = (self: unknown) => Value;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** CEL's reserved words and the identifiers with a meaning of their own: never a field name here. */
const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(0|[1-9][0-9]*)(?![A-Za-z0-9_.])|(&&|\|\||<=|>=|==|!=|[?:().!+<>{}[\]]))/y;

const programs = new Map<string, FastProgram | null>();

/** The fast program of `expression`, or undefined when it is not of the simple kind; compiled once. */
export function fastProgramOf(expression: string): FastProgram | undefined {
  let p = programs.get(expression);
  if (p === undefined) {
    p = compileFast(expression) ?? null;
    programs.set(expression, p);
  }
  return p ?? undefined;
}

function compileFast(expression: string): FastProgram | undefined {
  const tokens = tokenize(expression);
  if (!tokens) return undefined;
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    if (t !== undefined && tokens[i] !== t) throw new GiveUp();
    return tokens[i++];
  };
  const isIdent = (t: string | undefined) => t !== undefined && /^[A-Za-z_]/.test(t);

  const expr = (): Node => {
    const cond = or();
    if (peek() !== '?') return cond;
    take('?');
    const a = or();
    take(':');
    const b = expr();
    return self => {
      const c = cond(self);
      if (typeof c !== 'boolean') giveUp();
      return c ? a(self) : b(self);
    };
  };
  const logical = (op: '&&' | '||', next: () => Node) => (): Node => {
    let left = next();
    while (peek() === op) {
      take(op);
      const l = left;
      const r = next();
      left = self => {
        // CEL's `false && e` is false and `true || e` true, whatever e gives (an error too)
        const x = l(self);
        if (typeof x !== 'boolean') giveUp();
        if (op === '&&' ? !x : x) return x;
        const y = r(self);
        return typeof y === 'boolean' ? y : giveUp();
      };
    }
    return left;
  };
  const relation = (): Node => {
    const left = addition();
    const op = peek();
    if (op !== '<' && op !== '<=' && op !== '>' && op !== '>=' && op !== '==' && op !== '!=') return left;
    take();
    const right = addition();
    return self => compare(op, left(self), right(self));
  };
  const and = logical('&&', relation);
  const or = logical('||', and);
  const addition = (): Node => {
    let left = unary();
    while (peek() === '+') {
      take('+');
      const l = left;
      const r = unary();
      left = self => {
        const x = l(self);
        const y = r(self);
        if (typeof x !== 'bigint' || typeof y !== 'bigint') giveUp();
        const sum = (x as bigint) + (y as bigint);
        return sum < INT64_MIN || sum > INT64_MAX ? giveUp() : sum;
      };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() !== '!') return member();
    take('!');
    const operand = unary();
    return self => {
      const x = operand(self);
      return typeof x === 'boolean' ? !x : giveUp();
    };
  };
  /** A member chain: field selections and `.size()`. */
  const member = (): Node => {
    let node = primary();
    while (peek() === '.') {
      take('.');
      const name = take();
      if (!isIdent(name) || RESERVED.has(name)) throw new GiveUp();
      if (peek() === '(') {
        if (name !== 'size') throw new GiveUp();
        take('(');
        take(')');
        const target = node;
        node = self => sizeOf(target(self));
      } else {
        const target = node;
        node = self => field(target(self), name);
      }
    }
    return node;
  };
  const primary = (): Node => {
    const t = take();
    if (t === undefined) throw new GiveUp();
    if (t === '(') {
      const inner = expr();
      take(')');
      return inner;
    }
    if (t === '{') {
      take('}');
      return () => new Map();
    }
    if (t === '[') {
      take(']');
      return () => [];
    }
    if (/^[0-9]/.test(t)) {
      const n = BigInt(t);
      if (n > INT64_MAX) throw new GiveUp();
      return () => n;
    }
    if (t === 'true' || t === 'false') {
      const b = t === 'true';
      return () => b;
    }
    if (t === 'self') return self => self;
    if ((t === 'has' || t === 'size') && peek() === '(') {
      take('(');
      if (t === 'size') {
        const arg = expr();
        take(')');
        return self => sizeOf(arg(self));
      }
      // has(e.f): e must be a member chain ending in a field selection
      const target = hasTarget();
      take(')');
      if (!target) throw new GiveUp();
      const [of, name] = target;
      return self => {
        const m = of(self);
        if (!(m instanceof Map)) giveUp();
        const v: unknown = (m as Map<string, unknown>).get(name);
        return v === null ? giveUp() : v !== undefined;
      };
    }
    throw new GiveUp();
  };
  /** The target and field name of `has`'s argument `e.f` (e a chain of selections on `self`). */
  const hasTarget = (): [Node, string] | undefined => {
    if (take() !== 'self') return undefined;
    const names: string[] = [];
    while (peek() === '.') {
      take('.');
      const name = take();
      if (!isIdent(name) || RESERVED.has(name)) return undefined;
      names.push(name);
    }
    if (names.length === 0) return undefined;
    const last = names.pop()!;
    return [self => names.reduce((v, n) => field(v, n), self as Value), last];
  };

  let root: Node;
  try {
    root = expr();
    if (i !== tokens.length) return undefined;
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  return (self) => {
    try {
      const r = root(self);
      return typeof r === 'boolean' ? r : FALLBACK;
    } catch (e) {
      if (e instanceof GiveUp) return FALLBACK;
      throw e;
    }
  };
}

function tokenize(expression: string): string[] | undefined {
  const out: string[] = [];
  let at = 0;
  while (at < expression.length) {
    if (/^\s*$/.test(expression.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expression);
    if (!m) return undefined;
    out.push(m[1] ?? m[2] ?? m[3]);
    at = TOKEN.lastIndex;
  }
  return out;
}

function field(target: Value, name: string): Value {
  if (!(target instanceof Map) || !target.has(name)) return giveUp();
  const v: unknown = target.get(name);
  return v === null || v === undefined ? giveUp() : v;
}

function sizeOf(x: Value): bigint {
  if (x instanceof Map) return BigInt(x.size);
  if (Array.isArray(x)) return BigInt(x.length);
  if (typeof x === 'string') return BigInt([...x].length);
  return giveUp();
}

function compare(op: string, x: Value, y: Value): boolean {
  const ints = typeof x === 'bigint' && typeof y === 'bigint';
  if (op === '==' || op === '!=') {
    if (!ints && !(typeof x === 'boolean' && typeof y === 'boolean') && !(typeof x === 'string' && typeof y === 'string')) giveUp();
    return op === '==' ? x === y : x !== y;
  }
  if (!ints) giveUp();
  const [a, b] = [x as bigint, y as bigint];
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}
