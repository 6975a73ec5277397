/**
 * The end of a `switch` over a closed union: with every member handled, `value` is `never`
 * and this compiles; a new member that nobody handles is a type error here, not a silent
 * fall-through at run time. Reaching it anyway (a value from outside the types) is a bug.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/** A type-level check: compiles only when `T` is empty, e.g. `NoneMissing<Exclude<Field, Listed>>`. */
export type NoneMissing<T extends never> = T;
