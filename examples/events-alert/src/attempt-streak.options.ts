import { ConfigError } from '@cadenza/core';
import type { AttemptStreakAlert } from './attempt-streak-alert';

/** How the attempt streak detector is set up. */
export interface AttemptStreakOptions {
  /** Failed attempts in a row, for one task, that raise an alert; an integer ≥ 1.
   *  @default 3 */
  threshold?: number;
  /** Tasks tracked at once. Completion or failure forgets a task; past this bound the task that failed
   *  longest ago is forgotten too (its events may have been filtered out or retained too briefly).
   *  @default 10_000 */
  maxTasks?: number;
  /** Called once per streak that reaches `threshold`. A rejection is passed on to the caller of
   *  `observe`, and the alert is raised again when the same failure is observed again (a redelivery). */
  onAlert: (alert: AttemptStreakAlert) => void | Promise<void>;
}

export const attemptStreakDefaults = { threshold: 3, maxTasks: 10_000 } as const;

const wholeAtLeastOne = (value: unknown, at: string): number => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new ConfigError(at, 'an integer ≥ 1', value);
};

/** The options with their defaults; throws a {@link ConfigError} naming the bad field. */
export const resolveAttemptStreakOptions = (options: AttemptStreakOptions): Required<AttemptStreakOptions> => {
  if (typeof options.onAlert !== 'function') throw new ConfigError('onAlert', 'a function', options.onAlert);
  return {
    threshold: wholeAtLeastOne(options.threshold ?? attemptStreakDefaults.threshold, 'threshold'),
    maxTasks: wholeAtLeastOne(options.maxTasks ?? attemptStreakDefaults.maxTasks, 'maxTasks'),
    onAlert: options.onAlert,
  };
};
