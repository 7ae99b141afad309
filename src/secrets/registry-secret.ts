import { Construct } from 'constructs';
import { SecretBase, SecretBaseProps } from './secret-base';

/** Props of {@link RegistrySecret}. */
export interface RegistrySecretProps extends SecretBaseProps {
  /**
   * Registry hosts the credentials are for, e.g. `ghcr.io`. Each becomes a
   * `tekton.dev/docker-<n>` annotation so Tekton builds use the Secret for it.
   * A host may be a Helm chart value (`asString()`), then a bare host such as
   * `ghcr.io` (the annotation adds the scheme); one list value for all hosts is refused.
   * @default - no Tekton annotations (image pulls work without them)
   */
  readonly registries?: string[];
}

/** Options of {@link RegistrySecret.dockerConfigJson}. */
export interface DockerConfigJsonOptions {
  /** Registry host, e.g. `ghcr.io`. */
  readonly server: string;
  /** The user name to log in to the registry with. */
  readonly username: string;
  /** The password or access token of `username` (kept in clear text in the rendered JSON and its base64 `auth`). */
  readonly password: string;
}

/**
 * Container registry credentials: a `kubernetes.io/dockerconfigjson` Secret
 * with the key `.dockerconfigjson`, for image pulls (ServiceAccount
 * `imagePullSecrets`) and Tekton image pushes.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#docker-config-secrets
 */
export class RegistrySecret extends SecretBase {
  /** The only key of the Secret. */
  public static readonly KEY = '.dockerconfigjson';

  /**
   * Renders a `.dockerconfigjson` value, for `SecretSource.unsafePlaintext()`
   * in local setups and tests.
   */
  public static dockerConfigJson(options: DockerConfigJsonOptions): string {
    const auth = Buffer.from(`${options.username}:${options.password}`).toString('base64');
    return JSON.stringify({ auths: { [options.server]: { username: options.username, password: options.password, auth } } });
  }

  constructor(scope: Construct, id: string, props: RegistrySecretProps) {
    super(scope, id, props, {
      secretType: 'kubernetes.io/dockerconfigjson',
      requiredKeys: [RegistrySecret.KEY],
      tektonHosts: { field: 'registries', family: 'docker', hosts: props?.registries, withScheme: true, required: false },
    });
  }
}
