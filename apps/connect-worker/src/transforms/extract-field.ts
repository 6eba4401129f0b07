import type { ConnectValue } from '@kafka-sync/contracts';
import type { SinkRecord } from '../connect-api/sink-record';
import type { Transform } from '../connect-api/transform';
import {
  FIELD_SYNTAX_VERSION_CONFIG,
  FIELD_SYNTAX_VERSION_DOC,
  FieldPathError,
  fieldSyntaxVersion,
  SingleFieldPath,
  type FieldSyntaxVersion,
} from './single-field-path';
import { missing, transformKey, type TransformDefinition } from './transform-definition';
import {
  addError,
  booleanError,
  JavaIllegalArgumentError,
  requireMap,
  requireStruct,
  unknownKeyErrors,
  REPLACE_NULL_WITH_DEFAULT,
  replaceNullWithDefault,
  replaceNullWithDefaultKey,
} from './transform-support';

export const EXTRACT_FIELD_KEY = 'org.apache.kafka.connect.transforms.ExtractField$Key';
export const EXTRACT_FIELD_VALUE = 'org.apache.kafka.connect.transforms.ExtractField$Value';

const PURPOSE = 'field extraction';

/**
 * Kafka's ExtractField: the key (or value) becomes one field of itself, with that field's schema;
 * a schemaless map gives the entry's value (null when absent) and no schema. A null key or value
 * stays null (with the field's schema when there is a schema). Nested paths with
 * field.syntax.version=V2.
 */
export class ExtractField implements Transform {
  constructor(
    private readonly originalPath: string,
    private readonly path: SingleFieldPath,
    private readonly replaceNullWithDefault: boolean,
    private readonly part: 'key' | 'value',
  ) {}

  apply(record: SinkRecord): SinkRecord {
    const { schema, value } = record[this.part];
    if (schema === null) {
      const map = value === null ? null : requireMap(value, PURPOSE);
      const extracted: ConnectValue = map === null ? null : this.path.valueFromMap(map);
      return { ...record, [this.part]: { schema: null, value: extracted } };
    }
    const struct = value === null ? null : requireStruct(schema, value, PURPOSE);
    const field = this.path.fieldFrom(schema);
    if (field === null) throw new JavaIllegalArgumentError(`Unknown field: ${this.originalPath}`);
    const extracted = struct === null ? null : this.path.valueFromStruct(schema, struct, this.replaceNullWithDefault);
    // The field's schema without the struct member's name.
    const { field: _name, ...fieldSchema } = field;
    return { ...record, [this.part]: { schema: fieldSchema, value: extracted } };
  }
}

const configKeys = () => [
  transformKey('field', 'STRING', true, null, 'Field name to extract.'),
  replaceNullWithDefaultKey(),
  transformKey(FIELD_SYNTAX_VERSION_CONFIG, 'STRING', false, 'V1', FIELD_SYNTAX_VERSION_DOC, 'HIGH'),
];

function definition(className: string, part: 'key' | 'value'): TransformDefinition {
  return {
    className,
    configKeys,
    validate(config) {
      const errors = unknownKeyErrors(config, configKeys(), className);
      const version = fieldSyntaxVersion(config[FIELD_SYNTAX_VERSION_CONFIG]);
      if (version === null) {
        addError(
          errors,
          FIELD_SYNTAX_VERSION_CONFIG,
          `Invalid value ${config[FIELD_SYNTAX_VERSION_CONFIG]} for configuration ${FIELD_SYNTAX_VERSION_CONFIG}: String must be one of (case insensitive): V1, V2`,
        );
      }
      if (config.field === undefined) addError(errors, 'field', missing('field'));
      else if (version !== null) {
        try {
          new SingleFieldPath(config.field, version);
        } catch (error) {
          if (!(error instanceof FieldPathError)) throw error;
          addError(errors, 'field', error.message);
        }
      }
      const bool = booleanError(config, REPLACE_NULL_WITH_DEFAULT);
      if (bool) addError(errors, REPLACE_NULL_WITH_DEFAULT, bool);
      return errors;
    },
    create(config) {
      const version = fieldSyntaxVersion(config[FIELD_SYNTAX_VERSION_CONFIG]) as FieldSyntaxVersion;
      return new ExtractField(config.field, new SingleFieldPath(config.field, version), replaceNullWithDefault(config), part);
    },
  };
}

export const extractFieldKeyDefinition = definition(EXTRACT_FIELD_KEY, 'key');
export const extractFieldValueDefinition = definition(EXTRACT_FIELD_VALUE, 'value');
