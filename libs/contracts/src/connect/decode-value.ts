// Payload JSON → JavaScript value, following a schema: the reading half of JsonConverter
// (convertToConnect plus Struct.put's validation), with the converter's messages.
//
// Where Java is lenient we are explicit. Jackson's intValue(), booleanValue(), doubleValue() read a
// wrong JSON type as 0 or false, and its (int)/(byte) casts wrap out-of-range numbers, so Java stores
// a different value without a word; we refuse with "Invalid INT32 value at payload.qty: …".
// textValue() and binaryValue() read a wrong type as null; in a required struct field Java then
// fails with "Invalid value: null used for required field: …", and so do we, with the same message.

import type { ConnectSchema, MapSchema, StructSchema } from './connect-schema';
import type { ConnectStruct, ConnectValue } from './connect-value';
import { ConnectDataError } from './connect-data-error';
import { decodeBase64 } from './base64';
import { formatDecimal, numberToDecimalText, unscaledFromBytes } from './decimal-codec';
import { decimalScaleOf } from './decimal-scale';
import { describeRange, isIntegerIn, isIntegerType } from './integer-ranges';
import { logicalTypeOf, MILLIS_PER_DAY } from './logical-types';
import { javaTypeName } from './type-names';
import { describeJson, jsonNodeType } from '../json/json-node-type';
import { isJsonObject, ownValue, setOwn, type JsonValue } from '../json/json-value';

export interface DecodeContext {
  /** Where the value sits, for our own messages: "payload.items[2]". */
  readonly path: string;
  /** The nearest enclosing struct field, which is what Java's Struct.put names in its messages. */
  readonly fieldName?: string;
  /** JsonConverter's replace.null.with.default (default true): a null or missing value takes the schema default. */
  readonly replaceNullWithDefault: boolean;
}

/** The largest magnitude a JavaScript Date holds, in milliseconds (±100 million days). */
const MAX_DATE_MILLIS = 8.64e15;

export function decodeValue(schema: ConnectSchema, json: JsonValue | undefined, context: DecodeContext): ConnectValue {
  // undefined = the key is missing from a struct payload, which the converter treats as null.
  if (json === undefined || json === null) {
    if (schema.default !== undefined && context.replaceNullWithDefault) return decodeValue(schema, schema.default, context);
    if (schema.optional) return null;
    throw new ConnectDataError(`Invalid null value for required ${javaTypeName(schema.type)} field`);
  }

  switch (logicalTypeOf(schema)) {
    case 'timestamp':
      if (typeof json === 'bigint') return dateFromMillis(json, context);
      if (typeof json !== 'number' || !Number.isInteger(json)) {
        throw new ConnectDataError(
          `Invalid type for Timestamp, underlying representation should be integral but was ${jsonNodeType(json)}`,
        );
      }
      return dateFromMillis(json, context);
    case 'date':
      if (!isIntegerIn(json, 'int32')) {
        throw new ConnectDataError(`Invalid type for Date, underlying representation should be integer but was ${jsonNodeType(json)}`);
      }
      return dateFromMillis(json * MILLIS_PER_DAY, context);
    case 'time':
      if (!isIntegerIn(json, 'int32')) {
        throw new ConnectDataError(`Invalid type for Time, underlying representation should be integer but was ${jsonNodeType(json)}`);
      }
      // Connect's wording, although it accepts both 0 and 86400000 itself.
      if (json < 0 || json > MILLIS_PER_DAY) {
        throw new ConnectDataError('Time values must use number of milliseconds greater than 0 and less than 86400000');
      }
      return new Date(json);
    case 'decimal':
      return decodeDecimal(schema, json, context);
  }

  if (isIntegerType(schema.type))
    return isIntegerIn(json, schema.type) ? json : wrongType(schema, json, context, describeRange(schema.type));
  switch (schema.type) {
    case 'float':
    case 'double':
      // JSON.parse turns 1e999 into Infinity, which no JSON can carry back out.
      return typeof json === 'number' && Number.isFinite(json) ? json : wrongType(schema, json, context, 'a finite JSON number');
    case 'boolean':
      return typeof json === 'boolean' ? json : wrongType(schema, json, context, 'true or false');
    case 'string':
      return typeof json === 'string' ? json : wrongType(schema, json, context, 'a JSON string', true);
    case 'bytes': {
      if (typeof json !== 'string') return wrongType(schema, json, context, 'a base64 string', true);
      const bytes = decodeBase64(json);
      if (bytes === undefined) throw new ConnectDataError('Invalid bytes field');
      return bytes;
    }
    case 'array':
      if (!Array.isArray(json)) return wrongType(schema, json, context, 'a JSON array');
      return json.map((item, index) => decodeValue(schema.items, item, elementContext(context, `[${index}]`)));
    case 'map':
      return decodeMap(schema, json, context);
    case 'struct':
      return decodeStruct(schema, json, context);
  }
  return wrongType(schema, json, context, 'a value of a known type');
}

/**
 * The context of a struct field. Its path is only spelled out when a message needs it: building
 * "payload.qty" for every field of every record would cost more than decoding the field.
 */
class FieldContext implements DecodeContext {
  readonly replaceNullWithDefault: boolean;

  constructor(
    private readonly parent: DecodeContext,
    readonly fieldName: string,
  ) {
    this.replaceNullWithDefault = parent.replaceNullWithDefault;
  }

  get path(): string {
    return `${this.parent.path}.${this.fieldName}`;
  }
}

/** The context of an array element or map entry: the enclosing path plus a suffix such as "[2]". */
function elementContext(parent: DecodeContext, suffix: string): DecodeContext {
  return { path: `${parent.path}${suffix}`, fieldName: parent.fieldName, replaceNullWithDefault: parent.replaceNullWithDefault };
}

function wrongType(schema: ConnectSchema, json: JsonValue, context: DecodeContext, expected: string, javaReadsNull = false): never {
  if (javaReadsNull && !schema.optional && context.fieldName !== undefined) {
    throw new ConnectDataError(
      `Invalid value: null used for required field: "${context.fieldName}", schema type: ${javaTypeName(schema.type)}`,
    );
  }
  throw new ConnectDataError(
    `Invalid ${javaTypeName(schema.type)} value at ${context.path}: expected ${expected} but found ${describeJson(json)}`,
  );
}

function decodeStruct(schema: StructSchema, json: JsonValue, context: DecodeContext): ConnectStruct {
  if (!isJsonObject(json)) throw new ConnectDataError(`Structs should be encoded as JSON objects, but found ${jsonNodeType(json)}`);
  // Keys the schema does not name are ignored, as the converter ignores them.
  const struct: Record<string, ConnectValue> = {};
  for (const field of schema.fields) {
    setOwn(struct, field.field, decodeValue(field, ownValue(json, field.field), new FieldContext(context, field.field)));
  }
  return struct;
}

/** String keys come as a JSON object; any other key type as an array of [key, value] pairs. */
function decodeMap(schema: MapSchema, json: JsonValue, context: DecodeContext): Map<ConnectValue, ConnectValue> {
  const map = new Map<ConnectValue, ConnectValue>();
  if (schema.keys.type === 'string') {
    if (!isJsonObject(json)) {
      throw new ConnectDataError(`Maps with string fields should be encoded as JSON objects, but found ${jsonNodeType(json)}`);
    }
    for (const [key, item] of Object.entries(json)) {
      map.set(
        decodeValue(schema.keys, key, context),
        decodeValue(schema.values, item, elementContext(context, `[${JSON.stringify(key)}]`)),
      );
    }
    return map;
  }
  if (!Array.isArray(json)) {
    throw new ConnectDataError(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${jsonNodeType(json)}`);
  }
  json.forEach((entry, index) => {
    if (!Array.isArray(entry)) throw new ConnectDataError(`Found invalid map entry instead of array tuple: ${jsonNodeType(entry)}`);
    if (entry.length !== 2) throw new ConnectDataError(`Found invalid map entry, expected length 2 but found :${entry.length}`);
    map.set(
      decodeValue(schema.keys, entry[0], elementContext(context, `[${index}][0]`)),
      decodeValue(schema.values, entry[1], elementContext(context, `[${index}][1]`)),
    );
  });
  return map;
}

/**
 * A Decimal decodes to exact decimal text (see decimal-codec.ts): from base64 bytes with exactly
 * `scale` fraction digits; from a JSON number (accepted on read, as Java does) with at least that many.
 */
function decodeDecimal(schema: ConnectSchema, json: JsonValue, context: DecodeContext): string {
  const scale = decimalScaleOf(schema);
  if (typeof json === 'bigint') return numberToDecimalText(json, scale);
  if (typeof json === 'number')
    return Number.isFinite(json) ? numberToDecimalText(json, scale) : wrongType(schema, json, context, 'a finite JSON number');
  if (typeof json === 'string') {
    const bytes = decodeBase64(json);
    // Java wraps any failure here (bad base64, zero bytes) in this one message.
    if (bytes === undefined || bytes.length === 0) throw new ConnectDataError('Invalid bytes for Decimal field');
    return formatDecimal(unscaledFromBytes(bytes), scale);
  }
  throw new ConnectDataError(
    `Invalid type for Decimal, underlying representation should be numeric or bytes but was ${jsonNodeType(json)}`,
  );
}

/**
 * Java's Date reaches far further than JavaScript's; past ±8.64e15 ms we refuse rather than return an
 * Invalid Date. A bigint (an integer beyond ±(2^53−1)) is always past it.
 */
function dateFromMillis(millis: number | bigint, context: DecodeContext): Date {
  if (typeof millis === 'bigint' || Math.abs(millis) > MAX_DATE_MILLIS) {
    throw new ConnectDataError(
      `Invalid date at ${context.path}: ${millis} ms from the epoch is outside the range a JavaScript Date can hold`,
    );
  }
  return new Date(millis);
}
