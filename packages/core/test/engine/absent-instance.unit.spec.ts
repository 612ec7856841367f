import { expect } from 'chai';
import { answerAbsent, answerEnded } from '../../src/engine/absent-instance';
import { decodeEndedWorkflow, endedWorkflowOf } from '../../src/engine/ended-workflow';
import { rebuildState } from '../../src/engine/replay';
import { fromErrorData } from '../../src/errors/from-error-data';
import { WorkflowUnknownError } from '../../src/errors/workflow-unknown-error';
import type { Envelope } from '../../src/model/envelope';
import type { WorkflowMessage } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { decision, workflowStarted } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const names = createNames('ns');
const ref = { workflowName: 'TransferWorkflow', workflowId: 'w1' };
const envelopeOf = (message: WorkflowMessage): Envelope => ({ v: 1, id: 'msg-1', at: 1, message });
const run = (extra: object = {}): WorkflowMessage => ({ kind: 'RunWorkflow', ...ref, method: 'transfer', args: [], tags: [], meta: {}, ...extra }) as WorkflowMessage;

describe('engine/absent-instance', () => {
  it('answers a requester with unknown, saying whether the instance never existed or has ended', () => {
    const message = { kind: 'WaitWorkflow', ...ref, replyTo: 'ns.client.c1' } as const;
    const [never] = answerAbsent(envelopeOf(message), message, 'no-stream', names, 5);
    expect(never).to.deep.equal({ topic: 'ns.client.c1', envelope: { v: 1, id: 'w1:reply:msg-1', at: 5, causationId: 'msg-1', message: {
      kind: 'WorkflowReply', ...ref, requestId: 'msg-1', outcome: { status: 'unknown', reason: 'does not exist' } } } });
    const [ended] = answerAbsent(envelopeOf(message), message, 'deleted', names, 5);
    expect((ended!.envelope.message as { outcome: unknown }).outcome).to.deep.equal({ status: 'unknown', reason: 'has already ended (its history was cleared)' });
  });

  it('fails the parent step of a child started under an ended id', () => {
    const message = run({ parent: { workflowName: 'Parent', workflowId: 'p1', seq: 3 } });
    const out = answerAbsent(envelopeOf(message), message, 'deleted', names, 5);
    expect(out.map((o) => [o.topic, o.key, o.envelope.id, o.envelope.message.kind])).to.deep.equal([['ns.workflow.Parent', 'p1', 'w1:to-parent:3', 'ChildWorkflowFailed']]);
    const error = fromErrorData((out[0]!.envelope.message as { error: Parameters<typeof fromErrorData>[0] }).error);
    expect(error).to.include({ code: 'WORKFLOW_UNKNOWN', message: 'workflow TransferWorkflow w1 has already ended (its history was cleared)' });
    expect(new WorkflowUnknownError('TransferWorkflow', 'w1', 'has already ended (its history was cleared)').message).to.equal(error.message);
  });

  it('drops a message nobody waits on', () => {
    const message = { kind: 'TimerFired', ...ref, seq: 2 } as const;
    expect(answerAbsent(envelopeOf(message), message, 'deleted', names, 5)).to.deep.equal([]);
    expect(answerAbsent(envelopeOf(run()), run(), 'deleted', names, 5)).to.deep.equal([]);
  });

  it('answers a request to an ended, retained instance with its outcome', async () => {
    const history = decision('run', 1, workflowStarted('TransferWorkflow', 'transfer', []), { type: 'WorkflowCompleted', result: 'done' });
    const instance = await rebuildState(TransferWorkflow, 'w1', history, 1);
    const ended = endedWorkflowOf(instance)!;
    const message = { kind: 'WaitWorkflow', ...ref, replyTo: 'ns.client.c2' } as const;
    const [answer] = answerEnded(ended, ref, envelopeOf(message), message, names, 9);
    expect(answer!.topic).to.equal('ns.client.c2');
    expect((answer!.envelope.message as { outcome: unknown }).outcome).to.deep.equal({ status: 'completed', result: 'done' });
    expect(answerEnded(ended, ref, envelopeOf(run()), run(), names, 9)).to.deep.equal([]);
  });

  describe('from a kept outcome', () => {
    const kept = decodeEndedWorkflow({ outcome: { status: 'completed', result: 7 }, method: 'transfer', args: [], retries: 1, parent: { workflowName: 'Parent', workflowId: 'p1', seq: 3 } })!;
    const outcomeOf = (out: ReturnType<typeof answerEnded>) => out.map((o) => (o.envelope.message as { outcome?: unknown }).outcome);

    it('gives a wait, a cancel and the same start the outcome', () => {
      for (const message of [{ kind: 'WaitWorkflow', ...ref, replyTo: 'c' }, { kind: 'CancelWorkflow', ...ref, reason: 'late', replyTo: 'c' }, run({ replyTo: 'c' })] as WorkflowMessage[]) {
        expect(outcomeOf(answerEnded(kept, ref, envelopeOf(message), message, names, 9)), message.kind).to.deep.equal([{ status: 'completed', result: 7 }]);
      }
    });

    it('refuses a start with other arguments with WorkflowIdInUseError, and a retry with WorkflowNotFailedError', () => {
      const [other] = outcomeOf(answerEnded(kept, ref, envelopeOf(run({ args: [1], replyTo: 'c' })), run({ args: [1], replyTo: 'c' }), names, 9)) as Array<{ status: string; error: { code: string } }>;
      expect([other!.status, other!.error.code]).to.deep.equal(['refused', 'WORKFLOW_ID_IN_USE']);
      const retry = { kind: 'RetryWorkflow', ...ref, replyTo: 'c' } as const;
      const [refused] = outcomeOf(answerEnded(kept, ref, envelopeOf(retry), retry, names, 9)) as Array<{ status: string; error: { code: string; message: string } }>;
      expect([refused!.status, refused!.error.code]).to.deep.equal(['refused', 'WORKFLOW_NOT_FAILED']);
      expect(refused!.error.message).to.contain('it has completed');
    });

    it('tells a signal sender that the workflow has ended, and drops a late task outcome', () => {
      const signal = { kind: 'SendSignal', ...ref, channel: 'ch', value: 1, replyTo: 'c' } as const;
      expect(outcomeOf(answerEnded(kept, ref, envelopeOf(signal), signal, names, 9))).to.deep.equal([{ status: 'unknown', reason: 'has already ended' }]);
      const late = { kind: 'TaskCompleted', ...ref, seq: 1, taskId: 'w1:1', result: 1 } as WorkflowMessage;
      expect(answerEnded(kept, ref, envelopeOf(late), late, names, 9)).to.deep.equal([]);
    });

    it('gives a parent that starts the child again its outcome, under the id the parent has already applied', () => {
      const again = run({ parent: { workflowName: 'Parent', workflowId: 'p1', seq: 3 } });
      const second = run({ parent: { workflowName: 'Parent', workflowId: 'p2', seq: 5 } });
      const out = [...answerEnded(kept, ref, envelopeOf(again), again, names, 9), ...answerEnded(kept, ref, envelopeOf(second), second, names, 9)];
      expect(out.map((o) => [o.topic, o.key, o.envelope.id, o.envelope.message])).to.deep.equal([
        ['ns.workflow.Parent', 'p1', 'w1:to-parent:3:r1', { kind: 'ChildWorkflowCompleted', workflowName: 'Parent', workflowId: 'p1', seq: 3, result: 7 }],
        ['ns.workflow.Parent', 'p2', 'w1:to-parent:p2:5', { kind: 'ChildWorkflowCompleted', workflowName: 'Parent', workflowId: 'p2', seq: 5, result: 7 }],
      ]);
    });

    it('fails the parent step with the cancel of a canceled child', () => {
      const canceled = decodeEndedWorkflow({ outcome: { status: 'canceled', reason: 'stop' }, method: 'transfer', args: [], retries: 0 })!;
      const start = run({ parent: { workflowName: 'Parent', workflowId: 'p1', seq: 3 } });
      const [out] = answerEnded(canceled, ref, envelopeOf(start), start, names, 9);
      expect(out!.envelope.message).to.deep.include({ kind: 'ChildWorkflowFailed', seq: 3 });
      expect((out!.envelope.message as { error: { code: string } }).error.code).to.equal('WORKFLOW_CANCELED');
    });

    it('answers a copy of a signal, cancel or retry the workflow applied before it ended with accepted again', async () => {
      const history = [
        ...decision('run', 1, workflowStarted('TransferWorkflow', 'transfer', [])),
        ...decision('signal-1', 2, { type: 'SignalReceived', channel: 'ch', value: 1 }),
        ...decision('cancel-1', 3, { type: 'WorkflowCanceled', reason: 'stop' }),
      ];
      const instance = await rebuildState(TransferWorkflow, 'w1', history, 2);
      const ended = endedWorkflowOf(instance)!;
      expect(ended.accepted).to.deep.equal(['signal-1', 'cancel-1']);
      const copy = (id: string, message: WorkflowMessage) => outcomeOf(answerEnded(ended, ref, { v: 1, id, at: 1, message }, message, names, 9));
      const signal = { kind: 'SendSignal', ...ref, channel: 'ch', value: 1, replyTo: 'c' } as const;
      const cancel = { kind: 'CancelWorkflow', ...ref, reason: 'stop', replyTo: 'c' } as const;
      expect(copy('signal-1', signal)).to.deep.equal([{ status: 'accepted' }]);
      expect(copy('cancel-1', cancel)).to.deep.equal([{ status: 'accepted' }]);
      expect(copy('signal-2', signal), 'another signal').to.deep.equal([{ status: 'unknown', reason: 'has already ended' }]);
      expect(copy('cancel-2', cancel), 'another cancel').to.deep.equal([{ status: 'canceled', reason: 'stop' }]);
    });

    it('reads a kept value that does not decode as no outcome', () => {
      expect(decodeEndedWorkflow({ outcome: 'done' })).to.equal(undefined);
      expect(decodeEndedWorkflow(undefined)).to.equal(undefined);
    });
  });
});
