import { expect } from 'chai';
import { replay } from '../../src/engine/replay';
import { stateViewOf } from '../../src/engine/workflow-state-view';
import { WorkflowStateView } from '../../src/model/workflow-state-view';
import { Workflow } from '../../src/workflow/workflow';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { BankService } from './bank-workflows';

/** Holds fields of every kind next to its stub, and waits on a withdrawal, a timer and a receive. */
class HoldingWorkflow extends Workflow {
  static readonly workflowName = 'TransferWorkflow';
  private readonly bank = this.newService(BankService);
  readonly plain = { nested: [1, 'two', { three: true }], gone: undefined as unknown };
  readonly when = new Date(86_400_000);
  readonly notANumber = Number.NaN;
  readonly lookup = new Map([['a', 1]]);
  readonly callback = () => 1;
  readonly stubs = [this.bank];

  async transfer(): Promise<unknown> {
    const withdrawn = this.bank.withdraw('a', 'bob', 1);
    await this.timer(60_000);
    await this.channel<string>('go').receive();
    return withdrawn;
  }
}

describe('engine/workflow-state-view', () => {
  const history = [
    ...decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []), taskScheduled(1, 'BankService', 'withdraw', ['a', 'bob', 1]), { type: 'TimerStarted', seq: 2, fireAt: 61_000 }),
    ...decision('fired', 61_000, { type: 'TimerFired', seq: 2, byClient: true }, { type: 'ReceiveStarted', seq: 3, channel: 'go' }),
  ];

  it('shows pending steps, counts the completed ones, and keeps only the fields JSON carries', async () => {
    const instance = await replay(HoldingWorkflow, 'w1', history, history.length - 1);
    const view = await stateViewOf(instance);
    expect(WorkflowStateView.is(view)).to.equal(true);
    expect(view).to.include({ status: 'running', method: 'transfer', startedAt: 1_000, completedSteps: 1 });
    expect(view.pending).to.deep.equal({
      tasks: [{ taskId: 'w1:1', seq: 1, service: 'BankService', method: 'withdraw', retry: 0, status: 'running' }],
      timers: [], children: [], receives: [{ seq: 3, channel: 'go' }],
    });
    expect(view.properties).to.deep.equal({
      plain: { nested: [1, 'two', { three: true }] }, when: '1970-01-02T00:00:00.000Z', notANumber: null, stubs: [null],
    });
    // Reading the stubs asked for no step.
    expect(instance.takeCommands()).to.deep.equal([]);
    expect(JSON.parse(JSON.stringify(view))).to.deep.equal(view);
  });

  it('shows a failed task with its attempt and error, and the workflow failure', async () => {
    const error = { name: 'TaskFailedError', message: 'no funds', code: 'TASK_FAILED', data: { attempt: 4 } };
    const failed = [...history, ...decision('f', 70_000, { type: 'TaskFailed', seq: 1, error })];
    const view = await stateViewOf(await replay(HoldingWorkflow, 'w1', failed, failed.length - 1));
    expect(view.pending?.tasks).to.deep.equal([{ taskId: 'w1:1', seq: 1, service: 'BankService', method: 'withdraw', retry: 0, status: 'failed', attempt: 4, error }]);
  });
});
