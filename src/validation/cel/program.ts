/**
 * CEL expressions compiled once per process (parsed and planned on first
 * use), or the reason they are not evaluated:
 * - a transition rule (it mentions `oldSelf`) only applies on update, and
 *   synthesized objects are created;
 * - an expression that calls a function the environment (`library.ts`) does
 *   not have, or that does not parse, is skipped rather than guessed at.
 *
 * Skipped expressions are listed by {@link skippedExpressions} (tests, and
 * anyone curious); they are not reported as violations.
 */
import type { CelResult, parse as celParse } from '@bufbuild/cel';
import { celEnvironment } from './library';

/* eslint-disable @typescript-eslint/no-require-imports */
const celModule = () => require('@bufbuild/cel') as typeof import('@bufbuild/cel');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A compiled expression, or why it is not evaluated. */
export type Program = { readonly run: (self: unknown) => CelResult } | { readonly skip: string };

/** Call names the planner handles itself (operators that short-circuit, indexing). */
const PLANNER_CALLS = new Set(['_[_]', '_[?_]', '_?._', '_?_:_', '_&&_', '_||_', '@not_strictly_false', '__not_strictly_false__']);
/** Runtime errors that mean "this environment cannot run the rule", not "the value is wrong". */
const UNSUPPORTED_AT_RUN_TIME = /^(unbound function|found no matching overload|unknown variable|undeclared reference)/;

/** A parsed expression's tree. */
type Expr = ReturnType<typeof celParse>['expr'];

const programs = new Map<string, Program>();
const TRANSITION = 'transition rule (oldSelf): only checked on update';

/** The program of `expression`, compiled on first use. */
export function programOf(expression: string): Program {
  let p = programs.get(expression);
  if (!p) {
    p = compile(expression);
    programs.set(expression, p);
  }
  return p;
}

/** Every expression seen that is not evaluated, with the reason. */
export function skippedExpressions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [expression, p] of programs) if ('skip' in p) out.set(expression, p.skip);
  return out;
}

/**
 * Whether a runtime error says the environment lacks something (an overload
 * for these argument types, a function): such a failure is not reported, and
 * the expression is recorded as skipped.
 */
export function isUnsupported(expression: string, error: Error): boolean {
  if (!UNSUPPORTED_AT_RUN_TIME.test(error.message)) return false;
  programs.set(expression, { skip: `unsupported at run time: ${error.message}` });
  return true;
}

/**
 * An identifier `oldSelf` (not a field `.oldSelf`) in an expression without string literals,
 * comments or braces: a transition rule, known without loading the CEL library.
 */
const PLAIN_OLD_SELF = /^(?=[^'"{]*$)(?![\s\S]*\/\/)[\s\S]*(?<![\w.]\s*)oldSelf(?!\w)/;

function compile(expression: string): Program {
  if (PLAIN_OLD_SELF.test(expression)) return { skip: TRANSITION };
  const { parse, plan } = celModule();
  const env = celEnvironment();
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(expression);
  } catch (e) {
    return { skip: `does not parse: ${(e as Error).message}` };
  }
  const refs = { oldSelf: false, unknown: new Set<string>() };
  scan(parsed.expr, refs, name => env.funcs.find(name) !== undefined);
  if (refs.oldSelf) return { skip: TRANSITION };
  if (refs.unknown.size > 0) return { skip: `unsupported function: ${[...refs.unknown].sort().join(', ')}` };
  let planned: (ctx: { self: unknown }) => CelResult;
  try {
    planned = plan(env, parsed) as unknown as (ctx: { self: unknown }) => CelResult;
  } catch (e) {
    return { skip: `cannot be planned: ${(e as Error).message}` };
  }
  return { run: self => planned({ self }) };
}

/** Finds references to `oldSelf` and calls of functions `known` does not know. */
function scan(expr: Expr | undefined, refs: { oldSelf: boolean; unknown: Set<string> }, known: (name: string) => boolean): void {
  if (!expr) return;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      if (kind.value.name === 'oldSelf') refs.oldSelf = true;
      return;
    case 'selectExpr':
      scan(kind.value.operand, refs, known);
      return;
    case 'callExpr': {
      const call = kind.value;
      const target = call.target?.exprKind.case === 'identExpr' ? call.target.exprKind.value.name : undefined;
      const qualified = target !== undefined && known(`${target}.${call.function}`);
      if (!PLANNER_CALLS.has(call.function) && !qualified && !known(call.function)) refs.unknown.add(call.function);
      if (!qualified) scan(call.target, refs, known);
      for (const a of call.args) scan(a, refs, known);
      return;
    }
    case 'listExpr':
      for (const e of kind.value.elements) scan(e, refs, known);
      return;
    case 'structExpr':
      for (const e of kind.value.entries) {
        if (e.keyKind.case === 'mapKey') scan(e.keyKind.value, refs, known);
        scan(e.value, refs, known);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      for (const e of [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]) scan(e, refs, known);
      return;
    }
    default:
  }
}
