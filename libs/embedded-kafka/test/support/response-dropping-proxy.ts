import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const PRODUCE = 0;

/**
 * A TCP proxy in front of the broker that can cut the connection right after the broker answered
 * a Produce request: the write happened, but the client never hears of it and must retry.
 */
export class ResponseDroppingProxy {
  /** How many upcoming Produce responses to swallow (each by closing that connection). */
  dropProduceResponses = 0;
  dropped = 0;
  private readonly sockets = new Set<Socket>();
  targetPort = 0;

  private constructor(private readonly server: Server) {
    server.on('connection', (client) => this.pipe(client));
  }

  static async start(): Promise<ResponseDroppingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ResponseDroppingProxy(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    const produceCorrelationIds = new Set<number>();
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
      socket.on('error', () => undefined);
    }
    frames(client, (frame) => {
      if (frame.readInt16BE(4) === PRODUCE) produceCorrelationIds.add(frame.readInt32BE(8));
      upstream.write(frame);
    });
    frames(upstream, (frame) => {
      const correlationId = frame.readInt32BE(4);
      if (produceCorrelationIds.delete(correlationId) && this.dropProduceResponses > 0) {
        this.dropProduceResponses--;
        this.dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(frame);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Calls `onFrame` with each whole size-prefixed frame (prefix included) read from `socket`. */
function frames(socket: Socket, onFrame: (frame: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
      const size = 4 + buffered.readInt32BE(0);
      onFrame(buffered.subarray(0, size));
      buffered = buffered.subarray(size);
    }
  });
}
