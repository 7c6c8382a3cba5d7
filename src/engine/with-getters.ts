/**
 * Adds getters to an object the way an object literal's `get x() {}` would (enumerable,
 * configurable), but without V8 creating it in dictionary mode: a literal with an accessor is built
 * as a dictionary, and every property access on it (a per-line counter, a per-event method) is then
 * a slow lookup. Defining the accessors afterwards keeps the object's fast shape.
 */
export function withGetters<T extends object, G extends Record<string, () => unknown>>(obj: T, getters: G): T & { readonly [K in keyof G]: ReturnType<G[K]> } {
  for (const key of Object.keys(getters)) Object.defineProperty(obj, key, { get: getters[key], enumerable: true, configurable: true });
  return obj as T & { readonly [K in keyof G]: ReturnType<G[K]> };
}
