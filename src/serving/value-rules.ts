import { ValueRule } from '../core/install-values';
import { LABEL_VALUE_RULE } from '../core/labels';

/**
 * Name rules as chart value rules (patterns both ECMAScript and Go's RE2 read
 * the same way, lengths in the counts where a template `fail` checks them),
 * with the words of the constructs' own errors.
 * @internal
 */

/** A domain of at least two labels. */
export const TWO_LABELS: ValueRule = {
  pattern: '^.*[.].*$',
  allowed: 'must be a fully qualified domain with at least two labels, e.g. "api.example.com"',
};

/** A label value. */
export const LABEL_VALUE: ValueRule = {
  pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$',
  allowed: LABEL_VALUE_RULE,
};

/** A DNS subdomain of at least two labels whose top-level label is not all digits (Istio refuses one as a host). */
export const DOMAIN_PATTERN = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?[.])+([a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+[a-z]([-a-z0-9]*[a-z0-9])?|[0-9]+-[-a-z0-9]*[a-z0-9])$';

/**
 * A pattern that holds for every string except `words` (exactly), for a rule
 * such as "not a reserved port": a trie of the words, each branch also taking
 * any other character and whatever follows.
 */
export function noneOfPattern(words: readonly string[]): string {
  interface Node { end: boolean; readonly next: Map<string, Node> }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const c of w) {
      if (!n.next.has(c)) n.next.set(c, { end: false, next: new Map() });
      n = n.next.get(c)!;
    }
    n.end = true;
  }
  // escapes both ECMAScript (with the u flag) and RE2 read: syntax characters outside a class, ] \ ^ - inside
  const outside = (c: string) => (/[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c);
  const inside = (c: string) => (/[\\\]^-]/.test(c) ? `\\${c}` : c);
  const rest = (n: Node): string => {
    const kids = [...n.next.keys()];
    const parts = [kids.length === 0 ? '[\\s\\S]+' : `[^${kids.map(inside).join('')}][\\s\\S]*`];
    for (const [c, k] of n.next) parts.push(`${outside(c)}${rest(k)}`);
    return `(${parts.join('|')})${n.end ? '' : '?'}`;
  };
  return `^${rest(root)}$`;
}
