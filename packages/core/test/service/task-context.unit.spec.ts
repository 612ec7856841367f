import { expect } from 'chai';
import { runWithTaskContext, type TaskContext, taskContext } from '../../src/service/task-context';

const context = (taskId: string): TaskContext => ({
  taskId, attempt: 2, service: 'BankService', method: 'deposit', workflowName: 'BankWorkflow', workflowId: 'w1', tags: [], meta: {},
  lastError: { name: 'Error', message: 'boom' }, deadline: Infinity, signal: new AbortController().signal,
});

describe('service/task-context', () => {
  it('throws outside a service method', () => {
    expect(() => taskContext()).to.throw(Error, /only available in the synchronous part of a service method/);
  });

  it('is the running task’s context in the synchronous part, and concurrent tasks keep their own', async () => {
    const read = async (taskId: string) =>
      runWithTaskContext(context(taskId), async () => {
        const { taskId: seen, attempt } = taskContext();
        await new Promise<void>((resolve) => setImmediate(resolve));
        return [seen, attempt];
      });
    expect(await Promise.all([read('w1:1'), read('w1:2')])).to.deep.equal([['w1:1', 2], ['w1:2', 2]]);
  });

  it('throws after an await rather than hand out another task’s context', async () => {
    let afterAwait: unknown;
    const other = runWithTaskContext(context('other'), async () => undefined);
    await runWithTaskContext(context('mine'), async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        taskContext();
      } catch (error) {
        afterAwait = error;
      }
    });
    await other;
    expect(afterAwait).to.be.instanceOf(Error).with.property('message').that.contains('before the first await');
  });

  it('restores the outer context after a nested run', () => {
    const seen = runWithTaskContext(context('outer'), () => {
      runWithTaskContext(context('inner'), () => taskContext().taskId);
      return taskContext().taskId;
    });
    expect(seen).to.equal('outer');
  });
});
