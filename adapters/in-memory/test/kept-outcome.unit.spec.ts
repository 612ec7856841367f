import { expect } from 'chai';
import { createInMemoryHistoryStore } from '../src';

const STREAM = 'ns.BankWorkflow-w1';
const started = [{ id: 'e1', type: 'WorkflowStarted', data: { type: 'WorkflowStarted' }, metadata: { causationId: 'm1', at: 1 } }];

describe('in-memory history store: the outcome kept by delete', () => {
  it('keeps a copy: the caller changing its outcome, or what it read, changes nothing kept', async () => {
    const store = createInMemoryHistoryStore();
    await store.append(STREAM, started, 'no-stream');
    const outcome = { status: 'completed', result: { moved: 1 } };
    await store.delete(STREAM, { outcome, until: 10 });
    outcome.result.moved = 2;
    const read = await store.read(STREAM);
    (read.outcome as typeof outcome).result.moved = 3;
    expect((await store.read(STREAM)).outcome).to.deep.equal({ status: 'completed', result: { moved: 1 } });
  });

  it('keeps the very outcome deleted handedOver, and hands it to a readOnly read', async () => {
    const store = createInMemoryHistoryStore();
    await store.append(STREAM, started, 'no-stream');
    const outcome = { status: 'completed', result: { moved: 1 } };
    await store.delete(STREAM, { outcome, until: 10 }, { handedOver: true });
    const readOnly = await store.read(STREAM, { readOnly: true });
    expect(readOnly.revision).to.equal('deleted');
    expect(readOnly.outcome).to.equal(outcome);
    const copied = await store.read(STREAM);
    expect(copied.outcome).to.deep.equal(outcome);
    expect(copied.outcome).not.to.equal(outcome);
  });
});
