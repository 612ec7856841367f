import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either';
import { JsonValue } from '../model/json';
import { ParentRef, WorkflowOutcome } from '../model/messages';
import { isTaskOutcomeId } from '../model/names';
import { completedUpdateOutcome, withAbandonedUpdates } from './update-outcomes';
import type { WorkflowInstance } from './workflow-instance';

/**
 * What the engine keeps of an ended workflow once its history is cleared (the `outcome` of the history
 * port's `delete`): how it ended, and how it was started, so that a late request gets the outcome and a
 * different start under the same id is still refused. `retries` keeps the ids of messages to the parent;
 * `accepted` the ids of the requests (signals, cancels, retries, delegated completions) the workflow applied, so that a copy of one
 * that comes after the end (a redelivery whose first reply was lost) is answered `accepted` again.
 */
export const EndedWorkflow = t.intersection([
  t.type({ outcome: WorkflowOutcome, method: t.string, args: t.array(JsonValue), retries: t.number }),
  t.partial({
    parent: ParentRef, accepted: t.array(t.string),
    /** The run, and the stream index and time of the event that ended it: `client.history` gives that event its id. */
    run: t.string, endedIndex: t.number, endedAt: t.number,
    /** What the callers of its updates were answered, by update id: a copy of an update after the end gets the same. */
    updates: t.record(t.string, WorkflowOutcome),
  }),
], 'EndedWorkflow');
export type EndedWorkflow = t.TypeOf<typeof EndedWorkflow>;

/**
 * The events a request answered `accepted` records. A delegated task's completion records the task's
 * outcome, as a service's answer does: those are told apart by their ids (a service's is a
 * {@link taskOutcomeId}), so only the completions are kept, not one id per task of every ended workflow.
 */
const ACCEPTED_REQUESTS = new Set(['SignalReceived', 'WorkflowCanceled', 'WorkflowRetried', 'TaskCompleted', 'TaskFailed']);

/** Whether `message` is one of the requests answered `accepted` when applied. */
export const isAcceptedRequest = (kind: string): boolean => kind === 'SendSignal' || kind === 'CancelWorkflow' || kind === 'RetryWorkflow' || kind === 'CompleteDelegatedTask';

/** What to keep of an instance that has ended. */
export const endedWorkflowOf = (instance: WorkflowInstance): EndedWorkflow | undefined => {
  if (!instance.outcome) return undefined;
  const { method, parent } = instance.started;
  // After a continue-as-new: the first run's arguments, which a copy of the original start carries.
  const args = instance.started.firstArgs ?? instance.started.args;
  // Runs as every workflow ends: one plain walk of the handled messages, with no array made per message.
  let accepted: string[] | undefined;
  let updates: Record<string, WorkflowOutcome> | undefined;
  for (const [id, events] of instance.applied) {
    let kept = false;
    for (const event of events) {
      if (event.type === 'UpdateCompleted') {
        if (event.replyTo !== undefined) (updates ??= {})[event.updateId] = completedUpdateOutcome(event);
        continue;
      }
      if (kept || !ACCEPTED_REQUESTS.has(event.type) || ((event.type === 'TaskCompleted' || event.type === 'TaskFailed') && isTaskOutcomeId(id))) continue;
      (accepted ??= []).push(id);
      kept = true;
    }
  }
  const ending = instance.ending ? instance.positions?.get(instance.ending) : undefined;
  const placed = ending && instance.run ? ending : undefined;
  // One literal, every field set (undefined when absent, which the store's JSON drops): no property array
  // or shape change per kept outcome, which the store holds for the whole retention.
  return {
    outcome: instance.outcome, method, args, retries: instance.retries, parent, accepted,
    run: placed ? instance.run : undefined, endedIndex: placed?.index, endedAt: placed?.at, updates: withAbandonedUpdates(instance, updates),
  } as EndedWorkflow;
};

/** A kept outcome as read back; undefined when there is none or it does not decode (then the id is only known to have ended). */
export const decodeEndedWorkflow = (kept: unknown): EndedWorkflow | undefined => {
  if (kept === undefined) return undefined;
  const decoded = EndedWorkflow.decode(kept);
  return isLeft(decoded) ? undefined : decoded.right;
};
