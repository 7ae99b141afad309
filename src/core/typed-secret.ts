import * as kplus from 'cdk8s-plus-27';

/**
 * A Secret whose type and keys this library knows (the typed secrets:
 * `TlsSecret`, `RegistrySecret`, `GitSshSecret`...). Constructs that take a
 * `kplus.ISecret` check what a typed secret tells them (a gateway
 * certificate must be a `kubernetes.io/tls` Secret, a build credential must
 * carry Tekton annotations) and accept any other Secret unchecked.
 */
export interface ITypedSecret extends kplus.ISecret {
  /** The Kubernetes Secret type, e.g. `kubernetes.io/tls`. */
  readonly secretType: string;
  /**
   * The keys the Secret has, when they are known.
   * @default - unknown (any key may be read)
   */
  readonly keys?: string[];
  /** Annotations the Secret carries, e.g. `tekton.dev/git-0`. */
  readonly annotations: { [key: string]: string };
  /**
   * The namespace of the Secret, when known.
   * @default - unknown
   */
  readonly namespaceName?: string;
}

/** True when `secret` tells its type and keys (it implements {@link ITypedSecret}). */
export function isTypedSecret(secret: kplus.ISecret): secret is ITypedSecret {
  const s = secret as Partial<ITypedSecret>;
  return typeof s.secretType === 'string' && typeof s.annotations === 'object' && s.annotations !== null;
}
