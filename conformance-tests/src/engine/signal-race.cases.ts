import { Deferred, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { Gated, Gates } from './gates';
import { service, type World } from './world';

/** Waits for an approval or its gated task, whichever comes first, and then for the next approval. */
export class RacingReceive extends Workflow {
  private readonly gated = this.newService(Gated);
  async run(): Promise<unknown[]> {
    const approvals = this.channel<unknown>('approvals');
    const first = await Deferred.any<unknown>(approvals.receive(), this.gated.pass('race') as Deferred<unknown>);
    return [first, await approvals.receive()];
  }
}

/** A receive() that loses a race gives its place back: signals are never swallowed by a step nobody awaits. */
export const signalRaceCases = (_h: EngineHarness, world: () => World): void => {
  it('gives the next signal to the next receive when a receive lost a Deferred.any race', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [RacingReceive], services: [service(Gated, gates.service())] });
    w.onClose(() => gates.openAll());
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(RacingReceive, { id: 'racing-receive' }).run);
    gates.open('race');
    const stream = w.names.workflowStream('RacingReceive', 'racing-receive');
    // The task's outcome and the second receive are one append: once it is there, the signal is the second one's.
    await eventually(async () => expect((await (await w.store()).read(stream)).events.map((e) => e.type)).to.include('TaskCompleted'));
    await handle.send('approvals', 'after the race');
    expect(await handle.result()).to.deep.equal(['race:done', 'after the race']);
  });
};
