import { expect } from 'chai';
import { hasErrorCode } from '../../src/errors/cadenza-error';
import { ConcurrencyError } from '../../src/errors/concurrency-error';
import { ConfigError } from '../../src/errors/config-error';
import { BatchResultsMismatchError } from '../../src/errors/batch-results-mismatch-error';
import { CorruptHistoryError } from '../../src/errors/corrupt-history-error';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { MalformedMessageError } from '../../src/errors/malformed-message-error';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import { NotRegisteredError } from '../../src/errors/not-registered-error';
import { PayloadTooLargeError } from '../../src/errors/payload-too-large-error';
import { StreamDeletedError } from '../../src/errors/stream-deleted-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { TerminalTaskError } from '../../src/errors/terminal-task-error';
import { ClosedError, TimeoutError, TransportError } from '../../src/errors/transport-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { WorkflowUnknownError } from '../../src/errors/workflow-unknown-error';

describe('errors', () => {
  const cases: Array<[Error & { code: string; retriable: boolean }, string, boolean, string]> = [
    [new ConcurrencyError('s', 3, 5), 'CONCURRENCY', true, 'stream s: expected revision 3, found 5'],
    [new StreamDeletedError('s'), 'STREAM_DELETED', false, 'stream s was deleted and cannot be appended to'],
    [new ConfigError('config.cacheSize', 'NonNegativeInteger', -1), 'CONFIG', false, 'invalid config at config.cacheSize: expected NonNegativeInteger, got -1'],
    [new ConfigError('transport.type', 'x', 'y', 'try z'), 'CONFIG', false, 'invalid config at transport.type: expected x, got "y" (try z)'],
    [new InvalidArgumentsError('S.m', ['a', 'b']), 'INVALID_ARGUMENTS', false, 'invalid arguments for S.m: a; b'],
    [new NotRegisteredError('workflow', 'W', ['A', 'B']), 'NOT_REGISTERED', false, 'workflow W is not registered; registered: A, B'],
    [new WorkflowUnknownError('W', 'w1'), 'WORKFLOW_UNKNOWN', false, 'workflow W w1 does not exist or has ended'],
    [new WorkflowFailedError('W', 'w1', new Error('boom')), 'WORKFLOW_FAILED', false, 'workflow W w1 failed: boom'],
    [new WorkflowCanceledError('W', 'w1', 'asked'), 'WORKFLOW_CANCELED', false, 'workflow W w1 was canceled: asked'],
    [new TaskFailedError('S', 'm', 2, 'w1:1', new Error('boom')), 'TASK_FAILED', false, 'task S.m (w1:1) failed at attempt 2: boom'],
    [new TerminalTaskError('card refused'), 'TASK_TERMINAL', false, 'card refused'],
    [new NonDeterminismError('w1', 2, 'a', 'b'), 'NON_DETERMINISM', false, 'workflow w1, step 2: history recorded a, code now produces b'],
    [new MalformedMessageError('t', 'why'), 'MALFORMED_MESSAGE', false, 'malformed message on t: why'],
    [new CorruptHistoryError('s', 4, 'why'), 'CORRUPT_HISTORY', false, 'stream s revision 4 cannot be decoded: why'],
    [new PayloadTooLargeError('result', 10, 5), 'PAYLOAD_TOO_LARGE', false, 'result is 10 bytes, over the limit of 5 bytes'],
    [new BatchResultsMismatchError('S.m', 3, '1 results'), 'BATCH_RESULTS_MISMATCH', true, 'the batch handler of S.m was given 3 tasks and answered 1 results; it must answer one result per task, in order'],
    [new TransportError('down', true), 'TRANSPORT', true, 'down'],
    [new TimeoutError('publish', 50), 'TIMEOUT', true, 'publish did not finish within 50 ms'],
    [new ClosedError('client'), 'CLOSED', false, 'client is closed'],
  ];
  for (const [error, code, retriable, message] of cases) {
    it(`${error.constructor.name} has code ${code}, its class name and a message naming the facts`, () => {
      expect(error).to.include({ code, retriable, message, name: error.constructor.name });
      expect(error).to.be.instanceOf(Error);
      expect(hasErrorCode(error, code as never)).to.equal(true);
    });
  }

  it('hasErrorCode works on plain objects from another copy of the package, and is false otherwise', () => {
    expect(hasErrorCode({ code: 'CONCURRENCY' }, 'CONCURRENCY')).to.equal(true);
    expect(hasErrorCode(new Error('x'), 'CONCURRENCY')).to.equal(false);
    expect(hasErrorCode(null, 'CONCURRENCY')).to.equal(false);
    expect(hasErrorCode('CONCURRENCY', 'CONCURRENCY')).to.equal(false);
  });

  it('keeps the cause it is given', () => {
    const cause = new Error('inner');
    expect(new TaskFailedError('S', 'm', 1, 'w1:1', cause).cause).to.equal(cause);
    expect(new TransportError('down', true, { cause }).cause).to.equal(cause);
  });
});
