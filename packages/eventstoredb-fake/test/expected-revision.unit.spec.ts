import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';
import { expect } from 'chai';
import { appendPaths, events, freshStream, readAll, rejection, useFake } from './support/fake-client';

for (const path of appendPaths) {
  describe(`EventStoreDB fake, expected revisions (client over ${path.name})`, () => {
    const ctx = useFake(path.options);

    it(`appends over ${path.name}`, async () => {
      await ctx.client.appendToStream(freshStream(), events(1), { expectedRevision: ANY });
      expect(ctx.fake.calls()).to.have.property(path.name === 'BatchAppend' ? 'batchAppend' : 'append');
      expect(ctx.fake.calls()).not.to.have.property(path.name === 'BatchAppend' ? 'append' : 'batchAppend');
    });

    it('numbers revisions from 0 and answers the last one', async () => {
      const stream = freshStream();
      expect((await ctx.client.appendToStream(stream, events(3), { expectedRevision: NO_STREAM })).nextExpectedRevision).to.equal(2n);
      expect((await ctx.client.appendToStream(stream, events(2), { expectedRevision: 2n })).nextExpectedRevision).to.equal(4n);
      expect((await readAll(ctx.client, stream)).map(([r]) => r)).to.deep.equal([0, 1, 2, 3, 4]);
    });

    it('any: creates a stream and appends to an existing one', async () => {
      const stream = freshStream();
      expect((await ctx.client.appendToStream(stream, events(1), { expectedRevision: ANY })).nextExpectedRevision).to.equal(0n);
      expect((await ctx.client.appendToStream(stream, events(1), { expectedRevision: ANY })).nextExpectedRevision).to.equal(1n);
    });

    it('no_stream: creates a stream, then refuses it with the current revision', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      const error = await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM }));
      expect(error).to.include({ type: 'wrong-expected-version', streamName: stream, expectedVersion: 'no_stream', actualVersion: 1n });
      expect(await readAll(ctx.client, stream)).to.have.length(2);
    });

    it('stream_exists: appends to an existing stream, refuses a missing one as no_stream', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM });
      expect((await ctx.client.appendToStream(stream, events(1), { expectedRevision: STREAM_EXISTS })).nextExpectedRevision).to.equal(1n);
      const missing = freshStream();
      const error = await rejection(ctx.client.appendToStream(missing, events(1), { expectedRevision: STREAM_EXISTS }));
      expect(error).to.include({ type: 'wrong-expected-version', expectedVersion: 'stream_exists', actualVersion: 'no_stream' });
    });

    it('exact: appends at the last revision, refuses any other and writes nothing', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      expect((await ctx.client.appendToStream(stream, events(1), { expectedRevision: 1n })).nextExpectedRevision).to.equal(2n);
      const behind = await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: 1n }));
      expect(behind).to.include({ type: 'wrong-expected-version', expectedVersion: 1n, actualVersion: 2n });
      const ahead = await rejection(ctx.client.appendToStream(stream, events(1), { expectedRevision: 999n }));
      expect(ahead).to.include({ type: 'wrong-expected-version', expectedVersion: 999n, actualVersion: 2n });
      const missing = await rejection(ctx.client.appendToStream(freshStream(), events(1), { expectedRevision: 0n }));
      expect(missing).to.include({ type: 'wrong-expected-version', actualVersion: 'no_stream' });
      expect(await readAll(ctx.client, stream)).to.have.length(3);
    });

    it('appending no events to a missing stream succeeds without creating it', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, [], { expectedRevision: NO_STREAM });
      expect(await rejection(readAll(ctx.client, stream))).to.include({ type: 'stream-not-found' });
    });

    it('refuses an append larger than the maximum append size', async () => {
      const big = [{ ...events(1)[0]!, data: { blob: 'x'.repeat(1_100_000) } }];
      expect(await rejection(ctx.client.appendToStream(freshStream(), big))).to.include({ type: 'maximum-append-size-exceeded' });
    });
  });
}
