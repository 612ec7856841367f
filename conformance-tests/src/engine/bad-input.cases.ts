import { Workflow } from '@cadenza/core';
import { BankWorkflow, Ledger } from '@cadenza/example-bank-transfer';
import * as t from 'io-ts';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { EngineHarness } from '../harness';
import { rejection } from '../support/rejection';
import { eventually } from '../support/eventually';
import { Flaky, SequenceWorkflow } from './fixtures';
import { bankServices } from './bank.cases';
import { service, type World } from './world';

/** The worker's version checks its argument with a codec. */
class Strict extends Workflow {
  static readonly methods = { double: { args: t.tuple([t.number]) } };
  async double(n: number): Promise<number> {
    return n * 2;
  }
}
/** A client built from an older version, without the codec, under the same name. */
class LooseStrict extends Workflow {
  static readonly workflowName = 'Strict';
  async double(n: unknown): Promise<unknown> {
    return n;
  }
}

export const badInputCases = (h: EngineHarness, world: () => World): void => {
  it('refuses, in the engine too, a start whose arguments do not match the method codecs, with InvalidArgumentsError', async () => {
    const w = world();
    await w.worker({ workflows: [Strict] });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(LooseStrict).double('ten'));
    expect(error.code).to.equal('INVALID_ARGUMENTS');
    expect(error.message).to.contain('expected number, got "ten"');
    expect(await client.newWorkflow(Strict).double(21)).to.equal(42);
  });

  it('refuses arguments that do not match the method codecs with InvalidArgumentsError and the io-ts report', async () => {
    const w = world();
    const client = await w.client();
    const stub = client.newWorkflow(BankWorkflow) as unknown as { wire(...args: unknown[]): Promise<void> };
    const error = await rejection(stub.wire('w', 'alice', 'bob', 'ten'));
    expect(error.code).to.equal('INVALID_ARGUMENTS');
    expect(error.message).to.contain('at args.3: expected number, got "ten"');
  });

  it('refuses a method the workflow does not have with NotRegisteredError', async () => {
    const w = world();
    const client = await w.client();
    const stub = client.newWorkflow(BankWorkflow) as unknown as Record<string, unknown>;
    expect(() => stub.steal).to.throw().with.property('code', 'NOT_REGISTERED');
  });

  it('fails the workflow with a TaskFailedError caused by NotRegisteredError for a method the service lacks', async () => {
    const w = world();
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, {} as never)] });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(SequenceWorkflow).run(['x']));
    expect((error.cause as Record<string, unknown>).code).to.equal('TASK_FAILED');
    expect(((error.cause as Error).cause as Record<string, unknown>).code).to.equal('NOT_REGISTERED');
    expect((error.cause as Error).message).to.contain('Flaky.run');
  });

  it('answers an unknown id with WorkflowUnknownError, and a second start of an ended workflow with its outcome', async () => {
    const w = world();
    const ledger = new Ledger({ alice: 10, bob: 0 });
    await w.worker({ workflows: [BankWorkflow], services: bankServices(ledger) });
    const client = await w.client();
    const unknown = await rejection(client.getById(BankWorkflow, 'no-such-id').result());
    expect(unknown.code).to.equal('WORKFLOW_UNKNOWN');
    expect(unknown.message).to.contain('no-such-id does not exist');
    await client.newWorkflow(BankWorkflow, { id: 'done-once' }).wire('done-once', 'alice', 'bob', 1);
    // The same start again is answered from the kept outcome; the transfer is not made twice.
    await client.newWorkflow(BankWorkflow, { id: 'done-once' }).wire('done-once', 'alice', 'bob', 1);
    expect([ledger.balance('alice'), ledger.balance('bob')]).to.deep.equal([9, 1]);
  });

  it('dead-letters a message that does not belong on a workflow topic, and goes on', async () => {
    const w = world();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 10, bob: 0 })) });
    const transport = await w.transport();
    const dead: string[] = [];
    await transport.subscribe(w.names.deadLetterTopic(), 'dead-letter-reader', async ({ envelope }) => {
      if (envelope.message.kind === 'DeadLetter') dead.push(envelope.message.reason);
    }, { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
    await transport.publish(w.names.workflowTopic('BankWorkflow'), {
      v: 1, id: 'stray', at: Date.now(),
      message: { kind: 'TimerFired', workflowName: 'SomeOtherWorkflow', workflowId: 'x', seq: 1 },
    }, { key: 'x' });
    const client = await w.client();
    await client.newWorkflow(BankWorkflow).wire('after-stray', 'alice', 'bob', 1);
    await eventually(() => expect(dead.join()).to.contain('SomeOtherWorkflow'));
  });

  it('dead-letters the messages of a workflow whose history holds an undecodable event, naming stream and revision, and goes on', async () => {
    const w = world();
    await w.worker({ workflows: [BankWorkflow], services: bankServices(new Ledger({ alice: 10, bob: 0 })) });
    const stream = w.names.workflowStream('BankWorkflow', 'corrupt');
    await (await w.store()).append(stream, [{ id: randomUUID(), type: 'NoSuchEvent', data: { type: 'NoSuchEvent' }, metadata: { causationId: 'x', at: 0 } }], 'no-stream');
    const transport = await w.transport();
    const dead: string[] = [];
    await transport.subscribe(w.names.deadLetterTopic(), 'dead-letter-reader', async ({ envelope }) => {
      if (envelope.message.kind === 'DeadLetter') dead.push(envelope.message.reason);
    }, { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
    const client = await w.client();
    // The sender is answered at once, and the message still goes to the dead letter.
    expect((await rejection(client.getById(BankWorkflow, 'corrupt').send('anything', 1))).code).to.equal('CORRUPT_HISTORY');
    await client.newWorkflow(BankWorkflow).wire('healthy', 'alice', 'bob', 1);
    await eventually(() => expect(dead.join()).to.contain(`stream ${stream} revision 0 cannot be decoded: unknown event type "NoSuchEvent"`), { timeoutMs: 30_000 });
  });

  it('refuses oversized arguments at dispatch with PayloadTooLargeError', async () => {
    const w = world();
    const client = await w.client();
    const error = await rejection(client.newWorkflow(SequenceWorkflow).run(['x'.repeat(2_000_000)]));
    expect(error.code).to.equal('PAYLOAD_TOO_LARGE');
  });
};
