import { TimerUnknownError } from '../errors/timer-unknown-error';
import type { Envelope } from '../model/envelope';
import { toErrorData } from '../model/error-data';
import type { HistoryEvent } from '../model/history-events';
import type { MessageOf, WorkflowOutcome } from '../model/messages';
import { type Outgoing, replyTo } from './outgoing-messages';
import type { WorkflowInstance } from './workflow-instance';

/** The id of the timer at step `seq` of an instance, as `state()` lists it and `completeTimers` takes it. */
export const timerId = (workflowId: string, seq: number): string => `${workflowId}:timer:${seq}`;

/** The seq of a timer id of this instance, or undefined when it is not one. */
const seqOfTimerId = (workflowId: string, id: string): number | undefined => {
  const prefix = `${workflowId}:timer:`;
  const rest = id.startsWith(prefix) ? id.slice(prefix.length) : '';
  return /^[1-9]\d*$/.test(rest) ? Number(rest) : undefined;
};

/**
 * What a `CompleteTimers` leads to for a live instance: a `TimerFired` (marked `byClient`) for each pending timer
 * it selects (the one named, else all), in step order, and the reply with their ids. A timer that already fired
 * is not pending: it is left alone (an empty answer, not an error). An id the instance never started a timer
 * under is refused with `TimerUnknownError`, with nothing recorded. The due `TimerFired` of a completed timer
 * arrives later and finds the timer no longer open: it leads to nothing.
 */
export const completeTimers = (instance: WorkflowInstance, envelope: Envelope, message: MessageOf<'CompleteTimers'>): { events: HistoryEvent[]; replies: Outgoing[] } => {
  const { workflowId } = instance;
  const ref = { workflowName: instance.workflowName, workflowId };
  const answer = (outcome: WorkflowOutcome): Outgoing[] => (message.replyTo === undefined ? [] : [replyTo(ref, message.replyTo, envelope.id, outcome, instance.time)]);
  const pending = (seq: number) => instance.state.open.has(seq);
  let seqs: number[];
  if (message.timerId !== undefined) {
    const seq = seqOfTimerId(workflowId, message.timerId);
    if (seq === undefined || !instance.timers.has(seq)) {
      return { events: [], replies: answer({ status: 'refused', error: toErrorData(new TimerUnknownError(instance.workflowName, workflowId, message.timerId)) }) };
    }
    seqs = pending(seq) ? [seq] : [];
  } else {
    seqs = [...instance.timers].filter(pending).sort((a, b) => a - b);
  }
  return {
    events: seqs.map((seq): HistoryEvent => ({ type: 'TimerFired', seq, byClient: true })),
    replies: answer({ status: 'completed', result: seqs.map((seq) => timerId(workflowId, seq)) }),
  };
};
