import { ConnectDataError, type ConnectSchema, type ConnectValue } from '@kafka-sync/contracts';
import { ConnectError, RetriableConnectError } from '../connect-api/connect-error';

/** The Java exception class Kafka Connect would name for this error (traces, DLQ headers). */
export function javaExceptionClass(error: unknown): string {
  if (error instanceof RetriableConnectError) return 'org.apache.kafka.connect.errors.RetriableException';
  if (error instanceof ConnectDataError) return 'org.apache.kafka.connect.errors.DataException';
  if (error instanceof ConnectError) return 'org.apache.kafka.connect.errors.ConnectException';
  if (error instanceof Error && error.name.includes('.')) return error.name;
  return error instanceof Error ? `js.${error.name || 'Error'}` : 'js.Error';
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function frames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 12)
    .map((line) => `\tat ${line.trim().slice(3)}`);
}

/**
 * A Java-like stack trace: `<class>: <message>` then `\tat …` frames, then `Caused by: …` for the
 * error's cause chain (what Connect puts in a FAILED task's "trace").
 */
export function javaTrace(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let first = true;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = asError(current);
    lines.push(`${first ? '' : 'Caused by: '}${javaExceptionClass(e)}${e.message ? `: ${e.message}` : ''}`, ...frames(e));
    first = false;
    current = (e as Error & { cause?: unknown }).cause;
  }
  return lines.join('\n');
}

/**
 * What Java's `String.valueOf(value)` prints for Connect data (FileStreamSinkTask prints record
 * values this way): Struct{a=1,b=x} (null fields left out), maps {k=v, k2=v2}, lists [1, 2],
 * float/double with a fraction digit (2.0).
 */
export function javaToString(value: ConnectValue, schema: ConnectSchema | null): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if ((schema?.type === 'float' || schema?.type === 'double') && Number.isInteger(value)) return `${value}.0`;
    return String(value);
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = schema?.type === 'array' ? schema.items : null;
    return `[${(value as readonly ConnectValue[]).map((v) => javaToString(v, items)).join(', ')}]`;
  }
  if (value instanceof Map) {
    const keys = schema?.type === 'map' ? schema.keys : null;
    const values = schema?.type === 'map' ? schema.values : null;
    return `{${[...value.entries()].map(([k, v]) => `${javaToString(k, keys)}=${javaToString(v, values)}`).join(', ')}}`;
  }
  const struct = value as Readonly<Record<string, ConnectValue>>;
  if (schema?.type === 'struct') {
    const parts = schema.fields
      .filter((f) => struct[f.field] !== null && struct[f.field] !== undefined)
      .map((f) => `${f.field}=${javaToString(struct[f.field], f)}`);
    return `Struct{${parts.join(',')}}`;
  }
  return `{${Object.entries(struct)
    .map(([k, v]) => `${k}=${javaToString(v, null)}`)
    .join(', ')}}`;
}

/** Java's AbstractMap.toString of a flat string map: {k=v, k2=v2}. */
export function javaMapString(map: Record<string, string>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}
