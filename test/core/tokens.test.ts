import * as fc from 'fast-check';
import { decodeNumberToken, encodeNumberToken, isUnresolved, markTokenObject, tokenAwareString, tokenAwareSubtract } from '../../src/core/tokens';

describe('tokens (the format every layer recognizes without a registry)', () => {
  test('a number token holds its value id, integer flag and total', () => {
    const token = encodeNumberToken({ id: 42 }, true);
    expect(decodeNumberToken(token)).toEqual({ id: 42, total: undefined, integer: true });
    expect(decodeNumberToken(encodeNumberToken({ id: 7, total: 100 }, false))).toEqual({ id: 7, total: 100, integer: false });
  });

  test('the range test in front of the bits keeps every token and refuses every other double', () => {
    // the high word alone tells a token: the range test must agree with it on any double
    const bitsSayToken = (x: number) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      return view.getUint32(0) >>> 16 === 0xfbff;
    };
    const ids = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(fc.property(ids, fc.option(fc.integer({ min: 0, max: 0x7ffe }), { nil: undefined }), fc.boolean(), (id, total, integer) => {
      expect(decodeNumberToken(encodeNumberToken({ id, total }, integer))).toEqual({ id, total, integer });
    }));
    // doubles near the token range and anywhere else
    const near = fc.tuple(fc.integer({ min: 0xfbf0, max: 0xfc0f }), fc.integer({ min: 0, max: 0xffff }), ids).map(([hi, mid, lo]) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setUint32(0, ((hi << 16) | mid) >>> 0);
      view.setUint32(4, lo);
      return view.getFloat64(0);
    });
    fc.assert(fc.property(fc.oneof(near, fc.double()), x => {
      expect(decodeNumberToken(x) !== undefined).toBe(bitsSayToken(x));
    }), { numRuns: 2000 });
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
