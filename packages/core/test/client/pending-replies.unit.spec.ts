import { expect } from 'chai';
import { PendingReplies } from '../../src/client/pending-replies';
import { ClosedError, TimeoutError } from '../../src/errors/transport-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { WorkflowCanceledError, WorkflowFailedError } from '../../src/errors/workflow-failed-error';
import { WorkflowUnknownError } from '../../src/errors/workflow-unknown-error';
import { WorkflowNotFailedError } from '../../src/errors/workflow-not-failed-error';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { toErrorData } from '../../src/model/error-data';
import type { MessageOf, WorkflowOutcome } from '../../src/model/messages';
import type { Clock } from '../../src/ports/clock.port';
import { rejectionOf } from '../support/rejection-of';

const reply = (requestId: string, outcome: WorkflowOutcome): MessageOf<'WorkflowReply'> =>
  ({ kind: 'WorkflowReply', workflowName: 'BankWorkflow', workflowId: 'w1', requestId, outcome });

/** A clock whose timers fire only on `advance`, so a timeout is tested without waiting. */
const steppedClock = () => {
  let now = 0;
  const timers = new Set<{ at: number; fire: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimer: (at, fire) => {
      const timer = { at, fire };
      timers.add(timer);
      return () => timers.delete(timer);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of [...timers]) if (timer.at <= now && timers.delete(timer)) timer.fire();
  };
  return { clock, advance, timers };
};

describe('client/pending-replies', () => {
  it('resolves with the result of a completed workflow, and undefined for accepted', async () => {
    const pending = new PendingReplies();
    const done = pending.expect('r1', 'BankWorkflow', 'w1');
    const accepted = pending.expect('r2', 'BankWorkflow', 'w1');
    pending.settle(reply('r2', { status: 'accepted' }));
    pending.settle(reply('r1', { status: 'completed', result: { moved: 100 } }));
    expect(await done).to.deep.equal({ moved: 100 });
    expect(await accepted).to.equal(undefined);
  });

  it('resolves with a copy of the result: the caller changing it changes nothing in the reply', async () => {
    const pending = new PendingReplies();
    const done = pending.expect('r1', 'BankWorkflow', 'w1');
    const delivered = reply('r1', { status: 'completed', result: { moved: 100, to: ['b'] } });
    pending.settle(delivered);
    const result = (await done) as { moved: number; to: string[] };
    result.moved = 0;
    result.to.push('c');
    expect(delivered.outcome).to.deep.equal({ status: 'completed', result: { moved: 100, to: ['b'] } });
  });

  it('rejects with WorkflowFailedError whose cause is the typed task failure', async () => {
    const pending = new PendingReplies();
    const waiting = pending.expect('r1', 'BankWorkflow', 'w1');
    pending.settle(reply('r1', { status: 'failed', error: toErrorData(new TaskFailedError('BankService', 'deposit', 12, 'w1:2', new Error('down'))) }));
    const error = await rejectionOf(waiting);
    expect(error).to.be.instanceOf(WorkflowFailedError);
    expect(error).to.include({ workflowName: 'BankWorkflow', workflowId: 'w1' });
    expect((error as Error).cause).to.be.instanceOf(TaskFailedError);
  });

  it('rejects with WorkflowCanceledError and WorkflowUnknownError carrying the reason', async () => {
    const pending = new PendingReplies();
    const canceled = pending.expect('r1', 'BankWorkflow', 'w1');
    const unknown = pending.expect('r2', 'BankWorkflow', 'w1');
    pending.settle(reply('r1', { status: 'canceled', reason: 'user asked' }));
    pending.settle(reply('r2', { status: 'unknown', reason: 'does not exist' }));
    expect(await rejectionOf(canceled)).to.be.instanceOf(WorkflowCanceledError).and.include({ reason: 'user asked' });
    expect(await rejectionOf(unknown)).to.be.instanceOf(WorkflowUnknownError).and.include({ message: 'workflow BankWorkflow w1 does not exist' });
  });

  it('rejects a refused request with the typed error it carries, cancels its timeout and forgets it', async () => {
    const { clock, timers } = steppedClock();
    const pending = new PendingReplies(clock);
    const notFailed = pending.expect('r1', 'BankWorkflow', 'w1', { timeoutMs: 5_000 });
    const badArgs = pending.expect('r2', 'BankWorkflow', 'w2');
    pending.settle(reply('r1', { status: 'refused', error: toErrorData(new WorkflowNotFailedError('BankWorkflow', 'w1', 'is running')) }));
    pending.settle(reply('r2', { status: 'refused', error: toErrorData(new InvalidArgumentsError('BankWorkflow.wire', ['args.0: expected string'])) }));
    expect(await rejectionOf(notFailed)).to.be.instanceOf(WorkflowNotFailedError).and.include({ workflowName: 'BankWorkflow', workflowId: 'w1' });
    expect(await rejectionOf(badArgs)).to.include({ code: 'INVALID_ARGUMENTS' });
    expect(pending.size).to.equal(0);
    expect(timers.size).to.equal(0);
  });

  it('ignores a duplicate reply and a reply nobody waits for', async () => {
    const pending = new PendingReplies();
    const waiting = pending.expect('r1', 'BankWorkflow', 'w1');
    pending.settle(reply('r1', { status: 'completed', result: 1 }));
    pending.settle(reply('r1', { status: 'completed', result: 2 }));
    pending.settle(reply('nobody', { status: 'completed', result: 3 }));
    expect(await waiting).to.equal(1);
  });

  it('rejects with TimeoutError and forgets the request when no reply comes within its timeout', async () => {
    const { clock, advance } = steppedClock();
    const pending = new PendingReplies(clock);
    const waiting = pending.expect('r1', 'BankWorkflow', 'w1', { timeoutMs: 5_000 });
    const unbounded = pending.expect('r2', 'BankWorkflow', 'w2');
    advance(4_999);
    expect(pending.size).to.equal(2);
    advance(1);
    const error = await rejectionOf(waiting);
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ code: 'TIMEOUT', retriable: true, timeoutMs: 5_000 });
    expect((error as Error).message).to.contain('BankWorkflow w1');
    expect(pending.size).to.equal(1);
    pending.settle(reply('r1', { status: 'completed', result: 'late' }));
    pending.settle(reply('r2', { status: 'completed', result: 2 }));
    expect(await unbounded).to.equal(2);
    expect(pending.size).to.equal(0);
  });

  it('cancels the timeout of a request that is answered, forgotten or rejected', async () => {
    const { clock, timers } = steppedClock();
    const pending = new PendingReplies(clock);
    const answered = pending.expect('r1', 'BankWorkflow', 'w1', { timeoutMs: 5_000 });
    void pending.expect('r2', 'BankWorkflow', 'w1', { timeoutMs: 5_000 });
    const closed = pending.expect('r3', 'BankWorkflow', 'w1', { timeoutMs: 5_000 });
    expect(timers.size).to.equal(3);
    pending.settle(reply('r1', { status: 'completed', result: 1 }));
    pending.forget('r2');
    pending.rejectAll(new ClosedError('client'));
    expect(timers.size).to.equal(0);
    expect(await answered).to.equal(1);
    expect(await rejectionOf(closed)).to.be.instanceOf(ClosedError);
  });

  it('rejects every waiting request on rejectAll, and forgets a request on forget', async () => {
    const pending = new PendingReplies();
    const a = pending.expect('a', 'BankWorkflow', 'w1');
    const b = pending.expect('b', 'BankWorkflow', 'w2');
    const forgotten = pending.expect('c', 'BankWorkflow', 'w3');
    let settled = false;
    void forgotten.then(() => (settled = true), () => (settled = true));
    pending.forget('c');
    const closed = new ClosedError('client');
    pending.rejectAll(closed);
    expect(await rejectionOf(a)).to.equal(closed);
    expect(await rejectionOf(b)).to.equal(closed);
    pending.settle(reply('c', { status: 'completed', result: 1 }));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(settled).to.equal(false);
  });
});
