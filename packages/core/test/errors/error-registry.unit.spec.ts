import { DelegatedTaskCompletedError } from '../../src/errors/delegated-task-completed-error';
import { DelegatedTaskUnknownError } from '../../src/errors/delegated-task-unknown-error';
import { UpdateRefusedError } from '../../src/errors/update-refused-error';
import { UpdateAbandonedError } from '../../src/errors/update-abandoned-error';
import { TaskNotFailedError } from '../../src/errors/task-not-failed-error';
import { TimerUnknownError } from '../../src/errors/timer-unknown-error';
import { InvalidScheduleError } from '../../src/errors/invalid-schedule-error';
import { ContinueAsNewNotAllowedError } from '../../src/errors/continue-as-new-not-allowed-error';
import { ChannelFullError } from '../../src/errors/channel-full-error';
import { InvalidTagError } from '../../src/errors/invalid-tag-error';
import { TagsUnsupportedError } from '../../src/errors/tags-unsupported-error';
import { expect } from 'chai';
import type { CadenzaError } from '../../src/errors/cadenza-error';
import { BadSignatureError } from '../../src/errors/bad-signature-error';
import { ConcurrencyError } from '../../src/errors/concurrency-error';
import { ConfigError } from '../../src/errors/config-error';
import { CorruptHistoryError } from '../../src/errors/corrupt-history-error';
import { DeadLetteredError } from '../../src/errors/dead-lettered-error';
import { UnserializableValueError } from '../../src/errors/unserializable-value-error';
import { UnsignedMessageError } from '../../src/errors/unsigned-message-error';
import { WorkflowIdInUseError } from '../../src/errors/workflow-id-in-use-error';
import { WorkflowNotFailedError } from '../../src/errors/workflow-not-failed-error';
import { ERROR_FACTS } from '../../src/errors/error-facts';
import { ERROR_REGISTRY } from '../../src/errors/error-registry';
import { fromErrorData, RemoteError } from '../../src/errors/from-error-data';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { InvalidNameError } from '../../src/errors/invalid-name-error';
import { MalformedMessageError } from '../../src/errors/malformed-message-error';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import { NotRegisteredError } from '../../src/errors/not-registered-error';
import { PayloadTooLargeError } from '../../src/errors/payload-too-large-error';
import { BatchResultsMismatchError } from '../../src/errors/batch-results-mismatch-error';
import { StreamDeletedError } from '../../src/errors/stream-deleted-error';
import { TaskAttemptTimedOutError } from '../../src/errors/task-attempt-timed-out-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { TaskTimedOutError } from '../../src/errors/task-timed-out-error';
import { WorkflowTimedOutError } from '../../src/errors/workflow-timed-out-error';
import { TerminalTaskError } from '../../src/errors/terminal-task-error';
import { ClosedError, TimeoutError, TransportError } from '../../src/errors/transport-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { WorkflowUnknownError } from '../../src/errors/workflow-unknown-error';
import { MethodAbandonedError } from '../../src/errors/method-abandoned-error';
import { MethodFailedError } from '../../src/errors/method-failed-error';
import { QueryNotReadOnlyError } from '../../src/errors/query-not-read-only-error';
import { UnknownQueryError } from '../../src/errors/unknown-query-error';
import { type ErrorData, toErrorData } from '../../src/model/error-data';
import { VersionNotSupportedError } from '../../src/errors/version-not-supported-error';
import { WorkflowVersionUnknownError } from '../../src/errors/workflow-version-unknown-error';

/** An error as it arrives from the wire: through toErrorData and JSON. */
const overTheWire = (error: unknown): ErrorData => JSON.parse(JSON.stringify(toErrorData(error))) as ErrorData;

type Class = abstract new (...args: never[]) => CadenzaError;

/** One instance of every CadenzaError class, with facts unlike any default. */
const samples: Array<[Class, CadenzaError]> = [
  [VersionNotSupportedError, new VersionNotSupportedError('w1', 'new-fee', 3, 1, 2)],
  [WorkflowVersionUnknownError, new WorkflowVersionUnknownError('Deploy', 'w1', 3, ['1', '2'])],
  [ConcurrencyError, new ConcurrencyError('ns.W-w1', 4, 'deleted')],
  [StreamDeletedError, new StreamDeletedError('ns.W-w1')],
  [ConfigError, new ConfigError('transport.brokers.0', 'string', 9092, 'see the Kafka README')],
  [InvalidArgumentsError, new InvalidArgumentsError('BankWorkflow.wire', ['at args.0: expected string, got 1', 'at args.3: expected number'])],
  [InvalidNameError, new InvalidNameError('message.replyTo', 'a client topic of namespace ns', '../x')],
  [InvalidTagError, new InvalidTagError('tags.2', 'expected no control characters', 'a\tb')],
  [TagsUnsupportedError, new TagsUnsupportedError('the history store the client was given')],
  [NotRegisteredError, new NotRegisteredError('service', 'MailService', ['BankService', 'EmailService'])],
  [WorkflowUnknownError, new WorkflowUnknownError('BankWorkflow', 'w1', 'has ended')],
  [WorkflowFailedError, new WorkflowFailedError('BankWorkflow', 'w1', new RangeError('boom'))],
  [WorkflowCanceledError, new WorkflowCanceledError('BankWorkflow', 'w1', 'user asked')],
  [TaskFailedError, new TaskFailedError('BankService', 'deposit', 3, 'w1:2', new Error('down'))],
  [TerminalTaskError, new TerminalTaskError('card refused')],
  [NonDeterminismError, new NonDeterminismError('w1', 2, 'task BankService.deposit(["a"])', 'task BankService.refund(["a"])')],
  [MalformedMessageError, new MalformedMessageError('ns.workflow.W', 'not UTF-8 JSON')],
  [BatchResultsMismatchError, new BatchResultsMismatchError('Mailer.send', 3, '1 results')],
  [CorruptHistoryError, new CorruptHistoryError('ns.W-w1', 7, 'at data.seq: expected number')],
  [PayloadTooLargeError, new PayloadTooLargeError('result of S.m', 2_000_000, 1_048_576)],
  [TransportError, new TransportError('broker refused the publish', true)],
  [TimeoutError, new TimeoutError('reply to request r1', 5_000)],
  [ClosedError, new ClosedError('client')],
  [WorkflowNotFailedError, new WorkflowNotFailedError('BankWorkflow', 'w1', 'is running')],
  [WorkflowIdInUseError, new WorkflowIdInUseError('BankWorkflow', 'w1', 'with other arguments')],
  [UnserializableValueError, new UnserializableValueError('the result of BankWorkflow.wire', 'Do not know how to serialize a BigInt')],
  [DeadLetteredError, new DeadLetteredError('ns.service.BankService', 'rejected 10 times (10 deliveries), last: boom', 10)],
  [UnsignedMessageError, new UnsignedMessageError('ns.service.BankService', 'w1:1#1')],
  [BadSignatureError, new BadSignatureError('ns.service.BankService', 'w1:1#1', 'k-2026', 'unknown key id')],
  [TaskTimedOutError, new TaskTimedOutError('BankService', 'deposit', 'w1:2', 30_000, 2)],
  [WorkflowTimedOutError, new WorkflowTimedOutError('Audit', 'w1.3', 60_000, 3)],
  [TaskAttemptTimedOutError, new TaskAttemptTimedOutError('BankService', 'deposit', 'w1:2', 4, 5_000)],
  [DelegatedTaskUnknownError, new DelegatedTaskUnknownError('HotelDesk', 'w1:2/Trip.reserve/r0', 'is not a delegated task id')],
  [DelegatedTaskCompletedError, new DelegatedTaskCompletedError('HotelDesk', 'w1:2/Trip.reserve/r0')],
  [MethodFailedError, new MethodFailedError('Account', 'a1', 'deposit', 3, new RangeError('insufficient funds'))],
  [MethodAbandonedError, new MethodAbandonedError('Account', 'a1', 'hold', 'the workflow completed before the method returned')],
  [UnknownQueryError, new UnknownQueryError('Account', 'secret', ['balance', 'status'])],
  [QueryNotReadOnlyError, new QueryNotReadOnlyError('Account', 'sleepy', 'a timer')],
  [ChannelFullError, new ChannelFullError('ApprovalWorkflow', 'w1', 'approvals', 500)],
  [UpdateRefusedError, new UpdateRefusedError('LimitsWorkflow', 'w1', 'setLimit', 'the limit must be > 0')],
  [UpdateAbandonedError, new UpdateAbandonedError('LimitsWorkflow', 'w1', 'reserve', 'the workflow completed before the update returned')],
  [TaskNotFailedError, new TaskNotFailedError('ParallelWorkflow', 'w1', 'w1:2', 'is running')],
  [TimerUnknownError, new TimerUnknownError('SleepWorkflow', 'w1', 'w1:timer:9')],
  [InvalidScheduleError, new InvalidScheduleError('cron.minute', '61 is outside 0-59', '61')],
  [ContinueAsNewNotAllowedError, new ContinueAsNewNotAllowedError('Subscription', 's1')],
];

describe('errors/error-registry', () => {
  it('has a rebuild for every error code but NON_ERROR_THROWN, and a sample here for each', () => {
    const codes = Object.keys(ERROR_FACTS).filter((code) => code !== 'NON_ERROR_THROWN').sort();
    expect(Object.keys(ERROR_REGISTRY).sort()).to.deep.equal(codes);
    expect(samples.map(([, error]) => error.code).sort()).to.deep.equal(codes);
  });

  for (const [Class, original] of samples) {
    it(`rebuilds ${Class.name} (${original.code}) from the wire as itself, with its facts, message, retriable and stack`, () => {
      const rebuilt = fromErrorData(overTheWire(original));
      expect(rebuilt).to.be.instanceOf(Class);
      expect(rebuilt).to.include({ name: original.name, message: original.message, code: original.code, retriable: original.retriable, stack: original.stack });
      const facts = ERROR_FACTS[original.code].filter((field) => !(original instanceof ConfigError && field === 'actual'));
      for (const field of facts) {
        expect((rebuilt as unknown as Record<string, unknown>)[field], field).to.deep.equal((original as unknown as Record<string, unknown>)[field]);
      }
    });
  }

  it('keeps the cause of a class whose constructor takes none, rebuilt from the wire', () => {
    const original = new ConcurrencyError('ns.W-w1', 'no-stream', 3, { cause: new Error('WrongExpectedVersion') });
    const rebuilt = fromErrorData(overTheWire(original));
    expect(rebuilt).to.be.instanceOf(ConcurrencyError).and.include({ expected: 'no-stream', actual: 3 });
    expect(rebuilt.cause).to.be.instanceOf(RemoteError).and.include({ message: 'WrongExpectedVersion' });
  });

  it('does not carry ConfigError.actual as a fact: a bad config value may be a secret', () => {
    const data = overTheWire(new ConfigError('history.password', 'a string of 8 or more', 'hunter2'));
    expect(data.data).to.deep.equal({ path: 'history.password', expected: 'a string of 8 or more' });
  });

  it('rebuilds a code whose facts are mistyped, or a NON_ERROR_THROWN, as a RemoteError', () => {
    expect(fromErrorData({ name: 'TimeoutError', message: 'x', code: 'TIMEOUT', data: { what: 'x', timeoutMs: '5' } })).to.be.instanceOf(RemoteError);
    expect(fromErrorData({ name: 'NotRegisteredError', message: 'x', code: 'NOT_REGISTERED', data: { kind: 'planet', missing: 'X' } })).to.be.instanceOf(RemoteError);
    expect(fromErrorData(overTheWire('a string'))).to.be.instanceOf(RemoteError).and.include({ code: 'NON_ERROR_THROWN' });
  });
});
