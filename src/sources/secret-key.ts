import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { checkValue } from '../core/errors';
import { ValueRule } from '../core/install-values';

/** One key of a Kubernetes Secret. */
export interface SecretKey {
  /** The Secret (of the app, or imported with `kplus.Secret.fromSecretName()`). */
  readonly secret: kplus.ISecret;
  /** The key in the Secret's data; a chart value too (checked at install). */
  readonly key: string;
}

/** A Secret data key (Kubernetes' rule for the keys of `data`). */
const SECRET_KEY_RULE: ValueRule = {
  pattern: '^[-._a-zA-Z0-9]+$',
  allowed: 'must be a Secret data key: letters, digits, \'-\', \'_\' and \'.\'',
};

/**
 * Renders `{ secretKeyRef: { name, key } }` (the shape Knative sources take
 * for a secret value), checking that the key is a valid Secret data key (a
 * chart value's default now, its value at install). `field` names the prop in errors.
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
  checkValue(scope, `${field}.key`, ref.key ?? '', SECRET_KEY_RULE);
  return { secretKeyRef: { name: ref.secret.name, key: ref.key } };
}
