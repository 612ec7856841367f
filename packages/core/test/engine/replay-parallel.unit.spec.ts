import { expect } from 'chai';
import { isCommandEvent } from '../../src/engine/commands';
import { replay } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { WorkflowInstance } from '../../src/engine/workflow-instance';
import { NonDeterminismError } from '../../src/errors/non-determinism-error';
import type { HistoryEvent, HistoryEventOf } from '../../src/model/history-events';
import { Deferred } from '../../src/workflow/deferred';
import { Workflow, type WorkflowClass } from '../../src/workflow/workflow';
import { decision, turn, workflowStarted } from '../support/history';
import { rejectionOf } from '../support/rejection-of';
import { BankService } from './bank-workflows';

/** Two branches, each a withdraw then a deposit, run side by side. */
class Branches extends Workflow {
  private readonly bank = this.newService(BankService);
  async run(): Promise<number[]> {
    const branch = async (wallet: string) => {
      const left = await this.bank.withdraw(wallet, 'u', 1);
      return this.bank.deposit(wallet, 'u', left);
    };
    return Promise.all([branch('a'), branch('b')]);
  }
}

/** A task raced against a timer. */
class Race extends Workflow {
  private readonly bank = this.newService(BankService);
  async run(): Promise<string> {
    const first = await Deferred.any(this.bank.withdraw('a', 'u', 1) as Deferred<unknown>, this.timer(1_000) as Deferred<unknown>);
    const winner = first === undefined ? 'timer' : 'task';
    await this.bank.deposit('a', 'u', winner.length);
    return winner;
  }
}

/**
 * Runs a workflow live as the engine does, feeding it `outcomes` one decision at a time, and returns the
 * history it recorded: each decision is the outcome plus the commands the code produced after it.
 */
const recordLive = async (workflowClass: WorkflowClass, method: string, outcomes: HistoryEvent[]): Promise<RecordedEvent[]> => {
  const started = workflowStarted(workflowClass.name, method, []) as HistoryEventOf<'WorkflowStarted'>;
  const instance = new WorkflowInstance(workflowClass, started, 'w1');
  let at = 1_000;
  instance.time = at;
  instance.apply(started, 'live');
  await turn();
  const history: RecordedEvent[] = [];
  const decide = (cause: string, first: HistoryEvent[]) => {
    const commands = instance.takeCommands();
    for (const command of commands) instance.apply(command, 'live');
    const events = [...first, ...commands];
    if (instance.code.done && instance.code.ok) events.push({ type: 'WorkflowCompleted', result: instance.code.value });
    history.push(...decision(cause, at, ...events));
  };
  decide('run', [started]);
  for (const [i, outcome] of outcomes.entries()) {
    at += 1_000;
    instance.time = at;
    if (instance.apply(outcome, 'live')) await turn();
    decide(`m${i}`, [outcome]);
  }
  return history;
};

const commandsOf = (history: RecordedEvent[]) => history.map(({ event }) => event).filter(isCommandEvent);

describe('engine/replay of parallel branches', () => {
  it('numbers steps in the order outcomes arrived, and replays that order', async () => {
    const history = await recordLive(Branches, 'run', [
      { type: 'TaskCompleted', seq: 2, result: 20 },
      { type: 'TaskCompleted', seq: 1, result: 10 },
    ]);
    expect(commandsOf(history)).to.deep.equal([
      { type: 'TaskScheduled', seq: 1, service: 'BankService', method: 'withdraw', args: ['a', 'u', 1] },
      { type: 'TaskScheduled', seq: 2, service: 'BankService', method: 'withdraw', args: ['b', 'u', 1] },
      { type: 'TaskScheduled', seq: 3, service: 'BankService', method: 'deposit', args: ['b', 'u', 20] },
      { type: 'TaskScheduled', seq: 4, service: 'BankService', method: 'deposit', args: ['a', 'u', 10] },
    ]);
    const instance = await replay(Branches, 'w1', history, history.length - 1);
    expect([...instance.open].sort()).to.deep.equal([3, 4]);
    expect(instance.takeCommands()).to.deep.equal([]);
  });

  it('refuses a history whose outcomes are reordered against its commands', async () => {
    const history = await recordLive(Branches, 'run', [{ type: 'TaskCompleted', seq: 2, result: 20 }, { type: 'TaskCompleted', seq: 1, result: 10 }]);
    const swapped = history.map((r) => r.event.type === 'TaskCompleted'
      ? { ...r, event: { ...r.event, seq: (r.event as { seq: number }).seq === 1 ? 2 : 1 } as HistoryEvent }
      : r);
    const error = await rejectionOf(replay(Branches, 'w1', swapped, swapped.length - 1));
    expect(error).to.be.instanceOf(NonDeterminismError).and.include({ seq: 3, recorded: 'task BankService.deposit("b","u",20)', produced: 'task BankService.deposit("a","u",20)' });
  });

  it('replays a completed race and ignores the late loser', async () => {
    const history = await recordLive(Race, 'run', [
      { type: 'TimerFired', seq: 2 },
      { type: 'TaskCompleted', seq: 1, result: 5 },
      { type: 'TaskCompleted', seq: 3, result: 5 },
    ]);
    expect(history.at(-1)!.event).to.deep.equal({ type: 'WorkflowCompleted', result: 'timer' });
    const instance = await replay(Race, 'w1', history, history.length - 1);
    expect(instance.code).to.deep.equal({ done: true, ok: true, value: 'timer' });
    expect(instance.takeCommands()).to.deep.equal([]);
  });
});
