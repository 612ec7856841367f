import { hasErrorCode, type HistoryStore, type NewEvent } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { HistoryStoreHarness } from './harness';
import { freshName } from './support/fresh-name';
import { tagIndexCases } from './history-store-tags.cases';

const event = (type: string, data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: { causationId: randomUUID(), at: 1_700_000_000_000 } });

const expectCode = async (promise: Promise<unknown>, code: string): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    expect(hasErrorCode(error, code as never), `expected code ${code}, got ${String(error)}`).to.equal(true);
    return error;
  }
  throw new Error(`expected a rejection with code ${code}, but it resolved`);
};

/** Sweeps until nothing more is due by `now` (a shared store may hold other runs' tombstones too). */
const sweepAll = async (store: HistoryStore, now: number): Promise<void> => {
  while ((await store.sweep(now, 100)) === 100);
};

/**
 * The rules of the `HistoryStore` port (packages/core/src/ports/history-store.port.ts), checked against one
 * adapter. Every test uses a fresh stream name.
 */
export function describeHistoryStoreConformance(h: HistoryStoreHarness): void {
  describe(`HistoryStore conformance: ${h.name}`, function () {
    this.timeout(30_000);
    let store: HistoryStore;
    before(async () => {
      store = await h.create();
    });
    after(async () => {
      await store.close();
      await h.teardown();
    });

    it('reads a stream that never existed as no-stream with no events', async () => {
      expect(await store.read(freshName('stream'))).to.deep.equal({ events: [], revision: 'no-stream' });
    });

    it('creates a stream at revision 0 and numbers further events on', async () => {
      const stream = freshName('stream');
      const first = event('WorkflowStarted');
      expect(await store.append(stream, [first], 'no-stream')).to.equal(0);
      const more = [event('TaskScheduled'), event('TaskCompleted'), event('TaskScheduled')];
      expect(await store.append(stream, more, 0)).to.equal(3);
      const read = await store.read(stream);
      expect(read.revision).to.equal(3);
      expect(read.events.map((e) => e.revision)).to.deep.equal([0, 1, 2, 3]);
      expect(read.events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }))).to.deep.equal([first, ...more]);
    });

    it('keeps JSON data and metadata deep-equal', async () => {
      const stream = freshName('stream');
      const data = { text: 'naïve — ✓ 漢字', int: 9_007_199_254_740_991, float: -0.125, nil: null, yes: true, list: [1, 'two', [3], {}], nested: { a: { b: { c: [] } } } };
      const written = event('Json', data);
      await store.append(stream, [written], 'no-stream');
      const [read] = (await store.read(stream)).events;
      expect(read?.data).to.deep.equal(data);
      expect(read?.metadata).to.deep.equal(written.metadata);
    });

    it('refuses an append at a stale revision and writes nothing', async () => {
      const stream = freshName('stream');
      await store.append(stream, [event('A'), event('B')], 'no-stream');
      const error = await expectCode(store.append(stream, [event('C'), event('D')], 0), 'CONCURRENCY');
      expect(error).to.include({ stream, expected: 0, actual: 1 });
      expect((await store.read(stream)).events.map((e) => e.type)).to.deep.equal(['A', 'B']);
    });

    it('refuses no-stream on an existing stream and a revision on a missing one', async () => {
      const stream = freshName('stream');
      await store.append(stream, [event('A')], 'no-stream');
      await expectCode(store.append(stream, [event('B')], 'no-stream'), 'CONCURRENCY');
      await expectCode(store.append(freshName('stream'), [event('A')], 0), 'CONCURRENCY');
      expect((await store.read(stream)).revision).to.equal(0);
    });

    it('lets exactly one of many racing appends at the same revision win', async () => {
      const stream = freshName('stream');
      await store.append(stream, [event('Start')], 'no-stream');
      const rival = await h.create();
      try {
        const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 ? rival : store).append(stream, [event(`Racer${i}`), event(`Racer${i}b`)], 0));
        const results = await Promise.allSettled(attempts);
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won, 'appends that won').to.have.length(1);
        for (const lost of results.filter((r) => r.status === 'rejected')) {
          expect(hasErrorCode((lost as PromiseRejectedResult).reason, 'CONCURRENCY'), String((lost as PromiseRejectedResult).reason)).to.equal(true);
        }
        const read = await store.read(stream);
        expect(read.revision).to.equal(2);
        expect(read.events[1]!.type.replace(/b$/, '')).to.equal(read.events[2]!.type.replace(/b$/, ''));
      } finally {
        await rival.close();
      }
    });

    it('keeps streams apart', async () => {
      const a = freshName('stream');
      const b = freshName('stream');
      await store.append(a, [event('A1')], 'no-stream');
      await store.append(b, [event('B1'), event('B2')], 'no-stream');
      await store.append(a, [event('A2')], 0);
      expect((await store.read(a)).events.map((e) => e.type)).to.deep.equal(['A1', 'A2']);
      expect((await store.read(b)).events.map((e) => e.type)).to.deep.equal(['B1', 'B2']);
    });

    it('deletes a stream for good: reads as deleted and refuses every later append', async () => {
      const stream = freshName('stream');
      await store.append(stream, [event('A'), event('B')], 'no-stream');
      await store.delete(stream);
      expect(await store.read(stream)).to.deep.equal({ events: [], revision: 'deleted' });
      await expectCode(store.append(stream, [event('C')], 'no-stream'), 'STREAM_DELETED');
      await expectCode(store.append(stream, [event('C')], 1), 'STREAM_DELETED');
      expect(await store.read(stream)).to.deep.equal({ events: [], revision: 'deleted' });
    });

    it('keeps an outcome beside the tombstone: a read answers deleted with it, deep-equal', async () => {
      const stream = freshName('stream');
      await store.append(stream, [event('A')], 'no-stream');
      const outcome = { status: 'completed', result: { text: 'naïve ✓', list: [1, null, { n: -0.5 }] } };
      await store.delete(stream, { outcome, until: Date.now() + 3_600_000 });
      expect(await store.read(stream)).to.deep.equal({ events: [], revision: 'deleted', outcome });
      await expectCode(store.append(stream, [event('B')], 0), 'STREAM_DELETED');
    });

    it('sweeps a kept outcome once its time passed, with its tombstone where the store sweeps tombstones: the id may start again', async () => {
      const stream = freshName('stream');
      const kept = freshName('stream');
      const forever = freshName('stream');
      const until = Date.now() - 60_000;
      for (const name of [stream, kept, forever]) await store.append(name, [event('A')], 'no-stream');
      await store.delete(stream, { outcome: { status: 'canceled', reason: 'by test' }, until });
      await store.delete(kept, { outcome: { status: 'completed', result: 1 }, until: until + 3_600_000 });
      await store.delete(forever);
      await sweepAll(store, until - 1);
      expect((await store.read(stream)).revision, 'before its time').to.equal('deleted');
      await sweepAll(store, until);
      expect(await store.read(kept)).to.deep.equal({ events: [], revision: 'deleted', outcome: { status: 'completed', result: 1 } });
      expect(await store.read(forever)).to.deep.equal({ events: [], revision: 'deleted' });
      if (store.capabilities.sweepsTombstones === false) {
        expect(await store.read(stream), 'only the outcome is swept').to.deep.equal({ events: [], revision: 'deleted' });
        await expectCode(store.append(stream, [event('Again')], 'no-stream'), 'STREAM_DELETED');
        return;
      }
      expect(await store.read(stream)).to.deep.equal({ events: [], revision: 'no-stream' });
      expect(await store.append(stream, [event('Again')], 'no-stream')).to.equal(0);
    });

    it('sweeps in bounded batches: one sweep removes at most its limit', async () => {
      const streams = [freshName('stream'), freshName('stream'), freshName('stream')];
      const until = Date.now() - 120_000;
      for (const name of streams) {
        await store.append(name, [event('A')], 'no-stream');
        await store.delete(name, { outcome: { n: name }, until });
      }
      expect(await store.sweep(until, 2)).to.equal(2);
      await sweepAll(store, until);
      const gone = store.capabilities.sweepsTombstones === false ? { events: [], revision: 'deleted' } : { events: [], revision: 'no-stream' };
      for (const name of streams) expect(await store.read(name)).to.deep.equal(gone);
    });

    it('appendMany answers each entry as a single append would: a stale or deleted one fails alone', async function () {
      if (!store.appendMany) return this.skip(); // an optional method: the adapter does not batch
      const fresh = freshName('stream');
      const existing = freshName('stream');
      const stale = freshName('stream');
      const deleted = freshName('stream');
      await store.append(existing, [event('A')], 'no-stream');
      await store.append(stale, [event('A'), event('B')], 'no-stream');
      await store.append(deleted, [event('A')], 'no-stream');
      await store.delete(deleted);
      const outcomes = await store.appendMany([
        { stream: fresh, events: [event('X'), event('Y')], expected: 'no-stream' },
        { stream: existing, events: [event('B')], expected: 0 },
        { stream: stale, events: [event('C')], expected: 0 },
        { stream: deleted, events: [event('B')], expected: 0 },
      ]);
      expect(outcomes.map((o) => (o.ok ? o.revision : o.error.code))).to.deep.equal([1, 1, 'CONCURRENCY', 'STREAM_DELETED']);
      expect((await store.read(fresh)).events.map((e) => e.type)).to.deep.equal(['X', 'Y']);
      expect((await store.read(existing)).events.map((e) => e.type)).to.deep.equal(['A', 'B']);
      expect((await store.read(stale)).events.map((e) => e.type)).to.deep.equal(['A', 'B']);
    });

    describe('tag index', () => tagIndexCases(() => store));
    it('truncateBefore drops the events before a revision and keeps the revisions, where the store has it', async function () {
      if (!store.truncateBefore) return this.skip(); // an optional method: the store keeps earlier runs
      const stream = freshName('stream');
      const events = [event('WorkflowStarted'), event('TaskScheduled'), event('WorkflowContinuedAsNew'), event('WorkflowStarted'), event('TimerStarted')];
      await store.append(stream, events, 'no-stream');
      await store.truncateBefore(stream, 3);
      const read = await store.read(stream);
      expect(read.revision).to.equal(4);
      expect(read.events.map((e) => e.revision)).to.deep.equal([3, 4]);
      expect(read.events.map((e) => e.id)).to.deep.equal([events[3]!.id, events[4]!.id]);
      // Appends still expect the last revision, and number on from it.
      await expectCode(store.append(stream, [event('TimerFired')], 2), 'CONCURRENCY');
      expect(await store.append(stream, [event('TimerFired')], 4)).to.equal(5);
      await store.truncateBefore(stream, 1);
      expect((await store.read(stream)).events.map((e) => e.revision)).to.deep.equal([3, 4, 5]);
      await store.delete(stream);
      expect((await store.read(stream)).revision).to.equal('deleted');
    });

    it('reads back a long history in order', async () => {
      const stream = freshName('stream');
      let revision: number | 'no-stream' = 'no-stream';
      for (let batch = 0; batch < 10; batch++) {
        revision = await store.append(stream, Array.from({ length: 100 }, (_, i) => event('Step', { i: batch * 100 + i })), revision);
      }
      const read = await store.read(stream);
      expect(read.revision).to.equal(999);
      expect(read.events.map((e) => (e.data as { i: number }).i)).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    });
  });
}
