// The "schema" half of an envelope → a checked ConnectSchema in JsonConverter's key order
// (asConnectSchema). Messages are the converter's own. Like the converter, it ignores a name,
// version or doc of the wrong JSON type and a "parameters" that is not an object; it is stricter in
// two places, both checked here once rather than per value: a logical type must sit on its own
// primitive type (Timestamp on int64, …), and a Decimal needs a valid integer "scale" (Java only
// finds out when it decodes a bytes value, and then reports "Invalid bytes for Decimal field").

import type { ConnectField, ConnectSchema } from './connect-schema';
import { ConnectDataError } from './connect-data-error';
import { decodeValue } from './decode-value';
import { readDecimalScale } from './decimal-scale';
import { DECIMAL_LOGICAL_NAME, logicalBaseType } from './logical-types';
import { javaTypeName } from './type-names';
import { isJsonObject, ownValue, setOwn, type JsonObject } from '../json/json-value';

const PRIMITIVE_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'float', 'double', 'boolean', 'string', 'bytes']);

/** null for "schema": null (a schemaless payload); otherwise the checked schema. */
export function parseSchema(json: unknown): ConnectSchema | null {
  return json === null ? null : parseNonNullSchema(json, 'schema');
}

function parseNonNullSchema(json: unknown, where: string): ConnectSchema {
  const object = isJsonObject(json) ? json : undefined;
  const type = object === undefined ? undefined : ownValue(object, 'type');
  if (object === undefined || typeof type !== 'string') throw new ConnectDataError("Schema must contain 'type' field");

  const schema = withAttributes(object, type, typeSpecificKeys(object, type, where));
  checkLogicalType(schema);
  return withDefault(object, schema, where);
}

/** items | keys, values | fields: what follows "type" in the converter's output. */
function typeSpecificKeys(object: JsonObject, type: string, where: string): Record<string, unknown> {
  switch (type) {
    case 'array': {
      const items = ownValue(object, 'items');
      if (items === undefined || items === null) throw new ConnectDataError('Array schema did not specify the element type');
      return { items: parseNonNullSchema(items, `${where}[]`) };
    }
    case 'map': {
      const keys = ownValue(object, 'keys');
      if (keys === undefined || keys === null) throw new ConnectDataError('Map schema did not specify the key type');
      const values = ownValue(object, 'values');
      if (values === undefined || values === null) throw new ConnectDataError('Map schema did not specify the value type');
      return { keys: parseNonNullSchema(keys, `${where}{key}`), values: parseNonNullSchema(values, `${where}{value}`) };
    }
    case 'struct':
      return { fields: parseFields(ownValue(object, 'fields'), where) };
    default:
      if (!PRIMITIVE_TYPES.has(type)) throw new ConnectDataError(`Unknown schema type: ${type}`);
      return {};
  }
}

function parseFields(json: unknown, where: string): ConnectField[] {
  if (!Array.isArray(json)) throw new ConnectDataError('Struct schema\'s "fields" argument is not an array.');
  const names = new Set<string>();
  return json.map((fieldJson: unknown) => {
    const name = isJsonObject(fieldJson) ? ownValue(fieldJson, 'field') : undefined;
    if (typeof name !== 'string') throw new ConnectDataError("Struct schema's field name not specified properly");
    // The next two are SchemaBuilder.field's messages.
    if (name === '') throw new ConnectDataError('fieldName cannot be null.');
    const fieldSchema = parseNonNullSchema(fieldJson, `${where}.${name}`);
    if (names.has(name)) throw new ConnectDataError(`Cannot create field because of field name duplication ${name}`);
    names.add(name);
    return { ...fieldSchema, field: name };
  });
}

function withAttributes(object: JsonObject, type: string, typeKeys: Record<string, unknown>): ConnectSchema {
  const schema: Record<string, unknown> = { type, ...typeKeys, optional: ownValue(object, 'optional') === true };
  const name = ownValue(object, 'name');
  if (typeof name === 'string') schema.name = name;
  const version = ownValue(object, 'version');
  if (typeof version === 'number' && Number.isSafeInteger(version)) schema.version = version;
  const doc = ownValue(object, 'doc');
  if (typeof doc === 'string') schema.doc = doc;
  const parameters = ownValue(object, 'parameters');
  if (isJsonObject(parameters)) schema.parameters = stringParameters(parameters);
  return schema as unknown as ConnectSchema;
}

function stringParameters(parameters: JsonObject): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'string') throw new ConnectDataError('Schema parameters must have string values.');
    setOwn(strings, key, value);
  }
  return strings;
}

function checkLogicalType(schema: ConnectSchema): void {
  if (schema.name === undefined) return;
  const baseType = logicalBaseType(schema.name);
  if (baseType !== undefined && baseType !== schema.type) {
    throw new ConnectDataError(`Invalid schema: logical type ${schema.name} must have type ${baseType}, not ${schema.type}`);
  }
  if (schema.name === DECIMAL_LOGICAL_NAME) {
    const scale = readDecimalScale(schema);
    if (!scale.ok) throw new ConnectDataError(scale.error);
  }
}

/**
 * The converter decodes a default with the schema it belongs to, so a default the schema cannot
 * hold fails here, when the schema is read. A JSON null default means no default, except on a
 * required schema, where Java's decoding of it fails with "Invalid null value for required … field".
 */
function withDefault(object: JsonObject, schema: ConnectSchema, where: string): ConnectSchema {
  const json = ownValue(object, 'default');
  if (json === undefined) return schema;
  if (json === null) {
    if (!schema.optional) throw new ConnectDataError(`Invalid null value for required ${javaTypeName(schema.type)} field`);
    return schema;
  }
  decodeValue(schema, json, { path: `${where} default`, replaceNullWithDefault: true });
  return { ...schema, default: json };
}
