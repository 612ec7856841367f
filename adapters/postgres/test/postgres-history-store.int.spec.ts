import { rejection } from '@cadenza/conformance';
import { hasErrorCode, type HistoryStore, type NewEvent } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createPostgresHistoryStore, type PostgresHistoryStore } from '../src';
import { dropSchema, freshSchema, postgresUrl, requirePostgres } from './support/postgres-url';

const event = (type: string, data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata: { at: 1 } });
const stream = (): string => `wf-${randomUUID()}`;

describe('PostgreSQL history store', function () {
  this.timeout(30_000);
  const schema = freshSchema();
  let admin: Pool;
  let store: PostgresHistoryStore;
  const opened: HistoryStore[] = [];
  const open = (): PostgresHistoryStore => {
    const s = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 });
    opened.push(s);
    return s;
  };

  before(async () => {
    admin = await requirePostgres();
    store = open();
  });
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('creates its tables once even when many stores start together', async () => {
    const racing = Array.from({ length: 8 }, () => open());
    await Promise.all(racing.map((s) => s.ready()));
    const tables = await admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    );
    expect(tables.rows.map((r) => r.table_name)).to.deep.equal(['cadenza_events', 'cadenza_migrations', 'cadenza_tags', 'cadenza_tombstones']);
  });

  it('upgrades tables made before outcomes were kept: the tombstones gain outcome and keep_until, indexed', async () => {
    const old = freshSchema();
    try {
      // The schema as the first release left it: step 0 applied, tombstones without the outcome columns.
      await admin.query(`CREATE SCHEMA "${old}"; CREATE TABLE "${old}".cadenza_migrations (step integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE "${old}".cadenza_events (position bigserial PRIMARY KEY, stream text NOT NULL, revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL,
          data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, revision));
        CREATE TABLE "${old}".cadenza_tombstones (stream text PRIMARY KEY, last_revision bigint, deleted_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO "${old}".cadenza_migrations (step) VALUES (0); INSERT INTO "${old}".cadenza_tombstones (stream, last_revision) VALUES ('ended-before', 3);`);
      const upgraded = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema: old, poolSize: 2 });
      opened.push(upgraded);
      expect(await upgraded.read('ended-before')).to.deep.equal({ events: [], revision: 'deleted' });
      const name = stream();
      await upgraded.append(name, [event('A')], 'no-stream');
      await upgraded.delete(name, { outcome: { status: 'completed', result: 2 }, until: 5 });
      expect(await upgraded.read(name)).to.deep.equal({ events: [], revision: 'deleted', outcome: { status: 'completed', result: 2 } });
      const index = await admin.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [old, 'cadenza_tombstones']);
      expect(index.rows.some((r) => r.indexdef.includes('(keep_until)'))).to.equal(true);
      expect(await upgraded.sweep(5)).to.equal(1);
      expect(await upgraded.read(name)).to.deep.equal({ events: [], revision: 'no-stream' });
      expect(await upgraded.read('ended-before')).to.deep.equal({ events: [], revision: 'deleted' });
    } finally {
      await dropSchema(admin, old);
    }
  });

  it('sweeps a stream deleted twice, its sentinel too, so it may be written from revision 0 again', async () => {
    const name = stream();
    await store.append(name, [event('A'), event('B')], 'no-stream');
    await store.delete(name, { outcome: 'first', until: 10 });
    await store.delete(name, { outcome: 'second', until: 20 });
    expect((await store.read(name)).outcome, 'the first delete keeps its outcome').to.equal('first');
    expect(await store.sweep(10)).to.equal(1);
    expect((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".cadenza_events WHERE stream = $1`, [name])).rows[0].n).to.equal(0);
    expect(await store.append(name, [event('Again')], 'no-stream')).to.equal(0);
  });

  it('lets exactly one of two stores (separate pools) win each of many contested revisions', async () => {
    const a = open();
    const b = open();
    const s = stream();
    let revision = await a.append(s, [event('Start')], 'no-stream');
    for (let round = 0; round < 20; round++) {
      const results = await Promise.allSettled([
        a.append(s, [event(`A${round}`), event(`A${round}`)], revision),
        b.append(s, [event(`B${round}`), event(`B${round}`)], revision),
      ]);
      const won = results.filter((r): r is PromiseFulfilledResult<number> => r.status === 'fulfilled');
      expect(won, `round ${round}`).to.have.length(1);
      const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(lost.reason).to.include({ code: 'CONCURRENCY', stream: s, expected: revision, actual: revision + 2 });
      revision = won[0]!.value;
    }
    const read = await a.read(s);
    expect(read.revision).to.equal(40);
    for (let r = 1; r < 41; r += 2) expect(read.events[r]!.type).to.equal(read.events[r + 1]!.type);
  });

  it('stores one row per event with its global position, id, type and JSON', async () => {
    const s = stream();
    const written = [event('A', { x: [1, 2] }), event('B', 'text')];
    await store.append(s, written, 'no-stream');
    const rows = await admin.query(
      `SELECT position, revision, event_id, type, data, metadata, recorded_at FROM "${schema}".cadenza_events WHERE stream = $1 ORDER BY revision`,
      [s],
    );
    expect(rows.rows.map((r) => [r.revision, r.event_id, r.type, r.data])).to.deep.equal([
      ['0', written[0]!.id, 'A', { x: [1, 2] }],
      ['1', written[1]!.id, 'B', 'text'],
    ]);
    expect(Number(rows.rows[1].position)).to.be.greaterThan(Number(rows.rows[0].position));
  });

  it('keeps a tombstone with the last revision, also for a stream that never existed', async () => {
    const s = stream();
    await store.append(s, [event('A'), event('B')], 'no-stream');
    await store.delete(s);
    await store.delete(s);
    const never = stream();
    await store.delete(never);
    expect(await store.read(never)).to.deep.equal({ events: [], revision: 'deleted' });
    const rows = await admin.query(`SELECT stream, last_revision FROM "${schema}".cadenza_tombstones WHERE stream = ANY($1) ORDER BY last_revision`, [[s, never]]);
    expect(rows.rows.map((r) => [r.stream, r.last_revision])).to.deep.equal([[s, '1'], [never, null]]);
    const left = await admin.query(`SELECT revision, type FROM "${schema}".cadenza_events WHERE stream = $1`, [s]);
    expect(left.rows, 'only the sentinel is left').to.deep.equal([{ revision: '2', type: '$tombstone' }]);
  });

  it('never leaves an event behind when an append races a delete of its stream', async () => {
    const a = open();
    const b = open();
    for (let round = 0; round < 30; round++) {
      const s = stream();
      await a.append(s, [event('Start')], 'no-stream');
      const [appended, deleted] = await Promise.allSettled([a.append(s, [event('Late'), event('Late')], 0), b.delete(s)]);
      expect(deleted.status, `round ${round}: delete`).to.equal('fulfilled');
      if (appended.status === 'rejected') {
        expect(hasErrorCode(appended.reason, 'STREAM_DELETED'), `round ${round}: ${String(appended.reason)}`).to.equal(true);
      }
      expect(await a.read(s)).to.deep.equal({ events: [], revision: 'deleted' });
      const left = await admin.query(`SELECT type FROM "${schema}".cadenza_events WHERE stream = $1`, [s]);
      expect(left.rows.map((r) => r.type), `round ${round}`).to.deep.equal(['$tombstone']);
    }
  });

  it('reports a gap in a stream as corrupt history naming the stream and revision', async () => {
    const s = stream();
    await store.append(s, [event('A'), event('B'), event('C')], 'no-stream');
    await admin.query(`DELETE FROM "${schema}".cadenza_events WHERE stream = $1 AND revision = 1`, [s]);
    const error = await rejection(store.read(s));
    expect(error).to.include({ code: 'CORRUPT_HISTORY', stream: s, revision: 2 });
    expect(error.message).to.contain(s);
  });

  it('reports a row that is not JSON as corrupt history naming the stream and revision', async () => {
    // A schema whose data column was changed by hand: the adapter must not trust the column type.
    const odd = freshSchema();
    const oddStore = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema: odd, poolSize: 1 });
    try {
      await oddStore.ready();
      await admin.query(`ALTER TABLE "${odd}".cadenza_events ALTER COLUMN data TYPE text`);
      const s = stream();
      await admin.query(
        `INSERT INTO "${odd}".cadenza_events (stream, revision, event_id, type, data, metadata) VALUES ($1, 0, $2, 'A', '{"ok":1}', 'null'), ($1, 1, $3, 'B', 'not json', 'null')`,
        [s, randomUUID(), randomUUID()],
      );
      const error = await rejection(oddStore.read(s));
      expect(error).to.include({ code: 'CORRUPT_HISTORY', stream: s, revision: 1 });
      expect(error.message).to.match(/data is not JSON/);
    } finally {
      await oddStore.close();
      await dropSchema(admin, odd);
    }
  });

  it('refuses an event id already stored in another stream, and writes nothing', async () => {
    const shared = event('A');
    await store.append(stream(), [shared], 'no-stream');
    const s = stream();
    const error = await rejection(store.append(s, [event('X'), shared], 'no-stream'));
    expect(hasErrorCode(error, 'INVALID_ARGUMENTS'), String(error)).to.equal(true);
    expect(await store.read(s)).to.deep.equal({ events: [], revision: 'no-stream' });
  });

  it('refuses a string PostgreSQL jsonb cannot hold (\\u0000) with a clear error', async () => {
    const error = await rejection(store.append(stream(), [event('A', { text: 'a\u0000b' })], 'no-stream'));
    expect(hasErrorCode(error, 'INVALID_ARGUMENTS'), String(error)).to.equal(true);
    expect(error.message).to.match(/\\u0000|Unicode/);
  });

  it('fails a statement that waits past queryTimeoutMs with TimeoutError, and works again afterwards', async () => {
    const slow = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 1, queryTimeoutMs: 200 });
    opened.push(slow);
    const s = stream();
    await slow.append(s, [event('A')], 'no-stream');
    const holder = await admin.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE "${schema}".cadenza_tombstones IN ACCESS EXCLUSIVE MODE`);
      expect(await rejection(slow.read(s))).to.include({ code: 'TIMEOUT', timeoutMs: 200 });
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
    expect((await slow.read(s)).revision).to.equal(0);
  });

  it('refuses an empty append', async () => {
    const error = await rejection(store.append(stream(), [], 'no-stream'));
    expect(hasErrorCode(error, 'INVALID_ARGUMENTS'), String(error)).to.equal(true);
  });

  it('shares a pool the caller built and leaves it open on close', async () => {
    const pool = new Pool({ connectionString: postgresUrl, max: 2 });
    try {
      const shared = createPostgresHistoryStore(pool, { schema });
      const s = stream();
      await shared.append(s, [event('A')], 'no-stream');
      await shared.close();
      const rows = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".cadenza_events WHERE stream = $1`, [s]);
      expect(rows.rows[0].n).to.equal(1);
      expect(hasErrorCode(await rejection(shared.read(s)), 'CLOSED')).to.equal(true);
    } finally {
      await pool.end();
    }
  });

  it('keeps two table prefixes in one schema apart', async () => {
    const other = createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, tablePrefix: 'other_', poolSize: 1 });
    opened.push(other);
    const s = stream();
    await store.append(s, [event('A')], 'no-stream');
    expect(await other.read(s)).to.deep.equal({ events: [], revision: 'no-stream' });
    await other.append(s, [event('B'), event('C')], 'no-stream');
    expect((await store.read(s)).revision).to.equal(0);
    expect((await other.read(s)).revision).to.equal(1);
  });
});
