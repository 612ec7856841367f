export * from './fake-eventstoredb';
export type { ExpectedState, ProposedEvent, ReadOutcome, StoredRecord, WriteOutcome } from './stream-log';
export { StreamLog } from './stream-log';
