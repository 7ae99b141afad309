import { decodeNumberToken, encodeNumberToken, isUnresolved, markTokenObject, tokenAwareString, tokenAwareSubtract } from '../../src/core/tokens';

describe('tokens (the format every layer recognizes without a registry)', () => {
  test('a number token holds its value id, integer flag and total', () => {
    const token = encodeNumberToken({ id: 42 }, true);
    expect(decodeNumberToken(token)).toEqual({ id: 42, total: undefined, integer: true });
    expect(decodeNumberToken(encodeNumberToken({ id: 7, total: 100 }, false))).toEqual({ id: 7, total: 100, integer: false });
  });

  test('plain numbers, strings and objects are not tokens', () => {
    for (const x of [0, -1, 1.5, -1e308, Number.MAX_SAFE_INTEGER, -Infinity, NaN, 'plain', '${ChartValue', {}, [], null, undefined]) {
      expect(isUnresolved(x)).toBe(false);
    }
  });

  test('a string holding a string token, a number token and a tagged object are tokens', () => {
    expect(isUnresolved('image: ${ChartValue:api.image#3}')).toBe(true);
    expect(isUnresolved(encodeNumberToken({ id: 1 }, true))).toBe(true);
    const obj = {};
    markTokenObject(obj);
    expect(isUnresolved(obj)).toBe(true);
  });

  test('tokenAwareString keeps a number token a token and prints plain values', () => {
    expect(tokenAwareString(encodeNumberToken({ id: 5, total: 100 }, true))).toBe('${ChartValue:#5-100}');
    expect(tokenAwareString(12)).toBe('12');
    expect(tokenAwareString(true)).toBe('true');
  });

  test('tokenAwareSubtract derives a token from an integer token and subtracts plain numbers', () => {
    expect(tokenAwareSubtract(100, 30)).toBe(70);
    expect(decodeNumberToken(tokenAwareSubtract(100, encodeNumberToken({ id: 9 }, true)))).toEqual({ id: 9, total: 100, integer: true });
  });

  test('fails when subtracting a non-integer or derived token, or with a total out of range', () => {
    expect(() => tokenAwareSubtract(100, encodeNumberToken({ id: 9 }, false))).toThrow(/number value; only integer chart values can be subtracted/);
    expect(() => tokenAwareSubtract(100, encodeNumberToken({ id: 9, total: 50 }, true))).toThrow(/derived value/);
    expect(() => tokenAwareSubtract(40000, encodeNumberToken({ id: 9 }, true))).toThrow(/total 40000 must be a whole number from 0 to 32766/);
  });
});
