import { expect } from 'chai';
import { ConfigError } from '../../src/errors/config-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { TransportError } from '../../src/errors/transport-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { ErrorData, toErrorData } from '../../src/model/error-data';

describe('model/error-data', () => {
  describe('toErrorData', () => {
    it('keeps the code, retriable, facts and cause of a TaskFailedError', () => {
      const error = new TaskFailedError('BankService', 'deposit', 3, 'w1:2', new Error('insufficient funds'));
      const data = toErrorData(error);
      expect(data).to.deep.include({
        name: 'TaskFailedError',
        message: 'task BankService.deposit (w1:2) failed at attempt 3: insufficient funds',
        code: 'TASK_FAILED',
        retriable: false,
        data: { service: 'BankService', method: 'deposit', attempt: 3, taskId: 'w1:2' },
      });
      expect(data.stack).to.equal(error.stack);
      expect(data.cause).to.deep.include({ name: 'Error', message: 'insufficient funds' });
      expect(ErrorData.is(data)).to.equal(true);
    });

    it('keeps the facts and the whole cause chain of a WorkflowFailedError', () => {
      const task = new TaskFailedError('BankService', 'withdraw', 12, 'w1:1', new RangeError('over limit'));
      const data = toErrorData(new WorkflowFailedError('BankWorkflow', 'w1', task));
      expect(data).to.deep.include({ name: 'WorkflowFailedError', code: 'WORKFLOW_FAILED', retriable: false, data: { workflowName: 'BankWorkflow', workflowId: 'w1' } });
      const cause = data.cause as ErrorData;
      expect(cause).to.deep.include({ name: 'TaskFailedError', code: 'TASK_FAILED', data: { service: 'BankService', method: 'withdraw', attempt: 12, taskId: 'w1:1' } });
      expect(cause.cause).to.deep.include({ name: 'RangeError', message: 'over limit' });
    });

    it('keeps the reason of a WorkflowCanceledError', () => {
      expect(toErrorData(new WorkflowCanceledError('BankWorkflow', 'w1', 'user asked')).data).to.deep.equal({ workflowName: 'BankWorkflow', workflowId: 'w1', reason: 'user asked' });
    });

    it('keeps name, message and stack of a plain Error, adding nothing', () => {
      const error = new TypeError('x is not a function');
      const data = toErrorData(error);
      expect(data).to.deep.equal({ name: 'TypeError', message: 'x is not a function', stack: error.stack });
    });

    it('keeps a code and retriable of a library error, and a transport error', () => {
      const net = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', retriable: true });
      expect(toErrorData(net)).to.deep.include({ code: 'ECONNRESET', retriable: true });
      expect(toErrorData(new TransportError('broker down', true))).to.deep.include({ name: 'TransportError', code: 'TRANSPORT', retriable: true });
      expect(toErrorData(new ConfigError('config.x', 'a number', 'y'))).to.deep.include({ code: 'CONFIG', retriable: false });
    });

    it('ignores a code or retriable of the wrong type and facts that are not strings or numbers', () => {
      const odd = Object.assign(new Error('odd'), { code: 42, retriable: 'yes', service: { name: 'x' }, seq: 4 });
      const data = toErrorData(odd);
      expect(data).not.to.have.property('code');
      expect(data).not.to.have.property('retriable');
      expect(data.data).to.deep.equal({ seq: 4 });
    });

    it('turns a thrown string into a NonErrorThrown that is not retriable', () => {
      expect(toErrorData('out of coffee')).to.deep.equal({ name: 'NonErrorThrown', message: 'out of coffee', code: 'NON_ERROR_THROWN', retriable: false });
    });

    it('renders other thrown values as JSON, or with String when JSON fails', () => {
      expect(toErrorData({ status: 404 }).message).to.equal('non-error thrown: {"status":404}');
      expect(toErrorData(undefined).message).to.equal('non-error thrown: undefined');
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      expect(toErrorData(circular).message).to.equal('non-error thrown: [object Object]');
    });

    it('keeps a non-Error cause as NonErrorThrown', () => {
      expect(toErrorData(new Error('outer', { cause: 'inner' })).cause).to.deep.equal({ name: 'NonErrorThrown', message: 'inner', code: 'NON_ERROR_THROWN', retriable: false });
    });

    it('follows the cause chain three levels deep', () => {
      let error = new Error('level 5');
      for (let level = 4; level >= 0; level--) error = new Error(`level ${level}`, { cause: error });
      const messages: string[] = [];
      for (let data: ErrorData | undefined = toErrorData(error); data; data = data.cause as ErrorData | undefined) messages.push(data.message);
      expect(messages).to.deep.equal(['level 0', 'level 1', 'level 2', 'level 3']);
    });

    it('gives data that survives JSON unchanged', () => {
      const data = toErrorData(new WorkflowFailedError('W', 'w1', new TaskFailedError('S', 'm', 1, 'w1:1', new Error('boom'))));
      expect(JSON.parse(JSON.stringify(data))).to.deep.equal(data);
    });
  });
});
