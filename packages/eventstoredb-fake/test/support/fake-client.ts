import { EventStoreDBClient, jsonEvent, type JSONEventType, START } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { type FakeEventStoreDb, type FakeEventStoreDbOptions, startFakeEventStoreDb } from '../../src';

/** Both ways the client appends: over BatchAppend (servers from 21.10) and over plain Append (older ones). */
export const appendPaths: ReadonlyArray<{ readonly name: string; readonly options: FakeEventStoreDbOptions }> = [
  { name: 'BatchAppend', options: { advertiseBatchAppend: true } },
  { name: 'Append', options: { advertiseBatchAppend: false } },
];

export interface FakeAndClient {
  fake: FakeEventStoreDb;
  client: EventStoreDBClient;
}

/** Starts a fake before the suite and connects the real client to it; both are closed after. */
export const useFake = (options: FakeEventStoreDbOptions = {}): FakeAndClient => {
  const ctx = {} as FakeAndClient;
  before(async () => {
    ctx.fake = await startFakeEventStoreDb(options);
    ctx.client = EventStoreDBClient.connectionString(ctx.fake.connectionString);
  });
  after(async () => {
    await ctx.client?.dispose();
    await ctx.fake?.stop();
  });
  return ctx;
};

export const freshStream = (): string => `stream-${randomUUID()}`;

export const events = (n: number, type = 'Tested') =>
  Array.from({ length: n }, (_, i) => jsonEvent<JSONEventType>({ type, data: { i }, metadata: { n: i } }));

/** The stream's events as `[revision, id]` pairs, read forwards from the start. */
export const readAll = async (client: EventStoreDBClient, stream: string): Promise<Array<[number, string]>> => {
  const out: Array<[number, string]> = [];
  for await (const resolved of client.readStream(stream, { fromRevision: START })) {
    out.push([Number(resolved.event!.revision), resolved.event!.id]);
  }
  return out;
};

/** The rejection of `promise`, whose kind is checked by the client's `type` tag (e.g. `wrong-expected-version`). */
export const rejection = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection, but it resolved');
};
