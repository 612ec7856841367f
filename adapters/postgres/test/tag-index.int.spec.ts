import { type NewEvent } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createPostgresHistoryStore, type PostgresHistoryStore } from '../src';
import { dropSchema, freshSchema, postgresUrl, requirePostgres } from './support/postgres-url';

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { n: 1 }, metadata: { at: 1 } });

describe('PostgreSQL tag index', function () {
  this.timeout(30_000);
  const schema = freshSchema();
  let admin: Pool;
  let stores: PostgresHistoryStore[];

  before(async () => {
    admin = await requirePostgres();
    stores = [0, 1].map(() => createPostgresHistoryStore({ type: 'postgres', connectionString: postgresUrl, schema, poolSize: 4 }));
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(admin, schema);
    await admin.end();
  });

  const rows = async (stream: string): Promise<string[]> =>
    (await admin.query<{ id: string; tag: string }>(`SELECT id, tag FROM "${schema}".cadenza_tags WHERE stream = $1 ORDER BY id, tag`, [stream])).rows.map((r) => `${r.id}/${r.tag}`);

  it('keeps only the winner’s index rows when first appends race: the loser’s statement rolls back whole', async () => {
    for (let round = 0; round < 10; round++) {
      const stream = `race-${randomUUID()}`;
      const racers = Array.from({ length: 6 }, (_, i) =>
        stores[i % 2]!.append(stream, [event('WorkflowStarted')], 'no-stream', { index: { scope: stream, id: `racer-${i}`, tags: ['t', `own-${i}`] } }));
      const outcomes = await Promise.allSettled(racers);
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(won, `round ${round}`).to.have.length(1);
      expect(await rows(stream)).to.deep.equal([`racer-${won[0]}/own-${won[0]}`, `racer-${won[0]}/t`]);
    }
  });

  it('leaves no index row when a first append races the delete of its stream', async () => {
    for (let round = 0; round < 10; round++) {
      const stream = `deleted-${randomUUID()}`;
      await Promise.allSettled([
        stores[0]!.append(stream, [event('WorkflowStarted')], 'no-stream', { index: { scope: 's', id: stream, tags: ['t'] } }),
        stores[1]!.delete(stream),
      ]);
      expect((await stores[0]!.read(stream)).revision).to.equal('deleted');
      expect(await rows(stream), `round ${round}`).to.deep.equal([]);
    }
  });
});
