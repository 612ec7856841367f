import { expect } from 'chai';
import * as t from 'io-ts';
import { PayloadTooLargeError } from '../../src/errors/payload-too-large-error';
import { TerminalTaskError } from '../../src/errors/terminal-task-error';
import { encodeEnvelope } from '../../src/model/envelope';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { resolveRetryPolicy, type RetryPolicy } from '../../src/service/retry-policy';
import { ServiceExecutor } from '../../src/service/service-executor';
import { taskContext } from '../../src/service/task-context';
import { defineService } from '../../src/workflow/service-definition';
import { fixedClock, recordingTransport, silentLogger } from '../support/fakes';

interface Bank { deposit(wallet: string, user: string, amount: number): Promise<number> }
const Bank = defineService<Bank>('BankService', { deposit: { args: t.tuple([t.string, t.string, t.number]) } });
const NOW = 1_000_000;

const task = (extra: Partial<MessageOf<'ExecuteTask'>> = {}): Envelope => ({
  v: 1, id: 'w1:1:r0#1', at: NOW - 5,
  message: {
    kind: 'ExecuteTask', taskId: 'w1:1', service: 'BankService', method: 'deposit', args: ['w1', 'bob', 100], attempt: 1, retry: 0,
    workflowName: 'BankWorkflow', workflowId: 'w1', seq: 1, tags: ['vip'], meta: { user: 'bob' }, ...extra,
  },
});

/** Like a real transport, refuses to publish an envelope whose encoding is over `maxMessageBytes`. */
const limitedTransport = (maxMessageBytes: number) => {
  const transport = recordingTransport();
  const record = transport.publish;
  return Object.assign(transport, {
    capabilities: { ...transport.capabilities, maxMessageBytes },
    publish: async (...args: Parameters<typeof record>) => {
      const bytes = encodeEnvelope(args[1]).length;
      if (bytes > maxMessageBytes) throw new PayloadTooLargeError(`envelope ${args[1].id}`, bytes, maxMessageBytes);
      await record(...args);
    },
  });
};

const executor = (implementation: object, retry: RetryPolicy = { jitter: 0 }, maxPayloadBytes = 1_000, transport = recordingTransport()) => {
  const run = new ServiceExecutor({
    definition: Bank as never, implementation, retry: resolveRetryPolicy(retry), methodRetry: {}, transport,
    names: createNames('ns'), clock: fixedClock(NOW), logger: silentLogger, maxPayloadBytes, publishEvents: false,
  });
  return { handle: (envelope: Envelope) => run.handle({ envelope, topic: 'ns.service.BankService', deliveryCount: 1 }), published: transport.published };
};

describe('service/service-executor', () => {
  it('sends TaskCompleted to the workflow topic, keyed by workflow id, with a deterministic id', async () => {
    const { handle, published } = executor({ deposit: async (_w: string, _u: string, amount: number) => amount + 1 });
    await handle(task());
    expect(published).to.deep.equal([{
      topic: 'ns.workflow.BankWorkflow', options: { key: 'w1', handedOver: true },
      envelope: { v: 1, id: 'w1:1:r0:completed', at: NOW, causationId: 'w1:1:r0#1', message: {
        kind: 'TaskCompleted', workflowName: 'BankWorkflow', workflowId: 'w1', seq: 1, taskId: 'w1:1', result: 101, attempt: 1, retry: 0,
      } },
    }]);
  });

  it('gives the method its task context', async () => {
    // Without a timeout the deadline is Infinity and the signal never aborts; both are checked in attempt-timeout's spec.
    const { handle, published } = executor({ deposit: async () => {
      const { deadline: _deadline, signal: _signal, ...rest } = taskContext();
      return rest;
    } });
    await handle(task({ attempt: 3, lastError: { name: 'Error', message: 'earlier' } }));
    expect((published[0]!.envelope.message as MessageOf<'TaskCompleted'>).result).to.deep.equal({
      taskId: 'w1:1', attempt: 3, service: 'BankService', method: 'deposit', workflowName: 'BankWorkflow', workflowId: 'w1',
      tags: ['vip'], meta: { user: 'bob' }, lastError: { name: 'Error', message: 'earlier' },
    });
  });

  it('republishes a retriable failure as the next attempt, after the backoff, without the stack', async () => {
    const { handle, published } = executor({ deposit: async () => { throw new Error('bank down'); } });
    await handle(task({ attempt: 2 }));
    expect(published).to.have.length(1);
    const [{ topic, envelope, options }] = published as [typeof published[0]];
    expect(topic).to.equal('ns.service.BankService');
    expect(options).to.deep.equal({ deliverAt: NOW + 2_000, handedOver: true });
    expect(envelope).to.deep.include({ id: 'w1:1:r0#3', causationId: 'w1:1:r0#1', at: NOW });
    expect(envelope.message).to.deep.include({ kind: 'ExecuteTask', attempt: 3, lastError: { name: 'Error', message: 'bank down' } });
  });

  it('gives the method copies: one that changes its arguments or context leaves the task, its retry and the delivery alone', async () => {
    const order = { amount: 5, lines: ['a'] };
    const delivered = task({ method: 'move', args: [order] });
    const { handle, published } = executor({ move: async (given: typeof order) => {
      given.amount = 0;
      given.lines.push('changed');
      (taskContext().meta as Record<string, string>).user = 'mallory';
      (taskContext().tags as string[]).push('changed');
      throw new Error('bank down');
    } });
    await handle(delivered);
    expect(published[0]!.envelope.message).to.deep.include({ kind: 'ExecuteTask', attempt: 2, args: [{ amount: 5, lines: ['a'] }], tags: ['vip'], meta: { user: 'bob' } });
    expect(delivered.message).to.deep.include({ args: [{ amount: 5, lines: ['a'] }], tags: ['vip'], meta: { user: 'bob' } });
  });

  it('sends TaskFailed after the last attempt', async () => {
    const { handle, published } = executor({ deposit: async () => { throw new Error('bank down'); } }, { maxAttempts: 2, jitter: 0 });
    await handle(task({ attempt: 2 }));
    expect(published.map((p) => [p.topic, p.envelope.id, p.envelope.message.kind])).to.deep.equal([['ns.workflow.BankWorkflow', 'w1:1:r0:failed', 'TaskFailed']]);
    expect(published[0]!.envelope.message).to.deep.include({ attempt: 2 });
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).to.deep.include({ name: 'Error', message: 'bank down' });
  });

  it('stamps its outcomes with the task\'s retry round, so the workflow can tell a late one of an earlier round', async () => {
    const completing = executor({ deposit: async () => 1 });
    await completing.handle(task({ retry: 2 }));
    expect(completing.published[0]!.envelope.message).to.deep.include({ kind: 'TaskCompleted', retry: 2 });
    const failing = executor({ deposit: async () => { throw new TerminalTaskError('no'); } });
    await failing.handle(task({ retry: 2 }));
    expect(failing.published[0]!.envelope.message).to.deep.include({ kind: 'TaskFailed', retry: 2 });
  });

  it('sends TaskFailed at once for a TerminalTaskError or an error named in nonRetriableErrors', async () => {
    const terminal = executor({ deposit: async () => { throw new TerminalTaskError('card refused'); } });
    await terminal.handle(task());
    expect(terminal.published.map((p) => p.envelope.message.kind)).to.deep.equal(['TaskFailed']);
    const named = executor({ deposit: async () => { throw new RangeError('no'); } }, { nonRetriableErrors: ['RangeError'] });
    await named.handle(task());
    expect(named.published.map((p) => p.envelope.message.kind)).to.deep.equal(['TaskFailed']);
  });

  it('refuses arguments its codec rejects with InvalidArgumentsError, without calling the method', async () => {
    let called = false;
    const { handle, published } = executor({ deposit: async () => { called = true; return 0; } });
    await handle(task({ args: ['w1', 'bob', 'ten'] }));
    expect(called).to.equal(false);
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).to.deep.include({
      name: 'InvalidArgumentsError', code: 'INVALID_ARGUMENTS', message: 'invalid arguments for BankService.deposit: at args.2: expected number, got "ten"',
    });
  });

  it('fails a task whose method is not implemented with NotRegisteredError', async () => {
    const { handle, published } = executor({});
    await handle(task({ method: 'withdraw', args: [] }));
    expect(published[0]!.envelope.message.kind).to.equal('TaskFailed');
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).to.deep.include({ code: 'NOT_REGISTERED' });
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error.message).to.contain('BankService.withdraw is not registered');
  });

  it('fails a result over maxPayloadBytes with PayloadTooLargeError', async () => {
    const { handle, published } = executor({ deposit: async () => 'x'.repeat(2_000) }, { maxAttempts: 1 }, 1_000);
    await handle(task());
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).to.deep.include({ code: 'PAYLOAD_TOO_LARGE', retriable: false });
  });

  it('fails at once with NotRegisteredError a method the implementation only inherits (valueOf, toString, constructor, ...)', async () => {
    class BankImpl { async deposit(): Promise<number> { return 1; } }
    for (const implementation of [new BankImpl(), { deposit: async () => 1 }]) {
      for (const method of ['valueOf', 'toString', 'constructor', 'hasOwnProperty', '__proto__', '__defineGetter__']) {
        const { handle, published } = executor(implementation);
        await handle(task({ method, args: [] }));
        expect(published.map((p) => p.envelope.message.kind), method).to.deep.equal(['TaskFailed']);
        const { error } = published[0]!.envelope.message as MessageOf<'TaskFailed'>;
        expect(error, method).to.deep.include({ code: 'NOT_REGISTERED', retriable: false });
        expect(error.message, method).to.contain(`BankService.${method} is not registered; registered: deposit`);
      }
    }
  });

  it('still runs a method a class implementation declares on its prototype, or inherits from a base class', async () => {
    class Base { async deposit(): Promise<number> { return 7; } }
    class BankImpl extends Base {}
    const { handle, published } = executor(new BankImpl());
    await handle(task());
    expect((published[0]!.envelope.message as MessageOf<'TaskCompleted'>).result).to.equal(7);
  });

  it('fails for good, with PayloadTooLargeError, a result whose TaskCompleted is over the transport limit', async () => {
    // The result itself is under maxPayloadBytes; with the envelope around it, it is over maxMessageBytes.
    const result = 'é'.repeat(200);
    const { handle, published } = executor({ deposit: async () => result }, { jitter: 0 }, 1_000, limitedTransport(500));
    await handle(task());
    expect(published.map((p) => [p.topic, p.envelope.message.kind])).to.deep.equal([['ns.workflow.BankWorkflow', 'TaskFailed']]);
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).to.deep.include({ name: 'PayloadTooLargeError', code: 'PAYLOAD_TOO_LARGE', retriable: false });
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error.message).to.match(/over the limit of 500 bytes/);
    // With its stack the TaskFailed would be over the limit too: it goes without.
    expect((published[0]!.envelope.message as MessageOf<'TaskFailed'>).error).not.to.have.property('stack');
  });

  it('sends a failure too large for the transport without its stack and with its message cut', async () => {
    const { handle, published } = executor({ deposit: async () => { throw new TerminalTaskError('no: '.repeat(500)); } }, { jitter: 0 }, 1_000, limitedTransport(1_500));
    await handle(task());
    expect(published.map((p) => p.envelope.message.kind)).to.deep.equal(['TaskFailed']);
    const { error } = published[0]!.envelope.message as MessageOf<'TaskFailed'>;
    expect(error).to.deep.include({ name: 'TerminalTaskError', code: 'TASK_TERMINAL', retriable: false });
    expect(error).not.to.have.property('stack');
    expect(error.message).to.have.length(1_001);
  });

  it('sends a result whose TaskCompleted is exactly at the transport limit', async () => {
    const probe = executor({ deposit: async () => '' });
    await probe.handle(task());
    const emptyBytes = encodeEnvelope(probe.published[0]!.envelope).length;
    const { handle, published } = executor({ deposit: async () => 'é'.repeat(100) }, { jitter: 0 }, 1_000, limitedTransport(emptyBytes + 200));
    await handle(task());
    expect(published.map((p) => p.envelope.message.kind)).to.deep.equal(['TaskCompleted']);
  });

  it('dead-letters a message that does not belong on its topic', async () => {
    const { handle, published } = executor({ deposit: async () => 0 });
    await handle(task({ service: 'OtherService' }));
    expect(published).to.have.length(1);
    expect(published[0]!.topic).to.equal('ns.dead-letter');
    expect(published[0]!.envelope.message).to.deep.include({ kind: 'DeadLetter', originalTopic: 'ns.service.BankService', deliveries: 1 });
  });

  it('dead-letters a task whose workflowName no workflow topic can be made of, without running it or publishing there', async () => {
    let ran = false;
    const { handle, published } = executor({ deposit: async () => void (ran = true) });
    await handle(task({ workflowName: '../other-ns.workflow.X' }));
    expect(ran).to.equal(false);
    expect(published.map((p) => p.topic)).to.deep.equal(['ns.dead-letter']);
    expect((published[0]!.envelope.message as MessageOf<'DeadLetter'>).reason).to.match(/^invalid name at message\.workflowName: expected a workflow or service name/);
  });
});
