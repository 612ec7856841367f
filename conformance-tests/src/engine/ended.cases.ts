import { expect } from 'chai';
import type { EngineHarness } from '../harness';
import { eventually } from '../support/eventually';
import { rejection } from '../support/rejection';
import { type Transport, TransportError, Workflow } from '@cadenza/core';
import { Flaky, flakyService, flakyState, SequenceWorkflow } from './fixtures';
import { Gated, GatedSequence, Gates } from './gates';
import { service, type World } from './world';

/** A transport whose first publish of an `accepted` reply fails, after the step it answers was recorded. */
const losingFirstAccepted = (inner: Transport): Transport => {
  let lost = false;
  return {
    capabilities: inner.capabilities,
    subscribe: (...args) => inner.subscribe(...args),
    close: () => inner.close(),
    publish: async (topic, envelope, options) => {
      const { message } = envelope;
      if (!lost && message.kind === 'WorkflowReply' && message.outcome.status === 'accepted') {
        lost = true;
        throw new TransportError('simulated: the reply to the cancel was not published', true);
      }
      await inner.publish(topic, envelope, options);
    },
  };
};

/** Starts a {@link SequenceWorkflow} child under an id it is given; answers its result, or the code of what the step threw. */
export class AdoptingWorkflow extends Workflow {
  async adopt(childId: string, labels: string[]): Promise<{ result?: string[]; code?: string }> {
    try {
      return { result: await this.newWorkflow(SequenceWorkflow, { id: childId }).run(labels) };
    } catch (error) {
      return { code: (error as { code?: string }).code };
    }
  }
}

const fast = { initialDelayMs: 10, backoffFactor: 1, jitter: 0 };

/** Late requests to ended workflows, answered from the outcome kept beside the tombstone, and its sweep. */
export const endedCases = (_h: EngineHarness, world: () => World): void => {
  const ended = async (w: World, id: string) =>
    eventually(async () => expect((await (await w.store()).read(w.names.workflowStream('SequenceWorkflow', id))).revision).to.equal('deleted'));

  it('answers result() after the workflow ended with its result, and a cancel with it too; a signal learns it has ended', async () => {
    const w = world();
    const state = flakyState();
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    expect(await client.newWorkflow(SequenceWorkflow, { id: 'ended-once' }).run(['a', 'b'])).to.deep.equal(['a:done', 'b:done']);
    await ended(w, 'ended-once');
    const handle = client.getById(SequenceWorkflow, 'ended-once');
    expect(await handle.result()).to.deep.equal(['a:done', 'b:done']);
    await handle.cancel('too late');
    const signal = await rejection(handle.send('late', 1));
    expect([signal.code, signal.message]).to.deep.equal(['WORKFLOW_UNKNOWN', 'workflow SequenceWorkflow ended-once has already ended']);
    const retry = await rejection(handle.retry());
    expect(retry.code).to.equal('WORKFLOW_NOT_FAILED');
    expect(state.seen.map((s) => s.label)).to.deep.equal(['a', 'b']);
  });

  it('answers retry() then result() with the outcome of the rerun, even once the rerun ended and its history was cleared', async () => {
    const w = world();
    const state = flakyState();
    state.terminal.add('b');
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    const handle = await client.dispatch(client.newWorkflow(SequenceWorkflow, { id: 'rerun' }).run, ['a', 'b']);
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_FAILED');
    state.terminal.clear();
    await handle.retry();
    await ended(w, 'rerun');
    expect(await client.getById(SequenceWorkflow, 'rerun').result()).to.deep.equal(['a:done', 'b:done']);
  });

  it('answers a duplicate start after the end with the outcome, without running it again; a start with other arguments is refused', async () => {
    const w = world();
    const state = flakyState();
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    await client.newWorkflow(SequenceWorkflow, { id: 'started-twice' }).run(['x']);
    await ended(w, 'started-twice');
    expect(await client.newWorkflow(SequenceWorkflow, { id: 'started-twice' }).run(['x'])).to.deep.equal(['x:done']);
    const other = await rejection(client.newWorkflow(SequenceWorkflow, { id: 'started-twice' }).run(['y']));
    expect(other.code).to.equal('WORKFLOW_ID_IN_USE');
    expect(state.seen.map((s) => s.label)).to.deep.equal(['x']);
  });

  it('answers a parent that starts a child under an ended id with the kept outcome, without running it again; other arguments are refused', async () => {
    const w = world();
    const state = flakyState();
    await w.worker({ workflows: [SequenceWorkflow, AdoptingWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })] });
    const client = await w.client();
    expect(await client.newWorkflow(SequenceWorkflow, { id: 'adopted' }).run(['c'])).to.deep.equal(['c:done']);
    await ended(w, 'adopted');
    expect(await client.newWorkflow(AdoptingWorkflow, { id: 'parent-same' }).adopt('adopted', ['c'])).to.deep.equal({ result: ['c:done'] });
    expect(await client.newWorkflow(AdoptingWorkflow, { id: 'parent-other' }).adopt('adopted', ['d'])).to.deep.equal({ code: 'WORKFLOW_ID_IN_USE' });
    expect(state.seen.map((s) => s.label)).to.deep.equal(['c']);
  });

  it('sweeps the outcome once its retention passed: the id is unknown, and starts again where the store sweeps tombstones', async () => {
    const w = world();
    const state = flakyState();
    await w.worker({ workflows: [SequenceWorkflow], services: [service(Flaky, flakyService(state), { retry: fast })], retention: { retentionMs: 0, sweepPeriodMs: 20 } });
    const client = await w.client();
    await client.newWorkflow(SequenceWorkflow, { id: 'swept' }).run(['s']);
    const store = await w.store();
    const reusable = store.capabilities.sweepsTombstones !== false;
    const stream = w.names.workflowStream('SequenceWorkflow', 'swept');
    await eventually(async () => expect(await store.read(stream)).to.deep.equal({ events: [], revision: reusable ? 'no-stream' : 'deleted' }));
    const unknown = await rejection(client.getById(SequenceWorkflow, 'swept').result());
    expect(unknown.code).to.equal('WORKFLOW_UNKNOWN');
    expect(unknown.message).to.contain(reusable ? 'does not exist' : 'has already ended');
    if (!reusable) return;
    expect(await client.newWorkflow(SequenceWorkflow, { id: 'swept' }).run(['s'])).to.deep.equal(['s:done']);
    expect(state.seen.map((s) => s.label)).to.deep.equal(['s', 's']);
  });

  it('answers a cancel whose accepted reply failed to publish: the redelivered cancel is accepted again', async () => {
    const w = world();
    const gates = new Gates();
    await w.worker({ workflows: [GatedSequence], services: [service(Gated, gates.service())] }, { transport: losingFirstAccepted(await w.transport()) });
    const client = await w.client();
    w.onClose(() => gates.openAll());
    const handle = await client.dispatch(client.newWorkflow(GatedSequence, { id: 'cancel-reply-lost' }).run, ['one']);
    await handle.cancel('by the test');
    expect((await rejection(handle.result())).code).to.equal('WORKFLOW_CANCELED');
  });
};
