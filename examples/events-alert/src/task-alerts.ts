import type { Logger, Transport } from '@cadenza/core';
import { createEventListener, type EventListener, type ListenerStart } from '@cadenza/events';
import { type AttemptStreaks, createAttemptStreaks } from './attempt-streak';
import type { AttemptStreakOptions } from './attempt-streak.options';

/** Options of {@link startTaskAlerts}: the detector's (threshold, bound, callback) and the listener's. */
export interface TaskAlertOptions extends AttemptStreakOptions {
  /** The listener's consumer group.
   *  @default 'task-alerts' */
  readonly group?: string;
  /** Where a new group starts reading; `earliest` also reports streaks still retained from before.
   *  @default 'earliest' */
  readonly start?: ListenerStart;
  readonly transport?: Transport;
  readonly logger?: Logger;
}

/** A running alert: its listener and the detector it feeds. */
export interface TaskAlerts {
  readonly listener: EventListener;
  readonly streaks: AttemptStreaks;
}

/**
 * Listens to the task events of the namespace `config` names and calls `onAlert` when one task fails
 * `threshold` attempts in a row. Events are observed in the order the listener delivers them, which keeps
 * each workflow's order; a batch is acknowledged once every alert it raised was handled.
 */
export const startTaskAlerts = async (config: unknown, options: TaskAlertOptions): Promise<TaskAlerts> => {
  const streaks = createAttemptStreaks(options);
  const listener = await createEventListener(config, {
    group: options.group ?? 'task-alerts',
    start: options.start ?? 'earliest',
    filter: { types: ['io.cadenza.task'] },
    onBatch: async (events) => {
      for (const event of events) await streaks.observe(event);
    },
    ...(options.transport ? { transport: options.transport } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { listener, streaks };
};
