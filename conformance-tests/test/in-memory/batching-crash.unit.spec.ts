import { type BatchItem, createClient, createWorker, defineService, type Logger, Workflow } from '@cadenza/core';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';
import { expect } from 'chai';
import { eventually } from '../../src';

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

interface Ledger { post(account: string, amount: number): Promise<string> }
const Ledger = defineService<Ledger>('Ledger');

class PostingWorkflow extends Workflow {
  private readonly ledger = this.newService(Ledger);

  async post(account: string, amount: number): Promise<string> {
    return this.ledger.post(account, amount);
  }
}

describe('in-memory: a worker that crashes in the middle of a batch', () => {
  it('loses nothing: the tasks of the unanswered batch are redelivered to a new worker and applied once by task id', async () => {
    const broker = new InMemoryBroker();
    const history = createInMemoryHistoryStore();
    const applied = new Map<string, number>(); // task id → times the ledger applied it
    const seenByFirst = new Set<string>();
    const seenBySecond = new Set<string>();
    const apply = ({ args: [account, amount], context: { taskId } }: BatchItem<[string, number]>): string => {
      applied.set(taskId, (applied.get(taskId) ?? 0) + 1);
      return `${account}:${amount}`;
    };
    // The first worker applies its first batch, then never answers: the crash finds it applied and unacknowledged.
    const crashing = createInMemoryTransport({ broker });
    const first = createWorker({ transport: crashing, history, logger: silent, namespace: 'batch-crash' })
      .registerWorkflow(PostingWorkflow)
      .registerService(Ledger, { post: async () => 'never alone' }, { batch: { post: { maxMessages: 5, maxMs: 10, handler: async (items) => {
        items.forEach((item) => seenByFirst.add(item.context.taskId));
        items.forEach(apply);
        return new Promise<string[]>(() => undefined);
      } } } });
    await first.start();
    const client = createClient({ transport: createInMemoryTransport({ broker }), logger: silent, namespace: 'batch-crash' });
    const handles = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      client.dispatch(client.newWorkflow(PostingWorkflow, { id: `posting-${i}` }).post, `acct-${i}`, i)));
    await eventually(() => expect(seenByFirst.size).to.be.at.least(5));

    crashing.crash();
    const second = createWorker({ transport: createInMemoryTransport({ broker }), history, logger: silent, namespace: 'batch-crash' })
      .registerWorkflow(PostingWorkflow)
      .registerService(Ledger, { post: async () => 'never alone' }, { batch: { post: { maxMessages: 5, maxMs: 10, handler: async (items) => {
        items.forEach((item) => seenBySecond.add(item.context.taskId));
        // Idempotent by task id: a task the first worker applied is answered without applying it again.
        return items.map((item) => (applied.has(item.context.taskId) ? `${item.args[0]}:${item.args[1]}` : apply(item)));
      } } } });
    await second.start();

    expect(await Promise.all(handles.map((handle) => handle.result()))).to.deep.equal(Array.from({ length: 20 }, (_, i) => `acct-${i}:${i}`));
    expect([...seenByFirst].filter((taskId) => !seenBySecond.has(taskId)), 'tasks of the unanswered batch not redelivered').to.deep.equal([]);
    expect(applied.size, 'every task was applied').to.equal(20);
    expect([...applied.values()].every((times) => times === 1), 'none twice').to.equal(true);
    await client.close();
    await second.stop();
    broker.shutdown();
  });
});

describe('in-memory: a worker stopped while a batch waits to fill', () => {
  it('runs the partial batch at stop instead of after its maxMs, and publishes each outcome before it stops', async () => {
    const broker = new InMemoryBroker();
    const history = createInMemoryHistoryStore();
    let entered = 0;
    const batches: number[] = [];
    const first = createWorker({ transport: createInMemoryTransport({ broker }), history, logger: silent, namespace: 'batch-stop' })
      .registerWorkflow(PostingWorkflow)
      .registerService(Ledger, { post: async () => 'never alone' }, { batch: { post: {
        maxMessages: 100, maxMs: 3_600_000,
        key: () => { entered++; return 'all'; }, // called as each task joins its batch
        handler: async (items) => {
          batches.push(items.length);
          return items.map(({ args: [account, amount] }) => `${account}:${amount}`);
        },
      } } });
    await first.start();
    const client = createClient({ transport: createInMemoryTransport({ broker }), logger: silent, namespace: 'batch-stop' });
    const handles = await Promise.all([1, 2, 3].map((i) => client.dispatch(client.newWorkflow(PostingWorkflow, { id: `stop-${i}` }).post, `acct-${i}`, i)));
    await eventually(() => expect(entered).to.equal(3));
    expect(batches, 'the batch waits for its maxMs of an hour').to.deep.equal([]);

    await first.stop();
    expect(batches).to.deep.equal([3]);
    // The outcomes were published before the worker stopped: a worker of the workflow alone finishes them.
    const second = createWorker({ transport: createInMemoryTransport({ broker }), history, logger: silent, namespace: 'batch-stop' }).registerWorkflow(PostingWorkflow);
    await second.start();
    expect(await Promise.all(handles.map((handle) => handle.result()))).to.deep.equal(['acct-1:1', 'acct-2:2', 'acct-3:3']);
    await client.close();
    await second.stop();
    broker.shutdown();
  });
});
