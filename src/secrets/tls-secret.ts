import { Construct } from 'constructs';
import { checkPropTypes } from '../core/errors';
import { SecretBase, SecretBaseProps } from './secret-base';

/** Props of {@link TlsSecret}. */
export interface TlsSecretProps extends SecretBaseProps {
  /**
   * Whether the Secret also carries `ca.crt`, the CA that client
   * certificates must chain to (Istio `MUTUAL` gateways read it from there).
   * @default false
   */
  readonly withCaCertificate?: boolean;
}

/**
 * A TLS certificate and key: a `kubernetes.io/tls` Secret with the keys
 * `tls.crt` and `tls.key` (and `ca.crt` when asked), e.g. the
 * `credentialName` of an Istio gateway server.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export class TlsSecret extends SecretBase {
  /** Whether `ca.crt` is one of the keys. */
  public readonly withCaCertificate: boolean;

  constructor(scope: Construct, id: string, props: TlsSecretProps) {
    const withCa = props?.withCaCertificate === true;
    super(scope, id, props, {
      secretType: 'kubernetes.io/tls',
      requiredKeys: withCa ? ['tls.crt', 'tls.key', 'ca.crt'] : ['tls.crt', 'tls.key'],
    });
    checkPropTypes(this, props, { withCaCertificate: 'boolean' });
    this.withCaCertificate = withCa;
  }
}
