// JSON text ⇄ JSON values with every integer exact. JSON.parse rounds an integer beyond ±(2^53−1)
// to the nearest double before anyone can check it, and JSON.stringify cannot write a bigint; a
// Connect int64 reaches ±(2^63−1). parseJson gives such an integer token as a bigint and everything
// else exactly as JSON.parse does (safe integers and all other numbers stay numbers, so the common
// case costs one regular-expression test more than JSON.parse). stringifyJson writes a bigint as
// its digits and everything else exactly as JSON.stringify does.

import { setOwn, type JsonObject, type JsonValue } from './json-value';

/**
 * An unsafe integer has at least 16 digits (2^53 = 9007199254740992). Text without a run of 16
 * digits (in a number or in a string: a string only costs a second reading) holds none.
 */
const LONG_DIGIT_RUN = /\d{16}/;

/** JSON.parse, except that an integer token beyond ±(2^53−1) becomes a bigint. Throws JSON.parse's SyntaxError. */
export function parseJson(text: string): JsonValue {
  const json = JSON.parse(text) as JsonValue;
  return LONG_DIGIT_RUN.test(text) ? new ExactReader(text).value() : json;
}

/** JSON.stringify, except that a bigint is written as its exact digits (JSON.stringify throws on one). */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError) || !error.message.includes('BigInt')) throw error;
    return writeExact(value) ?? 'null';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSING_BRACE = 0x7d;
const CLOSING_BRACKET = 0x5d;
const INTEGER_TOKEN = /^-?\d+$/;

/** Reads text that JSON.parse has already accepted, so it need not check the grammar. */
class ExactReader {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): JsonValue {
    this.skipWhitespace();
    switch (this.text[this.at]) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        this.at += 4;
        return true;
      case 'f':
        this.at += 5;
        return false;
      case 'n':
        this.at += 4;
        return null;
      default:
        return this.number();
    }
  }

  private object(): JsonObject {
    const object: JsonObject = {};
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === CLOSING_BRACE) {
      this.at++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      const key = this.string();
      this.skipWhitespace();
      this.at++; // ':'
      // As JSON.parse: an own property even for "__proto__", and the last of duplicate keys wins.
      setOwn(object, key, this.value());
      this.skipWhitespace();
      if (this.text.charCodeAt(this.at++) === CLOSING_BRACE) return object; // else ','
    }
  }

  private array(): JsonValue[] {
    const array: JsonValue[] = [];
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === CLOSING_BRACKET) {
      this.at++;
      return array;
    }
    for (;;) {
      array.push(this.value());
      this.skipWhitespace();
      if (this.text.charCodeAt(this.at++) === CLOSING_BRACKET) return array; // else ','
    }
  }

  private string(): string {
    const start = this.at++;
    let escaped = false;
    for (;;) {
      const code = this.text.charCodeAt(this.at++);
      if (code === QUOTE) break;
      if (code === BACKSLASH) {
        escaped = true;
        this.at++;
      }
    }
    return escaped ? (JSON.parse(this.text.slice(start, this.at)) as string) : this.text.slice(start + 1, this.at - 1);
  }

  private number(): number | bigint {
    const start = this.at;
    while (this.at < this.text.length && isNumberCharacter(this.text.charCodeAt(this.at))) this.at++;
    const token = this.text.slice(start, this.at);
    const number = Number(token);
    // A token whose value is 2^53 or more in magnitude never rounds to a safe integer.
    return Number.isSafeInteger(number) || !INTEGER_TOKEN.test(token) ? number : BigInt(token);
  }

  private skipWhitespace(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.at++;
    }
  }
}

/** Digits, sign, decimal point and exponent: the characters of a JSON number token. */
function isNumberCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;
}

/** JSON.stringify's algorithm (toJSON, undefined and functions left out of objects, null in arrays), with bigints. */
function writeExact(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => writeExact(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const text = writeExact(item);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
