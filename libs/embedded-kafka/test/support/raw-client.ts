import { connect, type Socket } from 'node:net';
import { isFlexible, messageCodec, messageSpec } from '../../src/protocol/message-codec';
import { Reader } from '../../src/protocol/reader';
import { Writer } from '../../src/protocol/writer';

/** A request frame (size prefix included) with a v1 header, or v2 (an empty tag section) when flexible. */
export function encodeRequest(
  apiKey: number,
  apiVersion: number,
  correlationId: number,
  body: (w: Writer) => void,
  flexibleHeader = false,
): Buffer {
  const w = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).string('raw-client');
  if (flexibleHeader) w.uvarint(0);
  body(w);
  const payload = Buffer.concat(w.toBuffers());
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length);
  return Buffer.concat([size, payload]);
}

/**
 * A bare TCP client for sending hand-made (and deliberately broken) Kafka frames, and reading
 * back size-prefixed responses.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private lastCorrelationId = 0;
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request with a v1 header (v2 for flexible versions adds the tag byte when asked). */
  request(apiKey: number, apiVersion: number, correlationId: number, body: (w: Writer) => void, flexibleHeader = false): void {
    this.write(encodeRequest(apiKey, apiVersion, correlationId, body, flexibleHeader));
  }

  /** The next response frame (without its size), or null if the broker closed the connection first. */
  async response(timeoutMs = 5000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      if (this.buffered.length >= 4) {
        const size = this.buffered.readInt32BE(0);
        if (this.buffered.length >= 4 + size) {
          const frame = this.buffered.subarray(4, 4 + size);
          this.buffered = this.buffered.subarray(4 + size);
          return frame;
        }
      }
      if (this.closed) return null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('no response in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * One request of API `name` (e.g. "DescribeConfigs") at `version`, encoded with the codec of
   * Kafka's message definitions, and its decoded response; throws if the broker closes the
   * connection instead. (The codec itself is checked against independent clients elsewhere.)
   */
  async call<T>(name: string, version: number, body: object, timeoutMs = 15_000): Promise<T> {
    const id = ++this.lastCorrelationId;
    const flexible = isFlexible(`${name}Request`, version);
    this.request(
      messageSpec(`${name}Request`).apiKey!,
      version,
      id,
      (w) => messageCodec(`${name}Request`, version).encode(w, body),
      flexible,
    );
    const frame = await this.response(timeoutMs);
    if (!frame) throw new Error(`the broker closed the connection instead of answering ${name} v${version}`);
    const r = new Reader(frame);
    const correlationId = r.int32();
    if (correlationId !== id) throw new Error(`answer to request ${correlationId}, expected ${id}`);
    // Response header v1 (a tag section) for flexible versions, except ApiVersions'.
    if (flexible && name !== 'ApiVersions') r.skipTaggedFields();
    return messageCodec<T>(`${name}Response`, version).decode(r);
  }

  /** Resolves true once the broker has closed this connection. */
  async closedByBroker(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}
