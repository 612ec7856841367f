import { type Envelope, type ErrorCode, hasErrorCode, type HistoryStore, type ServiceImplementation, type Transport, TransportError } from '@cadenza/core';
import { BankService, BankWorkflow, createBankService, createEmailService, EmailService, Ledger } from '@cadenza/example-bank-transfer';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { service, type World } from './world';

/** How long a case waits for a workflow to settle before calling it stuck. */
const STUCK_AFTER_MS = 30_000;

/** A store that fails every call with a retriable `TransportError` while `down`, as an unreachable database does. */
const outageStore = (inner: HistoryStore) => {
  const state = { down: false, refused: 0 };
  const guard = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    if (state.down) {
      state.refused++;
      throw new TransportError('history store unreachable (simulated outage)', true);
    }
    return call(...args);
  };
  const store: HistoryStore = {
    capabilities: inner.capabilities,
    read: guard((stream) => inner.read(stream)),
    append: guard((stream, events, expected) => inner.append(stream, events, expected)),
    delete: guard((stream, kept) => inner.delete(stream, kept)),
    sweep: guard((now, limit) => inner.sweep(now, limit)),
    close: async () => undefined,
    ...(inner.appendMany ? { appendMany: guard((batch: Parameters<NonNullable<HistoryStore['appendMany']>>[0]) => inner.appendMany!(batch)) } : {}),
  };
  return { store, state };
};

/** A transport whose broker refuses, for good, every `TaskCompleted` it is asked to publish while `refusing`. */
const refusingReplies = (inner: Transport) => {
  const state = { refusing: true };
  const transport: Transport = {
    capabilities: inner.capabilities,
    subscribe: (...args) => inner.subscribe(...args),
    close: () => inner.close(),
    publish: async (topic, envelope, options) => {
      if (state.refusing && envelope.message.kind === 'TaskCompleted') throw new TransportError(`publish to ${topic} refused: record too large`, false);
      return inner.publish(topic, envelope, options);
    },
  };
  return { transport, state };
};

/** The first error along the `cause` chain with `code`. */
const causeWithCode = (error: unknown, code: ErrorCode): Record<string, unknown> | undefined => {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    if (hasErrorCode(current, code)) return current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/** Settles `promise` or fails the test once it has waited `STUCK_AFTER_MS`: a stuck workflow must not hang the run. */
const notStuck = async <T>(promise: Promise<T>, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${STUCK_AFTER_MS} ms, the workflow is stuck`)), STUCK_AFTER_MS);
  });
  try {
    return await Promise.race([promise, stuck]);
  } finally {
    clearTimeout(timer);
  }
};

export const outageCases = (h: EngineHarness, world: () => World): void => {
  const readDeadLetters = async (w: World, into: Envelope[]) => {
    const transport = await w.transport();
    await transport.subscribe(w.names.deadLetterTopic(), freshName('dead-letter-reader'), async ({ envelope }) => void into.push(envelope),
      { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
  };

  it('rides out a two-second history store outage mid-transfer: the transfer completes and nothing is dead-lettered', async () => {
    const w = world();
    const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
    const bank = createBankService(ledger);
    const { store, state } = outageStore(await w.store());
    // The store goes down while withdraw runs, so the engine meets the outage when withdraw's result arrives.
    const withOutage: ServiceImplementation<BankService> = {
      ...bank,
      withdraw: async (...args) => {
        if (state.refused === 0 && !state.down) {
          state.down = true;
          setTimeout(() => (state.down = false), 2_000);
        }
        return bank.withdraw(...args);
      },
    };
    const dead: Envelope[] = [];
    await readDeadLetters(w, dead);
    await w.worker({ workflows: [BankWorkflow], services: [service(BankService, withOutage), service(EmailService, createEmailService(new Map()))] }, { history: store });
    const client = await w.client();
    await notStuck(client.newWorkflow(BankWorkflow, { id: 'outage' }).wire('outage', 'alice', 'bob', 100), 'the transfer');
    expect(state.refused, 'the outage was met').to.be.greaterThan(0);
    expect(ledger.snapshot()).to.deep.equal({ alice: 900, bob: 1_100 });
    expect(dead.map((e) => (e.message.kind === 'DeadLetter' ? e.message.reason : e.message.kind))).to.deep.equal([]);
  });

  it('fails the workflow with a DeadLetteredError cause when a task message is dead-lettered; retry completes it once the cause is fixed', async () => {
    const w = world();
    const ledger = new Ledger({ alice: 1_000, bob: 1_000 });
    const { transport, state } = refusingReplies(await w.transport());
    await w.worker({ services: [service(BankService, createBankService(ledger))] }, { transport });
    await w.worker({ workflows: [BankWorkflow], services: [service(EmailService, createEmailService(new Map()))] });
    const client = await w.client();
    const error = await notStuck(rejection(client.newWorkflow(BankWorkflow, { id: 'refused' }).wire('refused', 'alice', 'bob', 100)), 'the failure');
    expect(error.code).to.equal('WORKFLOW_FAILED');
    expect(causeWithCode(error, 'TASK_FAILED'), 'a TaskFailedError in the cause chain').to.include({ service: 'BankService', method: 'withdraw' });
    const deadLettered = causeWithCode(error, 'DEAD_LETTERED');
    expect(deadLettered, `a DeadLetteredError in the cause chain of ${error.message}`).to.not.equal(undefined);
    expect(String(deadLettered!.message)).to.contain('record too large');

    state.refusing = false;
    const handle = client.getById(BankWorkflow, 'refused');
    await handle.retry();
    await notStuck(handle.result().catch((e: unknown) => {
      // The instance may have ended before we asked: then the money shows it completed.
      if (!hasErrorCode(e, 'WORKFLOW_UNKNOWN')) throw e;
    }), 'the retried transfer');
    await eventually(() => expect(ledger.snapshot()).to.deep.equal({ alice: 900, bob: 1_100 }));
  });
};
