/**
 * Syntax checks shared by the constructs (which fail early) and the
 * validation rules (which judge any manifest), so both agree.
 */
import type * as CesqlModule from './cesql';
import { ValueRule } from './install-values';

/** The CESQL parser, loaded when an app first has an expression to check (most have none). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cesql = (): typeof CesqlModule => require('./cesql');

/** A media type, e.g. `application/json` (parameters after `;` allowed): a content type of event data. */
export const MEDIA_TYPE_RULE: ValueRule = {
  pattern: '^[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+( *;.*)?$',
  allowed: 'must be a media type such as "application/json"',
};

/**
 * The strings a {@link noneOfPattern} ranges over when they are not every
 * string: names of at least one character, the first from `first`, the others
 * from `rest` (each a list of characters, e.g. `abc` for `[abc]`).
 */
export interface NameAlphabet {
  readonly first: string;
  readonly rest: string;
}

/** The patterns built so far, by alphabet (`undefined`: every string) and word list. */
const noneOfCache = new Map<NameAlphabet | undefined, Map<string, string>>();

/** Past this many word lists per alphabet, the cache starts over (callers pass a few fixed lists). */
const NONE_OF_CACHE_LIMIT = 256;

/**
 * An anchored pattern (without look-around, so ECMAScript with the `u` flag
 * and Go's RE2 read it alike) that holds for every string except `words`
 * (exactly), for a rule such as "not a reserved port"; with `alphabet`, for
 * every name of that alphabet except `words`. Built from a trie of the words:
 * at each node a string may stop (unless a word stops there), leave the trie
 * with another character and go on freely, or follow the trie. Memoized by
 * the word list: a construct may ask for the same pattern many times.
 */
export function noneOfPattern(words: readonly string[], alphabet?: NameAlphabet): string {
  let byWords = noneOfCache.get(alphabet);
  if (!byWords) noneOfCache.set(alphabet, byWords = new Map());
  const key = JSON.stringify(words);
  let pattern = byWords.get(key);
  if (pattern === undefined) {
    if (byWords.size >= NONE_OF_CACHE_LIMIT) byWords.clear();
    pattern = buildNoneOfPattern(words, alphabet);
    byWords.set(key, pattern);
  }
  return pattern;
}

interface TrieNode { end: boolean; readonly next: Map<string, TrieNode> }

function buildNoneOfPattern(words: readonly string[], alphabet: NameAlphabet | undefined): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const c of word) {
      let child = node.next.get(c);
      if (!child) node.next.set(c, child = { end: false, next: new Map() });
      node = child;
    }
    node.end = true;
  }
  const first = alphabet && new Set(alphabet.first);
  const rest = alphabet && new Set(alphabet.rest);
  // what follows once a string has left the trie
  const tail = rest ? `${charClass([...rest])}*` : '[\\s\\S]*';
  /** The pattern of what may follow `node`; undefined when nothing may (every way on is a word). */
  const visit = (node: TrieNode, chars: Set<string> | undefined, isRoot: boolean): string | undefined => {
    const branches: string[] = [];
    const kids = [...node.next.keys()];
    if (!chars) {
      branches.push(`${kids.length === 0 ? '[\\s\\S]' : `[^${classBody(kids)}]`}${tail}`);
    } else {
      const others = [...chars].filter(c => !node.next.has(c));
      if (others.length > 0) branches.push(`${charClass(others)}${tail}`);
    }
    for (const [c, child] of node.next) {
      if (chars && !chars.has(c)) continue; // no name goes that way
      const after = visit(child, rest, false);
      if (after !== undefined) branches.push(`${escapeOutside(c)}${after}`);
    }
    // a name of an alphabet has at least one character
    const mayStop = !node.end && !(isRoot && alphabet);
    if (branches.length === 0) return mayStop ? '' : undefined;
    return `(?:${branches.join('|')})${mayStop ? '?' : ''}`;
  };
  const body = visit(root, first, true);
  return body === undefined ? '^[^\\s\\S]$' : `^${body}$`;
}

/** A character outside a class, escaped where ECMAScript (with `u`) or RE2 would read it as syntax. */
function escapeOutside(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** A character inside a class, escaped where ECMAScript (with `u`) or RE2 would read it as syntax. */
function escapeInside(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}

/** `[...]` of `chars`. */
function charClass(chars: string[]): string {
  return `[${classBody(chars)}]`;
}

/** The inside of a class of `chars`, in code point order, runs of three or more as ranges (`abcxyz019` as `019a-cx-z`). */
function classBody(chars: string[]): string {
  const points = [...new Set(chars)].map(c => c.codePointAt(0)!).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < points.length;) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === points[j] + 1) j++;
    const at = (k: number) => escapeInside(String.fromCodePoint(points[k]));
    if (j - i >= 2) out.push(`${at(i)}-${at(j)}`);
    else for (let k = i; k <= j; k++) out.push(at(k));
    i = j + 1;
  }
  return out.join('');
}

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
    cesql().parseCesql(expr);
    return undefined;
  } catch (e) {
    if (e instanceof cesql().CesqlError) return e.message;
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
    const { node, notes } = cesql().parseCesqlWithNotes(expr);
    return [...notes.map(n => n.message), ...cesql().staticWarnings(node)];
  } catch (e) {
    if (e instanceof cesql().CesqlError) return [];
    throw e;
  }
}
