// Bytes from a Kafka record → a JSON value, strictly: invalid UTF-8 is an error rather than being
// replaced with U+FFFD (Jackson, on the Java side, rejects it too), and integers beyond ±(2^53−1)
// exact (as bigints, see exact-json.ts).

import { parseJson } from './exact-json';
import type { JsonValue } from './json-value';

export type JsonInput = Buffer | Uint8Array | string;

export type JsonReadResult = { ok: true; json: JsonValue } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readJson(input: JsonInput): JsonReadResult {
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch {
    return { ok: false, error: 'the bytes are not valid UTF-8' };
  }
  try {
    return { ok: true, json: parseJson(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** True for input with nothing but JSON whitespace, which Jackson reads as "no value" rather than as a syntax error. */
export function isBlankJson(input: JsonInput): boolean {
  for (let index = 0; index < input.length; index++) {
    const code = typeof input === 'string' ? input.charCodeAt(index) : input[index];
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d && code !== 0x0a) return false;
  }
  return true;
}
