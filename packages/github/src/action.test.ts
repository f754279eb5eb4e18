import { describe, expect, it } from 'vitest';
import { importedOnCall } from './action.js';

describe('importedOnCall', () => {
  it('loads the function on its first call, not before, and passes the arguments and the result through', async () => {
    let loads = 0;
    const add = importedOnCall(async () => {
      loads += 1;
      return async (a: number, b: number) => a + b;
    });
    expect(loads).toBe(0);
    expect(await add(2, 3)).toBe(5);
    expect(await add(4, 5)).toBe(9);
    expect(loads).toBe(2); // each call asks the loader; a dynamic import() resolves from the module cache
  });

  it('rejects with what the loaded function throws', async () => {
    const fail = importedOnCall(async () => async () => {
      throw new Error('from the logic');
    });
    await expect(fail()).rejects.toThrow('from the logic');
  });
});
