import { renderValue } from '@cadenza/core';
import { HEADERS } from '../headers';
import { checkKafkaTopic } from '../topics/topic-name';

/** Where the forwarders of a prefix put the delayed records they cannot forward: `<prefix>.dead-letter`. */
export const delayDeadLetterTopic = (prefix: string): string => `${prefix}.dead-letter`;

/**
 * Why a record on a delay topic cannot be forwarded, or `undefined` when it can: its target header is missing, is
 * not a Kafka topic name, or names a delay topic of the same prefix (it would loop); or its due time is not a time
 * in ms. Only a foreign writer makes such a record; the forwarder dead-letters it instead of retrying it for ever.
 */
export const delayedRecordProblem = (target: string | undefined, dueAt: string | undefined, prefix: string): string | undefined => {
  if (target === undefined || target === '') return `a delayed record without a ${HEADERS.targetTopic} header`;
  try {
    checkKafkaTopic(target, `header ${HEADERS.targetTopic}`);
  } catch (error) {
    return `a delayed record with a bad target: ${(error as Error).message}`;
  }
  if (target.startsWith(`${prefix}.`)) return `a delayed record whose target ${target} is a delay topic of ${prefix} itself`;
  if (dueAt === undefined || !/^\d{1,16}$/.test(dueAt)) {
    return `a delayed record whose ${HEADERS.deliverAt} header is not a time in ms since epoch: ${renderValue(dueAt)}`;
  }
  return undefined;
};
