import type { HistoryStore } from '@cadenza/core';
import { Workflow } from '@cadenza/core';
import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { FeaturesWorkflow, Flaky, flakyService, flakyState, ParallelWorkflow, SequenceWorkflow } from './fixtures';
import { Gated, GatedSequence, Gates } from './gates';
import { service, type World } from './world';

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };

/** Version 1 has a bug after its first step. */
class BuggyV1 extends Workflow {
  static readonly workflowName = 'Buggy';
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    await this.flaky.run('a');
    throw new Error('a bug in version 1');
  }
}
/** Version 2 fixes it: the same first step, then a second one. */
class BuggyV2 extends Workflow {
  static readonly workflowName = 'Buggy';
  private readonly flaky = this.newService(Flaky);
  async run(): Promise<string> {
    await this.flaky.run('a');
    return this.flaky.run('b');
  }
}

/** A store whose first append after a retry was recorded fails once, as a crash right after it would. */
const failingAfterRetry = (inner: HistoryStore): HistoryStore => {
  let armed = false;
  let failed = false;
  return {
    capabilities: inner.capabilities,
    read: (stream) => inner.read(stream),
    delete: (stream, kept) => inner.delete(stream, kept),
    sweep: (now, limit) => inner.sweep(now, limit),
    close: async () => undefined,
    append: async (stream, events, expected) => {
      if (armed && !failed) {
        failed = true;
        throw new Error('the store went away');
      }
      const revision = await inner.append(stream, events, expected);
      if (events.some((e) => e.type === 'WorkflowRetried')) armed = true;
      return revision;
    },
  };
};


export const retryCases = (h: EngineHarness, world: () => World): void => {
  it('records the fixed code’s next steps in the same append as the retry, so a failure right after it loses nothing', async () => {
    const w = world();
    const state = flakyState();
    const services = [service(Flaky, flakyService(state), { retry: fast })];
    const v1 = await w.worker({ workflows: [BuggyV1], services });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(BuggyV1, { id: 'buggy' }).run);
    expect((await rejection(handle.result())).message).to.contain('a bug in version 1');
    await v1.stop();
    await w.worker({ workflows: [BuggyV2], services }, { history: failingAfterRetry(await w.store()) });
    await handle.retry();
    await eventually(() => expect(state.seen.map((s) => s.label)).to.deep.equal(['a', 'b']));
    expect(await client.getById(BuggyV2, 'buggy').result()).to.equal('b:done');
  });

  it('retries every failed task that failed the workflow with one retry', async () => {
    const w = world();
    const state = flakyState();
    state.terminal.add('x').add('y');
    await w.worker({ workflows: [ParallelWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(ParallelWorkflow, { id: 'both-failed' }).all, ['x', 'y']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    // The second failure is recorded too before the retry, else the retry could not know of it.
    const stream = w.names.workflowStream('ParallelWorkflow', 'both-failed');
    await eventually(async () => expect((await (await w.store()).read(stream)).events.filter((e) => e.type === 'TaskFailed')).to.have.length(2));
    state.terminal.clear();
    await handle.retry();
    await eventually(() => expect(state.seen.map((s) => s.label).sort()).to.deep.equal(['x', 'x', 'y', 'y']));
    await eventually(async () => expect((await (await w.store()).read(stream)).revision).to.equal('deleted'));
  });

  it('recovers a parent that a failed child failed: retry of the parent retries the child, and both complete', async () => {
    const w = world();
    const state = flakyState();
    state.terminal.add('broken');
    await w.worker({ workflows: [FeaturesWorkflow, SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(FeaturesWorkflow, { id: 'parent' }).parent, ['broken']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    state.terminal.clear();
    await handle.retry();
    await eventually(() => expect(state.seen.map((s) => s.label)).to.deep.equal(['broken', 'broken', 'after-child']));
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('FeaturesWorkflow', 'parent'))).revision).to.equal('deleted'));
  });

  it('recovers a parent that a failed child failed when the child itself is retried', async () => {
    const w = world();
    const state = flakyState();
    state.terminal.add('broken');
    await w.worker({ workflows: [FeaturesWorkflow, SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(FeaturesWorkflow, { id: 'orphan' }).parent, ['broken']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    state.terminal.clear();
    // The child's id is derived from the parent's id and the step.
    await client.getById(SequenceWorkflow, 'orphan.1').retry();
    await eventually(() => expect(state.seen.map((s) => s.label)).to.deep.equal(['broken', 'broken', 'after-child']));
    await eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('FeaturesWorkflow', 'orphan'))).revision).to.equal('deleted'));
  });

  it('refuses to retry a workflow that has not failed, with WorkflowNotFailedError', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [GatedSequence], services: [service(Gated, gates.service())] });
    const client = await w.client();
    w.onClose(() => gates.openAll());
    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'healthy' }).run, ['one']);
    const error = await rejection(handle.retry());
    expect(error.code).to.equal('WORKFLOW_NOT_FAILED');
    expect(error.message).to.contain('healthy').and.contain('running');
    gates.open('one');
    expect(await handle.result()).to.deep.equal(['one:done']);
  });
};
