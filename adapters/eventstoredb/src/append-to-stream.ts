import { type ExpectedRevision, InvalidArgumentsError, type NewEvent, type Revision } from '@cadenza/core';
import { type EventData, type EventStoreDBClient, type JSONType, NO_STREAM } from '@eventstore/db-client';
import { type EsdbCall, translateEsdbError } from './translate-esdb-error';
import { withDeadline } from './with-deadline';

const encoder = new TextEncoder();

/**
 * One `appendToStream` with the expected revision mapped 1:1 (`'no-stream'` → `NO_STREAM`). Metadata goes
 * as JSON bytes rather than an object, because the client drops falsy metadata (`null`, `false`, `0`)
 * and would read it back as absent.
 */
export const appendToStream = async (
  client: EventStoreDBClient,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  call: Omit<EsdbCall, 'operation' | 'stream' | 'expected'>,
): Promise<Revision> => {
  if (events.length === 0) throw new InvalidArgumentsError(`append to ${stream}`, ['events: expected at least one event']);
  const data = events.map(toEventData);
  try {
    const appending = client.appendToStream(stream, data, {
      expectedRevision: expected === 'no-stream' ? NO_STREAM : BigInt(expected),
      deadline: call.deadlineMs,
    });
    // A timed-out append may still land: the caller reloads, as after any ConcurrencyError.
    const result = await withDeadline(appending, call.deadlineMs, `append to stream ${stream} on EventStoreDB at ${call.target}`);
    return Number(result.nextExpectedRevision);
  } catch (error) {
    const bytes = data.reduce((sum, e) => sum + JSON.stringify(e.data).length + (e.metadata as Uint8Array).length + e.type.length, 0);
    throw translateEsdbError(error, { ...call, operation: 'append', stream, expected, bytes });
  }
};

const toEventData = (e: NewEvent): EventData => ({
  id: e.id,
  contentType: 'application/json',
  type: e.type,
  // Any JSON value is sent as JSON text; the client's type only lists objects, arrays and strings.
  data: (e.data === undefined ? null : e.data) as JSONType,
  metadata: encoder.encode(JSON.stringify(e.metadata ?? null)),
});
