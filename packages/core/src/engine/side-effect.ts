import { fromErrorData } from '../errors/from-error-data';
import { NonDeterminismError } from '../errors/non-determinism-error';
import { PayloadTooLargeError } from '../errors/payload-too-large-error';
import { UnserializableValueError } from '../errors/unserializable-value-error';
import { toErrorData } from '../model/error-data';
import type { HistoryEventOf } from '../model/history-events';
import { isCommandEvent } from './commands';
import { serializable } from './serializable';
import { SIDE_EFFECT_DEFAULTS, type SideEffectOptions } from './side-effect.options';
import type { RecordedEvent } from './stored-history';

export type SideEffectEvent = HistoryEventOf<'SideEffectRecorded'>;

/** What an `inline` step gives the code: its value, or an error to throw; `fatal` when the error also fails the workflow. */
export type SideEffectOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error; readonly fatal: boolean };

/** Errors that say the value could not be recorded, not that the function threw: they fail the workflow. */
const FATAL_CODES = new Set(['UNSERIALIZABLE', 'PAYLOAD_TOO_LARGE']);

/**
 * The side effects of a history being replayed, by step, and the last step that history recorded: `inline`
 * at a step the history recorded returns what was recorded, and never runs its function again — not even when
 * the history recorded another command there (the replay then fails with `NonDeterminismError`). A value that
 * could not be recorded (a fatal error) is taken back by a later `retry` (`WorkflowRetried`), as a task's
 * failure is: the replay skips it ({@link voided}, by index) and runs the function anew at that step.
 */
export class RecordedSideEffects {
  private constructor(
    private readonly bySeq: Map<number, SideEffectEvent>,
    private readonly lastSeq: number,
    private readonly retriedSeqs: ReadonlySet<number>,
    /** Indexes of the fatal side effects that a later retry took back: folded, never replayed. */
    readonly voided: ReadonlySet<number>,
  ) {}

  /** What `events` recorded of side effects; undefined when they recorded no command at all. */
  static of(events: readonly RecordedEvent[]): RecordedSideEffects | undefined {
    const bySeq = new Map<number, SideEffectEvent>();
    const retriedSeqs = new Set<number>();
    const voided = new Set<number>();
    let fatalSinceRetry: Array<{ index: number; seq: number }> = [];
    let lastSeq = 0;
    events.forEach(({ event }, index) => {
      if (event.type === 'WorkflowRetried') {
        for (const fatal of fatalSinceRetry) {
          voided.add(fatal.index);
          retriedSeqs.add(fatal.seq);
          bySeq.delete(fatal.seq);
        }
        fatalSinceRetry = [];
        return;
      }
      if (!isCommandEvent(event)) return;
      if (event.seq > lastSeq) lastSeq = event.seq;
      if (event.type !== 'SideEffectRecorded') return;
      bySeq.set(event.seq, event);
      retriedSeqs.delete(event.seq);
      if (isFatal(event)) fatalSinceRetry.push({ index, seq: event.seq });
    });
    return lastSeq === 0 ? undefined : new RecordedSideEffects(bySeq, lastSeq, retriedSeqs, voided);
  }

  /** The recorded step at `seq`: a side effect, `other` for another command, or undefined past the history's end or after a retry took it back. */
  at(seq: number): SideEffectEvent | 'other' | undefined {
    return this.bySeq.get(seq) ?? (seq <= this.lastSeq && !this.retriedSeqs.has(seq) ? 'other' : undefined);
  }
}

/**
 * The step `inline(fn)` takes at `seq`: the recorded event when there is one (replay), else `fn` run once
 * and its value made what JSON storage reads back, so live code and replayed code see the same thing. A
 * throw inside `fn` is recorded and thrown as the error rebuilt from its record (what a replay throws too).
 * `fn` must be synchronous: a returned Promise (or any thenable), a value JSON cannot carry, or one over
 * `maxValueBytes` is recorded as a fatal error that fails the workflow.
 */
export const takeSideEffect = (
  workflowId: string, seq: number, recorded: SideEffectEvent | 'other' | undefined, fn: () => unknown, options: SideEffectOptions = SIDE_EFFECT_DEFAULTS,
): { event: SideEffectEvent; outcome: SideEffectOutcome } => {
  if (recorded === 'other') {
    const error = new NonDeterminismError(workflowId, seq, 'another command', 'a side effect (inline)');
    return { event: { type: 'SideEffectRecorded', seq, error: toErrorData(error) }, outcome: { ok: false, error, fatal: true } };
  }
  const event = recorded ?? runOnce(seq, fn, options);
  return { event, outcome: outcomeOf(event) };
};

const runOnce = (seq: number, fn: () => unknown, options: SideEffectOptions): SideEffectEvent => {
  const what = `the value of inline at step ${seq}`;
  let value: unknown;
  try {
    value = fn();
  } catch (thrown) {
    return { type: 'SideEffectRecorded', seq, error: toErrorData(thrown) };
  }
  if (value === undefined) return { type: 'SideEffectRecorded', seq };
  if (isThenable(value)) {
    // Nobody awaits it: its rejection must not reach Node as an unhandled one.
    Promise.resolve(value).catch(() => undefined);
    return failed(seq, new UnserializableValueError(what, 'a Promise: inline runs a synchronous function (do asynchronous work in a service task)'));
  }
  try {
    const copy = serializable(value, what);
    const json = JSON.stringify(copy);
    const bytes = json.length * 3 > options.maxValueBytes ? Buffer.byteLength(json) : json.length;
    if (bytes > options.maxValueBytes) return failed(seq, new PayloadTooLargeError(what, bytes, options.maxValueBytes));
    return { type: 'SideEffectRecorded', seq, value: copy };
  } catch (error) {
    return failed(seq, error);
  }
};

const failed = (seq: number, error: unknown): SideEffectEvent => ({ type: 'SideEffectRecorded', seq, error: toErrorData(error) });

const isFatal = (event: SideEffectEvent): boolean => event.error?.code !== undefined && FATAL_CODES.has(event.error.code);

const outcomeOf = (event: SideEffectEvent): SideEffectOutcome => {
  if (event.error === undefined) return { ok: true, value: event.value };
  return { ok: false, error: fromErrorData(event.error), fatal: isFatal(event) };
};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
