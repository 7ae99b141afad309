/**
 * A pattern over `<left>/<right>` (two whole numbers as the chart prints them,
 * decimal without leading zeros) that holds when `left` is at most `right`, or
 * `right` is 0 (Knative's "no limit": max-scale 0, max-scale-limit 0). It
 * stands in for an install condition "left ≤ right unless right is 0", which
 * the chart's conditions cannot state; the chart fails when the pattern does
 * not match.
 *
 * A regular expression cannot compare long numbers digit by digit, so the
 * pattern is exact below 100, and above when the two numbers differ in length
 * or leading digit; two numbers of 3 or more digits with the same length and
 * leading digit pass (the construct checks the defaults in full, Knative the
 * rest). It never refuses a pair the rule allows. Patterns read the same in
 * ECMAScript and Go's RE2.
 * @param zeroLeft whether `left` may be 0 when `right` is not (min-scale may; max-scale may not when a limit is set)
 * @internal
 */
export function atMostUnlessZeroPattern(zeroLeft: boolean): string {
  const digits = (from: number, to: number) => (from === to ? `${from}` : `[${from}-${to}]`);
  const any = (n: number) => (n === 0 ? '' : n === 1 ? '[0-9]' : `[0-9]{${n}}`);
  const alts = [
    '[0-9]+/0', // no limit
    ...(zeroLeft ? ['0/[0-9]+'] : []),
    '[^/]*[^/0-9][^/]*/.*|.*/[^/]*[^/0-9].*', // not plain digits (a float in exponent form): left to the schema and Knative
    '[0-9]{11,}/[0-9]+|[0-9]+/[0-9]{11,}', // beyond 32 bits: left to Knative
  ];
  // left shorter than right
  for (let k = 1; k <= 10; k++) alts.push(`[1-9]${any(k - 1)}/[1-9][0-9]{${k},}`);
  // one digit each
  for (let u = 1; u <= 9; u++) alts.push(`${u}/${digits(u, 9)}`);
  // two digits each, exactly: a smaller leading digit, or the same one and a second digit at most right's
  for (let u = 1; u <= 9; u++) {
    alts.push(`${u}(${Array.from({ length: 10 }, (_, w) => `${w}/${u}${digits(w, 9)}`).join('|')})`);
    if (u < 9) alts.push(`${u}[0-9]/${digits(u + 1, 9)}[0-9]`);
  }
  // 3 to 10 digits each: the leading digit of left at most right's
  for (let d = 3; d <= 10; d++) {
    for (let u = 1; u <= 9; u++) alts.push(`${u}${any(d - 1)}/${digits(u, 9)}${any(d - 1)}`);
  }
  return `^(${alts.join('|')})$`;
}
