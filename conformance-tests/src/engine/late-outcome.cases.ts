import { defineService, type Envelope, TerminalTaskError, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { latch } from '../support/latch';
import { rejection } from '../support/rejection';
import { service, type World } from './world';

interface Rounds {
  step(): Promise<string>;
}
const Rounds = defineService<Rounds>('Rounds');

/** One task: the first round fails for good; the round after a retry waits for the test, then succeeds. */
class LateRound extends Workflow {
  private readonly rounds = this.newService(Rounds);
  async run(): Promise<string> {
    return this.rounds.step();
  }
}

/** An outcome of a task round that `retry` replaced is acknowledged and changes nothing. */
export const lateOutcomeCases = (_h: EngineHarness, world: () => World): void => {
  it('ignores a late failure of the round that retry replaced: the new round completes the workflow', async () => {
    const w = world();
    const secondRound = latch();
    let calls = 0;
    const { transport } = await w.worker({ workflows: [LateRound], services: [service(Rounds, {
      step: async () => {
        if (++calls === 1) throw new TerminalTaskError('the first round fails');
        await secondRound.promise;
        return 'second round';
      },
    })] });
    w.onClose(() => secondRound.open());
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(LateRound, { id: 'late-round' }).run);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    await handle.retry();
    await eventually(() => expect(calls).to.equal(2));
    // Wait before the workflow can end, so the outcome is sent to us rather than cleared with the history.
    const waited = client.getById(LateRound, 'late-round').result();
    const stream = w.names.workflowStream('LateRound', 'late-round');
    await eventually(async () => expect((await (await w.store()).read(stream)).events.filter((e) => e.type === 'WaiterAdded')).to.have.length(2));
    // As the dead-letter router would send it for the first round's ExecuteTask, ahead of the second round's outcome.
    const late: Envelope = { v: 1, id: 'dead-lettered:late-round:1:r0#1', at: 0, message: {
      kind: 'TaskFailed', workflowName: 'LateRound', workflowId: 'late-round', seq: 1, taskId: 'late-round:1', attempt: 1, retry: 0,
      error: { name: 'DeadLetteredError', message: 'the first round went to the dead letter', code: 'DEAD_LETTERED' },
    } };
    await transport.publish(w.names.workflowTopic('LateRound'), late, { key: 'late-round' });
    secondRound.open();
    expect(await waited).to.equal('second round');
  });
};
