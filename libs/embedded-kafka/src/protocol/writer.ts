import { writeInt64 } from './int64';

/**
 * Encoder for Kafka responses. Small fields go into a growing scratch buffer; large byte blobs
 * (fetched record batches) are kept as separate chunks so they are never copied.
 */
export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(512);
  private pos = 0;
  private flushedBytes = 0;

  get length(): number {
    return this.flushedBytes + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int8(value: number): this {
    this.ensure(1);
    this.pos = this.buf.writeInt8(value, this.pos);
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(value, this.pos);
    return this;
  }

  int32(value: number): this {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(value, this.pos);
    return this;
  }

  int64(value: number): this {
    this.ensure(8);
    writeInt64(this.buf, this.pos, value);
    this.pos += 8;
    return this;
  }

  uint16(value: number): this {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(value, this.pos);
    return this;
  }

  uint32(value: number): this {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(value, this.pos);
    return this;
  }

  float64(value: number): this {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(value, this.pos);
    return this;
  }

  uvarint(value: number): this {
    this.ensure(5);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value);
    this.int16(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  compactString(value: string): this {
    const length = Buffer.byteLength(value);
    this.uvarint(length + 1);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    return this;
  }

  compactNullableString(value: string | null): this {
    return value === null ? this.uvarint(0) : this.compactString(value);
  }

  compactNullableBytes(value: Buffer | null): this {
    if (value === null) return this.uvarint(0);
    this.uvarint(value.length + 1);
    return this.raw(value);
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  /** Appends bytes as they are; blobs above 4 KiB become their own chunk instead of being copied. */
  raw(value: Buffer): this {
    if (value.length > 4096) {
      this.flush();
      this.chunks.push(value);
      this.flushedBytes += value.length;
      return this;
    }
    this.ensure(value.length);
    this.pos += value.copy(this.buf, this.pos);
    return this;
  }

  array<T>(items: readonly T[], writeItem: (w: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (w: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, writeItem);
  }

  int32Array(items: readonly number[]): this {
    return this.array(items, (w, item) => w.int32(item));
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.flushedBytes += this.pos;
    this.buf = Buffer.allocUnsafe(512);
    this.pos = 0;
  }

  toBuffers(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}
