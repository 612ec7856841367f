import { ANY, type EventStoreDBClient } from '@eventstore/db-client';
import { type EsdbCall, translateEsdbError } from './translate-esdb-error';
import { withDeadline } from './with-deadline';

/**
 * Tombstones the stream (EventStoreDB's hard delete). The port wants a deleted stream to refuse appends
 * for ever, which is what a tombstone does; a soft delete would let the next append recreate it. A stream
 * already tombstoned is already deleted: that is success.
 */
export const deleteStream = async (client: EventStoreDBClient, stream: string, call: Omit<EsdbCall, 'operation' | 'stream'>): Promise<void> => {
  try {
    const deleting = client.tombstoneStream(stream, { expectedRevision: ANY, deadline: call.deadlineMs });
    await withDeadline(deleting, call.deadlineMs, `delete of stream ${stream} on EventStoreDB at ${call.target}`);
  } catch (error) {
    if ((error as { type?: unknown }).type === 'stream-deleted') return;
    throw translateEsdbError(error, { ...call, operation: 'delete', stream });
  }
};
