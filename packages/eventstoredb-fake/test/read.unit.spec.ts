import { BACKWARDS, END, FORWARDS, jsonEvent, NO_STREAM, START } from '@eventstore/db-client';
import { expect } from 'chai';
import { events, freshStream, rejection, useFake } from './support/fake-client';

describe('EventStoreDB fake, reading a stream', () => {
  const ctx = useFake();

  const revisions = async (stream: string, options: Parameters<typeof ctx.client.readStream>[1]): Promise<number[]> => {
    const out: number[] = [];
    for await (const e of ctx.client.readStream(stream, options)) out.push(Number(e.event!.revision));
    return out;
  };

  it('reads forwards or backwards, from a revision, the start or the end, up to a count', async () => {
    const stream = freshStream();
    await ctx.client.appendToStream(stream, events(5), { expectedRevision: NO_STREAM });
    expect(await revisions(stream, { direction: FORWARDS, fromRevision: START })).to.deep.equal([0, 1, 2, 3, 4]);
    expect(await revisions(stream, { direction: FORWARDS, fromRevision: 2n, maxCount: 2 })).to.deep.equal([2, 3]);
    expect(await revisions(stream, { direction: BACKWARDS, fromRevision: END })).to.deep.equal([4, 3, 2, 1, 0]);
    expect(await revisions(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })).to.deep.equal([4]);
    expect(await revisions(stream, { direction: BACKWARDS, fromRevision: 1n })).to.deep.equal([1, 0]);
    expect(await revisions(stream, { direction: FORWARDS, fromRevision: END })).to.deep.equal([]);
  });

  it('gives back ids, types, JSON data and metadata as written, with a creation time', async () => {
    const stream = freshStream();
    const written = jsonEvent({ type: 'Typed', data: { text: 'naïve ✓', list: [1, null] }, metadata: { causation: 'x' } });
    await ctx.client.appendToStream(stream, written, { expectedRevision: NO_STREAM });
    for await (const { event } of ctx.client.readStream(stream)) {
      expect(event).to.include({ id: written.id, type: 'Typed', streamId: stream, isJson: true, revision: 0n });
      expect(event!.data).to.deep.equal(written.data);
      expect(event!.metadata).to.deep.equal(written.metadata);
      expect(event!.created).to.be.instanceOf(Date);
      expect(event!.position?.commit).to.be.a('bigint');
    }
  });

  it('answers a stream that never existed with stream not found', async () => {
    const stream = freshStream();
    expect(await rejection(revisions(stream, {}))).to.include({ type: 'stream-not-found', streamName: stream });
  });

  it('lists the streams it holds', async () => {
    const stream = freshStream();
    await ctx.client.appendToStream(stream, events(1));
    expect(ctx.fake.streamNames()).to.include(stream);
  });
});
