import { type Delivery, type Envelope, type Transport } from '@cadenza/core';
import { expect } from 'chai';
import { bankWorld, NS, WireWorkflow } from './support/bank-events';

/** Every message to a workflow topic published twice: the engine handles each copy, the second as a redelivery. */
const duplicatingWorkflowMessages = (transport: Transport): Transport => ({
  capabilities: transport.capabilities,
  publish: async (topic, envelope, options) => {
    await transport.publish(topic, envelope, options);
    if (topic.startsWith(`${NS}.workflow.`)) await transport.publish(topic, envelope, options);
  },
  subscribe: (topic, group, handle, options) => transport.subscribe(topic, group, handle, options),
  close: () => transport.close(),
});

const BANK_SEQUENCE = [
  'workflow.dispatched', 'workflow.started',
  'task.scheduled', 'task.attempt.started', 'task.completed',
  'task.scheduled', 'task.attempt.started', 'task.attempt.failed', 'task.attempt.started', 'task.attempt.failed', 'task.attempt.started', 'task.completed',
  'task.scheduled', 'task.attempt.started', 'task.completed',
  'workflow.completed',
].map((type) => `io.cadenza.${type}`);

describe('in-memory: the events a bank transfer publishes', () => {
  it('is the documented sequence of valid CloudEvents, with the flaky deposit\'s failed attempts, errors and delays', async () => {
    const world = await bankWorld({ depositFailures: 2 });
    const stub = world.client.newWorkflow(WireWorkflow, { id: 'wire-1' });
    expect(await stub.wire('wire-1', 100)).to.equal('wire-1 done');
    await world.eventually('io.cadenza.workflow.completed');
    const events = world.events();
    expect(events.map((e) => e.type)).to.deep.equal(BANK_SEQUENCE);
    for (const event of events) expect(event.validate()).to.equal(true);
    const failed = events.filter((e) => e.type === 'io.cadenza.task.attempt.failed');
    expect(failed.map((e) => [e.cadenzaattempt, (e.data as { retryInMs?: number }).retryInMs, (e.data as { error: { message: string } }).error.message]))
      .to.deep.equal([[1, 1, 'bank down 1'], [2, 2, 'bank down 2']]);
    expect(new Set(events.map((e) => e.id)).size).to.equal(events.length);
    expect(events.every((e) => e.subject === 'wire-1')).to.equal(true);
    await world.close();
  });

  it('re-publishes a step\'s events on a redelivery under the same envelope id, so its CloudEvents keep their ids', async () => {
    const world = await bankWorld({ wrap: duplicatingWorkflowMessages });
    await world.client.newWorkflow(WireWorkflow, { id: 'wire-2' }).wire('wire-2', 5);
    await world.eventually('io.cadenza.workflow.completed');
    const byId = new Map<string, Envelope[]>();
    for (const envelope of world.envelopes) byId.set(envelope.id, [...(byId.get(envelope.id) ?? []), envelope]);
    expect([...byId.values()].some((copies) => copies.length > 1), 'some step was re-published').to.equal(true);
    for (const copies of byId.values()) for (const copy of copies) expect(copy).to.deep.equal(copies[0]);
    const ids = new Set(world.events().map((e) => e.id));
    expect(ids.size).to.equal(BANK_SEQUENCE.length - 4); // no failed attempts this time: 2 failed + 2 next-attempt events fewer
    await world.close();
  });

  for (const [title, events] of [['off', { publish: false }], ['not set (the default)', {}]] as const) {
    it(`publishes nothing to the events topic with events.publish ${title}`, async () => {
      const world = await bankWorld({ depositFailures: 1, worker: { events } });
      await world.client.newWorkflow(WireWorkflow, { id: 'wire-3' }).wire('wire-3', 5);
      expect(world.envelopes).to.deep.equal([]);
      await world.close();
    });
  }

  it('dead-letters an events-topic message that reaches a workflow or service topic, naming it misrouted', async () => {
    const world = await bankWorld();
    const letters: Delivery[] = [];
    await world.base.subscribe(`${NS}.dead-letter`, 'test-dlq', async (d) => void letters.push(d), { order: 'none', deadLetterTopic: `${NS}.dlq-of-dlq` });
    await world.client.newWorkflow(WireWorkflow, { id: 'wire-4' }).wire('wire-4', 5);
    await world.eventually('io.cadenza.workflow.completed');
    const [step] = world.envelopes;
    await world.base.publish(`${NS}.workflow.WireWorkflow`, step!, { key: 'wire-4' });
    const attempt: Envelope = { ...step!, id: 'stray-attempt', message: {
      kind: 'TaskAttemptFailed', workflowName: 'WireWorkflow', workflowId: 'wire-4', taskId: 'wire-4:1', service: 'BankService', method: 'deposit',
      seq: 1, attempt: 1, retry: 0, error: { name: 'Error', message: 'x' },
    } };
    await world.base.publish(`${NS}.service.BankService`, attempt);
    for (let i = 0; i < 200 && letters.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const reasons = letters.map((d) => (d.envelope.message as { reason: string }).reason).sort();
    expect(reasons).to.have.length(2);
    expect(reasons[0]).to.match(/^misrouted: a TaskAttemptFailed message belongs on the events topic evt\.events, not on evt\.service\.BankService/);
    expect(reasons[1]).to.match(/^misrouted: a WorkflowEvents message belongs on the events topic evt\.events, not on evt\.workflow\.WireWorkflow/);
    await world.close();
  });
});
