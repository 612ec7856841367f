import { cloudEventsOf, createClient, createWorker, type CadenzaCloudEvent, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker } from '../src';
import { NS, silent } from './support/bank-events';

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits for a signal, then ends with it. */
class GateWorkflow extends Workflow {
  private readonly go = this.channel<string>('go');
  async pass(label: string): Promise<string> {
    return `${label}:${await this.go.receive()}`;
  }
}

const world = async (retainHistory = false, publish = true) => {
  const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
  const history = createInMemoryHistoryStore();
  const published: CadenzaCloudEvent[] = [];
  await transport.subscribe(`${NS}.events`, 'test', async (d) => void published.push(...cloudEventsOf(d.envelope, { namespace: NS })),
    { order: 'per-key', deadLetterTopic: `${NS}.dead-letter` });
  const worker = createWorker({ transport, history, namespace: NS, logger: silent, retainHistory, events: { publish } }).registerWorkflow(GateWorkflow);
  await worker.start();
  const client = createClient({ transport, history, namespace: NS, logger: silent });
  /** Polls `get` until `ok`; a rejection (the engine has not started the instance yet) counts as not yet, until the last try. */
  const until = async <T>(get: () => Promise<T>, ok: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await get().catch(() => undefined);
      if (value !== undefined && ok(value)) return value;
      await pause();
    }
    return get();
  };
  const close = async () => {
    await client.close();
    await worker.stop();
    await transport.close();
  };
  return { client, published, until, close };
};

const summary = (events: CadenzaCloudEvent[]) => events.map((e) => [e.type, e.id]);

describe('in-memory: client.history', () => {
  it('gives a running workflow\'s events with the ids the events topic carried; once ended and cleared, the event that ended it', async () => {
    const { client, published, until, close } = await world();
    const handle = await client.dispatch(client.newWorkflow(GateWorkflow, { id: 'gate-1' }).pass, 'a');
    const running = await until(() => handle.history(), (events) => events.length >= 2);
    expect(running.map((e) => e.type)).to.deep.equal(['io.cadenza.workflow.dispatched', 'io.cadenza.workflow.started']);
    expect(summary(running)).to.deep.equal(summary(published.slice(0, 2)));
    for (const event of running) expect(event.validate()).to.equal(true);
    await handle.send('go', 'open');
    expect(await handle.result()).to.equal('a:open');
    const ended = await until(() => client.history(GateWorkflow, 'gate-1'), (events) => events.length === 1);
    const live = published.find((e) => e.type === 'io.cadenza.workflow.completed');
    expect(summary(ended)).to.deep.equal([['io.cadenza.workflow.completed', live?.id]]);
    expect(ended[0]!.data).to.deep.include({ result: 'a:open' });
    await close();
  });

  it('gives the event that ended a cleared workflow the id of its run and position with events.publish off too', async () => {
    const { client, published, until, close } = await world(false, false);
    const handle = await client.dispatch(client.newWorkflow(GateWorkflow, { id: 'gate-3' }).pass, 'c');
    const running = await until(() => handle.history(), (events) => events.length >= 2);
    await handle.send('go', 'y');
    await handle.result();
    const [ended, ...more] = await until(() => handle.history(), (events) => events.length === 1);
    expect(more).to.deep.equal([]);
    expect(published).to.deep.equal([]);
    const [run, position] = ended!.id.split(':');
    expect(ended!.type).to.equal('io.cadenza.workflow.completed');
    expect(run).to.equal(running[0]!.id.split(':')[0]);
    expect(position).to.equal('4.0'); // WorkflowStarted, WaiterAdded, ReceiveStarted, SignalReceived, then WorkflowCompleted
    await close();
  });

  it('gives the whole timeline of an ended workflow whose history is retained, as the events topic had it', async () => {
    const { client, published, until, close } = await world(true);
    const handle = await client.dispatch(client.newWorkflow(GateWorkflow, { id: 'gate-2' }).pass, 'b');
    await until(() => handle.history(), (events) => events.length >= 2);
    await handle.send('go', 'x');
    await handle.result();
    const timeline = await until(() => client.history('GateWorkflow', 'gate-2'), (events) => events.some((e) => e.type === 'io.cadenza.workflow.completed'));
    expect(timeline.map((e) => e.type)).to.deep.equal([
      'io.cadenza.workflow.dispatched', 'io.cadenza.workflow.started', 'io.cadenza.signal.sent', 'io.cadenza.signal.received', 'io.cadenza.workflow.completed',
    ]);
    await until(async () => published.length, (n) => n >= timeline.length);
    expect(summary(timeline)).to.deep.equal(summary(published));
    await close();
  });

  it('rejects with WorkflowUnknownError for an id that never ran, and InvalidNameError for a bad name', async () => {
    const { client, close } = await world();
    await client.history(GateWorkflow, 'never').then(() => expect.fail('resolved'), (error: { code?: string }) => expect(error.code).to.equal('WORKFLOW_UNKNOWN'));
    await client.history('../x', 'w').then(() => expect.fail('resolved'), (error: { code?: string }) => expect(error.code).to.equal('INVALID_NAME'));
    await close();
  });

  it('rejects with a ConfigError naming history when the client has no history store', async () => {
    const transport = createInMemoryTransport({ broker: new InMemoryBroker() });
    const client = createClient({ transport, namespace: NS, logger: silent });
    const error = await client.history(GateWorkflow, 'g').then(() => undefined, (e: unknown) => e as { code?: string; path?: string; message: string });
    expect(error).to.deep.include({ code: 'CONFIG', path: 'history' });
    expect(error!.message).to.contain('client.history');
    await client.close();
    await transport.close();
  });
});
