import type { Envelope } from '../../src/model/envelope';
import type { HistoryEvent } from '../../src/model/history-events';
import type { MessageOf, WorkflowEventEntry } from '../../src/model/messages';

export const RUN = '7f3c2a10-0000-5000-8000-000000000001';
const error = { name: 'Error', message: 'bank down', code: 'X', retriable: true };
const deadLettered = { name: 'DeadLetteredError', message: 'dead-lettered', code: 'DEAD_LETTERED', retriable: false };
const task = { service: 'BankService', method: 'deposit', retry: 0 };
const child = { workflowName: 'Payout', workflowId: 'w1.5' };

/** One entry for every history event type, with what an engine adds to each. */
export const everyEntry: WorkflowEventEntry[] = ([
  [{ type: 'WorkflowStarted', workflowName: 'BankWorkflow', method: 'wire', args: ['a', 1], tags: ['t'], meta: { m: 'v' } }],
  [{ type: 'WaiterAdded', replyTo: 'ns.client.c1', requestId: 'r1' }],
  [{ type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'deposit', args: ['a'] }],
  [{ type: 'TaskCompleted', seq: 1, result: 3 }, { task }],
  [{ type: 'TaskScheduled', seq: 2, service: 'BankService', method: 'deposit', args: ['b'] }],
  [{ type: 'TaskFailed', seq: 2, error }, { task }],
  [{ type: 'WorkflowFailed', error, failedSeq: 2 }],
  [{ type: 'TaskRetried', seq: 2, retry: 1 }, { task: { ...task, retry: 1 } }],
  [{ type: 'WorkflowRetried' }],
  [{ type: 'TaskFailed', seq: 2, error: deadLettered }, { task: { ...task, retry: 1 } }],
  [{ type: 'TimerStarted', seq: 3, fireAt: 9_000 }],
  [{ type: 'TimerFired', seq: 3 }],
  [{ type: 'TimerFired', seq: 8, byClient: true }],
  [{ type: 'ReceiveStarted', seq: 4, channel: 'go' }],
  [{ type: 'SignalReceived', channel: 'go', value: { ok: true } }, { buffered: false }],
  [{ type: 'SignalReceived', channel: 'go', value: 2 }, { buffered: true }],
  [{ type: 'ReceiveStarted', seq: 6, channel: 'go' }, { received: { value: 2 } }],
  [{ type: 'ChildWorkflowStarted', seq: 5, workflowName: 'Payout', workflowId: 'w1.5', method: 'pay', args: [1], tags: [], meta: {} }],
  [{ type: 'ChildWorkflowFailed', seq: 5, error }, { child }],
  [{ type: 'ChildWorkflowRetried', seq: 5 }, { child }],
  [{ type: 'ChildWorkflowCompleted', seq: 5, result: 'paid' }, { child }],
  [{ type: 'WorkflowBlocked', error }],
  [{ type: 'MethodStarted', methodRun: 1, method: 'deposit', args: [5], requestId: 'r2', replyTo: 'ns.client.c1' }],
  [{ type: 'MethodFailed', methodRun: 1, error }],
  [{ type: 'MethodStarted', methodRun: 2, method: 'deposit', args: [6], requestId: 'r3' }],
  [{ type: 'MethodCompleted', methodRun: 2, result: 11 }],
  [{ type: 'MethodCalled', seq: 7, workflowName: 'Account', workflowId: 'a2', method: 'deposit', args: [1] }],
  [{ type: 'WorkflowCompleted', result: 'done' }],
  [{ type: 'WorkflowCanceled', reason: 'user' }],
  [{ type: 'SideEffectRecorded', seq: 7, value: { quote: 'q-1' } }],
  [{ type: 'SideEffectRecorded', seq: 8, error }],
  [{ type: 'SideEffectRecorded', seq: 9 }],
  [{ type: 'ReceiveReleased', seq: 6, channel: 'go' }],
  [{ type: 'SignalSent', seq: 7, workflowName: 'Payout', workflowId: 'p1', channel: 'go', value: 1 }],
  [{ type: 'UpdateAccepted', updateId: 'u1', name: 'setLimit', value: 3, replyTo: 'ns.client.c1' }],
  [{ type: 'UpdateCompleted', updateId: 'u1', replyTo: 'ns.client.c1', result: { limit: 3 } }],
  [{ type: 'VersionMarked', changeId: 'new-fee', version: 2 }],
  [{ type: 'WorkflowContinuedAsNew', args: ['a', 2], run: 1 }],
] as Array<[HistoryEvent, Partial<WorkflowEventEntry>?]>).map(([event, extra], index) => ({ index, event, ...extra }));

export const workflowEvents = (entries: WorkflowEventEntry[], run = RUN, at = 1_000): Envelope => ({
  v: 1, id: `w1:events:${run}:${entries[0]?.index ?? 0}`, at, causationId: 'msg-1',
  message: { kind: 'WorkflowEvents', workflowName: 'BankWorkflow', workflowId: 'w1', run, at, events: entries },
});

export const attemptFailed = (extra: Partial<MessageOf<'TaskAttemptFailed'>> = {}): Envelope => ({
  v: 1, id: 'w1:2:r0#1:attempt-failed', at: 2_000, causationId: 'w1:2:r0#1',
  message: {
    kind: 'TaskAttemptFailed', workflowName: 'BankWorkflow', workflowId: 'w1', taskId: 'w1:2', service: 'BankService', method: 'deposit',
    seq: 2, attempt: 1, retry: 0, error, run: RUN, ...extra,
  },
});
