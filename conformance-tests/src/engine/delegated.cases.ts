import { defineService, type ServiceImplementation, taskContext, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import * as t from 'io-ts';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { freshName } from '../support/fresh-name';
import { rejection } from '../support/rejection';
import { service, type World } from './world';
import { recording } from './wrapped-transports';

/** A hotel desk that confirms a booking later, by a call back: its `reserve` only files the request. */
interface HotelDesk {
  reserve(hotel: string): Promise<{ confirmation: string }>;
  /** An ordinary method: it completes when it returns. */
  ping(): Promise<string>;
}
const HotelDesk = defineService<HotelDesk>('HotelDesk', {
  reserve: { delegated: true, result: t.type({ confirmation: t.string }) },
});

/** The task ids each hotel's `reserve` was started with, one per attempt, across tests. */
const filed = new Map<string, string[]>();
const desk = (): ServiceImplementation<HotelDesk> => ({
  reserve: async (hotel) => {
    filed.set(hotel, [...(filed.get(hotel) ?? []), taskContext().taskId]);
    // Ignored: a delegated task completes through the client only.
    return { confirmation: 'not this one' };
  },
  ping: async () => 'pong',
});

class TripWorkflow extends Workflow {
  private readonly desk = this.newService(HotelDesk);

  async book(hotel: string): Promise<{ confirmation: string }> {
    return this.desk.reserve(hotel);
  }

  /** Books, then waits for `done`, so that the instance still runs when a second completion comes. */
  async bookAndWait(hotel: string): Promise<{ confirmation: string }> {
    const booked = await this.desk.reserve(hotel);
    await this.channel<string>('done').receive();
    return booked;
  }

  async pingThenWait(): Promise<string> {
    const pong = await this.desk.ping();
    await this.channel<string>('done').receive();
    return pong;
  }
}

export const delegatedCases = (h: EngineHarness, world: () => World): void => {
  const start = async (w: World) => {
    await w.worker({ workflows: [TripWorkflow], services: [service(HotelDesk, desk())], retainHistory: true });
    return w.client();
  };
  const filedFor = async (hotel: string): Promise<string> => {
    await eventually(() => expect(filed.get(hotel)).to.have.length(1));
    return filed.get(hotel)![0]!;
  };
  const historyTypes = async (w: World, workflowId: string) =>
    (await (await w.store()).read(w.names.workflowStream('TripWorkflow', workflowId))).events.map((e) => e.type);
  /** A trip started in a new world, once its booking was filed: the delegated task waits for its completion. */
  const filedTrip = async (method: 'book' | 'bookAndWait', prefix: string) => {
    const w = world();
    const client = await start(w);
    const hotel = freshName(prefix);
    const id = freshName('trip');
    const handle = await client.dispatch(client.newWorkflow(TripWorkflow, { id })[method], hotel);
    return { w, client, hotel, id, handle, taskId: await filedFor(hotel) };
  };

  it('does not complete a delegated task when its function returns, but when a client completes it by its task id', async () => {
    const { w, client, hotel, id, handle, taskId } = await filedTrip('book', 'ritz');
    expect(taskId).to.equal(`${id}:1/TripWorkflow.reserve/r0`);
    expect(await historyTypes(w, id)).to.not.include('TaskCompleted');
    await client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'R-1' });
    expect(await handle.result()).to.deep.equal({ confirmation: 'R-1' });
    expect(filed.get(hotel)).to.have.length(1);
  });

  it('fails a delegated task through failDelegatedTask: the workflow sees TaskFailedError with that cause', async () => {
    const { client, handle, taskId } = await filedTrip('book', 'full');
    await client.failDelegatedTask('HotelDesk', taskId, new Error('no rooms left'));
    const error = await rejection(handle.result());
    expect(error.code).to.equal('WORKFLOW_FAILED');
    const cause = error.cause as Error & { code?: string };
    expect(cause.code).to.equal('TASK_FAILED');
    expect((cause.cause as Error).message).to.equal('no rooms left');
  });

  it('gives a delegated task a new id when retry runs it again, and refuses a late completion of the replaced round', async () => {
    const { client, hotel, id, handle, taskId } = await filedTrip('book', 'retried');
    await client.failDelegatedTask(HotelDesk, taskId, 'desk closed');
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    const again = client.getById(TripWorkflow, id);
    await again.retry();
    await eventually(() => expect(filed.get(hotel)).to.have.length(2));
    const retried = filed.get(hotel)![1]!;
    expect(retried).to.equal(`${id}:1/TripWorkflow.reserve/r1`);
    const late = await rejection(client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'old round' }));
    expect(late.code).to.equal('DELEGATED_TASK_UNKNOWN');
    expect(late.message).to.contain('round 0');
    await client.completeDelegatedTask(HotelDesk, retried, { confirmation: 'new round' });
    expect(await again.result()).to.deep.equal({ confirmation: 'new round' });
  });

  it('applies a second completion of the same task once: the first stands, the second is refused with DelegatedTaskCompletedError', async () => {
    const { w, client, id, handle, taskId } = await filedTrip('bookAndWait', 'twice');
    await client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'first' });
    const second = await rejection(client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'second' }));
    expect(second.code).to.equal('DELEGATED_TASK_COMPLETED');
    expect(second.taskId).to.equal(taskId);
    const failing = await rejection(client.failDelegatedTask(HotelDesk, taskId, 'too late'));
    expect(failing.code).to.equal('DELEGATED_TASK_COMPLETED');
    await client.getById(TripWorkflow, id).send('done', 'now');
    expect(await handle.result()).to.deep.equal({ confirmation: 'first' });
    expect((await historyTypes(w, id)).filter((type) => type === 'TaskCompleted')).to.have.length(1);
  });

  it('answers a redelivered completion accepted again, and records it once', async () => {
    const w = world();
    const engine = recording(await w.transport());
    await w.worker({ workflows: [TripWorkflow], services: [service(HotelDesk, desk())], retainHistory: true }, { transport: engine.transport });
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    const hotel = freshName('redelivered');
    const id = freshName('trip');
    const handle = await client.dispatch(client.newWorkflow(TripWorkflow, { id }).bookAndWait, hotel);
    await client.completeDelegatedTask(HotelDesk, await filedFor(hotel), { confirmation: 'once' });
    const sent = caller.published.find((p) => p.envelope.message.kind === 'CompleteDelegatedTask')!;
    await caller.transport.publish(sent.topic, sent.envelope, { key: id });
    const answers = () => engine.published.filter((p) => p.envelope.message.kind === 'WorkflowReply' && p.envelope.message.requestId === sent.envelope.id)
      .map((p) => (p.envelope.message as { outcome: { status: string } }).outcome.status);
    await eventually(() => expect(answers()).to.deep.equal(['accepted', 'accepted']));
    await client.getById(TripWorkflow, id).send('done', 'now');
    expect(await handle.result()).to.deep.equal({ confirmation: 'once' });
    expect((await historyTypes(w, id)).filter((type) => type === 'TaskCompleted')).to.have.length(1);
  });

  it('answers a redelivered completion that ended the workflow accepted again, not unknown, once its history is cleared', async () => {
    const w = world();
    const engine = recording(await w.transport());
    await w.worker({ workflows: [TripWorkflow], services: [service(HotelDesk, desk())] }, { transport: engine.transport });
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    const hotel = freshName('ending');
    const id = freshName('trip');
    const handle = await client.dispatch(client.newWorkflow(TripWorkflow, { id }).book, hotel);
    await client.completeDelegatedTask(HotelDesk, await filedFor(hotel), { confirmation: 'last' });
    expect(await handle.result()).to.deep.equal({ confirmation: 'last' });
    const sent = caller.published.find((p) => p.envelope.message.kind === 'CompleteDelegatedTask')!;
    await caller.transport.publish(sent.topic, sent.envelope, { key: id });
    const answers = () => engine.published.filter((p) => p.envelope.message.kind === 'WorkflowReply' && p.envelope.message.requestId === sent.envelope.id)
      .map((p) => (p.envelope.message as { outcome: { status: string } }).outcome.status);
    await eventually(() => expect(answers()).to.have.length(2));
    expect(answers()).to.deep.equal(['accepted', 'accepted']);
    // Another completion of the ended workflow's task is still refused.
    expect((await rejection(client.completeDelegatedTask(HotelDesk, await filedFor(hotel), { confirmation: 'again' }))).code).to.equal('DELEGATED_TASK_UNKNOWN');
  });

  it('refuses a completion that names no waiting task with DelegatedTaskUnknownError, and the task still waits for its own', async () => {
    const { client, id, handle, taskId } = await filedTrip('book', 'unknown');
    const refusals = await Promise.all([
      client.completeDelegatedTask(HotelDesk, 'not-a-task-id', { confirmation: 'x' }),
      client.completeDelegatedTask(HotelDesk, `${id}:1`, { confirmation: 'x' }),
      client.completeDelegatedTask(HotelDesk, `${id}:7/TripWorkflow.reserve/r0`, { confirmation: 'x' }),
      client.completeDelegatedTask(HotelDesk, `${id}:1/TripWorkflow.reserve/r3`, { confirmation: 'x' }),
      client.completeDelegatedTask('Concierge', taskId, { confirmation: 'x' }),
      client.completeDelegatedTask(HotelDesk, `${freshName('nobody')}:1/TripWorkflow.reserve/r0`, { confirmation: 'x' }),
      client.completeDelegatedTask(HotelDesk, `${id}:1/TripWorkflow.ping/r0`, 'pong'),
    ].map(rejection));
    for (const error of refusals) expect(error.code, error.message).to.equal('DELEGATED_TASK_UNKNOWN');
    expect(refusals[5]!.message).to.contain('does not exist');
    expect(refusals[6]!.message).to.contain('not a delegated method');
    await client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'R-2' });
    expect(await handle.result()).to.deep.equal({ confirmation: 'R-2' });
  });

  it('refuses a completion for a task of an ended workflow with DelegatedTaskUnknownError', async () => {
    const { client, handle, taskId } = await filedTrip('book', 'ended');
    await client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'R-3' });
    await handle.result();
    const late = await rejection(client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'again' }));
    expect(late.code).to.equal('DELEGATED_TASK_UNKNOWN');
    expect(late.message).to.contain('ended');
  });

  it('refuses a result of the wrong shape for the method\'s result codec with InvalidArgumentsError, before sending it', async () => {
    const { client, handle, taskId } = await filedTrip('book', 'shape');
    const error = await rejection(client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 42 }));
    expect(error.code).to.equal('INVALID_ARGUMENTS');
    expect(error.message).to.contain('confirmation');
    await client.completeDelegatedTask(HotelDesk, taskId, { confirmation: 'R-4' });
    expect(await handle.result()).to.deep.equal({ confirmation: 'R-4' });
  });

  it('leaves ordinary methods of the same service completing when they return', async () => {
    const w = world();
    const client = await start(w);
    const id = freshName('trip');
    const handle = await client.dispatch(client.newWorkflow(TripWorkflow, { id }).pingThenWait);
    await eventually(async () => expect(await historyTypes(w, id)).to.include('TaskCompleted'));
    await client.getById(TripWorkflow, id).send('done', 'now');
    expect(await handle.result()).to.equal('pong');
  });
};
