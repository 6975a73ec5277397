import { describe, expect, it } from 'vitest';
import { lazily, once } from './lazy.ts';

describe('dependencies built on first use', () => {
  it('builds nothing until the first call, then once, however many calls wait for it', async () => {
    let built = 0;
    const store = lazily(async () => {
      built += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { get: async (id: string) => `item ${id}`, put: async (id: string) => id.length };
    });
    expect(built).toBe(0);
    expect(await Promise.all([store.get('a'), store.get('b'), store.put('abc')])).toEqual(['item a', 'item b', 3]);
    expect(built).toBe(1);
  });

  it('tries again after a failed build, instead of keeping the failure', async () => {
    let attempts = 0;
    const make = once(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('chunk failed to load');
      return 'client';
    });
    await expect(make()).rejects.toThrow('chunk failed to load');
    expect(await make()).toBe('client');
    expect(await make()).toBe('client');
    expect(attempts).toBe(2);
  });

  it('is not mistaken for a promise, and says when a method does not exist', async () => {
    const store = lazily(async () => ({ get: async () => 1 }));
    expect(await Promise.resolve(store)).toBe(store);
    await expect((store as unknown as { missing: () => Promise<unknown> }).missing()).rejects.toThrow(/not a method/);
  });
});
