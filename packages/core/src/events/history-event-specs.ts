import type { WorkflowEventEntry } from '../model/messages';
import { taskId as taskIdOf } from '../model/names';
import type { EventSpec } from './cadenza-cloud-event';
import { historyEventId } from './cloud-event-id';

/** The step a history event was recorded in: its instance, run, and time. */
export interface StepOf {
  readonly workflowName: string;
  readonly workflowId: string;
  readonly run: string;
  readonly at: number;
}

const DEAD_LETTERED = 'DEAD_LETTERED';
/** What a task event says of a task the step did not describe (an engine always describes it). */
const UNKNOWN_TASK = { service: 'unknown', method: 'unknown', retry: 0 };
const T = (event: string) => `io.cadenza.${event}`;

/**
 * The CloudEvents (as specs) that one recorded history event makes: none for bookkeeping (`WaiterAdded`,
 * `ChildWorkflowRetried`, a `ReceiveStarted` that waits), two for `WorkflowStarted` (dispatched, started), for
 * a task scheduled or retried (scheduled, attempt 1 started) and for a signal (sent, then received or
 * buffered); a `ReceiveStarted` that took a buffered value makes its `signal.received`.
 */
export const specsOfEntry = (step: StepOf, entry: WorkflowEventEntry): EventSpec[] => {
  const { event, index } = entry;
  const instance = { workflowName: step.workflowName, workflowId: step.workflowId };
  const spec = (part: number, type: string, data: Record<string, unknown>, extra: Partial<EventSpec> = {}): EventSpec =>
    ({ type: T(type), id: historyEventId(step.run, index, part), at: step.at, data: { ...instance, ...data }, ...extra });
  const taskSpec = (part: number, type: string, seq: number, data: Record<string, unknown>, attempt?: number, task = entry.task ?? UNKNOWN_TASK): EventSpec => {
    const taskId = taskIdOf(step.workflowId, seq);
    return spec(part, type, { taskId, seq, service: task.service, method: task.method, retry: task.retry, ...data },
      { service: task.service, taskId, ...(attempt !== undefined ? { attempt } : {}) });
  };
  const child = entry.child ? { child: entry.child } : {};
  switch (event.type) {
    case 'WorkflowStarted':
      return [
        spec(0, 'workflow.dispatched', {
          method: event.method, args: event.args, tags: event.tags, meta: event.meta, ...(event.parent ? { parent: event.parent } : {}), ...(event.version !== undefined ? { version: event.version } : {}),
        }),
        spec(1, 'workflow.started', { method: event.method }),
      ];
    case 'TaskScheduled': {
      const task = { service: event.service, method: event.method, retry: 0 };
      return [taskSpec(0, 'task.scheduled', event.seq, { args: event.args, ...timeoutOf(event) }, undefined, task), taskSpec(1, 'task.attempt.started', event.seq, { attempt: 1 }, 1, task)];
    }
    case 'TaskRetried':
      return [taskSpec(0, 'task.scheduled', event.seq, {}), taskSpec(1, 'task.attempt.started', event.seq, { attempt: 1 }, 1)];
    case 'TaskCompleted':
      return [taskSpec(0, 'task.completed', event.seq, { result: event.result })];
    case 'TaskFailed':
      return [taskSpec(0, event.error.code === DEAD_LETTERED ? 'task.deadlettered' : 'task.failed', event.seq, { error: event.error })];
    case 'TimerStarted':
      return [spec(0, 'timer.started', { seq: event.seq, fireAt: event.fireAt })];
    case 'TimerFired':
      return [spec(0, 'timer.fired', { seq: event.seq, ...(event.byClient ? { byClient: true as const } : {}) })];
    case 'SignalReceived': {
      const signal = { channel: event.channel, value: event.value };
      return [spec(0, 'signal.sent', signal), spec(1, entry.buffered ? 'signal.buffered' : 'signal.received', signal)];
    }
    case 'ChildWorkflowStarted':
      return [spec(0, 'child.started', {
        seq: event.seq, child: { workflowName: event.workflowName, workflowId: event.workflowId }, method: event.method, args: event.args, tags: event.tags, meta: event.meta,
        ...timeoutOf(event),
      })];
    case 'ChildWorkflowCompleted':
      return [spec(0, 'child.completed', { seq: event.seq, ...child, result: event.result })];
    case 'ChildWorkflowFailed':
      return [spec(0, 'child.failed', { seq: event.seq, ...child, error: event.error, ...(event.timedOut ? { timedOut: true as const } : {}) })];
    case 'WorkflowCompleted':
      return [spec(0, 'workflow.completed', { result: event.result })];
    case 'WorkflowFailed':
      return [spec(0, 'workflow.failed', { error: event.error, ...(event.failedSeq !== undefined ? { failedSeq: event.failedSeq } : {}) })];
    case 'WorkflowCanceled':
      return [spec(0, 'workflow.canceled', { reason: event.reason })];
    case 'WorkflowRetried':
      return [spec(0, 'workflow.retried', {})];
    case 'WorkflowContinuedAsNew':
      return [spec(0, 'workflow.continued', { args: event.args, run: event.run })];
    case 'WorkflowBlocked':
      return [spec(0, 'workflow.blocked', { error: event.error })];
    case 'ReceiveStarted':
      return entry.received ? [spec(0, 'signal.received', { channel: event.channel, value: entry.received.value })] : [];
    case 'MethodStarted':
      return [spec(0, 'method.started', { methodRun: event.methodRun, method: event.method, args: event.args })];
    case 'MethodCompleted':
      return [spec(0, 'method.completed', { methodRun: event.methodRun, result: event.result })];
    case 'MethodFailed':
      return [spec(0, 'method.failed', { methodRun: event.methodRun, error: event.error })];
    case 'MethodCalled':
      return [spec(0, 'method.called', { seq: event.seq, target: { workflowName: event.workflowName, workflowId: event.workflowId }, method: event.method, args: event.args })];
    case 'ReceiveReleased':
      return [spec(0, 'signal.released', { channel: event.channel, seq: event.seq })];
    case 'UpdateAccepted':
      return [spec(0, 'update.accepted', { updateId: event.updateId, name: event.name, value: event.value })];
    case 'UpdateCompleted':
      return [spec(0, 'update.completed', { updateId: event.updateId, ...(event.result !== undefined ? { result: event.result } : {}), ...(event.error ? { error: event.error } : {}) })];
    case 'SignalSent':
      return [spec(0, 'signal.dispatched', { seq: event.seq, to: { workflowName: event.workflowName, workflowId: event.workflowId }, channel: event.channel, value: event.value })];
    case 'WaiterAdded':
    case 'ChildWorkflowRetried':
      return [];
    case 'VersionMarked':
      return [spec(0, 'version.marked', { changeId: event.changeId, version: event.version })];
    case 'SideEffectRecorded':
      return [spec(0, 'effect.recorded', { seq: event.seq, ...(event.value !== undefined ? { value: event.value } : {}), ...(event.error ? { error: event.error } : {}) })];
  }
};

/** A step's end-to-end timeout as its CloudEvent carries it (nothing without one). */
const timeoutOf = (event: { timeoutMs?: number; timeoutAt?: number }): Record<string, number> =>
  event.timeoutMs === undefined || event.timeoutAt === undefined ? {} : { timeoutMs: event.timeoutMs, timeoutAt: event.timeoutAt };
