import { createNames, decodeEnvelope, type Transport } from '@cadenza/core';
import type { Activity } from './activity';

/** A message that reached the dead-letter topic, as a report shows it. */
export interface DeadLettered {
  readonly workflowId?: string;
  readonly description: string;
}

/**
 * Listens on the run's dead-letter topic in a group of its own. The workload sends nothing malformed, so
 * every dead letter is a transient failure given up on, which the design forbids.
 */
export const watchDeadLetters = async (transport: Transport, namespace: string, activity: Activity): Promise<DeadLettered[]> => {
  const seen: DeadLettered[] = [];
  const topic = createNames(namespace).deadLetterTopic();
  await transport.subscribe(topic, 'sim-dead-letter-watch', async ({ envelope }) => {
    activity.touch();
    const letter = envelope.message;
    if (letter.kind !== 'DeadLetter') return void seen.push({ description: `a ${letter.kind} message on ${topic}` });
    let original = 'an undecodable message';
    let workflowId: string | undefined = letter.key;
    try {
      const decoded = decodeEnvelope(Buffer.from(letter.raw, 'base64'), letter.originalTopic);
      original = decoded.message.kind;
      if ('workflowId' in decoded.message) workflowId = decoded.message.workflowId;
    } catch {
      // The reason says why it did not decode; the report keeps it.
    }
    seen.push({ ...(workflowId !== undefined ? { workflowId } : {}), description: `${original} on ${letter.originalTopic} dead-lettered after ${letter.deliveries} deliveries: ${letter.reason}` });
  }, { order: 'none', deadLetterTopic: `${topic}.unhandled` });
  return seen;
};
