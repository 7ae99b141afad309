/**
 * Tekton's `$(...)` expressions the build constructs write. The scanner that
 * reads them back lives in `core/tekton-variables`, shared with the Tekton
 * semantic rules; its public part is re-exported here.
 * @see https://tekton.dev/docs/pipelines/variables/
 */
export { stringsIn } from '../core/tekton-variables';
export type { StringAt, VariableReference } from '../core/tekton-variables';

/**
 * `$(params.<name>)`, the expression that reads a param (bracket form for dotted names).
 * @internal
 */
export function paramExpression(name: string): string {
  return name.includes('.') ? `$(params["${name}"])` : `$(params.${name})`;
}

/** `$(workspaces.<name>.path)`, where a Task's workspace is mounted. */
export function workspacePath(name: string): string {
  return `$(workspaces.${name}.path)`;
}

/** `$(results.<name>.path)`, the file a step writes a Task result to (bracket form for dotted names). */
export function resultPath(name: string): string {
  return name.includes('.') ? `$(results["${name}"].path)` : `$(results.${name}.path)`;
}
