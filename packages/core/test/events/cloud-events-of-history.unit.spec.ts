import { expect } from 'chai';
import { cloudEventsOf } from '../../src/events/cloud-events-of';
import { cloudEventsOfHistory } from '../../src/events/cloud-events-of-history';
import { endedWorkflowOf } from '../../src/engine/ended-workflow';
import { rebuildState } from '../../src/engine/replay';
import { workflowEventsFor } from '../../src/engine/workflow-events';
import type { HistoryEvent } from '../../src/model/history-events';
import { createNames, workflowRunId } from '../../src/model/names';
import type { StoredEvent } from '../../src/ports/history-store.port';
import { Workflow } from '../../src/workflow/workflow';
import { decision } from '../support/history';

class Gate extends Workflow {
  async pass(): Promise<void> {
    await this.timer(10);
  }
}

const names = createNames('ns');
const scope = { namespace: 'ns', workflowName: 'Gate', workflowId: 'g1', stream: names.workflowStream('Gate', 'g1') };
const history = [
  ...decision('start', 1_000,
    { type: 'WorkflowStarted', workflowName: 'Gate', method: 'pass', args: [], tags: [], meta: {} },
    { type: 'TaskScheduled', seq: 1, service: 'S', method: 'm', args: [] },
    { type: 'ReceiveStarted', seq: 2, channel: 'a' }),
  ...decision('sig-1', 2_000, { type: 'SignalReceived', channel: 'b', value: 'early' }),
  ...decision('done-1', 3_000, { type: 'TaskCompleted', seq: 1, result: 7 }, { type: 'ReceiveStarted', seq: 3, channel: 'b' }),
  ...decision('sig-2', 4_000, { type: 'SignalReceived', channel: 'a', value: 'late' }),
] as Array<{ event: HistoryEvent; metadata: { causationId: string; at: number } }>;
const stored: StoredEvent[] = history.map(({ event, metadata }, revision) => ({ id: `e${revision}`, type: event.type, data: event, metadata, revision }));

describe('events/cloud-events-of-history', () => {
  it('folds a stored history into the CloudEvents the engine published for it, with the same ids and data', async () => {
    const fromStore = cloudEventsOfHistory(scope, { events: stored, revision: stored.length - 1 });
    const instance = await rebuildState(Gate, 'g1', history, stored.length - 1);
    const live = workflowEventsFor(instance, history.map((h) => h.event), 'x', names).flatMap((o) => cloudEventsOf(o.envelope, { namespace: 'ns' }));
    expect(fromStore.map((e) => [e.id, e.type, e.time, e.data])).to.deep.equal(live.map((e) => [e.id, e.type, e.time, e.data]));
    expect(fromStore.filter((e) => e.type.startsWith('io.cadenza.signal')).map((e) => [e.type, (e.data as { value: unknown }).value])).to.deep.equal([
      ['io.cadenza.signal.sent', 'early'], ['io.cadenza.signal.buffered', 'early'], ['io.cadenza.signal.received', 'early'],
      ['io.cadenza.signal.sent', 'late'], ['io.cadenza.signal.received', 'late'],
    ]);
    expect(fromStore[0]!.id.startsWith(workflowRunId('Gate', 'g1', { causationId: 'start', at: 1_000 }))).to.equal(true);
  });

  it('gives an ended workflow whose history was cleared the event that ended it, under its live id', async () => {
    const ended = [...history, ...decision('end', 5_000, { type: 'WorkflowCompleted', result: 'ok' })];
    const instance = await rebuildState(Gate, 'g1', ended, ended.length - 1);
    const kept = endedWorkflowOf(instance);
    const [completed] = cloudEventsOfHistory(scope, { events: [], revision: 'deleted', outcome: kept });
    const live = workflowEventsFor(instance, [ended[ended.length - 1]!.event], 'end', names).flatMap((o) => cloudEventsOf(o.envelope, { namespace: 'ns' }));
    expect([completed!.id, completed!.type, completed!.time, completed!.data]).to.deep.equal([live[0]!.id, live[0]!.type, live[0]!.time, live[0]!.data]);
    expect(cloudEventsOfHistory(scope, { events: [], revision: 'deleted' })).to.deep.equal([]);
  });
});
