/**
 * The CEL environment rules run in: CEL's standard functions, the strings
 * extension (`substring`, `indexOf`, `lowerAscii`, `split`, `join`, ...) and
 * Kubernetes' URL library (`url()`, `isURL()`, `getScheme()`, `getHost()`,
 * `getHostname()`, `getPort()`, `getEscapedPath()`, `getQuery()`), with RE2
 * regular expressions (`matches`) compiled once each.
 *
 * A URL value is its string here (Kubernetes has a URL type): `url(s)`
 * checks `s` as Kubernetes does and returns it, and the accessors parse it.
 * Rules that type-check in Kubernetes behave the same. Kubernetes' other
 * libraries (quantity, ip, cidr, lists, regex `find`, authz, format) are not
 * here: a rule that calls them is skipped (see `program.ts`).
 */
import type { CelEnv } from '@bufbuild/cel';
import { escapedPath, hostname, isRequestUri, ParsedUrl, parseUrl, port, query } from './k8s-url';

/* eslint-disable @typescript-eslint/no-require-imports */
const celModule = () => require('@bufbuild/cel') as typeof import('@bufbuild/cel');
const extModule = () => require('@bufbuild/cel/ext') as typeof import('@bufbuild/cel/ext');
/** `@bufbuild/cel`'s own RE2 engine (a dependency of it, not of ours: found from it). */
const re2Module = () => require(require.resolve('@bufbuild/re2', { paths: [require.resolve('@bufbuild/cel')] })) as {
  RE2JS: { compile(pattern: string): { test(s: string): boolean } };
};
/* eslint-enable @typescript-eslint/no-require-imports */

let env: CelEnv | undefined;

/** The environment, built on first use (loading `@bufbuild/cel` only then). */
export function celEnvironment(): CelEnv {
  if (env) return env;
  const { celEnv, celFunc, celMethod, CelScalar, listType, mapType } = celModule();
  const { STRING, BOOL } = CelScalar;
  const parsed = new Map<string, ParsedUrl>();
  const parts = (s: string): ParsedUrl => {
    let u = parsed.get(s);
    if (!u) {
      u = parseUrl(s);
      parsed.set(s, u);
    }
    return u;
  };
  const urlFuncs = [
    celFunc('url', [STRING], STRING, (s: string) => (parts(s), s)),
    celFunc('isURL', [STRING], BOOL, (s: string) => isRequestUri(s)),
    celMethod('getScheme', STRING, [], STRING, function (this: string) { return parts(this).scheme; }),
    celMethod('getHost', STRING, [], STRING, function (this: string) { return parts(this).host; }),
    celMethod('getHostname', STRING, [], STRING, function (this: string) { return hostname(parts(this)); }),
    celMethod('getPort', STRING, [], STRING, function (this: string) { return port(parts(this)); }),
    celMethod('getEscapedPath', STRING, [], STRING, function (this: string) { return escapedPath(parts(this)); }),
    celMethod('getQuery', STRING, [], mapType(STRING, listType(STRING)), function (this: string) { return query(parts(this)); }),
  ];
  const { RE2JS } = re2Module();
  const patterns = new Map<string, { test(s: string): boolean }>();
  const re2 = {
    compile(pattern: string) {
      let re = patterns.get(pattern);
      if (!re) {
        re = RE2JS.compile(pattern);
        patterns.set(pattern, re);
      }
      return re;
    },
  };
  env = celEnv({ funcs: [...extModule().strings, ...urlFuncs], re2 });
  return env;
}
