import { expect } from 'chai';
import { foldHistory } from '../../src/engine/evolve';
import { decideRetryTasks, operationIdsOf } from '../../src/engine/retry-tasks';
import type { RecordedEvent } from '../../src/engine/stored-history';
import type { HistoryEvent } from '../../src/model/history-events';
import type { MessageOf } from '../../src/model/messages';
import { Deferred } from '../../src/workflow/deferred';
import { Workflow } from '../../src/workflow/workflow';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { BankService } from './bank-workflows';

const failure = { name: 'TaskFailedError', message: 'x', code: 'TASK_FAILED', data: { attempt: 3 } };
const timedOut = { name: 'TaskTimedOutError', message: 'late', code: 'TASK_TIMED_OUT' };
const at = { causationId: 'retry-tasks-1', at: 5_000 };
const ask = (selector: Partial<MessageOf<'RetryTasks'>> = {}): MessageOf<'RetryTasks'> => ({ kind: 'RetryTasks', workflowName: 'TransferWorkflow', workflowId: 'w1', ...selector });

/** Two withdrawals in parallel, awaited only after a deposit: they can fail while the workflow runs. */
class LaterWorkflow extends Workflow {
  static readonly workflowName = 'TransferWorkflow';
  private readonly bank = this.newService(BankService);
  async transfer(): Promise<unknown> {
    const both = [this.bank.withdraw('a', 'bob', 1) as Deferred<unknown>, this.bank.withdraw('b', 'bob', 1) as Deferred<unknown>];
    await this.bank.deposit('c', 'bob', 1);
    return Deferred.all(...both);
  }
}

/** Catches the failure of its withdrawal and deposits instead. */
class CatchingWorkflow extends Workflow {
  static readonly workflowName = 'TransferWorkflow';
  private readonly bank = this.newService(BankService);
  async transfer(): Promise<unknown> {
    try {
      return await this.bank.withdraw('a', 'bob', 1);
    } catch {
      return this.bank.deposit('a', 'bob', 1);
    }
  }
}

const started = (): RecordedEvent[] => decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []),
  taskScheduled(1, 'BankService', 'withdraw', ['a', 'bob', 1]), taskScheduled(2, 'BankService', 'withdraw', ['b', 'bob', 1]), taskScheduled(3, 'BankService', 'deposit', ['c', 'bob', 1]));
const bothFailed = (): RecordedEvent[] => [...started(), ...decision('f1', 2_000, { type: 'TaskFailed', seq: 1, error: failure }), ...decision('f2', 2_500, { type: 'TaskFailed', seq: 2, error: timedOut })];

describe('engine/retry-tasks', () => {
  it('retries the failed tasks a filter selects, in step order, in their next round, without resuming a running workflow', async () => {
    const history = bothFailed();
    const all = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask());
    expect(all.kind === 'retried' && all.events).to.deep.equal([{ type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'TaskRetried', seq: 2, retry: 1 }] satisfies HistoryEvent[]);
    expect(all.kind === 'retried' && all.taskIds).to.deep.equal(['w1:1', 'w1:2']);
    expect(all.kind === 'retried' && [...all.instance.state.open].sort()).to.deep.equal([1, 2, 3]);
    const timed = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask({ status: 'timed-out' }));
    expect(timed.kind === 'retried' && timed.taskIds).to.deep.equal(['w1:2']);
    const byMethod = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask({ service: 'BankService', method: 'deposit' }));
    expect(byMethod).to.deep.equal({ kind: 'none' });
  });

  it('refuses a task id that runs, completed or does not exist, naming why', async () => {
    const history = [...bothFailed(), ...decision('c3', 3_000, { type: 'TaskCompleted', seq: 3, result: 1 })];
    const reasonOf = async (taskId: string, events = history) => {
      const decided = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', events, events.length - 1, at, ask({ taskId }));
      return decided.kind === 'refused' ? decided.error.reason : decided.kind;
    };
    expect(await reasonOf('w1:3')).to.equal('has completed');
    expect(await reasonOf('w1:3', bothFailed())).to.equal('is running');
    expect(await reasonOf('w1:4')).to.equal('does not exist');
    expect(await reasonOf('w2:1')).to.equal('does not exist');
    expect(await reasonOf('w1:01')).to.equal('does not exist');
    expect(await reasonOf('w1:1')).to.equal('retried');
  });

  it('resumes a failed workflow only when the task that failed it is retried', async () => {
    const history = [...bothFailed(), ...decision('c3', 3_000, { type: 'TaskCompleted', seq: 3, result: 1 }, { type: 'WorkflowFailed', error: failure, failedSeq: 1 })];
    const other = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask({ taskId: 'w1:2' }));
    expect(other.kind === 'retried' && other.events).to.deep.equal([{ type: 'TaskRetried', seq: 2, retry: 1 }]);
    expect(other.kind === 'retried' && other.instance.status).to.equal('failed');
    const failing = await decideRetryTasks(LaterWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask({ taskId: 'w1:1' }));
    expect(failing.kind === 'retried' && failing.events).to.deep.equal([{ type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'WorkflowRetried' }]);
    // The code replays past the retried failure and fails at once on the other one, still recorded.
    expect(failing.kind === 'retried' && failing.instance.code).to.include({ done: true, ok: false });
  });

  it('refuses a failure the code caught and went on from, and leaves it out of a filter', async () => {
    const history = [
      ...decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []), taskScheduled(1, 'BankService', 'withdraw', ['a', 'bob', 1])),
      ...decision('f1', 2_000, { type: 'TaskFailed', seq: 1, error: failure }, taskScheduled(2, 'BankService', 'deposit', ['a', 'bob', 1])),
    ];
    const named = await decideRetryTasks(CatchingWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask({ taskId: 'w1:1' }));
    expect(named.kind === 'refused' && named.error.message).to.contain('already handled');
    expect(await decideRetryTasks(CatchingWorkflow, 'TransferWorkflow', 'w1', history, history.length - 1, at, ask())).to.deep.equal({ kind: 'none' });
  });

  it('folds failures: a failed task is one until it is retried or completes', () => {
    const history = bothFailed();
    expect([...(foldHistory('w1', history, 4).failures ?? new Map()).keys()]).to.deep.equal([1, 2]);
    const retried = [...history, ...decision('r', 3_000, { type: 'TaskRetried', seq: 1, retry: 1 })];
    expect([...(foldHistory('w1', retried, 5).failures ?? new Map()).keys()]).to.deep.equal([2]);
    expect(foldHistory('w1', history, 4).startedAt).to.equal(1_000);
  });

  it('answers a copy of an applied request with the ids its events name', () => {
    expect(operationIdsOf('w1', [{ type: 'TaskRetried', seq: 2, retry: 1 }, { type: 'WorkflowRetried' }, { type: 'TimerFired', seq: 4, byClient: true }, { type: 'TimerFired', seq: 5 }]))
      .to.deep.equal(['w1:2', 'w1:timer:4']);
  });
});
