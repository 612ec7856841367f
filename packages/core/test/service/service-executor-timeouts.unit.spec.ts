import { expect } from 'chai';
import type { Envelope } from '../../src/model/envelope';
import type { MessageOf } from '../../src/model/messages';
import { createNames } from '../../src/model/names';
import type { Clock } from '../../src/ports/clock.port';
import { resolveAttemptTimeouts } from '../../src/service/attempt-timeout';
import { resolveRetryPolicy } from '../../src/service/retry-policy';
import { ServiceExecutor } from '../../src/service/service-executor';
import { taskContext } from '../../src/service/task-context';
import { defineService } from '../../src/workflow/service-definition';
import { recordingTransport, silentLogger, steppedClock } from '../support/fakes';
import { turn } from '../support/history';

interface Slow { wait(): Promise<string> }
const Slow = defineService<Slow>('Slow');
const NOW = 1_000_000;

const task = (extra: Partial<MessageOf<'ExecuteTask'>> = {}): Envelope => ({
  v: 1, id: 'w1:1:r0#1', at: NOW,
  message: {
    kind: 'ExecuteTask', taskId: 'w1:1', service: 'Slow', method: 'wait', args: [], attempt: 1, retry: 0,
    workflowName: 'W', workflowId: 'w1', seq: 1, tags: [], meta: {}, ...extra,
  },
});

const executor = (implementation: object, clock: Clock, timeoutMs?: number) => {
  const transport = recordingTransport();
  const run = new ServiceExecutor({
    definition: Slow as never, implementation, retry: resolveRetryPolicy({ jitter: 0, initialDelayMs: 1_000 }), methodRetry: {}, transport,
    names: createNames('ns'), clock, logger: silentLogger, maxPayloadBytes: 1_000, publishEvents: false,
    timeouts: resolveAttemptTimeouts('Slow', timeoutMs),
  });
  return { handle: (envelope: Envelope) => run.handle({ envelope, topic: 'ns.service.Slow', deliveryCount: 1 }), published: transport.published };
};

describe('service/service-executor: attempt timeouts', () => {
  it('gives the method its deadline and a signal; past the deadline the attempt fails as retriable and is retried', async () => {
    const { clock, advance } = steppedClock(NOW);
    let seen: { deadline: number; signal: AbortSignal } | undefined;
    const { handle, published } = executor({ wait: () => {
      const { deadline, signal } = taskContext();
      seen = { deadline, signal };
      return new Promise(() => undefined);
    } }, clock, 250);
    const handled = handle(task());
    await turn();
    expect(seen!.deadline).to.equal(NOW + 250);
    advance(250);
    await handled;
    expect(seen!.signal.aborted).to.equal(true);
    expect(published).to.have.length(1);
    expect(published[0]!.envelope.message).to.deep.include({ kind: 'ExecuteTask', attempt: 2, lastError: { name: 'TaskAttemptTimedOutError', message: 'attempt 1 of task Slow.wait (w1:1) timed out after 250 ms', code: 'TASK_ATTEMPT_TIMED_OUT' } });
    expect(published[0]!.options).to.deep.include({ deliverAt: NOW + 1_000 });
  });

  it('passes the task’s end-to-end deadline on as the attempt’s when it is sooner', async () => {
    const { clock } = steppedClock(NOW);
    let deadline: number | undefined;
    const { handle } = executor({ wait: async () => {
      deadline = taskContext().deadline;
      return 'ok';
    } }, clock, 10_000);
    await handle(task({ timeoutAt: NOW + 300 }));
    expect(deadline).to.equal(NOW + 300);
  });

  it('makes no attempt past the task’s end-to-end deadline: the workflow’s timeout answers', async () => {
    const { clock } = steppedClock(NOW);
    let calls = 0;
    const { handle, published } = executor({ wait: async () => String(++calls) }, clock);
    await handle(task({ attempt: 3, timeoutAt: NOW }));
    expect(calls).to.equal(0);
    expect(published).to.deep.equal([]);
  });

  it('schedules no retry that would start past the task’s end-to-end deadline', async () => {
    const { clock } = steppedClock(NOW);
    const { handle, published } = executor({ wait: async () => { throw new Error('down'); } }, clock);
    await handle(task({ timeoutAt: NOW + 999 }));
    expect(published).to.deep.equal([]);
    await handle(task({ timeoutAt: NOW + 1_001 }));
    expect(published.map((p) => p.envelope.message.kind)).to.deep.equal(['ExecuteTask']);
  });
});
