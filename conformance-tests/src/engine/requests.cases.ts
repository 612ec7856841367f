import { type HistoryEvent, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Gated, GatedSequence, Gates } from './gates';
import { service, type World } from './world';

/** Starts the gated child under one fixed id, whoever the parent is. */
class SharingParent extends Workflow {
  private readonly child = this.newWorkflow(GatedSequence, { id: 'shared-child' });
  async run(): Promise<string[]> {
    return this.child.run(['child']);
  }
}

/** Every request gets an answer, and answering does not grow without bound. */
export const requestCases = (h: EngineHarness, world: () => World): void => {
  const setUp = async (w: World, recorded?: Map<string, HistoryEvent[]>) => {
    const gates = new Gates();
    await w.worker({ workflows: [GatedSequence, SharingParent], services: [service(Gated, gates.service())] }, recorded ? { history: await w.recordingStore(recorded) } : {});
    const client = await w.client();
    w.onClose(() => gates.openAll());
    return { gates, client };
  };

  it('answers many waits of one client on one workflow with one waiter', async () => {
    const w = world();
    const recorded = new Map<string, HistoryEvent[]>();
    const { gates, client } = await setUp(w, recorded);
    await client.dispatch(client.newWorkflow(GatedSequence, { id: 'polled' }).run, ['one']);
    const polls = Array.from({ length: 50 }, () => client.getById(GatedSequence, 'polled').result());
    const stream = w.names.workflowStream('GatedSequence', 'polled');
    const waiters = () => (recorded.get(stream) ?? []).filter((e) => e.type === 'WaiterAdded').length;
    await eventually(() => expect(waiters()).to.be.at.least(2));
    gates.open('one');
    expect(new Set((await Promise.all(polls)).map((r) => JSON.stringify(r)))).to.deep.equal(new Set([JSON.stringify(['one:done'])]));
    expect(waiters(), 'WaiterAdded events: the start, then one for all the polls').to.equal(2);
  });

  it('rejects a signal to a workflow that does not exist, or has ended, with WorkflowUnknownError', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    expect((await rejection(client.getById(GatedSequence, 'nobody').send('go', 1))).code).to.equal('WORKFLOW_UNKNOWN');
    gates.open('one');
    await client.newWorkflow(GatedSequence, { id: 'over' }).run(['one']);
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('GatedSequence', 'over'))).revision).to.equal('deleted'));
    expect((await rejection(client.getById(GatedSequence, 'over').send('go', 1))).code).to.equal('WORKFLOW_UNKNOWN');
  });

  it('refuses a start under a running workflow’s id with other arguments, with WorkflowIdInUseError', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const first = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'taken' }).run, ['one']);
    const error = await rejection(client.newWorkflow(GatedSequence, { id: 'taken' }).run(['other']));
    expect(error.code).to.equal('WORKFLOW_ID_IN_USE');
    expect(error.message).to.contain('taken');
    gates.open('one');
    expect(await first.result()).to.deep.equal(['one:done']);
  });

  it('answers a second parent that starts a child under an id another parent runs: its step fails with WorkflowIdInUseError', async () => {
    const w = world();
    const { gates, client } = await setUp(w);
    const first = await client.dispatch(client.newWorkflow(SharingParent, { id: 'parent-1' }).run);
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('GatedSequence', 'shared-child'))).revision).to.be.a('number'));
    const second = await rejection(client.newWorkflow(SharingParent, { id: 'parent-2' }).run());
    expect(second.code).to.equal('WORKFLOW_FAILED');
    expect((second.cause as { code?: string }).code).to.equal('WORKFLOW_ID_IN_USE');
    gates.open('child');
    expect(await first.result()).to.deep.equal(['child:done']);
  });
};
