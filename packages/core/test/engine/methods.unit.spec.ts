import { expect } from 'chai';
import * as t from 'io-ts';
import { answerQuery } from '../../src/engine/query-answer';
import { refuseMethod } from '../../src/engine/method-start';
import { evolve } from '../../src/engine/evolve';
import { initialState } from '../../src/engine/workflow-state';
import { nextMethodRun, runningMethods } from '../../src/engine/method-runs';
import { fromErrorData } from '../../src/errors/from-error-data';
import type { HistoryEventOf } from '../../src/model/history-events';
import type { MessageOf, WorkflowOutcome } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { defineService } from '../../src/workflow/service-definition';
import { Workflow } from '../../src/workflow/workflow';
import { workflowStarted } from '../support/history';
import { RecordedRun } from './recorded-run';

interface Ledger { add(amount: number): Promise<number> }
const Ledger = defineService<Ledger>('Ledger');

class Account extends Workflow {
  static readonly methods = { deposit: { args: t.tuple([t.number]) } };
  static readonly queries = ['balance', 'peek', 'roll'];
  private readonly ledger = this.newService(Ledger);
  balance = 0;

  async open(initial: number): Promise<number> {
    this.balance = initial;
    await this.channel<string>('close').receive();
    return this.balance;
  }

  async deposit(amount: number): Promise<number> {
    await this.ledger.add(amount);
    this.balance += amount;
    return this.balance;
  }

  peek(plus: number): number {
    return this.balance + plus;
  }

  roll(): number {
    return this.random();
  }
}

/** The same account, whose deposit now asks the ledger for something else: its history no longer matches. */
class ChangedAccount extends Account {
  static readonly workflowName = 'Account';
  override async deposit(amount: number): Promise<number> {
    await (this as unknown as { ledger: { add(a: number): Promise<number> } }).ledger.add(amount * 2);
    return 0;
  }
}

const names = createNames('ns');
const envelopeOf = <M extends MessageOf<'RunMethod' | 'QueryWorkflow'>>(message: M, id = 'req-1') => ({ v: 1 as const, id, at: 5, message });
const runMethod = (method: string, args: unknown[]): MessageOf<'RunMethod'> => ({ kind: 'RunMethod', workflowName: 'Account', workflowId: 'w1', method, args, replyTo: 'ns.client.c1' });
const query = (name: string, args: unknown[] = []): MessageOf<'QueryWorkflow'> => ({ kind: 'QueryWorkflow', workflowName: 'Account', workflowId: 'w1', query: name, args, replyTo: 'ns.client.c1' });
const refusalOf = (outcome: WorkflowOutcome): Error & { code?: string } => {
  if (outcome.status !== 'refused') throw new Error(`not refused: ${outcome.status}`);
  return fromErrorData(outcome.error) as Error & { code?: string };
};
const outcomeOf = (out: Awaited<ReturnType<typeof answerQuery>>) => {
  const message = out[0]!.envelope.message;
  if (message.kind !== 'WorkflowReply') throw new Error(`not a reply: ${message.kind}`);
  return message.outcome;
};

describe('engine/methods', () => {
  it('records a method run beside the main method: MethodStarted, its steps on the shared seq counter, then MethodCompleted', async () => {
    const run = await RecordedRun.start(Account, 'open', [10]);
    const started = await run.send({ kind: 'RunMethod', method: 'deposit', args: [5], replyTo: 'ns.client.c1' }, 'req-1');
    expect(started).to.deep.equal([
      { type: 'MethodStarted', methodRun: 1, method: 'deposit', args: [5], requestId: 'req-1', replyTo: 'ns.client.c1' },
      { type: 'TaskScheduled', seq: 2, service: 'Ledger', method: 'add', args: [5] },
    ]);
    const ended = await run.send({ kind: 'TaskCompleted', seq: 2, taskId: 'w1:2', result: 5, attempt: 1 });
    expect(ended).to.deep.equal([{ type: 'TaskCompleted', seq: 2, result: 5 }, { type: 'MethodCompleted', methodRun: 1, result: 15 }]);
    expect(run.instance.status, 'a method ending does not end the instance').to.equal('running');
    const closed = await run.send({ kind: 'SendSignal', channel: 'close', value: 'now' });
    expect(closed.at(-1)).to.deep.equal({ type: 'WorkflowCompleted', result: 15 });
  });

  it('replays a history with method runs to the same object state, and numbers the next run after them', async () => {
    const run = await RecordedRun.start(Account, 'open', [10]);
    await run.send({ kind: 'RunMethod', method: 'deposit', args: [5] }, 'req-1');
    await run.send({ kind: 'TaskCompleted', seq: 2, taskId: 'w1:2', result: 5, attempt: 1 });
    await run.send({ kind: 'RunMethod', method: 'deposit', args: [7] }, 'req-2');
    await run.reload();
    expect(run.instance.broken).to.equal(undefined);
    expect((run.instance.workflow as Account).balance).to.equal(15);
    expect(nextMethodRun(run.instance.state)).to.equal(3);
    const ended = await run.send({ kind: 'TaskCompleted', seq: 3, taskId: 'w1:3', result: 7, attempt: 1 });
    expect(ended.at(-1)).to.deep.equal({ type: 'MethodCompleted', methodRun: 2, result: 22 });
  });

  it('blocks on replay when a method asks for another step than its history recorded, naming both', async () => {
    const run = await RecordedRun.start(Account, 'open', [10]);
    await run.send({ kind: 'RunMethod', method: 'deposit', args: [5] }, 'req-1');
    await run.reload(ChangedAccount);
    expect(run.instance.broken?.message).to.contain('Ledger.add(5)').and.contain('Ledger.add(10)');
  });

  it('records what a method threw as MethodFailed, and the instance runs on', async () => {
    const run = await RecordedRun.start(Account, 'open', [10]);
    await run.send({ kind: 'RunMethod', method: 'deposit', args: [5] }, 'req-1');
    const failed = await run.send({ kind: 'TaskFailed', seq: 2, taskId: 'w1:2', error: { name: 'Error', message: 'ledger down' }, attempt: 3 });
    const end = failed.at(-1) as HistoryEventOf<'MethodFailed'>;
    expect(end.type).to.equal('MethodFailed');
    expect(fromErrorData(end.error).message).to.contain('ledger down');
    expect(run.instance.status).to.equal('running');
  });

  it('folds method events into the state: runs by number, the running ones, and method calls as open steps', () => {
    const state = initialState('w1', workflowStarted('Account', 'open', [1]) as HistoryEventOf<'WorkflowStarted'>);
    evolve(state, { type: 'MethodStarted', methodRun: 1, method: 'deposit', args: [1], requestId: 'r1' });
    evolve(state, { type: 'MethodStarted', methodRun: 2, method: 'deposit', args: [2], requestId: 'r2' });
    evolve(state, { type: 'MethodCompleted', methodRun: 1, result: 1 });
    evolve(state, { type: 'MethodCalled', seq: 4, workflowName: 'Other', workflowId: 'o1', method: 'm', args: [] });
    expect(runningMethods(state).map(([methodRun]) => methodRun)).to.deep.equal([2]);
    expect(nextMethodRun(state)).to.equal(3);
    expect(state.open.has(4)).to.equal(true);
    // An end of a run the history never started changes nothing.
    evolve(state, { type: 'MethodFailed', methodRun: 9, error: { name: 'Error', message: 'x' } });
    expect(state.methods?.size).to.equal(2);
  });

  describe('refuseMethod', () => {
    const refusal = async (message: MessageOf<'RunMethod'>, fail = false) => {
      const run = await RecordedRun.start(Account, 'open', [1]);
      if (fail) run.instance.state.status = 'failed';
      const out = refuseMethod(Account, run.instance, envelopeOf(message), message, names, 5);
      return out.length === 0 ? undefined : refusalOf(outcomeOf(out));
    };

    it('lets a method the class has, with arguments its codec takes, start', async () => {
      expect(await refusal(runMethod('deposit', [3]))).to.equal(undefined);
    });

    it('refuses a method the class does not have with NotRegisteredError, naming the methods it has', async () => {
      const error = await refusal(runMethod('withdraw', [3]));
      expect(error?.code).to.equal('NOT_REGISTERED');
      expect(error?.message).to.contain('Account.withdraw').and.contain('deposit');
    });

    it('refuses arguments the method’s codec does not take with InvalidArgumentsError', async () => {
      expect((await refusal(runMethod('deposit', ['three'])))?.code).to.equal('INVALID_ARGUMENTS');
    });

    it('refuses a method on a failed instance with MethodAbandonedError', async () => {
      expect((await refusal(runMethod('deposit', [3]), true))?.code).to.equal('METHOD_ABANDONED');
    });

    it('tells a workflow caller by a ChildWorkflowFailed of its step', async () => {
      const run = await RecordedRun.start(Account, 'open', [1]);
      const message = { ...runMethod('withdraw', []), caller: { workflowName: 'Clerk', workflowId: 'c1', seq: 3 } };
      const { replyTo: _, ...fromWorkflow } = message;
      const [out] = refuseMethod(Account, run.instance, envelopeOf(fromWorkflow), fromWorkflow, names, 5);
      expect(out?.topic).to.equal(names.workflowTopic('Clerk'));
      expect(out?.envelope.message).to.deep.include({ kind: 'ChildWorkflowFailed', workflowId: 'c1', seq: 3 });
    });
  });

  describe('answerQuery', () => {
    const answer = async (message: MessageOf<'QueryWorkflow'>, prepare?: (run: RecordedRun) => void) => {
      const run = await RecordedRun.start(Account, 'open', [4]);
      prepare?.(run);
      const revision = run.recorded.length;
      const outcome = outcomeOf(await answerQuery(Account, run.instance, envelopeOf(message), message, 5));
      expect(run.recorded.length, 'a query records nothing').to.equal(revision);
      return outcome;
    };

    it('answers a method query with its arguments, and a property query with its value', async () => {
      expect(await answer(query('peek', [2]))).to.deep.equal({ status: 'completed', result: 6 });
      expect(await answer(query('balance'))).to.deep.equal({ status: 'completed', result: 4 });
    });

    it('refuses a name the class does not list in static queries with UnknownQueryError, whoever sent it', async () => {
      const error = refusalOf(await answer(query('deposit', [1])));
      expect(error.code).to.equal('UNKNOWN_QUERY');
      expect(error.message).to.contain('balance, peek, roll');
    });

    it('refuses a query that calls random() with QueryNotReadOnlyError, and the instance’s random sequence is untouched', async () => {
      let queried: RecordedRun | undefined;
      expect(refusalOf(await answer(query('roll'), (run) => { queried = run; })).code).to.equal('QUERY_NOT_READ_ONLY');
      const fresh = await RecordedRun.start(Account, 'open', [4]);
      expect(queried!.instance.random()).to.equal(fresh.instance.random());
    });

    it('answers unknown for an instance that has completed', async () => {
      expect(await answer(query('balance'), (run) => { run.instance.state.status = 'completed'; })).to.deep.equal({ status: 'unknown', reason: 'has already ended' });
    });

    it('refuses a query of a blocked instance (its code does not run) with the reason it is blocked', async () => {
      const outcome = await answer(query('balance'), (run) => { run.instance.broken = new Error('code no longer matches'); });
      expect(refusalOf(outcome).message).to.equal('code no longer matches');
    });
  });
});
