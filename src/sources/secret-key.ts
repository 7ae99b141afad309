import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { check } from '../core/errors';

/** One key of a Kubernetes Secret. */
export interface SecretKey {
  /** The Secret (of the app, or imported with `kplus.Secret.fromSecretName()`). */
  readonly secret: kplus.ISecret;
  /** The key in the Secret's data. */
  readonly key: string;
}

/**
 * Renders `{ secretKeyRef: { name, key } }` (the shape Knative sources take
 * for a secret value), checking that the key is a valid Secret data key.
 * `field` names the prop in errors.
 * @internal
 */
export function renderSecretKey(scope: IConstruct, field: string, ref: SecretKey): {
  /** Selects one key of a Secret (Kubernetes' `SecretKeySelector`). */
  secretKeyRef: {
    /** The Secret's name. */
    name: string;
    /** The key in the Secret's data. */
    key: string;
  };
} {
  check(/^[-._a-zA-Z0-9]+$/.test(ref.key ?? ''), scope, `${field}.key`, ref.key,
    'must be a Secret data key: letters, digits, \'-\', \'_\' and \'.\'');
  return { secretKeyRef: { name: ref.secret.name, key: ref.key } };
}
