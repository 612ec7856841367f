import { createClient, createWorker, type Logger, type Subscription, type Transport, TransportError } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { createInMemoryHistoryStore, createInMemoryTransport, InMemoryBroker, type InMemoryTransport } from '@cadenza/in-memory';
import { expect } from 'chai';
import { eventually } from '../../src';

/** A logger that keeps every message, by level. */
const recordingLogger = () => {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (_fields: object, message?: string) => void lines.push({ level, message: message ?? '' });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return { logger, lines };
};

/** The in-memory transport, remembering each subscription by topic; `refuse` makes later subscribes fail. */
const watched = (inner: InMemoryTransport) => {
  const byTopic = new Map<string, Subscription[]>();
  let refuse = false;
  let gate: Promise<void> = Promise.resolve();
  let held = 0;
  const transport: Transport = {
    capabilities: inner.capabilities,
    publish: (...args) => inner.publish(...args),
    close: () => inner.close(),
    subscribe: async (topic, group, handle, options) => {
      if (refuse) throw new TransportError('in-memory: subscribe refused by the test', true);
      held += 1;
      await gate;
      const subscription = await inner.subscribe(topic, group, handle, options);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), subscription]);
      return subscription;
    },
  };
  const kill = (topic: string) => inner.killSubscription(byTopic.get(topic)!.at(-1)!);
  /** Holds every later subscribe until the returned function is called. */
  const holdSubscribes = (): (() => void) => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    return open;
  };
  return { transport, byTopic, kill, refuseSubscribes: () => void (refuse = true), holdSubscribes, held: () => held };
};

const setUp = (options: { resubscribe?: boolean; giveUpAfterMs?: number } = {}) => {
  const broker = new InMemoryBroker();
  const history = createInMemoryHistoryStore();
  const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
  const w = watched(createInMemoryTransport({ broker }));
  const { logger, lines } = recordingLogger();
  const worker = createWorker({
    transport: w.transport, history, logger, namespace: 'resub',
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}) },
    ...(options.resubscribe !== undefined ? { resubscribe: options.resubscribe } : {}),
  })
    .registerWorkflow(BankWorkflow)
    .registerService(BankService, createBankService(ledger))
    .registerService(EmailService, createEmailService(new Map()));
  const c = watched(createInMemoryTransport({ broker }));
  const client = createClient({
    transport: c.transport, logger, namespace: 'resub', clientId: 'resub-client',
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}) },
  });
  const wire = (id: string) => client.dispatch(client.newWorkflow(BankWorkflow, { id }).wire, id, 'alice', 'bob', 10);
  const done = async () => {
    await client.close();
    await worker.stop();
    broker.shutdown();
  };
  return { worker, w, c, lines, ledger, wire, done };
};

describe('worker: a subscription that dies', () => {
  const bankTopic = 'resub.service.BankService';

  it('is logged as an error and made again, and the workflows go on', async () => {
    const { worker, w, lines, ledger, wire, done } = setUp();
    await worker.start();
    await (await wire('before')).result();
    w.kill(bankTopic);
    await eventually(() => expect(w.byTopic.get(bankTopic)).to.have.length(2));
    await (await wire('after')).result();
    expect(ledger.snapshot()).to.deep.equal({ alice: 980, bob: 1_020 });
    expect(lines).to.deep.include({ level: 'error', message: 'subscription failed; subscribing again' });
    await done();
    expect(await worker.stopped).to.deep.equal({ cause: 'stopped' });
  });

  it('makes the worker fatal at once with resubscribe: false, closing the rest', async () => {
    const { worker, w, done } = setUp({ resubscribe: false });
    await worker.start();
    w.kill(bankTopic);
    const stopped = await worker.stopped;
    expect(stopped.cause).to.equal('fatal');
    expect(stopped.cause === 'fatal' && stopped.error).to.be.instanceOf(TransportError);
    expect(w.byTopic.get(bankTopic)).to.have.length(1);
    const closed = await Promise.all([...w.byTopic.values()].flat().map((s) => s.stopped));
    expect(closed.filter((s) => s.cause === 'closed')).to.have.length(w.byTopic.size - 1);
    await done();
  });

  it('makes the worker fatal once re-subscribing failed for giveUpAfterMs, logging each attempt', async () => {
    const { worker, w, lines, done } = setUp({ giveUpAfterMs: 100 });
    await worker.start();
    w.refuseSubscribes();
    w.kill(bankTopic);
    const stopped = await worker.stopped;
    expect(stopped.cause).to.equal('fatal');
    expect(stopped.cause === 'fatal' && stopped.error.message).to.equal('in-memory: subscribe refused by the test');
    const retries = lines.filter((l) => l.level === 'warn' && l.message === 'subscribing to resub.service.BankService failed; trying again');
    expect(retries.length, 'a warn line per failed attempt').to.be.at.least(2);
    expect(lines.at(-1)).to.deep.equal({ level: 'error', message: 'worker is fatal: it stopped consuming and closed its adapters' });
    await done();
  });
});

describe('worker: stop() while it subscribes', () => {
  it('closes each subscription made after stop(), so nothing is consumed once stop() resolved', async () => {
    const { worker, w, done } = setUp();
    const open = w.holdSubscribes();
    const starting = worker.start().then(() => undefined, (error: unknown) => error as Error);
    await eventually(() => expect(w.held()).to.be.greaterThan(0));
    await worker.stop();
    open();
    expect((await starting)?.name).to.equal('ClosedError');
    const made = [...w.byTopic.values()].flat();
    expect(made.length).to.be.greaterThan(0);
    expect((await Promise.all(made.map((s) => s.stopped))).map((s) => s.cause)).to.deep.equal(made.map(() => 'closed'));
    await done();
  });
});

describe('client: its reply subscription dies', () => {
  const replyTopic = 'resub.client.resub-client';

  it('is logged as an error and made again, and result() still gets its answer', async () => {
    const { worker, c, lines, ledger, wire, done } = setUp();
    await worker.start();
    await (await wire('before')).result();
    c.kill(replyTopic);
    const after = await wire('after');
    expect(await after.result()).to.equal(null); // wire() returns nothing: JSON's null
    expect(c.byTopic.get(replyTopic)).to.have.length(2);
    expect(ledger.snapshot()).to.deep.equal({ alice: 980, bob: 1_020 });
    expect(lines).to.deep.include({ level: 'error', message: "the client's reply subscription died; subscribing again" });
    await done();
  });

  it('rejects the calls waiting on it with the last error once subscribing again gave up', async () => {
    const { worker, c, lines, wire, done } = setUp({ giveUpAfterMs: 100 });
    await worker.start();
    await (await wire('before')).result();
    c.refuseSubscribes();
    c.kill(replyTopic);
    const after = await wire('after');
    const error = await after.result().then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.equal('in-memory: subscribe refused by the test');
    expect(lines.filter((l) => l.level === 'warn' && l.message === `subscribing to ${replyTopic} failed; trying again`).length).to.be.at.least(2);
    await done();
  });
});
