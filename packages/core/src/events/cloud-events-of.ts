import type { Envelope } from '../model/envelope';
import type { MessageOf } from '../model/messages';
import { uuidFrom } from '../support/uuid-from';
import { buildCloudEvent, type CadenzaCloudEvent, type EventSpec } from './cadenza-cloud-event';
import { attemptEventId } from './cloud-event-id';
import { specsOfEntry } from './history-event-specs';

/** Where the events are read: the namespace names their `source` and goes into `cadenzanamespace`. */
export interface CloudEventsOptions {
  readonly namespace: string;
}

/**
 * The CloudEvents an envelope of the events topic carries: those of each history event of a `WorkflowEvents`,
 * or those of a `TaskAttemptFailed`; `[]` for any other message. Pure and deterministic: the same envelope,
 * however often it is delivered or re-published, gives the same events with the same ids.
 * @throws the SDK's `ValidationError` if an event would not be a valid CloudEvent (a namespace that is no URI path).
 */
export const cloudEventsOf = (envelope: Envelope, options: CloudEventsOptions): CadenzaCloudEvent[] => {
  const message = envelope.message;
  if (message.kind !== 'WorkflowEvents' && message.kind !== 'TaskAttemptFailed') return [];
  const scope = { namespace: options.namespace, workflowName: message.workflowName, workflowId: message.workflowId };
  const specs = message.kind === 'WorkflowEvents'
    ? message.events.flatMap((entry) => specsOfEntry(message, entry))
    : specsOfAttemptFailed(message, envelope);
  return specs.map((spec) => buildCloudEvent(scope, spec));
};

/** A failed attempt, and the attempt it schedules when the task is tried again. */
const specsOfAttemptFailed = (message: MessageOf<'TaskAttemptFailed'>, envelope: Envelope): EventSpec[] => {
  const { workflowName, workflowId, taskId, seq, service, method, retry, attempt, error, retryInMs } = message;
  // A task message without the run (its engine did not publish events): the envelope and its time stand in.
  const run = message.run ?? uuidFrom(`${envelope.id}@${envelope.at}`);
  const task = { workflowName, workflowId, taskId, seq, service, method, retry };
  const failed: EventSpec = {
    type: 'io.cadenza.task.attempt.failed', id: attemptEventId(run, taskId, retry, attempt, 'failed'), at: envelope.at,
    data: { ...task, attempt, error, ...(retryInMs !== undefined ? { retryInMs } : {}) }, service, taskId, attempt,
  };
  if (retryInMs === undefined) return [failed];
  return [failed, {
    type: 'io.cadenza.task.attempt.started', id: attemptEventId(run, taskId, retry, attempt, 'next'), at: envelope.at,
    data: { ...task, attempt: attempt + 1, dueAt: envelope.at + retryInMs }, service, taskId, attempt: attempt + 1,
  }];
};
