import { expect } from 'chai';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import type { HistoryStore } from '../../src/ports/history-store.port';
import { resolveAttemptTimeouts } from '../../src/service/attempt-timeout';
import type { BatchItem, BatchOptions } from '../../src/service/batch-options';
import { resolveRetryPolicy } from '../../src/service/retry-policy';
import { ServiceExecutor } from '../../src/service/service-executor';
import { resolveServiceBatches } from '../../src/service/service-batches';
import { createWorker } from '../../src/worker/create-worker';
import { defineService } from '../../src/workflow/service-definition';
import { recordingTransport, silentLogger, steppedClock } from '../support/fakes';
import { turn } from '../support/history';

interface Mailer { send(to: string, body: string): Promise<string>; ping(): Promise<string> }
const Mailer = defineService<Mailer>('Mailer', {});
const NOW = 1_000_000;

const task = (n: number, extra: Partial<MessageOf<'ExecuteTask'>> = {}): Envelope => ({
  v: 1, id: `w${n}:1:r0#1`, at: NOW,
  message: {
    kind: 'ExecuteTask', taskId: `w${n}:1`, service: 'Mailer', method: 'send', args: [`to-${n}`, `body-${n}`], attempt: 1, retry: 0,
    workflowName: 'W', workflowId: `w${n}`, seq: 1, tags: [], meta: {}, ...extra,
  },
});

type Handler = BatchOptions<[string, string], string>['handler'];

const executor = (handler: Handler, o: { maxMessages?: number; maxMs?: number; key?: (to: string) => string; single?: Mailer['send']; timeoutMs?: number; maxPayloadBytes?: number } = {}) => {
  const { clock, advance } = steppedClock(NOW);
  const transport = recordingTransport();
  const implementation = { send: o.single ?? (async (to: string) => `single:${to}`), ping: async () => 'pong' };
  const batch = resolveServiceBatches(Mailer as never, implementation, { send: { maxMessages: o.maxMessages ?? 3, maxMs: o.maxMs ?? 50, handler, ...(o.key ? { key: o.key } : {}) } });
  const run = new ServiceExecutor({
    definition: Mailer as never, implementation, retry: resolveRetryPolicy({ jitter: 0, initialDelayMs: 1_000 }), methodRetry: {}, transport,
    names: createNames('ns'), clock, logger: silentLogger, maxPayloadBytes: o.maxPayloadBytes ?? 1_000, publishEvents: false,
    timeouts: resolveAttemptTimeouts('Mailer', o.timeoutMs), batch,
  });
  const handle = (envelope: Envelope) => run.handle({ envelope, topic: 'ns.service.Mailer', deliveryCount: 1 });
  return { handle, published: transport.published, advance, stop: () => run.stop() };
};

/** What was published, by workflow id: the outcome kind and its result, error code or next attempt. */
const outcomes = (published: ReturnType<typeof executor>['published']) => Object.fromEntries(published.map(({ envelope: { message: m } }) => {
  if (m.kind === 'TaskCompleted') return [m.workflowId, `completed ${JSON.stringify(m.result)}`];
  if (m.kind === 'TaskFailed') return [m.workflowId, `failed ${m.error.code ?? m.error.name}`];
  if (m.kind === 'ExecuteTask') return [m.workflowId, `retry ${m.attempt} after ${m.lastError?.message}`];
  return [m.kind, m.kind];
}));

describe('service/service-executor: task batching', () => {
  it('calls the handler once for a full batch, each task with its own context, and completes each with its own result', async () => {
    const seen: Array<ReadonlyArray<BatchItem<[string, string]>>> = [];
    const { handle, published } = executor(async (items) => {
      seen.push(items);
      return items.map(({ args: [to], context }) => `${to}@${context.taskId}`);
    });
    await Promise.all([1, 2, 3].map((n) => handle(task(n))));
    expect(seen).to.have.length(1);
    expect(seen[0]!.map((item) => [item.args, item.context.taskId, item.context.attempt])).to.deep.equal([
      [['to-1', 'body-1'], 'w1:1', 1], [['to-2', 'body-2'], 'w2:1', 1], [['to-3', 'body-3'], 'w3:1', 1],
    ]);
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "to-1@w1:1"', w2: 'completed "to-2@w2:1"', w3: 'completed "to-3@w3:1"' });
    expect(published.map((p) => [p.topic, p.envelope.id])).to.deep.include.members([['ns.workflow.W', 'w2:1:r0:completed']]);
  });

  it('resolves a delivery only once its own outcome is published, so its ack comes after it', async () => {
    let release!: () => void;
    const { handle, published } = executor(async (items) => {
      await new Promise<void>((resolve) => (release = resolve));
      return items.map(() => 'ok');
    }, { maxMessages: 2 });
    let acked = 0;
    const handled = [1, 2].map((n) => handle(task(n)).then(() => acked++));
    await turn();
    expect([acked, published.length]).to.deep.equal([0, 0]);
    release();
    await Promise.all(handled);
    expect([acked, published.length]).to.deep.equal([2, 2]);
  });

  it('flushes a partial batch after maxMs', async () => {
    let calls = 0;
    const { handle, published, advance } = executor(async (items) => {
      calls++;
      return items.map(({ args: [to] }) => to);
    }, { maxMessages: 10, maxMs: 50 });
    const handled = [1, 2].map((n) => handle(task(n)));
    await turn();
    expect(calls).to.equal(0);
    advance(50);
    await Promise.all(handled);
    expect(calls).to.equal(1);
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "to-1"', w2: 'completed "to-2"' });
  });

  it('keeps tasks with different keys in different batches', async () => {
    const batches: string[][] = [];
    const { handle, advance } = executor(async (items) => {
      batches.push(items.map(({ args: [to] }) => to));
      return items.map(() => 'ok');
    }, { maxMessages: 10, key: (to) => (Number(to.slice(3)) % 2 === 0 ? 'even' : 'odd') });
    const handled = [1, 2, 3, 4].map((n) => handle(task(n)));
    await turn();
    advance(50);
    await Promise.all(handled);
    expect(batches).to.deep.equal([['to-1', 'to-3'], ['to-2', 'to-4']]);
  });

  it('fails only the items the handler answers { ok: false }: those go through the retry policy on their own', async () => {
    const { handle, published } = executor(async (items) => items.map(({ args: [to] }) =>
      (to === 'to-2' ? { ok: false as const, error: new Error('mailbox full') } : { ok: true as const, value: `sent ${to}` })));
    await Promise.all([1, 2, 3].map((n) => handle(task(n))));
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "sent to-1"', w2: 'retry 2 after mailbox full', w3: 'completed "sent to-3"' });
  });

  it('runs each task of a batch that threw as a whole alone, through the method, with the normal retry policy', async () => {
    const singles: string[] = [];
    const { handle, published } = executor(async () => { throw new Error('batch endpoint down'); }, {
      single: async (to) => {
        singles.push(to);
        if (to === 'to-3') throw new Error('single down too');
        return `single ${to}`;
      },
    });
    await Promise.all([1, 2, 3].map((n) => handle(task(n))));
    expect(singles.sort()).to.deep.equal(['to-1', 'to-2', 'to-3']);
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "single to-1"', w2: 'completed "single to-2"', w3: 'retry 2 after single down too' });
  });

  it('takes an answer of the wrong length as a failed batch: its tasks run alone', async () => {
    const { handle, published } = executor(async () => ['only one']);
    await Promise.all([1, 2, 3].map((n) => handle(task(n))));
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "single:to-1"', w2: 'completed "single:to-2"', w3: 'completed "single:to-3"' });
  });

  it('fails an item alone at its own attempt deadline, aborting its signal; the others complete', async () => {
    const signals: AbortSignal[] = [];
    let release!: () => void;
    const { handle, published, advance } = executor(async (items) => {
      signals.push(...items.map((item) => item.context.signal));
      await new Promise<void>((resolve) => (release = resolve));
      return items.map(() => 'late');
    }, { maxMessages: 2, maxMs: 1_000, timeoutMs: 100 });
    const early = handle(task(1));
    advance(60);
    const later = handle(task(2));
    await turn();
    advance(40);
    await early;
    expect(signals.map((s) => s.aborted)).to.deep.equal([true, false]);
    release();
    await later;
    expect(outcomes(published)).to.deep.equal({ w1: 'retry 2 after attempt 1 of task Mailer.send (w1:1) timed out after 100 ms', w2: 'completed "late"' });
  });

  it('fails for good, with PayloadTooLargeError, only the item whose result is over maxPayloadBytes', async () => {
    const { handle, published } = executor(async (items) => items.map(({ args: [to] }) => (to === 'to-1' ? 'x'.repeat(2_000) : 'small')), { maxMessages: 2 });
    await Promise.all([1, 2].map((n) => handle(task(n))));
    expect(outcomes(published)).to.deep.equal({ w1: 'failed PAYLOAD_TOO_LARGE', w2: 'completed "small"' });
  });

  it('fails the attempt of a task whose key function throws, without holding up the batch', async () => {
    const { handle, published } = executor(async (items) => items.map(() => 'ok'), {
      maxMessages: 2, key: (to) => { if (to === 'to-2') throw new Error('no tenant'); return 't'; },
    });
    await Promise.all([1, 2, 3].map((n) => handle(task(n))));
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "ok"', w2: 'retry 2 after no tenant', w3: 'completed "ok"' });
  });

  it('on stop, runs a partial batch at once instead of after maxMs', async () => {
    let calls = 0;
    const { handle, published, stop } = executor(async (items) => {
      calls++;
      return items.map(() => 'flushed');
    }, { maxMessages: 10, maxMs: 60_000 });
    const handled = [1, 2].map((n) => handle(task(n)));
    await turn();
    stop();
    await Promise.all(handled);
    expect(calls).to.equal(1);
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "flushed"', w2: 'completed "flushed"' });
  });

  it('leaves the methods without a batch section alone', async () => {
    let calls = 0;
    const { handle, published } = executor(async (items) => { calls++; return items.map(() => 'batched'); });
    await handle(task(1, { method: 'ping', args: [] }));
    expect(calls).to.equal(0);
    expect(outcomes(published)).to.deep.equal({ w1: 'completed "pong"' });
  });
});

describe('service/batch-options: checking a batch section', () => {
  const register = (batch: object) => createWorker({ transport: recordingTransport(), history: {} as HistoryStore, logger: silentLogger })
    .registerService(Mailer, { send: async () => 'x', ping: async () => 'y' }, { batch: batch as never });
  const handler = async () => [];

  it('refuses an unknown method with a ConfigError that suggests the nearest name', () => {
    expect(() => register({ sned: { handler } })).to.throw('invalid config at Mailer.batch: expected a method of Mailer (send, ping), got "sned" (did you mean send?)')
      .with.property('code', 'CONFIG');
  });

  it('refuses maxMessages that is not an integer ≥ 1 and maxMs that is not a finite number ≥ 0', () => {
    for (const maxMessages of [0, 1.5, -1, Number.NaN]) {
      expect(() => register({ send: { handler, maxMessages } }), String(maxMessages)).to.throw(/invalid config at Mailer\.batch\.send\.maxMessages: expected an integer ≥ 1/);
    }
    for (const maxMs of [-1, Infinity, Number.NaN, '5']) {
      expect(() => register({ send: { handler, maxMs } }), String(maxMs)).to.throw(/invalid config at Mailer\.batch\.send\.maxMs: expected a finite number ≥ 0/);
    }
  });

  it('refuses a handler or a key that is not a function, and a delegated method', () => {
    expect(() => register({ send: {} })).to.throw(/Mailer\.batch\.send\.handler: expected a function/);
    expect(() => register({ send: { handler, key: 'tenant' } })).to.throw(/Mailer\.batch\.send\.key: expected a function/);
    const Delegating = defineService<Mailer>('Delegating', { send: { delegated: true } });
    expect(() => createWorker({ transport: recordingTransport(), history: {} as HistoryStore, logger: silentLogger })
      .registerService(Delegating, { send: async () => 'x', ping: async () => 'y' }, { batch: { send: { handler } } })).to.throw(/Delegating\.batch\.send: expected a method that is not delegated/);
  });

  it('warns when maxMessages is above the service concurrency: such a batch can never fill', () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_: object, message: string) => void warnings.push(message) };
    const worker = createWorker({ transport: recordingTransport(), history: {} as HistoryStore, logger });
    worker.registerService(Mailer, { send: async () => 'x', ping: async () => 'y' }, { concurrency: 10, batch: { send: { handler, maxMessages: 50 } } });
    expect(warnings).to.deep.equal(['Mailer.batch.send.maxMessages (50) is above the service\'s concurrency (10): its batches hold at most 10 tasks and wait 50 ms each']);
    const Other = defineService<Mailer>('Other');
    worker.registerService(Other, { send: async () => 'x', ping: async () => 'y' }, { batch: { send: { handler } } }); // 100 ≤ the default 100
    expect(warnings).to.have.length(1);
  });

  it('fills in the defaults: 100 messages, 50 ms', () => {
    expect(resolveServiceBatches(Mailer as never, { send: async () => 'x' }, { send: { handler } })).to.deep.equal({ send: { maxMessages: 100, maxMs: 50, handler } });
  });
});
