/**
 * The built-in functions of the reference implementation (cloudevents/sdk-go
 * `sql/v2`, which Knative's webhook uses), by arity: the CESQL v1 string and
 * math functions plus the casting functions.
 *
 * The reference parser does not resolve functions: an unknown name or a
 * wrong number of arguments parses, and fails only when an event is
 * evaluated (a MissingFunctionError, so the filter never matches). Hence
 * these are warnings, not parse errors.
 */
import { CesqlNode } from './ast';

interface Signature {
  /** Fixed arities. */
  readonly arities: readonly number[];
  /** Least number of arguments of the variadic form, if there is one. */
  readonly variadicFrom?: number;
}

export const BUILTIN_FUNCTIONS: Readonly<Record<string, Signature>> = {
  ABS: { arities: [1] },
  LENGTH: { arities: [1] },
  CONCAT: { arities: [], variadicFrom: 0 },
  CONCAT_WS: { arities: [], variadicFrom: 1 },
  LOWER: { arities: [1] },
  UPPER: { arities: [1] },
  TRIM: { arities: [1] },
  LEFT: { arities: [2] },
  RIGHT: { arities: [2] },
  SUBSTRING: { arities: [2, 3] },
  INT: { arities: [1] },
  BOOL: { arities: [1] },
  STRING: { arities: [1] },
  IS_BOOL: { arities: [1] },
  IS_INT: { arities: [1] },
};

/** A value identifier should not be longer than this (CESQL v1, 2.2). */
export const MAX_IDENTIFIER_LENGTH = 20;

function accepts(sig: Signature, n: number): boolean {
  return sig.arities.includes(n) || (sig.variadicFrom !== undefined && n >= sig.variadicFrom);
}

function describeArity(sig: Signature): string {
  const parts = sig.arities.map(String);
  if (sig.variadicFrom !== undefined) parts.push(`${sig.variadicFrom} or more`);
  return parts.join(' or ');
}

/**
 * What parses but Knative would not do as written: calls of unknown
 * functions or with a wrong number of arguments (they fail on every event),
 * attribute names with upper-case letters (looked up lower-cased) or longer
 * than 20 characters (the spec advises against them).
 */
export function staticWarnings(node: CesqlNode): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (msg: string) => {
    if (!seen.has(msg)) {
      seen.add(msg);
      out.push(msg);
    }
  };
  const attribute = (name: string) => {
    if (/[A-Z]/.test(name)) add(`attribute ${name} has upper-case letters; CloudEvents attribute names are lower-case and Knative looks up ${name.toLowerCase()}`);
    if (name.length > MAX_IDENTIFIER_LENGTH) add(`attribute ${name} is longer than ${MAX_IDENTIFIER_LENGTH} characters, which CESQL advises against`);
  };
  const visit = (n: CesqlNode): void => {
    switch (n.type) {
      case 'attribute':
      case 'exists':
        attribute(n.name);
        return;
      case 'not':
      case 'negate':
        visit(n.operand);
        return;
      case 'binary':
        visit(n.left);
        visit(n.right);
        return;
      case 'like':
        visit(n.operand);
        return;
      case 'in':
        visit(n.operand);
        n.set.forEach(visit);
        return;
      case 'call': {
        const sig = BUILTIN_FUNCTIONS[n.name];
        if (sig === undefined) {
          add(`${n.name}() is not a built-in function (${Object.keys(BUILTIN_FUNCTIONS).join(', ')}); Knative accepts it but every event fails the filter unless the function is registered`);
        } else if (!accepts(sig, n.args.length)) {
          add(`${n.name}() takes ${describeArity(sig)} argument${describeArity(sig) === '1' ? '' : 's'}, not ${n.args.length}; Knative accepts it but every event fails the filter`);
        }
        n.args.forEach(visit);
        return;
      }
      default:
        return;
    }
  };
  visit(node);
  return out;
}
