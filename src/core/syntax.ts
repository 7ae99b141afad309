/**
 * Syntax checks shared by the constructs (which fail early) and the
 * validation rules (which judge any manifest), so both agree.
 */

const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REF = new RegExp(
  '^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?/)?'
  + `${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*`
  + '(?::[\\w][\\w.-]{0,127})?'
  + '(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$',
);

/**
 * True for a container image reference: `[registry[:port]/]repository[:tag][@digest]`
 * with a lower-case repository path.
 */
export function isImageReference(ref: string): boolean {
  return ref.length <= 4096 && IMAGE_REF.test(ref);
}

/**
 * What keeps a CloudEvents SQL expression from parsing (an empty expression,
 * an unterminated string, unbalanced parentheses), or undefined. This is a
 * syntax screen, not a full CESQL parser.
 */
export function cesqlSyntaxError(expr: string): string | undefined {
  if (expr.trim() === '') return 'it is empty';
  let depth = 0;
  let quote: string | undefined;
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '\'' || ch === '"') {
      quote = ch;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth < 0) break;
    }
  }
  if (quote) return 'unterminated string';
  if (depth !== 0) return 'unbalanced parentheses';
  return undefined;
}
