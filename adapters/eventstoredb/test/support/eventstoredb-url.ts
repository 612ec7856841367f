import { startFakeEventStoreDb } from '@cadenza/eventstoredb-fake';

/**
 * The EventStoreDB the integration tests use: a real server when `EVENTSTOREDB_URL` is set
 * (e.g. `esdb://127.0.0.1:2113?tls=false`), otherwise the in-process fake from @cadenza/eventstoredb-fake.
 */
export interface EventStoreDbUnderTest {
  readonly connectionString: string;
  readonly description: string;
  stop(): Promise<void>;
}

export const eventStoreDbUnderTest = async (): Promise<EventStoreDbUnderTest> => {
  const url = process.env.EVENTSTOREDB_URL;
  if (url) return { connectionString: url, description: `EventStoreDB at ${url}`, stop: async () => undefined };
  const fake = await startFakeEventStoreDb();
  return { connectionString: fake.connectionString, description: 'in-process EventStoreDB fake', stop: () => fake.stop() };
};
