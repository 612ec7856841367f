import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Gated, GatedSequence, Gates } from './gates';
import { service, type World } from './world';
import { movable } from './wrapped-transports';

/** The steps scheduled so far in a workflow's stored history. */
const scheduledSteps = async (w: World, id: string): Promise<number[]> => {
  const read = await (await w.store()).read(w.names.workflowStream('GatedSequence', id));
  return read.events.flatMap((e) => (e.type === 'TaskScheduled' || e.type === 'TaskRetried' ? [(e.data as { seq: number }).seq] : []));
};

const waiters = async (w: World, id: string): Promise<number> =>
  (await (await w.store()).read(w.names.workflowStream('GatedSequence', id))).events.filter((e) => e.type === 'WaiterAdded').length;

/**
 * A workflow's key moves from engine A to engine B and back while A keeps its cached instance: whatever
 * A decides afterwards must come from the history B extended, never from A's stale copy.
 */
export const ownershipCases = (h: EngineHarness, world: () => World): void => {
  const setUp = async (w: World) => {
    const gates = new Gates();
    await w.worker({ services: [service(Gated, gates.service())] });
    const a = movable(await w.transport());
    await w.worker({ workflows: [GatedSequence] }, { transport: a.transport });
    const client = await w.client();
    // Registered last, so it runs first: tasks still waiting at a gate would hold up the workers' stop.
    w.onClose(() => gates.openAll());
    return { gates, a, client };
  };

  it('completes a workflow whose key moved to another engine and back: a stale cache never swallows a step', async () => {
    const w = world();
    const { gates, a, client } = await setUp(w);
    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'moving' }).run, ['one', 'two', 'three']);
    gates.open('one');
    await eventually(async () => expect(await scheduledSteps(w, 'moving')).to.include(2));
    await a.detach();
    const b = await w.worker({ workflows: [GatedSequence] });
    gates.open('two');
    await eventually(async () => expect(await scheduledSteps(w, 'moving')).to.include(3));
    await b.stop();
    await a.reattach();
    gates.open('three');
    expect(await handle.result()).to.deep.equal(['one:done', 'two:done', 'three:done']);
  });

  it('answers a wait from the history, not from a stale cache that still holds the workflow as failed', async () => {
    const w = world();
    const { gates, a, client } = await setUp(w);
    gates.fail('one');
    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'revived' }).run, ['one', 'two']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    await a.detach();
    const b = await w.worker({ workflows: [GatedSequence] });
    gates.heal('one');
    await handle.retry();
    await eventually(async () => expect(await scheduledSteps(w, 'revived')).to.include(2));
    await b.stop();
    await a.reattach();
    const result = client.getById(GatedSequence, 'revived').result();
    result.catch(() => undefined);
    // The workflow must not end before the wait is recorded: an ended one would answer that it has ended.
    await eventually(async () => expect(await waiters(w, 'revived')).to.equal(2));
    gates.open('two');
    expect(await result).to.deep.equal(['one:done', 'two:done']);
  });

  it('retries a workflow that failed on another engine although a stale cache holds it as running', async () => {
    const w = world();
    const { gates, a, client } = await setUp(w);
    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'failed-elsewhere' }).run, ['one']);
    await eventually(async () => expect(await scheduledSteps(w, 'failed-elsewhere')).to.include(1));
    await a.detach();
    const b = await w.worker({ workflows: [GatedSequence] });
    gates.fail('one');
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    await b.stop();
    await a.reattach();
    gates.heal('one');
    await client.getById(GatedSequence, 'failed-elsewhere').retry();
    await eventually(() => expect(gates.runs.get('one')).to.equal(2));
  });
};
