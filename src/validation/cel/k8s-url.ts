/**
 * URLs as Kubernetes' CEL URL library reads them: Go's `net/url`
 * (`ParseRequestURI` to accept, `Parse` for the parts), reduced to what the
 * library's accessors need. Errors carry Go's messages.
 */

/** The parts of a parsed URL the accessors read. */
export interface ParsedUrl {
  readonly scheme: string;
  readonly opaque: string;
  /** `host[:port]`, IPv6 in brackets, unescaped. */
  readonly host: string;
  /** The path as written (still escaped). */
  readonly rawPath: string;
  readonly rawQuery: string;
}

type Mode = 'host' | 'path' | 'userinfo' | 'query' | 'fragment';

/** Whether Go's `url.ParseRequestURI` accepts `s` (Kubernetes' `isURL`). */
export function isRequestUri(s: string): boolean {
  try {
    parse(s, true);
    return true;
  } catch {
    return false;
  }
}

/** Kubernetes' `url()`: checks with `ParseRequestURI`, then parses with `Parse` (which splits off a fragment). */
export function parseUrl(s: string): ParsedUrl {
  try {
    parse(s, true);
    const hash = s.indexOf('#');
    if (hash < 0) return parse(s, false);
    unescape(s.slice(hash + 1), 'fragment');
    return parse(s.slice(0, hash), false);
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${(e as Error).message}`);
  }
}

/** Go's `url.parse`. */
function parse(raw: string, viaRequest: boolean): ParsedUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new Error('empty url');
  if (raw === '*') return { scheme: '', opaque: '', host: '', rawPath: '*', rawQuery: '' };
  const [scheme, afterScheme] = splitScheme(raw);
  let rest = afterScheme;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, host: '', rawPath: '', rawQuery };
    if (viaRequest) throw new Error('invalid URI for request');
    if (rest.split('/')[0].includes(':')) throw new Error('first path segment in URL cannot contain colon');
  }
  let host = '';
  if ((scheme !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    host = parseAuthority(authority);
  }
  unescape(rest, 'path');
  return { scheme, opaque: '', host, rawPath: rest, rawQuery };
}

/** Go's `getScheme`: `[a-zA-Z][a-zA-Z0-9+.-]*:` or none; lower-cased. */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i).toLowerCase(), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new Error('net/url: invalid userinfo');
    unescape(userinfo, 'userinfo');
  }
  return host;
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) {
      throw new Error(`invalid port ${JSON.stringify(host.slice(colon))} after host`);
    }
  }
  return unescape(host, 'host');
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** Go's `unescape`: checks `%XX` escapes (and, in a host, the characters) and decodes them. */
function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      if (mode === 'host' && parseInt(hex[0], 16) < 8 && hex !== '25') throw new Error(`invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      i += 2;
    } else if (mode === 'host' && c.charCodeAt(0) < 0x80 && shouldEscape(c, mode)) {
      throw new Error(`invalid character ${JSON.stringify(c)} in host name`);
    }
  }
  return decodeLoose(s, mode === 'query');
}

/** Go's `shouldEscape` for the modes used here. */
function shouldEscape(c: string, mode: Mode): boolean {
  if (/[A-Za-z0-9]/.test(c)) return false;
  if (mode === 'host' && `!$&'()*+,;=:[]<>"`.includes(c)) return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    if (mode === 'path') return c === '?';
    if (mode === 'query') return true;
    if (mode === 'fragment') return false;
    if (mode === 'userinfo') return c === '@' || c === '/' || c === '?' || c === ':';
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

/** Decodes `%XX` escapes (already checked) as UTF-8, and `+` as a space in a query. */
function decodeLoose(s: string, plusIsSpace: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (plusIsSpace && s[i] === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(s[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Go's `URL.Hostname()`: the host without port and brackets. */
export function hostname(u: ParsedUrl): string {
  const [host] = splitHostPort(u.host);
  return host;
}

/** Go's `URL.Port()`: the port, or empty. */
export function port(u: ParsedUrl): string {
  return splitHostPort(u.host)[1];
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let p = '';
  const colon = hostPort.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(hostPort.slice(colon))) [host, p] = [hostPort.slice(0, colon), hostPort.slice(colon + 1)];
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, p];
}

/** Go's `URL.EscapedPath()`: the path as written when it is a valid escaping, else escaped. */
export function escapedPath(u: ParsedUrl): string {
  const raw = u.rawPath;
  if (raw === '*') return raw;
  let valid = true;
  for (const c of raw) {
    if (!`!$&'()*+,;=:@[]%`.includes(c) && shouldEscape(c, 'path')) valid = false;
  }
  if (valid) return raw;
  let out = '';
  for (const c of decodeLoose(raw, false)) {
    out += shouldEscape(c, 'path') ? [...Buffer.from(c, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('') : c;
  }
  return out;
}

/** Go's `URL.Query()`: each key's values, in order; pairs that do not decode are left out. */
export function query(u: ParsedUrl): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'query');
      value = eq < 0 ? '' : unescape(pair.slice(eq + 1), 'query');
    } catch {
      continue;
    }
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}
