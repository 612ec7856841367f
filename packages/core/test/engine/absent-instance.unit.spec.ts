import { expect } from 'chai';
import { answerAbsent, answerEnded } from '../../src/engine/absent-instance';
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
    const message = { kind: 'WaitWorkflow', ...ref, replyTo: 'ns.client.c2' } as const;
    const [answer] = answerEnded(instance, envelopeOf(message), message, 9);
    expect(answer!.topic).to.equal('ns.client.c2');
    expect((answer!.envelope.message as { outcome: unknown }).outcome).to.deep.equal({ status: 'completed', result: 'done' });
    expect(answerEnded(instance, envelopeOf(run()), run(), 9)).to.deep.equal([]);
  });
});
