import { type Client, Deferred, type Envelope, Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { Flaky, flakyService, flakyState, ParallelWorkflow } from './fixtures';
import { Gated, Gates } from './gates';
import { service, type World } from './world';
import { recording } from './wrapped-transports';

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };
const HOUR = 3_600_000;

/** Starts its tasks, then waits for a `go` signal before it looks at them: they fail while it runs. */
class PatientWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  private readonly gated = this.newService(Gated);
  async run(flaky: string[], gated: string[]): Promise<string[]> {
    const tasks = [...flaky.map((label) => this.flaky.run(label)), ...gated.map((label) => this.gated.pass(label))];
    await this.channel<string>('go').receive();
    return Deferred.all(...tasks);
  }
}

/** The same with a gated task that has an end-to-end timeout: it times out while the workflow waits. */
class TimedPatientWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  private readonly gated = this.newService(Gated, { timeoutMs: 1_000 });
  async run(): Promise<string[]> {
    const tasks = [this.flaky.run('x'), this.gated.pass('slow')];
    await this.channel<string>('go').receive();
    return Deferred.all(...tasks);
  }
}

/** Handles the failure of its first task by running a fallback (on the gated service: it runs until the test opens it). */
class HeldFallback extends Workflow {
  private readonly flaky = this.newService(Flaky);
  private readonly gated = this.newService(Gated);
  async run(): Promise<string> {
    try {
      return await this.flaky.run('first');
    } catch {
      return await this.gated.pass('fallback');
    }
  }
}

/** Sleeps an hour, then takes one more step; `note` and `naps` are fields a state view shows. */
class NappingWorkflow extends Workflow {
  private readonly flaky = this.newService(Flaky);
  private readonly gated = this.newService(Gated);
  note = 'created';
  naps = 0;
  readonly since = new Date(0);

  async nap(): Promise<string> {
    this.naps++;
    await this.timer(HOUR);
    return this.flaky.run('after-nap');
  }

  /** Waits on a task and an hour's timer at once, then on a gate. */
  async wait(label: string): Promise<string> {
    this.note = `waiting for ${label}`;
    const [passed] = await Deferred.all(this.gated.pass(label), this.timer(HOUR));
    this.note = 'woke';
    return `${passed}/${await this.gated.pass('after')}`;
  }
}

/** The late, due delivery of the timer at step `seq` (what the transport delivers an hour later). */
const dueTimer = (w: World, workflowName: string, workflowId: string, seq: number): Envelope => ({
  v: 1, id: `${workflowId}:timer:${seq}`, at: Date.now(), message: { kind: 'TimerFired', workflowName, workflowId, seq },
});

export const operationCases = (_h: EngineHarness, world: () => World): void => {
  const start = async (w: World) => {
    const flaky = flakyState();
    const gates = new Gates();
    await w.worker({
      workflows: [PatientWorkflow, TimedPatientWorkflow, HeldFallback, NappingWorkflow, ParallelWorkflow],
      services: [service(Flaky, flakyService(flaky), { retry: fast }), service(Gated, gates.service())],
    });
    // Closed before the worker stops: no task is left waiting on a gate.
    w.onClose(() => gates.openAll());
    const transport = await w.transport();
    return { flaky, gates, transport, client: await w.client(transport) };
  };
  const historyOf = async (w: World, workflowName: string, workflowId: string) => (await (await w.store()).read(w.names.workflowStream(workflowName, workflowId))).events;
  const failedTasks = async (client: Client, id: string) => (await client.getById(PatientWorkflow, id).state()).pending?.tasks.filter((task) => task.status === 'failed').map((task) => task.taskId);

  it('retries failed tasks of a running workflow by id, then by service, and the workflow goes on', async () => {
    const w = world();
    const { flaky, gates, client } = await start(w);
    flaky.terminal.add('x').add('y');
    gates.fail('g');
    const handle = await client.dispatch(client.newWorkflow(PatientWorkflow, { id: 'patient' }).run, ['x', 'y'], ['g']);
    await eventually(async () => expect(await failedTasks(client, 'patient')).to.deep.equal(['patient:1', 'patient:2', 'patient:3']));
    expect((await client.getById(PatientWorkflow, 'patient').state()).status).to.equal('running');
    flaky.terminal.clear();
    gates.heal('g');

    expect(await client.retryTasks(PatientWorkflow, 'patient', { taskId: 'patient:2' })).to.deep.equal(['patient:2']);
    await eventually(async () => expect(await failedTasks(client, 'patient')).to.deep.equal(['patient:1', 'patient:3']));
    expect(await client.getById(PatientWorkflow, 'patient').retryTasks({ service: 'Gated' })).to.deep.equal(['patient:3']);
    expect(await client.retryTasks(PatientWorkflow, 'patient', { service: 'Flaky', method: 'run' })).to.deep.equal(['patient:1']);
    await eventually(async () => expect(await failedTasks(client, 'patient')).to.deep.equal([]));

    await handle.send('go', 'now');
    expect(await handle.result()).to.deep.equal(['x:done', 'y:done', 'g:done']);
    expect(flaky.seen.map((s) => s.label).sort()).to.deep.equal(['x', 'x', 'y', 'y']);
  });

  /** A ParallelWorkflow whose two tasks both failed for good: failed, with both failures recorded. */
  const failBoth = async (w: World, id: string) => {
    const { flaky, client } = await start(w);
    flaky.terminal.add('x').add('y');
    const handle = await client.dispatch(client.newWorkflow(ParallelWorkflow, { id }).all, ['x', 'y']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    const instance = client.getById(ParallelWorkflow, id);
    await eventually(async () => expect((await instance.state()).pending?.tasks.map((task) => task.status)).to.deep.equal(['failed', 'failed']));
    return { flaky, instance };
  };

  it('retries the two failed parallel tasks of a failed workflow by status, which resumes it to the end', async () => {
    const w = world();
    const { flaky, instance } = await failBoth(w, 'parallel');
    const failed = await instance.state();
    expect(failed.status).to.equal('failed');
    expect(failed.error?.code).to.equal('TASK_FAILED');
    expect(failed.pending?.tasks[0]).to.include({ taskId: 'parallel:1', service: 'Flaky', method: 'run', retry: 0, attempt: 1 });
    flaky.terminal.clear();

    expect(await instance.retryTasks({ status: 'timed-out' })).to.deep.equal([]);
    expect(await instance.retryTasks({ status: 'failed' })).to.deep.equal(['parallel:1', 'parallel:2']);
    expect(await instance.result()).to.deep.equal(['x:done', 'y:done']);
  });

  it('tells timed-out tasks from failed ones, and retries each kind by status', async () => {
    const w = world();
    const { flaky, gates, client } = await start(w);
    flaky.terminal.add('x');
    const handle = await client.dispatch(client.newWorkflow(TimedPatientWorkflow, { id: 'timed' }).run);
    const instance = client.getById(TimedPatientWorkflow, 'timed');
    const statuses = async () => (await instance.state()).pending?.tasks.map((task) => [task.taskId, task.status]);
    await eventually(async () => expect(await statuses()).to.deep.equal([['timed:1', 'failed'], ['timed:2', 'timed-out']]));
    flaky.terminal.clear();
    // Open before the retry: the new round passes at once, well inside its own timeout.
    gates.open('slow');
    expect(await instance.retryTasks({ status: 'timed-out' })).to.deep.equal(['timed:2']);
    await eventually(async () => expect(await statuses()).to.deep.equal([['timed:1', 'failed']]));
    expect(await instance.retryTasks({ status: 'failed' })).to.deep.equal(['timed:1']);
    await handle.send('go', 'now');
    expect(await handle.result()).to.deep.equal(['x:done', 'slow:done']);
  });

  it('retries the failed task that did not fail the workflow on its own, and the workflow stays failed until the other is retried', async () => {
    const w = world();
    const { flaky, instance } = await failBoth(w, 'one-by-one');
    const failedSeq = (await historyOf(w, 'ParallelWorkflow', 'one-by-one')).find((e) => e.type === 'WorkflowFailed')?.data as { failedSeq?: number };
    const other = failedSeq.failedSeq === 1 ? 'one-by-one:2' : 'one-by-one:1';
    const first = failedSeq.failedSeq === 1 ? 'one-by-one:1' : 'one-by-one:2';
    flaky.terminal.clear();

    expect(await instance.retryTasks({ taskId: other })).to.deep.equal([other]);
    await eventually(async () => expect((await instance.state()).pending?.tasks.map((task) => task.taskId)).to.deep.equal([first]));
    expect((await instance.state()).status).to.equal('failed');
    expect(await instance.retryTasks()).to.deep.equal([first]);
    expect(await instance.result()).to.deep.equal(['x:done', 'y:done']);
  });

  it('refuses to retry a task that runs, completed or does not exist with TaskNotFailedError, and a malformed selector or an ended workflow', async () => {
    const w = world();
    const { flaky, gates, client } = await start(w);
    const patient = client.getById(PatientWorkflow, 'refusals');
    await client.dispatch(client.newWorkflow(PatientWorkflow, { id: 'refusals' }).run, ['done'], ['held']);
    await eventually(async () => expect((await patient.state()).completedSteps).to.equal(1));
    for (const [taskId, reason] of [['refusals:1', 'has completed'], ['refusals:2', 'is running'], ['refusals:9', 'does not exist'], ['nobody:1', 'does not exist']]) {
      const error = await rejection(patient.retryTasks({ taskId: taskId! }));
      expect(error.code).to.equal('TASK_NOT_FAILED');
      expect(error).to.include({ workflowId: 'refusals', taskId });
      expect(error.message).to.contain(reason);
    }
    expect(await patient.retryTasks()).to.deep.equal([]);
    expect((await rejection(patient.retryTasks({ taskId: 'refusals:1', service: 'Flaky' } as never))).code).to.equal('INVALID_ARGUMENTS');
    expect((await rejection(patient.retryTasks({ status: 'broken' } as never))).code).to.equal('INVALID_ARGUMENTS');
    expect((await rejection(client.retryTasks(PatientWorkflow, 'absent', {}))).code).to.equal('WORKFLOW_UNKNOWN');

    flaky.terminal.add('first');
    gates.open('fallback');
    const fallback = await client.dispatch(client.newWorkflow(HeldFallback, { id: 'fallback' }).run);
    expect(await fallback.result()).to.equal('fallback:done');
    // Ended and cleared: the instance is gone, and so are its tasks.
    expect((await rejection(client.retryTasks(HeldFallback, 'fallback', { taskId: 'fallback:1' }))).code).to.equal('WORKFLOW_UNKNOWN');
  });

  it('refuses to retry a failure the workflow code caught and went on from, and leaves it out of a filter', async () => {
    const w = world();
    const { flaky, gates, client } = await start(w);
    // The fallback runs on the gated service so that the workflow is still running when the retry is asked.
    flaky.terminal.add('first');
    const handle = await client.dispatch(client.newWorkflow(HeldFallback, { id: 'held' }).run);
    const instance = client.getById(HeldFallback, 'held');
    await eventually(async () => expect((await instance.state()).pending?.tasks.map((task) => [task.taskId, task.status])).to.deep.equal([['held:1', 'failed'], ['held:2', 'running']]));
    const error = await rejection(instance.retryTasks({ taskId: 'held:1' }));
    expect(error.code).to.equal('TASK_NOT_FAILED');
    expect(error.message).to.contain('already handled');
    expect(await instance.retryTasks({ status: 'failed' })).to.deep.equal([]);
    gates.open('fallback');
    expect(await handle.result()).to.equal('fallback:done');
    expect(flaky.seen.map((s) => s.label)).to.deep.equal(['first']);
  });

  it('completes a workflow waiting an hour on a timer at once with completeTimers, and the due timer later changes nothing', async () => {
    const w = world();
    const { flaky, client, transport } = await start(w);
    const handle = await client.dispatch(client.newWorkflow(NappingWorkflow, { id: 'napper' }).nap);
    const instance = client.getById(NappingWorkflow, 'napper');
    await eventually(async () => expect((await instance.state()).pending?.timers.map((timer) => timer.timerId)).to.deep.equal(['napper:timer:1']));
    expect(await client.completeTimers(NappingWorkflow, 'napper')).to.deep.equal(['napper:timer:1']);
    expect(await handle.result()).to.equal('after-nap:done');
    await transport.publish(w.names.workflowTopic('NappingWorkflow'), dueTimer(w, 'NappingWorkflow', 'napper', 1), { key: 'napper' });
    const ended = await instance.state();
    expect(ended).to.include({ status: 'completed', result: 'after-nap:done', method: 'nap' });
    expect(flaky.seen.map((s) => s.label)).to.deep.equal(['after-nap']);
  });

  it('records a completed timer once: its due delivery while the workflow still runs is a duplicate', async () => {
    const w = world();
    const { gates, client, transport } = await start(w);
    const handle = await client.dispatch(client.newWorkflow(NappingWorkflow, { id: 'waiter' }).wait, 'task');
    const instance = client.getById(NappingWorkflow, 'waiter');
    await eventually(async () => expect((await instance.state()).pending?.timers).to.have.length(1));
    expect((await rejection(instance.completeTimers({ timerId: 'waiter:timer:7' }))).code).to.equal('TIMER_UNKNOWN');
    expect((await rejection(instance.completeTimers({ timerId: 'waiter:1' }))).code).to.equal('TIMER_UNKNOWN');
    expect(await instance.completeTimers({ timerId: 'waiter:timer:2' })).to.deep.equal(['waiter:timer:2']);
    expect(await instance.completeTimers({ timerId: 'waiter:timer:2' })).to.deep.equal([]);
    expect(await instance.completeTimers()).to.deep.equal([]);
    gates.open('task');
    await eventually(() => expect(gates.runs.get('after')).to.equal(1));
    const stream = w.names.workflowStream('NappingWorkflow', 'waiter');
    const before = (await (await w.store()).read(stream)).revision;
    await transport.publish(w.names.workflowTopic('NappingWorkflow'), dueTimer(w, 'NappingWorkflow', 'waiter', 2), { key: 'waiter' });
    // Handled in key order after the copy: by then the copy was handled.
    const view = await instance.state();
    expect(view.properties).to.deep.include({ note: 'woke' });
    const events = await historyOf(w, 'NappingWorkflow', 'waiter');
    expect((await (await w.store()).read(stream)).revision).to.equal(before);
    expect(events.filter((e) => e.type === 'TimerFired').map((e) => e.data)).to.deep.equal([{ type: 'TimerFired', seq: 2, byClient: true }]);
    gates.open('after');
    expect(await handle.result()).to.equal('task:done/after:done');
    expect(gates.runs.get('after')).to.equal(1);
  });

  it('shows the state of a workflow waiting on a task and a timer, records nothing, and shows the kept outcome once it ended', async () => {
    const w = world();
    const { gates, client } = await start(w);
    const handle = await client.dispatch(client.newWorkflow(NappingWorkflow, { id: 'viewed', tags: ['t1'], meta: { team: 'ops' } }).wait, 'slow');
    const instance = client.getById(NappingWorkflow, 'viewed');
    await eventually(async () => expect((await instance.state()).pending?.timers).to.have.length(1));
    const stream = w.names.workflowStream('NappingWorkflow', 'viewed');
    const before = (await (await w.store()).read(stream)).revision;
    const view = await instance.state();
    expect(view).to.include({ workflowName: 'NappingWorkflow', workflowId: 'viewed', status: 'running', method: 'wait', completedSteps: 0 });
    expect(view.args).to.deep.equal(['slow']);
    expect(view.tags).to.deep.equal(['t1']);
    expect(view.meta).to.deep.equal({ team: 'ops' });
    expect(view.startedAt).to.be.a('number');
    expect(view.pending?.tasks).to.deep.equal([{ taskId: 'viewed:1', seq: 1, service: 'Gated', method: 'pass', retry: 0, status: 'running' }]);
    expect(view.pending?.timers).to.deep.equal([{ timerId: 'viewed:timer:2', seq: 2, fireAt: view.startedAt! + HOUR }]);
    expect(view.pending?.children).to.deep.equal([]);
    expect(view.pending?.receives).to.deep.equal([]);
    // Its own fields that JSON carries; the stubs are left out.
    expect(view.properties).to.deep.equal({ note: 'waiting for slow', naps: 0, since: '1970-01-01T00:00:00.000Z' });
    expect((await (await w.store()).read(stream)).revision).to.equal(before);

    gates.open('slow');
    gates.open('after');
    await instance.completeTimers();
    expect(await handle.result()).to.equal('slow:done/after:done');
    const ended = await instance.state();
    expect(ended).to.include({ status: 'completed', result: 'slow:done/after:done', method: 'wait' });
    expect(ended.pending).to.equal(undefined);
    expect((await rejection(client.getById(NappingWorkflow, 'never-started').state())).code).to.equal('WORKFLOW_UNKNOWN');
  });

  it('answers a redelivered retryTasks or completeTimers with the ids its first copy retried or completed, and applies it once', async () => {
    const w = world();
    const { flaky, gates } = await start(w);
    const caller = recording(await w.transport());
    const client = await w.client(caller.transport);
    flaky.terminal.add('x');
    await client.dispatch(client.newWorkflow(PatientWorkflow, { id: 'copies' }).run, ['x'], []);
    const instance = client.getById(PatientWorkflow, 'copies');
    await eventually(async () => expect(await failedTasks(client, 'copies')).to.deep.equal(['copies:1']));
    flaky.terminal.clear();
    expect(await instance.retryTasks()).to.deep.equal(['copies:1']);
    const napper = await client.dispatch(client.newWorkflow(NappingWorkflow, { id: 'copied-nap' }).wait, 'held');
    await eventually(async () => expect((await client.getById(NappingWorkflow, 'copied-nap').state()).pending?.timers).to.have.length(1));
    expect(await client.completeTimers(NappingWorkflow, 'copied-nap')).to.deep.equal(['copied-nap:timer:2']);

    const listener = await w.transport();
    const replyTopic = w.names.clientTopic('operation-copies');
    const answers = new Map<string, unknown>();
    await listener.subscribe(replyTopic, 'operation-copies', async ({ envelope }) => {
      if (envelope.message.kind === 'WorkflowReply') answers.set(envelope.message.requestId, envelope.message.outcome);
    }, { order: 'none', deadLetterTopic: `${w.namespace}.unused` });
    const copies = caller.published.filter((p) => p.envelope.message.kind === 'RetryTasks' || p.envelope.message.kind === 'CompleteTimers');
    expect(copies).to.have.length(2);
    for (const copy of copies) {
      const { workflowId } = copy.envelope.message as { workflowId: string };
      await caller.transport.publish(copy.topic, { ...copy.envelope, message: { ...copy.envelope.message, replyTo: replyTopic } as never }, { key: workflowId });
    }
    await eventually(() => expect(answers.size).to.equal(2));
    expect(answers.get(copies[0]!.envelope.id)).to.deep.equal({ status: 'completed', result: ['copies:1'] });
    expect(answers.get(copies[1]!.envelope.id)).to.deep.equal({ status: 'completed', result: ['copied-nap:timer:2'] });
    const retried = (await historyOf(w, 'PatientWorkflow', 'copies')).filter((e) => e.type === 'TaskRetried');
    expect(retried).to.have.length(1);
    expect((await historyOf(w, 'NappingWorkflow', 'copied-nap')).filter((e) => e.type === 'TimerFired')).to.have.length(1);
    expect(flaky.seen.map((s) => s.label)).to.deep.equal(['x', 'x']);
    gates.open('held');
    gates.open('after');
    expect(await napper.result()).to.equal('held:done/after:done');
  });
};
