import type { ServerDuplexStream } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { expectedAsNumber, expectedFromBatchOptions } from './expected-state';
import { fromProposed, sizeOf } from './proposed-event';
import { rpcStatus, shared, streams } from './proto';
import type { ExpectedState, ProposedEvent, StreamLog } from './stream-log';
import { fromWireUuid } from './uuid';

interface PendingWrite {
  readonly stream: string;
  readonly expected: ExpectedState;
  readonly events: ProposedEvent[];
  size: number;
}

// google.rpc.Code values used by the server for these answers.
const FAILED_PRECONDITION = 9;
const INVALID_ARGUMENT = 3;

/**
 * `Streams.BatchAppend`: one long-lived duplex stream per client; each write is a correlation id, options
 * in its first message, events over one or more messages, and `is_final` on the last. Every write gets
 * one answer on the same stream; failures are a `google.rpc.Status` whose details name the reason.
 */
export const handleBatchAppend =
  (log: StreamLog, maxAppendSize: number) =>
  (call: ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>): void => {
    const pending = new Map<string, PendingWrite>();
    call.on('data', (req: streams.BatchAppendReq) => {
      const correlation = req.getCorrelationId();
      const key = fromWireUuid(correlation);
      if (req.hasOptions()) {
        const o = req.getOptions()!;
        const stream = Buffer.from(o.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
        pending.set(key, { stream, expected: expectedFromBatchOptions(o), events: [], size: 0 });
      }
      const write = pending.get(key);
      if (!write) return; // an earlier message of this write already failed
      for (const message of req.getProposedMessagesList()) {
        const event = fromProposed(message);
        if (!event) {
          pending.delete(key);
          return call.write(answer(correlation, write.stream).setError(status(INVALID_ARGUMENT, 'Required metadata property type or content-type is missing')));
        }
        write.size += sizeOf(event);
        write.events.push(event);
      }
      if (write.size > maxAppendSize) {
        pending.delete(key);
        const details = new shared.MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
        return call.write(
          answer(correlation, write.stream).setError(
            status(INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, details, 'event_store.client.MaximumAppendSizeExceeded'),
          ),
        );
      }
      if (!req.getIsFinal()) return;
      pending.delete(key);
      call.write(complete(log, correlation, write));
    });
    call.on('error', () => undefined); // the client went away: nothing to answer
    call.on('end', () => call.end());
  };

const complete = (log: StreamLog, correlation: shared.UUID | undefined, write: PendingWrite): streams.BatchAppendResp => {
  const resp = answer(correlation, write.stream);
  const outcome = log.write(write.stream, write.expected, write.events);
  if (outcome.result === 'stream-deleted') {
    const details = new shared.StreamDeleted().setStreamIdentifier(identifier(write.stream));
    return resp.setError(status(FAILED_PRECONDITION, `Event stream '${write.stream}' is deleted.`, details, 'event_store.client.StreamDeleted'));
  }
  if (outcome.result === 'wrong-expected-version') {
    const details = new shared.WrongExpectedVersion();
    if (outcome.currentRevision < 0n) details.setCurrentNoStream(new Empty());
    else details.setCurrentStreamRevision(outcome.currentRevision.toString());
    const e = write.expected;
    if (e.kind === 'any') details.setExpectedAny(new Empty());
    else if (e.kind === 'no-stream') details.setExpectedNoStream(new Empty());
    else if (e.kind === 'stream-exists') details.setExpectedStreamExists(new Empty());
    else details.setExpectedStreamPosition(e.revision.toString());
    const message = `WrongExpectedVersion. Stream: ${write.stream}, Expected version: ${expectedAsNumber(e)}, Actual version: ${outcome.currentRevision}`;
    return resp.setError(status(FAILED_PRECONDITION, message, details, 'event_store.client.WrongExpectedVersion'));
  }
  const success = new streams.BatchAppendResp.Success();
  if (outcome.lastRevision < 0n) success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.lastRevision.toString());
  const position = outcome.position.toString();
  success.setPosition(new shared.AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
  return resp.setSuccess(success);
};

const identifier = (stream: string): shared.StreamIdentifier => new shared.StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));

const answer = (correlation: shared.UUID | undefined, stream: string): streams.BatchAppendResp =>
  new streams.BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(identifier(stream));

const status = (code: number, message: string, details?: { serializeBinary(): Uint8Array }, typeName?: string): rpcStatus.Status => {
  const s = new rpcStatus.Status().setCode(code).setMessage(message);
  if (details && typeName) {
    const any = new Any();
    any.pack(details.serializeBinary(), typeName);
    s.setDetails(any);
  }
  return s;
};
