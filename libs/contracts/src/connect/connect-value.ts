// The JavaScript side of Connect data: what parseEnvelope decodes a payload to, and what
// envelope() encodes from.
//
//   int8 … int32, float, double → number
//   int64 → number within ±(2^53−1) (the integers a number holds exactly), bigint beyond, to ±2^63
//           (decoding gives a bigint only beyond; encoding takes either)
//   boolean → boolean, string → string, bytes → Buffer
//   Timestamp, Date, Time → Date             (Date: midnight UTC of the day; Time: that time on 1970-01-01 UTC)
//   Decimal → string                          (exact decimal text, e.g. "1.56"; see decimal-codec.ts)
//   array → array, map → Map (any key type), struct → plain object keyed by field name
//   schemaless payloads: integer → number (bigint beyond ±(2^53−1)), other number → number, object → Map<string, …>

export type ConnectValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Buffer
  | Date
  | readonly ConnectValue[]
  | ReadonlyMap<ConnectValue, ConnectValue>
  | ConnectStruct;

export interface ConnectStruct {
  readonly [field: string]: ConnectValue;
}
