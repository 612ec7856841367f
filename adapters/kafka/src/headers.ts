/** Kafka record headers the adapter writes. */
export const HEADERS = {
  /** On delay-bucket topics: when the message is due, ms since epoch, as decimal text. */
  deliverAt: 'cadenza-deliver-at',
  /** On delay-bucket topics: the topic the message goes to when due. */
  targetTopic: 'cadenza-target-topic',
  /** On dead letters: why the message was dead-lettered (also inside the `DeadLetter` message). */
  deadLetterReason: 'cadenza-dead-letter-reason',
  /** On dead letters: the topic the message came from. */
  deadLetterTopic: 'cadenza-original-topic',
} as const;

/** Reads a header as text; kafkajs gives header values as Buffer, string or arrays of them. */
export const headerText = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
};
