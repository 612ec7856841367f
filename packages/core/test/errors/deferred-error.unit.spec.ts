import { expect } from 'chai';
import { CadenzaError } from '../../src/errors/cadenza-error';
import { DeferredError } from '../../src/errors/deferred-error';
import { fromErrorData } from '../../src/errors/from-error-data';
import { MethodAbandonedError } from '../../src/errors/method-abandoned-error';
import { MethodFailedError } from '../../src/errors/method-failed-error';
import { TaskAttemptTimedOutError } from '../../src/errors/task-attempt-timed-out-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { TaskTimedOutError } from '../../src/errors/task-timed-out-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { WorkflowTimedOutError } from '../../src/errors/workflow-timed-out-error';
import { toErrorData } from '../../src/model/error-data';

const overTheWire = (error: unknown) => fromErrorData(JSON.parse(JSON.stringify(toErrorData(error))));

describe('errors/deferred-error', () => {
  const attempt = new TaskAttemptTimedOutError('BankService', 'deposit', 'w1:2', 3, 5_000);
  const task = new TaskFailedError('BankService', 'deposit', 3, 'w1:2', attempt, 2);
  const examples: DeferredError[] = [
    task,
    new TaskTimedOutError('BankService', 'deposit', 'w1:2', 30_000, 2),
    new WorkflowTimedOutError('Audit', 'w1.3', 60_000, 3),
    new WorkflowFailedError('BankWorkflow', 'w1', task),
    new WorkflowCanceledError('BankWorkflow', 'w1', 'asked'),
    new MethodFailedError('Account', 'a1', 'deposit', 3, new RangeError('insufficient funds')),
    new MethodAbandonedError('Account', 'a1', 'hold', 'the workflow completed before the method returned'),
  ];

  for (const error of examples) {
    it(`${error.name} is a DeferredError and a CadenzaError, before and after the wire`, () => {
      expect(error).to.be.instanceOf(DeferredError).and.instanceOf(CadenzaError);
      const rebuilt = overTheWire(error);
      expect(rebuilt).to.be.instanceOf(DeferredError).and.instanceOf(error.constructor as never);
      expect((rebuilt as DeferredError).seq).to.equal(error.seq);
    });
  }

  it('carries the step’s seq across the wire, and none when it is not known', () => {
    expect((overTheWire(task) as TaskFailedError).seq).to.equal(2);
    expect(new TaskFailedError('S', 'm', 1, 'w1:1', new Error('x')).seq).to.equal(undefined);
    expect(toErrorData(new TaskFailedError('S', 'm', 1, 'w1:1', new Error('x'))).data).to.not.have.property('seq');
  });

  it('walks the cause chain, nearest first, also after the wire', () => {
    const outer = new WorkflowFailedError('BankWorkflow', 'w1', task);
    expect(outer.causes().map((e) => e.name)).to.deep.equal(['TaskFailedError', 'TaskAttemptTimedOutError']);
    expect((overTheWire(outer) as DeferredError).causes().map((e) => (e as Error & { code?: string }).code)).to.deep.equal(['TASK_FAILED', 'TASK_ATTEMPT_TIMED_OUT']);
    expect(new WorkflowCanceledError('W', 'w1', 'asked').causes()).to.deep.equal([]);
  });

  it('says what timed out and after how long', () => {
    expect(new TaskTimedOutError('S', 'm', 'w1:1', 300, 1).message).to.equal('task S.m (w1:1) timed out after 300 ms, retries included');
    expect(new WorkflowTimedOutError('C', 'w1.2', 300, 2).message).to.equal('child workflow C w1.2 timed out after 300 ms');
    expect(attempt).to.include({ retriable: true, code: 'TASK_ATTEMPT_TIMED_OUT' });
    expect(attempt).to.not.be.instanceOf(DeferredError);
  });
});
