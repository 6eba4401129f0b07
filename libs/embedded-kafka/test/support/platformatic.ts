// @platformatic/kafka clients (Admin, Producer, Consumer) in a child process, driven by a test over IPC.
//
// The library is ESM-only; Jest on Node 20 cannot load ES modules (it needs Node 24.9 for require(esm)),
// while plain Node 20.19+ can. So the test process (Jest) spawns this file with `node -r @swc-node/register`
// and sends it calls; the child runs them on real clients and sends back plain data. Values cross as JSON
// with bigint, Buffer, Map and Set tagged, and are rebuilt in the test's realm so Jest compares them as usual.
import { fork, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';

/** Turns a value into JSON-safe data: bigint, Buffer, Map and Set tagged, functions and symbols dropped. */
export function encode(value: unknown, seen = new Set<unknown>()): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $buffer: Buffer.from(value).toString('base64') };
  if (seen.has(value)) return undefined;
  seen.add(value);
  try {
    if (value instanceof Map) return { $map: [...value].map(([k, v]) => [encode(k, seen), encode(v, seen)]) };
    if (value instanceof Set) return { $set: [...value].map((v) => encode(v, seen)) };
    if (Array.isArray(value)) return value.map((v) => encode(v, seen));
    if (value instanceof Date) return value.toISOString();
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = value.message;
      // AggregateError's `errors` and an error's `cause` are not enumerable.
      if ('errors' in value) out.errors = encode(value.errors, seen);
      if (value.cause !== undefined) out.cause = encode(value.cause, seen);
    }
    for (const [key, v] of Object.entries(value)) out[key] = encode(v, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

/** The inverse of `encode`, building the values with this realm's constructors. */
export function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const tagged = value as Partial<Record<string, unknown>>;
  if (typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
  if (typeof tagged.$buffer === 'string') return Buffer.from(tagged.$buffer, 'base64');
  if (Array.isArray(tagged.$map)) return new Map((tagged.$map as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
  if (Array.isArray(tagged.$set)) return new Set(tagged.$set.map(decode));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

type Request =
  | { id: number; op: 'new'; kind: 'Admin' | 'Producer' | 'Consumer'; options: unknown }
  | { id: number; op: 'call'; handle: number; method: string; args: unknown[] }
  | { id: number; op: 'get'; handle: number; property: string }
  | { id: number; op: 'events'; handle: number }
  | { id: number; op: 'take'; handle: number; count: number; timeoutMs: number }
  | { id: number; op: 'commit'; handle: number; index: number }
  | { id: number; op: 'closeAll' };
type Response = { id: number; result?: string; error?: string };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A message as a consumer stream delivered it, without its `commit` function. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: bigint;
  key: Buffer | undefined;
  value: Buffer | undefined;
  headers: Map<Buffer, Buffer>;
  /** Position in the stream, for `stream.commit(index)`. */
  index: number;
}

/** An error the library threw, with the fields it set (`code`, `errors`, `apiCode`…). */
export class RemoteError extends Error {
  constructor(readonly details: Record<string, unknown>) {
    super(RemoteError.describe(details));
    this.name = `Remote${String(details.name ?? 'Error')}`;
  }

  /** The message with the messages of the errors it aggregates, e.g. `fetch failed 4 times. [No usable implementation…]`. */
  static describe(details: Record<string, unknown>): string {
    const inner = Array.isArray(details.errors) ? (details.errors as Record<string, unknown>[]).map((e) => RemoteError.describe(e)) : [];
    return `${String(details.message)}${inner.length ? ` [${[...new Set(inner)].join('; ')}]` : ''}`;
  }
}

export interface RemoteClient {
  readonly handle: number;
  /** Calls `client[method](...args)` (the promise form; `a.b` calls `client.a.b()`) and returns its decoded result. */
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  /** Reads `client[property]` (`a.b` for `client.a.b`). */
  get<T = unknown>(property: string): Promise<T>;
  /** How many times the client emitted each event, and the errors that `…:error` events carried. */
  events(): Promise<{ counts: Record<string, number>; errors: Array<{ event: string; message: string }> }>;
  /** `consumer.consume(options)`: a stream whose messages the child buffers until `take` asks for them. */
  consume(options: unknown): Promise<RemoteStream>;
}

export interface RemoteStream {
  readonly handle: number;
  /** The next `count` messages the stream delivers, waiting up to `timeoutMs` for them. */
  take(count: number, timeoutMs?: number): Promise<ConsumedMessage[]>;
  /** `message.commit()` of the message taken at `index` (commits its offset + 1 for the group). */
  commit(index: number): Promise<void>;
  call<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

export interface PlatformaticClients {
  admin(options?: Record<string, unknown>): Promise<RemoteClient>;
  producer(options?: Record<string, unknown>): Promise<RemoteClient>;
  consumer(options: Record<string, unknown>): Promise<RemoteClient>;
  /** What the library names its compression algorithms and whether this Node has each. */
  compressions(): Promise<Record<string, boolean>>;
  /** The child's stderr so far (library errors, `DEBUG=plt:kafka*` output). */
  stderr(): string;
  /** Closes every client and stream (forcibly), then ends the child process by its pid. */
  stop(): Promise<void>;
}

/** Starts the child; clients it makes connect to `bootstrap` unless the options say otherwise. */
export async function startPlatformaticClients(bootstrap: string): Promise<PlatformaticClients> {
  const child: ChildProcess = fork(__filename, ['--child'], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exited: Error | undefined;
  child.on('message', (message: Response) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new RemoteError(decode(JSON.parse(message.error)) as Record<string, unknown>));
    else waiter.resolve(message.result === undefined ? undefined : decode(JSON.parse(message.result)));
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = new Error(`platformatic child exited (${code ?? signal}): ${stderr.slice(-2000)}`);
      for (const waiter of pending.values()) waiter.reject(exited);
      pending.clear();
      resolve();
    }),
  );
  let nextId = 1;
  const send = <T>(request: WithoutId<Request>): Promise<T> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  };
  const stream = (handle: number): RemoteStream => ({
    handle,
    take: (count, timeoutMs = 20_000) => send<ConsumedMessage[]>({ op: 'take', handle, count, timeoutMs }),
    commit: (index) => send<void>({ op: 'commit', handle, index }),
    call: (method, ...args) => send({ op: 'call', handle, method, args: encode(args) as unknown[] }),
  });
  const client = async (kind: 'Admin' | 'Producer' | 'Consumer', options: Record<string, unknown>): Promise<RemoteClient> => {
    const handle = await send<number>({ op: 'new', kind, options: encode({ bootstrapBrokers: [bootstrap], ...options }) });
    return {
      handle,
      call: (method, ...args) => send({ op: 'call', handle, method, args: encode(args) as unknown[] }),
      get: (property) => send({ op: 'get', handle, property }),
      events: () => send({ op: 'events', handle }),
      consume: async (options) => {
        const result = await send<{ $stream: number }>({ op: 'call', handle, method: 'consume', args: [encode(options)] });
        return stream(result.$stream);
      },
    };
  };
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  let counter = 0;
  return {
    admin: (options = {}) => client('Admin', { clientId: `admin-${++counter}`, ...options }),
    producer: (options = {}) => client('Producer', { clientId: `producer-${++counter}`, ...options }),
    consumer: (options) => client('Consumer', { clientId: `consumer-${++counter}`, ...options }),
    compressions: () => send({ op: 'call', handle: 0, method: 'compressions', args: [] }),
    stderr: () => stderr,
    stop: async () => {
      if (!exited) {
        await send({ op: 'closeAll' }).catch(() => undefined);
        if (child.connected) child.disconnect();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(killer);
      }
    },
  };
}

// ---- the child ----

interface StreamState {
  stream: Readable & { close(): Promise<void> };
  messages: Array<Record<string, unknown> & { commit(): Promise<void> }>;
  cursor: number;
  error?: unknown;
  waiters: Set<() => void>;
}

async function runChild(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the ESM-only library, loaded by Node's require(esm)
  const kafka = require('@platformatic/kafka') as Record<string, unknown> & {
    compressionsAlgorithms: Record<string, { available: boolean }>;
  };
  const objects = new Map<number, unknown>();
  const events = new Map<number, { counts: Record<string, number>; errors: Array<{ event: string; message: string }> }>();
  const streams = new Map<number, StreamState>();
  let nextHandle = 1;

  const register = (result: unknown): unknown => {
    if (!(result instanceof Readable)) return result;
    const handle = nextHandle++;
    const state: StreamState = { stream: result as StreamState['stream'], messages: [], cursor: 0, waiters: new Set() };
    const wake = () => state.waiters.forEach((w) => w());
    result.on('data', (message: StreamState['messages'][number]) => {
      state.messages.push(message);
      wake();
    });
    result.on('error', (error: unknown) => {
      state.error = error;
      wake();
    });
    streams.set(handle, state);
    objects.set(handle, result);
    return { $stream: handle };
  };

  const take = async (state: StreamState, count: number, timeoutMs: number): Promise<unknown> => {
    const ready = () => state.error !== undefined || state.messages.length - state.cursor >= count;
    if (!ready()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          state.waiters.delete(check);
          resolve();
        }
        function check() {
          if (ready()) done();
        }
        state.waiters.add(check);
      });
    }
    if (state.error !== undefined) throw state.error;
    const available = state.messages.length - state.cursor;
    if (available < count) throw new Error(`stream delivered ${available} of ${count} messages within ${timeoutMs} ms`);
    const taken = state.messages.slice(state.cursor, state.cursor + count).map((m, i) => ({
      topic: m.topic,
      partition: m.partition,
      offset: m.offset,
      timestamp: m.timestamp,
      key: m.key,
      value: m.value,
      headers: m.headers,
      index: state.cursor + i,
    }));
    state.cursor += count;
    return taken;
  };

  const closeAll = async (): Promise<void> => {
    for (const state of streams.values()) await state.stream.close().catch(() => undefined);
    for (const [handle, object] of objects) {
      if (!streams.has(handle)) await (object as { close(force?: boolean): Promise<void> }).close(true).catch(() => undefined);
    }
    objects.clear();
    streams.clear();
  };

  const resolve = (handle: number, path: string[]): unknown => {
    let target = objects.get(handle);
    if (target === undefined) throw new Error(`no client ${handle}`);
    for (const key of path) target = (target as Record<string, unknown>)[key];
    return target;
  };

  const run = async (request: Request): Promise<unknown> => {
    switch (request.op) {
      case 'new': {
        const Client = kafka[request.kind] as new (options: unknown) => unknown;
        const handle = nextHandle++;
        const client = new Client(decode(request.options)) as { emit: (event: string, ...args: unknown[]) => boolean };
        const seen = { counts: {} as Record<string, number>, errors: [] as Array<{ event: string; message: string }> };
        const emit = client.emit.bind(client);
        client.emit = (event, ...args) => {
          seen.counts[event] = (seen.counts[event] ?? 0) + 1;
          const error = args.find((arg) => arg instanceof Error) ?? (args[0] as { error?: unknown } | undefined)?.error;
          if (event.endsWith(':error') && error instanceof Error) seen.errors.push({ event, message: error.message });
          return emit(event, ...args);
        };
        objects.set(handle, client);
        events.set(handle, seen);
        return handle;
      }
      case 'call': {
        if (request.handle === 0 && request.method === 'compressions') {
          return Object.fromEntries(Object.entries(kafka.compressionsAlgorithms).map(([name, { available }]) => [name, available]));
        }
        const path = request.method.split('.');
        const name = path.pop() as string;
        const target = resolve(request.handle, path) as Record<string, (...args: unknown[]) => unknown>;
        if (typeof target[name] !== 'function') throw new Error(`client ${request.handle} has no method ${request.method}`);
        return register(await target[name](...(decode(request.args) as unknown[])));
      }
      case 'get':
        return resolve(request.handle, request.property.split('.'));
      case 'events':
        return events.get(request.handle);
      case 'take': {
        const state = streams.get(request.handle);
        if (!state) throw new Error(`no stream ${request.handle}`);
        return take(state, request.count, request.timeoutMs);
      }
      case 'commit': {
        const message = streams.get(request.handle)?.messages[request.index];
        if (!message) throw new Error(`stream ${request.handle} has no message ${request.index}`);
        await message.commit();
        return undefined;
      }
      case 'closeAll':
        await closeAll();
        return undefined;
    }
  };

  process.on('message', (request: Request) => {
    run(request).then(
      (result) => process.send?.({ id: request.id, result: result === undefined ? undefined : JSON.stringify(encode(result)) }),
      (error: unknown) => process.send?.({ id: request.id, error: JSON.stringify(encode(error)) }),
    );
  });
  process.on('disconnect', () => void closeAll().finally(() => process.exit(0)));
}

if (require.main === module && process.argv.includes('--child')) {
  runChild().catch((error: Error) => {
    process.stderr.write(`platformatic child: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
