import { type Client, type HistoryEvent, type Deferred, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Gated, Gates } from './gates';
import { service, type World } from './world';
import { movable } from './wrapped-transports';

/**
 * An account: its main method opens it and runs until a `close` signal; deposits, withdrawals and the like
 * are methods started on the running instance, which share its `balance`. Its reads are queries.
 */
export class AccountWorkflow extends Workflow {
  static readonly queries = ['balance', 'status', 'statement', 'unreadable', 'sleepy', 'waiting', 'stamp', 'later', 'audit', 'audits'];
  private readonly gated = this.newService(Gated);
  balance = 0;
  private readonly lines: string[] = [];
  private closed = false;
  private pending?: Deferred<string>;

  get status(): string {
    return this.closed ? 'closed' : 'open';
  }

  async open(initial: number): Promise<number> {
    this.balance = initial;
    await this.channel<string>('close').receive();
    this.closed = true;
    return this.balance;
  }

  /** Passes the gate `label`, then adds `amount`: the step runs in this method, beside the main one. */
  async deposit(amount: number, label: string): Promise<number> {
    await this.gated.pass(label);
    this.balance += amount;
    this.lines.push(`${label}:+${amount}`);
    return this.balance;
  }

  async refuse(label: string, reason: string): Promise<number> {
    await this.gated.pass(label);
    throw new Error(reason);
  }

  /** Waits on a gate that a test may never open: the main method can end first. */
  async hold(label: string): Promise<string> {
    this.pending = this.gated.pass(label);
    return this.pending;
  }

  statement(from: number): string[] {
    return this.lines.slice(from);
  }

  unreadable(): number {
    throw new RangeError('the statement is sealed');
  }

  /** A query that wrongly takes a step. */
  sleepy(): Deferred<void> {
    return this.timer(1_000);
  }

  /** A query that wrongly waits on a step. */
  async waiting(): Promise<string> {
    return (await this.pending) ?? 'none';
  }

  /** A query that wrongly asks for an id: `uuid()` counts the ids the code made. */
  stamp(): string {
    return this.uuid();
  }

  /** A query that is not `async` but returns a promise: it is refused, even one that is already resolved. */
  later(): Promise<number> {
    return Promise.resolve(this.balance);
  }

  /** How often `audit` ran. */
  audits = 0;

  /** An async query that would count, and take a step, once what it awaits is ready. */
  async audit(): Promise<number> {
    this.audits += 1;
    await this.pending;
    return this.inline(() => this.balance);
  }
}

/** An account whose opening passes a gate a test may fail, so that it can fail and be retried while a method runs. */
export class FragileAccountWorkflow extends Workflow {
  private readonly gated = this.newService(Gated);
  held = 0;

  async open(label: string): Promise<number> {
    await this.gated.pass(label);
    await this.channel<string>('close').receive();
    return this.held;
  }

  async hold(label: string): Promise<string> {
    const passed = await this.gated.pass(label);
    this.held += 1;
    return passed;
  }
}

/** Calls methods of accounts from a workflow: each call is a step of the clerk. */
export class ClerkWorkflow extends Workflow {
  async credit(accountId: string, amount: number, label: string): Promise<number> {
    return this.getWorkflowById(AccountWorkflow, accountId).deposit(amount, label);
  }

  /** What the call to `method` of the account failed with, as `code:cause`. */
  async failing(accountId: string, label: string): Promise<string> {
    try {
      await this.getWorkflowById(AccountWorkflow, accountId).refuse(label, 'no funds');
      return 'resolved';
    } catch (error) {
      const { code, cause } = error as { code?: string; cause?: Error };
      return `${code}:${cause?.message ?? '-'}`;
    }
  }
}

/** Methods started on running instances by clients and workflows, and queries of them. */
export const methodCases = (h: EngineHarness, world: () => World): void => {
  const setUp = async (w: World, recorded?: Map<string, HistoryEvent[]>) => {
    const gates = new Gates();
    await w.worker({ workflows: [AccountWorkflow, ClerkWorkflow, FragileAccountWorkflow], services: [service(Gated, gates.service())] }, recorded ? { history: await w.recordingStore(recorded) } : {});
    const client = await w.client();
    w.onClose(() => gates.openAll());
    return { gates, client };
  };
  const openAccount = async (client: Client, id: string, initial: number) => {
    await client.start(client.newWorkflow(AccountWorkflow, { id }).open, initial);
    const account = client.getById(AccountWorkflow, id);
    await eventually(async () => expect(await account.query('balance')).to.equal(initial));
    return account;
  };
  const eventsOf = async (w: World, id: string): Promise<HistoryEvent[]> =>
    (await (await w.store()).read(w.names.workflowStream('AccountWorkflow', id))).events.map((e) => ({ type: e.type, ...(e.data as object) }) as HistoryEvent);

  it('runs a second method on a running instance: it shares the properties, resolves with its own result, and its steps share the seq counter', async () => {
    const w = world();
    const recorded = new Map<string, HistoryEvent[]>();
    const { gates, client } = await setUp(w, recorded);
    const account = await openAccount(client, 'acct-1', 10);
    const deposit = account.deposit(5, 'd1');
    gates.open('d1');
    expect(await deposit).to.equal(15);
    expect(await account.query('balance')).to.equal(15);
    await account.send('close', 'done');
    expect(await account.result()).to.equal(15);
    const events = recorded.get(w.names.workflowStream('AccountWorkflow', 'acct-1'))!;
    const types = events.map((e) => e.type);
    expect(types).to.include.members(['MethodStarted', 'MethodCompleted']);
    expect(events.find((e) => e.type === 'MethodStarted')).to.deep.include({ methodRun: 1, method: 'deposit', args: [5, 'd1'] });
    expect(events.find((e) => e.type === 'MethodCompleted')).to.deep.include({ methodRun: 1, result: 15 });
    // The main method's receive took step 1, the method's task step 2: one counter for the instance.
    expect(events.find((e) => e.type === 'ReceiveStarted')).to.deep.include({ seq: 1 });
    expect(events.find((e) => e.type === 'TaskScheduled')).to.deep.include({ seq: 2, method: 'pass', args: ['d1'] });
  });

  it('runs methods in parallel on one instance: each resolves when its own step does, in any order', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-2', 100);
    const first = account.deposit(1, 'first');
    const second = account.deposit(20, 'second');
    await eventually(() => expect(gates.runs.get('second')).to.equal(1));
    await eventually(() => expect(gates.runs.get('first')).to.equal(1));
    gates.open('second');
    expect(await second).to.equal(120);
    gates.open('first');
    expect(await first).to.equal(121);
    expect(await account.query('statement', 0)).to.deep.equal(['second:+20', 'first:+1']);
    await account.send('close', 'done');
    expect(await account.result()).to.equal(121);
  });

  it('starts a method without waiting with client.start: its handle resolves with the method’s result', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-3', 1);
    const started = await client.start(account.deposit, 2, 'later');
    expect(started.workflowId).to.equal('acct-3');
    gates.open('later');
    expect(await started.result()).to.equal(3);
  });

  it('gives the caller of a method that throws a MethodFailedError with the cause; the instance runs on', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-4', 7);
    gates.open('no');
    const error = await rejection(account.refuse('no', 'insufficient funds'));
    expect(error.code).to.equal('METHOD_FAILED');
    expect(error).to.deep.include({ method: 'refuse', methodRun: 1, workflowId: 'acct-4' });
    expect((error.cause as Error).message).to.equal('insufficient funds');
    gates.open('yes');
    expect(await account.deposit(1, 'yes')).to.equal(8);
    await account.send('close', 'done');
    expect(await account.result()).to.equal(8);
  });

  it('abandons the methods still running when the main method ends: their callers get MethodAbandonedError', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-5', 3);
    const held = account.hold('never');
    await eventually(() => expect(gates.runs.get('never')).to.equal(1));
    await account.send('close', 'done');
    expect(await account.result()).to.equal(3);
    const error = await rejection(held);
    expect(error.code).to.equal('METHOD_ABANDONED');
    expect(error.message).to.contain('completed before the method returned');
  });

  it('refuses a method on an instance that does not exist, or has ended, with WorkflowUnknownError', async () => {
    const w = world();
    const { client } = await setUp(w);
    expect((await rejection(client.getById(AccountWorkflow, 'nobody').deposit(1, 'x'))).code).to.equal('WORKFLOW_UNKNOWN');
    const account = await openAccount(client, 'acct-6', 0);
    await account.send('close', 'done');
    await account.result();
    expect((await rejection(account.deposit(1, 'x'))).code).to.equal('WORKFLOW_UNKNOWN');
    expect((await rejection(account.query('balance'))).code).to.equal('WORKFLOW_UNKNOWN');
  });

  it('applies a redelivered RunMethod once: one MethodStarted, one task, one deposit', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-7', 0);
    const caller = await w.transport();
    const envelope = { v: 1 as const, id: randomUUID(), at: Date.now(), message: { kind: 'RunMethod' as const, workflowName: 'AccountWorkflow', workflowId: 'acct-7', method: 'deposit', args: [4, 'twice'] } };
    await caller.publish(w.names.workflowTopic('AccountWorkflow'), envelope, { key: 'acct-7' });
    await caller.publish(w.names.workflowTopic('AccountWorkflow'), envelope, { key: 'acct-7' });
    await eventually(async () => expect((await eventsOf(w, 'acct-7')).filter((e) => e.type === 'TaskScheduled')).to.have.length(1));
    gates.open('twice');
    await eventually(async () => expect(await account.query('balance')).to.equal(4));
    // A third copy after the method ended changes nothing either.
    await caller.publish(w.names.workflowTopic('AccountWorkflow'), envelope, { key: 'acct-7' });
    expect(await account.query('statement', 0)).to.deep.equal(['twice:+4']);
    const events = await eventsOf(w, 'acct-7');
    expect(events.filter((e) => e.type === 'MethodStarted')).to.have.length(1);
    expect(events.filter((e) => e.type === 'TaskScheduled')).to.have.length(1);
  });

  it('answers queries from the instance with no history event: methods with arguments, properties and getters', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-8', 50);
    gates.open('a');
    await account.deposit(5, 'a');
    const before = (await (await w.store()).read(w.names.workflowStream('AccountWorkflow', 'acct-8'))).revision;
    expect(await account.query('balance')).to.equal(55);
    expect(await account.query('status')).to.equal('open');
    expect(await account.query('statement', 0)).to.deep.equal(['a:+5']);
    expect(await account.query('statement', 1)).to.deep.equal([]);
    const after = (await (await w.store()).read(w.names.workflowStream('AccountWorkflow', 'acct-8'))).revision;
    expect(after, 'queries append nothing').to.equal(before);
  });

  it('refuses a query the class does not list with UnknownQueryError, and gives a query’s own error to its caller', async () => {
    const w = world();
    const { client } = await setUp(w);
    const account = await openAccount(client, 'acct-9', 1);
    const unknown = await rejection((account.query as (name: string) => Promise<unknown>)('deposit'));
    expect(unknown.code).to.equal('UNKNOWN_QUERY');
    expect(unknown.message).to.contain('balance');
    const thrown = await rejection(account.query('unreadable'));
    expect(thrown.name).to.equal('RangeError');
    expect(thrown.message).to.equal('the statement is sealed');
  });

  it('refuses a query that takes a step or waits on one with QueryNotReadOnlyError; the instance goes on as if it never ran', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const account = await openAccount(client, 'acct-10', 2);
    expect((await rejection(account.query('sleepy'))).code).to.equal('QUERY_NOT_READ_ONLY');
    const held = account.hold('held');
    await eventually(() => expect(gates.runs.get('held')).to.equal(1));
    expect((await rejection(account.query('waiting'))).code).to.equal('QUERY_NOT_READ_ONLY');
    gates.open('held');
    expect(await held).to.equal('held:done');
    // Queries are synchronous: an async one is refused even when what it awaits is ready.
    expect((await rejection(account.query('waiting'))).code).to.equal('QUERY_NOT_READ_ONLY');
    gates.open('next');
    expect(await account.deposit(1, 'next')).to.equal(3);
    const tasks = (await eventsOf(w, 'acct-10')).filter((e) => e.type === 'TaskScheduled' || e.type === 'TimerStarted');
    expect(tasks.map((e) => [e.type, (e as { seq: number }).seq])).to.deep.equal([['TaskScheduled', 2], ['TaskScheduled', 3]]);
    await account.send('close', 'done');
    expect(await account.result()).to.equal(3);
  });

  it('refuses a query that calls uuid() with QueryNotReadOnlyError: the ids the code makes after it are those a replay makes', async () => {
    const w = world();
    const { client } = await setUp(w);
    const account = await openAccount(client, 'acct-15', 1);
    const refused = await rejection(account.query('stamp'));
    expect(refused.code).to.equal('QUERY_NOT_READ_ONLY');
    expect(refused.message).to.contain('uuid()');
    await account.send('close', 'done');
    expect(await account.result()).to.equal(1);
  });

  it('refuses an async query before running it, and a query returning a promise without awaiting it: nothing of either runs later', async () => {
    const w = world();
    const recorded = new Map<string, HistoryEvent[]>();
    const { gates, client } = await setUp(w, recorded);
    const account = await openAccount(client, 'acct-16', 4);
    const held = account.hold('audited');
    await eventually(() => expect(gates.runs.get('audited')).to.equal(1));
    const audit = await rejection(account.query('audit'));
    expect(audit.code).to.equal('QUERY_NOT_READ_ONLY');
    const later = await rejection(account.query('later'));
    expect(later.code).to.equal('QUERY_NOT_READ_ONLY');
    // What the async query awaited completes: no continuation of it takes a step or changes a property.
    gates.open('audited');
    expect(await held).to.equal('audited:done');
    expect(await account.query('audits')).to.equal(0);
    await account.send('close', 'done');
    expect(await account.result()).to.equal(4);
    const types = recorded.get(w.names.workflowStream('AccountWorkflow', 'acct-16'))!.map((e) => e.type);
    expect(types).to.include('WorkflowCompleted');
    expect(types).not.to.include('SideEffectRecorded');
    expect(audit.message).to.contain('async function');
    expect(later.message).to.contain('promise');
  });

  it('does not resume a method that the workflow’s failure abandoned when retry resumes the workflow: its outcome is never recorded', async () => {
    const w = world();
    const recorded = new Map<string, HistoryEvent[]>();
    const { gates, client } = await setUp(w, recorded);
    const handle = await client.dispatch(client.newWorkflow(FragileAccountWorkflow, { id: 'fragile-1' }).open, 'opening');
    await eventually(() => expect(gates.runs.get('opening')).to.equal(1));
    const held = client.getById(FragileAccountWorkflow, 'fragile-1').hold('held');
    await eventually(() => expect(gates.runs.get('held')).to.equal(1));
    gates.fail('opening');
    const abandoned = await rejection(held);
    expect(abandoned.code).to.equal('METHOD_ABANDONED');
    expect(abandoned.message).to.contain('failed before the method returned');
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    gates.heal('opening');
    await handle.retry();
    const stream = w.names.workflowStream('FragileAccountWorkflow', 'fragile-1');
    await eventually(() => expect(recorded.get(stream)!.map((e) => e.type)).to.include('ReceiveStarted'));
    // The step the abandoned method awaited completes after the retry: the method records no end.
    gates.open('held');
    await eventually(() => expect(recorded.get(stream)!.filter((e) => e.type === 'TaskCompleted' && (e as { seq: number }).seq === 2)).to.have.length(1));
    await client.getById(FragileAccountWorkflow, 'fragile-1').send('close', 'done');
    await client.getById(FragileAccountWorkflow, 'fragile-1').result();
    const types = recorded.get(stream)!.map((e) => e.type);
    expect(types).to.include.members(['MethodStarted', 'WorkflowFailed', 'WorkflowRetried', 'WorkflowCompleted']);
    expect(types).not.to.include('MethodCompleted');
  });

  it('refuses a start under a running instance’s id with another method, with WorkflowIdInUseError', async () => {
    const w = world();
    const { client } = await setUp(w);
    await openAccount(client, 'acct-11', 1);
    const other = await client.start(client.newWorkflow(AccountWorkflow, { id: 'acct-11' }).deposit, 1, 'x');
    const error = await rejection(other.result());
    expect(error.code).to.equal('WORKFLOW_ID_IN_USE');
    expect(error.message).to.contain('as open with other arguments');
  });

  it('runs a method of another instance from a workflow: the caller’s step completes with the method’s result', async () => {
    const w = world();
    const recorded = new Map<string, HistoryEvent[]>();
    const { gates, client } = await setUp(w, recorded);
    const account = await openAccount(client, 'acct-12', 40);
    gates.open('clerk');
    expect(await client.newWorkflow(ClerkWorkflow, { id: 'clerk-1' }).credit('acct-12', 2, 'clerk')).to.equal(42);
    expect(await account.query('balance')).to.equal(42);
    const clerk = recorded.get(w.names.workflowStream('ClerkWorkflow', 'clerk-1'))!;
    expect(clerk.map((e) => e.type)).to.deep.equal(['WorkflowStarted', 'WaiterAdded', 'MethodCalled', 'ChildWorkflowCompleted', 'WorkflowCompleted']);
    expect(clerk[2]).to.deep.include({ seq: 1, workflowName: 'AccountWorkflow', workflowId: 'acct-12', method: 'deposit', args: [2, 'clerk'] });
    const started = recorded.get(w.names.workflowStream('AccountWorkflow', 'acct-12'))!.find((e) => e.type === 'MethodStarted');
    expect(started).to.deep.include({ caller: { workflowName: 'ClerkWorkflow', workflowId: 'clerk-1', seq: 1 } });
  });

  it('fails the calling step with MethodFailedError when the method throws, and with WorkflowUnknownError for an instance that does not exist', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    await openAccount(client, 'acct-13', 1);
    gates.open('clerk-no');
    expect(await client.newWorkflow(ClerkWorkflow, { id: 'clerk-2' }).failing('acct-13', 'clerk-no')).to.equal('METHOD_FAILED:no funds');
    expect(await client.newWorkflow(ClerkWorkflow, { id: 'clerk-3' }).failing('nobody', 'x')).to.equal('WORKFLOW_UNKNOWN:-');
  });

  it('answers a query from the history, not from a stale cache, after the key moved to another engine and back', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ services: [service(Gated, gates.service())] });
    const a = movable(await w.transport());
    await w.worker({ workflows: [AccountWorkflow] }, { transport: a.transport });
    const client = await w.client();
    w.onClose(() => gates.openAll());
    const account = await openAccount(client, 'acct-14', 10);
    await a.detach();
    const b = await w.worker({ workflows: [AccountWorkflow] });
    gates.open('elsewhere');
    expect(await account.deposit(5, 'elsewhere')).to.equal(15);
    await b.stop();
    await a.reattach();
    // Engine A still caches the instance at balance 10; the query must prove it stale and replay.
    expect(await account.query('balance')).to.equal(15);
    expect(await account.query('statement', 0)).to.deep.equal(['elsewhere:+5']);
  });
};
