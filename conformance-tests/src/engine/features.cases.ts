import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { rejection } from '../support/rejection';
import { eventually } from '../support/eventually';
import { FeaturesWorkflow, Flaky, flakyService, flakyState, ParallelWorkflow, SequenceWorkflow } from './fixtures';
import { service, type World } from './world';

export const featureCases = (h: EngineHarness, world: () => World, delayedDelivery: boolean): void => {
  const start = async (w: World) => {
    const state = flakyState();
    await w.worker({ workflows: [FeaturesWorkflow, SequenceWorkflow, ParallelWorkflow], services: [service(Flaky, flakyService(state), { retry: { initialDelayMs: 10, jitter: 0 } })] });
    return { state, client: await w.client() };
  };

  (delayedDelivery ? it : it.skip)('wakes a workflow from a durable timer no sooner than asked', async () => {
    const w = world();
    const { client } = await start(w);
    const { started, woke } = await client.newWorkflow(FeaturesWorkflow).sleep(500);
    expect(woke - started).to.be.at.least(500);
  });

  it('delivers signals to a channel in order, buffering those sent before the workflow waits', async () => {
    const w = world();
    const { client } = await start(w);
    const handle = await client.dispatch(client.newWorkflow(FeaturesWorkflow, { id: 'approvals' }).approvals, 3);
    await handle.send('approvals', 'first');
    await handle.send('approvals', 'second');
    await handle.send('approvals', 'third');
    expect(await handle.result()).to.deep.equal(['first', 'second', 'third']);
  });

  it('runs a child workflow and resumes the parent with its result', async () => {
    const w = world();
    const { client } = await start(w);
    expect(await client.newWorkflow(FeaturesWorkflow).parent(['x', 'y'])).to.deep.equal({ child: ['x:done', 'y:done'], own: 'after-child:done' });
  });

  it('runs tasks in parallel with Deferred.all and takes the first with Deferred.any', async () => {
    const w = world();
    const { client, state } = await start(w);
    expect(await client.newWorkflow(ParallelWorkflow).all(['p1', 'p2', 'p3', 'p4'])).to.deep.equal(['p1:done', 'p2:done', 'p3:done', 'p4:done']);
    state.terminal.add('bad');
    expect(await client.newWorkflow(ParallelWorkflow).any(['bad', 'good'])).to.equal('good:done');
  });

  it('gives workflow code the same random numbers on every replay of an id', async () => {
    const first = world();
    const a = await (await start(first)).client.newWorkflow(FeaturesWorkflow, { id: 'dice' }).dice();
    const second = world();
    const b = await (await start(second)).client.newWorkflow(FeaturesWorkflow, { id: 'dice' }).dice();
    expect(a).to.deep.equal(b);
    expect(a[0]).to.not.equal(a[1]);
  });

  it('hands the workflow’s id, tags and meta to its tasks', async () => {
    const w = world();
    const { client, state } = await start(w);
    await client.newWorkflow(SequenceWorkflow, { id: 'tagged', tags: ['vip', 'eu'], meta: { tenant: 'acme' } }).run(['look']);
    expect(state.contexts.get('look')).to.deep.equal({ workflowId: 'tagged', tags: ['vip', 'eu'], meta: { tenant: 'acme' } });
  });

  it('attaches a second start with the same id to the running instance', async () => {
    const w = world();
    const { client } = await start(w);
    const one = client.newWorkflow(FeaturesWorkflow, { id: 'once' }).approvals(1);
    const two = client.newWorkflow(FeaturesWorkflow, { id: 'once' }).approvals(1);
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('FeaturesWorkflow', 'once'))).events.filter((e) => e.type === 'WaiterAdded')).to.have.length(2));
    await client.getById(FeaturesWorkflow, 'once').send('approvals', 'ok');
    expect(await Promise.all([one, two])).to.deep.equal([['ok'], ['ok']]);
  });

  it('cancels a waiting workflow: its callers get WorkflowCanceledError and its history is cleared', async () => {
    const w = world();
    const { client } = await start(w);
    const handle = await client.dispatch(client.newWorkflow(FeaturesWorkflow, { id: 'doomed' }).approvals, 1);
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('FeaturesWorkflow', 'doomed'))).events.map((e) => e.type)).to.include('ReceiveStarted'));
    await handle.cancel('no longer needed');
    const error = await rejection(handle.result());
    expect(error.code).to.equal('WORKFLOW_CANCELED');
    expect(error.message).to.contain('no longer needed');
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('FeaturesWorkflow', 'doomed'))).revision).to.equal('deleted'));
  });
};
