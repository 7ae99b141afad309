/**
 * Syntax checks shared by the constructs (which fail early) and the
 * validation rules (which judge any manifest), so both agree.
 */
import { CesqlError, parseCesql, parseCesqlWithNotes, staticWarnings } from './cesql';

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
