import { field as fieldSchema, type ConnectField, type ConnectValue, type StructSchema } from '@kafka-sync/contracts';
import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import { transformKey, type TransformDefinition } from './transform-definition';
import {
  addError,
  booleanError,
  checkedFields,
  requireMap,
  requireStruct,
  structGet,
  unknownKeyErrors,
  REPLACE_NULL_WITH_DEFAULT,
  replaceNullWithDefault,
  replaceNullWithDefaultKey,
} from './transform-support';

export const INSERT_FIELD_VALUE = 'org.apache.kafka.connect.transforms.InsertField$Value';
export const INSERT_FIELD_KEY = 'org.apache.kafka.connect.transforms.InsertField$Key';

const PURPOSE = 'field insertion';

const TOPIC_FIELD = 'topic.field';
const PARTITION_FIELD = 'partition.field';
const OFFSET_FIELD = 'offset.field';
const TIMESTAMP_FIELD = 'timestamp.field';
const STATIC_FIELD = 'static.field';
const STATIC_VALUE = 'static.value';

/** A field to insert: `name!` is required, `name?` and `name` are optional. */
export interface InsertionSpec {
  name: string;
  optional: boolean;
}

/** InsertField.InsertionSpec.parse. */
export function insertionSpec(spec: string | undefined): InsertionSpec | null {
  if (spec === undefined) return null;
  if (spec.endsWith('?')) return { name: spec.slice(0, -1), optional: true };
  if (spec.endsWith('!')) return { name: spec.slice(0, -1), optional: false };
  return { name: spec, optional: true };
}

export interface InsertFieldOptions {
  topic: InsertionSpec | null;
  partition: InsertionSpec | null;
  offset: InsertionSpec | null;
  timestamp: InsertionSpec | null;
  static: InsertionSpec | null;
  staticValue: string | null;
  replaceNullWithDefault: boolean;
}

export function insertFieldOptions(config: Record<string, string>): InsertFieldOptions {
  return {
    topic: insertionSpec(config[TOPIC_FIELD]),
    partition: insertionSpec(config[PARTITION_FIELD]),
    offset: insertionSpec(config[OFFSET_FIELD]),
    timestamp: insertionSpec(config[TIMESTAMP_FIELD]),
    static: insertionSpec(config[STATIC_FIELD]),
    staticValue: config[STATIC_VALUE] ?? null,
    replaceNullWithDefault: replaceNullWithDefault(config),
  };
}

/**
 * Kafka's InsertField: adds the record's topic, partition, offset and timestamp and a static
 * string, each under its configured name. With a schema, the struct gets one more field per
 * insertion (string, int32, int64, Timestamp, string; optional unless the name ends with `!`),
 * its name, version, doc and parameters kept; schemaless maps get the plain values (the timestamp
 * as epoch milliseconds). A null key or value passes unchanged; a null record timestamp is not
 * inserted.
 */
export class InsertField implements Transform {
  private readonly updatedSchemas = new WeakMap<StructSchema, StructSchema>();

  constructor(
    private readonly options: InsertFieldOptions,
    private readonly part: 'key' | 'value',
  ) {}

  apply(record: SinkRecord): SinkRecord {
    const { schema, value } = record[this.part];
    if (value === null) return record;
    return { ...record, [this.part]: schema === null ? this.schemaless(record, value) : this.withSchema(record) };
  }

  /** The values to insert, in Kafka's order; the timestamp as a Date with a schema, as a number without. */
  private insertions(record: SinkRecord, withSchema: boolean): Array<[string, ConnectValue]> {
    const o = this.options;
    const out: Array<[string, ConnectValue]> = [];
    if (o.topic) out.push([o.topic.name, record.topic]);
    if (o.partition) out.push([o.partition.name, record.partition]);
    // requireSinkRecord: every record a transform sees here is a sink record.
    if (o.offset) out.push([o.offset.name, Number(record.offset)]);
    if (o.timestamp && record.timestamp !== null) out.push([o.timestamp.name, withSchema ? new Date(record.timestamp) : record.timestamp]);
    if (o.static && o.staticValue !== null) out.push([o.static.name, o.staticValue]);
    return out;
  }

  private schemaless(record: SinkRecord, value: ConnectValue) {
    const updated = new Map<ConnectValue, ConnectValue>(requireMap(value, PURPOSE));
    for (const [name, inserted] of this.insertions(record, false)) updated.set(name, inserted);
    return { schema: null, value: updated };
  }

  private withSchema(record: SinkRecord) {
    const { schema, value } = record[this.part];
    const struct = requireStruct(schema!, value, PURPOSE);
    const original = schema as StructSchema;
    let updatedSchema = this.updatedSchemas.get(original);
    if (updatedSchema === undefined) {
      updatedSchema = this.makeUpdatedSchema(original);
      this.updatedSchemas.set(original, updatedSchema);
    }
    const updated: Record<string, ConnectValue> = {};
    for (const f of original.fields) updated[f.field] = structGet(struct, f, this.options.replaceNullWithDefault);
    // A field whose value is not inserted (a null timestamp) is null, as in a fresh Struct.
    for (const f of updatedSchema.fields) if (!Object.hasOwn(updated, f.field)) updated[f.field] = null;
    for (const [name, inserted] of this.insertions(record, true)) updated[name] = inserted;
    return { schema: updatedSchema, value: updated };
  }

  /** SchemaUtil.copySchemaBasics (name, version, doc, parameters; not optional, no default) plus the new fields. */
  private makeUpdatedSchema(schema: StructSchema): StructSchema {
    const o = this.options;
    const added: ConnectField[] = [];
    const optional = (spec: InsertionSpec) => ({ optional: spec.optional });
    if (o.topic) added.push(fieldSchema.string(o.topic.name, optional(o.topic)));
    if (o.partition) added.push(fieldSchema.int32(o.partition.name, optional(o.partition)));
    if (o.offset) added.push(fieldSchema.int64(o.offset.name, optional(o.offset)));
    if (o.timestamp) added.push(fieldSchema.timestamp(o.timestamp.name, optional(o.timestamp)));
    if (o.static) added.push(fieldSchema.string(o.static.name, optional(o.static)));
    const basics = Object.fromEntries(
      (['name', 'version', 'doc', 'parameters'] as const).filter((k) => schema[k] !== undefined).map((k) => [k, schema[k]]),
    );
    return { type: 'struct', fields: checkedFields([...schema.fields, ...added]), optional: false, ...basics };
  }
}

const OPTIONALITY_DOC = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';

const configKeys = () => [
  transformKey(TOPIC_FIELD, 'STRING', false, null, `Field name for Kafka topic. ${OPTIONALITY_DOC}`),
  transformKey(PARTITION_FIELD, 'STRING', false, null, `Field name for Kafka partition. ${OPTIONALITY_DOC}`),
  transformKey(
    OFFSET_FIELD,
    'STRING',
    false,
    null,
    `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`,
  ),
  transformKey(TIMESTAMP_FIELD, 'STRING', false, null, `Field name for record timestamp. ${OPTIONALITY_DOC}`),
  transformKey(STATIC_FIELD, 'STRING', false, null, `Field name for static data field. ${OPTIONALITY_DOC}`),
  transformKey(STATIC_VALUE, 'STRING', false, null, 'Static field value, if field name configured.'),
  replaceNullWithDefaultKey(),
];

function definition(className: string, part: 'key' | 'value'): TransformDefinition {
  return {
    className,
    configKeys,
    validate(config) {
      const errors = unknownKeyErrors(config, configKeys(), className);
      const o = insertFieldOptions(config);
      // InsertField.configure's ConfigExceptions; Kafka throws them when a task starts, we at validation.
      if (!o.topic && !o.partition && !o.offset && !o.timestamp && !o.static) addError(errors, 'type', 'No field insertion configured');
      if (o.static && o.staticValue === null)
        addError(
          errors,
          STATIC_VALUE,
          `Invalid value null for configuration ${STATIC_VALUE}: No value specified for static field: ${o.static.name}`,
        );
      const bool = booleanError(config, REPLACE_NULL_WITH_DEFAULT);
      if (bool) addError(errors, REPLACE_NULL_WITH_DEFAULT, bool);
      return errors;
    },
    create: (config) => new InsertField(insertFieldOptions(config), part),
  };
}

export const insertFieldValueDefinition = definition(INSERT_FIELD_VALUE, 'value');
export const insertFieldKeyDefinition = definition(INSERT_FIELD_KEY, 'key');
