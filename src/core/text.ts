/**
 * Escapes the characters that could forge or hide output lines: C0 and C1
 * controls (newline, carriage return, ESC...), DEL, the Unicode line and
 * paragraph separators and the bidirectional overrides. `\n` stays readable.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, c => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: {
        const code = c.charCodeAt(0);
        return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
      }
    }
  });
}

/** `s` without the run of `ch` at its end, in linear time (a `/x+$/` regex backtracks quadratically). */
export function trimTrailing(s: string, ch: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === ch) end--;
  return s.slice(0, end);
}
