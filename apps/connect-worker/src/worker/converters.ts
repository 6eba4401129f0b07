import { ConnectDataError, envelope, parseEnvelope, stringifyJson, type ConnectValue } from '@kafka-sync/contracts';
import type { ConnectorConfig } from '../connect-api/connector-plugin';
import type { SchemaAndValue } from '../connect-api/sink-record';

export const JSON_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter';
export const STRING_CONVERTER = 'org.apache.kafka.connect.storage.StringConverter';

/** The converters this worker has (Connect would report any other class as not found). */
export const CONVERTER_CLASSES = [JSON_CONVERTER, STRING_CONVERTER] as const;

/** Bytes of a record key or value → Connect data (Converter.toConnectData). */
export type Converter = (bytes: Buffer | null) => SchemaAndValue;

/** Worker defaults when a connector sets no key.converter / value.converter (Confluent images: JsonConverter). */
export const DEFAULT_CONVERTER = JSON_CONVERTER;

const SERIALIZATION_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';
const NULL: SchemaAndValue = Object.freeze({ schema: null, value: null });
/** StringConverter's schema, one shared object: a sink compares every record's schema with the last one. */
const OPTIONAL_STRING = Object.freeze({ type: 'string', optional: true } as const);

export function resolveConverterClass(name: string): string | null {
  const trimmed = name.trim();
  return CONVERTER_CLASSES.find((c) => c === trimmed || c.slice(c.lastIndexOf('.') + 1) === trimmed) ?? null;
}

/**
 * Builds the key or value converter of a connector from `<prefix>` (the class) and
 * `<prefix>.*` (its settings), as Connect does. Throws ConnectError-like DataException messages
 * for a bad setting (the task then fails at start).
 */
export function createConverter(
  config: ConnectorConfig,
  prefix: 'key.converter' | 'value.converter',
): { className: string; convert: Converter } {
  const className = resolveConverterClass(config[prefix] ?? DEFAULT_CONVERTER);
  if (className === null) throw new ConnectDataError(`Class ${config[prefix]} could not be found.`);
  if (className === STRING_CONVERTER) {
    const encoding = config[`${prefix}.encoding`] ?? 'UTF-8';
    if (!/^utf-?8$/i.test(encoding)) throw new ConnectDataError(`Unsupported encoding ${encoding}: only UTF-8 is supported`);
    return {
      className,
      convert: (bytes) => ({ schema: OPTIONAL_STRING, value: bytes === null ? null : bytes.toString('utf8') }),
    };
  }
  const schemasEnable = (config[`${prefix}.schemas.enable`] ?? 'true').trim().toLowerCase();
  if (schemasEnable !== 'true' && schemasEnable !== 'false') {
    throw new ConnectDataError(
      `Invalid value ${config[`${prefix}.schemas.enable`]} for configuration schemas.enable: Expected value to be either true or false`,
    );
  }
  const replace = (config[`${prefix}.replace.null.with.default`] ?? 'true').trim().toLowerCase() !== 'false';
  if (schemasEnable === 'true') {
    return { className, convert: (bytes) => (bytes === null ? NULL : parseEnvelope(bytes, { replaceNullWithDefault: replace })) };
  }
  return {
    className,
    convert: (bytes) => {
      if (bytes === null || bytes.length === 0 || bytes.toString('utf8').trim() === '') return NULL;
      // Plain JSON: the same inference as {"schema":null,"payload":…} (integer → INT64, object → Map).
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch (error) {
        throw new ConnectDataError(`${SERIALIZATION_ERROR}${(error as Error).message}`);
      }
      return parseEnvelope(Buffer.concat([Buffer.from('{"schema":null,"payload":'), bytes, Buffer.from('}')]));
    },
  };
}

/** Connect data → bytes of a record key or value (Converter.fromConnectData), for source tasks. */
export type FromConnectData = (data: SchemaAndValue) => Buffer | null;

/**
 * The writing direction of the key or value converter, from the same `<prefix>` settings:
 * StringConverter writes the value's string form as UTF-8 (null stays null); JsonConverter writes
 * `{"schema":…,"payload":…}` with schemas.enable=true (the default) and the bare payload with
 * false, both as Kafka's JsonConverter does; a null schema and null value stay a null record key or
 * value.
 */
export function createSourceConverter(
  config: ConnectorConfig,
  prefix: 'key.converter' | 'value.converter',
): { className: string; fromConnectData: FromConnectData } {
  const { className } = createConverter(config, prefix); // the same checks of the settings
  if (className === STRING_CONVERTER) {
    return {
      className,
      fromConnectData: ({ value }) => (value === null || value === undefined ? null : Buffer.from(stringOf(value), 'utf8')),
    };
  }
  const schemasEnable = (config[`${prefix}.schemas.enable`] ?? 'true').trim().toLowerCase() === 'true';
  return {
    className,
    fromConnectData: ({ schema, value }) => {
      if (schema === null && (value === null || value === undefined)) return null;
      const json =
        schema === null
          ? schemasEnable
            ? { schema: null, payload: schemalessJson(value) }
            : schemalessJson(value)
          : schemasEnable
            ? envelope(schema as never, value as never)
            : envelope(schema as never, value as never).payload;
      // An int64 beyond ±(2^53−1) is a bigint: written as its exact digits, as Jackson writes a long.
      return Buffer.from(stringifyJson(json), 'utf8');
    },
  };
}

/** StringConverter's String.valueOf of a Connect value. */
function stringOf(value: ConnectValue): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return typeof value === 'object' ? stringifyJson(schemalessJson(value)) : String(value);
}

/** JsonConverter.convertToJson with a null schema: the JSON type follows the value's own type. */
function schemalessJson(value: ConnectValue | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map((v) => schemalessJson(v as ConnectValue));
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), schemalessJson(v as ConnectValue)]));
  return Object.fromEntries(Object.entries(value as Record<string, ConnectValue>).map(([k, v]) => [k, schemalessJson(v)]));
}
