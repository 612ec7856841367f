import { expect } from 'chai';
import { delegatedOutcome } from '../../src/engine/delegated-completion';
import { rebuildState } from '../../src/engine/replay';
import type { RecordedEvent } from '../../src/engine/stored-history';
import { fromErrorData } from '../../src/errors/from-error-data';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { decision, taskScheduled, workflowStarted } from '../support/history';
import { TransferWorkflow } from './bank-workflows';

const TASK_ID = 'w1:1/TransferWorkflow.withdraw/r0';
const running = (): RecordedEvent[] => decision('run', 1_000, workflowStarted('TransferWorkflow', 'transfer', []),
  taskScheduled(1, 'BankService', 'withdraw', ['alice', 'bob', 100]));
const completion = (extra: Partial<MessageOf<'CompleteDelegatedTask'>> = {}): MessageOf<'CompleteDelegatedTask'> => ({
  kind: 'CompleteDelegatedTask', workflowName: 'TransferWorkflow', workflowId: 'w1', seq: 1, retry: 0, service: 'BankService', method: 'withdraw',
  taskId: TASK_ID, outcome: { status: 'completed', result: 900 }, replyTo: 'ns.client.c1', ...extra,
});

const decide = async (history: RecordedEvent[], message: MessageOf<'CompleteDelegatedTask'>) => {
  const instance = await rebuildState(TransferWorkflow, 'w1', history, history.length - 1);
  instance.time = 7_000;
  const envelope: Envelope = { v: 1, id: 'req-1', at: 6_000, message };
  const { events, replies } = delegatedOutcome(instance, envelope, message);
  const answers = replies.map((r) => (r.envelope.message as MessageOf<'WorkflowReply'>).outcome);
  return { events, answers, replies };
};
const refusalCode = (answer: MessageOf<'WorkflowReply'>['outcome'] | undefined) => (answer?.status === 'refused' ? answer.error.code : answer?.status);

describe('engine/delegated-completion', () => {
  it('records the result of the open task it names, and answers accepted to the sender', async () => {
    const { events, answers, replies } = await decide(running(), completion());
    expect(events).to.deep.equal([{ type: 'TaskCompleted', seq: 1, result: 900 }]);
    expect(answers).to.deep.equal([{ status: 'accepted' }]);
    expect(replies[0]!.topic).to.equal('ns.client.c1');
  });

  it('records a failure as a TaskFailedError of the task, with the sent error as cause', async () => {
    const { events } = await decide(running(), completion({ outcome: { status: 'failed', error: { name: 'Error', message: 'declined' } } }));
    const error = fromErrorData((events[0] as { error: Parameters<typeof fromErrorData>[0] }).error);
    expect(error).to.include({ code: 'TASK_FAILED', service: 'BankService', method: 'withdraw', taskId: TASK_ID });
    expect((error.cause as Error).message).to.equal('declined');
  });

  it('refuses, recording nothing, a step with no such task, another service or method, or another round', async () => {
    for (const extra of [{ seq: 4 }, { service: 'Other' }, { method: 'deposit' }, { retry: 1 }]) {
      const { events, answers } = await decide(running(), completion(extra));
      expect(events, JSON.stringify(extra)).to.deep.equal([]);
      expect(refusalCode(answers[0]), JSON.stringify(extra)).to.equal('DELEGATED_TASK_UNKNOWN');
    }
  });

  it('refuses a completion of a task that already has its outcome with DELEGATED_TASK_COMPLETED', async () => {
    const done = [...running(), ...decision('c', 2_000, { type: 'TaskCompleted', seq: 1, result: 1 })];
    const { events, answers } = await decide(done, completion());
    expect(events).to.deep.equal([]);
    expect(refusalCode(answers[0])).to.equal('DELEGATED_TASK_COMPLETED');
  });

  it('answers nobody when the completion has no replyTo', async () => {
    const { replyTo: _, ...silent } = completion();
    expect((await decide(running(), silent)).replies).to.deep.equal([]);
  });
});
