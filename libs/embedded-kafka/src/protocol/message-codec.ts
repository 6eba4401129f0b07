import { ProtocolError } from './protocol-error';
import { Reader } from './reader';
import { Writer } from './writer';
import { inRange, loadMessageSpec, parseVersions, type FieldSpec, type MessageSpec, type StructSpec } from './message-schema';

/**
 * Encodes and decodes one message at one version, straight from Kafka's JSON definition, the way
 * Kafka's generated *Data classes do: fields absent in that version take their default, nullable
 * fields accept null only where the spec says so, and flexible versions use compact lengths and
 * end every struct with its tagged fields. Field names are the spec's in camelCase
 * ("AllowAutoTopicCreation" → allowAutoTopicCreation); uuids are 16-byte Buffers, bytes and
 * records are Buffers (views into the request frame when decoded, never copied when encoded).
 */
export interface MessageCodec<T = Record<string, unknown>> {
  decode(reader: Reader): T;
  encode(writer: Writer, value: T): void;
}

type Decode = (r: Reader) => unknown;
type Encode = (w: Writer, value: unknown) => void;

interface CompiledField {
  key: string;
  name: string;
  decode: Decode;
  encode: Encode;
  defaultValue: () => unknown;
  tag?: number;
  /** A tagged field is written only when it differs from its default. */
  isDefault?: (value: unknown) => boolean;
}

interface Context {
  version: number;
  flexible: boolean;
  structs: Map<string, FieldSpec[]>;
}

const ZERO_UUID = Buffer.alloc(16);
const EMPTY = Buffer.alloc(0);

const camel = (name: string) => name[0].toLowerCase() + name.slice(1);

const SCALARS: Record<string, { decode: Decode; encode: Encode; zero: unknown }> = {
  bool: { decode: (r) => r.bool(), encode: (w, v) => w.bool(v as boolean), zero: false },
  int8: { decode: (r) => r.int8(), encode: (w, v) => w.int8(v as number), zero: 0 },
  int16: { decode: (r) => r.int16(), encode: (w, v) => w.int16(v as number), zero: 0 },
  uint16: { decode: (r) => r.uint16(), encode: (w, v) => w.uint16(v as number), zero: 0 },
  int32: { decode: (r) => r.int32(), encode: (w, v) => w.int32(v as number), zero: 0 },
  uint32: { decode: (r) => r.uint32(), encode: (w, v) => w.uint32(v as number), zero: 0 },
  int64: { decode: (r) => r.int64(), encode: (w, v) => w.int64(v as number), zero: 0 },
  float64: { decode: (r) => r.float64(), encode: (w, v) => w.float64(v as number), zero: 0 },
  uuid: { decode: (r) => r.uuid(), encode: (w, v) => w.raw(v as Buffer), zero: ZERO_UUID },
};

function stringCodec(flexible: boolean, nullable: boolean, field: string): { decode: Decode; encode: Encode } {
  const check = (value: unknown) => {
    if (value === null && !nullable) throw new ProtocolError(`${field} must not be null`);
  };
  if (flexible)
    return {
      decode: (r) => {
        const value = r.compactNullableString();
        check(value);
        return value;
      },
      encode: (w, v) => w.compactNullableString(v as string | null),
    };
  return {
    decode: (r) => {
      const value = r.nullableString();
      check(value);
      return value;
    },
    encode: (w, v) => w.nullableString(v as string | null),
  };
}

function bytesCodec(flexible: boolean, nullable: boolean, field: string): { decode: Decode; encode: Encode } {
  const read = flexible ? (r: Reader) => r.compactNullableBytes() : (r: Reader) => r.nullableBytes();
  return {
    decode: (r) => {
      const value = read(r);
      if (value === null && !nullable) throw new ProtocolError(`${field} must not be null`);
      return value;
    },
    encode: flexible ? (w, v) => w.compactNullableBytes(v as Buffer | null) : (w, v) => w.nullableBytes(v as Buffer | null),
  };
}

function arrayCodec(element: { decode: Decode; encode: Encode }, flexible: boolean, nullable: boolean, field: string) {
  const decode: Decode = (r) => {
    const count = flexible ? r.compactLength() : r.int32();
    if (count < 0) {
      if (!nullable) throw new ProtocolError(`${field} must not be null`);
      return null;
    }
    // Each element takes at least one byte: a count beyond what remains is a lie, not a reason to loop.
    if (count > r.remaining) throw new ProtocolError(`${field}: array count ${count} exceeds the frame`);
    const items: unknown[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = element.decode(r);
    return items;
  };
  const encode: Encode = (w, v) => {
    const items = v as unknown[] | null;
    if (items === null) {
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    if (flexible) w.uvarint(items.length + 1);
    else w.int32(items.length);
    for (const item of items) element.encode(w, item);
  };
  return { decode, encode };
}

function defaultOf(field: FieldSpec, ctx: Context, nullable: boolean): () => unknown {
  const given = field.default;
  const type = field.type;
  if (given === 'null') return () => null;
  if (type.startsWith('[]')) return () => [];
  if (type === 'bool') {
    const value = given === true || given === 'true';
    return () => value;
  }
  if (type in SCALARS) {
    const value = given === undefined || given === '' ? SCALARS[type].zero : Number(given);
    return () => value;
  }
  if (type === 'string') {
    const value = given === undefined ? '' : String(given);
    return () => value;
  }
  if (type === 'bytes') return () => (nullable ? null : EMPTY);
  if (type === 'records') return () => null;
  // A struct: all of its own defaults.
  const struct = compileStruct(structFields(field, ctx), ctx);
  return () => struct.defaults();
}

function structFields(field: FieldSpec, ctx: Context): FieldSpec[] {
  const name = field.type.replace(/^\[\]/, '');
  const fields = field.fields ?? ctx.structs.get(name);
  if (!fields) throw new Error(`message spec: unknown type ${field.type} of ${field.name}`);
  return fields;
}

function compileField(field: FieldSpec, ctx: Context): CompiledField {
  const nullable = inRange(parseVersions(field.nullableVersions), ctx.version);
  const flexible = ctx.flexible && field.flexibleVersions !== 'none';
  const label = field.name;
  let codec: { decode: Decode; encode: Encode };
  const type = field.type;
  if (type.startsWith('[]')) {
    const elementType = type.slice(2);
    let element: { decode: Decode; encode: Encode };
    if (elementType in SCALARS) element = SCALARS[elementType];
    else if (elementType === 'string') element = stringCodec(flexible, false, label);
    else element = compileStruct(structFields(field, ctx), ctx);
    codec = arrayCodec(element, flexible, nullable, label);
  } else if (type in SCALARS) codec = SCALARS[type];
  else if (type === 'string') codec = stringCodec(flexible, nullable, label);
  else if (type === 'bytes' || type === 'records') codec = bytesCodec(flexible, nullable || type === 'records', label);
  else {
    const struct = compileStruct(structFields(field, ctx), ctx);
    codec = nullable
      ? {
          // A nullable struct is preceded by an int8: -1 null, 1 present.
          decode: (r) => (r.int8() < 0 ? null : struct.decode(r)),
          encode: (w, v) => (v === null ? w.int8(-1) : (w.int8(1), struct.encode(w, v))),
        }
      : struct;
  }
  const defaultValue = defaultOf(field, ctx, nullable);
  const compiled: CompiledField = { key: camel(field.name), name: field.name, decode: codec.decode, encode: codec.encode, defaultValue };
  if (field.tag !== undefined && inRange(parseVersions(field.taggedVersions), ctx.version)) {
    compiled.tag = field.tag;
    const empty = defaultValue();
    compiled.isDefault = (value) =>
      value === undefined ||
      value === empty ||
      (Array.isArray(value) && value.length === 0 && Array.isArray(empty)) ||
      (Buffer.isBuffer(value) && Buffer.isBuffer(empty) && value.equals(empty)) ||
      (typeof value === 'object' && value !== null && typeof empty === 'object' && JSON.stringify(value) === JSON.stringify(empty));
  }
  return compiled;
}

interface StructCodec {
  decode: Decode;
  encode: Encode;
  defaults(): Record<string, unknown>;
}

function compileStruct(fields: FieldSpec[], ctx: Context): StructCodec {
  const present: CompiledField[] = [];
  const tagged: CompiledField[] = [];
  const absent: CompiledField[] = [];
  for (const field of fields) {
    const compiled = compileField(field, ctx);
    if (!inRange(parseVersions(field.versions), ctx.version)) absent.push(compiled);
    else if (compiled.tag !== undefined) tagged.push(compiled);
    else present.push(compiled);
  }
  tagged.sort((a, b) => a.tag! - b.tag!);
  const taggedByTag = new Map(tagged.map((f) => [f.tag!, f]));
  const { flexible } = ctx;

  const defaults = () => {
    const value: Record<string, unknown> = {};
    for (const f of absent) value[f.key] = f.defaultValue();
    for (const f of tagged) value[f.key] = f.defaultValue();
    for (const f of present) value[f.key] = f.defaultValue();
    return value;
  };

  const decode: Decode = (r) => {
    const value: Record<string, unknown> = {};
    for (const f of absent) value[f.key] = f.defaultValue();
    for (const f of present) value[f.key] = f.decode(r);
    if (flexible) {
      for (const f of tagged) value[f.key] = f.defaultValue();
      const count = r.uvarint();
      for (let i = 0; i < count; i++) {
        const tag = r.uvarint();
        const body = r.slice(r.uvarint());
        const f = taggedByTag.get(tag);
        if (f) value[f.key] = f.decode(body); // unknown tags are skipped, as Kafka does
      }
    }
    return value;
  };

  const encode: Encode = (w, v) => {
    const value = (v ?? {}) as Record<string, unknown>;
    for (const f of present) {
      const given = value[f.key];
      f.encode(w, given === undefined ? f.defaultValue() : given);
    }
    if (!flexible) return;
    const toWrite = tagged.filter((f) => !f.isDefault!(value[f.key]));
    w.uvarint(toWrite.length);
    for (const f of toWrite) {
      const body = new Writer();
      f.encode(body, value[f.key]);
      w.uvarint(f.tag!).uvarint(body.length);
      for (const chunk of body.toBuffers()) w.raw(chunk);
    }
  };

  return { decode, encode, defaults };
}

/** Compiles `spec` at `version` (once per message and version: see messageCodec). */
export function compileMessage<T>(spec: MessageSpec, version: number): MessageCodec<T> {
  if (!inRange(parseVersions(spec.validVersions), version)) throw new Error(`${spec.name} has no version ${version}`);
  const structs = new Map<string, FieldSpec[]>();
  const collect = (fields: FieldSpec[]) => {
    for (const field of fields) {
      if (field.fields) {
        structs.set(field.type.replace(/^\[\]/, ''), field.fields);
        collect(field.fields);
      }
    }
  };
  for (const common of spec.commonStructs ?? ([] as StructSpec[])) {
    structs.set(common.name, common.fields);
    collect(common.fields);
  }
  collect(spec.fields);
  const flexible = inRange(parseVersions(spec.flexibleVersions), version);
  const struct = compileStruct(spec.fields, { version, flexible, structs });
  return { decode: (r) => struct.decode(r) as T, encode: (w, value) => struct.encode(w, value) };
}

const specs = new Map<string, MessageSpec>();
const codecs = new Map<string, MessageCodec<never>>();

export function messageSpec(name: string): MessageSpec {
  let spec = specs.get(name);
  if (!spec) {
    spec = loadMessageSpec(name);
    specs.set(name, spec);
  }
  return spec;
}

/** The codec of message `name` (e.g. "FetchResponse") at `version`, compiled on first use. */
export function messageCodec<T>(name: string, version: number): MessageCodec<T> {
  const key = `${name}@${version}`;
  let codec = codecs.get(key) as MessageCodec<T> | undefined;
  if (!codec) {
    codec = compileMessage<T>(messageSpec(name), version);
    codecs.set(key, codec as MessageCodec<never>);
  }
  return codec;
}

/** Whether `version` of message `name` is flexible (its header then has tagged fields too). */
export function isFlexible(name: string, version: number): boolean {
  return inRange(parseVersions(messageSpec(name).flexibleVersions), version);
}
