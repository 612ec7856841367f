import { expect } from 'chai';
import * as t from 'io-ts';
import { rebuildState, replay } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { WorkflowInstance } from '../../src/engine/workflow-instance';
import { InvalidArgumentsError } from '../../src/errors/invalid-arguments-error';
import { NotRegisteredError } from '../../src/errors/not-registered-error';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import { Deferred } from '../../src/workflow/deferred';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';
import { decision, taskScheduled, turn, workflowStarted } from '../support/history';
import { record, startLive } from '../support/live-instance';
import { BankService, TransferWorkflow } from './bank-workflows';

const deliver = async (instance: WorkflowInstance, event: HistoryEvent) => {
  if (instance.apply(event, 'live')) await turn();
};

describe('engine/workflow-instance', () => {
  describe('running live', () => {
    it('produces the first command, and the next once the first completes', async () => {
      const instance = await startLive(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
      expect(instance.workflowName).to.equal('TransferWorkflow');
      expect(instance.tags).to.deep.equal(['unit']);
      expect(instance.meta).to.deep.equal({ by: 'test' });
      expect(record(instance)).to.deep.equal([taskScheduled(1, 'BankService', 'withdraw', ['alice', 'bob', 100])]);
      expect([...instance.open]).to.deep.equal([1]);
      await deliver(instance, { type: 'TaskCompleted', seq: 1, result: 900 });
      expect([...instance.open]).to.deep.equal([]);
      expect(record(instance)).to.deep.equal([taskScheduled(2, 'BankService', 'deposit', ['carol', 'bob', 100])]);
      await deliver(instance, { type: 'TaskCompleted', seq: 2, result: 100 });
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'moved 100' });
    });

    it('records arguments as they read back from JSON', async () => {
      class Jsonish extends Workflow {
        private readonly bank = this.newService(BankService);
        async run(): Promise<void> {
          await this.bank.deposit({ when: new Date(0), skip: undefined } as never, undefined as never, Number.NaN);
        }
      }
      const instance = await startLive(Jsonish, 'run', []);
      expect(instance.takeCommands()).to.deep.equal([taskScheduled(1, 'BankService', 'deposit', [{ when: '1970-01-01T00:00:00.000Z' }, null, null])]);
    });

    it('fails the code with InvalidArgumentsError, producing no command, when a codec refuses the arguments', async () => {
      const Checked = defineService<BankService>('BankService', { deposit: { args: t.tuple([t.string, t.string, t.number]) } });
      class Sloppy extends Workflow {
        private readonly bank = this.newService(Checked);
        async run(): Promise<void> {
          await this.bank.deposit('w1', 'bob', 'ten' as never);
        }
      }
      const instance = await startLive(Sloppy, 'run', []);
      expect(instance.takeCommands()).to.deep.equal([]);
      const { code } = instance;
      expect(code.done && !code.ok && code.error).to.be.instanceOf(InvalidArgumentsError);
      expect((code as { error: Error }).error.message).to.equal('invalid arguments for BankService.deposit: at args.2: expected number, got "ten"');
    });

    it('fails the code with NotRegisteredError for a method the class lacks', async () => {
      const instance = await startLive(TransferWorkflow, 'nope', []);
      const { code } = instance;
      expect(code.done && !code.ok && code.error).to.be.instanceOf(NotRegisteredError);
      expect((code as { error: Error }).error.message).to.equal('method TransferWorkflow.nope is not registered');
    });

    it('keeps an error thrown synchronously by a method that is not async', async () => {
      class Sync extends Workflow {
        run(): Promise<void> {
          throw new RangeError('sync');
        }
      }
      const { code } = await startLive(Sync, 'run', []);
      expect(code.done && !code.ok && (code.error as Error).message).to.equal('sync');
    });

    it('finds the failed step through a cause chain', async () => {
      class Wrapping extends Workflow {
        private readonly bank = this.newService(BankService);
        async run(): Promise<void> {
          try {
            await this.bank.withdraw('a', 'b', 1);
          } catch (error) {
            throw new Error('transfer failed', { cause: error });
          }
        }
      }
      const instance = await startLive(Wrapping, 'run', []);
      record(instance);
      await deliver(instance, { type: 'TaskFailed', seq: 1, error: { name: 'Error', message: 'boom' } });
      expect(instance.failedSeqOf((instance.code as { error: unknown }).error)).to.equal(1);
      expect(instance.failedSeqOf(new Error('unrelated'))).to.equal(undefined);
      expect(instance.failedSeqOf('a string')).to.equal(undefined);
    });

    it('asks for nothing more once the workflow has ended', async () => {
      const instance = await startLive(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
      record(instance);
      instance.apply({ type: 'WorkflowCanceled', reason: 'user asked' }, 'live');
      expect(instance.status).to.equal('canceled');
      expect(instance.outcome).to.deep.equal({ status: 'canceled', reason: 'user asked' });
      await deliver(instance, { type: 'TaskCompleted', seq: 1, result: 900 });
      expect(instance.takeCommands()).to.deep.equal([]);
    });

    it('adds waiters, and tracks failure and retry of the workflow', () => {
      const started = workflowStarted('TransferWorkflow', 'transfer', []) as HistoryEventOf<'WorkflowStarted'>;
      const instance = new WorkflowInstance(TransferWorkflow, started, 'w1');
      instance.apply({ type: 'WaiterAdded', replyTo: 'cadenza.client.c1', requestId: 'req-1' }, 'live');
      expect(instance.waiters).to.deep.equal([{ replyTo: 'cadenza.client.c1', requestId: 'req-1' }]);
      instance.apply({ type: 'WorkflowFailed', error: { name: 'Error', message: 'x' }, failedSeq: 4 }, 'live');
      expect([instance.status, instance.failedSeq, instance.outcome?.status]).to.deep.equal(['failed', 4, 'failed']);
      instance.apply({ type: 'WorkflowRetried' }, 'live');
      expect([instance.status, instance.failedSeq, instance.outcome]).to.deep.equal(['running', undefined, undefined]);
    });
  });

  describe('children', () => {
    class Parent extends Workflow {
      private readonly child = this.newWorkflow(TransferWorkflow);
      private readonly named = this.newWorkflow(TransferWorkflow, { id: 'payout-7', tags: ['x'], meta: { k: 'v' } });
      async run(): Promise<unknown> {
        return Deferred.any(this.child.transfer('a', 'b', 1) as Deferred<unknown>, this.named.transfer('c', 'd', 2) as Deferred<unknown>);
      }
    }

    it("derives a child's id from the parent's id and step unless one is given", async () => {
      const instance = await startLive(Parent, 'run', [], 'p1');
      expect(record(instance)).to.deep.equal([
        { type: 'ChildWorkflowStarted', seq: 1, workflowName: 'TransferWorkflow', workflowId: 'p1.1', method: 'transfer', args: ['a', 'b', 1], tags: [], meta: {} },
        { type: 'ChildWorkflowStarted', seq: 2, workflowName: 'TransferWorkflow', workflowId: 'payout-7', method: 'transfer', args: ['c', 'd', 2], tags: ['x'], meta: { k: 'v' } },
      ]);
      expect([...instance.children.keys()]).to.deep.equal([1, 2]);
      await deliver(instance, { type: 'ChildWorkflowFailed', seq: 1, error: { name: 'Error', message: 'child failed' } });
      expect(instance.code.done).to.equal(false);
      await deliver(instance, { type: 'ChildWorkflowCompleted', seq: 2, result: 'moved 2' });
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'moved 2' });
    });
  });

  describe('signals', () => {
    class Approval extends Workflow {
      async run(): Promise<unknown[]> {
        const approvals = this.channel<string>('approvals');
        const first = await approvals.receive();
        const second = await approvals.receive();
        return [first, second];
      }
    }

    it('completes a waiting receive, and buffers a value sent before the receive', async () => {
      const instance = await startLive(Approval, 'run', []);
      expect(record(instance)).to.deep.equal([{ type: 'ReceiveStarted', seq: 1, channel: 'approvals' }]);
      await deliver(instance, { type: 'SignalReceived', channel: 'other', value: 'ignored' });
      expect([...instance.open]).to.deep.equal([1]);
      await deliver(instance, { type: 'SignalReceived', channel: 'approvals', value: 'alice' });
      await deliver(instance, { type: 'SignalReceived', channel: 'approvals', value: 'bob' });
      expect(record(instance)).to.deep.equal([{ type: 'ReceiveStarted', seq: 2, channel: 'approvals' }]);
      await turn();
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: ['alice', 'bob'] });
      expect([...instance.open]).to.deep.equal([]);
    });

    /** Waits for an approval or a withdrawal, whichever comes first, then for the next approval. */
    class RacingApproval extends Workflow {
      private readonly bank = this.newService(BankService);
      async run(): Promise<unknown[]> {
        const approvals = this.channel<unknown>('approvals');
        const first = await Deferred.any<unknown>(approvals.receive(), this.bank.withdraw('w', 'alice', 1) as Deferred<unknown>);
        return [first, await approvals.receive()];
      }
    }

    it('gives the next signal to the next receive when a receive lost a Deferred.any race, live and on replay', async () => {
      const instance = await startLive(RacingApproval, 'run', []);
      const history: HistoryEvent[] = [workflowStarted('RacingApproval', 'run', []), ...record(instance)];
      expect(history.slice(1)).to.deep.equal([{ type: 'ReceiveStarted', seq: 1, channel: 'approvals' }, taskScheduled(2, 'BankService', 'withdraw', ['w', 'alice', 1])]);
      const withdrawn: HistoryEvent = { type: 'TaskCompleted', seq: 2, result: 99 };
      await deliver(instance, withdrawn);
      history.push(withdrawn, ...record(instance));
      // The receive that lost is recorded as released: the fold, like the code, gives the next signal to the next receive.
      expect(history.slice(-2)).to.deep.equal([{ type: 'ReceiveReleased', seq: 1, channel: 'approvals' }, { type: 'ReceiveStarted', seq: 3, channel: 'approvals' }]);
      expect([...instance.open]).to.deep.equal([3]);
      expect(instance.state.signals.waiting()).to.deep.equal([3]);
      const approved: HistoryEvent = { type: 'SignalReceived', channel: 'approvals', value: 'alice' };
      await deliver(instance, approved);
      history.push(approved);
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: [99, 'alice'] });

      const replayed = await replay(RacingApproval, 'w1', decision('m', 1_000, ...history), history.length - 1);
      expect(replayed.code).to.deep.equal({ done: true, ok: true, value: [99, 'alice'] });
      expect([...replayed.open]).to.deep.equal([]);
    });
  });

  describe('a receive awaited again after it lost a race', () => {
    class PatientApproval extends Workflow {
      async run(): Promise<string> {
        const approval = this.channel<string>('approvals').receive();
        for (let reminders = 0; ; reminders++) {
          await Deferred.any<unknown>(approval as Deferred<unknown>, this.timer(100) as Deferred<unknown>);
          if (approval.status() === 'completed') return `${await approval} after ${reminders} reminders`;
        }
      }
    }

    it('claims the channel again, so a signal after the timer won still completes it, live and on replay', async () => {
      const instance = await startLive(PatientApproval, 'run', []);
      const history: HistoryEvent[] = [workflowStarted('PatientApproval', 'run', []), ...record(instance)];
      expect(history.slice(1)).to.deep.equal([{ type: 'ReceiveStarted', seq: 1, channel: 'approvals' }, { type: 'TimerStarted', seq: 2, fireAt: 1_100 }]);
      const fired: HistoryEvent = { type: 'TimerFired', seq: 2 };
      await deliver(instance, fired);
      history.push(fired, ...record(instance));
      // Released when the timer won, claimed again (same seq, behind any others) when awaited again.
      expect(history.slice(-3)).to.deep.equal([
        { type: 'ReceiveReleased', seq: 1, channel: 'approvals' }, { type: 'TimerStarted', seq: 3, fireAt: 1_100 }, { type: 'ReceiveStarted', seq: 1, channel: 'approvals' },
      ]);
      expect([...instance.open].sort()).to.deep.equal([1, 3]);
      const approved: HistoryEvent = { type: 'SignalReceived', channel: 'approvals', value: 'alice' };
      await deliver(instance, approved);
      history.push(approved);
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'alice after 1 reminders' });

      const replayed = await replay(PatientApproval, 'w1', decision('m', 1_000, ...history), history.length - 1);
      expect(replayed.code).to.deep.equal({ done: true, ok: true, value: 'alice after 1 reminders' });
    });
  });

  // rebuildState runs no code, so it must work out from the events alone which receives a signal answered.
  describe('rebuildState and replay agree on the open steps', () => {
    class Mixed extends Workflow {
      private readonly bank = this.newService(BankService);
      async run(): Promise<string> {
        const approval = await this.channel<string>('approvals').receive();
        await this.timer(100);
        const pending = this.bank.deposit('w1', approval, 1);
        const late = await this.channel<string>('approvals').receive();
        await pending;
        return late;
      }
    }
    const histories: Record<string, RecordedEvent[]> = {
      'waiting on a receive': decision('run', 1_000, workflowStarted('Mixed', 'run', []), { type: 'ReceiveStarted', seq: 1, channel: 'approvals' }),
      'receives answered by signals, a task open': [
        ...decision('run', 1_000, workflowStarted('Mixed', 'run', []), { type: 'ReceiveStarted', seq: 1, channel: 'approvals' }),
        ...decision('sig-1', 2_000, { type: 'SignalReceived', channel: 'approvals', value: 'alice' }, { type: 'TimerStarted', seq: 2, fireAt: 2_100 }),
        ...decision('timer', 2_100, { type: 'TimerFired', seq: 2 }, taskScheduled(3, 'BankService', 'deposit', ['w1', 'alice', 1]), { type: 'ReceiveStarted', seq: 4, channel: 'approvals' }),
        ...decision('sig-2', 2_200, { type: 'SignalReceived', channel: 'approvals', value: 'bob' }),
      ],
    };
    for (const [name, events] of Object.entries(histories)) {
      it(name, async () => {
        const replayed = await replay(Mixed, 'w1', events, events.length - 1);
        const rebuilt = await rebuildState(Mixed, 'w1', events, events.length - 1);
        expect([...rebuilt.open].sort()).to.deep.equal([...replayed.open].sort());
      });
    }
  });
});
