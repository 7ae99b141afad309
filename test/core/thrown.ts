/**
 * What a function throws, for tests that compare the whole error text
 * (`expect(...).toThrow()` only matches a part of it).
 */

/** The error `f` throws, as name and message; fails the test when it throws nothing. */
export function errorOf(f: () => unknown): { name: string; message: string } {
  try {
    f();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('no error was thrown');
}

/** The message of the error `f` throws; fails the test when it throws nothing. */
export function messageOf(f: () => unknown): string {
  return errorOf(f).message;
}
