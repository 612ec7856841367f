import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { Gated, GatedSequence, Gates } from './gates';
import { service, type World } from './world';
import { recording } from './wrapped-transports';

/** A copy of an old message arrives late, after the workflow moved on: it must cause nothing that already happened. */
export const duplicateCases = (h: EngineHarness, world: () => World): void => {
  it('answers a late duplicate of a start by republishing only what is still pending: a completed task is not run again', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ services: [service(Gated, gates.service())] });
    const engine = recording(await w.transport());
    await w.worker({ workflows: [GatedSequence] }, { transport: engine.transport });
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    w.onClose(() => gates.openAll());

    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'late-copy' }).run, ['one', 'two']);
    gates.open('one');
    const stream = w.names.workflowStream('GatedSequence', 'late-copy');
    await eventually(async () => expect((await (await w.store()).read(stream)).events.filter((e) => e.type === 'TaskScheduled')).to.have.length(2));
    const start = caller.published.find((p) => p.envelope.message.kind === 'RunWorkflow')!;
    await caller.transport.publish(start.topic, start.envelope, { key: 'late-copy' });
    // Same key, so the engine handles the copy before the outcome of step 2.
    gates.open('two');
    expect(await handle.result()).to.deep.equal(['one:done', 'two:done']);

    const executions = (seq: number) => engine.published.filter((p) => p.envelope.message.kind === 'ExecuteTask' && p.envelope.message.seq === seq);
    expect(executions(1), 'ExecuteTask of the completed step 1').to.have.length(1);
    expect(gates.runs.get('one')).to.equal(1);
  });
};
