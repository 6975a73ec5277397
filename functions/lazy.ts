/**
 * Dependencies built on first use (docs/performance.md, "Cold starts"). A Lambda's module init
 * evaluates everything its entry imports statically; what only some requests need (the
 * DynamoDB client for a POST, KMS for a person who left an email, Step Functions) is
 * reached through `import()`, which SST's code splitting turns into chunks loaded then.
 */

// biome-ignore lint/suspicious/noExplicitAny: any async method, whatever its arguments
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: any[]) => Promise<unknown> ? T[K] : never };

/** A function's promise, made once; a failure is not kept, so the next call tries again. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/**
 * An object of async methods that builds the real one on its first call. Only for interfaces
 * whose members are all async methods (the type says so), so every call can wait for it.
 */
export function lazily<T extends AsyncMethods<T>>(make: () => Promise<T>): T {
  const real = once(make);
  return new Proxy({} as T, {
    get(_target, key) {
      if (typeof key === 'symbol' || key === 'then') return undefined;
      return async (...args: unknown[]) => {
        const target = await real();
        const method = target[key as keyof T] as unknown;
        if (typeof method !== 'function') throw new TypeError(`${key} is not a method`);
        return (method as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}
