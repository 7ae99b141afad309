/**
 * Syntax checks shared by the constructs (which fail early) and the
 * validation rules (which judge any manifest), so both agree.
 */
import { CesqlError, parseCesql, parseCesqlWithNotes, staticWarnings } from './cesql';
import { ValueRule } from './install-values';

/** A media type, e.g. `application/json` (parameters after `;` allowed): a content type of event data. */
export const MEDIA_TYPE_RULE: ValueRule = {
  pattern: '^[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+( *;.*)?$',
  allowed: 'must be a media type such as "application/json"',
};

/**
 * True for an image reference Knative admits: go-containerregistry's
 * `name.ParseReference(ref, name.WeakValidation)`, as knative/serving knative-v1.23.0
 * `pkg/apis/serving/k8s_validation.go` (`validateContainer`) calls it, with
 * go-containerregistry v0.20.3 (`pkg/name`: `ParseReference`, `NewTag`, `NewDigest`,
 * `NewRepository`, `checkRegistry`). So a tag-or-digest reference whose repository is 2 to 255 of
 * `a-z 0-9 _ - . /`, with an optional registry (a first segment holding `.` or `:`, a URI
 * authority), an optional tag of 1 to 128 of `A-Za-z0-9_.-`, or a `@sha256:` digest of 64 hex
 * digits. Weak validation takes `ko://github.com/x/y` and `../src/x` (a registry `ko:` or `..`) and
 * rejects upper-case repositories and digests of other algorithms.
 */
export function isImageReference(ref: string): boolean {
  return weakTag(ref) || weakDigest(ref);
}

/** `name.NewTag` with weak validation: `repository[:tag]`, a tag never holding `/`. */
function weakTag(name: string): boolean {
  const colon = name.lastIndexOf(':');
  let base = name;
  if (colon >= 0 && !name.slice(colon + 1).includes('/')) {
    const tag = name.slice(colon + 1);
    base = name.slice(0, colon);
    if (tag !== '' && !/^[A-Za-z0-9_.-]{1,128}$/.test(tag)) return false;
  }
  return weakRepository(base);
}

/** `name.NewDigest`: exactly one `@`, then `sha256:` and 64 lower-case hex digits. */
function weakDigest(name: string): boolean {
  const parts = name.split('@');
  if (parts.length !== 2 || !/^sha256:[a-f0-9]{64}$/.test(parts[1])) return false;
  return weakTag(parts[0]) || weakRepository(parts[0]);
}

/** `name.NewRepository`: the first segment is a registry when it holds `.` or `:`. */
function weakRepository(name: string): boolean {
  if (name === '') return false;
  const slash = name.indexOf('/');
  let registry = '';
  let repo = name;
  if (slash >= 0 && /[.:]/.test(name.slice(0, slash))) {
    registry = name.slice(0, slash);
    repo = name.slice(slash + 1);
  }
  return /^[a-z0-9_\-./]{2,255}$/.test(repo) && isUriAuthority(registry);
}

/**
 * `checkRegistry`: Go's `url.Parse("//" + name)` gives `name` back as its host. No user info,
 * query, fragment or escapes; only the characters Go allows in a host; a port of digits only.
 */
function isUriAuthority(name: string): boolean {
  if (/[\x00-\x20\x7f%#?@/\\^`{|}]/.test(name)) return false;
  let port: string;
  if (name.startsWith('[')) {
    const close = name.lastIndexOf(']');
    if (close < 0) return false;
    port = name.slice(close + 1);
  } else {
    const colon = name.lastIndexOf(':');
    port = colon < 0 ? '' : name.slice(colon);
  }
  return port === '' || /^:\d*$/.test(port);
}

/**
 * Why a CloudEvents SQL (CESQL v1) expression does not parse, as
 * `at <position>: <what was expected>` (positions count characters from 1),
 * or `it is empty`; undefined when it parses. The same grammar and parse-time
 * checks as the reference parser Knative's webhook uses (cloudevents/sdk-go
 * `sql/v2`): keywords in any case, attribute names of letters and digits,
 * function names of letters and underscores, strings in single or double
 * quotes with backslash escapes, 32-bit integers, LIKE with a literal
 * pattern, IN with a non-empty set, EXISTS with an attribute name.
 */
export function cesqlSyntaxError(expr: string): string | undefined {
  if (expr.trim() === '') return 'it is empty';
  try {
    parseCesql(expr);
    return undefined;
  } catch (e) {
    if (e instanceof CesqlError) return e.message;
    throw e;
  }
}

/**
 * What is wrong with a CESQL expression that parses but that Knative would
 * not evaluate as written: a character its parser skips (`type = 'a' $`), an
 * integer beyond 32 bits (truncated), an unknown function or a wrong number of
 * arguments (the reference implementation fails every event on it, at
 * evaluation, not at admission), an attribute name with upper-case letters
 * (looked up lower-cased) or longer than 20 characters. Empty when there is
 * nothing to say or when the expression does not parse (see
 * {@link cesqlSyntaxError}).
 */
export function cesqlWarnings(expr: string): string[] {
  try {
    const { node, notes } = parseCesqlWithNotes(expr);
    return [...notes.map(n => n.message), ...staticWarnings(node)];
  } catch (e) {
    if (e instanceof CesqlError) return [];
    throw e;
  }
}
