import { expect } from 'chai';
import { rebuildState, replay } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import { TaskFailedError } from '../../src/errors/task-failed-error';
import { toErrorData } from '../../src/model/error-data';
import type { HistoryEvent } from '../../src/model/history-events';
import { Workflow, type WorkflowClass } from '../../src/workflow/workflow';
import { decision, taskScheduled, turn, workflowStarted } from '../support/history';
import { rejectionOf } from '../support/rejection-of';
import { BankService, TransferWorkflow } from './bank-workflows';

const W = 'TransferWorkflow';
const withdraw = (amount = 100) => taskScheduled(1, 'BankService', 'withdraw', ['alice', 'bob', amount]);
const deposit = (amount = 100) => taskScheduled(2, 'BankService', 'deposit', ['carol', 'bob', amount]);
const start = (...more: HistoryEvent[]) => decision('run-1', 1_000, workflowStarted(W, 'transfer', ['alice', 'carol', 100]), ...more);

/** Started, withdraw done, deposit scheduled: the code waits on step 2. */
const waitingOnDeposit = (): RecordedEvent[] => [
  ...start(withdraw()),
  ...decision('w1:1:r0:completed', 2_000, { type: 'TaskCompleted', seq: 1, result: 900 }, deposit()),
];
const completed = (): RecordedEvent[] => [
  ...waitingOnDeposit(),
  ...decision('w1:2:r0:completed', 3_000, { type: 'TaskCompleted', seq: 2, result: 100 }, { type: 'WorkflowCompleted', result: 'moved 100' }),
];
const taskFailure = (message: string) => toErrorData(new TaskFailedError('BankService', 'withdraw', 12, 'w1:1', new Error(message)));

const nonDeterminism = async (events: RecordedEvent[], workflowClass: WorkflowClass = TransferWorkflow): Promise<NonDeterminismError> => {
  const error = await rejectionOf(replay(workflowClass, 'w1', events, events.length - 1));
  expect(error).to.be.instanceOf(NonDeterminismError);
  return error as NonDeterminismError;
};

describe('engine/replay', () => {
  describe('replay of a history the code matches', () => {
    it('rebuilds a completed instance with nothing open and no new command', async () => {
      const instance = await replay(TransferWorkflow, 'w1', completed(), 5);
      expect(instance.status).to.equal('completed');
      expect(instance.outcome).to.deep.equal({ status: 'completed', result: 'moved 100' });
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'moved 100' });
      expect([...instance.open]).to.deep.equal([]);
      expect(instance.takeCommands()).to.deep.equal([]);
      expect(instance.revision).to.equal(5);
    });

    it('rebuilds a running instance waiting on its open step', async () => {
      const instance = await replay(TransferWorkflow, 'w1', waitingOnDeposit(), 3);
      expect(instance.status).to.equal('running');
      expect(instance.code.done).to.equal(false);
      expect([...instance.open]).to.deep.equal([2]);
      expect(instance.takeCommands()).to.deep.equal([]);
      expect([...instance.tasks.keys()]).to.deep.equal([1, 2]);
      expect(instance.tasks.get(2)).to.deep.equal({ service: 'BankService', method: 'deposit', args: ['carol', 'bob', 100], retry: 0 });
    });

    it('rebuilds a canceled instance', async () => {
      const events = [...start(withdraw()), ...decision('cancel-1', 1_500, { type: 'WorkflowCanceled', reason: 'user asked' })];
      const instance = await replay(TransferWorkflow, 'w1', events, 2);
      expect(instance.status).to.equal('canceled');
      expect(instance.outcome).to.deep.equal({ status: 'canceled', reason: 'user asked' });
      expect(instance.takeCommands()).to.deep.equal([]);
    });

    it('remembers which events each message caused', async () => {
      const instance = await replay(TransferWorkflow, 'w1', completed(), 5);
      expect([...instance.applied.keys()]).to.deep.equal(['run-1', 'w1:1:r0:completed', 'w1:2:r0:completed']);
      expect(instance.applied.get('w1:1:r0:completed')!.map((e) => e.type)).to.deep.equal(['TaskCompleted', 'TaskScheduled']);
    });

    it('goes on live from where the history ends', async () => {
      const instance = await replay(TransferWorkflow, 'w1', waitingOnDeposit(), 3);
      expect(instance.apply({ type: 'TaskCompleted', seq: 2, result: 100 }, 'live')).to.equal(true);
      await turn();
      expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'moved 100' });
      expect(instance.takeCommands()).to.deep.equal([]);
    });
  });

  describe('replay of a history the code does not match', () => {
    it('names both commands when the recorded task differs from the one the code asks for', async () => {
      const error = await nonDeterminism(start(taskScheduled(1, 'BankService', 'deposit', ['alice', 'bob', 100])));
      expect(error).to.include({
        workflowId: 'w1', seq: 1,
        recorded: 'task BankService.deposit("alice","bob",100)',
        produced: 'task BankService.withdraw("alice","bob",100)',
      });
      expect(error.message).to.equal('workflow w1, step 1: history recorded task BankService.deposit("alice","bob",100), code now produces task BankService.withdraw("alice","bob",100)');
    });

    it('sees different arguments', async () => {
      const error = await nonDeterminism(start(withdraw(50)));
      expect(error.recorded).to.equal('task BankService.withdraw("alice","bob",50)');
      expect(error.produced).to.equal('task BankService.withdraw("alice","bob",100)');
    });

    it('refuses a history with fewer commands than the code produces', async () => {
      const error = await nonDeterminism([...start(withdraw()), ...decision('w1:1:r0:completed', 2_000, { type: 'TaskCompleted', seq: 1, result: 900 })]);
      expect(error).to.include({ seq: 2, recorded: 'no command', produced: 'task BankService.deposit("carol","bob",100)' });
      const atStart = await nonDeterminism(start());
      expect(atStart).to.include({ seq: 1, recorded: 'no command', produced: 'task BankService.withdraw("alice","bob",100)' });
    });

    it('refuses a history with a command the code does not produce', async () => {
      class OneStep extends Workflow {
        private readonly bank = this.newService(BankService);
        async transfer(from: string, _to: string, amount: number): Promise<string> {
          await this.bank.withdraw(from, 'bob', amount);
          return 'half';
        }
      }
      const error = await nonDeterminism(waitingOnDeposit(), OneStep);
      expect(error).to.include({ seq: 2, recorded: 'task BankService.deposit("carol","bob",100)', produced: 'no command' });
    });

    it('refuses a history that does not start with WorkflowStarted', async () => {
      const error = await rejectionOf(replay(TransferWorkflow, 'w1', decision('x', 1, withdraw()), 0));
      expect((error as Error).message).to.equal('history of w1 does not start with WorkflowStarted');
      expect(((await rejectionOf(replay(TransferWorkflow, 'w1', [], 0))) as Error).message).to.contain('does not start with WorkflowStarted');
    });
  });

  describe('rebuildState', () => {
    let constructed = 0;
    let ran = 0;
    class Counting extends Workflow {
      constructor() {
        super();
        constructed++;
      }
      async transfer(): Promise<string> {
        ran++;
        return 'ran';
      }
    }
    beforeEach(() => {
      constructed = 0;
      ran = 0;
    });

    it('never runs the code, even where it no longer matches the history', async () => {
      const instance = await rebuildState(Counting, 'w1', waitingOnDeposit(), 3);
      expect([constructed, ran]).to.deep.equal([0, 0]);
      expect(instance.code).to.deep.equal({ done: false });
      expect(instance.status).to.equal('running');
      expect([...instance.open]).to.deep.equal([2]);
      expect([...instance.tasks.keys()]).to.deep.equal([1, 2]);
      expect(instance.takeCommands()).to.deep.equal([]);
      expect(instance.revision).to.equal(3);
    });

    it('rebuilds the outcome of an ended instance', async () => {
      const instance = await rebuildState(Counting, 'w1', completed(), 5);
      expect([constructed, ran]).to.deep.equal([0, 0]);
      expect(instance.status).to.equal('completed');
      expect(instance.outcome).to.deep.equal({ status: 'completed', result: 'moved 100' });
      expect([...instance.open]).to.deep.equal([]);
    });

    it('still refuses a history that does not start with WorkflowStarted', async () => {
      expect(await rejectionOf(rebuildState(Counting, 'w1', decision('x', 1, withdraw()), 0))).to.be.instanceOf(Error);
    });
  });

  describe('a failed task that retry took back', () => {
    const seen: string[] = [];
    class Careful extends Workflow {
      private readonly bank = this.newService(BankService);
      async transfer(from: string, to: string, amount: number): Promise<string> {
        try {
          await this.bank.withdraw(from, 'bob', amount);
        } catch (error) {
          seen.push((error as Error).message);
          throw error;
        }
        await this.bank.deposit(to, 'bob', amount);
        return `moved ${amount}`;
      }
    }
    beforeEach(() => {
      seen.length = 0;
    });
    const failed = (message: string, at: number, cause: string): RecordedEvent[] =>
      decision(cause, at, { type: 'TaskFailed', seq: 1, error: taskFailure(message) }, { type: 'WorkflowFailed', error: taskFailure(message), failedSeq: 1 });
    const retried = (retry: number, at: number, cause: string): RecordedEvent[] =>
      decision(cause, at, { type: 'TaskRetried', seq: 1, retry }, { type: 'WorkflowRetried' });

    it('is delivered to the code when it was not retried (control)', async () => {
      const instance = await replay(Careful, 'w1', [...start(withdraw()), ...failed('bank down', 2_000, 'f1')], 3);
      expect(seen).to.deep.equal(['task BankService.withdraw (w1:1) failed at attempt 12: bank down']);
      expect(instance.status).to.equal('failed');
      expect(instance.failedSeq).to.equal(1);
      expect(instance.code.done && !instance.code.ok && instance.code.error).to.be.instanceOf(TaskFailedError);
      expect(instance.failedSeqOf((instance.code as { error: unknown }).error)).to.equal(1);
    });

    it('is not delivered after TaskRetried: the instance waits on that step again', async () => {
      const instance = await replay(Careful, 'w1', [...start(withdraw()), ...failed('bank down', 2_000, 'f1'), ...retried(1, 3_000, 'retry-1')], 5);
      expect(seen).to.deep.equal([]);
      expect(instance.status).to.equal('running');
      expect(instance.failedSeq).to.equal(undefined);
      expect(instance.code.done).to.equal(false);
      expect([...instance.open]).to.deep.equal([1]);
      expect(instance.tasks.get(1)!.retry).to.equal(1);
      expect(instance.takeCommands()).to.deep.equal([]);

      instance.apply({ type: 'TaskCompleted', seq: 1, result: 900 }, 'live');
      await turn();
      expect(instance.takeCommands()).to.deep.equal([deposit()]);
    });

    it('delivers a later failure of the retried task', async () => {
      const events = [...start(withdraw()), ...failed('bank down', 2_000, 'f1'), ...retried(1, 3_000, 'retry-1'), ...failed('still down', 4_000, 'f2')];
      const instance = await replay(Careful, 'w1', events, 7);
      expect(seen).to.deep.equal(['task BankService.withdraw (w1:1) failed at attempt 12: still down']);
      expect(instance.status).to.equal('failed');
    });

    it('is taken back by rebuildState too', async () => {
      const instance = await rebuildState(Careful, 'w1', [...start(withdraw()), ...failed('bank down', 2_000, 'f1'), ...retried(2, 3_000, 'retry-1')], 5);
      expect(instance.status).to.equal('running');
      expect([...instance.open]).to.deep.equal([1]);
      expect(instance.tasks.get(1)!.retry).to.equal(2);
    });
  });

  describe('deterministic time and randomness', () => {
    it("now() returns each event's recorded time during replay", async () => {
      const times: number[] = [];
      class Clocked extends Workflow {
        private readonly bank = this.newService(BankService);
        async transfer(from: string, to: string, amount: number): Promise<string> {
          times.push(this.now());
          await this.bank.withdraw(from, 'bob', amount);
          times.push(this.now());
          await this.timer(500);
          times.push(this.now());
          await this.bank.deposit(to, 'bob', amount);
          times.push(this.now());
          return 'ok';
        }
      }
      const events = [
        ...start(withdraw()),
        ...decision('c1', 2_000, { type: 'TaskCompleted', seq: 1, result: 900 }, { type: 'TimerStarted', seq: 2, fireAt: 2_500 }),
        ...decision('timer', 2_600, { type: 'TimerFired', seq: 2 }, taskScheduled(3, 'BankService', 'deposit', ['carol', 'bob', 100])),
        ...decision('c3', 4_000, { type: 'TaskCompleted', seq: 3, result: 100 }, { type: 'WorkflowCompleted', result: 'ok' }),
      ];
      await replay(Clocked, 'w1', events, 7);
      expect(times).to.deep.equal([1_000, 2_000, 2_600, 4_000]);
      times.length = 0;
      await replay(Clocked, 'w1', events, 7);
      expect(times).to.deep.equal([1_000, 2_000, 2_600, 4_000]);
    });

    describe('random()', () => {
      const draws: number[][] = [];
      class Dice extends Workflow {
        async roll(): Promise<number[]> {
          const values = [this.random(), this.random()];
          await this.timer(10);
          values.push(this.random());
          draws.push(values);
          return values;
        }
      }
      const history = () => [
        ...decision('run', 1_000, workflowStarted('Dice', 'roll', []), { type: 'TimerStarted', seq: 1, fireAt: 1_010 }),
        ...decision('timer', 1_010, { type: 'TimerFired', seq: 1 }),
      ];
      beforeEach(() => {
        draws.length = 0;
      });

      it('gives the same sequence on every replay of the same workflow id', async () => {
        const first = await replay(Dice, 'dice-1', history(), 2);
        await replay(Dice, 'dice-1', history(), 2);
        expect(draws).to.have.length(2);
        expect(draws[1]).to.deep.equal(draws[0]);
        expect(first.code).to.deep.equal({ done: true, ok: true, value: draws[0] });
        for (const value of draws[0]!) expect(value).to.be.at.least(0).and.below(1);
        expect(new Set(draws[0]).size).to.equal(3);
      });

      it('gives another sequence for another workflow id', async () => {
        await replay(Dice, 'dice-1', history(), 2);
        await replay(Dice, 'dice-2', history(), 2);
        expect(draws[1]).not.to.deep.equal(draws[0]);
      });
    });
  });
});
