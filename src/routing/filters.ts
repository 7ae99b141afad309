/**
 * Trigger filters with the semantics of Knative's broker filter
 * (knative/eventing `pkg/eventfilter`): the `filter.attributes` map, and the
 * Subscriptions API `filters` (exact, prefix, suffix, all, any, not, cesql),
 * which take precedence when there are any.
 *
 * A filter answers pass, fail or "no filter"; only fail drops the event.
 * `all` fails on the first failing filter and otherwise answers what the last
 * one answered; `any` passes on the first passing filter and otherwise answers
 * what the last one answered; `not` swaps pass and fail. A filter Knative
 * cannot build (an empty exact/prefix/suffix key or value, a CESQL expression
 * that does not parse, no dialect) is skipped, as the broker does; the
 * webhook would have rejected most of them, which {@link CompiledFilter.rejected} says.
 */
import { CesqlNode, parseCesql, printCesql } from '../core/cesql';
import { CesqlEvalError, CesqlValue, evaluateCesql } from './cesql-eval';
import { cesqlView, EventData, goString, lookupAttribute } from './event-model';

/** What a filter answers for an event. */
export type FilterVerdict = 'pass' | 'fail' | 'none';

/** A filter's verdict, with why it failed. */
export interface FilterOutcome {
  readonly verdict: FilterVerdict;
  /** Why the filter failed (empty unless it failed). */
  readonly reason?: string;
}

/** Whether an event with partly known attributes can pass a filter. */
export type Possibility = 'no' | 'maybe';

/** Attributes known for a producer's events; the others may be anything. */
export interface PartialEvent {
  readonly known: Readonly<Record<string, string>>;
}

interface Node {
  evaluate(e: EventData): FilterOutcome;
  possible(p: PartialEvent): Possibility;
  describe(): string;
}

/** A Trigger's filter, ready to evaluate. */
export interface CompiledFilter {
  evaluate(e: EventData): FilterOutcome;
  /** 'no' when no event with the known attributes can pass. */
  possible(p: PartialEvent): Possibility;
  /** A short description, for graphs (empty: no filter). */
  describe(): string;
  /** Why Knative's webhook rejects the filter, if it does. */
  readonly rejected: string[];
}

const PASS: FilterOutcome = { verdict: 'pass' };
const NONE: FilterOutcome = { verdict: 'none' };
const fail = (reason: string): FilterOutcome => ({ verdict: 'fail', reason });

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

class Unknown extends Error {}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The attributes filter (`spec.filter.attributes`); `""` matches any non-empty value. */
function attributesFilter(attrs: Record<string, string>): Node {
  return {
    evaluate(e) {
      for (const [k, v] of Object.entries(attrs)) {
        const value = lookupAttribute(e, k);
        if (value === undefined) return fail(`the event has no attribute ${k}`);
        if (v === '' && value === '') return fail(`attribute ${k} is empty`);
        // Knative compares the filter's string with the attribute's value as is: a number or
        // boolean extension (JSON format) never equals a string.
        if (v !== '' && v !== value) return fail(`${k} is ${JSON.stringify(value)}, not ${JSON.stringify(v)}`);
      }
      return PASS;
    },
    possible(p) {
      for (const [k, v] of Object.entries(attrs)) {
        const known = p.known[k];
        if (known !== undefined && v !== '' && known !== v) return 'no';
      }
      return 'maybe';
    },
    describe: () => Object.entries(attrs).map(([k, v]) => (v === '' ? `${k} exists` : `${k} = ${v}`)).join(', '),
  };
}

function stringMatch(dialect: 'exact' | 'prefix' | 'suffix', attrs: Record<string, string>): Node {
  const test = (s: string, v: string) => (dialect === 'exact' ? s === v : dialect === 'prefix' ? s.startsWith(v) : s.endsWith(v));
  const verb = dialect === 'exact' ? 'is not' : dialect === 'prefix' ? 'does not start with' : 'does not end with';
  return {
    evaluate(e) {
      for (const [k, v] of Object.entries(attrs)) {
        const value = lookupAttribute(e, k);
        if (value === undefined) return fail(`the event has no attribute ${k}`);
        const s = goString(value);
        if (!test(s, v)) return fail(`${k} ${JSON.stringify(s)} ${verb} ${JSON.stringify(v)}`);
      }
      return PASS;
    },
    possible(p) {
      for (const [k, v] of Object.entries(attrs)) {
        const known = p.known[k];
        if (known !== undefined && !test(known, v)) return 'no';
      }
      return 'maybe';
    },
    describe: () => Object.entries(attrs).map(([k, v]) => `${k} ${dialect === 'exact' ? '=' : dialect === 'prefix' ? 'starts with' : 'ends with'} ${v}`).join(', '),
  };
}

function allFilter(nodes: Node[]): Node {
  if (nodes.length === 1) return nodes[0];
  return {
    evaluate(e) {
      let res: FilterOutcome = NONE;
      for (const n of nodes) {
        res = n.evaluate(e);
        if (res.verdict === 'fail') return res;
      }
      return res;
    },
    possible: p => (nodes.some(n => n.possible(p) === 'no') ? 'no' : 'maybe'),
    describe: () => nodes.map(n => n.describe()).join(' AND '),
  };
}

function anyFilter(nodes: Node[]): Node {
  if (nodes.length === 1) return nodes[0];
  return {
    evaluate(e) {
      let res: FilterOutcome = NONE;
      const reasons: string[] = [];
      for (const n of nodes) {
        res = n.evaluate(e);
        if (res.verdict === 'pass') return res;
        if (res.reason) reasons.push(res.reason);
      }
      return res.verdict === 'fail' ? fail(`no filter of any matches (${reasons.join('; ')})`) : res;
    },
    // `any` answers what its last filter answered when none passed: it cannot pass only when
    // every filter cannot pass and the last one fails rather than answering "no filter".
    possible: p => (nodes.length > 0 && nodes.every(n => n.possible(p) === 'no') ? 'no' : 'maybe'),
    describe: () => `(${nodes.map(n => n.describe()).join(' OR ')})`,
  };
}

function notFilter(inner: Node | undefined): Node {
  return {
    evaluate(e) {
      if (!inner) return NONE;
      const r = inner.evaluate(e);
      return r.verdict === 'fail' ? PASS : r.verdict === 'pass' ? fail(`the filter under not matches (${inner.describe()})`) : NONE;
    },
    possible: () => 'maybe',
    describe: () => (inner ? `NOT (${inner.describe()})` : ''),
  };
}

function cesqlFilter(expr: string, node: CesqlNode): Node {
  return {
    evaluate(e) {
      let v: CesqlValue;
      try {
        v = evaluateCesql(node, cesqlView(e));
      } catch (err) {
        if (err instanceof CesqlEvalError) return fail(`cesql ${expr}: ${err.message}, so the filter fails`);
        throw err;
      }
      if (v === true) return PASS;
      if (v === false) return fail(`cesql ${expr} is false`);
      return fail(`cesql ${expr} yields ${typeof v === 'number' ? 'an Integer' : 'a String'}, not a Boolean`);
    },
    possible(p) {
      return possibleCesql(node, p);
    },
    describe: () => printCesql(node),
  };
}

/** Whether `node` can be true for an event whose attributes are partly known. */
function possibleCesql(node: CesqlNode, p: PartialEvent): Possibility {
  if (node.type === 'binary' && node.op === 'AND') {
    return possibleCesql(node.left, p) === 'no' || possibleCesql(node.right, p) === 'no' ? 'no' : 'maybe';
  }
  if (node.type === 'binary' && node.op === 'OR') {
    return possibleCesql(node.left, p) === 'no' && possibleCesql(node.right, p) === 'no' ? 'no' : 'maybe';
  }
  const view = {
    get(name: string): CesqlValue {
      const v = p.known[name];
      if (v === undefined) throw new Unknown();
      return v;
    },
    has(name: string): boolean {
      if (p.known[name] !== undefined) return true;
      throw new Unknown();
    },
  };
  try {
    return evaluateCesql(node, view) === true ? 'maybe' : 'no';
  } catch (e) {
    if (e instanceof Unknown) return 'maybe';
    if (e instanceof CesqlEvalError) return 'no';
    throw e;
  }
}

/** The dialects a Subscriptions API filter sets, in the order Knative checks them. */
export function dialectsOf(f: Record<string, unknown>): string[] {
  const out: string[] = [];
  const nonEmptyMap = (v: unknown) => isRecord(v) && Object.keys(v).length > 0;
  if (nonEmptyMap(f.exact)) out.push('exact');
  if (nonEmptyMap(f.prefix)) out.push('prefix');
  if (nonEmptyMap(f.suffix)) out.push('suffix');
  if (Array.isArray(f.all) && f.all.length > 0) out.push('all');
  if (Array.isArray(f.any) && f.any.length > 0) out.push('any');
  if (f.not !== undefined && f.not !== null) out.push('not');
  if (typeof f.cesql === 'string' && f.cesql !== '') out.push('cesql');
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? x : String(x);
  return out;
}

/**
 * Why Knative's webhook rejects a Subscriptions API filter (one dialect; one
 * valid attribute name in exact/prefix/suffix; nested filters; CESQL that parses).
 */
function webhookErrors(raw: unknown, path: string, out: string[]): void {
  if (!isRecord(raw)) {
    out.push(`${path}: not a filter`);
    return;
  }
  const dialects = dialectsOf(raw);
  if (dialects.length > 1) out.push(`${path}: multiple dialects (${dialects.join(', ')}); a filter has only one`);
  for (const d of ['exact', 'prefix', 'suffix'] as const) {
    const keys = Object.keys(stringMap(raw[d]));
    if (keys.length > 1) out.push(`${path}.${d}: ${keys.length} attributes; it has only one`);
    else for (const k of keys) if (!ATTRIBUTE_NAME.test(k)) out.push(`${path}.${d}: invalid attribute name ${JSON.stringify(k)}`);
  }
  for (const d of ['all', 'any'] as const) {
    if (Array.isArray(raw[d])) (raw[d] as unknown[]).forEach((x, i) => webhookErrors(x, `${path}.${d}[${i}]`, out));
  }
  if (raw.not !== undefined && raw.not !== null) webhookErrors(raw.not, `${path}.not`, out);
  if (raw.cesql !== undefined && raw.cesql !== null && raw.cesql !== '') {
    if (typeof raw.cesql !== 'string') {
      out.push(`${path}.cesql: not a string`);
    } else {
      try {
        parseCesql(raw.cesql);
      } catch (e) {
        out.push(`${path}.cesql: does not parse: ${(e as Error).message}`);
      }
    }
  }
}

/** One Subscriptions API filter as the broker builds it; undefined when it cannot (the broker skips it). */
function materialize(raw: unknown): Node | undefined {
  if (!isRecord(raw)) return undefined;
  const dialect = dialectsOf(raw)[0];
  switch (dialect) {
    case 'exact':
    case 'prefix':
    case 'suffix': {
      const m = stringMap(raw[dialect]);
      if (Object.entries(m).some(([k, v]) => k === '' || v === '')) return undefined;
      return stringMatch(dialect, m);
    }
    case 'all':
      return allFilter(list(raw.all as unknown[]));
    case 'any':
      return anyFilter(list(raw.any as unknown[]));
    case 'not':
      return notFilter(materialize(raw.not));
    case 'cesql': {
      let parsed: CesqlNode;
      try {
        parsed = parseCesql(raw.cesql as string);
      } catch {
        return undefined;
      }
      return cesqlFilter(raw.cesql as string, parsed);
    }
    default:
      return undefined;
  }
}

function list(raws: unknown[]): Node[] {
  return raws.map(materialize).filter((n): n is Node => n !== undefined);
}

/**
 * The filter of a Trigger's spec: `filters` when it has any, else
 * `filter.attributes`, else none.
 */
export function compileTriggerFilter(spec: Record<string, unknown>): CompiledFilter {
  const rejected: string[] = [];
  let node: Node | undefined;
  if (Array.isArray(spec.filters) && spec.filters.length > 0) {
    spec.filters.forEach((f, i) => webhookErrors(f, `spec.filters[${i}]`, rejected));
    const nodes = list(spec.filters);
    node = nodes.length === 0 ? undefined : allFilter(nodes);
  } else if (isRecord(spec.filter) && isRecord(spec.filter.attributes)) {
    const attrs = stringMap(spec.filter.attributes);
    for (const k of Object.keys(attrs)) if (!ATTRIBUTE_NAME.test(k)) rejected.push(`spec.filter.attributes: invalid attribute name ${JSON.stringify(k)}`);
    node = attributesFilter(attrs);
  }
  if (!node) {
    return { evaluate: () => NONE, possible: () => 'maybe', describe: () => '', rejected };
  }
  const n = node;
  return { evaluate: e => n.evaluate(e), possible: p => n.possible(p), describe: () => n.describe(), rejected };
}

/** One Subscriptions API filter alone (as in `spec.filters[i]`), for tests and the property check. */
export function compileSubscriptionsFilter(raw: unknown): CompiledFilter {
  return compileTriggerFilter({ filters: [raw] });
}
