import { expect } from 'chai';
import { rebuildState } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { stillPending } from '../../src/engine/still-pending';
import type { HistoryEvent } from '../../src/model/history-events';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const task = taskScheduled(1, 'BankService', 'withdraw', ['w1', 'bob', 5]);
const timer: HistoryEvent = { type: 'TimerStarted', seq: 2, fireAt: 9_000 };
const child: HistoryEvent = { type: 'ChildWorkflowStarted', seq: 3, workflowName: 'Payout', workflowId: 'w1.3', method: 'pay', args: [], tags: [], meta: {} };
const failure = { name: 'Error', message: 'down' };
const started = decision('run', 1, workflowStarted('TransferWorkflow', 'transfer', ['a', 'b', 5]), task, timer, child);

const pendingAfter = async (history: RecordedEvent[], events: HistoryEvent[]) =>
  stillPending(await rebuildState(TransferWorkflow, 'w1', history, history.length - 1), events).map((e) => e.type);

describe('engine/still-pending', () => {
  it('keeps a task, a timer and a child whose outcome is not recorded yet', async () => {
    expect(await pendingAfter(started, [task, timer, child])).to.deep.equal(['TaskScheduled', 'TimerStarted', 'ChildWorkflowStarted']);
  });

  it('drops a task that completed, a timer that fired and a child that ended', async () => {
    const history = [...started, ...decision('m1', 2, { type: 'TaskCompleted', seq: 1, result: 1 }),
      ...decision('m2', 3, { type: 'TimerFired', seq: 2 }), ...decision('m3', 4, { type: 'ChildWorkflowFailed', seq: 3, error: failure })];
    expect(await pendingAfter(history, [task, timer, child])).to.deep.equal([]);
  });

  it('after a retry, keeps only the latest round of a task and drops the failure the retry took back', async () => {
    const failed: HistoryEvent = { type: 'WorkflowFailed', error: failure, failedSeq: 1 };
    const retried: HistoryEvent = { type: 'TaskRetried', seq: 1, retry: 1 };
    const history = [...started, ...decision('m1', 2, { type: 'TaskFailed', seq: 1, error: failure }, failed),
      ...decision('retry', 3, retried, { type: 'WorkflowRetried' })];
    expect(await pendingAfter(history, [task, failed, retried])).to.deep.equal(['TaskRetried']);
  });
});
