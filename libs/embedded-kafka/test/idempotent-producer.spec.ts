import { kafkaClient } from './support/kafkajs-client';
import { kcat } from './support/kcat';
import { ResponseDroppingProxy } from './support/response-dropping-proxy';
import { startTestBroker, type TestBroker } from './support/test-broker';

describe('idempotent producer retries', () => {
  let proxy: ResponseDroppingProxy;
  let test: TestBroker;

  beforeAll(async () => {
    proxy = await ResponseDroppingProxy.start();
    // Clients learn the proxy's port from Metadata, so every connection goes through it.
    test = await startTestBroker({ advertisedPort: proxy.port });
    proxy.targetPort = test.broker.port;
  });

  afterAll(async () => {
    await proxy?.stop();
    await test?.cleanup();
  });

  async function storedValues(topic: string): Promise<string[]> {
    const dump = await kcat(['-b', `127.0.0.1:${test.broker.port}`, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
    return dump.stdout.trim().split('\n').filter(Boolean);
  }

  it('writes a batch once when the acknowledgement was lost and kafkajs retried it', async () => {
    const producer = kafkaClient(`127.0.0.1:${proxy.port}`).producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: 'retried', messages: [{ value: 'warm-up' }] });

    proxy.dropProduceResponses = 2; // the first send and its first retry both lose their answer
    const [result] = await producer.send({ topic: 'retried', acks: -1, messages: [{ value: 'once' }, { value: 'only' }] });
    await producer.send({ topic: 'retried', messages: [{ value: 'after' }] });
    await producer.disconnect();

    expect(proxy.dropped).toBe(2);
    expect(result.baseOffset).toBe('1');
    expect(await storedValues('retried')).toEqual(['warm-up', 'once', 'only', 'after']);
  });

  it('does write twice without idempotence, which is what the idempotent producer prevents', async () => {
    const producer = kafkaClient(`127.0.0.1:${proxy.port}`).producer({ idempotent: false });
    await producer.connect();
    await producer.send({ topic: 'not-idempotent', messages: [{ value: 'warm-up' }] });
    proxy.dropProduceResponses = 1;
    await producer.send({ topic: 'not-idempotent', acks: -1, messages: [{ value: 'twice' }] });
    await producer.disconnect();

    expect(await storedValues('not-idempotent')).toEqual(['warm-up', 'twice', 'twice']);
  });
});
