import { expect } from 'chai';
import { runWithTaskContext, type TaskContext, taskContext } from '../../src/service/task-context';

const context = (taskId: string): TaskContext => ({
  taskId, attempt: 2, service: 'BankService', method: 'deposit', workflowName: 'BankWorkflow', workflowId: 'w1', tags: [], meta: {},
  lastError: { name: 'Error', message: 'boom' },
});

describe('service/task-context', () => {
  it('throws outside a service method', () => {
    expect(() => taskContext()).to.throw(Error, /only available inside a service method/);
  });

  it('is the running task’s context, across awaits, and concurrent tasks keep their own', async () => {
    const read = async (taskId: string) =>
      runWithTaskContext(context(taskId), async () => {
        const before = taskContext().taskId;
        await new Promise<void>((resolve) => setImmediate(resolve));
        return [before, taskContext().taskId, taskContext().attempt];
      });
    expect(await Promise.all([read('w1:1'), read('w1:2')])).to.deep.equal([['w1:1', 'w1:1', 2], ['w1:2', 'w1:2', 2]]);
    expect(() => taskContext()).to.throw(Error);
  });
});
