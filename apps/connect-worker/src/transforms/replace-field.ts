import { ConnectDataError, type ConnectField, type ConnectStruct, type ConnectValue, type StructSchema } from '@kafka-sync/contracts';
import type { SchemaAndValue, SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import { parseList, transformKey, type TransformDefinition } from './transform-definition';
import { javaClassName, replaceNullWithDefaultKey, unknownKeyErrors } from './transform-support';

export const REPLACE_FIELD_VALUE = 'org.apache.kafka.connect.transforms.ReplaceField$Value';
export const REPLACE_FIELD_KEY = 'org.apache.kafka.connect.transforms.ReplaceField$Key';

const PURPOSE = 'field replacement';

export interface ReplaceFieldOptions {
  exclude: string[];
  include: string[];
  renames: Map<string, string>;
}

/**
 * `exclude` / `include` / `renames` with the Kafka 2.7–3.x aliases: `blacklist` for exclude and
 * `whitelist` for include. When an alias and its new key are both set, the new key wins.
 */
export function replaceFieldOptions(config: Record<string, string>): ReplaceFieldOptions {
  const exclude = parseList(config.exclude ?? config.blacklist);
  const include = parseList(config.include ?? config.whitelist);
  const renames = new Map(parseList(config.renames).map((pair) => pair.split(':') as [string, string]));
  return { exclude, include, renames };
}

/**
 * Kafka's ReplaceField: drops `exclude`d fields, keeps only `include`d ones when that list is
 * set (exclude wins), and renames `old:new`. Struct values (with a schema) get a new schema too;
 * schemaless values must be maps. A null value (tombstone) passes unchanged.
 */
export class ReplaceField implements Transform {
  constructor(
    private readonly options: ReplaceFieldOptions,
    private readonly part: 'key' | 'value',
  ) {}

  private keep(name: string): boolean {
    return !this.options.exclude.includes(name) && (this.options.include.length === 0 || this.options.include.includes(name));
  }

  private renamed(name: string): string {
    return this.options.renames.get(name) ?? name;
  }

  apply(record: SinkRecord): SinkRecord {
    const data = record[this.part];
    if (data.value === null) return record;
    return { ...record, [this.part]: data.schema === null ? this.schemaless(data) : this.withSchema(data) };
  }

  private schemaless({ value }: SchemaAndValue): SchemaAndValue {
    if (!(value instanceof Map))
      throw new ConnectDataError(`Only Map objects supported in absence of schema for [${PURPOSE}], found: ${javaClassName(value)}`);
    const out = new Map<ConnectValue, ConnectValue>();
    for (const [k, v] of value) if (typeof k === 'string' && this.keep(k)) out.set(this.renamed(k), v);
    return { schema: null, value: out };
  }

  private withSchema({ schema, value }: SchemaAndValue): SchemaAndValue {
    if (
      schema?.type !== 'struct' ||
      value === null ||
      typeof value !== 'object' ||
      value instanceof Map ||
      Array.isArray(value) ||
      Buffer.isBuffer(value) ||
      value instanceof Date
    ) {
      throw new ConnectDataError(`Only Struct objects supported for [${PURPOSE}], found: ${javaClassName(value)}`);
    }
    const struct = value as ConnectStruct;
    const fields: ConnectField[] = [];
    const out: Record<string, ConnectValue> = {};
    for (const f of schema.fields) {
      if (!this.keep(f.field)) continue;
      const name = this.renamed(f.field);
      fields.push({ ...f, field: name });
      out[name] = struct[f.field] ?? null;
    }
    const newSchema: StructSchema = { ...schema, fields };
    return { schema: newSchema, value: out };
  }
}

function definition(className: string, part: 'key' | 'value'): TransformDefinition {
  const configKeys = () => [
    transformKey('exclude', 'LIST', false, '', 'Fields to exclude. This takes precedence over the fields to include.'),
    transformKey('include', 'LIST', false, '', 'Fields to include. If specified, only these fields will be used.'),
    transformKey('renames', 'LIST', false, '', 'Field rename mappings.'),
    transformKey('blacklist', 'LIST', false, null, 'Deprecated. Use exclude instead.', 'LOW'),
    transformKey('whitelist', 'LIST', false, null, 'Deprecated. Use include instead.', 'LOW'),
    replaceNullWithDefaultKey(),
  ];
  return {
    className,
    configKeys,
    validate(config) {
      const errors = unknownKeyErrors(config, configKeys(), className);
      for (const pair of parseList(config.renames)) {
        const parts = pair.split(':');
        if (parts.length !== 2 || !parts[0] || !parts[1]) {
          errors.renames = [
            `Invalid value [${parseList(config.renames).join(', ')}] for configuration renames: Invalid rename mapping: ${pair}`,
          ];
        }
      }
      return errors;
    },
    create: (config) => new ReplaceField(replaceFieldOptions(config), part),
  };
}

export const replaceFieldValueDefinition = definition(REPLACE_FIELD_VALUE, 'value');
export const replaceFieldKeyDefinition = definition(REPLACE_FIELD_KEY, 'key');
