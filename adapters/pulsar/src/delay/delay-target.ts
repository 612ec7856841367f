import { renderValue } from '@cadenza/core';
import { DELAY_PROPERTIES, delayTopic } from './delay-topic';

/**
 * Why a message on the delay topic of `topic` cannot be forwarded, or `undefined` when it can: its target property
 * is missing or names another topic than the one its delay topic belongs to (a forwarder never republishes into
 * another topic, or another namespace), or its due time is not a time in ms. Only a foreign writer makes such a
 * message; the forwarder dead-letters it instead of retrying it for ever.
 */
export const delayedMessageProblem = (properties: Readonly<Record<string, string>>, topic: string): string | undefined => {
  const target = properties[DELAY_PROPERTIES.target];
  if (target === undefined || target === '') return `a delayed message on ${delayTopic(topic)} without a ${DELAY_PROPERTIES.target} property`;
  if (target !== topic) return `a delayed message on ${delayTopic(topic)} whose target ${renderValue(target)} is not ${topic}`;
  const dueAt = properties[DELAY_PROPERTIES.deliverAt];
  if (dueAt === undefined || !/^\d{1,16}$/.test(dueAt)) {
    return `a delayed message on ${delayTopic(topic)} whose ${DELAY_PROPERTIES.deliverAt} property is not a time in ms since epoch: ${renderValue(dueAt)}`;
  }
  return undefined;
};
