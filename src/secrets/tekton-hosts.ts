import { IConstruct } from 'constructs';
import { check, isDns1123Subdomain, withDefaultNote } from '../core';
import { constrainAtInstall, followsRule, plainValue, ValueRule } from '../core/install-values';
import { isUnresolved, STRING_TOKEN } from '../core/tokens';

/** Tekton's credential families, the middle part of `tekton.dev/<family>-<n>`. */
export type TektonCredentialFamily = 'git' | 'docker';

const HOST_ALLOWED = 'must be a registry or git host such as "github.com", "ghcr.io:443" or "https://gitlab.example.com"';
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const PORT = '([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
/**
 * What a chart value in a host must be: a bare host (and port). The chart
 * cannot take a scheme or path off at install, so the value must have
 * neither (the construct adds `https://` where the annotation needs it).
 */
const BARE_HOST_RULE: ValueRule = {
  pattern: `^${LABEL}(\\.${LABEL})+(:${PORT})?$`,
  maxLength: 259,
  allowed: 'a chart value here must be a bare host such as "github.com" or "ghcr.io:443" (no scheme or path: the chart cannot take them off at install)',
};

/**
 * Builds Tekton's credential-matching annotations (`tekton.dev/git-0`,
 * `tekton.dev/docker-0`, ...) from host names. Tekton's credential
 * initializer only hands a Secret to a step for the hosts its annotations name.
 * A host may be (or hold) a chart value: its default is checked now, and the
 * value must be a bare host at install (see `BARE_HOST_RULE`); a whole list
 * value cannot make one annotation per host and is refused.
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
    const at = `${field}[${i}]`;
    if (isUnresolved(raw) && [...raw.matchAll(STRING_TOKEN)].some(m => m[1] === 'List')) {
      check(false, scope, field, plainValue(scope, hosts),
        'Tekton needs one annotation per host: give each host as its own chart value (asString()), not one list value (asStringList())');
      return;
    }
    const plain = plainValue(scope, raw);
    const bare = (s: string) => s.replace(/^https?:\/\//, '').split('/')[0];
    const [name, port] = bare(plain).split(':');
    const portOk = port === undefined || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
    check(isDns1123Subdomain(name) && name.includes('.') && portOk, scope, at, plain, withDefaultNote(isUnresolved(raw), HOST_ALLOWED));
    if (!isUnresolved(raw)) {
      annotations[`tekton.dev/${family}-${i}`] = withScheme ? `https://${bare(raw)}` : bare(raw);
      return;
    }
    // the text around a chart value may carry a scheme; the value itself must be a bare host
    const host = raw.replace(/^https?:\/\//, '');
    constrainAtInstall(scope, at, host, BARE_HOST_RULE);
    check(followsRule(BARE_HOST_RULE, plainValue(scope, host)), scope, at, plain, withDefaultNote(true, BARE_HOST_RULE.allowed));
    annotations[`tekton.dev/${family}-${i}`] = withScheme ? `https://${host}` : host;
  });
  return annotations;
}
