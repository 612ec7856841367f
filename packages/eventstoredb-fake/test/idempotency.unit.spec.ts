import { ANY, NO_STREAM } from '@eventstore/db-client';
import { expect } from 'chai';
import { appendPaths, events, freshStream, readAll, rejection, useFake } from './support/fake-client';

for (const path of appendPaths) {
  describe(`EventStoreDB fake, idempotent appends by event id (client over ${path.name})`, () => {
    const ctx = useFake(path.options);

    it('repeating an append at the same exact revision succeeds again and writes nothing', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(1), { expectedRevision: NO_STREAM });
      const batch = events(3);
      expect((await ctx.client.appendToStream(stream, batch, { expectedRevision: 0n })).nextExpectedRevision).to.equal(3n);
      expect((await ctx.client.appendToStream(stream, batch, { expectedRevision: 0n })).nextExpectedRevision).to.equal(3n);
      expect(await readAll(ctx.client, stream)).to.have.length(4);
    });

    it('repeating a no_stream append succeeds again', async () => {
      const stream = freshStream();
      const batch = events(2);
      await ctx.client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
      expect((await ctx.client.appendToStream(stream, batch, { expectedRevision: NO_STREAM })).nextExpectedRevision).to.equal(1n);
      expect(await readAll(ctx.client, stream)).to.deep.equal(batch.map((e, i) => [i, e.id]));
    });

    it('repeating an append with any succeeds again', async () => {
      const stream = freshStream();
      const batch = events(4);
      expect((await ctx.client.appendToStream(stream, batch, { expectedRevision: ANY })).nextExpectedRevision).to.equal(3n);
      expect((await ctx.client.appendToStream(stream, batch, { expectedRevision: ANY })).nextExpectedRevision).to.equal(3n);
      expect(await readAll(ctx.client, stream)).to.have.length(4);
    });

    it('a repeat that only partly matches what was written is a conflict', async () => {
      const stream = freshStream();
      const batch = events(2);
      await ctx.client.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
      const changed = [batch[0]!, ...events(1)];
      expect(await rejection(ctx.client.appendToStream(stream, changed, { expectedRevision: NO_STREAM }))).to.include({
        type: 'wrong-expected-version',
      });
      expect(await readAll(ctx.client, stream)).to.have.length(2);
    });

    it('new ids at a stale revision conflict', async () => {
      const stream = freshStream();
      await ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM });
      expect(await rejection(ctx.client.appendToStream(stream, events(2), { expectedRevision: NO_STREAM }))).to.include({
        type: 'wrong-expected-version',
      });
    });

    it('one id repeated within an append with any is stored each time; a repeat answers the first revision', async () => {
      // EventStoreDB's own test suite pins this quirk: with `any`, idempotency looks up the first id only.
      const stream = freshStream();
      const one = events(1)[0]!;
      const same = Array.from({ length: 6 }, () => one);
      expect((await ctx.client.appendToStream(stream, same, { expectedRevision: ANY })).nextExpectedRevision).to.equal(5n);
      expect((await ctx.client.appendToStream(stream, same, { expectedRevision: ANY })).nextExpectedRevision).to.equal(0n);
      expect(await readAll(ctx.client, stream)).to.have.length(6);
    });
  });
}
