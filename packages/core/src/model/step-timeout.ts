import * as t from 'io-ts';

/**
 * The end-to-end timeout of a step (a task or a child workflow), on the event that starts it: `timeoutMs`
 * as the code gave it, `timeoutAt` the epoch ms it ends at (the step's `now()` plus `timeoutMs`). Both or
 * neither. A task retried by `retry` gets a new deadline, `timeoutMs` after the retry.
 */
export const StepTimeout = t.partial({ timeoutMs: t.number, timeoutAt: t.number });
export type StepTimeout = t.TypeOf<typeof StepTimeout>;

/** What a timeout must be, for error messages. */
export const TIMEOUT_MS_EXPECTED = 'a finite number of milliseconds > 0';

/** True for a timeout a step or an attempt can have: a finite number > 0 (ms). */
export const isTimeoutMs = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;
