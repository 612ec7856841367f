import type { LedgerLine } from '@cadenza/conformance';
import type { StoredEvent } from '@cadenza/core';
import { expect } from 'chai';
import { checkInvariants, type InjectedFault, makeTransfers, type TransferRecord } from '../src';

const [transfer] = makeTransfers('t', 1) as [ReturnType<typeof makeTransfers>[number]];
const line = (taskId: string, method: string, account: string, delta: number, at = 10): LedgerLine => ({ taskId, method, account, delta, pid: 1, at });
const steps = (): LedgerLine[] => [
  line('t-0:1', 'withdraw', transfer.from, -transfer.amount),
  line('t-0:2', 'deposit', transfer.to, transfer.amount),
  line('t-0:3', 'send', transfer.from, 0),
];
const event = (type: string): StoredEvent => ({ id: type, type, data: {}, metadata: {}, revision: 0 });
const completedHistory = [event('WorkflowStarted'), ...['TaskScheduled', 'TaskCompleted'].flatMap((type) => [event(type), event(type), event(type)]), event('WorkflowCompleted')];
const completed: TransferRecord = { transfer, startedAt: 1, completedAt: 100, dispatches: 1 };
const kill: InjectedFault = { kind: 'kill', at: 50, endedAt: 50, detail: 'workflows worker pid 7', ok: true };

const check = (o: { ledger?: LedgerLine[]; records?: TransferRecord[]; history?: StoredEvent[] | undefined }) =>
  checkInvariants({
    records: o.records ?? [completed],
    ledger: o.ledger ?? steps(),
    histories: new Map([['t-0', 'history' in o ? o.history : completedHistory]]),
    faults: [kill],
    startedAt: 0,
  });

describe('chaos invariants', () => {
  it('a clean transfer, with a duplicate execution under the same task id, breaks nothing', () => {
    expect(check({ ledger: [...steps(), line('t-0:2', 'deposit', transfer.to, transfer.amount)] })).to.deep.equal([]);
  });

  it('an effect under an extra task id breaks effect-once and money-conserved, naming the fault before it', () => {
    const violations = check({ ledger: [...steps(), line('t-0:4', 'deposit', transfer.to, transfer.amount)] });
    expect(violations.map((v) => v.invariant)).to.include.members(['effect-once', 'money-conserved']);
    expect(violations.find((v) => v.invariant === 'effect-once')).to.include({ workflowId: 't-0' })
      .and.to.have.property('faultsBefore').that.deep.equals(['kill (workflows worker pid 7) at +0.1 s']);
  });

  it('a transfer that never ended is shown the faults up to 30 s after its last step, not the later ones', () => {
    const late: InjectedFault = { kind: 'broker-restart', at: 40_011, endedAt: 50_000, detail: 'pulsar', ok: true };
    const [violation] = checkInvariants({
      records: [{ transfer, startedAt: 1, dispatches: 1 }], ledger: steps().slice(0, 1), histories: new Map(), faults: [kill, late], startedAt: 0,
    });
    expect(violation?.faultsBefore).to.deep.equal(['kill (workflows worker pid 7) at +0.1 s']);
  });

  it('a missing step, a transfer without a result and a second outcome are each named', () => {
    expect(check({ ledger: steps().slice(0, 2) }).map((v) => v.message)).to.include('completed, but step 3 (send) never ran under task id t-0:3');
    expect(check({ records: [{ transfer, startedAt: 1, dispatches: 1 }], ledger: [], history: [] }).map((v) => v.message)).to.deep.equal(['no result, and its history has no WorkflowCompleted']);
    expect(check({ records: [{ transfer, startedAt: 1, dispatches: 1 }] }).map((v) => v.message))
      .to.deep.equal(['no result, though its history has WorkflowCompleted: the reply never reached the client']);
    expect(check({ history: [...completedHistory, event('WorkflowCompleted')] }).map((v) => v.message))
      .to.deep.equal(['its history ends 2 × WorkflowCompleted; expected 1 × WorkflowCompleted']);
    expect(check({ history: undefined }).map((v) => v.invariant)).to.deep.equal(['single-outcome']);
  });
});
