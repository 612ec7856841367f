import { type StartPosition } from '@cadenza/core';
import type { Admin } from 'kafkajs';

/** kafkajs's refusal to move offsets of a group that has members: someone else started the group meanwhile. */
const GROUP_RUNNING = /must have no running instances/;

/**
 * Puts group `groupId` where `start` says on every partition of `topic` it has no committed offset for, by
 * committing that offset before the group's first member joins; partitions it has a position on keep it. `earliest`
 * needs nothing: the consumer starts a partition without a committed offset at its oldest retained record.
 * `latest` is each partition's end now; a time is the first offset whose timestamp is at or after it (Kafka's
 * offsets-for-times), or the end where there is none yet, so a future time reads like `latest`.
 * Committing (rather than seeking once joined) makes the start the group's position at once: a member that
 * stops before handling anything, or a partition that gets nothing, resumes from it and never re-applies `start`.
 */
export const placeNewGroup = async (admin: Admin, groupId: string, topic: string, start: StartPosition): Promise<void> => {
  if (start.from === 'earliest') return;
  const unset = await uncommittedPartitions(admin, groupId, topic);
  if (unset.size === 0) return;
  const offsets = start.from === 'latest' ? await admin.fetchTopicOffsets(topic) : await admin.fetchTopicOffsetsByTimestamp(topic, start.time);
  const partitions = offsets.filter((p) => unset.has(p.partition)).map(({ partition, offset }) => ({ partition, offset }));
  if (partitions.length === 0) return;
  try {
    await admin.setOffsets({ groupId, topic, partitions });
  } catch (error) {
    // Another process started this group at the same moment; it placed the group (or is doing so) and consumes.
    if (!GROUP_RUNNING.test(String((error as Error).message))) throw error;
  }
};

const uncommittedPartitions = async (admin: Admin, groupId: string, topic: string): Promise<Set<number>> => {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
};
