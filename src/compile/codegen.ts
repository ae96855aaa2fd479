/**
 * Helpers for the generated JavaScript behind the fast paths (the normalizer
 * and the conditions). Safety rule: text that comes from policies or
 * input only ever enters generated code through `literal` (JSON is valid
 * JavaScript since ES2019, so no value can break out of its literal) or as a
 * bound value; names of locals are generated, never taken from input.
 */

/** A JavaScript literal for a string, number, boolean or null. */
export function literal(value: string | number | boolean | null): string {
  return JSON.stringify(value);
}

/** A property read `object[key]` with the key as a literal. */
export function property(object: string, key: string): string {
  return `${object}[${literal(key)}]`;
}

/**
 * Builds a function from generated source. `bindings` are values the code refers to by name
 * (helpers, lookup tables); the source is the body of a factory that returns the function.
 */
export function generate<T>(bindings: Record<string, unknown>, factoryBody: string): T {
  const names = Object.keys(bindings);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from literals only, see above
  return new Function(...names, `"use strict";\n${factoryBody}`)(...names.map((n) => bindings[n])) as T;
}

/** Keys that a plain object inherits: reading these needs an own-property check. */
export function isInheritedName(key: string): boolean {
  return key in Object.prototype || key === "__proto__";
}
