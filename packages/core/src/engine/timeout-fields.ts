import type { HistoryEventOf } from '../model/history-events';
import type { StepTimeout } from '../model/step-timeout';

/** The timeout of a scheduled task as its {@link TaskInfo} keeps it (nothing for a task without one). */
export const taskTimeout = (event: HistoryEventOf<'TaskScheduled'>): { timeoutMs?: number; timeoutAt?: number } =>
  event.timeoutMs === undefined || event.timeoutAt === undefined ? {} : { timeoutMs: event.timeoutMs, timeoutAt: event.timeoutAt };

/** The timeout fields of a step that starts at `now` with `timeoutMs` (none without). */
export const stepTimeout = (timeoutMs: number | undefined, now: number): StepTimeout =>
  timeoutMs === undefined ? {} : { timeoutMs, timeoutAt: now + timeoutMs };
