import type { CadenzaCloudEvent } from '@cadenza/core';
import { resolveAttemptStreakOptions, type AttemptStreakOptions } from './attempt-streak.options';
import { TASK_ATTEMPT_FAILED, TASK_ENDED } from './task-event-types';

/** Follows each task's failed attempts and raises an alert when one task fails `threshold` in a row. */
export interface AttemptStreaks {
  /**
   * Takes the next event, in the order the listener delivers it (per workflow). A failed attempt extends
   * its task's streak; the task's completion, failure or dead letter forgets it, and so does the failure
   * of its last attempt (after counting it). The same event seen
   * twice (a redelivery) counts once. Other events and events without a task id are ignored.
   */
  observe(event: CadenzaCloudEvent): Promise<void>;
  /** Tasks with a streak in progress (bounded by `maxTasks`). */
  readonly tracked: number;
  /** Task ends observed (completion, failure or dead letter), redeliveries included: a progress counter. */
  readonly ended: number;
}

interface Streak {
  readonly workflowId: string | undefined;
  readonly eventIds: string[];
  alerted: boolean;
}

/** An attempt failure with no next attempt (`retryInMs` absent): the task failed for good. */
const isFinal = (event: CadenzaCloudEvent): boolean => (event.data as { retryInMs?: unknown } | undefined)?.retryInMs === undefined;

const taskIdOf = (event: CadenzaCloudEvent): string | undefined =>
  typeof event['cadenzataskid'] === 'string' ? event['cadenzataskid'] : undefined;

/** A streak detector; see {@link AttemptStreakOptions} for the threshold and the bound. */
export const createAttemptStreaks = (options: AttemptStreakOptions): AttemptStreaks => {
  const { threshold, maxTasks, onAlert } = resolveAttemptStreakOptions(options);
  const streaks = new Map<string, Streak>();
  let ended = 0;

  const streakOf = (taskId: string, event: CadenzaCloudEvent): Streak => {
    const known = streaks.get(taskId);
    if (known) return known;
    if (streaks.size >= maxTasks) streaks.delete(streaks.keys().next().value!);
    const workflowId = typeof event['cadenzaworkflowid'] === 'string' ? event['cadenzaworkflowid'] : event.subject;
    const streak: Streak = { workflowId, eventIds: [], alerted: false };
    streaks.set(taskId, streak);
    return streak;
  };

  return {
    observe: async (event) => {
      const taskId = taskIdOf(event);
      if (taskId === undefined) return;
      if (TASK_ENDED.includes(event.type)) {
        streaks.delete(taskId);
        ended++;
        return;
      }
      if (event.type !== TASK_ATTEMPT_FAILED) return;
      const streak = streakOf(taskId, event);
      if (streak.eventIds.length < threshold && !streak.eventIds.includes(event.id)) streak.eventIds.push(event.id);
      if (!streak.alerted && streak.eventIds.length >= threshold) {
        await onAlert({ taskId, workflowId: streak.workflowId, failures: threshold, eventIds: [...streak.eventIds], last: event });
        streak.alerted = true;
      }
      // The last attempt's failure is published beside the task's failure, in either order: it ends the
      // task too, so a failure arriving after `task.failed` leaves no streak behind.
      if (isFinal(event)) streaks.delete(taskId);
    },
    get tracked() {
      return streaks.size;
    },
    get ended() {
      return ended;
    },
  };
};
