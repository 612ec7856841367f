import { type Client, createClient, createWorker, type Delivery, defineService, type Envelope, type Logger, Workflow, type WorkflowClass, type WorkflowHandle } from '@cadenza/core';
import { eventually } from '../../src';
import { expect } from 'chai';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '@cadenza/in-memory';

interface ListService {
  make(): Promise<number[]>;
  sum(values: number[]): Promise<number>;
}
const ListService = defineService<ListService>('ListService');

/** Passes a list to a service that mutates its argument, then keeps using the list. */
class MutatingWorkflow extends Workflow {
  private readonly lists = this.newService(ListService);

  async run(): Promise<number[]> {
    const list = [...(await this.lists.make()), 3];
    const total = await this.lists.sum(list);
    list.push(total);
    const again = await this.lists.sum([total]);
    return [...list, again];
  }
}

/** Mutates what a task returned before passing it on. */
class ResultMutatingWorkflow extends Workflow {
  private readonly lists = this.newService(ListService);

  async run(): Promise<number[]> {
    const list = await this.lists.make();
    list.push(3);
    const total = await this.lists.sum([...list]);
    return [...list, total];
  }
}

/** Mutates its own argument before and between steps. */
class ArgumentMutatingWorkflow extends Workflow {
  private readonly lists = this.newService(ListService);

  async run(list: number[]): Promise<number[]> {
    list.push(3);
    const total = await this.lists.sum([...list]);
    list.push(total);
    return list;
  }
}

describe('in-memory: objects are never shared between history, workflow code and services', () => {
  const summing: ListService = { make: async () => [1, 2], sum: async (values: number[]) => values.reduce((a, b) => a + b, 0) };

  /**
   * Runs one workflow to its result on a worker with a cache of 0, which replays every step from history: a
   * stored event changed by anyone is seen at once, as a NonDeterminismError logged and a workflow blocked.
   */
  const runReplayingEveryStep = async <R>(
    workflow: WorkflowClass, implementation: ListService, start: (client: Client) => Promise<WorkflowHandle<R>>,
  ): Promise<{ result: R; errors: unknown[] }> => {
    const broker = new InMemoryBroker();
    const errors: unknown[] = [];
    const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => void errors.push(args), child: () => logger };
    const worker = createWorker({ transport: createInMemoryTransport({ broker }), history: createInMemoryHistoryStore(), logger, namespace: 'shared', cacheSize: 0 })
      .registerWorkflow(workflow)
      .registerService(ListService, implementation);
    await worker.start();
    const client = createClient({ transport: createInMemoryTransport({ broker }), logger, namespace: 'shared' });
    try {
      return { result: await (await start(client)).result(), errors };
    } finally {
      await client.close();
      await worker.stop();
      broker.shutdown();
    }
  };

  it('a service mutating its argument leaves the history alone: the workflow replays every step', async () => {
    const mutating: ListService = {
      make: async () => [1, 2],
      sum: async (values: number[]) => {
        const total = values.reduce((a, b) => a + b, 0);
        values.push(-1);
        return total;
      },
    };
    const run = await runReplayingEveryStep(MutatingWorkflow, mutating, (client) => client.dispatch(client.newWorkflow(MutatingWorkflow, { id: 'mutating' }).run));
    expect(run.result).to.deep.equal([1, 2, 3, 6, 6]);
    expect(run.errors).to.deep.equal([]);
  });

  it('a workflow mutating a task result leaves the history alone: it replays every step', async () => {
    const run = await runReplayingEveryStep(ResultMutatingWorkflow, summing, (client) => client.dispatch(client.newWorkflow(ResultMutatingWorkflow, { id: 'result-mutating' }).run));
    expect(run.result).to.deep.equal([1, 2, 3, 6]);
    expect(run.errors).to.deep.equal([]);
  });

  it('a workflow mutating its own argument leaves the history alone: it replays every step', async () => {
    const run = await runReplayingEveryStep(ArgumentMutatingWorkflow, summing, (client) => client.dispatch(client.newWorkflow(ArgumentMutatingWorkflow, { id: 'argument-mutating' }).run, [1, 2]));
    expect(run.result).to.deep.equal([1, 2, 3, 6]);
    expect(run.errors).to.deep.equal([]);
  });

  it('the transport gives each delivery, of each group and each redelivery, a copy of its own', async () => {
    const broker = new InMemoryBroker();
    const transport = createInMemoryTransport({ broker });
    const seen: Array<{ group: string; delivery: Delivery }> = [];
    let failOnce = true;
    const handler = (group: string) => async (delivery: Delivery) => {
      seen.push({ group, delivery });
      (delivery.envelope.message as { args: unknown[] }).args.push(group);
      if (group === 'a' && failOnce) {
        failOnce = false;
        throw new Error('redeliver me');
      }
    };
    await transport.subscribe('t', 'a', handler('a'), { order: 'none', deadLetterTopic: 'dl', redeliveryDelayMs: 0 });
    await transport.subscribe('t', 'b', handler('b'), { order: 'none', deadLetterTopic: 'dl' });
    const envelope: Envelope = { v: 1, id: 'm1', at: 0, message: {
      kind: 'ExecuteTask', taskId: 'w1:1', service: 'S', method: 'm', args: [1], attempt: 1, retry: 0, workflowName: 'W', workflowId: 'w1', seq: 1, tags: [], meta: {},
    } };
    await transport.publish('t', envelope);
    (envelope.message as { args: unknown[] }).args.push('publisher');
    await eventually(() => expect(seen).to.have.length(3));
    expect(seen.map(({ group, delivery }) => [group, (delivery.envelope.message as { args: unknown[] }).args])).to.deep.equal([['a', [1, 'a']], ['b', [1, 'b']], ['a', [1, 'a']]]);
    await transport.close();
    broker.shutdown();
  });

  it('the history store keeps what was appended, whatever the caller later does to what it appended or read', async () => {
    const store = createInMemoryHistoryStore();
    const data = { type: 'TaskCompleted', seq: 1, result: [1, 2] };
    const metadata = { causationId: 'm1', at: 5 };
    await store.append('s', [{ id: 'e1', type: 'TaskCompleted', data, metadata }], 'no-stream');
    data.result.push(3);
    metadata.at = 6;
    const first = await store.read('s');
    (first.events[0]!.data as typeof data).result.push(4);
    expect((await store.read('s')).events).to.deep.equal([{ id: 'e1', type: 'TaskCompleted', revision: 0, data: { type: 'TaskCompleted', seq: 1, result: [1, 2] }, metadata: { causationId: 'm1', at: 5 } }]);
  });
});
