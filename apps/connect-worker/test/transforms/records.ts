import { field, schema, type ConnectValue } from '@kafka-sync/contracts';
import type { SchemaAndValue, SinkRecord } from '../../src/connect-api/sink-record';

/** A sink record as the worker hands it to the transforms: topic `users`, partition 2, offset 41. */
export function sinkRecord(parts: Partial<SinkRecord> = {}): SinkRecord {
  return {
    topic: 'users',
    originalTopic: 'users',
    partition: 2,
    offset: '41',
    timestamp: Date.UTC(2024, 2, 5, 7, 8, 9, 12),
    key: { schema: null, value: null },
    value: { schema: null, value: null },
    headers: {},
    ...parts,
  };
}

/** The course's users row as the JsonConverter gives it with a schema: a struct named `users`. */
export const USERS_SCHEMA = schema.struct(
  [field.int32('id'), field.string('user_id', { optional: true }), field.string('name', { optional: true, default: 'nobody' })],
  { name: 'users', version: 3, optional: true },
);

export const usersStruct = (id: number, userId: string | null, name: string | null): SchemaAndValue => ({
  schema: USERS_SCHEMA,
  value: { id, user_id: userId, name },
});

/** The same row schemaless (schemas.enable=false): a map, integers as numbers. */
export const usersMap = (entries: Record<string, ConnectValue>): SchemaAndValue => ({
  schema: null,
  value: new Map<ConnectValue, ConnectValue>(Object.entries(entries)),
});
