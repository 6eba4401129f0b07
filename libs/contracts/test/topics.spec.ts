// What producers, consumers and operators rely on in the topic names, not the names themselves
// (docker/connect/orders-sink.json and the services' tests check that they use these constants).

import { CATALOG_TOPIC, DEAD_LETTER_HEADERS, deadLetterTopicFor, ORDERS_TOPIC } from '../src';

const SOURCES = [ORDERS_TOPIC, CATALOG_TOPIC];
const EVERY_TOPIC = [...SOURCES, ...SOURCES.map(deadLetterTopicFor)];

describe('topics', () => {
  it('are all names a Kafka broker accepts (Topic.validate: 1 to 249 of [a-zA-Z0-9._-], not . or ..)', () => {
    for (const topic of EVERY_TOPIC) {
      expect(topic).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
      expect(['.', '..']).not.toContain(topic);
    }
  });

  it("never collide, not even in Kafka's metric names, where '.' and '_' are the same character", () => {
    const metricNames = EVERY_TOPIC.map((topic) => topic.replace(/\./g, '_'));
    expect(new Set(metricNames).size).toBe(EVERY_TOPIC.length);
  });

  it("name a dead-letter topic after its source: the source's name followed by a suffix, the same for every topic", () => {
    const suffixes = SOURCES.map((topic) => {
      const deadLetters = deadLetterTopicFor(topic);
      expect(deadLetters.startsWith(topic)).toBe(true);
      return deadLetters.slice(topic.length);
    });
    expect(suffixes[0]).not.toBe('');
    expect(new Set(suffixes).size).toBe(1);
  });
});

describe('DEAD_LETTER_HEADERS', () => {
  it('are distinct header names, all x-dead-letter-* (the prefix the README tells operators to look for)', () => {
    const names = Object.values(DEAD_LETTER_HEADERS);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^x-dead-letter-[a-z-]+$/);
  });
});
