import { expect } from 'chai';
import { foldHistory } from '../../src/engine/evolve';
import { outgoingFor } from '../../src/engine/outgoing-messages';
import { rebuildState } from '../../src/engine/replay';
import { stillPending } from '../../src/engine/still-pending';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { isChildTimeout, timeoutEvents } from '../../src/engine/timeout-events';
import { fromErrorData } from '../../src/errors/from-error-data';
import { TaskTimedOutError } from '../../src/errors/task-timed-out-error';
import { WorkflowTimedOutError } from '../../src/errors/workflow-timed-out-error';
import type { HistoryEvent } from '../../src/model/history-events';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { decision } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const names = createNames('ns');
const started: HistoryEvent = { type: 'WorkflowStarted', workflowName: 'TransferWorkflow', method: 'transfer', args: [], tags: [], meta: {} };
const timedTask: HistoryEvent = { type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'deposit', args: [], timeoutMs: 500, timeoutAt: 1_500 };
const timedChild: HistoryEvent = { type: 'ChildWorkflowStarted', seq: 2, workflowName: 'Payout', workflowId: 'w1.2', method: 'pay', args: [], tags: [], meta: {}, timeoutMs: 800, timeoutAt: 1_800 };
const history = (...more: RecordedEvent[]) => [...decision('run', 1_000, started, timedTask, timedChild), ...more];
const fired = (seq: number, retry?: number): MessageOf<'TimeoutFired'> =>
  ({ kind: 'TimeoutFired', workflowName: 'TransferWorkflow', workflowId: 'w1', seq, ...(retry !== undefined ? { retry } : {}) });

describe('engine/timeout-events', () => {
  it('keeps a task’s timeout in the state, and gives a round started by retry the whole timeout from the retry', () => {
    const retried = history(...decision('fail', 1_600, { type: 'TaskFailed', seq: 1, error: { name: 'Error', message: 'x' } }), ...decision('retry', 7_000, { type: 'TaskRetried', seq: 1, retry: 1 }));
    expect(foldHistory('w1', history(), 2).tasks.get(1)).to.include({ timeoutMs: 500, timeoutAt: 1_500 });
    expect(foldHistory('w1', retried, 4).tasks.get(1)).to.include({ retry: 1, timeoutMs: 500, timeoutAt: 7_500 });
  });

  it('fails an open task that timed out with TaskTimedOutError, recorded as its TaskFailed', () => {
    const [event] = timeoutEvents(foldHistory('w1', history(), 2), fired(1));
    expect(event).to.deep.include({ type: 'TaskFailed', seq: 1 });
    const error = fromErrorData((event as Extract<HistoryEvent, { type: 'TaskFailed' }>).error);
    expect(error).to.be.instanceOf(TaskTimedOutError).and.include({ service: 'BankService', method: 'deposit', taskId: 'w1:1', timeoutMs: 500, seq: 1 });
  });

  it('fails an open child that timed out with WorkflowTimedOutError, recorded as its ChildWorkflowFailed', () => {
    const [event] = timeoutEvents(foldHistory('w1', history(), 2), fired(2));
    expect(event).to.deep.include({ type: 'ChildWorkflowFailed', seq: 2 });
    const error = fromErrorData((event as Extract<HistoryEvent, { type: 'ChildWorkflowFailed' }>).error);
    expect(error).to.be.instanceOf(WorkflowTimedOutError).and.include({ workflowName: 'Payout', workflowId: 'w1.2', timeoutMs: 800, seq: 2 });
  });

  it('leads to nothing for a step that answered first, a round retry replaced, or a step without a timeout', () => {
    const answered = history(...decision('done', 1_200, { type: 'TaskCompleted', seq: 1, result: 'ok' }));
    expect(timeoutEvents(foldHistory('w1', answered, 3), fired(1))).to.deep.equal([]);
    const retried = history(...decision('fail', 1_600, { type: 'TaskFailed', seq: 1, error: { name: 'Error', message: 'x' } }), ...decision('retry', 7_000, { type: 'TaskRetried', seq: 1, retry: 1 }));
    expect(timeoutEvents(foldHistory('w1', retried, 4), fired(1, 0))).to.deep.equal([]);
    expect(timeoutEvents(foldHistory('w1', retried, 4), fired(1, 1))).to.have.length(1);
    const plain = decision('run', 1_000, started, { type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'deposit', args: [] });
    expect(timeoutEvents(foldHistory('w1', plain, 1), fired(1))).to.deep.equal([]);
    expect(timeoutEvents(foldHistory('w1', plain, 1), fired(9))).to.deep.equal([]);
  });

  it('arms the timeout with the step: ExecuteTask carries the deadline, TimeoutFired is delivered at it', async () => {
    const instance = await rebuildState(TransferWorkflow, 'w1', history(), 2);
    const out = outgoingFor(instance, [timedTask, timedChild], 'run', 1_000, names, { stampRun: false });
    expect(out.map((o) => [o.topic, o.envelope.id, o.envelope.message.kind, o.deliverAt])).to.deep.equal([
      ['ns.service.BankService', 'w1:1:r0#1', 'ExecuteTask', undefined],
      ['ns.workflow.TransferWorkflow', `w1:timeout:1@${instance.run}`, 'TimeoutFired', 1_500],
      ['ns.workflow.Payout', 'w1:child:2', 'RunWorkflow', undefined],
      ['ns.workflow.TransferWorkflow', `w1:timeout:2@${instance.run}`, 'TimeoutFired', 1_800],
    ]);
    expect(out[0]!.envelope.message).to.include({ timeoutAt: 1_500 });
    expect(out[1]!.envelope.message).to.deep.equal({ kind: 'TimeoutFired', workflowName: 'TransferWorkflow', workflowId: 'w1', seq: 1, retry: 0 });
  });

  it('arms a new timeout, with its round in the id, for a task that retry runs again', async () => {
    const retried = history(...decision('fail', 1_600, { type: 'TaskFailed', seq: 1, error: { name: 'Error', message: 'x' } }), ...decision('retry', 7_000, { type: 'TaskRetried', seq: 1, retry: 1 }));
    const instance = await rebuildState(TransferWorkflow, 'w1', retried, 4);
    const out = outgoingFor(instance, [{ type: 'TaskRetried', seq: 1, retry: 1 }], 'retry', 7_000, names);
    expect(out.map((o) => [o.envelope.id, o.deliverAt])).to.deep.equal([['w1:1:r1#1', undefined], [`w1:timeout:1:r1@${instance.run}`, 7_500]]);
  });

  it('gives a child that retry runs again a new round: the whole timeout from the retry, armed with its round in the id', async () => {
    const childRetried = history(
      ...decision('fail', 1_300, { type: 'ChildWorkflowFailed', seq: 2, error: { name: 'Error', message: 'x' } }),
      ...decision('retry', 7_000, { type: 'ChildWorkflowRetried', seq: 2 }),
    );
    const state = foldHistory('w1', childRetried, 4);
    expect(state.children.get(2)).to.include({ retry: 1, timeoutMs: 800, timeoutAt: 7_800 });
    // The start event in history is not changed by the fold.
    expect(timedChild).to.include({ timeoutAt: 1_800 });
    expect(timeoutEvents(state, fired(2))).to.deep.equal([]);
    expect(timeoutEvents(state, fired(2, 0))).to.deep.equal([]);
    expect(timeoutEvents(state, fired(2, 1))).to.have.length(1);
    const instance = await rebuildState(TransferWorkflow, 'w1', childRetried, 4);
    const out = outgoingFor(instance, [{ type: 'ChildWorkflowRetried', seq: 2 }], 'retry', 7_000, names);
    expect(out.map((o) => [o.envelope.message.kind, o.envelope.id, o.deliverAt])).to.deep.equal([
      ['RetryWorkflow', 'w1:retry-child:2:retry', undefined],
      ['TimeoutFired', `w1:timeout:2:r1@${instance.run}`, 7_800],
    ]);
    expect(out[1]!.envelope.message).to.deep.include({ seq: 2, retry: 1, run: instance.run });
  });

  it('marks a child\'s own timeout on its ChildWorkflowFailed, not by the error code a child\'s failure may share', () => {
    const [own] = timeoutEvents(foldHistory('w1', history(), 2), fired(2));
    expect(own).to.deep.include({ type: 'ChildWorkflowFailed', seq: 2, timedOut: true });
    expect(isChildTimeout(own!)).to.equal(true);
    const passedOn: HistoryEvent = { type: 'ChildWorkflowFailed', seq: 2, error: { ...(own as Extract<HistoryEvent, { type: 'ChildWorkflowFailed' }>).error } };
    expect(isChildTimeout(passedOn)).to.equal(false);
  });

  it('puts the run in the timeout\'s id and message, and a timeout of another run leads to nothing', async () => {
    const instance = await rebuildState(TransferWorkflow, 'w1', history(), 2);
    const [, timeout] = outgoingFor(instance, [timedTask], 'run', 1_000, names);
    expect(timeout!.envelope.id).to.equal(`w1:timeout:1@${instance.run}`);
    expect(timeout!.envelope.message).to.include({ kind: 'TimeoutFired', seq: 1, run: instance.run });
    const state = foldHistory('w1', history(), 2);
    expect(timeoutEvents(state, { ...fired(1), run: 'an earlier run' }, instance.run)).to.deep.equal([]);
    expect(timeoutEvents(state, { ...fired(1), run: instance.run }, instance.run)).to.have.length(1);
  });

  it('cancels a child that timed out, again when the timeout is redelivered', async () => {
    const [failure] = timeoutEvents(foldHistory('w1', history(), 2), fired(2));
    const instance = await rebuildState(TransferWorkflow, 'w1', history(...decision('w1:timeout:2', 1_800, failure!)), 3);
    const out = outgoingFor(instance, [failure!], 'w1:timeout:2', 1_800, names);
    expect(out.map((o) => [o.topic, o.envelope.id, o.envelope.message.kind, o.key])).to.deep.equal([['ns.workflow.Payout', 'w1:cancel-child:2', 'CancelWorkflow', 'w1.2']]);
    expect((out[0]!.envelope.message as MessageOf<'CancelWorkflow'>).reason).to.contain('stopped waiting').and.contain('timed out after 800 ms');
    expect(stillPending(instance, [failure!])).to.deep.equal([failure]);
  });
});
