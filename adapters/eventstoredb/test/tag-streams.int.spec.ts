import type { HistoryStore, NewEvent } from '@cadenza/core';
import { ANY, EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { createEventStoreDbHistoryStore } from '../src';
import { addTags, tagStreamOf } from '../src/tag-streams';
import { type EventStoreDbUnderTest, eventStoreDbUnderTest } from './support/eventstoredb-url';

const event = (type: string): NewEvent => ({ id: randomUUID(), type, data: { n: 1 }, metadata: { at: 1 } });
const call = { deadlineMs: 5_000, target: 'the fake' };

describe('EventStoreDB tag index', function () {
  this.timeout(20_000);
  let server: EventStoreDbUnderTest;
  let client: EventStoreDBClient;
  let store: HistoryStore;
  let scope: string;

  before(async () => {
    server = await eventStoreDbUnderTest();
    client = EventStoreDBClient.connectionString(server.connectionString);
    store = createEventStoreDbHistoryStore(client);
  });
  beforeEach(() => {
    scope = `scope-${randomUUID()}`;
  });
  after(async () => {
    await store.close();
    await client.dispose();
    await server.stop();
  });

  it('writes the entry to a stream per scope and tag, naming the stream and its first event', async () => {
    const first = event('WorkflowStarted');
    await store.append(`${scope}-a`, [first], 'no-stream', { index: { scope, id: 'a', tags: ['t'] } });
    const raw = [];
    for await (const { event: e } of client.readStream(tagStreamOf(scope, 't'))) raw.push([e!.type, e!.data]);
    expect(raw).to.deep.equal([['TagAdded', { id: 'a', stream: `${scope}-a`, first: first.id }]]);
  });

  it('does not list an entry whose first append never happened (a crash after the entry was written)', async () => {
    await addTags(client, `${scope}-crashed`, { scope, id: 'crashed', tags: ['t'] }, randomUUID(), call);
    await store.append(`${scope}-live`, [event('WorkflowStarted')], 'no-stream', { index: { scope, id: 'live', tags: ['t'] } });
    expect(await store.tagIds!(scope, 't')).to.deep.equal({ ids: ['live'] });
  });

  it('does not list a stream tombstoned before its entry was removed (a crash inside delete)', async () => {
    await store.append(`${scope}-ended`, [event('WorkflowStarted')], 'no-stream', { index: { scope, id: 'ended', tags: ['t'] } });
    await client.tombstoneStream(`${scope}-ended`, { expectedRevision: ANY });
    expect(await store.tagIds!(scope, 't')).to.deep.equal({ ids: [] });
  });

  it('lists a stream a repeated first append (same ids, after a lost answer) started once', async () => {
    const events = [event('WorkflowStarted')];
    const index = { scope, id: 'again', tags: ['t'] };
    await store.append(`${scope}-again`, events, 'no-stream', { index });
    await store.append(`${scope}-again`, events, 'no-stream', { index });
    expect(await store.tagIds!(scope, 't')).to.deep.equal({ ids: ['again'] });
  });
});
