// int64 values across Java's whole Long range, from the record's JSON bytes to the BIGINT column:
// JsonConverter's envelope as the worker's converter parses it (parseEnvelope), then the sink.
// Confluent's sink stores 2^53 + 1, 2^63 − 1 and −2^63 exactly; so must we (they are read back as
// text, CAST AS CHAR, so that nothing on the way back rounds them either).

import { parseEnvelope, type ConnectSchema, type ConnectValue } from '@kafka-sync/contracts';
import { createThrowawayDatabase, record, rejection, TaskStarter, type ThrowawayDatabase } from '../support/jdbc-sink-harness';

let db: ThrowawayDatabase;
const tasks = new TaskStarter();

beforeAll(async () => {
  db = await createThrowawayDatabase('jdbc_sink_int64');
});
afterEach(() => tasks.stopAll());
afterAll(() => db.drop());

const EXACT = ['9007199254740993', '9223372036854775807', '-9223372036854775808', '-9007199254740993', '9007199254740991', '42'];

const VALUE_SCHEMA =
  '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"int64","optional":true,"field":"n"}],"optional":false,"name":"big"}';

/** The record value as the worker's JsonConverter reads it from its bytes. */
const converted = (payload: string): { schema: ConnectSchema | null; value: ConnectValue } =>
  parseEnvelope(Buffer.from(`{"schema":${VALUE_SCHEMA},"payload":${payload}}`));

const rowsAsText = (table: string) =>
  // Aliases of their own: ORDER BY id must sort by the BIGINT, not by its text.
  db.query<{ id_text: string; n_text: string | null }[]>(
    `SELECT CAST(id AS CHAR) AS id_text, CAST(n AS CHAR) AS n_text FROM \`${table}\` ORDER BY id`,
  );

it('writes int64 values beyond ±(2^53−1) into BIGINT columns exactly, key and value, with auto.create', async () => {
  const { task } = await tasks.start({
    ...db.connection,
    'auto.create': 'true',
    'insert.mode': 'upsert',
    'pk.mode': 'record_value',
    'pk.fields': 'id',
  });
  await task.put(EXACT.map((text) => record('big_auto', converted(`{"id":${text},"n":${text}}`))));
  const expected = [...EXACT].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)).map((text) => ({ id_text: text, n_text: text }));
  expect(await rowsAsText('big_auto')).toEqual(expected);
  // An upsert on the exact key replaces the row it wrote (a rounded key would add another).
  await task.put([record('big_auto', converted('{"id":9007199254740993,"n":-1}'))]);
  expect(await db.query('SELECT CAST(n AS CHAR) AS n FROM big_auto WHERE id = CAST(? AS SIGNED)', ['9007199254740993'])).toEqual([
    { n: '-1' },
  ]);
  expect(await db.query('SELECT COUNT(*) AS rows_ FROM big_auto')).toEqual([{ rows_: EXACT.length }]);
});

it('writes them into a pre-created BIGINT table with plain inserts', async () => {
  await db.query('CREATE TABLE big_insert (id BIGINT NOT NULL, n BIGINT NULL)');
  const { task } = await tasks.start({ ...db.connection, 'table.name.format': 'big_insert' });
  await task.put([
    record('topic', converted('{"id":9223372036854775807,"n":-9223372036854775808}')),
    record('topic', converted('{"id":9007199254740993,"n":null}')),
  ]);
  expect(await rowsAsText('big_insert')).toEqual([
    { id_text: '9007199254740993', n_text: null },
    { id_text: '9223372036854775807', n_text: '-9223372036854775808' },
  ]);
});

it('never sees 2^63: the converter refuses it with the Connect error, before the sink', async () => {
  const error = await rejection(Promise.resolve().then(() => converted('{"id":9223372036854775808,"n":null}')));
  expect(error.message).toBe(
    'Invalid INT64 value at payload.id: expected an integer from -9223372036854775808 to 9223372036854775807 but found NUMBER 9223372036854775808',
  );
});

it('creates the DEFAULT of an int64 field beyond ±(2^53−1) exactly, and writes it for a null', async () => {
  const withDefault =
    '{"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"int64","optional":true,"default":-9223372036854775808,"field":"n"}],"optional":false,"name":"big_default"}';
  const { task } = await tasks.start({ ...db.connection, 'auto.create': 'true' });
  await task.put([
    record('big_default', parseEnvelope(Buffer.from(`{"schema":${withDefault},"payload":{"id":9007199254740993,"n":null}}`))),
  ]);
  expect(
    await db.query(
      "SELECT COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big_default' AND COLUMN_NAME = 'n'",
    ),
  ).toEqual([{ COLUMN_DEFAULT: '-9223372036854775808' }]);
  expect(await rowsAsText('big_default')).toEqual([{ id_text: '9007199254740993', n_text: '-9223372036854775808' }]);
});
