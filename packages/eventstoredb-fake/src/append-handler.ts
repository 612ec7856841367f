import type { ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { expectedAsNumber, expectedFromOptions } from './expected-state';
import { fromProposed, sizeOf } from './proposed-event';
import { shared, streams } from './proto';
import { badRequest, maximumAppendSizeExceeded, missingMetadata, streamDeleted } from './rpc-errors';
import type { ExpectedState, ProposedEvent, StreamLog } from './stream-log';

/**
 * `Streams.Append`: a client stream of one options message, then one message per event. A conflict is
 * an answer (`wrong_expected_version`), not an error; a deleted stream is an error.
 */
export const handleAppend =
  (log: StreamLog, maxAppendSize: number) =>
  (call: ServerReadableStream<streams.AppendReq, streams.AppendResp>, callback: sendUnaryData<streams.AppendResp>): void => {
    let stream: string | undefined;
    let expected: ExpectedState = { kind: 'any' };
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Parameters<typeof callback>[0]) => {
      if (failed) return;
      failed = true;
      callback(error);
    };
    call.on('data', (req: streams.AppendReq) => {
      if (failed) return;
      if (req.hasOptions()) {
        const o = req.getOptions()!;
        stream = Buffer.from(o.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString('utf8');
        expected = expectedFromOptions(o);
        return;
      }
      const event = fromProposed(req.getProposedMessage()!);
      if (!event) return fail(missingMetadata());
      size += sizeOf(event);
      if (size > maxAppendSize) return fail(maximumAppendSizeExceeded(maxAppendSize));
      events.push(event);
    });
    call.on('error', () => undefined); // a client that cancels has no one to answer
    call.on('end', () => {
      if (failed) return;
      if (stream === undefined) return fail(badRequest('the first Append message must carry the options'));
      const outcome = log.write(stream, expected, events);
      if (outcome.result === 'stream-deleted') return fail(streamDeleted(stream));
      const resp = new streams.AppendResp();
      if (outcome.result === 'wrong-expected-version') {
        const w = new streams.AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision < 0n) w.setCurrentNoStream(new shared.Empty());
        else w.setCurrentRevision(outcome.currentRevision.toString());
        if (expected.kind === 'any') w.setExpectedAny(new shared.Empty());
        else if (expected.kind === 'stream-exists') w.setExpectedStreamExists(new shared.Empty());
        else if (expected.kind === 'no-stream') w.setExpectedNoStream(new shared.Empty());
        else w.setExpectedRevision(expectedAsNumber(expected).toString());
        return callback(null, resp.setWrongExpectedVersion(w));
      }
      const success = new streams.AppendResp.Success();
      if (outcome.lastRevision < 0n) success.setNoStream(new shared.Empty());
      else success.setCurrentRevision(outcome.lastRevision.toString());
      const position = outcome.position.toString();
      success.setPosition(new streams.AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
      callback(null, resp.setSuccess(success));
    });
  };
