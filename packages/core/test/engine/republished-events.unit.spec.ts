import { expect } from 'chai';
import { workflowEventsFor } from '../../src/engine/workflow-events';
import type { WorkflowEventEntry } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { TransferWorkflow } from './bank-workflows';
import { RecordedRun } from './recorded-run';

const names = createNames('ns');
const entriesOf = (run: RecordedRun, causationId: string): WorkflowEventEntry[] =>
  workflowEventsFor(run.instance, run.instance.applied.get(causationId)!, causationId, names)
    .flatMap((o) => (o.envelope.message.kind === 'WorkflowEvents' ? o.envelope.message.events : []));

describe('engine/workflow-events re-published after a retry', () => {
  it('describe a task failure with the round it failed in, whether the instance stayed cached or was read again', async () => {
    const run = await RecordedRun.start(TransferWorkflow, 'transfer', ['alice', 'carol', 100]);
    await run.send({ kind: 'TaskFailed', seq: 1, taskId: 'w1:1', error: { name: 'Error', message: 'down' }, attempt: 3, retry: 0 }, 'failed-once');
    await run.send({ kind: 'RetryWorkflow' }, 'retry-1');
    const failedIn = (entries: WorkflowEventEntry[]) => entries.find((e) => e.event.type === 'TaskFailed')?.task?.retry;
    // A redelivery of the failure after the retry (its offset was not committed) re-publishes its step.
    expect(failedIn(entriesOf(run, 'failed-once')), 'cached').to.equal(0);
    await run.reload();
    expect(failedIn(entriesOf(run, 'failed-once')), 'read again').to.equal(0);
    expect(entriesOf(run, 'retry-1').find((e) => e.event.type === 'TaskRetried')?.task?.retry).to.equal(1);
  });
});
