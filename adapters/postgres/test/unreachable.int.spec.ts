import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createPostgresHistoryStore } from '../src';
import { postgresUrl, requirePostgres } from './support/postgres-url';

const failure = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
};

describe('PostgreSQL history store when the database cannot be used', function () {
  // Bounded by connectTimeoutMs below; mocha's timeout is only the backstop.
  this.timeout(15_000);

  it('fails with a retriable TransportError naming the address when nothing listens', async () => {
    const store = createPostgresHistoryStore({ type: 'postgres', connectionString: 'postgres://postgres:secret@127.0.0.1:1/test', connectTimeoutMs: 1_000 });
    try {
      const error = await failure(store.read(`wf-${randomUUID()}`));
      expect(error).to.include({ code: 'TRANSPORT', retriable: true });
      expect(error.message).to.contain('127.0.0.1:1/test').and.not.contain('secret');
    } finally {
      await store.close();
    }
  });

  it('fails within the connect timeout, as TimeoutError or TransportError, on an address that never answers', async () => {
    // 10.255.255.1 is unroutable: depending on the network it hangs (timeout) or is refused at once.
    const store = createPostgresHistoryStore({ type: 'postgres', connectionString: 'postgres://postgres@10.255.255.1:5432/test', connectTimeoutMs: 300 });
    try {
      const error = await failure(store.append(`wf-${randomUUID()}`, [{ id: randomUUID(), type: 'A', data: null, metadata: null }], 'no-stream'));
      expect(hasErrorCode(error, 'TIMEOUT') || hasErrorCode(error, 'TRANSPORT'), String(error)).to.equal(true);
    } finally {
      await store.close();
    }
  });

  it('names the connection string in a ConfigError when the database does not exist', async () => {
    const admin = await requirePostgres();
    await admin.end();
    const missing = postgresUrl.replace(/\/[^/?]+(\?|$)/, `/no_such_db_${process.pid}$1`);
    const store = createPostgresHistoryStore({ type: 'postgres', connectionString: missing });
    try {
      const error = await failure(store.ready());
      expect(error).to.include({ code: 'CONFIG', path: 'history.connectionString' });
    } finally {
      await store.close();
    }
  });

  it('tries again on the next call after a failed start instead of remembering the failure', async () => {
    const store = createPostgresHistoryStore({ type: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 500 });
    await failure(store.ready());
    expect(hasErrorCode(await failure(store.ready()), 'TRANSPORT')).to.equal(true);
    await store.close();
  });
});
