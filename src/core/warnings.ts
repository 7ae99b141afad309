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
