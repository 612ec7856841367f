import type * as t from 'io-ts';
import * as data from './event-data';

/** The kinds of thing an event is about: the middle of its `type` (`io.cadenza.<entity>.<event>`). */
export type EventEntity = 'workflow' | 'task' | 'timer' | 'signal' | 'child' | 'effect' | 'method' | 'update' | 'version';

/** One CloudEvent type Cadenza emits: its `type`, what it is about, when it is emitted, and its `data` codec. */
export interface EventCatalogueEntry {
  readonly type: string;
  readonly entity: EventEntity;
  readonly describe: string;
  readonly data: t.Mixed;
}

const entry = (entity: EventEntity, event: string, describe: string, codec: t.Mixed): EventCatalogueEntry =>
  ({ type: `io.cadenza.${entity}.${event}`, entity, describe, data: codec });

/**
 * Every CloudEvent type, in the order an instance's life meets them. `workflow.*` tells when the main method
 * starts and ends (it ends the instance); `method.*` tells the same of the methods started beside it.
 */
export const EVENT_CATALOGUE: readonly EventCatalogueEntry[] = [
  entry('workflow', 'dispatched', 'the engine accepted a start (RunWorkflow) and recorded it, with its method, arguments, tags and meta', data.WorkflowDispatchedData),
  entry('workflow', 'started', 'the workflow method began to run (the same step as dispatched)', data.WorkflowStartedData),
  entry('workflow', 'completed', 'the workflow method returned', data.WorkflowCompletedData),
  entry('workflow', 'failed', 'the workflow method threw, or a task or child it awaited failed for good', data.WorkflowFailedData),
  entry('workflow', 'canceled', 'the instance was canceled', data.WorkflowCanceledData),
  entry('workflow', 'retried', '`retry` (or code that matches the history again) resumed a failed or blocked instance', data.WorkflowRetriedData),
  entry('workflow', 'blocked', 'the code no longer matches the history: the instance waits for matching code or `retry`', data.WorkflowBlockedData),
  entry('task', 'scheduled', 'the workflow called a service method (again with a new `retry` round after `retry`)', data.TaskScheduledData),
  entry('task', 'attempt.started', 'an attempt was dispatched to the service: attempt 1 with the schedule, the next one when an attempt failed (`dueAt`: after its backoff)', data.TaskAttemptStartedData),
  entry('task', 'attempt.failed', 'a service worker saw an attempt fail; `retryInMs` is the wait before the next one, absent when the task failed for good', data.TaskAttemptFailedData),
  entry('task', 'completed', 'the task\'s result was recorded in the workflow', data.TaskCompletedData),
  entry('task', 'failed', 'the task failed for good (last attempt, or an error that is not retried) and the workflow was told', data.TaskFailedData),
  entry('task', 'deadlettered', 'a message of the task went to the dead letter, and the workflow recorded the task as failed with a DEAD_LETTERED cause', data.TaskFailedData),
  entry('timer', 'started', 'the workflow started a timer due at `fireAt`', data.TimerStartedData),
  entry('timer', 'fired', 'the timer became due and the workflow recorded it', data.TimerFiredData),
  entry('signal', 'sent', 'a value sent to a channel of the instance was recorded', data.SignalData),
  entry('signal', 'received', 'a receive that was waiting on the channel took the value', data.SignalData),
  entry('signal', 'buffered', 'no receive was waiting: the value waits in the channel for the next receive', data.SignalData),
  entry('signal', 'dispatched', 'the workflow sent a value to a channel of an instance (`this.send`); it is published once recorded', data.SignalDispatchedData),
  entry('signal', 'released', 'a receive that lost a `Deferred.any` race left its channel\'s line: the next signal goes to another receive', data.ReceiveReleasedData),
  entry('update', 'accepted', 'an update passed its validator and was recorded; its handler runs', data.UpdateAcceptedData),
  entry('update', 'completed', 'an update\'s handler returned or threw; the caller of `update` is answered', data.UpdateCompletedData),
  entry('child', 'started', 'the workflow started a child workflow', data.ChildStartedData),
  entry('child', 'completed', 'a child workflow\'s result was recorded in its parent', data.ChildCompletedData),
  entry('child', 'failed', 'a child workflow\'s failure (or cancellation) was recorded in its parent; `timedOut: true` when the parent\'s timeout for it fired', data.ChildFailedData),
  entry('version', 'marked', 'the code asked `version(changeId, …)` for the first time and the version it got was recorded', data.VersionMarkedData),
  entry('effect', 'recorded', 'a side effect (`inline`) ran once and its value, or the error it threw, was recorded', data.SideEffectRecordedData),
  entry('method', 'started', 'a method was started on the running instance beside its main method (`methodRun` numbers it)', data.MethodStartedData),
  entry('method', 'completed', 'a method started beside the main one returned; its caller got the result', data.MethodCompletedData),
  entry('method', 'failed', 'a method started beside the main one threw; its caller got a MethodFailedError, the instance runs on', data.MethodFailedData),
  entry('workflow', 'continued', 'the run ended with `continueAsNew`: run number `run` starts under the same id with `args` and an empty history', data.WorkflowContinuedData),
  entry('method', 'called', 'the workflow called a method of another running instance (`target`) at step `seq`; its outcome comes as child.completed or child.failed of that step', data.MethodCalledData),
];

/** Every CloudEvent `type` Cadenza emits. */
export const EVENT_TYPES: readonly string[] = EVENT_CATALOGUE.map((e) => e.type);

const byType = new Map(EVENT_CATALOGUE.map((e) => [e.type, e]));

/** The catalogue entry of a `type`, or undefined for a type Cadenza does not emit. */
export const catalogueEntry = (type: string): EventCatalogueEntry | undefined => byType.get(type);
