import { rejection } from '@cadenza/conformance';
import { hasErrorCode, type HistoryStore, type NewEvent } from '@cadenza/core';
import { ANY, binaryEvent, EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createEventStoreDbHistoryStore } from '../src';
import { keptStreamOf } from '../src/kept-outcomes';
import { type EventStoreDbUnderTest, eventStoreDbUnderTest } from './support/eventstoredb-url';

const event = (type: string, data: unknown = { n: 1 }, metadata: unknown = { at: 1 }): NewEvent => ({ id: randomUUID(), type, data, metadata });
const stream = (): string => `wf-${randomUUID()}`;

describe('EventStoreDB history store', function () {
  this.timeout(20_000);
  let server: EventStoreDbUnderTest;
  let client: EventStoreDBClient;
  let store: HistoryStore;

  before(async () => {
    server = await eventStoreDbUnderTest();
    client = EventStoreDBClient.connectionString(server.connectionString);
    store = createEventStoreDbHistoryStore(client);
  });
  after(async () => {
    await store.close();
    await client.dispose();
    await server.stop();
  });

  it('writes one EventStoreDB stream per history, revisions from 0, JSON events with our ids', async () => {
    const s = stream();
    const written = [event('A'), event('B', { b: [1] })];
    expect(await store.append(s, written, 'no-stream')).to.equal(1);
    const raw = [];
    for await (const { event: e } of client.readStream(s)) raw.push([Number(e!.revision), e!.id, e!.type, e!.isJson, e!.data]);
    expect(raw).to.deep.equal([
      [0, written[0]!.id, 'A', true, { n: 1 }],
      [1, written[1]!.id, 'B', true, { b: [1] }],
    ]);
  });

  it('keeps any JSON value as data and metadata, falsy ones included', async () => {
    const s = stream();
    const values = [null, false, 0, '', 'text', 7.5, [], [null], { deep: { list: [true] } }];
    const written = values.map((v, i) => event(`V${i}`, v, v));
    await store.append(s, written, 'no-stream');
    const read = await store.read(s);
    expect(read.events.map((e) => e.data)).to.deep.equal(values);
    expect(read.events.map((e) => e.metadata)).to.deep.equal(values);
  });

  it('deletes with a tombstone: EventStoreDB itself refuses to recreate the stream', async () => {
    const s = stream();
    await store.append(s, [event('A')], 'no-stream');
    await store.delete(s);
    await store.delete(s);
    expect(await rejection(client.appendToStream(s, jsonEvent({ type: 'X', data: {} }), { expectedRevision: ANY }))).to.include({ type: 'stream-deleted' });
    expect(await store.read(s)).to.deep.equal({ events: [], revision: 'deleted' });
  });

  it('deletes a stream that never existed, and refuses to create it afterwards', async () => {
    const s = stream();
    await store.delete(s);
    expect(await store.read(s)).to.deep.equal({ events: [], revision: 'deleted' });
    expect(hasErrorCode(await rejection(store.append(s, [event('A')], 'no-stream')), 'STREAM_DELETED')).to.equal(true);
  });

  it('keeps an outcome in a companion stream, and two sweepers at once remove it once', async () => {
    const s = stream();
    await store.append(s, [event('A')], 'no-stream');
    await store.delete(s, { outcome: { status: 'completed', result: 'kept' }, until: 1_000 });
    const companion: unknown[] = [];
    for await (const resolved of client.readStream(keptStreamOf(s))) companion.push(resolved.event?.data);
    expect(companion).to.deep.equal([{ outcome: { status: 'completed', result: 'kept' } }]);
    const rival = createEventStoreDbHistoryStore(client);
    let removed = 0;
    for (let round = 0; round < 20 && (await store.read(s)).outcome !== undefined; round++) {
      const [a, b] = await Promise.all([store.sweep(1_000, 100), rival.sweep(1_000, 100)]);
      removed += a + b;
    }
    expect(await store.read(s)).to.deep.equal({ events: [], revision: 'deleted' });
    expect(removed, 'removed by either sweeper').to.equal(1);
    // A repeated delete after the sweep (a redelivered end) is still a success.
    await store.delete(s, { outcome: { status: 'completed', result: 'kept' }, until: 1_000 });
  });

  it('names expected and actual revisions in a ConcurrencyError', async () => {
    const s = stream();
    await store.append(s, [event('A'), event('B'), event('C')], 'no-stream');
    expect(await rejection(store.append(s, [event('D')], 0))).to.include({ code: 'CONCURRENCY', stream: s, expected: 0, actual: 2 });
    expect(await rejection(store.append(stream(), [event('D')], 4))).to.include({ code: 'CONCURRENCY', expected: 4, actual: 'no-stream' });
  });

  it('reads a stream soft-deleted by another tool as no-stream', async () => {
    const s = stream();
    await store.append(s, [event('A')], 'no-stream');
    await client.deleteStream(s);
    expect(await store.read(s)).to.deep.equal({ events: [], revision: 'no-stream' });
  });

  it('reports an event whose data is not JSON as corrupt history naming the stream and revision', async () => {
    const s = stream();
    await client.appendToStream(s, jsonEvent({ type: 'Fine', data: { ok: true } }), { expectedRevision: NO_STREAM });
    await client.appendToStream(s, binaryEvent({ type: 'Odd', data: Uint8Array.from([0xff, 0x00, 0x7b]) }), { expectedRevision: 0n });
    expect(await rejection(store.read(s))).to.include({ code: 'CORRUPT_HISTORY', stream: s, revision: 1 });
  });

  it('answers an exact repeat of a successful append with success, writing nothing (EventStoreDB idempotence)', async () => {
    const s = stream();
    const batch = [event('A'), event('B')];
    expect(await store.append(s, batch, 'no-stream')).to.equal(1);
    expect(await store.append(s, batch, 'no-stream')).to.equal(1);
    expect((await store.read(s)).events).to.have.length(2);
  });

  it('shares a client the caller built and leaves it open on close', async () => {
    const shared = createEventStoreDbHistoryStore(client);
    const s = stream();
    await shared.append(s, [event('A')], 'no-stream');
    await shared.close();
    expect(hasErrorCode(await rejection(shared.read(s)), 'CLOSED')).to.equal(true);
    expect((await store.read(s)).revision).to.equal(0);
  });

  it('refuses an append over the server maximum size as PayloadTooLargeError', async () => {
    const error = await rejection(store.append(stream(), [event('Big', { blob: 'x'.repeat(1_200_000) })], 'no-stream'));
    expect(hasErrorCode(error, 'PAYLOAD_TOO_LARGE'), String(error)).to.equal(true);
  });
});
