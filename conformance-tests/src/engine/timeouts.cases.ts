import { DeferredError, defineService, hasErrorCode, taskContext, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { latch } from '../support/latch';
import { rejection } from '../support/rejection';
import { service, type World } from './world';

/** A service whose calls wait until the test lets them go (or their attempt's signal aborts). */
interface Slow {
  wait(label: string): Promise<string>;
}
const Slow = defineService<Slow>('Slow');

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };

/** What workflow code saw of a step's error at its `await`, as plain data. */
interface Caught {
  readonly code: unknown;
  readonly name: string;
  readonly deferred: boolean;
  readonly seq: unknown;
  readonly ids: Record<string, unknown>;
}
const caught = (error: unknown): Caught => {
  const e = error as Error & Record<string, unknown>;
  const ids = Object.fromEntries(['service', 'method', 'taskId', 'workflowName', 'workflowId', 'timeoutMs'].filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
  return { code: e.code, name: e.name, deferred: error instanceof DeferredError, seq: e.seq, ids };
};

/** Calls `Slow.wait` with an end-to-end timeout; catches what the `await` throws, then waits for a `go` signal. */
class TimedTask extends Workflow {
  private readonly slow = this.newService(Slow, { timeoutMs: 300 });
  async run(label: string): Promise<{ result?: string; error?: Caught }> {
    let outcome: { result?: string; error?: Caught };
    try {
      outcome = { result: await this.slow.wait(label) };
    } catch (error) {
      outcome = { error: caught(error) };
    }
    await this.channel<string>('go').receive();
    return outcome;
  }
}

/**
 * An end-to-end timeout long enough for a task to answer on any broker: the first round of the retry case
 * waits for it to pass, the second must answer within it (a slow broker's delivery counts in it).
 */
class GenerousTimeout extends Workflow {
  private readonly slow = this.newService(Slow, { timeoutMs: 3_000 });
  async run(label: string): Promise<string> {
    return this.slow.wait(label);
  }
}

/** Calls `Slow.wait` with no end-to-end timeout: only the attempts' own timeouts apply. */
class Untimed extends Workflow {
  private readonly slow = this.newService(Slow);
  async run(label: string): Promise<string> {
    return this.slow.wait(label);
  }
}

/** A child that waits for a signal it never gets. */
class Sleeper extends Workflow {
  async run(): Promise<string> {
    return this.channel<string>('never').receive();
  }
}
/** Starts a Sleeper with an end-to-end timeout. */
class TimedChild extends Workflow {
  private readonly sleeper = this.newWorkflow(Sleeper, { timeoutMs: 300 });
  async run(): Promise<Caught | string> {
    try {
      return await this.sleeper.run();
    } catch (error) {
      return caught(error);
    }
  }
}

/** Top → Mid → Leaf: only Mid gives its child (a Sleeper) a timeout; Top's child fails with that timeout's code. */
class TimeoutMid extends Workflow {
  private readonly leaf = this.newWorkflow(Sleeper, { timeoutMs: 200 });
  async run(): Promise<string> {
    return this.leaf.run();
  }
}
class TimeoutTop extends Workflow {
  private readonly mid = this.newWorkflow(TimeoutMid);
  async run(): Promise<string> {
    return this.mid.run();
  }
}

/** A child whose one task fails the first time (the child fails by itself) and never answers the second. */
class FailsThenHangs extends Workflow {
  private readonly slow = this.newService(Slow);
  async run(): Promise<string> {
    return this.slow.wait('child');
  }
}
class TimedRetriedChild extends Workflow {
  private readonly child = this.newWorkflow(FailsThenHangs, { timeoutMs: 300 });
  async run(): Promise<string> {
    return this.child.run();
  }
}

/** Bad input: a negative timeout. */
class NegativeTimeout extends Workflow {
  private readonly slow = this.newService(Slow, { timeoutMs: -5 });
  async run(): Promise<string> {
    return this.slow.wait('never');
  }
}

/** Per-attempt timeouts (`registerService(S, impl, { timeoutMs })`) and end-to-end ones (`newService(S, { timeoutMs })`). */
export const timeoutCases = (_h: EngineHarness, world: () => World, delayedDelivery: boolean): void => {
  const itDelayed = delayedDelivery ? it : it.skip;

  it('fails an attempt past its timeoutMs with the retriable TaskAttemptTimedOutError, aborts its signal, and retries it', async () => {
    const w = world();
    const seen: Array<{ attempt: number; deadline: number; lastError?: string; aborted?: unknown }> = [];
    await w.worker({ workflows: [Untimed], services: [service(Slow, {
      wait: async (label) => {
        const { attempt, deadline, signal, lastError } = taskContext();
        const entry: (typeof seen)[number] = { attempt, deadline, ...(lastError ? { lastError: lastError.name } : {}) };
        seen.push(entry);
        if (attempt > 1) return `${label}:attempt ${attempt}`;
        // The first attempt hangs until its deadline aborts it.
        return new Promise<string>((_, reject) => signal.addEventListener('abort', () => {
          entry.aborted = (signal.reason as Error).name;
          reject(new Error('too late: the result of an abandoned attempt'));
        }));
      },
    }, { timeoutMs: 100, retry: fast })] });
    const client = await w.client();
    expect(await client.newWorkflow(Untimed).run('slow-first')).to.equal('slow-first:attempt 2');
    expect(seen.map((s) => s.attempt)).to.deep.equal([1, 2]);
    expect(seen[0]!.aborted).to.equal('TaskAttemptTimedOutError');
    expect(seen[1]!.lastError).to.equal('TaskAttemptTimedOutError');
    for (const { deadline } of seen) expect(deadline).to.be.a('number').and.satisfy(Number.isFinite);
  });

  it('fails the task with TaskFailedError caused by TaskAttemptTimedOutError when every attempt times out', async () => {
    const w = world();
    let attempts = 0;
    const never = latch<string>();
    w.onClose(() => never.open('closed'));
    await w.worker({ workflows: [Untimed], services: [service(Slow, {
      wait: async () => {
        attempts++;
        return never.promise;
      },
    }, { methods: { wait: { timeoutMs: 50, retry: { ...fast, maxAttempts: 2 } } } })] });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(Untimed).run('hangs'));
    expect(error.code).to.equal('WORKFLOW_FAILED');
    const task = error.cause as Error & Record<string, unknown>;
    expect(task).to.include({ code: 'TASK_FAILED', attempt: 2 });
    expect(task).to.be.instanceOf(DeferredError);
    expect((task.cause as Error & Record<string, unknown>)).to.include({ name: 'TaskAttemptTimedOutError', code: 'TASK_ATTEMPT_TIMED_OUT', attempt: 2, retriable: true });
    expect(attempts).to.equal(2);
  });

  itDelayed('throws TaskTimedOutError at the await when the end-to-end timeout passes first, and ignores the late outcome', async () => {
    const w = world();
    const release = latch();
    let returned = false;
    w.onClose(() => release.open());
    await w.worker({ retainHistory: true, workflows: [TimedTask], services: [service(Slow, {
      wait: async (label) => {
        await release.promise;
        returned = true;
        return `${label}:late`;
      },
    })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(TimedTask, { id: 'timed-task' }).run, 'slow');
    const stream = w.names.workflowStream('TimedTask', 'timed-task');
    const types = async () => (await (await w.store()).read(stream)).events.map((e) => e.type);
    await eventually(async () => expect(await types()).to.include('ReceiveStarted'), { timeoutMs: 20_000 });
    // Only now does the attempt return: its outcome is late.
    release.open();
    await eventually(() => expect(returned).to.equal(true));
    await handle.send('go', 'now');
    const outcome = await handle.result();
    expect(outcome).to.deep.equal({ error: {
      code: 'TASK_TIMED_OUT', name: 'TaskTimedOutError', deferred: true, seq: 1,
      ids: { service: 'Slow', method: 'wait', taskId: 'timed-task:1', timeoutMs: 300 },
    } });
    const events = (await (await w.store()).read(stream)).events;
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!;
    expect(scheduled.data).to.include({ timeoutMs: 300, timeoutAt: (scheduled.metadata as { at: number }).at + 300 });
    expect(events.map((e) => e.type)).to.not.include('TaskCompleted');
  });

  itDelayed('counts retries in the end-to-end timeout: a task still retrying at the deadline times out', async () => {
    const w = world();
    await w.worker({ workflows: [TimedTask], services: [service(Slow, {
      wait: async () => {
        throw new Error('down, again');
      },
    }, { retry: { ...fast, initialDelayMs: 40, maxAttempts: 1_000 } })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(TimedTask, { id: 'retrying' }).run, 'down');
    const stream = w.names.workflowStream('TimedTask', 'retrying');
    await eventually(async () => expect((await (await w.store()).read(stream)).events.map((e) => e.type)).to.include('ReceiveStarted'), { timeoutMs: 20_000 });
    await handle.send('go', 'now');
    expect(((await handle.result()) as { error: Caught }).error.code).to.equal('TASK_TIMED_OUT');
  });

  itDelayed('completes normally when the task answers before its timeout', async () => {
    const w = world();
    await w.worker({ workflows: [GenerousTimeout], services: [service(Slow, { wait: async (label) => `${label}:quick` })] });
    const client = await w.client();
    expect(await client.newWorkflow(GenerousTimeout).run('fast')).to.equal('fast:quick');
  });

  itDelayed('runs a timed-out task again on retry, with a new deadline', async () => {
    const w = world();
    let calls = 0;
    const never = latch<string>();
    w.onClose(() => never.open('closed'));
    await w.worker({ workflows: [GenerousTimeout], services: [service(Slow, {
      wait: async (label) => (++calls === 1 ? never.promise : `${label}:second round`),
    })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(GenerousTimeout, { id: 'retry-timed-out' }).run, 'again');
    const failed = await rejection(handle.result());
    expect(failed.code).to.equal('WORKFLOW_FAILED');
    expect((failed.cause as Error & Record<string, unknown>).code).to.equal('TASK_TIMED_OUT');
    await handle.retry();
    expect(await client.getById(GenerousTimeout, 'retry-timed-out').result()).to.equal('again:second round');
    expect(calls).to.equal(2);
  });

  itDelayed('throws WorkflowTimedOutError at the await of a child that outlives its timeout, and cancels the child', async () => {
    const w = world();
    await w.worker({ workflows: [TimedChild, Sleeper] });
    const client = await w.client();
    const result = await client.newWorkflow(TimedChild, { id: 'parent' }).run();
    expect(result).to.deep.equal({
      code: 'WORKFLOW_TIMED_OUT', name: 'WorkflowTimedOutError', deferred: true, seq: 1,
      ids: { workflowName: 'Sleeper', workflowId: 'parent.1', timeoutMs: 300 },
    });
    const error = await rejection(client.getById(Sleeper, 'parent.1').result());
    expect(hasErrorCode(error, 'WORKFLOW_CANCELED'), error.message).to.equal(true);
    expect(error.message).to.contain('stopped waiting');
  });

  itDelayed('tells a child\'s own timeout from a child that failed on ITS child\'s timeout (same code): only the first cancels it', async () => {
    const w = world();
    await w.worker({ workflows: [TimeoutTop, TimeoutMid, Sleeper] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(TimeoutTop, { id: 'nested-timeout' }).run);
    const failed = await rejection(handle.result());
    expect((failed.cause as Error & Record<string, unknown>).code).to.equal('WORKFLOW_TIMED_OUT');
    // Mid failed with its own child's timeout and was not canceled by Top (this request queues behind any cancel).
    const midFailed = await rejection(client.getById(TimeoutMid, 'nested-timeout.1').result());
    expect(midFailed.code).to.equal('WORKFLOW_FAILED');
    expect((midFailed.cause as Error & Record<string, unknown>).code).to.equal('WORKFLOW_TIMED_OUT');
    const read = async (name: string, id: string) =>
      (await (await w.store()).read(w.names.workflowStream(name, id))).events.map((e) => e.data as { type: string; seq?: number; timedOut?: true; failedSeq?: number });
    const top = await read('TimeoutTop', 'nested-timeout');
    const mid = await read('TimeoutMid', 'nested-timeout.1');
    expect(mid.find((e) => e.type === 'ChildWorkflowFailed')).to.include({ seq: 1, timedOut: true });
    expect(mid.map((e) => e.type)).to.not.include('WorkflowCanceled');
    const topChildFailed = top.find((e) => e.type === 'ChildWorkflowFailed');
    expect(topChildFailed).to.include({ seq: 1 }).and.not.have.property('timedOut');
    // An ordinary child failure: Top failed at that step, so `retry` of Top reruns Mid.
    expect(top.find((e) => e.type === 'WorkflowFailed')).to.include({ failedSeq: 1 });
  });

  itDelayed('gives a child that retry runs again a new timeout round: it times out timeoutMs after the retry', async () => {
    const w = world();
    let calls = 0;
    const never = latch<string>();
    w.onClose(() => never.open('closed'));
    await w.worker({ workflows: [TimedRetriedChild, FailsThenHangs], services: [service(Slow, {
      wait: async () => {
        if (++calls === 1) throw new Error('first round fails');
        return never.promise;
      },
    }, { retry: { ...fast, maxAttempts: 1 } })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(TimedRetriedChild, { id: 'retried-child' }).run);
    const failed = await rejection(handle.result());
    expect((failed.cause as Error & Record<string, unknown>).code).to.not.equal('WORKFLOW_TIMED_OUT');
    // Past the first round's deadline: only a timeout of the new round can end the retried child.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await handle.retry();
    const timedOut = await rejection(client.getById(TimedRetriedChild, 'retried-child').result());
    // The task has no timeout of its own: let it answer (late, ignored) so the worker can stop.
    never.open('late');
    expect((timedOut.cause as Error & Record<string, unknown>).code).to.equal('WORKFLOW_TIMED_OUT');
    expect(calls).to.equal(2);
    const events = (await (await w.store()).read(w.names.workflowStream('TimedRetriedChild', 'retried-child'))).events.map((e) => e.data as { type: string; timedOut?: true });
    expect(events.map((e) => e.type)).to.include('ChildWorkflowRetried');
    expect(events.filter((e) => e.type === 'ChildWorkflowFailed').map((e) => e.timedOut)).to.deep.equal([undefined, true]);
  });

  it('refuses a negative timeout with InvalidArgumentsError naming the stub', async () => {
    const w = world();
    await w.worker({ workflows: [NegativeTimeout], services: [service(Slow, { wait: async () => 'never called' })] });
    const client = await w.client();
    const error = await rejection(client.newWorkflow(NegativeTimeout).run());
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause.code).to.equal('INVALID_ARGUMENTS');
    expect(cause.message).to.contain('newService(Slow)').and.contain('timeoutMs: expected a finite number of milliseconds > 0, got -5');
  });
};
