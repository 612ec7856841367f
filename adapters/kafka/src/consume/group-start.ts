import { type StartPosition } from '@cadenza/core';
import type { Admin } from 'kafkajs';

/** kafkajs's refusal to move offsets of a group that has members: someone else started the group meanwhile. */
const GROUP_RUNNING = /must have no running instances/;

/**
 * Puts a NEW group `groupId` (one with no committed offset on any partition of `topic`) where `start` says, by
 * committing offsets before its first member joins. A group with an offset on any partition has a position and
 * ignores `start`: its partitions without an offset (none got a record while it ran, or the topic grew) start
 * at their oldest record, so nothing published while it was away is skipped. `earliest` needs nothing: the
 * consumer starts a partition without a committed offset at its oldest retained record.
 * `latest` is each partition's end now; a time is the first offset whose timestamp is at or after it (Kafka's
 * offsets-for-times), or the end where there is none yet, so a future time reads like `latest`.
 * Committing (rather than seeking once joined) makes the start the group's position at once: a member that
 * stops before handling anything, or a partition that gets nothing, resumes from it and never re-applies `start`.
 */
export const placeNewGroup = async (
  admin: Admin, groupId: string, topic: string, start: StartPosition, retryDelaysMs: readonly number[] = PLACEMENT_RETRY_DELAYS_MS,
): Promise<void> => {
  if (start.from === 'earliest') return;
  // A topic just made has no partition leader for a moment: a retriable refusal is asked again, a few times.
  for (let attempt = 0; ; attempt++) {
    try {
      return await place(admin, groupId, topic, start);
    } catch (error) {
      const delay = retryDelaysMs[attempt];
      if ((error as { retriable?: unknown }).retriable !== true || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
};

/**
 * The pauses between attempts at placing a group when the broker answers with a retriable error (a partition
 * without its leader yet, a coordinator moving): about 4 s in all, within the transport's operation timeout.
 */
export const PLACEMENT_RETRY_DELAYS_MS: readonly number[] = [100, 200, 400, 800, 1_000, 1_000];

const place = async (admin: Admin, groupId: string, topic: string, start: Exclude<StartPosition, { from: 'earliest' }>): Promise<void> => {
  if (await hasPosition(admin, groupId, topic)) return;
  const offsets = start.from === 'latest' ? await admin.fetchTopicOffsets(topic) : await admin.fetchTopicOffsetsByTimestamp(topic, start.time);
  const partitions = offsets.map(({ partition, offset }) => ({ partition, offset }));
  if (partitions.length === 0) return;
  try {
    await admin.setOffsets({ groupId, topic, partitions });
  } catch (error) {
    // Another process started this group at the same moment; it placed the group (or is doing so) and consumes.
    if (!GROUP_RUNNING.test(String((error as Error).message))) throw error;
  }
};

/** Whether the group has committed an offset on any partition of `topic`. */
const hasPosition = async (admin: Admin, groupId: string, topic: string): Promise<boolean> => {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (committed?.partitions ?? []).some((p) => Number(p.offset) >= 0);
};
