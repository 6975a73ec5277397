/**
 * For the end of a switch over a closed union: a new member that no case handles fails to
 * compile here (its type is not `never`), instead of falling through a `default:`.
 */
export function assertNever(value: never): never {
  throw new Error(`Unhandled member: ${String(value)}`);
}

/** A type-level check: compiles only when `T` is empty, e.g. `NoneMissing<Exclude<Field, Listed>>`. */
export type NoneMissing<T extends never> = T;
