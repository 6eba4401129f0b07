import { CATALOG_TOPIC, DEAD_LETTER_HEADERS, deadLetterTopicFor, ORDERS_TOPIC } from '../src';

describe('topics', () => {
  it("use the course's topic names", () => {
    expect(ORDERS_TOPIC).toBe('orders');
    expect(CATALOG_TOPIC).toBe('example-catalog-topic');
  });

  it('name a dead-letter topic after its source topic', () => {
    expect(deadLetterTopicFor(CATALOG_TOPIC)).toBe('example-catalog-topic.dead-letter');
    expect(deadLetterTopicFor(ORDERS_TOPIC)).toBe('orders.dead-letter');
  });

  it('define distinct dead-letter header names', () => {
    expect(DEAD_LETTER_HEADERS).toEqual({
      reason: 'x-dead-letter-reason',
      sourceTopic: 'x-dead-letter-source-topic',
      sourcePartition: 'x-dead-letter-source-partition',
      sourceOffset: 'x-dead-letter-source-offset',
      failedAt: 'x-dead-letter-failed-at',
    });
    expect(new Set(Object.values(DEAD_LETTER_HEADERS)).size).toBe(Object.keys(DEAD_LETTER_HEADERS).length);
  });
});
