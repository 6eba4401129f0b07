import type { Socket } from 'node:net';
import type { ApiHandler, RequestContext } from '../apis/api';
import { isFlexible, messageCodec } from '../protocol/message-codec';
import { ProtocolError } from '../protocol/protocol-error';
import { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { BrokerContext } from './broker-context';
import { unsupportedApiVersionsResponse } from '../apis/18-api-versions';

/** Past this many queued requests the socket is paused until the backlog drains. */
const MAX_QUEUED_REQUESTS = 64;
const API_VERSIONS_KEY = 18;

/**
 * One client connection: splits the byte stream into size-prefixed frames and answers them
 * strictly in order (like Kafka, which mutes a channel while a request is in flight). Anything
 * undecodable closes this connection only, with one log line.
 */
export class Connection {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly queue: Buffer[] = [];
  private processing = false;
  private closed = false;
  private readonly name: string;

  constructor(
    private readonly socket: Socket,
    private readonly broker: BrokerContext,
    private readonly handlers: ReadonlyMap<number, ApiHandler>,
  ) {
    this.name = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.broker.logger.debug(`connection ${this.name}: ${error.message}`));
    socket.on('close', () => (this.closed = true));
  }

  private onData(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= 4) {
      if (this.pending[0].length < 4) this.pending = [Buffer.concat(this.pending)];
      const size = this.pending[0].readInt32BE(0);
      if (size < 0 || size > this.broker.config.maxFrameBytes) {
        return this.abort(`frame of ${size} bytes is outside 0..${this.broker.config.maxFrameBytes}`);
      }
      if (this.pendingBytes < 4 + size) break; // wait for the rest before copying anything
      const head = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      this.queue.push(head.subarray(4, 4 + size));
      const rest = head.subarray(4 + size);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
    if (this.queue.length > MAX_QUEUED_REQUESTS) this.socket.pause();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    while (this.queue.length > 0 && !this.closed) {
      const frame = this.queue.shift()!;
      try {
        await this.handle(frame);
      } catch (error) {
        const reason = error instanceof ProtocolError ? error.message : `internal error: ${(error as Error).stack ?? error}`;
        this.abort(reason);
      }
      if (this.queue.length <= MAX_QUEUED_REQUESTS / 2 && this.socket.isPaused()) this.socket.resume();
    }
    this.processing = false;
  }

  private async handle(frame: Buffer): Promise<void> {
    const reader = new Reader(frame);
    const apiKey = reader.int16();
    const apiVersion = reader.int16();
    const correlationId = reader.int32();
    const clientId = reader.nullableString() ?? '';
    const handler = this.handlers.get(apiKey);
    if (!handler) throw new ProtocolError(`unknown API key ${apiKey} (version ${apiVersion}) from client "${clientId}"`);
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === API_VERSIONS_KEY) return this.send(correlationId, unsupportedApiVersionsResponse(this.handlers));
      throw new ProtocolError(
        `${handler.name} v${apiVersion} is not supported (${handler.minVersion}-${handler.maxVersion}) from client "${clientId}"`,
      );
    }
    // Flexible versions use request header v2 (tagged fields after the client id) and response
    // header v1 (tagged fields after the correlation id), except ApiVersions' response, whose
    // header stays v0 so that a client can read it before it knows the broker's versions.
    const flexible = isFlexible(`${handler.name}Request`, apiVersion);
    if (flexible) reader.skipTaggedFields();
    const request = messageCodec(`${handler.name}Request`, apiVersion).decode(reader);
    const ctx: RequestContext = { broker: this.broker, apiVersion, clientId, clientHost: `/${this.socket.remoteAddress ?? 'unknown'}` };
    const response = await handler.handle(request, ctx);
    if (response === null) return;
    const body = new Writer();
    if (flexible && apiKey !== API_VERSIONS_KEY) body.uvarint(0);
    messageCodec(`${handler.name}Response`, apiVersion).encode(body, response);
    this.send(correlationId, body);
  }

  private send(correlationId: number, body: Writer): void {
    if (this.closed) return;
    const header = Buffer.allocUnsafe(8);
    header.writeInt32BE(4 + body.length, 0);
    header.writeInt32BE(correlationId, 4);
    const chunks = body.toBuffers();
    this.socket.cork();
    this.socket.write(header);
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
  }

  private abort(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.broker.logger.warn(`closing connection ${this.name}: ${reason}`);
    this.socket.destroy();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
