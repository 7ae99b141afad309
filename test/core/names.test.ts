import { Testing } from 'cdk8s';
import { checkDns1035Label, isDns1035Label, isDns1123Label, isDns1123Subdomain, KnativePropError, checkIntegerRange } from '../../src/core';

describe('DNS names', () => {
  test('DNS-1035 labels start with a letter', () => {
    expect(isDns1035Label('hello-world1')).toBe(true);
    expect(isDns1035Label('1hello')).toBe(false);
    expect(isDns1035Label('Hello')).toBe(false);
    expect(isDns1035Label('a'.repeat(63))).toBe(true);
    expect(isDns1035Label('a'.repeat(64))).toBe(false);
    expect(isDns1035Label('hello-')).toBe(false);
  });

  test('DNS-1123 labels may start with a digit', () => {
    expect(isDns1123Label('1hello')).toBe(true);
    expect(isDns1123Label('-hello')).toBe(false);
  });

  test('DNS-1123 subdomains take dots', () => {
    expect(isDns1123Subdomain('api.example.com')).toBe(true);
    expect(isDns1123Subdomain('api..example.com')).toBe(false);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)).toBe(true);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`)).toBe(false);
  });

  test('fails when a name is not a DNS-1035 label, naming path, field, value and rule', () => {
    const chart = Testing.chart();
    expect(() => checkDns1035Label(chart, 'name', 'Bad_Name')).toThrow(/\[test\] name: "Bad_Name" is not allowed; must be a DNS-1035 label/);
    expect(() => checkDns1035Label(chart, 'name', 'good-name')).not.toThrow();
  });
});

describe('KnativePropError', () => {
  test('carries the structured parts of the message', () => {
    const chart = Testing.chart();
    let caught: unknown;
    try {
      checkIntegerRange(chart, 'containerConcurrency', 1001, 0, 1000);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KnativePropError);
    const err = caught as KnativePropError;
    expect(err.field).toBe('containerConcurrency');
    expect(err.value).toBe(1001);
    expect(err.message).toBe('[test] containerConcurrency: 1001 is not allowed; must be an integer from 0 to 1000');
  });

  test('fails when a number is not an integer', () => {
    const chart = Testing.chart();
    expect(() => checkIntegerRange(chart, 'minScale', 1.5, 0)).toThrow(/minScale: 1.5 is not allowed; must be an integer 0 or more/);
  });
});
