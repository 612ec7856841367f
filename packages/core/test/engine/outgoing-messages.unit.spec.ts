import { expect } from 'chai';
import { outgoingFor, replyTo } from '../../src/engine/outgoing-messages';
import { rebuildState } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { fromErrorData } from '../../src/errors/from-error-data';
import { WorkflowCanceledError } from '../../src/errors/workflow-failed-error';
import type { HistoryEvent } from '../../src/model/history-events';
import { createNames, workflowRunId } from '../../src/model/names';
import { decision, taskScheduled } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const names = createNames('ns');
const parent = { workflowName: 'Parent', workflowId: 'p1', seq: 4 };
const started: HistoryEvent = { type: 'WorkflowStarted', workflowName: 'TransferWorkflow', method: 'transfer', args: [], tags: ['vip'], meta: { user: 'bob' }, parent };
const child: HistoryEvent = { type: 'ChildWorkflowStarted', seq: 3, workflowName: 'Payout', workflowId: 'w1.3', method: 'pay', args: [1], tags: [], meta: {} };

/** An instance's state from its history (no code runs), then the messages `events` call for. */
const outgoing = async (history: RecordedEvent[], events: HistoryEvent[], causationId = 'msg-9', at = 5_000) => {
  const instance = await rebuildState(TransferWorkflow, 'w1', history, history.length - 1);
  return outgoingFor(instance, events, causationId, at, names);
};
const base = () => decision('run', 1_000, started, { type: 'WaiterAdded', replyTo: 'ns.client.c1', requestId: 'req-1' },
  taskScheduled(1, 'BankService', 'deposit', ['w1', 'bob', 100]), { type: 'TimerStarted', seq: 2, fireAt: 9_000 }, child);

describe('engine/outgoing-messages', () => {
  it('sends ExecuteTask for a scheduled task, with a deterministic attempt id, tags, meta and the run', async () => {
    const out = await outgoing(base(), [taskScheduled(1, 'BankService', 'deposit', ['w1', 'bob', 100])]);
    expect(out).to.deep.equal([{
      topic: 'ns.service.BankService',
      envelope: { v: 1, id: 'w1:1:r0#1', at: 5_000, causationId: 'msg-9', message: {
        kind: 'ExecuteTask', taskId: 'w1:1', service: 'BankService', method: 'deposit', args: ['w1', 'bob', 100], attempt: 1, retry: 0,
        workflowName: 'TransferWorkflow', workflowId: 'w1', seq: 1, tags: ['vip'], meta: { user: 'bob' },
        run: workflowRunId('TransferWorkflow', 'w1', { causationId: 'run', at: 1_000 }),
      } },
    }]);
  });

  it('leaves the run off ExecuteTask when asked to (no events are published, so nothing needs it)', async () => {
    const instance = await rebuildState(TransferWorkflow, 'w1', base(), base().length - 1);
    const [out] = outgoingFor(instance, [taskScheduled(1, 'BankService', 'deposit', ['w1', 'bob', 100])], 'msg-9', 5_000, names, { stampRun: false });
    expect(out!.envelope.message).not.to.have.property('run');
  });

  it('sends the task again for TaskRetried, under the retry round in its id', async () => {
    const [out] = await outgoing(base(), [{ type: 'TaskRetried', seq: 1, retry: 2 }]);
    expect(out!.envelope.id).to.equal('w1:1:r2#1');
    expect(out!.envelope.message).to.deep.include({ kind: 'ExecuteTask', taskId: 'w1:1', retry: 2, attempt: 1 });
  });

  it('sends TimerFired to itself at fireAt, and RunWorkflow to a child with its parent ref', async () => {
    const out = await outgoing(base(), [{ type: 'TimerStarted', seq: 2, fireAt: 9_000 }, child]);
    expect(out.map(({ topic, key, deliverAt, envelope }) => ({ topic, key, deliverAt, id: envelope.id }))).to.deep.equal([
      { topic: 'ns.workflow.TransferWorkflow', key: 'w1', deliverAt: 9_000, id: 'w1:timer:2' },
      { topic: 'ns.workflow.Payout', key: 'w1.3', deliverAt: undefined, id: 'w1:child:3' },
    ]);
    expect(out[1]!.envelope.message).to.deep.include({ kind: 'RunWorkflow', workflowId: 'w1.3', parent: { workflowName: 'TransferWorkflow', workflowId: 'w1', seq: 3 } });
  });

  it('answers each waiter and the parent when the workflow completes', async () => {
    const out = await outgoing(base(), [{ type: 'WorkflowCompleted', result: 'ok' }]);
    expect(out.map((o) => [o.topic, o.key, o.envelope.id, o.envelope.message.kind])).to.deep.equal([
      ['ns.client.c1', undefined, 'w1:reply:req-1:msg-9', 'WorkflowReply'],
      ['ns.workflow.Parent', 'p1', 'w1:to-parent:4', 'ChildWorkflowCompleted'],
    ]);
    expect(out[0]!.envelope.message).to.deep.include({ requestId: 'req-1', outcome: { status: 'completed', result: 'ok' } });
    expect(out[1]!.envelope.message).to.deep.include({ workflowName: 'Parent', workflowId: 'p1', seq: 4, result: 'ok' });
  });

  it('on cancel, tells the parent with a WorkflowCanceledError and cancels the open children', async () => {
    const out = await outgoing(base(), [{ type: 'WorkflowCanceled', reason: 'user asked' }]);
    expect(out.map((o) => o.envelope.message.kind)).to.deep.equal(['WorkflowReply', 'ChildWorkflowFailed', 'CancelWorkflow']);
    const toParent = out[1]!.envelope.message as { error: Parameters<typeof fromErrorData>[0] };
    expect(fromErrorData(toParent.error)).to.be.instanceOf(WorkflowCanceledError).and.include({ reason: 'user asked' });
    expect(out[2]).to.deep.include({ topic: 'ns.workflow.Payout', key: 'w1.3' });
    expect(out[2]!.envelope.message).to.deep.include({ workflowId: 'w1.3', reason: 'parent TransferWorkflow w1 was canceled' });
  });

  it('does not cancel a child that has already finished', async () => {
    const history = [...base(), ...decision('c', 2_000, { type: 'ChildWorkflowCompleted', seq: 3, result: 1 })];
    const out = await outgoing(history, [{ type: 'WorkflowCanceled', reason: 'r' }]);
    expect(out.map((o) => o.envelope.message.kind)).to.deep.equal(['WorkflowReply', 'ChildWorkflowFailed']);
  });

  it('gives the same messages for the same events (a redelivery republishes identical ids)', async () => {
    const events: HistoryEvent[] = [taskScheduled(1, 'BankService', 'deposit', ['w1', 'bob', 100]), { type: 'WorkflowFailed', error: { name: 'Error', message: 'x' } }];
    expect(await outgoing(base(), events)).to.deep.equal(await outgoing(base(), events));
  });

  it('builds a direct reply under the request id', () => {
    expect(replyTo({ workflowName: 'W', workflowId: 'w1' }, 'ns.client.c1', 'req-2', { status: 'accepted' }, 7)).to.deep.equal({
      topic: 'ns.client.c1',
      envelope: { v: 1, id: 'w1:reply:req-2', at: 7, causationId: 'req-2', message: { kind: 'WorkflowReply', workflowName: 'W', workflowId: 'w1', requestId: 'req-2', outcome: { status: 'accepted' } } },
    });
  });
});
