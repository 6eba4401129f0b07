import { Logger } from '@nestjs/common';
import { DEAD_LETTER_HEADERS, deadLetterTopicFor } from '@kafka-sync/contracts';
import type { KafkaBatchContext } from '@kafka-sync/service-kit';
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A record that is not a stock event, and why. */
export interface DeadRecord {
  message: KafkaMessage;
  reason: string;
}

const logger = new Logger('DeadLetters');

/**
 * Parks `dead` on deadLetterTopicFor(their topic) with their original key, value and headers plus
 * the DEAD_LETTER_HEADERS, and resolves once the broker acknowledged them all (acks=-1).
 */
export async function sendToDeadLetterTopic(context: KafkaBatchContext, dead: DeadRecord[]): Promise<void> {
  const topic = context.getTopic();
  const partition = context.getPartition();
  const failedAt = new Date().toISOString();
  await context.getProducer().send({
    topic: deadLetterTopicFor(topic),
    acks: -1,
    messages: dead.map(({ message, reason }) => {
      const headers: IHeaders = {
        ...(message.headers ?? {}),
        [DEAD_LETTER_HEADERS.reason]: reason,
        [DEAD_LETTER_HEADERS.sourceTopic]: topic,
        [DEAD_LETTER_HEADERS.sourcePartition]: String(partition),
        [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
        [DEAD_LETTER_HEADERS.failedAt]: failedAt,
      };
      return { key: message.key, value: message.value, headers };
    }),
  });
  for (const { message, reason } of dead)
    logger.warn(`record ${topic}/${partition}@${message.offset} sent to ${deadLetterTopicFor(topic)}: ${reason}`);
}
