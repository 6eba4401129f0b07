// Kafka's ConfigDef (parseType, validateAll, the validators the JDBC connectors use) with
// ConfigException's texts: "Invalid value <v> for configuration <key>: <reason>".

import type { ConfigKey } from '../../connect-api/config-key';
import type { ConnectorConfig } from '../../connect-api/connector-plugin';
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

export interface ParsedConfig {
  readonly values: Map<string, ParsedValue>;
  /** Per key, Connect's texts; empty when valid. */
  readonly errors: Record<string, string[]>;
  readonly addError: (key: string, message: string) => void;
}

/**
 * ConfigDef.validateAll over a connector's own keys: each parsed (its default when absent) and
 * validated, and every key the connector does not define refused by name (the worker strips its
 * own keys first; `internalKeys` are the ones a connector adds to its task configs).
 */
export function parseConfig(
  defs: readonly KeyDef[],
  config: ConnectorConfig,
  connectorName: string,
  internalKeys: readonly string[] = [],
): ParsedConfig {
  const values = new Map<string, ParsedValue>();
  const errors: Record<string, string[]> = {};
  const addError = (key: string, message: string) => void (errors[key] ??= []).push(message);
  const defined = new Set(defs.map((d) => d.name));
  for (const def of defs) {
    const raw = Object.hasOwn(config, def.name) ? config[def.name] : undefined;
    if (raw === undefined || raw === null) {
      if (def.defaultValue === undefined) {
        addError(def.name, `Missing required configuration "${def.name}" which has no default value.`);
        continue;
      }
      if (def.defaultValue === null) {
        values.set(def.name, null);
        continue;
      }
    }
    try {
      const value = parseType(def, raw ?? (def.defaultValue as string));
      if (def.validator) checkValidator(def.name, def.validator, value);
      values.set(def.name, value);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) throw error;
      addError(def.name, error.message);
    }
  }
  for (const key of Object.keys(config))
    if (!defined.has(key) && !internalKeys.includes(key)) addError(key, `Unknown configuration '${key}' for ${connectorName}`);
  return { values, errors, addError };
}

/** A connector's keys as the validate endpoint lists them (ConfigDef.configKeys). */
export function configKeysOf(defs: readonly KeyDef[]): ConfigKey[] {
  return defs.map((def) => ({
    name: def.name,
    type: def.type,
    required: def.defaultValue === undefined,
    defaultValue: def.defaultValue ?? null,
    importance: def.importance,
    documentation: def.notImplemented ? `${def.documentation} (Not implemented in this worker: ${def.notImplemented}.)` : def.documentation,
    group: def.group,
    width: def.width,
    displayName: def.displayName,
    dependents: [],
    order: def.order,
  }));
}
