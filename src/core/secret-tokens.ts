import { IConstruct } from 'constructs';

/**
 * Secret chart values (`ChartValue` with `secret: true`, src/helm) may only be
 * written where a Secret's data is written. Constructs below the helm layer
 * ask here whether a prop holds one, without importing that layer: the
 * app's chart value registry is a construct under the app root with this id,
 * and answers {@link SecretTokenOracle}.
 */

/** Construct id of an app's chart value registry (a child of the app root). */
export const CHART_VALUE_REGISTRY_ID = 'cdk8s-knative.ChartValues';

/** What the chart value registry answers (internal). */
export interface SecretTokenOracle {
  /** The paths of the secret chart values whose tokens `x` holds (a string, number or token object). */
  _secretPathsIn(x: unknown): string[];
}

/** The paths of the secret chart values `x` holds (empty when the app has none). */
export function secretTokenPaths(scope: IConstruct, x: unknown): string[] {
  if (x === undefined || x === null) return [];
  const registry = scope.node.root.node.tryFindChild(CHART_VALUE_REGISTRY_ID) as Partial<SecretTokenOracle> | undefined;
  return typeof registry?._secretPathsIn === 'function' ? registry._secretPathsIn(x) : [];
}

/** How to pass a secret chart value to a container, for error messages. */
export const SECRET_CHART_VALUE_FIX = 'put it in a Secret (e.g. an OpaqueSecret with '
  + '`SecretSource.unsafePlaintext({ key: value.asString() })`, whose data the chart fills at install) '
  + 'and reference it (`secret.envValue(key)`, a volume, a secretKeyRef)';
