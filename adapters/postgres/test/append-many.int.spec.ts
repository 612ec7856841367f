import { type NewEvent } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { type AppendOutcome, createPostgresHistoryStore, type PostgresHistoryStore } from '../src';
import { dropSchema, freshSchema, postgresUrl, requirePostgres } from './support/postgres-url';

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { t: type }, metadata: null });
const stream = (): string => `wf-${randomUUID()}`;
const revisions = (outcomes: AppendOutcome[]) => outcomes.map((o) => (o.ok ? o.revision : o.error.code));

describe('PostgreSQL history store appendMany', function () {
  this.timeout(30_000);
  const schema = freshSchema();
  let admin: Pool;
  let store: PostgresHistoryStore;
  let rival: PostgresHistoryStore;

  before(async () => {
    admin = await requirePostgres();
    store = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 });
    rival = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 });
  });
  after(async () => {
    await store.close();
    await rival.close();
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('appends to 64 streams in one call, each numbered from its own revision', async () => {
    const names = Array.from({ length: 64 }, stream);
    const first = await store.appendMany(names.map((s, i) => ({ stream: s, events: Array.from({ length: (i % 3) + 1 }, () => event('A')), expected: 'no-stream' as const })));
    expect(revisions(first)).to.deep.equal(names.map((_, i) => i % 3));
    const second = await store.appendMany(names.map((s, i) => ({ stream: s, events: [event('B')], expected: i % 3 })));
    expect(revisions(second)).to.deep.equal(names.map((_, i) => (i % 3) + 1));
    const read = await store.read(names[5]!);
    expect(read.events.map((e) => [e.revision, e.type])).to.deep.equal([[0, 'A'], [1, 'A'], [2, 'A'], [3, 'B']]);
  });

  it('fails only the stale and the deleted entries, which write nothing', async () => {
    const [fresh, stale, deleted] = [stream(), stream(), stream()];
    await store.append(stale, [event('A'), event('B')], 'no-stream');
    await store.append(deleted, [event('A')], 'no-stream');
    await store.delete(deleted);
    const outcomes = await store.appendMany([
      { stream: fresh, events: [event('X')], expected: 'no-stream' },
      { stream: stale, events: [event('X')], expected: 0 },
      { stream: deleted, events: [event('X')], expected: 0 },
    ]);
    expect(revisions(outcomes)).to.deep.equal([0, 'CONCURRENCY', 'STREAM_DELETED']);
    expect(outcomes[1]).to.have.nested.include({ 'error.expected': 0, 'error.actual': 1 });
    expect((await store.read(stale)).events.map((e) => e.type)).to.deep.equal(['A', 'B']);
    expect((await store.read(fresh)).revision).to.equal(0);
  });

  it('answers a stream named twice as two appends in order would', async () => {
    const s = stream();
    const outcomes = await store.appendMany([
      { stream: s, events: [event('A')], expected: 'no-stream' },
      { stream: s, events: [event('B')], expected: 0 },
      { stream: s, events: [event('C')], expected: 0 },
    ]);
    expect(revisions(outcomes)).to.deep.equal([0, 1, 'CONCURRENCY']);
  });

  it('lets exactly one of two racing batches win a contested stream; the other entries all land', async () => {
    for (let round = 0; round < 10; round++) {
      const contested = stream();
      await store.append(contested, [event('Start')], 'no-stream');
      const mine = Array.from({ length: 8 }, stream);
      const theirs = Array.from({ length: 8 }, stream);
      const [a, b] = await Promise.all([
        store.appendMany([{ stream: contested, events: [event('Mine')], expected: 0 }, ...mine.map((s) => ({ stream: s, events: [event('M')], expected: 'no-stream' as const }))]),
        rival.appendMany([{ stream: contested, events: [event('Theirs')], expected: 0 }, ...theirs.map((s) => ({ stream: s, events: [event('T')], expected: 'no-stream' as const }))]),
      ]);
      expect([a[0]!.ok, b[0]!.ok].filter(Boolean), `round ${round}`).to.have.length(1);
      const loser = a[0]!.ok ? b[0]! : a[0]!;
      expect(loser.ok ? undefined : loser.error.code).to.equal('CONCURRENCY');
      expect([...a.slice(1), ...b.slice(1)].every((o) => o.ok && o.revision === 0), `round ${round}`).to.equal(true);
      expect((await store.read(contested)).revision).to.equal(1);
    }
  });

  it('answers an empty entry like append does, without failing the others', async () => {
    const s = stream();
    const outcomes = await store.appendMany([
      { stream: s, events: [event('A')], expected: 'no-stream' },
      { stream: stream(), events: [], expected: 'no-stream' },
    ]);
    expect(revisions(outcomes)).to.deep.equal([0, 'INVALID_ARGUMENTS']);
  });
});
