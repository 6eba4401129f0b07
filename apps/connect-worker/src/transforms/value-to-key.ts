import { ConnectDataError, type ConnectField, type ConnectStruct, type ConnectValue, type StructSchema } from '@kafka-sync/contracts';
import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import { missing, transformKey, type TransformDefinition } from './transform-definition';
import {
  addError,
  booleanError,
  checkedFields,
  fieldOf,
  parseJavaList,
  requireMap,
  requireStruct,
  structGet,
  unknownKeyErrors,
  REPLACE_NULL_WITH_DEFAULT,
  replaceNullWithDefault,
  replaceNullWithDefaultKey,
} from './transform-support';

export const VALUE_TO_KEY = 'org.apache.kafka.connect.transforms.ValueToKey';

const PURPOSE = 'copying fields from value to key';

/**
 * Kafka's ValueToKey: the key becomes a struct of the listed value fields, its schema an unnamed
 * required struct of those fields' schemas (in the listed order); schemaless values (maps) give a
 * map key. The value, topic and timestamp are unchanged. As in Kafka, a null value is refused
 * (requireMap / requireStruct), tombstones included.
 */
export class ValueToKey implements Transform {
  /** Kafka's LRU cache of derived key schemas, by value schema (one per schema object here). */
  private readonly keySchemas = new WeakMap<StructSchema, StructSchema>();

  constructor(
    private readonly fields: readonly string[],
    private readonly replaceNullWithDefault: boolean,
  ) {}

  apply(record: SinkRecord): SinkRecord {
    const { schema, value } = record.value;
    if (schema === null) {
      const map = requireMap(value, PURPOSE);
      const key = new Map<ConnectValue, ConnectValue>(this.fields.map((f) => [f, map.get(f) ?? null]));
      return { ...record, key: { schema: null, value: key } };
    }
    const struct = requireStruct(schema, value, PURPOSE);
    const valueSchema = schema as StructSchema;
    let keySchema = this.keySchemas.get(valueSchema);
    if (keySchema === undefined) {
      const fields: ConnectField[] = this.fields.map((name) => {
        const field = fieldOf(valueSchema, name);
        if (field === null) throw new ConnectDataError(`Field does not exist: ${name}`);
        return field;
      });
      keySchema = { type: 'struct', fields: checkedFields(fields), optional: false };
      this.keySchemas.set(valueSchema, keySchema);
    }
    const key: Record<string, ConnectValue> = {};
    for (const field of keySchema.fields) key[field.field] = structGet(struct as ConnectStruct, field, this.replaceNullWithDefault);
    return { ...record, key: { schema: keySchema, value: key } };
  }
}

const configKeys = () => [
  transformKey('fields', 'LIST', true, null, 'Field names on the record value to extract as the record key.', 'HIGH'),
  replaceNullWithDefaultKey(),
];

export const valueToKeyDefinition: TransformDefinition = {
  className: VALUE_TO_KEY,
  configKeys,
  validate(config) {
    const errors = unknownKeyErrors(config, configKeys(), VALUE_TO_KEY);
    if (config.fields === undefined) addError(errors, 'fields', missing('fields'));
    else {
      const fields = parseJavaList(config.fields);
      // NonEmptyListValidator; the value is printed as Java prints the parsed list.
      if (fields.length === 0) addError(errors, 'fields', `Invalid value [] for configuration fields: Empty list`);
    }
    const bool = booleanError(config, REPLACE_NULL_WITH_DEFAULT);
    if (bool) addError(errors, REPLACE_NULL_WITH_DEFAULT, bool);
    return errors;
  },
  create: (config) => new ValueToKey(parseJavaList(config.fields), replaceNullWithDefault(config)),
};
