/**
 * CESQL evaluation against the semantics of the reference implementation
 * Knative's broker filter uses (cloudevents/sdk-go sql/v2): casts, missing
 * attributes, integer arithmetic, LIKE, IN, EXISTS and the built-in functions.
 */
import { parseCesql } from '../../src/core/cesql';
import { CesqlEvalError, evaluateCesql, likeMatches } from '../../src/routing/cesql-eval';
import { cesqlView } from '../../src/routing/event-model';
import { event } from './helpers';

const base = event({ subject: 'order-42', myint: 42, mybool: true, mystr: 'Hello', time: '2024-05-01T12:00:00.500Z' });

function run(expr: string, e = base) {
  return evaluateCesql(parseCesql(expr), cesqlView(e));
}

function fails(expr: string, e = base): string {
  try {
    const v = run(expr, e);
    throw new Error(`expected an evaluation error, got ${JSON.stringify(v)}`);
  } catch (err) {
    if (!(err instanceof CesqlEvalError)) throw err;
    return err.message;
  }
}

describe('CESQL evaluation: literals and attributes', () => {
  test('literals evaluate to themselves', () => {
    expect(run('TRUE')).toBe(true);
    expect(run("'a'")).toBe('a');
    expect(run('"b"')).toBe('b');
    expect(run('-5')).toBe(-5);
  });

  test('attribute names are case-insensitive (looked up lower-case)', () => {
    expect(run("TYPE = 'com.example.test'")).toBe(true);
    expect(run("Subject = 'order-42'")).toBe(true);
  });

  test('extension values keep their JSON types; time is normalized as Go prints it', () => {
    expect(run('myint')).toBe(42);
    expect(run('mybool')).toBe(true);
    expect(run('time')).toBe('2024-05-01T12:00:00.5Z');
  });

  test('fails when an attribute is missing (so the filter fails, even under NOT)', () => {
    expect(fails('nothere')).toMatch(/no attribute nothere/);
    expect(fails("NOT (nothere = 'x')")).toMatch(/no attribute nothere/);
    expect(fails("dataschema = 'x'")).toMatch(/no attribute dataschema/);
  });

  test('EXISTS: required attributes always, optional and extensions when present', () => {
    expect(run('EXISTS id')).toBe(true);
    expect(run('EXISTS subject')).toBe(true);
    expect(run('EXISTS dataschema')).toBe(false);
    expect(run('EXISTS myint')).toBe(true);
    expect(run('EXISTS nothere')).toBe(false);
  });
});

describe('CESQL evaluation: comparison', () => {
  test('= casts the left operand to the type of the right one', () => {
    expect(run("myint = '42'")).toBe(true); // 42 -> '42'
    expect(run("'42' = 42")).toBe(true); // '42' -> 42
    expect(run("'042' = 42")).toBe(true);
    expect(run("42 = '042'")).toBe(false); // 42 -> '42' != '042'
    expect(run("'true' = TRUE")).toBe(true);
    expect(run("'TRUE' = TRUE")).toBe(true);
    expect(run('1 = TRUE')).toBe(true);
    expect(run('TRUE = 1')).toBe(true);
  });

  test('!= and <> negate =', () => {
    expect(run("type != 'x'")).toBe(true);
    expect(run("type <> 'com.example.test'")).toBe(false);
  });

  test('fails when a cast fails', () => {
    expect(fails("'abc' = 1")).toMatch(/cannot cast the String "abc" to an Integer/);
    expect(fails("'yes' = TRUE")).toMatch(/to a Boolean/);
    expect(fails("'2147483648' = 1")).toMatch(/to an Integer/);
  });

  test('< <= > >= compare as integers, casting strings and booleans', () => {
    expect(run('myint > 41')).toBe(true);
    expect(run("'10' < 9")).toBe(false);
    expect(run("'10' >= '9'")).toBe(true); // integers, not strings
    expect(run('TRUE > 0')).toBe(true);
    expect(run('3 <= 3')).toBe(true);
    expect(fails("type < 3")).toMatch(/cannot cast/);
  });
});

describe('CESQL evaluation: logic', () => {
  test('AND, OR, XOR and NOT cast to boolean', () => {
    expect(run("TRUE AND 'true'")).toBe(true);
    expect(run('1 AND 0')).toBe(false);
    expect(run('TRUE XOR TRUE')).toBe(false);
    expect(run('TRUE XOR FALSE')).toBe(true);
    expect(run('NOT 0')).toBe(true);
    expect(fails("NOT 'maybe'")).toMatch(/Boolean/);
  });

  test('AND and OR short-circuit on the left operand, so a missing attribute on the right does not matter', () => {
    expect(run('FALSE AND nothere')).toBe(false);
    expect(run('TRUE OR nothere')).toBe(true);
    expect(fails('TRUE AND nothere')).toMatch(/nothere/);
    expect(fails('nothere OR TRUE')).toMatch(/nothere/);
    expect(fails('FALSE XOR nothere')).toMatch(/nothere/);
  });
});

describe('CESQL evaluation: arithmetic (32-bit integers)', () => {
  test('+ - * / % and unary minus', () => {
    expect(run('7 + 3')).toBe(10);
    expect(run("'7' - 10")).toBe(-3);
    expect(run('6 * 7')).toBe(42);
    expect(run('7 / 2')).toBe(3);
    expect(run('-7 / 2')).toBe(-3); // truncated toward zero
    expect(run('-7 % 3')).toBe(-1);
    expect(run('-(myint)')).toBe(-42);
    expect(run('TRUE + 1')).toBe(2);
  });

  test('overflows wrap around as int32 does', () => {
    expect(run('2147483647 + 1')).toBe(-2147483648);
    expect(run('-2147483648 - 1')).toBe(2147483647);
    expect(run('65536 * 65536')).toBe(0);
    expect(run('-2147483648 / -1')).toBe(-2147483648);
    expect(run('-(-2147483648)')).toBe(-2147483648);
  });

  test('fails on a division or modulo by zero', () => {
    expect(fails('1 / 0')).toMatch(/division by zero/);
    expect(fails('1 % 0')).toMatch(/division by zero/);
  });
});

describe('CESQL evaluation: LIKE and IN', () => {
  test('LIKE: % any run, _ one character, escapes, casting the operand to a string', () => {
    expect(run("type LIKE 'com.%'")).toBe(true);
    expect(run("type LIKE '%.test'")).toBe(true);
    expect(run("subject LIKE 'order-__'")).toBe(true);
    expect(run("subject LIKE 'order-_'")).toBe(false);
    expect(run("myint LIKE '4%'")).toBe(true);
    expect(run("subject NOT LIKE 'x%'")).toBe(true);
    expect(likeMatches('100%', '100\\%')).toBe(true);
    expect(likeMatches('100x', '100\\%')).toBe(false);
    expect(likeMatches('a_b', 'a\\_b')).toBe(true);
    expect(likeMatches('', '')).toBe(true);
    expect(likeMatches('a', '')).toBe(false);
    expect(likeMatches('', '%')).toBe(true);
  });

  test('LIKE works on UTF-8 bytes, as Go strings do: _ is one byte', () => {
    expect(likeMatches('é', '_')).toBe(false);
    expect(likeMatches('é', '__')).toBe(true);
  });

  test('IN casts each element to the type of the left operand', () => {
    expect(run("myint IN ('41', '42')")).toBe(true);
    expect(run("subject IN ('a', 'order-42')")).toBe(true);
    expect(run("subject NOT IN ('a', 'b')")).toBe(true);
    expect(run('mybool IN (0, 1)')).toBe(true);
  });

  test('fails when an element before the match cannot be cast', () => {
    expect(fails("myint IN ('x', 42)")).toMatch(/cannot cast/);
    expect(run("myint IN (42, 'x')")).toBe(true);
  });
});

describe('CESQL evaluation: functions', () => {
  test('string functions (lengths and positions in bytes, as Go counts)', () => {
    expect(run("LENGTH('abc')")).toBe(3);
    expect(run("LENGTH('é')")).toBe(2);
    expect(run("CONCAT('a', 'b', 1)")).toBe('ab1');
    expect(run('CONCAT()')).toBe('');
    expect(run("CONCAT_WS('-', 'a', 'b')")).toBe('a-b');
    expect(run("CONCAT_WS('-')")).toBe('');
    expect(run('LOWER(mystr)')).toBe('hello');
    expect(run('UPPER(mystr)')).toBe('HELLO');
    expect(run("TRIM('  x ')")).toBe('x');
    expect(run("LEFT('abc', 2)")).toBe('ab');
    expect(run("LEFT('abc', 9)")).toBe('abc');
    expect(run("RIGHT('abc', 2)")).toBe('bc');
    expect(run("SUBSTRING('abcdef', 2)")).toBe('bcdef');
    expect(run("SUBSTRING('abcdef', -2)")).toBe('ef');
    expect(run("SUBSTRING('abcdef', 2, 3)")).toBe('bcd');
    expect(run("SUBSTRING('abcdef', 0)")).toBe('');
  });

  test('casting functions and their tests', () => {
    expect(run("INT('12')")).toBe(12);
    expect(run('INT(TRUE)')).toBe(1);
    expect(run("BOOL('False')")).toBe(false);
    expect(run('BOOL(2)')).toBe(true);
    expect(run('STRING(42)')).toBe('42');
    expect(run('STRING(FALSE)')).toBe('false');
    expect(run("IS_INT('12')")).toBe(true);
    expect(run("IS_INT('1.5')")).toBe(false);
    expect(run("IS_BOOL('true')")).toBe(true);
    expect(run('IS_BOOL(7)')).toBe(true);
    expect(run('ABS(-3)')).toBe(3);
  });

  test('fails on an unknown function, a wrong arity or a function error', () => {
    expect(fails("NOPE('a')")).toMatch(/no function NOPE with 1 argument/);
    expect(fails("LOWER('a', 'b')")).toMatch(/no function LOWER with 2 arguments/);
    expect(fails('ABS(-2147483648)')).toMatch(/overflow/);
    expect(fails("LEFT('abc', -1)")).toMatch(/negative/);
    expect(fails("SUBSTRING('abc', 5)")).toMatch(/outside/);
    expect(fails("INT('x')")).toMatch(/cannot cast/);
  });

  test('function names are case-insensitive', () => {
    expect(run("lower('A')")).toBe('a');
  });
});
