/**
 * Evaluation of CloudEvents SQL v1 expressions with the semantics of the
 * reference implementation Knative's broker filter uses (cloudevents/sdk-go
 * `sql/v2`): values are 32-bit integers, strings and booleans; operators cast
 * their operands (comparisons `<` `<=` `>` `>=` and arithmetic to integers,
 * AND/OR/XOR/NOT to booleans, `=`/`!=` the left operand to the right one's
 * type, IN each element to the left operand's type, LIKE to a string); any
 * error (a missing attribute, a failed cast, a division by zero, an unknown
 * function) ends the evaluation, and Knative's filter then does not match.
 */
import { CesqlNode } from '../core/cesql';

/** A CESQL value. */
export type CesqlValue = string | number | boolean;

/** Why an expression has no value for an event; Knative's filter fails on it. */
export class CesqlEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CesqlEvalError';
  }
}

/** The attributes of an event as CESQL sees them. */
export interface CesqlEvent {
  /** The value of an attribute (its name lower-case), or undefined when the event does not have it. */
  get(name: string): CesqlValue | undefined;
  /** Whether the event has the attribute. */
  has(name: string): boolean;
}

type Kind = 'String' | 'Integer' | 'Boolean';

function kindOf(v: CesqlValue): Kind {
  return typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Integer' : 'Boolean';
}

const INT32 = /^[+-]?[0-9]+$/;

/** Casts `v` to `target` as the reference implementation does; throws {@link CesqlEvalError}. */
export function cast(v: CesqlValue, target: Kind): CesqlValue {
  if (kindOf(v) === target) return v;
  switch (target) {
    case 'String':
      return String(v);
    case 'Integer':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string' && INT32.test(v)) {
        const n = Number(v);
        if (n >= -2147483648 && n <= 2147483647) return n;
      }
      throw new CesqlEvalError(`cannot cast the String ${JSON.stringify(v)} to an Integer`);
    case 'Boolean':
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') {
        const lower = v.toLowerCase();
        if (lower === 'true' || lower === 'false') return lower === 'true';
      }
      throw new CesqlEvalError(`cannot cast the String ${JSON.stringify(v)} to a Boolean`);
  }
}

/** Go's `len` and slicing work on UTF-8 bytes: so do LENGTH, LEFT, RIGHT, SUBSTRING and LIKE. */
function bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

interface Fn {
  readonly args: readonly Kind[];
  readonly variadic?: Kind;
  readonly run: (args: CesqlValue[]) => CesqlValue;
}

const ANY = 'Any' as unknown as Kind;

const FUNCTIONS: Record<string, Fn[]> = {
  INT: [{ args: [ANY], run: ([a]) => cast(a, 'Integer') }],
  BOOL: [{ args: [ANY], run: ([a]) => cast(a, 'Boolean') }],
  STRING: [{ args: [ANY], run: ([a]) => cast(a, 'String') }],
  IS_INT: [{ args: [ANY], run: ([a]) => canCast(a, 'Integer') }],
  IS_BOOL: [{ args: [ANY], run: ([a]) => canCast(a, 'Boolean') }],
  ABS: [{
    args: ['Integer'],
    run: ([a]) => {
      if (a === -2147483648) throw new CesqlEvalError('integer overflow in ABS(-2147483648)');
      return Math.abs(a as number);
    },
  }],
  LENGTH: [{ args: ['String'], run: ([a]) => bytes(a as string).length }],
  CONCAT: [{ args: [], variadic: 'String', run: args => args.join('') }],
  CONCAT_WS: [{ args: ['String'], variadic: 'String', run: ([sep, ...rest]) => rest.join(sep as string) }],
  LOWER: [{ args: ['String'], run: ([a]) => (a as string).toLowerCase() }],
  UPPER: [{ args: ['String'], run: ([a]) => (a as string).toUpperCase() }],
  TRIM: [{ args: ['String'], run: ([a]) => (a as string).trim() }],
  LEFT: [{
    args: ['String', 'Integer'],
    run: ([s, n]) => {
      const b = bytes(s as string);
      if ((n as number) > b.length) return s;
      if ((n as number) < 0) throw new CesqlEvalError(`LEFT with a negative length (${n})`);
      return b.subarray(0, n as number).toString('utf8');
    },
  }],
  RIGHT: [{
    args: ['String', 'Integer'],
    run: ([s, n]) => {
      const b = bytes(s as string);
      if ((n as number) > b.length) return s;
      if ((n as number) < 0) throw new CesqlEvalError(`RIGHT with a negative length (${n})`);
      return b.subarray(b.length - (n as number)).toString('utf8');
    },
  }],
  SUBSTRING: [
    { args: ['String', 'Integer'], run: ([s, p]) => substring(s as string, p as number, undefined) },
    { args: ['String', 'Integer', 'Integer'], run: ([s, p, l]) => substring(s as string, p as number, l as number) },
  ],
};

function canCast(v: CesqlValue, target: Kind): boolean {
  try {
    cast(v, target);
    return true;
  } catch {
    return false;
  }
}

function substring(s: string, pos: number, length: number | undefined): string {
  const b = bytes(s);
  if (pos === 0) return '';
  if (pos < -b.length || pos > b.length) throw new CesqlEvalError(`SUBSTRING position ${pos} is outside the string (length ${b.length})`);
  const begin = pos < 0 ? b.length + pos : pos - 1;
  const end = length === undefined || begin + length > b.length ? b.length : begin + length;
  return b.subarray(begin, Math.max(begin, end)).toString('utf8');
}

/** The function called `name` with `n` arguments, as the reference resolver finds it. */
function resolve(name: string, n: number): Fn | undefined {
  const fns = FUNCTIONS[name.toUpperCase()];
  if (!fns) return undefined;
  return fns.find(f => f.variadic === undefined && f.args.length === n) ?? fns.find(f => f.variadic !== undefined && f.args.length <= n);
}

/**
 * LIKE as the reference implementation matches: `%` any run of bytes, `_` one
 * byte, a backslash before `%` or `_` matches that character literally.
 */
export function likeMatches(textStr: string, patternStr: string): boolean {
  const text = bytes(textStr);
  const pattern = bytes(patternStr);
  const PCT = 0x25, US = 0x5f, BS = 0x5c;
  if (pattern.length === 0) return text.length === 0;
  let t = 0;
  let p = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length - 1 && pattern[p] === BS && (pattern[p + 1] === US || pattern[p + 1] === PCT) && pattern[p + 1] === text[t]) {
      p += 2;
      t += 1;
    } else if (p < pattern.length && (pattern[p] === US || pattern[p] === text[t])) {
      t++;
      p++;
    } else if (p < pattern.length && pattern[p] === PCT) {
      star = p;
      mark = t;
      p++;
    } else if (star !== -1) {
      p = star + 1;
      mark++;
      t = mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length) {
    if (pattern[p] !== PCT) return false;
    p++;
  }
  return true;
}

/** Attributes every CloudEvent has, for EXISTS. */
const REQUIRED = new Set(['specversion', 'id', 'source', 'type']);

/** Evaluates `node` for `event`; throws {@link CesqlEvalError} where the reference implementation fails. */
export function evaluateCesql(node: CesqlNode, event: CesqlEvent): CesqlValue {
  const ev = (n: CesqlNode): CesqlValue => evaluateCesql(n, event);
  switch (node.type) {
    case 'integer':
      return node.value | 0;
    case 'string':
    case 'boolean':
      return node.value;
    case 'attribute': {
      const name = node.name.toLowerCase();
      const v = event.get(name);
      if (v === undefined) throw new CesqlEvalError(`the event has no attribute ${name}`);
      return v;
    }
    case 'exists': {
      const name = node.name.toLowerCase();
      return REQUIRED.has(name) || event.has(name);
    }
    case 'not':
      return !cast(ev(node.operand), 'Boolean');
    case 'negate':
      return -(cast(ev(node.operand), 'Integer') as number) | 0;
    case 'like': {
      const v = cast(ev(node.operand), 'String') as string;
      const m = likeMatches(v, node.pattern);
      return node.negated ? !m : m;
    }
    case 'in': {
      const left = ev(node.operand);
      let found = false;
      for (const item of node.set) {
        if (cast(ev(item), kindOf(left)) === left) {
          found = true;
          break;
        }
      }
      return node.negated ? !found : found;
    }
    case 'call': {
      const fn = resolve(node.name, node.args.length);
      if (!fn) throw new CesqlEvalError(`no function ${node.name.toUpperCase()} with ${node.args.length} argument${node.args.length === 1 ? '' : 's'}`);
      const args = node.args.map((a, i) => {
        const v = ev(a);
        const want = i < fn.args.length ? fn.args[i] : fn.variadic!;
        return want === ANY ? v : cast(v, want);
      });
      return fn.run(args);
    }
    case 'binary':
      return binary(node.op, node.left, node.right, ev);
  }
}

function binary(op: string, l: CesqlNode, r: CesqlNode, ev: (n: CesqlNode) => CesqlValue): CesqlValue {
  if (op === 'AND' || op === 'OR' || op === 'XOR') {
    const left = cast(ev(l), 'Boolean');
    if (op === 'AND' && !left) return false;
    if (op === 'OR' && left) return true;
    const right = cast(ev(r), 'Boolean');
    return op === 'AND' ? left && right : op === 'OR' ? left || right : left !== right;
  }
  const left = ev(l);
  const right = ev(r);
  if (op === '=' || op === '!=' || op === '<>') {
    const equal = cast(left, kindOf(right)) === right;
    return op === '=' ? equal : !equal;
  }
  const x = cast(left, 'Integer') as number;
  const y = cast(right, 'Integer') as number;
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
    case '+': return (x + y) | 0;
    case '-': return (x - y) | 0;
    case '*': return Math.imul(x, y);
    case '/':
      if (y === 0) throw new CesqlEvalError('division by zero');
      return Math.trunc(x / y) | 0;
    case '%':
      if (y === 0) throw new CesqlEvalError('division by zero (modulo)');
      return (x % y) | 0;
    default:
      throw new CesqlEvalError(`unknown operator ${op}`);
  }
}

/** The type name of a value, as the reference implementation says it. */
export function cesqlTypeOf(v: CesqlValue): string {
  return kindOf(v);
}
