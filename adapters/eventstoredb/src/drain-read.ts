import type { ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import { withDeadline } from './with-deadline';

/**
 * Reads a started read to its end within `deadlineMs`, keeping the events. Always to the end: a read left
 * half-consumed keeps its gRPC call open and makes the client's `dispose()` wait for ever; on the deadline
 * the call is cancelled. The client's errors (`stream-not-found`, …) come out as thrown.
 */
export const drainRead = async (readable: StreamingRead<ResolvedEvent>, deadlineMs: number, what: string): Promise<Array<NonNullable<ResolvedEvent['event']>>> => {
  const found: Array<NonNullable<ResolvedEvent['event']>> = [];
  const drain = async (): Promise<void> => {
    for await (const resolved of readable) if (resolved.event) found.push(resolved.event);
  };
  await withDeadline(drain(), deadlineMs, what, () => {
    void readable.cancel();
    readable.destroy();
  });
  return found;
};
