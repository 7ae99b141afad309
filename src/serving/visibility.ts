/**
 * Who can reach a Service or Route.
 * @see https://knative.dev/docs/serving/services/private-services/
 */
export enum Visibility {
  /** Reachable from outside the cluster through the ingress (Knative's default). */
  EXTERNAL = 'external',
  /** Reachable only inside the cluster, at `<name>.<namespace>.svc.cluster.local`. */
  CLUSTER_LOCAL = 'cluster-local',
}

/** The label Knative reads the visibility from. */
export const VISIBILITY_LABEL = 'networking.knative.dev/visibility';

/** Labels for a visibility (none for the default, external). @internal */
export function visibilityLabels(visibility: Visibility | undefined): Record<string, string> {
  return visibility === Visibility.CLUSTER_LOCAL ? { [VISIBILITY_LABEL]: 'cluster-local' } : {};
}
