import { expect } from 'chai';
import { evolve, foldHistory } from '../../src/engine/evolve';
import { seededRandom } from '../../src/engine/seeded-random';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { initialState, type WorkflowState } from '../../src/engine/workflow-state';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import { Deferred } from '../../src/workflow/deferred';
import { Workflow } from '../../src/workflow/workflow';
import { decision, workflowStarted } from '../support/history';
import { BankService, TransferWorkflow } from './bank-workflows';
import { RecordedRun, type ToWorkflow } from './recorded-run';

/**
 * Everything a state holds, as plain JSON, so two states compare with deep equality; `time` only when
 * asked (a message that records nothing moves the live instance's time, not the history's).
 */
const view = (state: WorkflowState, withTime = true) => JSON.parse(JSON.stringify({
  status: state.status, outcome: state.outcome, revision: state.revision, time: withTime ? state.time : undefined, failedSeq: state.failedSeq,
  retries: state.retries, blockedBy: state.blockedBy, waiters: state.waiters, applied: [...state.applied], tasks: [...state.tasks],
  children: [...state.children], timers: [...state.timers].sort(), open: [...state.open].sort(), waiting: state.signals.waiting(),
  buffered: state.signals.buffered(),
})) as unknown;

const foldOf = (run: RecordedRun) => foldHistory(run.instance.workflowId, run.recorded, run.recorded.length - 1);

/** The fold of what the run recorded holds what the live instance holds, and a replay of it too. */
const expectFoldMatches = async (run: RecordedRun) => {
  expect(view(foldOf(run), run.lastRecorded)).to.deep.equal(view(run.instance.state, run.lastRecorded));
  await run.reload();
  expect(view(run.instance.state)).to.deep.equal(view(foldOf(run)));
};

const taskOutcome = (seq: number, result: unknown, retry = 0): ToWorkflow => ({ kind: 'TaskCompleted', seq, taskId: `w1:${seq}`, result: result as never, attempt: 1, retry });
const taskFailure = (seq: number, retry = 0): ToWorkflow => ({ kind: 'TaskFailed', seq, taskId: `w1:${seq}`, error: { name: 'Error', message: 'insufficient funds' }, attempt: 3, retry });
const signal = (value: string, channel = 'approvals'): ToWorkflow => ({ kind: 'SendSignal', channel, value });

class TimedTransfer extends Workflow {
  private readonly bank = this.newService(BankService);
  async run(): Promise<number> {
    await this.timer(500);
    return this.bank.deposit('w', 'bob', 5);
  }
}

class Payout extends Workflow {
  private readonly transfer = this.newWorkflow(TransferWorkflow);
  async run(): Promise<unknown> {
    return this.transfer.transfer('a', 'b', 1);
  }
}

class Approval extends Workflow {
  async run(): Promise<string[]> {
    const approvals = this.channel<string>('approvals');
    return [await approvals.receive(), await approvals.receive()];
  }
}

/** The transfer as it was changed by a later deploy: the first step asks for another amount. */
class ChangedTransfer extends Workflow {
  static readonly workflowName = 'TransferWorkflow';
  private readonly bank = this.newService(BankService);
  async transfer(from: string, to: string, amount: number): Promise<string> {
    await this.bank.withdraw(from, 'bob', amount + 1);
    await this.bank.deposit(to, 'bob', amount);
    return 'changed';
  }
}

describe('engine/evolve', () => {
  describe('folds recorded histories into the state the live instance holds', () => {
    it('a bank transfer, step by step', async () => {
      const run = await RecordedRun.start(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
      expect(foldOf(run)).to.include({ status: 'running' });
      expect([...foldOf(run).open]).to.deep.equal([1]);
      await run.send({ kind: 'WaitWorkflow', replyTo: 'cadenza.client.c1' });
      await run.send(taskOutcome(1, 900));
      await expectFoldMatches(run);
      await run.send(taskOutcome(2, 100));
      const state = foldOf(run);
      expect(state).to.include({ status: 'completed', retries: 0 });
      expect(state.outcome).to.deep.equal({ status: 'completed', result: 'moved 100' });
      expect(state.waiters).to.deep.equal([{ replyTo: 'cadenza.client.c1', requestId: 'm1' }]);
      expect([...state.tasks.keys()]).to.deep.equal([1, 2]);
      expect([...state.applied.keys()]).to.deep.equal(['run', 'm1', 'm2', 'm3']);
      await expectFoldMatches(run);
    });

    it('a task that failed the workflow, retried, then completed', async () => {
      const run = await RecordedRun.start(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
      await run.send(taskFailure(1));
      expect(foldOf(run)).to.include({ status: 'failed', failedSeq: 1 });
      await expectFoldMatches(run);
      await run.send({ kind: 'RetryWorkflow' });
      const retried = foldOf(run);
      expect(retried).to.include({ status: 'running', failedSeq: undefined, retries: 1, outcome: undefined });
      expect(retried.tasks.get(1)?.retry).to.equal(1);
      expect([...retried.open]).to.deep.equal([1]);
      await expectFoldMatches(run);
      await run.send(taskOutcome(1, 900, 1));
      await run.send(taskOutcome(2, 100));
      expect(foldOf(run)).to.include({ status: 'completed' });
      await expectFoldMatches(run);
    });

    it('a child that failed its parent, retried through the parent', async () => {
      const run = await RecordedRun.start(Payout, 'run', []);
      expect([...foldOf(run).children.keys()]).to.deep.equal([1]);
      await run.send({ kind: 'ChildWorkflowFailed', seq: 1, error: { name: 'Error', message: 'child failed' } });
      expect(foldOf(run)).to.include({ status: 'failed', failedSeq: 1 });
      await run.send({ kind: 'RetryWorkflow' });
      expect(run.recorded.map(({ event }) => event.type).slice(-2)).to.deep.equal(['ChildWorkflowRetried', 'WorkflowRetried']);
      expect([...foldOf(run).open]).to.deep.equal([1]);
      await run.send({ kind: 'ChildWorkflowCompleted', seq: 1, result: 'moved 1' });
      expect(foldOf(run).outcome).to.deep.equal({ status: 'completed', result: 'moved 1' });
      await expectFoldMatches(run);
    });

    it('a timer, then a task', async () => {
      const run = await RecordedRun.start(TimedTransfer, 'run', []);
      expect([...foldOf(run).timers]).to.deep.equal([1]);
      await run.send({ kind: 'TimerFired', seq: 1 });
      expect([...foldOf(run).open]).to.deep.equal([2]);
      await expectFoldMatches(run);
      await run.send({ kind: 'TimerFired', seq: 1 });
      await run.send(taskOutcome(2, 5));
      expect(foldOf(run).outcome).to.deep.equal({ status: 'completed', result: 5 });
      await expectFoldMatches(run);
    });

    it('signals sent before and after their receives', async () => {
      const run = await RecordedRun.start(Approval, 'run', []);
      expect(foldOf(run).signals.waiting()).to.deep.equal([1]);
      await run.send(signal('x', 'other'));
      expect(foldOf(run).signals.buffered()).to.deep.equal({ other: ['x'] });
      await expectFoldMatches(run);
      await run.send(signal('alice'));
      await run.send(signal('bob'));
      expect(foldOf(run).outcome).to.deep.equal({ status: 'completed', result: ['alice', 'bob'] });
      expect(foldOf(run).signals.waiting()).to.deep.equal([]);
      await expectFoldMatches(run);
    });

    it('a cancel', async () => {
      const run = await RecordedRun.start(Payout, 'run', []);
      await run.send({ kind: 'CancelWorkflow', reason: 'user asked' });
      const state = foldOf(run);
      expect(state).to.include({ status: 'canceled' });
      expect(state.outcome).to.deep.equal({ status: 'canceled', reason: 'user asked' });
      expect([...state.open]).to.deep.equal([1]);
      await expectFoldMatches(run);
    });

    it('a workflow blocked by code that no longer matches, then retried', async () => {
      const run = await RecordedRun.start(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
      await run.send(taskOutcome(1, 900));
      await run.reload(ChangedTransfer);
      expect(run.instance.broken).to.be.instanceOf(Error);
      await run.send(taskOutcome(2, 100));
      expect(run.recorded.map(({ event }) => event.type).slice(-2)).to.deep.equal(['TaskCompleted', 'WorkflowBlocked']);
      const blocked = foldOf(run);
      expect(blocked).to.include({ status: 'blocked' });
      expect(blocked.blockedBy).to.include({ name: 'NonDeterminismError' });
      expect(view(blocked)).to.deep.equal(view(run.instance.state));
      await run.send({ kind: 'RetryWorkflow' });
      expect(foldOf(run)).to.include({ status: 'completed', retries: 1, blockedBy: undefined });
      await expectFoldMatches(run);
    });
  });

  describe('over seeded runs of a workflow that does everything', () => {
    /** A payment (task, timer, task), an approval raced against a timer, and a child, side by side. */
    class Everything extends Workflow {
      private readonly bank = this.newService(BankService);
      private readonly child = this.newWorkflow(TransferWorkflow);
      async run(): Promise<unknown[]> {
        const approvals = this.channel<unknown>('approvals');
        const pay = async () => {
          const left = await this.bank.withdraw('w', 'u', 1);
          await this.timer(50);
          return this.bank.deposit('w', 'u', left);
        };
        const approve = async () => {
          const first = await Deferred.any<unknown>(approvals.receive(), this.timer(100) as Deferred<unknown>);
          return [first, await approvals.receive()];
        };
        const payout = async () => this.child.transfer('a', 'b', 3);
        return Promise.all([pay(), approve(), payout()]);
      }
    }

    /** The messages that could come next: outcomes of open steps (some failing), signals, waits, old outcomes again, a retry, a cancel. */
    const nextMessages = (run: RecordedRun, sent: ToWorkflow[], random: () => number): ToWorkflow[] => {
      const state = run.instance.state;
      if (state.status === 'failed' || state.status === 'blocked') return [{ kind: 'RetryWorkflow' }];
      const choices: ToWorkflow[] = [signal(`s${sent.length}`), { kind: 'WaitWorkflow', replyTo: 'cadenza.client.c1' }];
      for (const seq of state.open) {
        const task = state.tasks.get(seq);
        if (task) choices.push(random() < 0.2 ? taskFailure(seq, task.retry) : taskOutcome(seq, seq * 10, task.retry));
        else if (state.timers.has(seq)) choices.push({ kind: 'TimerFired', seq });
        else choices.push(random() < 0.2 ? { kind: 'ChildWorkflowFailed', seq, error: { name: 'Error', message: 'child failed' } } : { kind: 'ChildWorkflowCompleted', seq, result: 'moved 3' });
      }
      if (sent.length > 0) choices.push(sent[Math.floor(random() * sent.length)]!);
      if (random() < 0.03) choices.push({ kind: 'CancelWorkflow', reason: 'enough' });
      return choices;
    };

    const histories: RecordedEvent[][] = [];
    for (let seed = 1; seed <= 12; seed++) {
      it(`seed ${seed}: after every message, and after a reload`, async () => {
        const random = seededRandom(`evolve-${seed}`);
        const run = await RecordedRun.start(Everything, 'run', []);
        const sent: ToWorkflow[] = [];
        for (let step = 0; step < 40 && (run.instance.status === 'running' || run.instance.status === 'failed'); step++) {
          const choices = nextMessages(run, sent, random);
          const message = choices[Math.floor(random() * choices.length)]!;
          sent.push(message);
          await run.send(message);
          expect(view(foldOf(run), run.lastRecorded)).to.deep.equal(view(run.instance.state, run.lastRecorded));
          if (random() < 0.25) await expectFoldMatches(run);
        }
        await expectFoldMatches(run);
        histories.push(run.recorded);
      });
    }

    it('folding a history with every outcome delivered twice gives the same state', () => {
      expect(histories.length).to.be.greaterThan(0);
      const outcomes = new Set<string>(['TaskCompleted', 'TaskFailed', 'TimerFired', 'ChildWorkflowCompleted', 'ChildWorkflowFailed', 'TaskRetried', 'ChildWorkflowRetried']);
      for (const history of histories) {
        const doubled = history.flatMap((recorded) => (outcomes.has(recorded.event.type) ? [recorded, recorded] : [recorded]));
        const once = view(foldHistory('w1', history, 0)) as { applied: unknown };
        const twice = view(foldHistory('w1', doubled, 0)) as { applied: unknown };
        expect({ ...twice, applied: undefined }).to.deep.equal({ ...once, applied: undefined });
      }
    });
  });

  describe('never throws', () => {
    /** Any event a store could hold, with steps drawn from a few numbers so that they meet. */
    const anyEvent = (random: () => number): HistoryEvent => {
      const seq = 1 + Math.floor(random() * 4);
      const error = { name: 'Error', message: 'x' };
      const events: HistoryEvent[] = [
        workflowStarted('W', 'run', []), { type: 'WaiterAdded', replyTo: 'r', requestId: `q${seq}` },
        { type: 'TaskScheduled', seq, service: 'S', method: 'm', args: [] }, { type: 'TaskCompleted', seq, result: seq },
        { type: 'TaskFailed', seq, error }, { type: 'TaskRetried', seq, retry: seq }, { type: 'TimerStarted', seq, fireAt: 5 },
        { type: 'TimerFired', seq }, { type: 'ChildWorkflowStarted', seq, workflowName: 'C', workflowId: `c${seq}`, method: 'run', args: [], tags: [], meta: {} },
        { type: 'ChildWorkflowCompleted', seq, result: null }, { type: 'ChildWorkflowFailed', seq, error }, { type: 'ChildWorkflowRetried', seq },
        { type: 'ReceiveStarted', seq, channel: `c${seq % 2}` }, { type: 'SignalReceived', channel: `c${seq % 2}`, value: seq },
        { type: 'WorkflowCompleted', result: 1 }, { type: 'WorkflowFailed', error, failedSeq: seq }, { type: 'WorkflowRetried' },
        { type: 'WorkflowBlocked', error }, { type: 'WorkflowCanceled', reason: 'r' },
      ];
      return events[Math.floor(random() * events.length)]!;
    };

    it('on any sequence of events, in any order, repeated', () => {
      for (let seed = 1; seed <= 50; seed++) {
        const random = seededRandom(`any-${seed}`);
        const events = [workflowStarted('W', 'run', []), ...Array.from({ length: 60 }, () => anyEvent(random))];
        const recorded = events.flatMap((event, i) => decision(`m${i}`, i, event));
        expect(() => foldHistory('w1', recorded, recorded.length - 1)).not.to.throw();
      }
    });

    it('and returns the state it was given, updated in place', () => {
      const state = initialState('w1', workflowStarted('W', 'run', []) as HistoryEventOf<'WorkflowStarted'>);
      expect(evolve(state, { type: 'TimerStarted', seq: 1, fireAt: 5 })).to.equal(state);
      expect([...state.open]).to.deep.equal([1]);
    });

    it('refuses, by name, a history that does not start with WorkflowStarted', () => {
      expect(() => foldHistory('w1', decision('m', 0, { type: 'TimerFired', seq: 1 }), 0)).to.throw('history of w1 does not start with WorkflowStarted');
    });
  });
});

describe('engine/evolve: open updates', () => {
  it('keeps an accepted update open (name, replyTo) until its UpdateCompleted', () => {
    const state = initialState('w1', workflowStarted('Limits', 'run', []) as HistoryEventOf<'WorkflowStarted'>);
    evolve(state, { type: 'UpdateAccepted', updateId: 'u1', name: 'reserve', value: 'a', replyTo: 'ns.client.c1' });
    evolve(state, { type: 'UpdateAccepted', updateId: 'u2', name: 'increment', value: null });
    expect([...state.openUpdates!]).to.deep.equal([['u1', { name: 'reserve', replyTo: 'ns.client.c1' }], ['u2', { name: 'increment' }]]);
    evolve(state, { type: 'UpdateCompleted', updateId: 'u1', result: 'a:done' });
    expect([...state.openUpdates!.keys()]).to.deep.equal(['u2']);
    // A completion of an update that is not open changes nothing.
    evolve(state, { type: 'UpdateCompleted', updateId: 'u9' });
    expect([...state.openUpdates!.keys()]).to.deep.equal(['u2']);
  });
});
