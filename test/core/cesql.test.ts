import { cesqlSyntaxError, cesqlWarnings } from '../../src/core';
import { parseCesql, printCesql } from '../../src/core/cesql';

describe('CloudEvents SQL parser', () => {
  test.each([
    // the examples of the CESQL v1 specification (section 5 and 2)
    'EXISTS subject',
    "firstname = 'Francesco'",
    "firstname = 'Francesco' OR subject = 'Francesco'",
    "(firstname = 'Francesco' AND lastname = 'Guardiani') OR subject = 'Francesco Guardiani'",
    'sequence = 10',
    'hop < ttl',
    'int(hop) < int(ttl) and int(hop) < 1000',
    'INT(hop) < INT(ttl) AND INT(hop) < 1000',
    // from the spec's conformance suite (cesql_tck)
    '4 * (2 + 4) / 2', '-4 + -1', '--10', "-'10'", '-TRUE', "'5' + '3'", '5 % 0', 'TRUE', '0',
    "'a\"b\\'c'", '"a\'b\\"c"', "'ab\\c' LIKE 'ab\\c'", "myext LIKE 'abc%123\\%456\\_d_f'", "TRUE LIKE 'tr%'",
    "CONCAT('a', 'b', 'c')", 'CONCAT()', "CONCAT_WS(',')", "SUBSTRING('Sakila', -5, 3)", "LEFT('abc', -2)", "BOOL(\"false\")", 'IS_INT(x)', 'ABS(-2147483648)',
    // tricky ones
    '((((type))))', "(((type = 'a')) AND ((source = 'b')))",
    "subject NOT LIKE '%.tmp'", "type not like 'x'", "type NOT IN ('a', 'b')", "type in ('a')", 'sequence IN (1, 2 + 3, LENGTH(id))',
    '- sequence', '-sequence * 2', '-2147483648', '2147483647', '+5 = sequence', '2-1', '10 <> 11', '1 != 2', 'a <= b', 'a >= b',
    'exists SUBJECT', 'Exists subject AND NoT exists dataschema', 'True XoR fAlSe', 'a = 1 = TRUE',
    'NOT NOT TRUE', 'NOT (a LIKE \'x\')', "LOWER (source) = 'x'", "concat_ws('-', a, b, c)", "'it''s'", "'line\nbreak'",
    ' \t\r\n type = 1 \n', '1abc = 2', 'attribute20character = 1', "type = ''",
  ])('parses %s', expr => {
    expect(cesqlSyntaxError(expr)).toBeUndefined();
  });

  test.each([
    ['', 'it is empty'],
    ['  \n', 'it is empty'],
    ['type =', 'at 7: expected an expression after =, found the end'],
    ["type = 'a' AND", 'at 15: expected an expression after AND, found the end'],
    ["type = 'a' AND OR source = 'b'", 'at 16: expected an expression after AND, found OR'],
    ['* 2', 'at 1: expected an expression, found *'],
    ['type == 1', 'at 7: expected an expression after =, found ='],
    ['NOT', 'at 4: expected an expression after NOT, found the end'],
    ["type = 'a", 'at 8: unterminated string: the \' here has no closing \''],
    ["type = 'a\\'", 'at 8: unterminated string: the \' here has no closing \' (the last one is escaped by \\)'],
    ['type = "a', 'at 8: unterminated string: the " here has no closing "'],
    ['type ! 1', 'at 6: expected != (a lone ! is not an operator)'],
    ['type[0] = 1', 'at 5: unexpected character "[" (only parentheses group expressions)'],
    ['my_attr = 1', 'at 1: my_attr is not an attribute name (letters and digits only); as a function it needs (...)'],
    ['a1_b = 1', 'at 1: "a1_b" is not a valid name: an attribute name has only letters and digits, a function name only letters and underscores (starting with a letter)'],
    ['_x = 1', 'at 1: "_x" is not a valid name: an attribute name has only letters and digits, a function name only letters and underscores (starting with a letter)'],
    ['sequence = 99999999999999999999', 'at 12: integer 99999999999999999999 is outside the 32-bit range -2147483648 to 2147483647 that CESQL and Knative\'s parser allow'],
    ["type = 'a' $ AND", 'at 12: unexpected character "$"'],
    ['sequence = + 1', 'at 12: + is not a unary operator (only as the sign written against an integer, e.g. +5)'],
    ["(type = 'a'", 'at 12: expected ) to close the ( at 1, found the end'],
    ["type = 'a')", 'at 11: unexpected ) after a complete expression (this ) closes no parenthesis)'],
    ['()', 'at 2: expected an expression after (, found )'],
    ["type = 'a' 'b'", "at 12: unexpected string 'b' after a complete expression; expected an operator, AND, OR, XOR, LIKE, IN or the end"],
    ['type source', 'at 6: unexpected name source after a complete expression; expected an operator, AND, OR, XOR, LIKE, IN or the end'],
    ['type LIKE source', 'at 11: expected a string literal as the LIKE pattern, found name source (the pattern must be a literal)'],
    ["type LIKE CONCAT('a', '%')", 'at 11: expected a string literal as the LIKE pattern, found name CONCAT (the pattern must be a literal)'],
    ["type NOT = 'a'", 'at 10: expected LIKE or IN after NOT, found ='],
    ["type IN 'a'", "at 9: expected ( to start the set after IN, found string 'a'"],
    ['type IN ()', 'at 10: expected an expression in the set of IN (a set cannot be empty)'],
    ["type IN ('a' 'b')", "at 14: expected , or ) in the set of IN (opened at 9), found string 'b'"],
    ["type IN ('a',)", 'at 14: expected an expression after ,, found )'],
    ['EXISTS', 'at 7: expected an attribute name after EXISTS, found the end'],
    ["EXISTS 'subject'", "at 8: expected an attribute name after EXISTS, found string 'subject'"],
    ['EXISTS my_ext', 'at 8: expected an attribute name after EXISTS, found name my_ext'],
    ['EXISTS (subject)', 'at 8: expected an attribute name after EXISTS, found ('],
    ['LOWER(type', 'at 11: expected , or ) in the arguments of LOWER (opened at 6), found the end'],
    ['LOWER(type,)', 'at 12: expected an expression after ,, found )'],
    ['a1(type)', 'at 1: a1 is not a function name (letters and underscores only), so it cannot be called'],
    ['TRUE(1)', 'at 5: unexpected ( after a complete expression; expected an operator, AND, OR, XOR, LIKE, IN or the end'],
    ['and = 1', 'at 1: expected an expression, found AND'],
  ])('rejects %j: %s', (expr, message) => {
    expect(cesqlSyntaxError(expr)).toBe(message);
  });

  test('keywords are case-insensitive; function names are resolved upper-cased', () => {
    expect(parseCesql("nOt exists Subject oR lower(x) LIKE 'a'")).toEqual(parseCesql("NOT EXISTS Subject OR LOWER(x) LIKE 'a'"));
    expect(parseCesql('concat_ws(a)')).toEqual({ type: 'call', name: 'CONCAT_WS', args: [{ type: 'attribute', name: 'a' }] });
  });

  test('precedence follows the grammar: unary, LIKE/IN, * / %, + -, comparisons, then AND/OR/XOR grouped to the right', () => {
    const p = (s: string) => printCesql(parseCesql(s));
    const grouped = (s: string) => JSON.stringify(parseCesql(s));
    expect(grouped('1 + 2 * 3')).toBe(grouped('1 + (2 * 3)'));
    expect(grouped('1 - 2 - 3')).toBe(grouped('(1 - 2) - 3'));
    expect(grouped('a = 1 + 2')).toBe(grouped('a = (1 + 2)'));
    expect(grouped('a AND b OR c')).toBe(grouped('a AND (b OR c)'));
    expect(grouped('a OR b AND c')).toBe(grouped('a OR (b AND c)'));
    expect(grouped('NOT a = b')).toBe(grouped('(NOT a) = b'));
    expect(grouped("NOT a LIKE 'x'")).toBe(grouped("(NOT a) LIKE 'x'"));
    expect(grouped("a + b LIKE 'x'")).toBe(grouped("a + (b LIKE 'x')"));
    expect(grouped('-a * b')).toBe(grouped('(-a) * b'));
    expect(grouped("a IN (1) LIKE 'x'")).toBe(grouped("(a IN (1)) LIKE 'x'"));
    expect(p('(a + b) * c')).toBe('(a + b) * c');
    expect(p('(a AND b) OR c')).toBe('(a AND b) OR c');
    expect(p("NOT (a LIKE 'x')")).toBe("NOT (a LIKE 'x')");
  });

  test('an integer literal takes the sign written against it; a spaced minus is negation', () => {
    expect(parseCesql('-5')).toEqual({ type: 'integer', value: -5 });
    expect(parseCesql('+5')).toEqual({ type: 'integer', value: 5 });
    expect(parseCesql('- 5')).toEqual({ type: 'negate', operand: { type: 'integer', value: 5 } });
    expect(parseCesql('2-1')).toEqual({ type: 'binary', op: '-', left: { type: 'integer', value: 2 }, right: { type: 'integer', value: 1 } });
    expect(printCesql(parseCesql('- 5'))).toBe('-(5)');
  });

  test('string literals: either quote, the delimiter escaped by a backslash, other backslashes kept (for LIKE)', () => {
    expect(parseCesql("'a\"b\\'c'")).toEqual({ type: 'string', value: 'a"b\'c' });
    expect(parseCesql('"a\'b\\"c"')).toEqual({ type: 'string', value: 'a\'b"c' });
    expect(parseCesql("x LIKE 'a\\%b\\_c'")).toEqual({ type: 'like', operand: { type: 'attribute', name: 'x' }, pattern: 'a\\%b\\_c', negated: false });
    expect(parseCesql("'héllo wörld ✓' = x")).toMatchObject({ left: { value: 'héllo wörld ✓' } });
    // positions count characters, not UTF-16 units
    expect(cesqlSyntaxError("'✓✓' = $")).toBe('at 8: unexpected character "$"');
  });

  test('functions are not resolved at parse time: unknown names and wrong arities are warnings', () => {
    expect(cesqlSyntaxError('NOSUCH(1) AND CONCAT_WS() = 1 AND ABS(1, 2) = 1')).toBeUndefined();
    expect(cesqlWarnings('NOSUCH(1) AND CONCAT_WS() = 1 AND ABS(1, 2) = 1 AND SUBSTRING(a) = 1 AND LEFT(a) = 1')).toEqual([
      'NOSUCH() is not a built-in function (ABS, LENGTH, CONCAT, CONCAT_WS, LOWER, UPPER, TRIM, LEFT, RIGHT, SUBSTRING, INT, BOOL, STRING, IS_BOOL, IS_INT); Knative accepts it but every event fails the filter unless the function is registered',
      'CONCAT_WS() takes 1 or more arguments, not 0; Knative accepts it but every event fails the filter',
      'ABS() takes 1 argument, not 2; Knative accepts it but every event fails the filter',
      'SUBSTRING() takes 2 or 3 arguments, not 1; Knative accepts it but every event fails the filter',
      'LEFT() takes 2 arguments, not 1; Knative accepts it but every event fails the filter',
    ]);
    expect(cesqlWarnings("CONCAT() = '' AND CONCAT_WS(',', a, b, c, d) = '' AND SUBSTRING(a, 1) = SUBSTRING(a, 1, 2) AND IS_BOOL(INT(BOOL(STRING(TRIM(UPPER(LOWER(RIGHT(LEFT(a, 1), 1))))))))")).toEqual([]);
  });

  test('what Knative admits but misreads is a warning: skipped characters', () => {
    expect(cesqlSyntaxError("type = 'a' $")).toBeUndefined();
    expect(cesqlWarnings("type = 'a' $")).toEqual(['at 12: unexpected character "$"; Knative\'s parser skips it and reads the rest']);
  });

  test('fails when an integer is outside 32 bits, as Knative\'s parser (ParseInt with 32 bits) rejects it', () => {
    expect(cesqlSyntaxError('sequence = -2147483648 OR sequence = 2147483647')).toBeUndefined();
    expect(cesqlSyntaxError('sequence = 2147483648')).toBe('at 12: integer 2147483648 is outside the 32-bit range -2147483648 to 2147483647 that CESQL and Knative\'s parser allow');
    // a minus with a space is an operator: the literal itself is 2147483648
    expect(cesqlSyntaxError('sequence = - 2147483648')).toMatch(/^at 14: integer 2147483648 is outside the 32-bit range/);
    expect(cesqlSyntaxError('sequence = -2147483649')).toMatch(/^at 12: integer -2147483649 is outside the 32-bit range/);
    expect(cesqlSyntaxError('sequence = 99999999999999999999999')).toMatch(/^at 12: integer 99999999999999999999999 is outside the 32-bit range/);
  });

  test('attribute names with upper-case letters or over 20 characters are warnings', () => {
    expect(cesqlWarnings('Type = 1 AND EXISTS ABC AND attributewithtwentyonec = 1 AND attribute20character = 1')).toEqual([
      'attribute Type has upper-case letters; CloudEvents attribute names are lower-case and Knative looks up type',
      'attribute ABC has upper-case letters; CloudEvents attribute names are lower-case and Knative looks up abc',
      'attribute attributewithtwentyonec is longer than 20 characters, which CESQL advises against',
    ]);
    expect(cesqlWarnings('type = (')).toEqual([]);
  });
});
