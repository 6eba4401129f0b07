// Kafka's ConfigDef.parseType and the validators the JDBC sink uses, with ConfigException's texts:
// "Invalid value <v> for configuration <key>: <reason>".

import type { KeyDef, Validator } from './config-def';
import { resolveZone } from './time-zone';

export type ParsedValue = string | number | boolean | string[] | null;

export class ConfigValueError extends Error {}

export function invalidValue(key: string, value: unknown, reason?: string): string {
  return `Invalid value ${javaToString(value)} for configuration ${key}${reason === undefined ? '' : `: ${reason}`}`;
}

/** How Java prints the value in a ConfigException (a List prints as [a, b]). */
function javaToString(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

const INT_RANGE = {
  INT: [-(2 ** 31), 2 ** 31 - 1],
  SHORT: [-(2 ** 15), 2 ** 15 - 1],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
} as const;

/** ConfigDef.parseType for a string from the flat config map (strings are trimmed first). */
export function parseType(def: KeyDef, raw: string): ParsedValue {
  const trimmed = raw.trim();
  switch (def.type) {
    case 'BOOLEAN':
      if (trimmed.toLowerCase() === 'true') return true;
      if (trimmed.toLowerCase() === 'false') return false;
      throw new ConfigValueError(invalidValue(def.name, raw, 'Expected value to be either true or false'));
    case 'STRING':
    case 'PASSWORD':
    case 'CLASS':
      return trimmed;
    case 'INT':
    case 'SHORT':
    case 'LONG': {
      // Integer.parseInt / Long.parseLong: an optional sign and decimal digits, nothing else.
      const [min, max] = INT_RANGE[def.type];
      const value = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : NaN;
      if (!Number.isSafeInteger(value) || value < min || value > max)
        throw new ConfigValueError(invalidValue(def.name, raw, `Not a number of type ${def.type}`));
      return value;
    }
    case 'DOUBLE': {
      const value = trimmed === '' ? NaN : Number(trimmed);
      if (Number.isNaN(value)) throw new ConfigValueError(invalidValue(def.name, raw, 'Not a number of type DOUBLE'));
      return value;
    }
    case 'LIST':
      return trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
  }
}

export function checkValidator(key: string, validator: Validator, value: ParsedValue): void {
  switch (validator.kind) {
    case 'enum': {
      const valid = new Set(validator.values.flatMap((v) => [v.toUpperCase(), v.toLowerCase()]));
      const canonical = `[${validator.values.map((v) => v.toLowerCase()).join(', ')}]`;
      if (Array.isArray(value)) {
        if (value.length === 0)
          throw new ConfigValueError(invalidValue(key, value, `At least one value must be specified. Valid values are: ${canonical}`));
        for (const item of value) if (!valid.has(item)) throw new ConfigValueError(invalidValue(key, item, 'Invalid enumerator'));
      } else if (value !== null && !valid.has(String(value))) {
        throw new ConfigValueError(invalidValue(key, value, 'Invalid enumerator'));
      }
      return;
    }
    case 'atLeast':
      if (typeof value === 'number' && value < validator.min)
        throw new ConfigValueError(invalidValue(key, value, `Value must be at least ${validator.min}`));
      return;
    case 'nonEmptyString':
      if (value === '') throw new ConfigValueError(invalidValue(key, value, 'String must be non-empty'));
      return;
    case 'timeZone':
      if (typeof value === 'string' && resolveZone(value) === null) {
        throw new ConfigValueError(
          invalidValue(
            key,
            value,
            'Invalid time zone. See the list of valid time zones at https://docs.oracle.com/javase/8/docs/api/java/time/ZoneId.html#shortIds',
          ),
        );
      }
      return;
    case 'dialect':
      // The real plugin packages eleven dialects; this worker embeds only the MySQL one.
      if (value !== '' && value !== 'MySqlDatabaseDialect') {
        throw new ConfigValueError(invalidValue(key, value, 'Only MySqlDatabaseDialect is available in this worker'));
      }
      return;
  }
}
