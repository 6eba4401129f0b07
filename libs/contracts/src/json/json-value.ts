// The values JSON text holds, and the checks that tell them apart: what JSON.parse returns, except
// that an integer beyond ±(2^53−1) is an exact bigint (parseJson and stringifyJson in exact-json.ts).

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON object (not an array, not null): what JSON.parse gives for `{…}`. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only: payloads come from the network, and inherited names such as "constructor" are not fields. */
export function ownValue(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Sets a key as an own, enumerable property. Plain assignment would treat a key named "__proto__"
 * (which a schema from the network may well contain) as a prototype change instead of a field.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // defineProperty is an order of magnitude slower than assignment: keep it for the one key that needs it.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
