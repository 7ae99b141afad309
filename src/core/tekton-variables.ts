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
  /** The whole expression, e.g. `$(params.url)`. */
  readonly expression: string;
}

// $(params.name), $(params.name[*]), $(params.name.key), $(params.name[0])
const PARAM_DOT = /\$\(params\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\]|\.[A-Za-z0-9_-]+)?\)/g;
// $(params["name"]) and $(params['name']), optionally followed by [*] or ["key"]
const PARAM_BRACKET = /\$\(params\[(?:"([^"]+)"|'([^']+)')\](?:\[[^\]]*\])?\)/g;
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
  for (const m of text.matchAll(PARAM_DOT)) found.push({ kind: 'param', name: m[1], expression: m[0] });
  for (const m of text.matchAll(PARAM_BRACKET)) found.push({ kind: 'param', name: m[1] ?? m[2], expression: m[0] });
  for (const m of text.matchAll(WORKSPACE)) found.push({ kind: 'workspace', name: m[1], expression: m[0] });
  for (const m of text.matchAll(RESULT)) found.push({ kind: 'result', name: m[1] ?? m[2] ?? m[3], expression: m[0] });
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
