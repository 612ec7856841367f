import { expect } from 'chai';
import { deadLetterFor } from '../../src/engine/dead-letter';
import { fromErrorData } from '../../src/errors/from-error-data';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import type { Logger } from '../../src/ports/logger.port';
import type { PublishOptions, Transport } from '../../src/ports/transport.port';
import { DeadLetterRouter } from '../../src/worker/dead-letter-router';

const names = createNames('ns');
const workflow = { workflowName: 'BankWorkflow', workflowId: 'wire-1' };
const task: Envelope = {
  v: 1, id: 'wire-1:1:r0#3', at: 1,
  message: { kind: 'ExecuteTask', taskId: 'wire-1:1', service: 'BankService', method: 'withdraw', args: [], attempt: 3, retry: 0, ...workflow, seq: 1, tags: [], meta: {} },
};

const setUp = () => {
  const published: Array<{ topic: string; envelope: Envelope; options?: PublishOptions }> = [];
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_, message) => void warnings.push(message ?? ''), child: () => logger };
  const transport = { publish: async (topic: string, envelope: Envelope, options?: PublishOptions) => void published.push({ topic, envelope, ...(options ? { options } : {}) }) } as unknown as Transport;
  const router = new DeadLetterRouter({ transport, names, clock: { now: () => 42, setTimer: () => () => undefined }, logger });
  const route = (original: Envelope, topic = names.serviceTopic('BankService'), maxBytes = 1_000_000) =>
    router.handle({ envelope: deadLetterFor({ envelope: original, topic, deliveryCount: 5 }, 'rejected 5 times, last: TransportError: refused', 40, maxBytes), topic: names.deadLetterTopic(), deliveryCount: 1 });
  return { published, warnings, route, router };
};

describe('worker/dead-letter-router', () => {
  it('fails the step of a dead-lettered ExecuteTask in its workflow, with a DeadLetteredError cause', async () => {
    const { published, route } = setUp();
    await route(task);
    expect(published).to.have.length(1);
    const { topic, envelope, options } = published[0]!;
    expect(topic).to.equal('ns.workflow.BankWorkflow');
    expect(options).to.deep.equal({ key: 'wire-1' });
    expect(envelope).to.deep.include({ id: 'dead-lettered:wire-1:1:r0#3', at: 42, causationId: 'dead-letter:wire-1:1:r0#3' });
    const failed = envelope.message as MessageOf<'TaskFailed'>;
    expect(failed).to.deep.include({ kind: 'TaskFailed', ...workflow, seq: 1, taskId: 'wire-1:1', attempt: 3 });
    const cause = fromErrorData(failed.error) as Error & { code?: string };
    expect(cause.code).to.equal('DEAD_LETTERED');
    expect(cause.message).to.equal('a message on ns.service.BankService went to the dead letter after 5 deliveries: rejected 5 times, last: TransportError: refused');
  });

  it('keeps the retry round of the dead-lettered message on the failure it sends', async () => {
    const { published, route } = setUp();
    await route({ ...task, id: 'wire-1:1:r1#3', message: { ...task.message, retry: 1 } as MessageOf<'ExecuteTask'> });
    expect(published[0]!.envelope.message).to.deep.include({ kind: 'TaskFailed', retry: 1 });
  });

  it('fails the step of a dead-lettered ExecuteTask cut to fit the transport, by the origin it records', async () => {
    const { published, route } = setUp();
    const big = { ...task, message: { ...task.message, args: ['x'.repeat(10_000)] } } as Envelope;
    await route(big, names.serviceTopic('BankService'), 2_000);
    expect(published.map((p) => [p.topic, p.envelope.id, p.envelope.message])).to.deep.equal([['ns.workflow.BankWorkflow', 'dead-lettered:wire-1:1:r0#3',
      { kind: 'TaskFailed', ...workflow, seq: 1, taskId: 'wire-1:1', attempt: 3, retry: 0, error: (published[0]!.envelope.message as MessageOf<'TaskFailed'>).error }]]);
  });

  it('keeps the retry round of a dead-lettered ExecuteTask cut to fit the transport, from the origin it records', async () => {
    const { published, route } = setUp();
    const big = { ...task, id: 'wire-1:1:r1#3', message: { ...task.message, retry: 1, args: ['x'.repeat(10_000)] } } as Envelope;
    await route(big, names.serviceTopic('BankService'), 2_000);
    expect(published[0]!.envelope.message).to.deep.include({ kind: 'TaskFailed', retry: 1 });
  });

  it('fails the step of a dead-lettered task outcome the same way', async () => {
    const { published, route } = setUp();
    const completed: Envelope = { v: 1, id: 'wire-1:1:r0:completed', at: 1, message: { kind: 'TaskCompleted', ...workflow, seq: 1, taskId: 'wire-1:1', result: null, attempt: 1 } };
    await route(completed, names.workflowTopic('BankWorkflow'));
    expect(published.map((p) => [p.topic, p.envelope.message.kind, (p.envelope.message as MessageOf<'TaskFailed'>).seq])).to.deep.equal([['ns.workflow.BankWorkflow', 'TaskFailed', 1]]);
  });

  it('leaves alone, with a warning, dead letters no workflow waits on and its own failures dead-lettered again', async () => {
    const { published, warnings, route, router } = setUp();
    await route({ v: 1, id: 'r', at: 1, message: { kind: 'RunWorkflow', ...workflow, method: 'wire', args: [], tags: [], meta: {} } }, names.workflowTopic('BankWorkflow'));
    await route({ v: 1, id: 'dead-lettered:wire-1:1:r0#3', at: 1, message: { kind: 'TaskFailed', ...workflow, seq: 1, taskId: 'wire-1:1', attempt: 3, error: { name: 'E', message: 'm' } } });
    const undecodable: MessageOf<'DeadLetter'> = { kind: 'DeadLetter', originalTopic: 't', reason: 'not JSON', deliveries: 1, raw: Buffer.from('{oops').toString('base64') };
    await router.handle({ envelope: { v: 1, id: 'd', at: 1, message: undecodable }, topic: names.deadLetterTopic(), deliveryCount: 1 });
    expect(published).to.deep.equal([]);
    expect(warnings).to.have.length(3);
  });
});
