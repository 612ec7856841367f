import { expect } from 'chai';
import { TaskAttemptTimedOutError } from '../../src/errors/task-attempt-timed-out-error';
import { AttemptContext } from '../../src/service/attempt-context';
import { AttemptSignal } from '../../src/service/attempt-timeout';

const contextOf = (signal: AttemptSignal, lastError?: { name: string; message: string }): AttemptContext =>
  new AttemptContext('w1:1', 2, 'Bank', 'deposit', 'BankWorkflow', 'w1', ['vip'], { user: 'bob' }, lastError, 1_000, signal);

describe('service/attempt-context', () => {
  it('has the task’s data as its own properties, lastError only when there is one, and no signal among them', () => {
    const { ...withError } = contextOf(new AttemptSignal(), { name: 'Error', message: 'earlier' });
    expect(withError).to.deep.equal({
      taskId: 'w1:1', attempt: 2, service: 'Bank', method: 'deposit', workflowName: 'BankWorkflow', workflowId: 'w1',
      tags: ['vip'], meta: { user: 'bob' }, lastError: { name: 'Error', message: 'earlier' }, deadline: 1_000,
    });
    expect(Object.keys(contextOf(new AttemptSignal()))).to.not.include('lastError');
  });

  it('reads its signal from the attempt’s, aborted when the attempt times out', () => {
    const signal = new AttemptSignal();
    const context = contextOf(signal);
    expect(context.signal.aborted).to.equal(false);
    const reason = new TaskAttemptTimedOutError('Bank', 'deposit', 'w1:1', 2, 1_000);
    signal.abort(reason);
    expect(context.signal.aborted).to.equal(true);
    expect(context.signal.reason).to.equal(reason);
  });
});
