import { readInt64 } from './int64';
import { ProtocolError } from './protocol-error';

/**
 * Sequential decoder for Kafka request bodies. Every read checks bounds, so a truncated or lying
 * frame raises ProtocolError instead of reading garbage.
 */
export class Reader {
  private pos: number;

  constructor(
    private readonly buf: Buffer,
    offset = 0,
  ) {
    this.pos = offset;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private take(n: number): number {
    if (n < 0 || this.pos + n > this.buf.length) {
      throw new ProtocolError(`truncated request: needed ${n} bytes at offset ${this.pos}, frame has ${this.buf.length}`);
    }
    const at = this.pos;
    this.pos += n;
    return at;
  }

  int8(): number {
    return this.buf.readInt8(this.take(1));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buf.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buf.readInt32BE(this.take(4));
  }

  int64(): number {
    return readInt64(this.buf, this.take(8));
  }

  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buf.readUInt8(this.take(1));
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new ProtocolError('malformed varint');
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buf.toString('utf8', at, at + length);
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new ProtocolError('null where a string is required');
    return value;
  }

  /** Bytes are returned as a view into the frame (no copy). */
  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buf.subarray(at, at + length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** An int32-counted array; -1 (null) is returned as null. */
  nullableArray<T>(readItem: (r: Reader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    // Each item takes at least one byte: a count beyond what remains is a lie, not a reason to loop.
    if (count > this.remaining) throw new ProtocolError(`array count ${count} exceeds the frame`);
    const items: T[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = readItem(this);
    return items;
  }

  array<T>(readItem: (r: Reader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }

  uint16(): number {
    return this.buf.readUInt16BE(this.take(2));
  }

  uint32(): number {
    return this.buf.readUInt32BE(this.take(4));
  }

  float64(): number {
    return this.buf.readDoubleBE(this.take(8));
  }

  /** A 16-byte UUID (topic ids), as a view into the frame. */
  uuid(): Buffer {
    const at = this.take(16);
    return this.buf.subarray(at, at + 16);
  }

  /** A flexible-version length: uvarint N+1, 0 meaning null. */
  compactLength(): number {
    return this.uvarint() - 1;
  }

  compactNullableString(): string | null {
    const length = this.compactLength();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buf.toString('utf8', at, at + length);
  }

  compactNullableBytes(): Buffer | null {
    const length = this.compactLength();
    if (length < 0) return null;
    const at = this.take(length);
    return this.buf.subarray(at, at + length);
  }

  /** A reader over the next `length` bytes (a tagged field's value), which this one skips. */
  slice(length: number): Reader {
    const at = this.take(length);
    return new Reader(this.buf.subarray(at, at + length));
  }

  /** Skips a flexible-version tagged-field section. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.take(this.uvarint());
    }
  }
}
