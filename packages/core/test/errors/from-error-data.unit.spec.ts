import { expect } from 'chai';
import { fromErrorData, RemoteError } from '../../src/errors/from-error-data';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { type ErrorData, toErrorData } from '../../src/model/error-data';

/** An error as it arrives from the wire: through toErrorData and JSON. */
const overTheWire = (error: unknown): ErrorData => JSON.parse(JSON.stringify(toErrorData(error))) as ErrorData;

describe('errors/from-error-data', () => {
  it('rebuilds a TaskFailedError with its service, method, attempt, task id, message, stack and cause', () => {
    const original = new TaskFailedError('BankService', 'deposit', 3, 'w1:2', new RangeError('insufficient funds'));
    const rebuilt = fromErrorData(overTheWire(original));
    expect(rebuilt).to.be.instanceOf(TaskFailedError);
    const task = rebuilt as TaskFailedError;
    expect([task.service, task.method, task.attempt, task.taskId]).to.deep.equal(['BankService', 'deposit', 3, 'w1:2']);
    expect(task.code).to.equal('TASK_FAILED');
    expect(task.message).to.equal(original.message);
    expect(task.stack).to.equal(original.stack);
    expect(task.cause).to.be.instanceOf(RemoteError);
    expect(task.cause).to.include({ name: 'RangeError', message: 'insufficient funds' });
  });

  // A cause is cut at three levels by toErrorData, and senders other than Cadenza may leave it out.
  it('keeps the message of a TaskFailedError or WorkflowFailedError whose data carries no cause', () => {
    const data: ErrorData = {
      name: 'TaskFailedError', message: 'task BankService.deposit (w1:2) failed at attempt 3: insufficient funds', code: 'TASK_FAILED', retriable: false,
      data: { service: 'BankService', method: 'deposit', attempt: 3, taskId: 'w1:2' },
    };
    const rebuilt = fromErrorData(data);
    expect(rebuilt).to.be.instanceOf(TaskFailedError);
    expect(rebuilt.message).to.equal(data.message);
    const workflow: ErrorData = { name: 'WorkflowFailedError', message: 'workflow BankWorkflow w1 failed: boom', code: 'WORKFLOW_FAILED', data: { workflowName: 'BankWorkflow', workflowId: 'w1' } };
    expect(fromErrorData(workflow).message).to.equal(workflow.message);
  });

  it('rebuilds a WorkflowFailedError with its cause chain, typed where the data says', () => {
    const original = new WorkflowFailedError('BankWorkflow', 'w1', new TaskFailedError('BankService', 'withdraw', 12, 'w1:1', new Error('boom')));
    const rebuilt = fromErrorData(overTheWire(original));
    expect(rebuilt).to.be.instanceOf(WorkflowFailedError);
    expect(rebuilt).to.include({ workflowName: 'BankWorkflow', workflowId: 'w1', message: original.message });
    expect(rebuilt.cause).to.be.instanceOf(TaskFailedError);
    expect((rebuilt.cause as TaskFailedError).cause).to.include({ message: 'boom' });
  });

  it('rebuilds a WorkflowCanceledError with its reason', () => {
    const rebuilt = fromErrorData(overTheWire(new WorkflowCanceledError('BankWorkflow', 'w1', 'user asked')));
    expect(rebuilt).to.be.instanceOf(WorkflowCanceledError);
    expect(rebuilt).to.include({ workflowName: 'BankWorkflow', workflowId: 'w1', reason: 'user asked', code: 'WORKFLOW_CANCELED' });
  });

  it('rebuilds anything else as a RemoteError keeping name, message, code, retriable, stack and cause', () => {
    const original = Object.assign(new Error('socket hang up', { cause: new TypeError('inner') }), { name: 'FetchError', code: 'ECONNRESET', retriable: true });
    const rebuilt = fromErrorData(overTheWire(original));
    expect(rebuilt).to.be.instanceOf(RemoteError);
    expect(rebuilt).to.include({ name: 'FetchError', message: 'socket hang up', code: 'ECONNRESET', retriable: true, stack: original.stack });
    expect(rebuilt.cause).to.be.instanceOf(RemoteError);
    expect(rebuilt.cause).to.include({ name: 'TypeError', message: 'inner' });
  });

  it('rebuilds a Cadenza code whose facts are missing as a RemoteError', () => {
    const rebuilt = fromErrorData({ name: 'TaskFailedError', message: 'task failed', code: 'TASK_FAILED', data: { service: 'S' } });
    expect(rebuilt).to.be.instanceOf(RemoteError);
    expect(rebuilt).to.include({ name: 'TaskFailedError', code: 'TASK_FAILED' });
  });

  it('leaves out code and retriable when the data has none', () => {
    const rebuilt = fromErrorData({ name: 'Error', message: 'plain' });
    expect((rebuilt as RemoteError).code).to.equal(undefined);
    expect((rebuilt as RemoteError).retriable).to.equal(undefined);
    expect(JSON.parse(JSON.stringify(rebuilt))).not.to.have.any.keys('code', 'retriable');
    expect(rebuilt.cause).to.equal(undefined);
  });
});
