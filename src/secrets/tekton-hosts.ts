import { IConstruct } from 'constructs';
import { check, isDns1123Subdomain } from '../core';

/** Tekton's credential families, the middle part of `tekton.dev/<family>-<n>`. */
export type TektonCredentialFamily = 'git' | 'docker';

/**
 * Builds Tekton's credential-matching annotations (`tekton.dev/git-0`,
 * `tekton.dev/docker-0`, ...) from host names. Tekton's credential
 * initializer only hands a Secret to a step for the hosts its annotations name.
 *
 * @param withScheme `true` renders `https://host` (basic-auth and registries),
 *   `false` the bare host (SSH)
 * @param required fail when no host is given
 * @see https://tekton.dev/docs/pipelines/auth/
 */
export function tektonHostAnnotations(scope: IConstruct, field: string, family: TektonCredentialFamily,
  hosts: string[] | undefined, withScheme: boolean, required = false): Record<string, string> {
  if (required) {
    check((hosts ?? []).length > 0, scope, field, hosts, `must name at least one ${family} host; Tekton only uses the Secret for the hosts it names`);
  }
  const annotations: Record<string, string> = {};
  (hosts ?? []).forEach((raw, i) => {
    const host = raw.replace(/^https?:\/\//, '').split('/')[0];
    const [name, port] = host.split(':');
    const portOk = port === undefined || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
    check(isDns1123Subdomain(name) && name.includes('.') && portOk, scope, `${field}[${i}]`, raw,
      'must be a registry or git host such as "github.com", "ghcr.io:443" or "https://gitlab.example.com"');
    annotations[`tekton.dev/${family}-${i}`] = withScheme ? `https://${host}` : host;
  });
  return annotations;
}
