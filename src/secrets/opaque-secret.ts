import { Construct } from 'constructs';
import { check } from '../core';
import { checkPropTypes } from '../core/errors';
import { isSecretKey, SecretBase, SecretBaseProps, SECRET_KEY_RULE } from './secret-base';
import { SecretSourceKind } from './secret-source';

/** Props of {@link OpaqueSecret}. */
export interface OpaqueSecretProps extends SecretBaseProps {
  /**
   * The keys of the Secret. With an external source each key is read from
   * the same-named property of the remote value; with sealed or plaintext
   * data they must match the data's keys.
   * @default - the keys of the source's data; for an external source
   * without a property map, the whole remote object is extracted
   */
  readonly keys?: string[];
}

/**
 * Generic application data: an `Opaque` Secret with any keys (API tokens,
 * database passwords...).
 */
export class OpaqueSecret extends SecretBase {
  constructor(scope: Construct, id: string, props: OpaqueSecretProps) {
    super(scope, id, props, {
      secretType: 'Opaque',
      requiredKeys: Array.isArray(props?.keys) ? [...props.keys] : undefined,
    });
    checkPropTypes(this, props, { keys: 'stringList' });
    if (props.keys !== undefined) {
      check(props.keys.length > 0 && new Set(props.keys).size === props.keys.length, this, 'keys', props.keys,
        'must list at least one key, each once');
      props.keys.forEach((key, i) => check(isSecretKey(key), this, `keys[${i}]`, key, SECRET_KEY_RULE));
    }
    const source = props.source._bind();
    check(source.kind !== SecretSourceKind.UNSAFE_PLAINTEXT || Object.keys(source.plaintext!).length > 0,
      this, 'source', {}, 'plaintext data must have at least one key');
  }
}
