import { expect } from 'chai';
import * as t from 'io-ts';
import { cloudEventsOf } from '../../src/events/cloud-events-of';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import { resolveRetryPolicy } from '../../src/service/retry-policy';
import { ServiceExecutor } from '../../src/service/service-executor';
import { defineService } from '../../src/workflow/service-definition';
import { fixedClock, recordingTransport, silentLogger } from '../support/fakes';

interface Bank {
  deposit(wallet: string, user: string, amount: number): Promise<number>;
}
const Bank = defineService<Bank>('BankService', { deposit: { args: t.tuple([t.string, t.string, t.number]) } });

/** A task message as an engine that does not publish events sends it: without a run; `at` is when the engine sent it. */
const taskWithoutRun = (at: number, attempt = 1): Envelope => ({
  v: 1, id: `w1:1:r0#${attempt}`, at, message: {
    kind: 'ExecuteTask', taskId: 'w1:1', service: 'BankService', method: 'deposit', args: ['w1', 'bob', 100], attempt, retry: 0,
    workflowName: 'BankWorkflow', workflowId: 'w1', seq: 1, tags: [], meta: {},
  },
});

/** Runs one failing attempt of `task` on an executor whose clock reads `now`; what it published. */
const failOnce = async (task: Envelope, now: number) => {
  const transport = recordingTransport();
  const executor = new ServiceExecutor({
    definition: Bank as never, implementation: { deposit: async () => { throw new Error('down'); } }, retry: resolveRetryPolicy({ jitter: 0 }),
    methodRetry: {}, transport, names: createNames('ns'), clock: fixedClock(now), logger: silentLogger, maxPayloadBytes: 1_000, publishEvents: true,
  });
  await executor.handle({ envelope: task, topic: 'ns.service.BankService', deliveryCount: 1 });
  const eventIds = transport.published.filter((p) => p.topic === 'ns.events').flatMap((p) => cloudEventsOf(p.envelope, { namespace: 'ns' }).map((e) => e.id));
  const next = transport.published.find((p) => p.topic === 'ns.service.BankService')?.envelope;
  return { eventIds, next: next?.message as MessageOf<'ExecuteTask'> | undefined };
};

describe('service/service-executor attempt events of a task message without a run', () => {
  it('keep their ids when the same task message is redelivered and fails again later', async () => {
    const first = await failOnce(taskWithoutRun(5_000), 10_000);
    const again = await failOnce(taskWithoutRun(5_000), 10_250);
    expect(first.eventIds).to.have.length(2);
    expect(again.eventIds).to.deep.equal(first.eventIds);
  });

  it('differ for another run of the workflow (the engine sent its task message at another time), and the next attempt carries the run on', async () => {
    const one = await failOnce(taskWithoutRun(5_000), 10_000);
    const other = await failOnce(taskWithoutRun(6_000), 10_000);
    expect(other.eventIds.filter((id) => one.eventIds.includes(id))).to.deep.equal([]);
    expect(one.next?.run).to.be.a('string');
    const second = await failOnce({ v: 1, id: 'w1:1:r0#2', at: 10_000, message: one.next! }, 20_000);
    const secondAgain = await failOnce({ v: 1, id: 'w1:1:r0#2', at: 10_003, message: one.next! }, 20_500);
    expect(secondAgain.eventIds).to.deep.equal(second.eventIds);
  });
});
