import { expect } from 'chai';
import { decideRetry } from '../../src/engine/retry-decision';
import type { RecordedEvent } from '../../src/engine/stored-history';
import type { HistoryEvent } from '../../src/model/history-events';
import { Deferred } from '../../src/workflow/deferred';
import { Workflow } from '../../src/workflow/workflow';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { BankService, TransferWorkflow } from './bank-workflows';

const error = { name: 'TaskFailedError', message: 'x', code: 'TASK_FAILED' };
const running = (): RecordedEvent[] => decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', ['alice', 'bob', 100]),
  taskScheduled(1, 'BankService', 'withdraw', ['alice', 'bob', 100]));
const failed = (): RecordedEvent[] => [...running(), ...decision('f', 2_000, { type: 'TaskFailed', seq: 1, error }, { type: 'WorkflowFailed', error, failedSeq: 1 })];
const retry = { causationId: 'retry-1', at: 3_000 };

/** Two withdrawals in parallel: both may fail. */
class BothWorkflow extends Workflow {
  static readonly workflowName = 'TransferWorkflow';
  private readonly bank = this.newService(BankService);
  async transfer(): Promise<unknown> {
    return Deferred.all(this.bank.withdraw('a', 'bob', 1) as Deferred<unknown>, this.bank.withdraw('b', 'bob', 1) as Deferred<unknown>);
  }
}

describe('engine/retry-decision', () => {
  it('retries a failed instance from its failed task, in the next retry round', async () => {
    const first = await decideRetry(TransferWorkflow, 'w1', failed(), 4, retry);
    expect(first.kind === 'retried' && first.events).to.deep.equal([{ type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'WorkflowRetried' }]);
    const again = [...failed(), ...decision('r1', 3_000, { type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'WorkflowRetried' }),
      ...decision('f2', 4_000, { type: 'TaskFailed', seq: 1, error }, { type: 'WorkflowFailed', error, failedSeq: 1 })];
    const second = await decideRetry(TransferWorkflow, 'w1', again, again.length - 1, retry);
    expect(second.kind === 'retried' && second.events[0]).to.deep.equal({ type: 'TaskRetried', seq: 1, retry: 2 });
  });

  it('refuses to retry a running instance', async () => {
    expect(await decideRetry(TransferWorkflow, 'w1', running(), 1, retry)).to.deep.equal({ kind: 'refused', status: 'running' });
  });

  it('retries, in one decision, every task whose failure made the workflow fail', async () => {
    const history = [
      ...decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []), taskScheduled(1, 'BankService', 'withdraw', ['a', 'bob', 1]), taskScheduled(2, 'BankService', 'withdraw', ['b', 'bob', 1])),
      ...decision('f1', 2_000, { type: 'TaskFailed', seq: 1, error }, { type: 'WorkflowFailed', error, failedSeq: 1 }),
      ...decision('f2', 2_500, { type: 'TaskFailed', seq: 2, error }),
    ];
    const decided = await decideRetry(BothWorkflow, 'w1', history, history.length - 1, retry);
    expect(decided.kind === 'retried' && decided.events).to.deep.equal([
      { type: 'TaskRetried', seq: 1, retry: 1 }, { type: 'TaskRetried', seq: 2, retry: 1 }, { type: 'WorkflowRetried' },
    ] satisfies HistoryEvent[]);
    expect(decided.kind === 'retried' && decided.instance.status).to.equal('running');
  });
});
