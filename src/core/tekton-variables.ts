/**
 * Tekton's `$(...)` variable substitution, read from strings: which params,
 * workspaces, results and pipeline tasks a field refers to. Shared by the
 * build constructs (early checks) and the Tekton semantic rules (checks over
 * manifests), so it sits below both.
 * @see https://tekton.dev/docs/pipelines/variables/
 */

/** One `$(...)` reference found in a string. */
export interface VariableReference {
  /** What the reference points at. */
  readonly kind: 'param' | 'workspace' | 'result' | 'task-result' | 'task-status';
  /** The param, workspace or result name; for task references, the pipeline task name. */
  readonly name: string;
  /** For `task-result`: the result name. */
  readonly result?: string;
  /**
   * For `param`: what follows the name. `key` for `.key` or `["key"]` (all
   * dot-separated components, e.g. `a.b` for `$(params.x.a.b)`), `index` for
   * `[0]`, `star` for `[*]`; none of them for the whole param.
   */
  readonly key?: string;
  /** For `param`: the index of `$(params.x[0])`. */
  readonly index?: number;
  /** For `param`: `$(params.x[*])`. */
  readonly star?: boolean;
  /**
   * For `result`: `$(results["x"].path)`, which Tekton's webhook regex does not match (it is substituted at run
   * time). For `param`: Tekton's webhook does not read this as a param reference
   * (`$(params["a"][0])`, `$(params["a"][*])`: its regex does not match them),
   * so it never rejects it, whatever it names; it is substituted at run time.
   */
  readonly unseen?: boolean;
  /** The whole expression, e.g. `$(params.url)`. */
  readonly expression: string;
}

/*
 * Param references are read the way Tekton's webhook extracts them
 * (tektoncd/pipeline pkg/substitution/substitution.go, braceMatchingRegex with
 * parameterSubstitution `.*?(\[\*\])?`): `$(params.` and anything up to the
 * first `)`, or `$(params["` / `$(params['` and anything up to the first
 * `"])` / `'])`. So `$(params["o"]["k"])` names a param called `o"]["k`
 * (which Tekton rejects as undeclared), not key k of param o; and
 * `$(params["a"][0])` is not matched at all (see PARAM_UNSEEN).
 *
 * Tekton's Go regex runs in linear time; the same regex in JavaScript
 * (`.*?` from every `$(params` to the end) does not, so {@link paramMatches}
 * finds the same matches with `indexOf` and remembered positions instead.
 */
interface ParamMatch { readonly index: number; readonly expression: string; readonly captured: string; readonly dotted: boolean }

/** The next index of `needle` at or after `from`, remembering the last answer so that rising `from`s cost linear time in all. */
function finder(text: string, needle: string): (from: number) => number {
  let at = -2;
  let after = -1;
  return from => {
    if (at === -2 || from > at || from < after) {
      at = text.indexOf(needle, from);
      after = from;
      if (at < 0) at = Number.MAX_SAFE_INTEGER;
    }
    return at === Number.MAX_SAFE_INTEGER ? -1 : at;
  };
}

/**
 * Matches of Tekton's param regex, in order, as `String.matchAll` with the
 * regex `\$\(params(?:\.(.*?(?:\[\*\])?)|\["(.*?(?:\[\*\])?)"\]|\['(.*?(?:\[\*\])?)'\])\)`
 * gives them: `.` never crosses a line end, and the lazy part ends at the
 * first `)`, `"])` or `'])`.
 */
function paramMatches(text: string): ParamMatch[] {
  const out: ParamMatch[] = [];
  const lineEnds = ['\n', '\r', '\u2028', '\u2029'].map(c => finder(text, c));
  const nextLineEnd = (from: number) => {
    let min = -1;
    for (const f of lineEnds) {
      const i = f(from);
      if (i >= 0 && (min < 0 || i < min)) min = i;
    }
    return min < 0 ? text.length : min;
  };
  const close = { '.': finder(text, ')'), '"': finder(text, '"])'), "'": finder(text, "'])") };
  let pos = 0;
  for (;;) {
    const start = text.indexOf('$(params', pos);
    if (start < 0) break;
    const c = text[start + 8];
    const quoted = c === '[' && (text[start + 9] === '"' || text[start + 9] === "'");
    if (c !== '.' && !quoted) {
      pos = start + 1;
      continue;
    }
    const kind = c === '.' ? '.' : text[start + 9] as '"' | "'";
    const from = start + (kind === '.' ? 9 : 10);
    const end = close[kind](from);
    if (end < 0 || end > nextLineEnd(from)) {
      pos = start + 1;
      continue;
    }
    const stop = end + (kind === '.' ? 1 : 3);
    out.push({ index: start, expression: text.slice(start, stop), captured: text.slice(from, end), dotted: kind === '.' });
    pos = stop;
  }
  return out;
}

// $(params["a"][0]), $(params['a'][*]): substituted at run time, but Tekton's webhook regex does not match them
const PARAM_UNSEEN = /\$\(params\[(?:"([^"]+)"|'([^']+)')\](\[(?:\*|[0-9]+)\])\)/g;
// Tekton's TrimArrayIndex: drops every `[int]` and `[*]`
const ARRAY_INDEX = /\[[0-9]*\*?\]/g;

/** `text` without a trailing `[...]` (the leftmost `[` after the last other `]`), in linear time. */
function dropTrailingIndex(text: string): string {
  if (!text.endsWith(']')) return text;
  const open = text.indexOf('[', text.lastIndexOf(']', text.length - 2) + 1);
  return open >= 0 && open < text.length - 1 ? text.slice(0, open) : text;
}

/** Name and accessor of one param reference, from what Tekton's regex captured (`dotted`: the `$(params.` form). */
function paramParts(captured: string, dotted: boolean): Pick<VariableReference, 'name' | 'key' | 'index' | 'star'> {
  const dot = dotted ? captured.indexOf('.') : -1;
  if (dot >= 0) {
    // $(params.o.k), $(params.o.k[*]): Tekton reads key k of param o (more than two components: rejected)
    return { name: captured.slice(0, dot), key: dropTrailingIndex(captured.slice(dot + 1)) };
  }
  const name = captured.replace(ARRAY_INDEX, '');
  const rest = captured.slice(name.length);
  if (!captured.startsWith(name) || rest === '') return { name };
  if (rest === '[*]') return { name, star: true };
  const index = /^\[([0-9]+)\]$/.exec(rest);
  return index ? { name, index: Number(index[1]) } : { name };
}
const WORKSPACE = /\$\(workspaces\.([^.)\s]+)\.(?:path|bound|claim|volume)\)/g;
const RESULT = /\$\(results\.([^.)\s[]+)\.path\)|\$\(results\[(?:"([^"]+)"|'([^']+)')\]\.path\)/g;
const TASK_RESULT = /\$\(tasks\.([^.)\s]+)\.results\.([^.)\s[]+)(?:\[[^\]]*\]|\.[A-Za-z0-9_-]+)?\)/g;
const TASK_STATUS = /\$\(tasks\.([^.)\s]+)\.status\)/g;

/**
 * All `$(...)` references in `text`, in order of appearance per kind.
 * @internal
 */
export function findVariables(text: string): VariableReference[] {
  const found: VariableReference[] = [];
  const seen: Array<[number, number]> = [];
  for (const m of paramMatches(text)) {
    found.push({ kind: 'param', ...paramParts(m.captured, m.dotted), expression: m.expression });
    seen.push([m.index, m.index + m.expression.length]);
  }
  // Both lists are in text order: one pointer finds the match that may cover each unseen one.
  let cover = 0;
  for (const m of text.matchAll(PARAM_UNSEEN)) {
    while (cover < seen.length && seen[cover][1] <= m.index!) cover++;
    if (cover < seen.length && m.index! >= seen[cover][0] && m.index! < seen[cover][1]) continue;
    found.push({ kind: 'param', ...paramParts(`${m[1] ?? m[2]}${m[3]}`, false), unseen: true, expression: m[0] });
  }
  for (const m of text.matchAll(WORKSPACE)) found.push({ kind: 'workspace', name: m[1], expression: m[0] });
  // $(results["x"].path): substituted at run time, but Tekton's webhook regex (pkg/substitution) does not match it
  for (const m of text.matchAll(RESULT)) found.push({ kind: 'result', name: m[1] ?? m[2] ?? m[3], ...(m[1] === undefined ? { unseen: true } : {}), expression: m[0] });
  for (const m of text.matchAll(TASK_RESULT)) found.push({ kind: 'task-result', name: m[1], result: m[2], expression: m[0] });
  for (const m of text.matchAll(TASK_STATUS)) found.push({ kind: 'task-status', name: m[1], expression: m[0] });
  return found;
}

/** A string somewhere inside a JSON value, with its dotted field path. */
export interface StringAt {
  /** Dotted path of the string, with `[i]` for list items, e.g. `spec.steps[0].script`. */
  readonly path: string;
  /** The string itself. */
  readonly value: string;
}

/** Every string inside `value` (object values and array items), with paths under `base`. */
export function stringsIn(value: unknown, base: string): StringAt[] {
  if (typeof value === 'string') return [{ path: base, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${base}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, base ? `${base}.${k}` : k));
  }
  return [];
}

/** A declared param, as the shape checks of {@link paramShapeIssue} see it. */
export interface DeclaredParam {
  readonly type: 'string' | 'array' | 'object';
  /** For object params: the keys `properties` declares. */
  readonly keys?: readonly string[];
}

/**
 * Where a param reference sits, as Tekton's admission webhook tells places apart:
 * - `item`: a string that may stand for a whole array when it is exactly one
 *   reference (an item of a step's `command` / `args`, an item of an array
 *   param value, a `when` value);
 * - `param-value`: the string value of a pipeline task param, which may be
 *   exactly `$(params.x[*])` to pass a whole array or object on;
 * - `field`: any other string Tekton checks (a step's script, image,
 *   workingDir, env value, volume mount; a `when` input; a value of an object
 *   param value).
 */
export type ParamPlace = 'item' | 'param-value' | 'field';

/** What is wrong with the shape of a param reference. */
export interface ParamShapeIssue {
  /** `error`: Tekton's webhook rejects it; `warning`: Tekton admits it but leaves the text unsubstituted. */
  readonly severity: 'error' | 'warning';
  /**
   * Which of Tekton's checks rejects it: `array` (array usage, checked in every
   * Task spec, also embedded ones), or `usage` (declared keys, whole objects,
   * components; Tekton checks them for a Task or Pipeline created directly and
   * for taskSpecs embedded in one, not for a PipelineRun's pipelineSpec).
   */
  readonly check: 'array' | 'usage';
  /** What is wrong and what to write instead (without the expression itself). */
  readonly message: string;
}

/**
 * Tekton's rules for the shape of a reference to a declared param (read from
 * tektoncd/pipeline `pkg/apis/pipeline/v1` task_validation.go
 * `ValidateUsageOfDeclaredParameters` / `validateArrayUsage` /
 * `validateObjectUsage`, param_types.go `validatePipelineParametersVariablesInTaskParameters`,
 * when_validation.go, and `pkg/substitution`):
 * - at most two dot-separated components: `$(params.x.k)`, never `$(params.x.k.j)`;
 * - string params: only `$(params.s)` is substituted; `.k`, `[0]` and `[*]` are
 *   admitted and left as written (a warning);
 * - array params: `$(params.a[0])` anywhere (beta, on by default:
 *   `enable-api-fields` other than `stable`); the whole array (`$(params.a)`,
 *   `$(params.a[*])`) only as exactly one `item`, or as the entire
 *   `param-value` with `[*]`; `$(params.a.k)` is rejected except alone in an
 *   item, where it is admitted and left as written;
 * - object params: `$(params.o.k)` for a key `properties` declares; the whole
 *   object only as the entire `param-value` `$(params.o[*])`;
 *   `$(params.o[0])` is admitted and left as written.
 * @internal
 */
export function paramShapeIssue(ref: VariableReference, value: string, place: ParamPlace, param: DeclaredParam): ParamShapeIssue | undefined {
  const error = (message: string, check: 'array' | 'usage' = 'usage'): ParamShapeIssue => ({ severity: 'error', check, message });
  const warning = (message: string): ParamShapeIssue => ({ severity: 'warning', check: 'usage', message });
  const whole = ref.key === undefined && ref.index === undefined;
  if (ref.key?.includes('.') && ref.expression.startsWith('$(params.')) {
    return error(`the reference has more than two dot-separated components; Tekton allows $(params.<name>) or $(params.<name>.<key>)`);
  }
  if (place === 'param-value' && value === ref.expression && ref.star) {
    return param.type === 'string'
      ? warning(`param "${ref.name}" is a string; Tekton passes $(params.${ref.name}[*]) on as written (only $(params.${ref.name}) is substituted)`)
      : undefined;
  }
  const alone = place === 'item' && value === ref.expression;
  switch (param.type) {
    case 'string':
      return whole && !ref.star ? undefined
        : warning(`param "${ref.name}" is a string, with no keys or items; Tekton admits the reference but leaves it as written (only $(params.${ref.name}) is substituted)`);
    case 'array':
      if (ref.index !== undefined) return undefined;
      if (ref.key !== undefined) {
        return alone
          ? warning(`array param "${ref.name}" has no keys; Tekton admits the reference alone in an item but leaves it as written`)
          : error(`array param "${ref.name}" has no keys; read one item, $(params.${ref.name}[0]), or the whole array, $(params.${ref.name}[*]) alone in an item of args or command`, 'array');
      }
      return alone ? undefined
        : error(`a whole array param may only stand alone in an item of args or command (or of an array value); read one item here, $(params.${ref.name}[0])`, 'array');
    case 'object':
      if (ref.key !== undefined) {
        return param.keys === undefined || param.keys.includes(ref.key) ? undefined
          : error(`object param "${ref.name}" declares no key "${ref.key}"; its keys: ${param.keys.join(', ') || '(none)'}`);
      }
      if (ref.index !== undefined) {
        return warning(`object param "${ref.name}" has no items; Tekton admits the reference but leaves it as written; read a key, $(params.${ref.name}.<key>)`);
      }
      return error(`a whole object param may only be passed on as the entire value of a pipeline task param, $(params.${ref.name}[*]); read a key here, $(params.${ref.name}.<key>)`);
  }
}
