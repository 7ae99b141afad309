import { IConstruct } from 'constructs';

/** The construct metadata type under which this library records warnings. */
export const WARNING_METADATA_TYPE = 'cdk8s-knative:warning';

/**
 * Records a warning on `scope` (construct metadata of type
 * {@link WARNING_METADATA_TYPE}); a whole-app synth prints it to stderr with
 * the construct path. Warnings never fail synth.
 */
export function addWarning(scope: IConstruct, message: string): void {
  if (!warningsOf(scope).includes(message)) {
    scope.node.addMetadata(WARNING_METADATA_TYPE, message);
  }
}

/** The warnings recorded on `scope` itself. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.metadata.filter(m => m.type === WARNING_METADATA_TYPE).map(m => String(m.data));
}

const DEFERRED = Symbol.for('cdk8s-knative.deferredWarnings');

/**
 * Registers warnings that only the whole tree can tell (e.g. a Trigger on an
 * event type no EventType declares): the app's validation calls `producer`
 * when the app is synthesized and prints what it returns with `scope`'s path.
 */
export function deferWarnings(scope: IConstruct, producer: () => string[]): void {
  const holder = scope as unknown as Record<symbol, (() => string[])[] | undefined>;
  let list = holder[DEFERRED];
  if (!list) {
    list = [];
    Object.defineProperty(scope, DEFERRED, { value: list, enumerable: false });
  }
  list.push(producer);
}

/** The warnings the producers registered on `scope` (with {@link deferWarnings}) give now. */
export function deferredWarningsOf(scope: IConstruct): string[] {
  const list = (scope as unknown as Record<symbol, (() => string[])[] | undefined>)[DEFERRED] ?? [];
  const out: string[] = [];
  for (const produce of list) for (const m of produce()) if (!out.includes(m)) out.push(m);
  return out;
}
