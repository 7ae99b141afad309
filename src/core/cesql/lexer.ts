/**
 * The CESQL v1 lexer: keywords (case-insensitive), names, integer and string
 * literals, operators. Positions are 1-based character offsets.
 */

/** The keywords of CESQL v1; case-insensitive, never names. */
export const KEYWORDS = ['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'IN', 'EXISTS', 'TRUE', 'FALSE'] as const;
export type Keyword = typeof KEYWORDS[number];

export type Token =
  | { readonly kind: 'keyword'; readonly value: Keyword; readonly pos: number; readonly end: number }
  /** A name of letters and digits (an attribute) or of letters only (an attribute or a function). */
  | { readonly kind: 'name'; readonly value: string; readonly functionName: boolean; readonly attribute: boolean; readonly pos: number; readonly end: number }
  | { readonly kind: 'integer'; readonly text: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly quote: '\'' | '"'; readonly pos: number; readonly end: number }
  | { readonly kind: 'op'; readonly value: string; readonly pos: number; readonly end: number }
  | { readonly kind: 'end'; readonly pos: number; readonly end: number };

/** A syntax error at a 1-based character offset. */
export class CesqlError extends Error {
  constructor(public readonly pos: number, public readonly detail: string) {
    super(`at ${pos}: ${detail}`);
    this.name = 'CesqlError';
  }
}

const OPERATORS = ['!=', '<>', '<=', '>=', '(', ')', ',', '=', '<', '>', '+', '-', '*', '/', '%'];
/** Whitespace the grammar skips: space, tab, carriage return, newline. */
const SPACE = new Set([' ', '\t', '\r', '\n']);
const WORD = /^[A-Za-z0-9_]$/;

/**
 * Splits `expr` into tokens, ending with an `end` token; throws {@link CesqlError}.
 *
 * A character no token can start with is skipped and recorded in `skipped`:
 * the reference parser (ANTLR, with error listeners on the parser only) skips
 * it too, so Knative admits `type = 'a' $`. Callers report it as a warning,
 * or as the error when the rest does not parse.
 */
export function tokenize(expr: string, skipped: CesqlError[] = []): Token[] {
  const chars = Array.from(expr);
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    const pos = i + 1;
    if (SPACE.has(ch)) {
      i++;
    } else if (ch === '\'' || ch === '"') {
      i = readString(chars, i, tokens);
    } else if (WORD.test(ch)) {
      let j = i;
      while (j < chars.length && WORD.test(chars[j])) j++;
      tokens.push(word(chars.slice(i, j).join(''), pos, j + 1));
      i = j;
    } else {
      const op = OPERATORS.find(o => chars.slice(i, i + o.length).join('') === o);
      if (op === undefined) {
        skipped.push(new CesqlError(pos, ch === '!' ? 'expected != (a lone ! is not an operator)'
          : `unexpected character ${JSON.stringify(ch)}${ch === '[' || ch === '{' ? ' (only parentheses group expressions)' : ''}`));
        i++;
        continue;
      }
      tokens.push({ kind: 'op', value: op, pos, end: pos + op.length });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', pos: chars.length + 1, end: chars.length + 1 });
  return tokens;
}

/** Reads a quoted string from `chars[start]`; a backslash escapes the next character. */
function readString(chars: string[], start: number, tokens: Token[]): number {
  const quote = chars[start] as '\'' | '"';
  let value = '';
  let i = start + 1;
  while (i < chars.length) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length) {
      // As the reference parser does, only an escaped delimiter loses its backslash
      // (`\%` and `\_` keep theirs, for LIKE).
      value += chars[i + 1] === quote ? quote : ch + chars[i + 1];
      i += 2;
    } else if (ch === quote && chars[i + 1] === quote) {
      // A doubled delimiter is part of the string (the grammar allows '' and ""); kept as written.
      value += ch + ch;
      i += 2;
    } else if (ch === quote) {
      tokens.push({ kind: 'string', value, quote, pos: start + 1, end: i + 2 });
      return i + 1;
    } else {
      value += ch;
      i++;
    }
  }
  throw new CesqlError(start + 1, `unterminated string: the ${quote} here has no closing ${quote}${chars.length - start > 2 && chars[chars.length - 1] === quote && chars[chars.length - 2] === '\\' ? ' (the last one is escaped by \\)' : ''}`);
}

function word(text: string, pos: number, end: number): Token {
  const upper = text.toUpperCase();
  if ((KEYWORDS as readonly string[]).includes(upper)) return { kind: 'keyword', value: upper as Keyword, pos, end };
  if (/^[0-9]+$/.test(text)) return { kind: 'integer', text, pos, end };
  const attribute = /^[A-Za-z0-9]+$/.test(text);
  const functionName = /^[A-Za-z][A-Za-z_]*$/.test(text);
  if (!attribute && !functionName) {
    throw new CesqlError(pos, `${JSON.stringify(text)} is not a valid name: an attribute name has only letters and digits, a function name only letters and underscores (starting with a letter)`);
  }
  return { kind: 'name', value: text, attribute, functionName, pos, end };
}

/** How a token reads in an error message. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end': return 'the end';
    case 'keyword': return t.value;
    case 'name': return `name ${t.value}`;
    case 'integer': return `integer ${t.text}`;
    case 'string': return `string ${t.quote}${t.value.length > 20 ? `${t.value.slice(0, 20)}…` : t.value}${t.quote}`;
    case 'op': return t.value;
  }
}
