import { Construct } from 'constructs';
import { SecretBase, SecretBaseProps } from './secret-base';

/** Props of {@link GitBasicAuthSecret}. */
export interface GitBasicAuthSecretProps extends SecretBaseProps {
  /**
   * Git hosts the credentials are for, e.g. `github.com`; each becomes a
   * `tekton.dev/git-<n>: https://<host>` annotation.
   * A host may be a Helm chart value (`asString()`), then a bare host such as
   * `github.com` (the annotation adds the scheme); one list value for all hosts is refused.
   */
  readonly gitHosts: string[];
}

/**
 * Git over HTTPS with a user name and password or token: a
 * `kubernetes.io/basic-auth` Secret with the keys `username` and `password`,
 * annotated for Tekton's git credential matching.
 *
 * @see https://tekton.dev/docs/pipelines/auth/#configuring-basic-auth-authentication-for-git
 */
export class GitBasicAuthSecret extends SecretBase {
  constructor(scope: Construct, id: string, props: GitBasicAuthSecretProps) {
    super(scope, id, props, {
      secretType: 'kubernetes.io/basic-auth',
      requiredKeys: ['username', 'password'],
      tektonHosts: { field: 'gitHosts', family: 'git', hosts: props?.gitHosts, withScheme: true, required: true },
    });
  }
}
