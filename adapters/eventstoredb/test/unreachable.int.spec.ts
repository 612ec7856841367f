import { hasErrorCode } from '@cadenza/core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { createEventStoreDbHistoryStore } from '../src';

const failure = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
};

describe('EventStoreDB history store when the server cannot be used', function () {
  this.timeout(15_000);

  it('fails with a retriable TransportError naming the address when nothing listens', async () => {
    const store = createEventStoreDbHistoryStore({ type: 'eventstoredb', connectionString: 'esdb://127.0.0.1:1?tls=false', deadlineMs: 2_000 });
    try {
      const error = await failure(store.append(`wf-${randomUUID()}`, [{ id: randomUUID(), type: 'A', data: {}, metadata: {} }], 'no-stream'));
      expect(error).to.include({ code: 'TRANSPORT', retriable: true });
      expect(error.message).to.contain('127.0.0.1:1');
    } finally {
      await store.close();
    }
  });

  it('fails within the deadline when a server accepts the connection but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const store = createEventStoreDbHistoryStore({ type: 'eventstoredb', connectionString: `esdb://127.0.0.1:${port}?tls=false`, deadlineMs: 300 });
    try {
      const error = await failure(store.read(`wf-${randomUUID()}`));
      expect(hasErrorCode(error, 'TIMEOUT') || hasErrorCode(error, 'TRANSPORT'), String(error)).to.equal(true);
    } finally {
      await store.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
