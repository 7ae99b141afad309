/**
 * `--ignore` patterns: `*` any characters but `/`, `**` any characters
 * including `/`, `?` one character but `/`. A pattern without `/` matches a
 * file or folder name at any depth (like a `.gitignore` line); a pattern with
 * `/` matches the whole path relative to the given folder, or the path as
 * given. Matching is a dynamic program over pattern and path (time
 * proportional to their product, both short), never a regular expression, so
 * no pattern can make it slow.
 */
export class IgnoreList {
  private readonly patterns: readonly string[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map(p => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/(?<!\/)\/+$/, ''));
  }

  /** True when a pattern matches `relative` (the path below the given folder) or `given` (the path as it was found). */
  public ignores(relative: string, given: string): boolean {
    const rel = relative.replace(/\\/g, '/');
    const full = given.replace(/\\/g, '/');
    const names = rel.split('/').filter(s => s !== '');
    for (const p of this.patterns) {
      if (p === '') continue;
      if (!p.includes('/')) {
        if (names.some(n => globMatch(p, n))) return true;
      } else if (globMatch(p, rel) || globMatch(p, full)) {
        return true;
      }
    }
    return false;
  }
}

/** True when `pattern` matches all of `text`. */
export function globMatch(pattern: string, text: string): boolean {
  const n = text.length;
  // ok[j]: the pattern read so far matches text[0..j).
  let ok: boolean[] = new Array(n + 1).fill(false);
  ok[0] = true;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    const next: boolean[] = new Array(n + 1).fill(false);
    if (c === '*' && pattern[i + 1] === '*' && pattern[i + 2] === '/') {
      // `**/`: zero or more whole folders.
      i += 2;
      let seen = false;
      for (let j = 0; j <= n; j++) {
        next[j] = ok[j] || (seen && text[j - 1] === '/');
        if (ok[j]) seen = true;
      }
    } else if (c === '*' && pattern[i + 1] === '*') {
      // `**`: anything, slashes included.
      i += 1;
      let seen = false;
      for (let j = 0; j <= n; j++) {
        if (ok[j]) seen = true;
        next[j] = seen;
      }
    } else if (c === '*') {
      // `*`: anything but a slash.
      let seen = false;
      for (let j = 0; j <= n; j++) {
        if (j > 0 && text[j - 1] === '/') seen = false;
        if (ok[j]) seen = true;
        next[j] = seen;
      }
    } else {
      for (let j = 0; j < n; j++) {
        if (ok[j] && (c === '?' ? text[j] !== '/' : text[j] === c)) next[j + 1] = true;
      }
    }
    ok = next;
  }
  return ok[n];
}
