import { ANY, type AppendExpectedRevision, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { expect } from 'chai';
import { appendPaths, events, freshStream, readAll, rejection, useFake } from './support/fake-client';

for (const path of appendPaths) {
  describe(`EventStoreDB fake, soft delete and tombstone (client over ${path.name})`, () => {
    const ctx = useFake(path.options);

    it('reads a soft-deleted stream as not found', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      await ctx.client.deleteStream(stream, { expectedRevision: 1n });
      expect(await rejection(readAll(ctx.client, stream))).to.include({ type: 'stream-not-found' });
    });

    for (const [name, expectedRevision] of [['any', ANY], ['no_stream', NO_STREAM], ['the last revision', 1n]] as Array<[string, AppendExpectedRevision]>) {
      it(`recreates a soft-deleted stream with ${name}, revisions continuing after the old events`, async () => {
        const stream = freshStream();
        await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
        await ctx.client.deleteStream(stream);
        const again = events(3);
        expect((await ctx.client.appendToStream(stream, again, { expectedRevision })).nextExpectedRevision).to.equal(4n);
        expect(await readAll(ctx.client, stream)).to.deep.equal(again.map((e, i) => [i + 2, e.id]));
      });
    }

    it('recreates only once with no_stream: the next no_stream append conflicts', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      await ctx.client.deleteStream(stream);
      await ctx.client.appendToStream(stream, events(3), { expectedRevision: NO_STREAM });
      expect(await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM }))).to.include({
        type: 'wrong-expected-version',
        actualVersion: 4n,
      });
    });

    it('answers stream_exists on a soft-deleted stream with stream deleted', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM });
      await ctx.client.deleteStream(stream);
      expect(await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: STREAM_EXISTS }))).to.include({
        type: 'stream-deleted',
      });
    });

    it('tombstones for good: reads and every append answer stream deleted', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      await ctx.client.tombstoneStream(stream);
      expect(await rejection(readAll(ctx.client, stream))).to.include({ type: 'stream-deleted', streamName: stream });
      for (const expectedRevision of [ANY, NO_STREAM, STREAM_EXISTS, 1n, 5n] as AppendExpectedRevision[]) {
        const error = await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision }));
        expect(error, String(expectedRevision)).to.include({ type: 'stream-deleted' });
      }
      expect(await rejection(ctx.client.tombstoneStream(stream))).to.include({ type: 'stream-deleted' });
      expect(await rejection(ctx.client.deleteStream(stream))).to.include({ type: 'stream-deleted' });
    });

    it('tombstones a soft-deleted stream', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM });
      await ctx.client.deleteStream(stream);
      await ctx.client.tombstoneStream(stream, { expectedRevision: ANY });
      expect(await rejection(readAll(ctx.client, stream))).to.include({ type: 'stream-deleted' });
    });

    it('deletes or tombstones a stream that never existed with any or no_stream', async () => {
      await ctx.client.deleteStream(freshStream(), { expectedRevision: ANY });
      await ctx.client.deleteStream(freshStream(), { expectedRevision: NO_STREAM });
      const stream = freshStream();
      await ctx.client.tombstoneStream(stream, { expectedRevision: NO_STREAM });
      expect(await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM }))).to.include({ type: 'stream-deleted' });
    });

    it('refuses a delete or tombstone at the wrong revision, naming both versions', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      expect(await rejection(ctx.client.deleteStream(stream, { expectedRevision: 0n }))).to.include({
        type: 'wrong-expected-version',
        expectedVersion: 0n,
        actualVersion: 1n,
      });
      expect(await rejection(ctx.client.tombstoneStream(stream, { expectedRevision: NO_STREAM }))).to.include({ type: 'wrong-expected-version' });
      expect(await readAll(ctx.client, stream)).to.have.length(2);
    });
  });
}
