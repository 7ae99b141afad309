import { Construct } from 'constructs';
import { checkPropTypes } from '../core/errors';
import { SecretBase, SecretBaseProps } from './secret-base';

/** Props of {@link GitSshSecret}. */
export interface GitSshSecretProps extends SecretBaseProps {
  /**
   * Git hosts the key is for, e.g. `github.com`; each becomes a
   * `tekton.dev/git-<n>: <host>` annotation.
   * A host may be a Helm chart value (`asString()`), then a bare host such as
   * `github.com` (no scheme or path); one list value for all hosts is refused.
   */
  readonly gitHosts: string[];
  /**
   * Require a `known_hosts` key so the host's identity is verified. Without
   * it, git accepts any host key, which lets a man in the middle read the
   * repository.
   * @default true
   */
  readonly requireKnownHosts?: boolean;
}

/**
 * Git over SSH: a `kubernetes.io/ssh-auth` Secret with the keys
 * `ssh-privatekey` and `known_hosts`, annotated for Tekton's git credential
 * matching.
 *
 * @see https://tekton.dev/docs/pipelines/auth/#configuring-ssh-auth-authentication-for-git
 */
export class GitSshSecret extends SecretBase {
  constructor(scope: Construct, id: string, props: GitSshSecretProps) {
    const requireKnownHosts = props?.requireKnownHosts !== false;
    super(scope, id, props, {
      secretType: 'kubernetes.io/ssh-auth',
      requiredKeys: requireKnownHosts ? ['ssh-privatekey', 'known_hosts'] : ['ssh-privatekey'],
      optionalKeys: requireKnownHosts ? [] : ['known_hosts'],
      tektonHosts: { field: 'gitHosts', family: 'git', hosts: props?.gitHosts, withScheme: false, required: true },
    });
    checkPropTypes(this, props, { requireKnownHosts: 'boolean' });
  }
}
