import { expect } from 'chai';
import { inboundEvents } from '../../src/engine/inbound-events';
import { rebuildState } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { fromErrorData } from '../../src/errors/from-error-data';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import type { Envelope } from '../../src/model/envelope';
import type { WorkflowMessage } from '../../src/model/messages';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const ref = { workflowName: 'TransferWorkflow', workflowId: 'w1' };
const running = (): RecordedEvent[] => decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []),
  taskScheduled(1, 'BankService', 'withdraw', ['alice', 'bob', 100]), { type: 'TimerStarted', seq: 2, fireAt: 5_000 });
const failed = (): RecordedEvent[] => [...running(), ...decision('f', 2_000,
  { type: 'TaskFailed', seq: 1, error: { name: 'TaskFailedError', message: 'x', code: 'TASK_FAILED' } },
  { type: 'WorkflowFailed', error: { name: 'TaskFailedError', message: 'x', code: 'TASK_FAILED' }, failedSeq: 1 })];

const inbound = async (history: RecordedEvent[], message: WorkflowMessage) => {
  const instance = await rebuildState(TransferWorkflow, 'w1', history, history.length - 1);
  instance.time = 7_000;
  const envelope: Envelope = { v: 1, id: 'msg-1', at: 6_000, message };
  return inboundEvents(instance, envelope, message);
};

describe('engine/inbound-events', () => {
  it('records the outcome of an open step, and nothing for a step that is not open', async () => {
    const done = { kind: 'TaskCompleted', ...ref, seq: 1, taskId: 'w1:1', result: 900, attempt: 1 } as const;
    expect(await inbound(running(), done)).to.deep.equal({ events: [{ type: 'TaskCompleted', seq: 1, result: 900 }], replies: [] });
    expect((await inbound(running(), { ...done, seq: 9 })).events).to.deep.equal([]);
    const completedHistory = [...running(), ...decision('c', 2_000, { type: 'TaskCompleted', seq: 1, result: 900 })];
    expect((await inbound(completedHistory, done)).events).to.deep.equal([]);
    expect((await inbound(running(), { kind: 'TimerFired', ...ref, seq: 2 })).events).to.deep.equal([{ type: 'TimerFired', seq: 2 }]);
  });

  it('records an outcome only for a step of its kind: a timer firing on a task step, or a child reply to a timer, is ignored', async () => {
    expect((await inbound(running(), { kind: 'TimerFired', ...ref, seq: 1 })).events).to.deep.equal([]);
    expect((await inbound(running(), { kind: 'ChildWorkflowCompleted', ...ref, seq: 2, result: 1 })).events).to.deep.equal([]);
    expect((await inbound(running(), { kind: 'ChildWorkflowFailed', ...ref, seq: 1, error: { name: 'Error', message: 'x' } })).events).to.deep.equal([]);
  });

  it('wraps a task failure in a TaskFailedError naming service, method, attempt and task id', async () => {
    const { events } = await inbound(running(), { kind: 'TaskFailed', ...ref, seq: 1, taskId: 'w1:1', attempt: 12, error: { name: 'Error', message: 'bank down' } });
    expect(events).to.have.length(1);
    const event = events[0] as { type: string; error: Parameters<typeof fromErrorData>[0] };
    expect(event.type).to.equal('TaskFailed');
    const error = fromErrorData(event.error);
    expect(error).to.be.instanceOf(TaskFailedError).and.include({ service: 'BankService', method: 'withdraw', attempt: 12, taskId: 'w1:1' });
    expect(error.message).to.equal('task BankService.withdraw (w1:1) failed at attempt 12: bank down');
  });

  it('ignores an outcome of a task round that retry replaced, and takes the current round\'s (or one without a round)', async () => {
    const retried = [...failed(), ...decision('retry', 3_000, { type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'WorkflowRetried' })];
    const lateFailure = { kind: 'TaskFailed', ...ref, seq: 1, taskId: 'w1:1', attempt: 3, retry: 0, error: { name: 'DeadLetteredError', message: 'old round' } } as const;
    expect(await inbound(retried, lateFailure)).to.deep.equal({ events: [], replies: [] });
    const lateResult = { kind: 'TaskCompleted', ...ref, seq: 1, taskId: 'w1:1', result: 1, attempt: 2, retry: 0 } as const;
    expect(await inbound(retried, lateResult)).to.deep.equal({ events: [], replies: [] });
    expect((await inbound(retried, { ...lateFailure, retry: 1 })).events.map((e) => e.type)).to.deep.equal(['TaskFailed']);
    expect((await inbound(retried, { ...lateResult, retry: 1 })).events).to.deep.equal([{ type: 'TaskCompleted', seq: 1, result: 1 }]);
    const { retry: _round, ...unstamped } = lateResult;
    expect((await inbound(retried, unstamped)).events).to.deep.equal([{ type: 'TaskCompleted', seq: 1, result: 1 }]);
  });

  it('adds a waiter to a running instance, and answers at once for a failed one', async () => {
    expect((await inbound(running(), { kind: 'WaitWorkflow', ...ref, replyTo: 'c1' })).events).to.deep.equal([{ type: 'WaiterAdded', replyTo: 'c1', requestId: 'msg-1' }]);
    const { events, replies } = await inbound(failed(), { kind: 'WaitWorkflow', ...ref, replyTo: 'c1' });
    expect(events).to.deep.equal([]);
    expect(replies.map((r) => [r.topic, r.envelope.id, (r.envelope.message as { outcome: { status: string } }).outcome.status])).to.deep.equal([['c1', 'w1:reply:msg-1', 'failed']]);
  });

  it('records a signal and a cancellation', async () => {
    expect((await inbound(running(), { kind: 'SendSignal', ...ref, channel: 'approvals', value: { ok: true } })).events).to.deep.equal([{ type: 'SignalReceived', channel: 'approvals', value: { ok: true } }]);
    const { events, replies } = await inbound(running(), { kind: 'CancelWorkflow', ...ref, reason: 'user asked', replyTo: 'c1' });
    expect(events).to.deep.equal([{ type: 'WorkflowCanceled', reason: 'user asked' }]);
    expect(replies).to.have.length(1);
  });
});
