import { ConnectDataError, parseEnvelope } from '../src';

const ENVELOPE_REQUIRED =
  'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
const SERIALIZATION_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';
const DECIMAL = '"name":"org.apache.kafka.connect.data.Decimal","version":1';

/** An envelope from schema and payload JSON text. */
const env = (schema: string, payload: string): string => `{"schema":${schema},"payload":${payload}}`;

/** The exact message parseEnvelope throws, after checking that it throws a ConnectDataError. */
function failureOf(input: string | Buffer): string {
  try {
    parseEnvelope(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectDataError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ConnectDataError');
    return (error as Error).message;
  }
  throw new Error(`parseEnvelope accepted ${String(input)}`);
}

describe('parseEnvelope: the envelope itself', () => {
  it.each([
    ['plain JSON data', '{"order_id":"x"}'],
    ['a missing payload', '{"schema":null}'],
    ['a missing schema', '{"payload":1}'],
    ['an additional field', '{"schema":null,"payload":1,"extra":2}'],
    ['an array', '[{"schema":null,"payload":1}]'],
    ['a number', '42'],
    ['JSON null', 'null'],
    ['empty input', ''],
    ['whitespace only', ' \n'],
  ])('refuses %s', (_case, input) => {
    expect(failureOf(input)).toBe(ENVELOPE_REQUIRED);
  });

  it('reports invalid JSON as a serialization error with the detail appended', () => {
    const message = failureOf('{"schema":');
    expect(message.startsWith(SERIALIZATION_ERROR)).toBe(true);
    expect(message.length).toBeGreaterThan(SERIALIZATION_ERROR.length);
  });

  it('reports invalid UTF-8 as a serialization error', () => {
    expect(failureOf(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]))).toBe(`${SERIALIZATION_ERROR}the bytes are not valid UTF-8`);
  });
});

describe('parseEnvelope: schema errors', () => {
  it.each([
    ['float32 (the converter says "float")', env('{"type":"float32"}', '1'), 'Unknown schema type: float32'],
    ['float64 (the converter says "double")', env('{"type":"float64"}', '1'), 'Unknown schema type: float64'],
    ['an unknown type', env('{"type":"uuid"}', '"x"'), 'Unknown schema type: uuid'],
    ['a schema without type', env('{"optional":true}', '1'), "Schema must contain 'type' field"],
    ['a non-string type', env('{"type":5}', '1'), "Schema must contain 'type' field"],
    ['a schema that is not an object', env('"string"', '"x"'), "Schema must contain 'type' field"],
    ['a struct without fields', env('{"type":"struct"}', '{}'), 'Struct schema\'s "fields" argument is not an array.'],
    [
      'a struct whose fields are an object',
      env('{"type":"struct","fields":{}}', '{}'),
      'Struct schema\'s "fields" argument is not an array.',
    ],
    [
      'a field without a name',
      env('{"type":"struct","fields":[{"type":"string"}]}', '{}'),
      "Struct schema's field name not specified properly",
    ],
    [
      'a numeric field name',
      env('{"type":"struct","fields":[{"type":"string","field":5}]}', '{}'),
      "Struct schema's field name not specified properly",
    ],
    ['a field that is not an object', env('{"type":"struct","fields":["a"]}', '{}'), "Struct schema's field name not specified properly"],
    ['an empty field name', env('{"type":"struct","fields":[{"type":"string","field":""}]}', '{}'), 'fieldName cannot be null.'],
    [
      'a duplicate field name',
      env('{"type":"struct","fields":[{"type":"string","field":"a"},{"type":"int32","field":"a"}]}', '{}'),
      'Cannot create field because of field name duplication a',
    ],
    ['a field with a bad schema', env('{"type":"struct","fields":[{"field":"a"}]}', '{}'), "Schema must contain 'type' field"],
    ['an array without items', env('{"type":"array"}', '[]'), 'Array schema did not specify the element type'],
    ['an array with null items', env('{"type":"array","items":null}', '[]'), 'Array schema did not specify the element type'],
    ['a map without keys', env('{"type":"map","values":{"type":"string"}}', '{}'), 'Map schema did not specify the key type'],
    ['a map without values', env('{"type":"map","keys":{"type":"string"}}', '{}'), 'Map schema did not specify the value type'],
    ['a numeric parameter', env('{"type":"string","parameters":{"length":10}}', '"x"'), 'Schema parameters must have string values.'],
    ['a Decimal without scale', env(`{"type":"bytes",${DECIMAL}}`, '"AJw="'), 'Invalid Decimal schema: scale parameter not found.'],
    [
      'a Decimal with other parameters but no scale',
      env(`{"type":"bytes",${DECIMAL},"parameters":{"precision":"5"}}`, 'null'),
      'Invalid Decimal schema: scale parameter not found.',
    ],
    [
      'a Decimal with a non-integer scale',
      env(`{"type":"bytes",${DECIMAL},"parameters":{"scale":"two"}}`, '"AJw="'),
      'Invalid scale parameter found in Decimal schema: For input string: "two"',
    ],
    [
      'a Timestamp that is not int64',
      env('{"type":"string","name":"org.apache.kafka.connect.data.Timestamp"}', '1'),
      'Invalid schema: logical type org.apache.kafka.connect.data.Timestamp must have type int64, not string',
    ],
    ['a null default on a required schema', env('{"type":"int32","default":null}', '1'), 'Invalid null value for required INT32 field'],
    [
      'a default of the wrong type',
      env('{"type":"struct","fields":[{"type":"int32","default":"x","field":"n"}]}', '{}'),
      'Invalid INT32 value at schema.n default: expected an integer from -2147483648 to 2147483647 but found STRING "x"',
    ],
  ])('refuses %s', (_case, input, message) => {
    expect(failureOf(input)).toBe(message);
  });
});

describe('parseEnvelope: payload errors with the converter messages', () => {
  const struct = (fields: string): string => `{"type":"struct","fields":[${fields}],"optional":false}`;

  it.each([
    ['a null required struct', env(struct(''), 'null'), 'Invalid null value for required STRUCT field'],
    ['a null required string', env('{"type":"string"}', 'null'), 'Invalid null value for required STRING field'],
    ['a missing required int32 field', env(struct('{"type":"int32","field":"qty"}'), '{}'), 'Invalid null value for required INT32 field'],
    ['a null array element', env('{"type":"array","items":{"type":"int64"}}', '[1,null]'), 'Invalid null value for required INT64 field'],
    ['an array for a struct', env(struct(''), '[]'), 'Structs should be encoded as JSON objects, but found ARRAY'],
    ['a string for a struct', env(struct(''), '"x"'), 'Structs should be encoded as JSON objects, but found STRING'],
    [
      'a number in a required string field',
      env(struct('{"type":"string","optional":false,"field":"x"}'), '{"x":5}'),
      'Invalid value: null used for required field: "x", schema type: STRING',
    ],
    [
      'a number in a required bytes field',
      env(struct('{"type":"bytes","field":"raw"}'), '{"raw":5}'),
      'Invalid value: null used for required field: "raw", schema type: BYTES',
    ],
    [
      'an object among required strings of an array field',
      env(struct('{"type":"array","items":{"type":"string"},"field":"tags"}'), '{"tags":["a",{}]}'),
      'Invalid value: null used for required field: "tags", schema type: STRING',
    ],
    ['bad base64 bytes', env('{"type":"bytes"}', '"not base64!"'), 'Invalid bytes field'],
    ['bad base64 for a Decimal', env(`{"type":"bytes",${DECIMAL},"parameters":{"scale":"2"}}`, '"!!"'), 'Invalid bytes for Decimal field'],
    ['zero bytes for a Decimal', env(`{"type":"bytes",${DECIMAL},"parameters":{"scale":"2"}}`, '""'), 'Invalid bytes for Decimal field'],
    [
      'a boolean for a Decimal',
      env(`{"type":"bytes",${DECIMAL},"parameters":{"scale":"2"}}`, 'true'),
      'Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN',
    ],
    [
      'a string for a Date',
      env('{"type":"int32","name":"org.apache.kafka.connect.data.Date"}', '"2024-05-01"'),
      'Invalid type for Date, underlying representation should be integer but was STRING',
    ],
    [
      'a fraction for a Date',
      env('{"type":"int32","name":"org.apache.kafka.connect.data.Date"}', '1.5'),
      'Invalid type for Date, underlying representation should be integer but was NUMBER',
    ],
    [
      'a string for a Time',
      env('{"type":"int32","name":"org.apache.kafka.connect.data.Time"}', '"12:00"'),
      'Invalid type for Time, underlying representation should be integer but was STRING',
    ],
    [
      'a Time past midnight',
      env('{"type":"int32","name":"org.apache.kafka.connect.data.Time"}', '86400001'),
      'Time values must use number of milliseconds greater than 0 and less than 86400000',
    ],
    [
      'a negative Time',
      env('{"type":"int32","name":"org.apache.kafka.connect.data.Time"}', '-1'),
      'Time values must use number of milliseconds greater than 0 and less than 86400000',
    ],
    [
      'a string for a Timestamp',
      env('{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"}', '"2024-05-01T00:00:00Z"'),
      'Invalid type for Timestamp, underlying representation should be integral but was STRING',
    ],
    [
      'an object for a string-keyed map',
      env('{"type":"map","keys":{"type":"string"},"values":{"type":"int32"}}', '[]'),
      'Maps with string fields should be encoded as JSON objects, but found ARRAY',
    ],
    [
      'an object for an int-keyed map',
      env('{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}}', '{"1":"a"}'),
      'Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT',
    ],
    [
      'a map entry that is not a pair',
      env('{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}}', '[1]'),
      'Found invalid map entry instead of array tuple: NUMBER',
    ],
    [
      'a map entry of three',
      env('{"type":"map","keys":{"type":"int32"},"values":{"type":"string"}}', '[[1,"a","b"]]'),
      'Found invalid map entry, expected length 2 but found :3',
    ],
  ])('refuses %s', (_case, input, message) => {
    expect(failureOf(input)).toBe(message);
  });
});

// Where Jackson would silently read 0, false or null (or wrap a number around), we refuse instead.
describe('parseEnvelope: wrong JSON types the Java converter would silently coerce', () => {
  const inStruct = (fieldSchema: string, value: string): string => env(`{"type":"struct","fields":[${fieldSchema}]}`, `{"v":${value}}`);

  it.each([
    [
      'a string in an int32 field (Java: 0)',
      inStruct('{"type":"int32","optional":true,"field":"v"}', '"5"'),
      'Invalid INT32 value at payload.v: expected an integer from -2147483648 to 2147483647 but found STRING "5"',
    ],
    [
      'an int8 out of range (Java: wraps to 44)',
      inStruct('{"type":"int8","field":"v"}', '300'),
      'Invalid INT8 value at payload.v: expected an integer from -128 to 127 but found NUMBER 300',
    ],
    [
      'a fraction in an int32 (Java: truncates)',
      inStruct('{"type":"int32","field":"v"}', '2.5'),
      'Invalid INT32 value at payload.v: expected an integer from -2147483648 to 2147483647 but found NUMBER 2.5',
    ],
    [
      'an int64 beyond 2^63 − 1 (Java: wraps around)',
      inStruct('{"type":"int64","field":"v"}', '9223372036854775808'),
      'Invalid INT64 value at payload.v: expected an integer from -9223372036854775808 to 9223372036854775807 but found NUMBER 9223372036854775808',
    ],
    [
      'a number in a boolean (Java: false)',
      inStruct('{"type":"boolean","field":"v"}', '1'),
      'Invalid BOOLEAN value at payload.v: expected true or false but found NUMBER 1',
    ],
    [
      'a string in a double (Java: 0.0)',
      inStruct('{"type":"double","field":"v"}', '"1.5"'),
      'Invalid FLOAT64 value at payload.v: expected a finite JSON number but found STRING "1.5"',
    ],
    [
      'a number in an optional string (Java: null)',
      inStruct('{"type":"string","optional":true,"field":"v"}', '5'),
      'Invalid STRING value at payload.v: expected a JSON string but found NUMBER 5',
    ],
    [
      'an object for an array (Java: its values)',
      inStruct('{"type":"array","items":{"type":"int32"},"field":"v"}', '{"a":1}'),
      'Invalid ARRAY value at payload.v: expected a JSON array but found OBJECT {"a":1}',
    ],
    [
      'a wrong type at the top level (Java: null, unchecked)',
      env('{"type":"string"}', '5'),
      'Invalid STRING value at payload: expected a JSON string but found NUMBER 5',
    ],
    [
      'a schemaless integer beyond 2^63 − 1 (Java: wraps around)',
      env('null', '{"n":[12345678901234567890]}'),
      'Invalid schemaless number at payload["n"][0]: NUMBER 12345678901234567890 is beyond the INT64 range',
    ],
  ])('refuses %s', (_case, input, message) => {
    expect(failureOf(input)).toBe(message);
  });
});
